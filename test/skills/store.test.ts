import { ManualClock } from '@server/core/clock';
import { hashToken } from '@server/core/ids';
import { HouseholdService } from '@server/households/service';
import { PairingService } from '@server/skills/pairing';
import { VoiceUsers } from '@server/skills/voice-users';
import { createTestStore, describeEachStore, type TestStore } from '@test/helpers/stores';

/** Pairing codes and voice users on both stores: hashing, expiry, single use, links, state. */
describeEachStore('skills store', (kind) => {
  let ts: TestStore;
  let clock: ManualClock;
  let pairing: PairingService;
  let users: VoiceUsers;
  let householdId: string;

  beforeAll(async () => {
    ts = await createTestStore(kind);
    clock = new ManualClock('2026-11-30T07:00:00Z');
    pairing = new PairingService(ts.store, clock);
    users = new VoiceUsers(ts.store, clock);
    householdId = (await new HouseholdService(ts.store, clock).create({ name: 'Home' })).household.id;
  });
  afterAll(async () => ts.dispose());

  it('keeps only the hash of a code, redeems it once, and never after ten minutes', async () => {
    const { code, expiresAt } = await pairing.issue(householdId);
    expect(expiresAt).toBe('2026-11-30T07:10:00.000Z');
    const rows = await ts.store.db.selectFrom('pairing_codes').selectAll().execute();
    expect(rows.some((r) => r.code_hash === hashToken(code))).toBe(true);
    expect(JSON.stringify(rows)).not.toContain(`"${code}"`);
    const caller = { platform: 'alexa', userId: 'amzn1.ask.account.STORE' };
    const [first, second] = await Promise.all([pairing.redeem(code, caller), pairing.redeem(code, caller)]);
    expect([first, second].filter((o) => o.kind === 'linked' && o.householdId === householdId)).toHaveLength(1);
    expect(await pairing.redeem(code, caller)).toEqual({ kind: 'wrong' });
    const late = await pairing.issue(householdId);
    clock.advance(10 * 60_000);
    expect(await pairing.redeem(late.code, caller)).toEqual({ kind: 'wrong' });
    expect(await pairing.redeem('12345', caller)).toEqual({ kind: 'wrong' });
  });

  it('refuses a household asking for too many live codes', async () => {
    for (let i = 0; i < 5; i++) await pairing.issue(householdId);
    await expect(pairing.issue(householdId)).rejects.toMatchObject({ code: 'TOO_MANY', statusCode: 429 });
    clock.advance(11 * 60_000);
    await expect(pairing.issue(householdId)).resolves.toHaveProperty('code');
  });

  it('links a platform user by hash, and a relink clears the old conversation state', async () => {
    expect(await users.householdOf('alexa', 'amzn1.ask.account.X')).toBeNull();
    await users.link('alexa', 'amzn1.ask.account.X', householdId);
    expect(await users.householdOf('alexa', 'amzn1.ask.account.X')).toBe(householdId);
    expect(await users.householdOf('google', 'amzn1.ask.account.X')).toBeNull();
    await users.saveState('alexa', 'amzn1.ask.account.X', householdId, { state: { pending: { intent: 'CancelLastOrder', orderId: 'o1' } } });
    await users.saveState('alexa', 'amzn1.ask.account.X', householdId, { state: {}, sessionId: 's2' });
    expect(await users.loadState('alexa', 'amzn1.ask.account.X')).toEqual({ state: {}, sessionId: 's2' });
    const stored = await ts.store.db.selectFrom('skill_links').selectAll().execute();
    expect(JSON.stringify(stored)).not.toContain('amzn1.ask.account.X');
    await users.link('alexa', 'amzn1.ask.account.X', householdId);
    expect(await users.loadState('alexa', 'amzn1.ask.account.X')).toEqual({});
  });
});
