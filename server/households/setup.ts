import { sql } from 'kysely';
import { AppError } from '@server/core/errors';
import type { Store } from '@server/store/store';
import type { MirrorClaims } from './mirror-claims';
import type { Household, HouseholdService, NewPerson } from './service';
import type { UnitSystem } from '@server/core/units';

export interface SetupInput {
  name: string;
  locale: string;
  timezone: string;
  latitude?: number | null;
  longitude?: number | null;
  currency?: string;
  units?: UnitSystem;
  people: NewPerson[];
  device?: string;
}

export interface SetupResult {
  household: Household;
  /** An app token for the phone that asked, in the new household. */
  token: string;
  /**
   * The claim `mirror.moved` names: the demo's open mirrors redeem it with their own display
   * token for one of the new household (mirror-claims.ts). Not a secret.
   */
  claimId: string;
}

/** Any fixed number: PostgreSQL serialises first runs on it, so two phones cannot both create a household. */
const SETUP_LOCK_ID = 0x6d69_7273;

/**
 * First run: a family replaces the demo `npm start` seeded with their own household. Only a
 * person of the demo household may ask, and only while the demo is the instance's only
 * household: once a real household exists, the instance is someone's home and a demo token must
 * not be a way to add households to it (the CLI does that, for whoever holds the data dir).
 */
export class HouseholdSetup {
  constructor(
    private readonly store: Store,
    private readonly households: HouseholdService,
    private readonly claims: MirrorClaims,
  ) {}

  /** Whether this household may run first run now. */
  async available(householdId: string): Promise<boolean> {
    const household = await this.households.get(householdId);
    return household.demo && (await this.realHouseholds()) === 0;
  }

  async create(demoId: string, input: SetupInput): Promise<SetupResult> {
    const demo = await this.households.get(demoId);
    if (!demo.demo) throw new AppError('households.setupNotDemo', 403);
    if ((input.latitude == null) !== (input.longitude == null)) {
      throw new AppError('households.locationIncomplete', 400, { field: input.latitude == null ? 'latitude' : 'longitude' });
    }
    return this.store.transaction(async (tx) => {
      if (this.store.dialect === 'postgres') await sql`select pg_advisory_xact_lock(${SETUP_LOCK_ID})`.execute(tx);
      if ((await this.realHouseholds(tx)) > 0) throw new AppError('households.setupClosed', 409);
      const label = `${(input.device ?? 'Phone').trim() || 'Phone'} (setup)`;
      const created = await this.households.createIn(tx, {
        name: input.name.trim(),
        locale: input.locale,
        timezone: input.timezone,
        latitude: input.latitude ?? null,
        longitude: input.longitude ?? null,
        currency: input.currency,
        units: input.units ?? null,
        profiles: input.people.map((p) => ({ ...p, name: p.name.trim() })),
        firstToken: { scope: 'app', label },
      });
      // No display token minted here: it would have to reach the mirror over the event stream.
      const claim = await this.claims.create(tx, demoId, created.household.id);
      return { household: created.household, token: created.token, claimId: claim.id };
    });
  }

  private async realHouseholds(db = this.store.db): Promise<number> {
    const row = await db
      .selectFrom('households')
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .where('is_demo', '=', 0)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }
}
