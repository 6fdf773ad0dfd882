import { ApiError } from '../../core/api';
import { append, h, svgFrom } from '../../core/dom';
import type { PairingCode } from '../../core/types';
import type { RegionContext } from '../region';
import { JoinPhone } from './join-phone';

const AUTO_CLOSE_MS = 3 * 60_000;
const GEAR =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" aria-hidden="true"><path fill="currentColor" d="M19.4 13a7.6 7.6 0 0 0 0-2l2-1.6-2-3.4-2.4 1a7.5 7.5 0 0 0-1.7-1L15 3.5h-4l-.4 2.5a7.5 7.5 0 0 0-1.7 1l-2.4-1-2 3.4 2 1.6a7.6 7.6 0 0 0 0 2l-2 1.6 2 3.4 2.4-1c.5.4 1.1.8 1.7 1l.4 2.5h4l.4-2.5c.6-.2 1.2-.6 1.7-1l2.4 1 2-3.4zM13 15.5a3.5 3.5 0 1 1 0-7 3.5 3.5 0 0 1 0 7z" transform="translate(-1 0)"/></svg>';

/**
 * The settings view, opened by touch: the household's facts, the pairing screen with the code
 * to say to Alexa or Google, and "Connect a phone" (join-phone.ts). Consents, tokens and devices are changed in the app, not here.
 */
export class SettingsView {
  readonly button: HTMLButtonElement;
  readonly element: HTMLElement;
  private readonly content = h('div', { class: 'settings-content' });
  private readonly pairing = h('div', { class: 'pairing' });
  private closeTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly joinPhone: JoinPhone;

  constructor(private readonly ctx: RegionContext) {
    const { i18n } = ctx;
    this.button = h('button', { class: 'settings-button', attrs: { type: 'button', 'aria-label': i18n.t('mirror.ui.settings.open') } }, svgFrom(GEAR));
    this.joinPhone = new JoinPhone(ctx, () => this.restartAutoClose());
    const close = h('button', { class: 'btn btn-close', text: i18n.t('mirror.ui.settings.close'), attrs: { type: 'button' } });
    this.element = h(
      'div',
      // Named by its heading: a screen reader announces which dialog opened (axe: aria-dialog-name).
      { class: 'overlay', attrs: { role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': 'settings-title', hidden: '' } },
      h('div', { class: 'overlay-panel' }, h('div', { class: 'overlay-head' }, h('h2', { text: i18n.t('mirror.ui.settings.title'), attrs: { id: 'settings-title' } }), close), this.content, this.pairing, this.joinPhone.element),
    );
    this.button.addEventListener('click', () => this.open());
    close.addEventListener('click', () => this.close());
    this.pairing.addEventListener('click', (event) => {
      if ((event.target as Element | null)?.closest('button[data-action="pair"]')) void this.requestCode();
    });
  }

  open(): void {
    this.element.hidden = false;
    this.restartAutoClose();
    this.renderPairing(null);
    this.joinPhone.render(null);
    const { i18n, household } = this.ctx;
    const facts = h(
      'dl',
      { class: 'facts' },
      h('dt', { text: i18n.t('mirror.ui.settings.household') }),
      h('dd', { text: household.name }),
      h('dt', { text: i18n.t('mirror.ui.settings.language') }),
      h('dd', { text: this.ctx.fmt.languageName(household.locale) }),
      h('dt', { text: i18n.t('mirror.ui.settings.timezone') }),
      h('dd', { text: household.timezone }),
      h('dt', { text: i18n.t('mirror.ui.settings.nightMode') }),
      h('dd', {
        text: household.settings.nightMode.enabled
          ? i18n.t('mirror.ui.settings.nightFromTo', { start: this.ctx.fmt.wallTime(household.settings.nightMode.start), end: this.ctx.fmt.wallTime(household.settings.nightMode.end) })
          : i18n.t('mirror.ui.settings.off'),
      }),
    );
    // The mirror's display token may not read or change consents: they are the app's (or a voice's) to change.
    this.content.replaceChildren(facts, h('p', { class: 'muted settings-elsewhere', text: i18n.t('mirror.ui.settings.elsewhere') }));
  }

  close(): void {
    this.element.hidden = true;
    if (this.closeTimer) clearTimeout(this.closeTimer);
    this.closeTimer = null;
  }

  private restartAutoClose(): void {
    if (this.closeTimer) clearTimeout(this.closeTimer);
    // A kiosk nobody closes must not stay on the settings screen all day.
    this.closeTimer = setTimeout(() => this.close(), AUTO_CLOSE_MS);
  }

  private renderPairing(code: PairingCode | null, error?: string): void {
    const { i18n, fmt } = this.ctx;
    this.pairing.replaceChildren();
    append(this.pairing, [
      h('h3', { text: i18n.t('mirror.ui.pairing.title') }),
      h('p', { class: 'muted', text: i18n.t('mirror.ui.pairing.explain') }),
      code
        ? h(
            'div',
            { class: 'pairing-code-box' },
            h('div', { class: 'pairing-code', text: code.code }),
            h('p', { class: 'muted', text: i18n.t('mirror.ui.pairing.say', { code: code.code }) }),
            h('p', { class: 'muted small', text: i18n.t('mirror.ui.pairing.expires', { time: fmt.time(code.expiresAt) }) }),
          )
        : null,
      error ? h('p', { class: 'error', text: error }) : null,
      h('button', { class: 'btn btn-approve', text: i18n.t(code ? 'mirror.ui.pairing.newCode' : 'mirror.ui.pairing.getCode'), data: { action: 'pair' }, attrs: { type: 'button' } }),
    ]);
  }

  private async requestCode(): Promise<void> {
    this.restartAutoClose();
    try {
      this.renderPairing(await this.ctx.api.post<PairingCode>('/api/v1/pairing/code'));
      this.pairing.scrollIntoView({ block: 'nearest' });
    } catch (err) {
      this.renderPairing(null, err instanceof ApiError ? `${this.ctx.i18n.t('mirror.ui.unavailable.pairing')} (${err.message})` : this.ctx.i18n.t('mirror.ui.unavailable.pairing'));
    }
  }

  paired(platform: 'alexa' | 'google'): void {
    if (this.element.hidden) return;
    this.pairing.replaceChildren(h('h3', { text: this.ctx.i18n.t('mirror.ui.pairing.title') }), h('p', { class: 'pairing-done', text: this.ctx.i18n.t(`mirror.ui.pairing.done.${platform}`) }));
  }

  destroy(): void {
    this.close();
  }
}
