import type { StreamMessage } from '@server/mirror/messages';
import { h } from '../../core/dom';
import { zonedDayKey } from '../../core/time';
import type { AgendaEvent } from '../../core/types';
import { Region, type RegionContext } from '../region';

/** Today's events in the household's day (not the browser's), all-day ones first. */
export class AgendaRegion extends Region {
  readonly refreshOn: readonly StreamMessage['type'][] = ['agenda.updated'];
  private day = '';
  private events: AgendaEvent[] = [];
  private shownMinute = -1;

  constructor(ctx: RegionContext) {
    super('agenda', 'mirror.ui.agenda.title', ctx);
  }

  protected async load(): Promise<void> {
    // Without a window the server answers today in the household's zone, by its clock, which is
    // the page's (serverClockOffset): the page works out no day bounds before its first read.
    const { events } = await this.ctx.api.get<{ events: AgendaEvent[] }>('/api/v1/agenda');
    const now = this.ctx.now();
    this.day = zonedDayKey(now, this.ctx.household.timezone);
    this.events = events;
    this.render(events, now);
  }

  /** A new day fetches the new day's events; each minute, finished events drop off. */
  override tick(now: Date): void {
    if (this.day && zonedDayKey(now, this.ctx.household.timezone) !== this.day) {
      this.day = '';
      void this.refresh();
      return;
    }
    const minute = Math.floor(now.getTime() / 60_000);
    if (this.day && minute !== this.shownMinute) {
      this.shownMinute = minute;
      this.render(this.events, now);
    }
  }

  /** What is still ahead today (ongoing included): the morning's meeting is no use at 18:00. */
  private render(events: AgendaEvent[], now: Date): void {
    const { i18n, fmt } = this.ctx;
    const ahead = events.filter((e) => e.allDay || new Date(e.end).getTime() > now.getTime());
    const done = events.length - ahead.length;
    if (!ahead.length) {
      this.body.replaceChildren(h('p', { class: 'empty', text: i18n.t(events.length ? 'mirror.ui.agenda.nothingLeft' : 'mirror.ui.agenda.empty') }));
      return;
    }
    const sorted = [...ahead].sort((a, b) => Number(b.allDay) - Number(a.allDay) || a.start.localeCompare(b.start));
    const list = h('ul', { class: 'agenda-list' });
    for (const event of sorted) {
      const ongoing = !event.allDay && new Date(event.start).getTime() <= now.getTime();
      const when = event.allDay
        ? h('div', { class: 'agenda-when', text: i18n.t('mirror.ui.agenda.allDay') })
        : h('div', { class: 'agenda-when' }, fmt.time(event.start), h('span', { class: 'agenda-end', text: i18n.t('mirror.ui.agenda.until', { end: fmt.time(event.end) }) }));
      list.append(
        h(
          'li',
          { class: ongoing ? 'agenda-item ongoing' : 'agenda-item' },
          when,
          h('div', { class: 'agenda-what' }, h('div', { class: 'agenda-title', text: event.title }), event.location ? h('div', { class: 'agenda-where muted', text: event.location }) : null),
        ),
      );
    }
    this.body.replaceChildren(list);
    if (done) this.body.append(h('p', { class: 'muted small', text: i18n.t('mirror.ui.agenda.done', { count: done }) }));
  }
}
