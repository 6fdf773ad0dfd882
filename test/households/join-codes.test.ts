import { hashToken } from '@server/core/ids';
import { JOIN_CODE_TTL_MS, MAX_JOIN_FAILURES_PER_ADDRESS, MAX_JOIN_FAILURES_PER_SERVICE, normalizeJoinCode } from '@server/households/join-codes';
import { buildTestApp, type TestApp } from '@test/helpers/build-app';
import { describeEachStore } from '@test/helpers/stores';

type Household = Awaited<ReturnType<TestApp['household']>>;
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

let addressSeq = 0;
/** Each test speaks from its own address, so the per-address limits of one do not leak into another. */
const newAddress = () => `10.0.${Math.floor(++addressSeq / 250)}.${addressSeq % 250}`;

describeEachStore('phone join codes', (kind) => {
  let t: TestApp;
  let a: Household;
  let b: Household;
  beforeAll(async () => {
    t = await buildTestApp({ store: kind });
    a = await t.household('Alpha', 'en-US');
    b = await t.household('Beta', 'fr-FR');
  });
  afterAll(async () => t.close());

  const issue = (auth: { authorization: string }) => t.app.inject({ method: 'POST', url: '/api/v1/join-codes', headers: auth });
  const redeem = (payload: Record<string, unknown>, remoteAddress = newAddress()) =>
    t.app.inject({ method: 'POST', url: '/api/v1/join-codes/redeem', payload, remoteAddress, headers: { 'accept-language': 'fr-FR' } });
  const mintDisplay = async (h: Household) =>
    (await t.app.inject({ method: 'POST', url: '/api/v1/tokens', headers: h.auth, payload: { scope: 'display', label: 'hall mirror' } })).json().token as string;

  it('the mirror’s display token asks for a code: eight unambiguous characters, ten minutes, a join URL on loopback said to be unreachable, stored only hashed', async () => {
    const res = await issue(bearer(await mintDisplay(a)));
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body.code).toMatch(/^[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}$/);
    expect(body.expiresAt).toBe(new Date(t.clock.now().getTime() + JOIN_CODE_TTL_MS).toISOString());
    expect(body.joinUrl).toBe(`http://127.0.0.1:3000/app#join=${body.code}`);
    expect(body).toMatchObject({ reachableFromPhones: false, addressReason: 'loopback' });
    const rows = await t.app.store.db.selectFrom('join_codes').selectAll().where('household_id', '=', a.id).execute();
    expect(rows.map((r) => r.code_hash)).toContain(hashToken(normalizeJoinCode(body.code)!));
    expect(JSON.stringify(rows)).not.toContain(body.code.replace('-', ''));
  });

  it('a code becomes an app token of exactly app scope, labelled with the phone’s name, for its own household; typed in any case, dash or not; audited', async () => {
    const { code } = (await issue(a.auth)).json();
    const typed = code.toLowerCase().replace('-', ' ');
    const res = await redeem({ code: typed, deviceName: '  Camille’s phone 📱 ' });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({ scope: 'app', label: 'Camille’s phone 📱', household: { id: a.id, name: 'Alpha' }, token: expect.stringMatching(/^ma_/) });
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/household', headers: bearer(body.token) });
    expect(me.json().id).toBe(a.id);
    const list = async () => (await t.app.inject({ method: 'GET', url: '/api/v1/tokens', headers: bearer(body.token) })).json().tokens as { id: string; scope: string; label: string; current: boolean; lastUsedAt: string | null }[];
    let tokens = await list();
    // "Last used" is written after a response (at most every quarter hour), so it may land a moment later.
    for (let i = 0; i < 40 && !tokens.find((tk) => tk.current)?.lastUsedAt; i++) {
      await new Promise((r) => setTimeout(r, 50));
      tokens = await list();
    }
    expect(tokens.find((tk) => tk.current)).toMatchObject({ id: body.tokenId, scope: 'app', label: 'Camille’s phone 📱', lastUsedAt: t.clock.now().toISOString() });
    // App, not owner: it cannot hand out an owner token.
    const escalate = await t.app.inject({ method: 'POST', url: '/api/v1/tokens', headers: bearer(body.token), payload: { scope: 'owner', label: 'x' } });
    expect(escalate.statusCode).toBe(403);
    const audit = (await t.app.inject({ method: 'GET', url: '/api/v1/privacy/audit?limit=10', headers: a.auth })).json().entries as { action: string; detail: unknown }[];
    expect(audit.find((e) => e.action === 'phone.joined')).toMatchObject({ detail: { deviceName: 'Camille’s phone 📱' } });
    const theirs = (await t.app.inject({ method: 'GET', url: '/api/v1/privacy/audit?limit=10', headers: b.auth })).json().entries as { action: string }[];
    expect(theirs.some((e) => e.action === 'phone.joined')).toBe(false);
  });

  it('a code is used once: the second phone is told so and gets nothing', async () => {
    const { code } = (await issue(a.auth)).json();
    expect((await redeem({ code, deviceName: 'First' })).statusCode).toBe(201);
    const again = await redeem({ code, deviceName: 'Second' });
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toMatchObject({ code: 'JOIN_CODE_USED', field: 'code', message: expect.stringContaining('déjà servi') });
    const labels = (await t.app.store.db.selectFrom('tokens').select('label').where('household_id', '=', a.id).execute()).map((r) => r.label);
    expect(labels).toContain('First');
    expect(labels).not.toContain('Second');
  });

  it('a code expires after ten minutes on the injected clock', async () => {
    const { code } = (await issue(b.auth)).json();
    t.clock.advance(JOIN_CODE_TTL_MS - 1000);
    const { code: second } = (await issue(b.auth)).json();
    t.clock.advance(1000);
    const late = await redeem({ code, deviceName: 'Late phone' });
    expect(late.statusCode).toBe(410);
    expect(late.json().error.code).toBe('JOIN_CODE_EXPIRED');
    const inTime = await redeem({ code: second, deviceName: 'On time' });
    expect(inTime.statusCode).toBe(201);
    expect(inTime.json().household.id).toBe(b.id);
  });

  it('two phones redeeming one code at once get exactly one token between them', async () => {
    for (let round = 0; round < 3; round++) {
      const { code } = (await issue(a.auth)).json();
      const before = await t.app.store.db.selectFrom('tokens').select('id').where('household_id', '=', a.id).execute();
      const results = await Promise.all([redeem({ code, deviceName: `Racer A${round}` }), redeem({ code, deviceName: `Racer B${round}` }), redeem({ code, deviceName: `Racer C${round}` })]);
      expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409, 409]);
      const after = await t.app.store.db.selectFrom('tokens').select('id').where('household_id', '=', a.id).execute();
      expect(after.length - before.length).toBe(1);
    }
  });

  it('wrong codes and names are refused with their codes and change nothing', async () => {
    const { code } = (await issue(a.auth)).json();
    const count = async () => (await t.app.store.db.selectFrom('tokens').select('id').execute()).length;
    const before = await count();
    const unknown = await redeem({ code: 'AAAA-AAAA', deviceName: 'Phone' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error).toMatchObject({ code: 'JOIN_CODE_UNKNOWN', field: 'code' });
    expect((await redeem({ code: '12', deviceName: 'Phone' })).json().error.code).toBe('JOIN_CODE_UNKNOWN');
    for (const deviceName of ['   ', 'x'.repeat(61)]) {
      const res = await redeem({ code, deviceName });
      expect(res.statusCode).toBe(400);
      expect(res.json().error).toMatchObject({ code: 'DEVICE_NAME_INVALID', field: 'deviceName' });
    }
    expect((await redeem({ code, deviceName: '' })).statusCode).toBe(400);
    expect((await redeem({ code, deviceName: 'ok', extra: 1 })).statusCode).toBe(400);
    expect(await count()).toBe(before);
    // The code was not spent by those refusals.
    expect((await redeem({ code, deviceName: 'é'.repeat(60) })).statusCode).toBe(201);
  });

  it(`after ${MAX_JOIN_FAILURES_PER_ADDRESS} wrong codes an address is locked out, even with a right code, until the window passes`, async () => {
    const address = newAddress();
    for (let i = 0; i < MAX_JOIN_FAILURES_PER_ADDRESS; i++) expect((await redeem({ code: 'BBBB-BBBB', deviceName: 'Guess' }, address)).statusCode).toBe(400);
    const { code } = (await issue(a.auth)).json();
    const locked = await redeem({ code, deviceName: 'Guess' }, address);
    expect(locked.statusCode).toBe(429);
    expect(locked.json().error.code).toBe('JOIN_LOCKED');
    // Another address is not held back by this one.
    expect((await redeem({ code, deviceName: 'Neighbour' })).statusCode).toBe(201);
    t.clock.advance(JOIN_CODE_TTL_MS + 1000);
    const { code: fresh } = (await issue(a.auth)).json();
    expect((await redeem({ code: fresh, deviceName: 'Later' }, address)).statusCode).toBe(201);
  });

  it(`after ${MAX_JOIN_FAILURES_PER_SERVICE} wrong codes across the service every redeem is refused until the window passes`, async () => {
    t.clock.advance(JOIN_CODE_TTL_MS + 1000);
    const perAddress = MAX_JOIN_FAILURES_PER_ADDRESS;
    for (let n = 0; n < MAX_JOIN_FAILURES_PER_SERVICE / perAddress; n++) {
      const address = newAddress();
      await Promise.all(Array.from({ length: perAddress }, () => redeem({ code: 'CCCC-CCCC', deviceName: 'Guess' }, address)));
    }
    const { code } = (await issue(b.auth)).json();
    const locked = await redeem({ code, deviceName: 'Honest' });
    expect(locked.json().error.code).toBe('JOIN_LOCKED');
    t.clock.advance(JOIN_CODE_TTL_MS + 1000);
    const { code: fresh } = (await issue(b.auth)).json();
    expect((await redeem({ code: fresh, deviceName: 'Honest' })).statusCode).toBe(201);
  });

  it('the redeem route is rate limited per address before it looks at anything', async () => {
    const address = newAddress();
    const codes = [];
    for (let i = 0; i < 10; i++) codes.push((await redeem({ nothing: true }, address)).statusCode);
    expect(new Set(codes)).toEqual(new Set([400]));
    const limited = await redeem({ code: 'DDDD-DDDD', deviceName: 'x' }, address);
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error.code).toBe('RATE_LIMITED');
  });

  it('only people’s tokens ask for a code; without a token, 401', async () => {
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/join-codes' })).statusCode).toBe(401);
    const phone = (await t.app.inject({ method: 'POST', url: '/api/v1/tokens', headers: a.auth, payload: { scope: 'app', label: 'p' } })).json().token as string;
    expect((await issue(bearer(phone))).statusCode).toBe(201);
  });
});

describe('the join URL’s address', () => {
  it('is MIROIR_PUBLIC_URL when set, the machine’s address when HOST is a wildcard', async () => {
    const t = await buildTestApp({ env: { MIROIR_PUBLIC_URL: 'https://miroir.example.org/' } });
    try {
      const h = await t.household();
      const body = (await t.app.inject({ method: 'POST', url: '/api/v1/join-codes', headers: h.auth })).json();
      expect(body.joinUrl).toBe(`https://miroir.example.org/app#join=${body.code}`);
      expect(body).toMatchObject({ reachableFromPhones: true, addressReason: 'configured' });
    } finally {
      await t.close();
    }
  });
});
