import { render } from 'preact';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { LiveStream, eventsStream } from '@mirror/ui/core/live';
import { Api, ApiError } from './core/api';
import { I18n, languageOf, type Language } from './core/i18n';
import { SessionContext, type Session } from './core/session';
import { forgetToken, keepToken, takeJoinCode, takeToken } from './core/token';
import { ConnectScreen, type Joined } from './screens/connect/connect-screen';
import type { Household, StreamMessage } from './core/types';
import { AppShell } from './shell/app-shell';
import './styles/app.css';

/**
 * Entry point of /app. Takes the token from the fragment once (core/token.ts), or shows the connect
 * screen (a join code, from `#join=…` or typed, exchanged for this phone's token), loads the household,
 * picks the language (the person's last choice on this phone, else the household's), opens the
 * live stream, then renders the shell. Nothing else is global.
 */
const LANGUAGE_KEY = 'miroir.app.language';

function storedLanguage(): Language | null {
  const value = window.localStorage.getItem(LANGUAGE_KEY);
  return value === 'en' || value === 'fr' ? value : null;
}

type BootState = { kind: 'loading' } | { kind: 'noToken' } | { kind: 'signedOut' } | { kind: 'erased' } | { kind: 'unreachable' } | { kind: 'ready'; household: Household };

function Splash({ i18n, messageKey, action }: { i18n: I18n; messageKey: string; action?: { label: string; run(): void } }) {
  return (
    <main class="splash">
      <h1>Miroir</h1>
      <p role={messageKey === 'app.boot.loading' ? 'status' : 'alert'}>{i18n.t(messageKey)}</p>
      {action ? (
        <button type="button" class="button" onClick={action.run}>
          {action.label}
        </button>
      ) : null}
    </main>
  );
}

function Root({ initialToken, joinCode }: { initialToken: string | null; joinCode: string | null }) {
  const [api, setApi] = useState<Api | null>(() => (initialToken ? new Api(initialToken) : null));
  const [state, setState] = useState<BootState>(initialToken ? { kind: 'loading' } : { kind: 'noToken' });
  const [language, setLanguageState] = useState<Language>(() => storedLanguage() ?? languageOf(navigator.language));
  const listeners = useRef(new Set<(message: StreamMessage) => void>());

  const loadHousehold = useCallback(async () => {
    if (!api) return;
    try {
      const household = await api.get<Household>('/api/v1/household');
      if (!storedLanguage()) setLanguageState(languageOf(household.locale));
      setState({ kind: 'ready', household });
    } catch (err) {
      setState(err instanceof ApiError && (err.status === 401 || err.status === 403) ? { kind: 'signedOut' } : { kind: 'unreachable' });
    }
  }, [api]);

  // A token revoked from another phone (or the household erased): the next call says so, and
  // this phone shows the signed-out page instead of screens that can no longer load.
  useEffect(() => api?.onSignedOut(() => setState({ kind: 'signedOut' })), [api]);

  const joined = useCallback((result: Joined) => {
    keepToken(window.localStorage, result.token);
    setState({ kind: 'loading' });
    setApi(new Api(result.token));
  }, []);
  const connectAgain = useCallback(() => {
    forgetToken(window.localStorage);
    setApi(null);
    setState({ kind: 'noToken' });
  }, []);

  useEffect(() => {
    void loadHousehold();
  }, [loadHousehold]);

  // One live stream for the whole app; screens subscribe through the session.
  useEffect(() => {
    if (!api || state.kind !== 'ready') return undefined;
    const live = new LiveStream(eventsStream(api), {
      message: (message) => {
        if (message.type === 'household.updated') void loadHousehold();
        for (const listener of listeners.current) listener(message);
      },
      state: () => undefined,
    });
    live.start();
    return () => live.stop();
  }, [api, state.kind, loadHousehold]);

  const household = state.kind === 'ready' ? state.household : null;
  const i18n = useMemo(() => new I18n(language, household?.locale), [language, household?.locale]);
  // Before the browser paints the new words, so a screen reader never reads them in the old language.
  useLayoutEffect(() => {
    document.documentElement.lang = i18n.language;
  }, [i18n]);

  const session = useMemo<Session | null>(() => {
    if (!api || !household) return null;
    return {
      api,
      i18n,
      household,
      setLanguage: (next) => {
        window.localStorage.setItem(LANGUAGE_KEY, next);
        setLanguageState(next);
      },
      reloadHousehold: loadHousehold,
      householdErased: () => {
        forgetToken(window.localStorage);
        setState({ kind: 'erased' });
      },
      onLive: (listener) => {
        listeners.current.add(listener);
        return () => listeners.current.delete(listener);
      },
    };
  }, [api, i18n, household, loadHousehold]);

  useEffect(() => {
    if (state.kind === 'unreachable') {
      const timer = setTimeout(() => void loadHousehold(), 3000);
      return () => clearTimeout(timer);
    }
    return undefined;
  }, [state, loadHousehold]);

  if (state.kind === 'noToken') return <ConnectScreen i18n={i18n} initialCode={joinCode} onJoined={joined} />;
  // The household is gone: no navigation to screens of it, only the way to connect again.
  if (state.kind === 'erased') return <Splash i18n={i18n} messageKey="app.privacy.erasedDone" action={{ label: i18n.t('app.boot.connectAgain'), run: connectAgain }} />;
  if (state.kind === 'signedOut') return <Splash i18n={i18n} messageKey="app.boot.signedOut" action={{ label: i18n.t('app.boot.connectAgain'), run: connectAgain }} />;
  if (!session || state.kind !== 'ready') return <Splash i18n={i18n} messageKey={state.kind === 'unreachable' ? 'app.boot.unreachable' : 'app.boot.loading'} />;
  return (
    <SessionContext.Provider value={session}>
      <AppShell />
    </SessionContext.Provider>
  );
}

const root = document.getElementById('app');
// A sign-in link opened in a tab already showing the app: start again with the new token.
window.addEventListener('hashchange', () => {
  if (/(^#|&)(token|join)=/.test(window.location.hash)) window.location.reload();
});
if (root) {
  // The join code first: a QR link opened on a phone already connected still leaves no code behind.
  const joinCode = takeJoinCode(window.location, window.history);
  const token = takeToken(window.location, window.history, window.localStorage);
  render(<Root initialToken={token} joinCode={joinCode} />, root);
}
