import type { Clock } from '@server/core/clock';
import type { EventBus } from '@server/core/event-bus';
import type { HouseholdService } from '@server/households/service';
import type { Store } from '@server/store/store';
import { isNight } from '@mirror/ui/core/time';
import { overrideFor, powerAt, type MirrorPowerState, type PowerChannel } from './power-rule';

/** The `mirror_power_watch` row of the scheduled night boundaries. */
const SCHEDULE_WATCH = 'night-schedule';

export type { MirrorPowerState, PowerChannel } from './power-rule';

/**
 * The mirror's awake/night state: the household's night hours, with a manual override on top.
 * The one place Google's OnOff, the app's switch and the mirror page ask; a change is published
 * as `mirror.power` (the page goes dark or lights up live, Google gets Report State).
 */
export class MirrorPowerService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly households: Pick<HouseholdService, 'get' | 'list'>,
    private readonly bus: EventBus,
  ) {}

  async state(householdId: string): Promise<MirrorPowerState> {
    const h = await this.households.get(householdId);
    const row = await this.store.db.selectFrom('mirror_power_overrides').select(['mode', 'until']).where('household_id', '=', householdId).executeTakeFirst();
    return powerAt(this.clock.now(), h.timezone, h.settings.nightMode, row ?? null);
  }

  async set(householdId: string, awake: boolean, channel: PowerChannel): Promise<MirrorPowerState> {
    const h = await this.households.get(householdId);
    const now = this.clock.now();
    const next = overrideFor(awake, now, h.timezone, h.settings.nightMode);
    await this.store.transaction(async (tx) => {
      await tx.deleteFrom('mirror_power_overrides').where('household_id', '=', householdId).execute();
      if (next) await tx.insertInto('mirror_power_overrides').values({ household_id: householdId, mode: next.mode, until: next.until.toISOString(), channel, set_at: now.toISOString() }).execute();
    });
    const state = powerAt(now, h.timezone, h.settings.nightMode, next ? { mode: next.mode, until: next.until.toISOString() } : null);
    this.bus.publish('mirror.power', householdId, { awake: state.awake, override: state.override, channel });
    return state;
  }

  /**
   * Overrides whose time has come, removed and announced as `mirror.power`: the page needs no
   * message for it (it applies the rule itself), but Google's Report State does. Returns the
   * households it announced.
   */
  async expireDue(): Promise<string[]> {
    const now = this.clock.now().toISOString();
    const expired = await this.store.transaction(async (tx) => {
      const rows = await tx.selectFrom('mirror_power_overrides').select('household_id').where('until', '<=', now).execute();
      if (rows.length) await tx.deleteFrom('mirror_power_overrides').where('until', '<=', now).execute();
      return rows.map((r) => r.household_id);
    });
    for (const householdId of expired) {
      const state = await this.state(householdId);
      this.bus.publish('mirror.power', householdId, { awake: state.awake, override: state.override, channel: 'mirror' });
    }
    return expired;
  }

  /**
   * The per-minute job: overrides that ran out (`expireDue`), and households whose scheduled night
   * started or ended since the last run, announced as `mirror.power` (so Google gets Report State
   * at 23:00 and 06:30 without any override), except where an override in force keeps the state
   * as it was. The interval since the last run is taken with one compare-and-set on
   * `mirror_power_watch`: of several instances running at once, one does the work and the others
   * nothing (the fleet's job lease already makes that rare). The first run ever only records the
   * time. Returns the households it announced, each once.
   */
  async tick(): Promise<string[]> {
    const now = this.clock.now();
    const at = now.toISOString();
    const row = await this.store.db.selectFrom('mirror_power_watch').select('checked_until').where('name', '=', SCHEDULE_WATCH).executeTakeFirst();
    if (!row) {
      await this.store.db.insertInto('mirror_power_watch').values({ name: SCHEDULE_WATCH, checked_until: at }).onConflict((oc) => oc.column('name').doNothing()).execute();
      return this.expireDue();
    }
    if (row.checked_until >= at) return [];
    const taken = await this.store.db.updateTable('mirror_power_watch').set({ checked_until: at }).where('name', '=', SCHEDULE_WATCH).where('checked_until', '=', row.checked_until).executeTakeFirst();
    if (Number(taken.numUpdatedRows) === 0) return [];
    const expired = await this.expireDue();
    const since = new Date(row.checked_until);
    const overridden = new Set((await this.store.db.selectFrom('mirror_power_overrides').select('household_id').where('until', '>', at).execute()).map((r) => r.household_id));
    // What Google shows is the state now: a household whose schedule says the same as at the last
    // run (no boundary, or both of them during a long outage) needs no report; one whose override
    // ran out at the boundary was announced by expireDue already.
    const crossed = (await this.households.list()).filter(
      (h) => !expired.includes(h.id) && !overridden.has(h.id) && isNight(since, h.timezone, h.settings.nightMode) !== isNight(now, h.timezone, h.settings.nightMode),
    );
    for (const h of crossed) this.bus.publish('mirror.power', h.id, { awake: !isNight(now, h.timezone, h.settings.nightMode), override: null, channel: 'mirror' });
    return [...expired, ...crossed.map((h) => h.id)];
  }
}
