import { app, BrowserWindow, ipcMain, net, powerSaveBlocker, session } from 'electron';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { kioskNice, yieldCpuToServer } from './cpu-share';
import { NIGHT_SCHEDULE_CHANNEL } from './ipc';
import { nightScheduleFromEnv, parseNightSchedule, retryDelay, shouldKeepAwake, type NightSchedule } from './schedule';
import {
  decideWindowOpen,
  isAllowedNavigation,
  kioskUrl,
  kioskWindowOptions,
  originOf,
  permissionCheckHandler,
  permissionRequestHandler,
} from './security';

/**
 * The kiosk's main process: one fullscreen window on MIROIR_URL, wired to the decisions in
 * security.ts. While the server is unreachable it shows the bundled retry page and probes the server
 * with backoff; it reloads a crashed or hung page; it keeps the display awake while the mirror is awake only (night hours and override, schedule.ts).
 * `certificate-error` is deliberately not handled: Electron's default refuses a bad certificate.
 */
const HANG_GRACE_MS = 15_000;
const SCHEDULE_CHECK_MS = 60_000;

const target = kioskUrl(process.env);
const serverOrigin = originOf(target) as string;

/** The retry page beside the bundle (packaged) or in the sources (dist/electron → mirror/electron). */
function retryPagePath(): string {
  const candidates = [path.join(__dirname, 'retry.html'), path.resolve(__dirname, '../../mirror/electron/retry.html')];
  return candidates.find((p) => fs.existsSync(p)) ?? candidates[1];
}
const retryPage = retryPagePath();
const retryPageUrl = pathToFileURL(retryPage).toString();

let win: BrowserWindow | null = null;
let probeTimer: NodeJS.Timeout | null = null;
let hangTimer: NodeJS.Timeout | null = null;
let blockerId: number | null = null;
let schedule: NightSchedule | null = nightScheduleFromEnv(process.env);

async function serverUp(): Promise<boolean> {
  try {
    const res = await net.fetch(`${serverOrigin}/health`, { cache: 'no-store' });
    return res.ok;
  } catch {
    return false;
  }
}

/** Loads the mirror once the server answers; until then the retry page, probing with backoff. */
function loadMirror(attempt = 0): void {
  if (probeTimer) clearTimeout(probeTimer);
  probeTimer = null;
  void serverUp().then((up) => {
    const w = win;
    if (!w || w.isDestroyed()) return;
    if (up) {
      void w.loadURL(target);
      return;
    }
    if (w.webContents.getURL() !== retryPageUrl) void w.loadFile(retryPage);
    probeTimer = setTimeout(() => loadMirror(attempt + 1), retryDelay(attempt));
  });
}

function applyPowerSchedule(): void {
  const awake = shouldKeepAwake(new Date(), schedule);
  if (awake && blockerId === null) blockerId = powerSaveBlocker.start('prevent-display-sleep');
  if (!awake && blockerId !== null) {
    powerSaveBlocker.stop(blockerId);
    blockerId = null;
  }
}

function lockDownSession(): void {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler(permissionRequestHandler);
  ses.setPermissionCheckHandler(permissionCheckHandler);
  ses.setDevicePermissionHandler(() => false);
}

function createWindow(): void {
  const w = new BrowserWindow(kioskWindowOptions(path.join(__dirname, 'preload.js')));
  win = w;
  const contents = w.webContents;
  const guard = (event: { preventDefault(): void }, url: string) => {
    if (!isAllowedNavigation(url, serverOrigin, retryPageUrl)) event.preventDefault();
  };
  contents.on('will-navigate', guard);
  contents.on('will-redirect', guard);
  contents.on('will-frame-navigate', (event) => {
    if (!isAllowedNavigation(event.url, serverOrigin, retryPageUrl)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler((details) => {
    const decision = decideWindowOpen(details, serverOrigin);
    if (decision.navigateMainTo) void w.loadURL(decision.navigateMainTo);
    return { action: decision.action };
  });
  contents.on('did-fail-load', (_event, errorCode, _description, url, isMainFrame) => {
    // -3 is ERR_ABORTED (a navigation replaced by another), not a server problem.
    if (isMainFrame && errorCode !== -3 && url !== retryPageUrl) loadMirror();
  });
  contents.on('render-process-gone', () => loadMirror());
  w.on('unresponsive', () => {
    if (hangTimer) return;
    hangTimer = setTimeout(() => {
      hangTimer = null;
      if (!w.isDestroyed()) {
        contents.forcefullyCrashRenderer();
        loadMirror();
      }
    }, HANG_GRACE_MS);
  });
  w.on('responsive', () => {
    if (hangTimer) clearTimeout(hangTimer);
    hangTimer = null;
  });
  w.once('ready-to-show', () => w.show());
  w.on('closed', () => {
    win = null;
  });
  loadMirror();
}

ipcMain.on(NIGHT_SCHEDULE_CHANNEL, (event, value: unknown) => {
  // Only the mirror page itself may set the schedule.
  const from = event.senderFrame?.url ?? '';
  if (originOf(from) !== serverOrigin) return;
  const parsed = parseNightSchedule(value);
  if (!parsed) return;
  schedule = parsed;
  applyPowerSchedule();
});

app.on('web-contents-created', (_event, contents) => {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
});

// Before the first window: the renderer and GPU processes start in this session, with this nice.
yieldCpuToServer(process.pid, kioskNice(process.env));

app.whenReady().then(() => {
  lockDownSession();
  createWindow();
  applyPowerSchedule();
  setInterval(applyPowerSchedule, SCHEDULE_CHECK_MS);
});

app.on('window-all-closed', () => app.quit());
