import type { BrowserWindowConstructorOptions, HandlerDetails, WebPreferences } from 'electron';

/**
 * Every security decision of the kiosk, as plain data and pure functions, so tests check them
 * without Electron and main.ts only wires them. The page is a web page from the house server and is
 * treated as untrusted content: no Node, an isolated preload, one origin, no permissions.
 */
export function webPreferences(preload: string): WebPreferences {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    spellcheck: false,
    devTools: false,
  };
}

export function kioskWindowOptions(preload: string): BrowserWindowConstructorOptions {
  return {
    kiosk: true,
    fullscreen: true,
    frame: false,
    autoHideMenuBar: true,
    backgroundColor: '#000000',
    show: false,
    webPreferences: webPreferences(preload),
  };
}

/** `http(s)://host:port` of a URL, or null for anything else (file:, data:, javascript:…). */
export function originOf(url: string): string | null {
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null;
    return parsed.origin;
  } catch {
    return null;
  }
}

/**
 * Where the kiosk window may go: the server's origin (same scheme, host and port; a look-alike
 * host or an http downgrade is refused), or the bundled retry page exactly.
 */
export function isAllowedNavigation(target: string, serverOrigin: string, retryPageUrl?: string): boolean {
  if (retryPageUrl && stripHash(target) === stripHash(retryPageUrl)) return true;
  const origin = originOf(target);
  return origin !== null && origin === serverOrigin;
}

function stripHash(url: string): string {
  const i = url.indexOf('#');
  return i < 0 ? url : url.slice(0, i);
}

export type WindowOpenDecision = { action: 'deny'; navigateMainTo: string | null };

/**
 * No second window, ever: a kiosk has no way to close one. A link to the server's own origin
 * opens in the kiosk window instead; anything else is dropped.
 */
export function decideWindowOpen(details: Pick<HandlerDetails, 'url'>, serverOrigin: string): WindowOpenDecision {
  return { action: 'deny', navigateMainTo: isAllowedNavigation(details.url, serverOrigin) ? details.url : null };
}

/** Camera, microphone, geolocation, notifications…: the mirror needs none. */
export function permissionRequestHandler(_webContents: unknown, _permission: string, callback: (granted: boolean) => void): void {
  callback(false);
}

export function permissionCheckHandler(): boolean {
  return false;
}

/** The kiosk URL from the environment: http(s) only, else the local server's mirror. */
export const DEFAULT_MIROIR_URL = 'http://127.0.0.1:3000/mirror';

export function kioskUrl(env: NodeJS.ProcessEnv): string {
  const raw = env.MIROIR_URL?.trim();
  if (!raw) return DEFAULT_MIROIR_URL;
  if (!originOf(raw)) throw new Error(`MIROIR_URL must be an http(s) URL (got "${raw}")`);
  return raw;
}
