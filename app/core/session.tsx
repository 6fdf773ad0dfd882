import { createContext } from 'preact';
import { useCallback, useContext, useEffect, useRef, useState } from 'preact/hooks';
import type { Api } from './api';
import { NetworkError } from './api';
import { showError, type ShownError } from './errors';
import type { I18n, Language } from './i18n';
import type { Household, StreamMessage } from './types';

/** Everything a screen needs from the shell: the API, the person's language, the household, the live stream. */
export interface Session {
  api: Api;
  i18n: I18n;
  household: Household;
  setLanguage(language: Language): void;
  reloadHousehold(): Promise<void>;
  /** The household was erased from this phone: its token is forgotten and the shell gives way to the way back in. */
  householdErased(): void;
  /** Stream messages of the household (the mirror's SSE), to refetch what changed. */
  onLive(listener: (message: StreamMessage) => void): () => void;
}

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside the app shell');
  return session;
}

export interface Resource<T> {
  data: T | null;
  error: ShownError | null;
  loading: boolean;
  reload(): Promise<void>;
}

/**
 * Data a screen shows, loaded once and again whenever a live message of one of `liveTypes`
 * arrives (or `reload()` is called). A network failure keeps what is on screen.
 */
export function useResource<T>(load: (api: Api) => Promise<T>, deps: unknown[], liveTypes: readonly string[] = []): Resource<T> {
  const { api, i18n, onLive } = useSession();
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<ShownError | null>(null);
  const [loading, setLoading] = useState(true);
  const generation = useRef(0);
  const reload = useCallback(async () => {
    const mine = ++generation.current;
    setLoading(true);
    try {
      const value = await load(api);
      if (mine !== generation.current) return;
      setData(value);
      setError(null);
    } catch (err) {
      if (mine !== generation.current) return;
      setError(showError(err, i18n));
      if (!(err instanceof NetworkError)) setData(null);
    } finally {
      if (mine === generation.current) setLoading(false);
    }
  }, [api, i18n, ...deps]);
  useEffect(() => {
    void reload();
  }, [reload]);
  useEffect(() => {
    if (!liveTypes.length) return undefined;
    return onLive((message) => {
      if (liveTypes.includes(message.type) || message.type === 'stream.resync') void reload();
    });
  }, [onLive, reload, liveTypes.join(',')]);
  return { data, error, loading, reload };
}
