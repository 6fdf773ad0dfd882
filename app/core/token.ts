import { takeToken as takeFromFragment } from '@mirror/ui/core/token';

/**
 * The one place the app's credential lives. It arrives once in the URL fragment (`/app#token=…`:
 * a fragment is never sent to the server nor logged by a proxy), is kept in localStorage, and the
 * fragment is removed, exactly as the mirror does (one implementation), but under its own key: the
 * mirror on the same origin runs on a display token and must never pick up the app's.
 */
const KEY = 'miroir.app.token';

export function takeToken(location: Location, history: History, storage: Storage): string | null {
  return takeFromFragment(location, history, storage, KEY);
}

export function forgetToken(storage: Storage): void {
  storage.removeItem(KEY);
}
