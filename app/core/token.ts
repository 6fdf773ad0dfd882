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

/**
 * First run: this phone was signed in to the demo household and now has a token of the family's
 * own. The demo's token is kept aside for one purpose, erasing the demo, then forgotten.
 */
const DEMO_KEY = 'miroir.app.demoToken';
/** Set when first run ends on this phone: Today shows the remaining steps as a checklist until they are done. */
const CHECKLIST_KEY = 'miroir.app.setupChecklist';

export function switchToHousehold(storage: Storage, newToken: string): void {
  const demo = storage.getItem(KEY);
  if (demo) storage.setItem(DEMO_KEY, demo);
  storage.setItem(KEY, newToken);
  storage.setItem(CHECKLIST_KEY, '1');
}

export function demoToken(storage: Storage): string | null {
  return storage.getItem(DEMO_KEY);
}

export function forgetDemoToken(storage: Storage): void {
  storage.removeItem(DEMO_KEY);
}

export function checklistWanted(storage: Storage): boolean {
  return storage.getItem(CHECKLIST_KEY) === '1';
}

export function checklistDone(storage: Storage): void {
  storage.removeItem(CHECKLIST_KEY);
}
