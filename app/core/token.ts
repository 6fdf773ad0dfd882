/**
 * The one place the app's credential lives. It arrives once in the URL fragment (`/app#token=…`:
 * a fragment is never sent to the server nor logged by a proxy), is kept in localStorage, and the
 * fragment is removed so it does not linger in the address bar, the history or a screenshot.
 * Today it is the household token; a phone's own `app` token (from a pairing code) drops in here.
 */
const KEY = 'miroir.app.token';

export interface TokenStore {
  read(): string | null;
  forget(): void;
}

export function takeToken(location: Location, history: History, storage: Storage): string | null {
  const params = new URLSearchParams(location.hash.replace(/^#/, ''));
  const fromHash = params.get('token');
  if (fromHash) {
    storage.setItem(KEY, fromHash);
    history.replaceState(null, '', location.pathname + location.search);
    return fromHash;
  }
  return storage.getItem(KEY);
}

export function forgetToken(storage: Storage): void {
  storage.removeItem(KEY);
}
