import { channelName, listenerName } from '@server/fleet/event-relay';
import { inProcessFleet, type InProcessFleet } from './support/in-process-fleet';

jest.setTimeout(60_000);

/**
 * Two instances on one PostgreSQL, each with its own token cache: what one revokes or changes,
 * the other refuses or sees on the very next request, though it had the token cached.
 */
describe('token cache across instances (PostgreSQL, fleet LISTEN/NOTIFY)', () => {
  let fleet: InProcessFleet;
  let home: { id: string; token: string };
  beforeAll(async () => {
    fleet = await inProcessFleet(2);
    const created = await fleet.members[0].app.households.create({ name: 'Fleet cache home', locale: 'en-US' });
    home = { id: created.household.id, token: created.token };
    for (const m of fleet.members) await waitFor(() => m.app.households.tokens.cache.active);
  });
  afterAll(async () => fleet.close());

  const get = (member: number, token: string, path = '/api/v1/household') => fetch(`${fleet.members[member].base}${path}`, { headers: { authorization: `Bearer ${token}` } });
  const owner = (member: number, method: string, path: string, body?: unknown) =>
    fetch(`${fleet.members[member].base}${path}`, { method, headers: { authorization: `Bearer ${home.token}`, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
  const mint = async (scope: string, label: string) => (await (await owner(0, 'POST', '/api/v1/tokens', { scope, label })).json()) as { id: string; token: string };
  /** Both instances answer the token, the second time from their cache. */
  const warmBoth = async (token: string) => {
    for (const member of [0, 1]) {
      expect((await get(member, token)).status).toBe(200);
      expect((await get(member, token)).status).toBe(200);
      expect(fleet.members[member].app.households.tokens.cache.size).toBeGreaterThan(0);
    }
  };

  it('a token revoked on instance A is 401 on instance B at the very next request', async () => {
    for (let i = 0; i < 5; i++) {
      const phone = await mint('app', `fleet phone ${i}`);
      await warmBoth(phone.token);
      expect((await owner(0, 'DELETE', `/api/v1/tokens/${phone.id}`)).status).toBe(204);
      expect((await get(1, phone.token)).status).toBe(401);
      expect((await get(0, phone.token)).status).toBe(401);
    }
  });

  it('a revoke is answered only once every listening instance has dropped the token, however late one reads it', async () => {
    const phone = await mint('app', 'slow peer phone');
    await warmBoth(phone.token);
    // A third instance, played by a bare connection listening under the relay's name: it
    // confirms (as a relay does once it has dropped the token) only when this test says so.
    const channel = channelName(fleet.schema);
    const peer = await fleet.members[0].store.dedicatedClient(listenerName(channel));
    const heard: string[] = [];
    peer.on('notification', (message) => heard.push(message.payload ?? ''));
    await peer.query(`LISTEN "${channel}"`);
    try {
      let answered = false;
      const started = Date.now();
      const revoke = owner(0, 'DELETE', `/api/v1/tokens/${phone.id}`).then((response) => ((answered = true), response));
      await waitFor(() => heard.some((p) => p.startsWith('{"c":"tokens"')));
      // Both relays have confirmed by now; the writer still waits for the third listener.
      await waitFor(() => heard.filter((p) => p.startsWith('{"c":"applied"')).length >= 1);
      await new Promise((resolve) => setTimeout(resolve, 150));
      expect(answered).toBe(false);
      const { n } = JSON.parse(heard.find((p) => p.startsWith('{"c":"tokens"')) ?? '{}') as { n: string };
      await peer.query('select pg_notify($1, $2)', [channel, JSON.stringify({ c: 'applied', n, o: 'test-peer' })]);
      expect((await revoke).status).toBe(204);
      // Answered on the confirmation, not at the bound (1 s) a silent peer gets.
      expect(Date.now() - started).toBeLessThan(900);
      expect((await get(1, phone.token)).status).toBe(401);

      // A listener that never confirms holds the writer up to the bound only.
      const other = await mint('app', 'silent peer phone');
      await warmBoth(other.token);
      const before = Date.now();
      expect((await owner(0, 'DELETE', `/api/v1/tokens/${other.id}`)).status).toBe(204);
      expect(Date.now() - before).toBeGreaterThanOrEqual(900);
      expect((await get(1, other.token)).status).toBe(401);
    } finally {
      await peer.end();
    }
    // Gone from the channel: nobody waits for it any more.
    const last = await mint('app', 'after the peer left');
    await warmBoth(last.token);
    const before = Date.now();
    expect((await owner(0, 'DELETE', `/api/v1/tokens/${last.id}`)).status).toBe(204);
    expect(Date.now() - before).toBeLessThan(900);
  });

  it('a rotation on B: the old secret is 401 on A at once', async () => {
    const mirror = await mint('display', 'fleet mirror');
    await warmBoth(mirror.token);
    const rotated = await fetch(`${fleet.members[1].base}/api/v1/tokens/${mirror.id}/rotate`, { method: 'POST', headers: { authorization: `Bearer ${home.token}` } });
    expect(rotated.status).toBe(200);
    expect((await get(0, mirror.token)).status).toBe(401);
    expect((await get(0, ((await rotated.json()) as { token: string }).token)).status).toBe(200);
  });

  it('a locale change on A is in B’s next context', async () => {
    await warmBoth(home.token);
    expect((await owner(0, 'PATCH', '/api/v1/household', { locale: 'fr-FR' })).status).toBe(200);
    expect(await fleet.members[1].app.households.tokens.authenticate(home.token)).toMatchObject({ locale: 'fr-FR' });
    // The household itself, kept in memory on B too.
    expect(((await (await get(1, home.token)).json()) as { locale: string }).locale).toBe('fr-FR');
    expect((await owner(0, 'PATCH', '/api/v1/household', { name: 'Renamed on A' })).status).toBe(200);
    expect(((await (await get(1, home.token)).json()) as { name: string }).name).toBe('Renamed on A');
  });

  it('a consent withdrawn on A is withdrawn on B at the very next read, though B kept it', async () => {
    expect((await owner(0, 'PUT', '/api/v1/privacy/consents', { telemetry: true })).status).toBe(200);
    for (const member of [0, 1]) expect(await fleet.members[member].app.consents.isGranted(home.id, 'telemetry')).toBe(true);
    expect((await owner(0, 'PUT', '/api/v1/privacy/consents', { telemetry: false })).status).toBe(200);
    expect(await fleet.members[1].app.consents.isGranted(home.id, 'telemetry')).toBe(false);
    expect(((await (await get(1, home.token, '/api/v1/privacy/consents')).json()) as { consents: { telemetry: boolean } }).consents.telemetry).toBe(false);
  });
});

async function waitFor(check: () => boolean, ms = 5_000): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
