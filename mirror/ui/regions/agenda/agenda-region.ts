import type { StreamMessage } from '@server/mirror/messages';
import { h } from '../../core/dom';
import { zonedDayKey, zonedDayRange } from '../../core/time';
import type { AgendaEvent } from '../../core/types';
import { Region, type RegionContext } from '../region';

/** Today's events in the household's day (not the browser's), all-day ones first. */
export class AgendaRegion extends Region {
  readonly refreshOn: readonly StreamMessage['type'][] = ['agenda.updated'];
  private day = '';

  constructor(ctx: RegionContext) {
    super('agenda', 'mirror.ui.agenda.title', ctx);
  }

  protected async load(): Promise<void> {
    const now = this.ctx.now();
    const { start, end } = zonedDayRange(now, this.ctx.household.timezone);
    const query = new URLSearchParams({ from: start.toISOString(), to: end.toISOString() });
    const { events } = await this.ctx.api.get<{ events: AgendaEvent[] }>(`/api/v1/agenda?${query.toString()}`);
    this.day = zonedDayKey(now, this.ctx.household.timezone);
    this.render(events, now);
  }

  /** A new day: fetch the new day's events. */
  override tick(now: Date): void {
    if (this.day && zonedDayKey(now, this.ctx.household.timezone) !== this.day) {
      this.day = '';
      void this.refresh();
    }
  }

  private render(events: AgendaEvent[], now: Date): void {
    const { i18n, fmt } = this.ctx;
    if (!events.length) {
      this.body.replaceChildren(h('p', { class: 'empty', text: i18n.t('mirror.ui.agenda.empty') }));
      return;
    }
    const sorted = [...events].sort((a, b) => Number(b.allDay) - Number(a.allDay) || a.start.localeCompare(b.start));
    const list = h('ul', { class: 'agenda-list' });
    for (const event of sorted) {
      const past = !event.allDay && new Date(event.end).getTime() <= now.getTime();
      const when = event.allDay
        ? h('div', { class: 'agenda-when', text: i18n.t('mirror.ui.agenda.allDay') })
        : h('div', { class: 'agenda-when' }, fmt.time(event.start), h('span', { class: 'agenda-end', text: i18n.t('mirror.ui.agenda.until', { end: fmt.time(event.end) }) }));
      list.append(
        h(
          'li',
          { class: past ? 'agenda-item past' : 'agenda-item' },
          when,
          h('div', { class: 'agenda-what' }, h('div', { class: 'agenda-title', text: event.title }), event.location ? h('div', { class: 'agenda-where muted', text: event.location }) : null),
        ),
      );
    }
    this.body.replaceChildren(list);
  }
}
