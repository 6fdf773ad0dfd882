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

/** Keeps the token a join code was exchanged for, where `takeToken` finds it on the next start. */
export function keepToken(storage: Storage, token: string): void {
  storage.setItem(KEY, token);
}

/**
 * The join code a QR code brought (`/app#join=K7QF-2M9D`), removed from the address at once so it
 * is not left in the history or a shared link; null without one.
 */
export function takeJoinCode(location: Location, history: History): string | null {
  const match = /(?:^#|&)join=([^&]*)/.exec(location.hash);
  if (!match) return null;
  history.replaceState(null, '', `${location.pathname}${location.search}`);
  const code = decodeURIComponent(match[1]).trim();
  return code.length > 0 && code.length <= 32 ? code : null;
}
