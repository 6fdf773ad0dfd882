import { ApiError } from '../../core/api';
import { append, h } from '../../core/dom';
import { qrPath } from '../../core/qr';
import type { JoinCode } from '../../core/types';
import type { RegionContext } from '../region';

const SVG_NS = 'http://www.w3.org/2000/svg';

/**
 * The QR code as SVG built node by node from the shared path (`core/qr.ts`): nothing fetched, no
 * markup parsed, so the page's strict CSP holds.
 */
export function qrSvg(value: string, label: string): SVGSVGElement {
  const { span, d } = qrPath(value);
  const svg = document.createElementNS(SVG_NS, 'svg');
  svg.setAttribute('viewBox', `0 0 ${span} ${span}`);
  svg.setAttribute('class', 'join-qr');
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', label);
  svg.setAttribute('shape-rendering', 'crispEdges');
  const bg = document.createElementNS(SVG_NS, 'rect');
  bg.setAttribute('width', String(span));
  bg.setAttribute('height', String(span));
  bg.setAttribute('fill', '#ffffff');
  const path = document.createElementNS(SVG_NS, 'path');
  path.setAttribute('d', d);
  path.setAttribute('fill', '#000000');
  svg.append(bg, path);
  return svg;
}

/**
 * "Connect a phone" in the settings overlay: the mirror's display token asks for a join code
 * (standing in front of the mirror is the proof, as for the voice pairing code) and shows its QR
 * code, the code to type, until when, and what to do when phones cannot reach this server.
 */
export class JoinPhone {
  readonly element = h('div', { class: 'join-phone' });

  constructor(private readonly ctx: RegionContext, private readonly onActivity: () => void) {
    this.element.addEventListener('click', (event) => {
      if ((event.target as Element | null)?.closest('button[data-action="join"]')) void this.request();
    });
  }

  render(code: JoinCode | null, error?: string): void {
    const { i18n, fmt } = this.ctx;
    this.element.replaceChildren();
    append(this.element, [
      h('h3', { text: i18n.t('mirror.ui.joinPhone.title') }),
      code
        ? h(
            'div',
            { class: 'join-box' },
            qrSvg(code.joinUrl, i18n.t('mirror.ui.joinPhone.qr')),
            h(
              'div',
              { class: 'join-text' },
              h('p', { class: 'muted', text: i18n.t('mirror.ui.joinPhone.orType') }),
              h('div', { class: 'join-code', text: code.code }),
              h('p', { class: 'muted small', text: i18n.t('mirror.ui.joinPhone.expires', { time: fmt.time(code.expiresAt) }) }),
            ),
          )
        : h('p', { class: 'muted', text: i18n.t('mirror.ui.joinPhone.explain') }),
      code && !code.reachableFromPhones
        ? h(
            'div',
            { class: 'join-warning' },
            h('p', { text: i18n.t(code.addressReason === 'noNetwork' ? 'mirror.ui.joinPhone.noNetwork' : 'mirror.ui.joinPhone.loopback') }),
            h('p', { class: 'muted', text: i18n.t('mirror.ui.joinPhone.meaning') }),
          )
        : null,
      error ? h('p', { class: 'error', text: error }) : null,
      h('button', { class: 'btn btn-approve', text: i18n.t(code ? 'mirror.ui.joinPhone.newCode' : 'mirror.ui.joinPhone.button'), data: { action: 'join' }, attrs: { type: 'button' } }),
    ]);
  }

  private async request(): Promise<void> {
    this.onActivity();
    try {
      this.render(await this.ctx.api.post<JoinCode>('/api/v1/join-codes'));
      this.element.scrollIntoView({ block: 'nearest' });
    } catch (err) {
      const base = this.ctx.i18n.t('mirror.ui.joinPhone.unavailable');
      this.render(null, err instanceof ApiError ? `${base} (${err.message})` : base);
    }
  }
}
