import type { Clock } from '@server/core/clock';
import type { Store } from '@server/store/store';

export interface HomeAssistantSetting {
  enabled: boolean;
  /** `household` when the household said so, `server` when MIROIR_HA_DISCOVERY decides. */
  source: 'household' | 'server';
}

/** Whether a household's supplies are published to Home Assistant: its own answer, else the server's default (off). */
export class HomeAssistantSettings {
  private readonly listeners = new Set<(householdId: string) => void>();

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    readonly serverDefault: boolean,
  ) {}

  onChange(listener: (householdId: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async get(householdId: string): Promise<HomeAssistantSetting> {
    const row = await this.store.db.selectFrom('home_assistant_settings').select('enabled').where('household_id', '=', householdId).executeTakeFirst();
    return row ? { enabled: row.enabled === 1, source: 'household' } : { enabled: this.serverDefault, source: 'server' };
  }

  async isEnabled(householdId: string): Promise<boolean> {
    return (await this.get(householdId)).enabled;
  }

  async set(householdId: string, enabled: boolean): Promise<HomeAssistantSetting> {
    const now = this.clock.now().toISOString();
    await this.store.db
      .insertInto('home_assistant_settings')
      .values({ household_id: householdId, enabled: enabled ? 1 : 0, updated_at: now })
      .onConflict((oc) => oc.column('household_id').doUpdateSet({ enabled: enabled ? 1 : 0, updated_at: now }))
      .execute();
    for (const listener of this.listeners) listener(householdId);
    return { enabled, source: 'household' };
  }
}
