const KEY = 'miroir.token';

/**
 * The household token arrives once in the URL fragment (`#token=…`, never sent to the server or
 * logged by a proxy), is kept in localStorage, and the fragment is removed so it does not linger
 * in the address bar or in a screenshot.
 */
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
