import type { StreamMessage } from '@server/mirror/messages';
import { ApiError, NetworkError, type Api } from '../core/api';
import { h } from '../core/dom';
import type { Formats } from '../core/format';
import type { I18n } from '../core/i18n';
import type { Household } from '../core/types';

/** What every region is given: no globals, everything it uses comes through here. */
export interface RegionContext {
  api: Api;
  i18n: I18n;
  fmt: Formats;
  household: Household;
  now(): Date;
}

export type RegionState = 'loading' | 'ready' | 'unavailable';

/**
 * One rectangle of the mirror. `load()` fetches and renders; `refresh()` wraps it so a missing or
 * failing endpoint shows the region's own localized "unavailable" state while the rest of the page
 * carries on, and a network failure keeps the last data on screen (the page shows "offline").
 */
export abstract class Region {
  readonly element: HTMLElement;
  protected readonly body: HTMLElement;
  private hasData = false;
  private inFlight: Promise<void> | null = null;
  private again = false;

  /** The stream messages after which this region refetches. */
  abstract readonly refreshOn: readonly StreamMessage['type'][];

  protected constructor(readonly name: string, titleKey: string | null, protected readonly ctx: RegionContext) {
    this.body = h('div', { class: 'region-body' });
    this.element = h(
      'section',
      { class: `region region-${name}`, data: { region: name, state: 'loading' } },
      titleKey ? h('h2', { class: 'region-title', text: ctx.i18n.t(titleKey) }) : null,
      this.body,
    );
    this.body.append(h('p', { class: 'muted', text: ctx.i18n.t('mirror.ui.loading') }));
  }

  protected abstract load(): Promise<void>;

  /** Called with every stream message; most regions only refetch (see `refreshOn`). */
  onMessage(_message: StreamMessage): void {}

  /** Coalesces overlapping calls: a burst of events costs at most one fetch in flight and one queued. */
  refresh(): Promise<void> {
    if (this.inFlight) {
      this.again = true;
      return this.inFlight;
    }
    this.inFlight = this.run().finally(() => {
      this.inFlight = null;
      if (this.again) {
        this.again = false;
        void this.refresh();
      }
    });
    return this.inFlight;
  }

  private async run(): Promise<void> {
    try {
      await this.load();
      this.hasData = true;
      this.setState('ready');
    } catch (err) {
      if (err instanceof NetworkError && this.hasData) return;
      this.hasData = false;
      this.showUnavailable(err);
    }
  }

  protected setState(state: RegionState): void {
    this.element.dataset.state = state;
  }

  protected showUnavailable(err: unknown): void {
    const detail = err instanceof ApiError ? err.message : null;
    const key = err instanceof NetworkError ? 'mirror.ui.offlineNoData' : `mirror.ui.unavailable.${this.name}`;
    this.body.replaceChildren(
      h('div', { class: 'unavailable' }, h('p', { text: this.ctx.i18n.t(key) }), detail ? h('p', { class: 'muted small', text: detail }) : null),
    );
    this.setState('unavailable');
  }

  /** Called every second by the page; regions that show time-dependent things override it. */
  tick(_now: Date): void {}

  destroy(): void {}
}
