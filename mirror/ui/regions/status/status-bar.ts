import { h } from '../../core/dom';
import type { Formats } from '../../core/format';
import type { I18n } from '../../core/i18n';

/**
 * The "offline" mark: shown while the server is unreachable, with the time of the last data, so a
 * person knows what they read may be old. Everything else on the page stays as it was.
 */
export class StatusBar {
  readonly element = h('div', { class: 'status', data: { online: 'true' } });
  private lastGood: Date | null = null;
  private online = true;

  constructor(private readonly i18n: I18n, private readonly fmt: Formats) {}

  set(online: boolean, now: Date): void {
    if (online) this.lastGood = now;
    if (online === this.online) return;
    this.online = online;
    this.element.dataset.online = String(online);
    document.body.classList.toggle('offline', !online);
    this.element.replaceChildren(
      ...(online
        ? []
        : [
            h('span', { class: 'status-dot' }),
            h('span', {
              text: this.lastGood ? this.i18n.t('mirror.ui.status.offlineSince', { time: this.fmt.time(this.lastGood) }) : this.i18n.t('mirror.ui.status.offline'),
            }),
          ]),
    );
  }
}
