import type { StreamMessage } from '@server/mirror/messages';
import { h } from '../../core/dom';
import { Region, type RegionContext } from '../region';

/** The time and the date, in the household's zone and locale; repaints only when the minute turns. */
export class ClockRegion extends Region {
  readonly refreshOn: readonly StreamMessage['type'][] = [];
  private readonly time = h('div', { class: 'clock-time' });
  private readonly date = h('div', { class: 'clock-date' });
  private shown = '';

  constructor(ctx: RegionContext) {
    super('clock', null, ctx);
    this.body.replaceChildren(this.time, this.date);
  }

  protected async load(): Promise<void> {
    // The clock reads nothing: it draws one microtask later, after the other regions' reads asked
    // in the same task have gone out (Api sends them in a microtask queued by the first), so its
    // formatters (the first costs the browser tens of milliseconds, see Formats) are made while
    // those reads are out rather than before they are sent.
    await Promise.resolve();
    this.shown = '';
    this.tick(this.ctx.now());
  }

  override tick(now: Date): void {
    const time = this.ctx.fmt.time(now);
    if (time === this.shown) return;
    this.shown = time;
    this.time.textContent = time;
    const date = this.ctx.fmt.longDate(now);
    this.date.textContent = date.charAt(0).toLocaleUpperCase(this.ctx.fmt.locale) + date.slice(1);
  }
}
