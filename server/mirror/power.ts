import type { Clock } from '@server/core/clock';
import type { EventBus } from '@server/core/event-bus';
import type { HouseholdService } from '@server/households/service';
import type { Store } from '@server/store/store';
import { overrideFor, powerAt, type MirrorPowerState, type PowerChannel } from './power-rule';

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
    private readonly households: Pick<HouseholdService, 'get'>,
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
}
