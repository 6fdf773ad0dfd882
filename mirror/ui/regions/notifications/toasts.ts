import type { Notification } from '@server/core/events';
import { h } from '../../core/dom';
import type { I18n } from '../../core/i18n';

const VISIBLE = 3;
const LIFETIME_MS = 8_000;

/** Short-lived notices from `notification` events: at most three on screen, each with its own timer. */
export class Toasts {
  readonly element = h('div', { class: 'toasts', attrs: { 'aria-live': 'polite' } });
  private readonly timers = new Map<Element, ReturnType<typeof setTimeout>>();

  constructor(private readonly i18n: I18n) {}

  notify(event: Notification): void {
    const { key, params, level } = event.payload;
    const text = this.i18n.has(key) ? this.i18n.t(key, params) : this.i18n.t('mirror.ui.notifications.generic');
    this.show(text, level);
  }

  show(text: string, level: 'info' | 'warning' = 'info'): void {
    const toast = h('div', { class: `toast toast-${level}`, text });
    this.element.prepend(toast);
    this.timers.set(toast, setTimeout(() => this.remove(toast), LIFETIME_MS));
    while (this.element.children.length > VISIBLE) {
      const last = this.element.lastElementChild;
      if (last) this.remove(last);
    }
  }

  private remove(toast: Element): void {
    const timer = this.timers.get(toast);
    if (timer) clearTimeout(timer);
    this.timers.delete(toast);
    toast.remove();
  }

  destroy(): void {
    for (const toast of [...this.timers.keys()]) this.remove(toast);
  }
}
