import { createHash } from 'node:crypto';
import type { Clock } from '@server/core/clock';
import { AppError, notFound } from '@server/core/errors';
import type { EventBus } from '@server/core/event-bus';
import { newId } from '@server/core/ids';
import { copyPlain } from '@server/core/plain-copy';
import type { HouseholdService } from '@server/households/service';
import type { ConsentService } from '@server/privacy/consents';
import type { Store } from '@server/store/store';
import { compareEvents, type ExpandedEvent } from './expand';
import { expandParsed } from './expand-ics';
import { fetchFeed, normaliseFeedUrl, type FetchLimits } from './feed-fetch';
import type { FeedNetwork } from './feed-guard';
import { parseIcs, type ParsedFeed } from './ics-parse';
import * as repo from './repository';
import type { AgendaEvent, CalendarView } from './types';

export interface CalendarServiceOptions extends FetchLimits {
  /** How old a URL feed may get before `refreshDue` fetches it again. */
  refreshIntervalMs: number;
  /** The only way feeds are fetched: refuses this machine and the home network unless allowed. */
  network: FeedNetwork;
}

export const DEFAULT_CALENDAR_OPTIONS: Omit<CalendarServiceOptions, 'network'> = {
  maxBytes: 50 * 1024 * 1024,
  timeoutMs: 20_000,
  refreshIntervalMs: 30 * 60_000,
};

export type NewCalendar = ({ name: string; url: string } | { name: string; ics: string }) & { profileId?: string };

export interface RefreshSummary {
  checked: number;
  changed: number;
  unchanged: number;
  failed: number;
}

const hashOf = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/** Text that cannot be a calendar at all (an HTML error page, JSON…) is refused; an empty calendar is fine. */
function looksLikeIcs(text: string): boolean {
  return /BEGIN:(VCALENDAR|VEVENT)/i.test(text.slice(0, 64 * 1024)) || /BEGIN:VEVENT/i.test(text);
}

/**
 * Calendars of a household: pasted ICS text or URL feeds refreshed with conditional requests,
 * kept as text in the store and parsed once into memory per content version, so repeated agenda
 * calls only expand the requested window, and a window already expanded for that version (the
 * day's, asked by the mirror, the app and the outfit engine again and again) is not expanded again.
 */
export class CalendarService {
  private readonly parsed = new Map<string, { hash: string; feed: Promise<ParsedFeed> }>();
  /** Per parsed version (a new version is a new object, so nothing here outlives it): window → occurrences. */
  private readonly expanded = new WeakMap<ParsedFeed, Map<string, Promise<ExpandedEvent[]>>>();
  private refreshing: Promise<RefreshSummary> | null = null;
  private readonly stopping = new AbortController();

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly events: EventBus,
    private readonly consents: ConsentService,
    private readonly households: HouseholdService,
    readonly options: CalendarServiceOptions,
  ) {}

  async list(householdId: string): Promise<CalendarView[]> {
    return (await repo.listCalendars(this.store.db, householdId)).map(repo.toView);
  }

  async get(householdId: string, id: string): Promise<CalendarView> {
    const row = await repo.getCalendar(this.store.db, householdId, id);
    if (!row) throw notFound('calendar');
    return repo.toView(row);
  }

  /**
   * Adds a calendar (a URL feed is fetched at once) and records the consent to calendars it implies;
   * refused (403 CONSENT_REQUIRED, nothing fetched) when the household said no to calendars.
   */
  async add(householdId: string, input: NewCalendar): Promise<CalendarView> {
    const name = input.name.trim();
    if (!name) throw new AppError('calendar.nameRequired', 400);
    // Resolved before any transaction: a foreign or unknown person is a 404 and nothing is fetched.
    const profileId = input.profileId ? (await this.households.resolveProfile(householdId, input.profileId)).id : null;
    if (await this.consents.refused(householdId, 'calendars')) throw new AppError('privacy.consentRequired', 403, { source: 'calendars' });
    let url: string | null = null;
    let text: string;
    let etag: string | null = null;
    let lastModified: string | null = null;
    if ('url' in input) {
      url = normaliseFeedUrl(input.url);
      const fetched = await fetchFeed(url, { etag: null, lastModified: null }, this.options, this.options.network, this.stopping.signal);
      if (fetched.kind !== 'fetched') throw new AppError('calendar.feedHttpError', 422, { status: 304 });
      if (!looksLikeIcs(fetched.text)) throw new AppError('calendar.feedNotIcs', 422);
      ({ text, etag, lastModified } = fetched);
    } else {
      text = input.ics;
      if (!looksLikeIcs(text)) throw new AppError('calendar.invalidIcs', 400);
    }
    const hash = hashOf(text);
    const feed = await parseIcs(text);
    const now = this.clock.now().toISOString();
    const row: repo.CalendarRow = {
      id: newId(),
      household_id: householdId,
      profile_id: profileId,
      name,
      source: url ? 'url' : 'ics',
      url,
      etag,
      last_modified: lastModified,
      status: 'ok',
      last_error: null,
      refreshed_at: now,
      event_count: feed.eventCount,
      warning_count: feed.warnings.length,
      content_hash: hash,
      created_at: now,
      updated_at: now,
    };
    await this.store.transaction(async (tx) => {
      await this.households.get(householdId, tx);
      await repo.insertCalendar(tx, row, text);
      await this.consents.grantImplied(householdId, 'calendars', tx);
    });
    this.parsed.set(row.id, { hash, feed: Promise.resolve(feed) });
    this.events.publish('agenda.updated', householdId, { calendarId: row.id });
    return repo.toView(row);
  }

  async remove(householdId: string, id: string): Promise<void> {
    if (!(await repo.deleteCalendar(this.store.db, householdId, id))) throw notFound('calendar');
    this.parsed.delete(id);
    this.events.publish('agenda.updated', householdId, { calendarId: id });
  }

  /**
   * Every occurrence of the household's calendars overlapping [from, to), in the household's
   * timezone, sorted by start. With a `profileId`, one person's day: the household's shared
   * calendars and that person's own, not the others'. Without consent to calendars: nothing.
   */
  async agenda(householdId: string, from: Date, to: Date, options: { profileId?: string } = {}): Promise<AgendaEvent[]> {
    if (!(await this.consents.isGranted(householdId, 'calendars'))) return [];
    const household = await this.households.get(householdId);
    const allRows = await repo.listCalendars(this.store.db, householdId);
    const rows = options.profileId ? allRows.filter((r) => r.profile_id === null || r.profile_id === options.profileId) : allRows;
    const all: Array<AgendaEvent & { startMs: number }> = [];
    for (const row of rows) {
      const feed = await this.feedOf(row);
      if (!feed) continue;
      for (const e of await this.expand(feed, from, to, household.timezone)) all.push({ ...copyPlain(e), calendarId: row.id });
    }
    return all.sort(compareEvents).map(({ startMs: _startMs, ...event }) => event);
  }

  /** The occurrences of one parsed version in a window, worked out once (a few windows kept per version). */
  private expand(feed: ParsedFeed, from: Date, to: Date, zone: string): Promise<ExpandedEvent[]> {
    let windows = this.expanded.get(feed);
    if (!windows) this.expanded.set(feed, (windows = new Map()));
    const key = `${from.getTime()}|${to.getTime()}|${zone}`;
    const known = windows.get(key);
    if (known) return known;
    if (windows.size >= 8) windows.delete(windows.keys().next().value as string);
    const events = expandParsed(feed, from, to, zone).then((r) => r.events);
    windows.set(key, events);
    // A failed expansion (an unknown zone) is not kept: the next call says so again.
    events.catch(() => windows.delete(key));
    return events;
  }

  /** Fetches one URL feed now (conditionally); pasted calendars have nothing to refresh. */
  async refresh(householdId: string, id: string): Promise<CalendarView> {
    const row = await repo.getCalendar(this.store.db, householdId, id);
    if (!row) throw notFound('calendar');
    await this.consents.require(householdId, 'calendars');
    if (row.source === 'url') await this.refreshRow(row);
    return this.get(householdId, id);
  }

  /** Drops parsed feeds whose calendar is gone (e.g. after a household was erased): memory stays flat. */
  async pruneCache(): Promise<void> {
    const live = new Set((await this.store.db.selectFrom('calendars').select('id').execute()).map((r) => r.id));
    for (const id of [...this.parsed.keys()]) if (!live.has(id)) this.parsed.delete(id);
  }

  /** Refreshes URL feeds older than the refresh interval; called by the timer, and by tests. */
  async refreshDue(): Promise<RefreshSummary> {
    if (this.refreshing) return this.refreshing;
    this.refreshing = this.runDue().finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  /** Stops in-flight fetches and waits for the running refresh (app close). */
  async stop(): Promise<void> {
    this.stopping.abort();
    await this.refreshing?.catch(() => undefined);
  }

  private async runDue(): Promise<RefreshSummary> {
    const summary: RefreshSummary = { checked: 0, changed: 0, unchanged: 0, failed: 0 };
    const before = new Date(this.clock.now().getTime() - this.options.refreshIntervalMs).toISOString();
    const consent = new Map<string, boolean>();
    for (const row of await repo.dueUrlCalendars(this.store.db, before)) {
      if (this.stopping.signal.aborted) break;
      // A household that turned calendars off is not fetched for: not collected, not used.
      if (!consent.has(row.household_id)) consent.set(row.household_id, await this.consents.isGranted(row.household_id, 'calendars'));
      if (!consent.get(row.household_id)) continue;
      summary.checked++;
      const outcome = await this.refreshRow(row);
      summary[outcome]++;
    }
    return summary;
  }

  private async refreshRow(row: repo.CalendarRow): Promise<'changed' | 'unchanged' | 'failed'> {
    const url = row.url!;
    try {
      const fetched = await fetchFeed(url, { etag: row.etag, lastModified: row.last_modified }, this.options, this.options.network, this.stopping.signal);
      const now = this.clock.now().toISOString();
      if (fetched.kind === 'notModified' || hashOf(fetched.text) === row.content_hash) {
        const validators = fetched.kind === 'fetched' ? { etag: fetched.etag, last_modified: fetched.lastModified } : {};
        await repo.updateCalendar(this.store.db, row.id, { ...validators, status: 'ok', last_error: null, refreshed_at: now, updated_at: now });
        return 'unchanged';
      }
      if (!looksLikeIcs(fetched.text)) throw new AppError('calendar.feedNotIcs', 422);
      const hash = hashOf(fetched.text);
      const feed = await parseIcs(fetched.text);
      await this.store.transaction(async (tx) => {
        await repo.replaceFeed(tx, row.id, fetched.text, now);
        await repo.updateCalendar(tx, row.id, {
          etag: fetched.etag,
          last_modified: fetched.lastModified,
          status: 'ok',
          last_error: null,
          refreshed_at: now,
          updated_at: now,
          event_count: feed.eventCount,
          warning_count: feed.warnings.length,
          content_hash: hash,
        });
      });
      this.parsed.set(row.id, { hash, feed: Promise.resolve(feed) });
      this.events.publish('agenda.updated', row.household_id, { calendarId: row.id });
      return 'changed';
    } catch (err) {
      // The last good copy stays in use; the error is kept for the household to see.
      const code = err instanceof AppError ? err.code : 'FEED_UNREACHABLE';
      const now = this.clock.now().toISOString();
      await repo.updateCalendar(this.store.db, row.id, { status: 'error', last_error: code, refreshed_at: now, updated_at: now });
      return 'failed';
    }
  }

  private async feedOf(row: repo.CalendarRow): Promise<ParsedFeed | null> {
    const cached = this.parsed.get(row.id);
    if (cached && cached.hash === row.content_hash) return cached.feed;
    const text = await repo.feedText(this.store.db, row.id);
    if (text === null) return null;
    // Concurrent agenda calls share one parse of the same version.
    const feed = parseIcs(text);
    this.parsed.set(row.id, { hash: row.content_hash, feed });
    try {
      return await feed;
    } catch (err) {
      this.parsed.delete(row.id);
      throw err;
    }
  }
}
