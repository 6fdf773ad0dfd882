import { BATCH_READS_PATH } from '@server/mirror/messages';
import { MirrorPage, serverClockOffset } from './app';
import { Api, ApiError } from './core/api';
import { h } from './core/dom';
import { I18n } from './core/i18n';
import { LiveStream, backoffDelay, eventsStream } from './core/live';
import { takeToken } from './core/token';
import type { Household } from './core/types';

/**
 * Entry point of /mirror. Takes the token from the fragment, waits for the server (it may start
 * after the kiosk), then hands over to MirrorPage. A household whose locale or zone changes gets a
 * fresh page built for it; the old one is destroyed first, so nothing runs twice.
 */
function message(root: HTMLElement, i18n: I18n, key: string, detail?: string): void {
  root.replaceChildren(h('div', { class: 'splash' }, h('h1', { text: i18n.t('mirror.ui.brand') }), h('p', { text: i18n.t(key) }), detail ? h('p', { class: 'muted', text: detail }) : null));
}

async function boot(root: HTMLElement): Promise<void> {
  const fallback = new I18n(navigator.language || 'en');
  const token = takeToken(window.location, window.history, window.localStorage);
  if (!token) {
    message(root, fallback, 'mirror.ui.noToken');
    return;
  }
  const api = new Api(token, { batchPath: BATCH_READS_PATH });
  // The live stream opens while the household is fetched: it only needs the token, and the first
  // render then waits for neither one after the other.
  let early: LiveStream | null = new LiveStream(eventsStream(api));
  early.start();
  // The server's clock too: the regions' "today" needs it, and it needs no household either.
  let clock: Promise<number | null> | null = serverClockOffset(api);
  let page: MirrorPage | null = null;
  const open = (household: Household) => {
    page?.destroy();
    page = new MirrorPage(root, api, household, open, early ?? undefined, clock ?? undefined);
    early = null;
    clock = null;
    void page.start();
  };
  for (let attempt = 0; ; attempt++) {
    try {
      open(await api.get<Household>('/api/v1/household'));
      return;
    } catch (err) {
      if (err instanceof ApiError && (err.status === 401 || err.status === 403)) {
        early?.stop();
        message(root, fallback, 'mirror.ui.badToken');
        return;
      }
      message(root, fallback, err instanceof ApiError ? 'mirror.ui.serverError' : 'mirror.ui.waitingForServer', err instanceof ApiError ? err.message : undefined);
      await new Promise((resolve) => setTimeout(resolve, backoffDelay(attempt)));
    }
  }
}

const root = document.getElementById('mirror');
if (root) void boot(root);
