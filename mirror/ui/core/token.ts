/** The mirror's own key: the household app on the same origin keeps its (more powerful) token under another. */
export const MIRROR_TOKEN_KEY = 'miroir.token';

/**
 * The household token arrives once in the URL fragment (`#token=…`, never sent to the server or
 * logged by a proxy), is kept in localStorage, and the fragment is removed so it does not linger
 * in the address bar or in a screenshot.
 */
/**
 * First run moved this mirror to the family's household (`core/move.ts`): the display token its
 * claim answered replaces the demo's before the page reloads onto it.
 */
export function keepToken(storage: Storage, token: string, key: string = MIRROR_TOKEN_KEY): void {
  storage.setItem(key, token);
}

export function takeToken(location: Location, history: History, storage: Storage, key: string = MIRROR_TOKEN_KEY): string | null {
  const params = new URLSearchParams(location.hash.replace(/^#/, ''));
  const fromHash = params.get('token');
  if (fromHash) {
    storage.setItem(key, fromHash);
    history.replaceState(null, '', location.pathname + location.search);
    return fromHash;
  }
  return storage.getItem(key);
}
