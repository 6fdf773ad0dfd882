import type { AddressInfo } from 'node:net';
import type { DomainEvent } from '@server/core/events';
import { seedDemoHousehold } from '@server/demo/seed';
import { MOVED_MIRROR_LABEL } from '@server/households/mirror-claims';
import { buildTestApp, type TestApp } from '@test/helpers/build-app';
import { describeEachStore } from '@test/helpers/stores';
import { SseClient } from '@test/mirror/support/sse-client';
import { eraseWithConfirmation } from '@test/privacy/erase-steps';

jest.setTimeout(60_000);

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
/** Any bearer token we issue, whatever its scope: `mh_` owner, `ma_` app, `mm_` display, … (server/core/ids.ts). */
const ANY_TOKEN = /\bm[a-z]_[A-Za-z0-9_-]{20,}/;

const FAMILY = { name: 'Famille Martin', locale: 'fr-FR', timezone: 'Europe/Paris', people: [{ name: 'Léa' }], device: 'Pixel 8' };

describeEachStore('first run moves the demo’s mirrors by a one-time claim', (kind) => {
  let t: TestApp;
  let base: string;
  let demo: Awaited<ReturnType<typeof seedDemoHousehold>>;
  let demoApp: string;
  /** Two mirrors open on the demo, with a display token each. */
  let hall: string;
  let kitchen: string;
  let family: { id: string; token: string };
  let claimId: string;
  let streamIdBefore: string;
  const events: DomainEvent[] = [];
  const clients: SseClient[] = [];

  const mint = async (token: string, scope: 'owner' | 'app' | 'display', label: string): Promise<string> => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/tokens', headers: bearer(token), payload: { scope, label } });
    expect(res.statusCode).toBe(201);
    return res.json<{ token: string }>().token;
  };
  const claim = (token: string, body: object = { claimId }) => t.app.inject({ method: 'POST', url: '/api/v1/mirror/claim', headers: bearer(token), payload: body });
  const displayTokensOf = async (householdId: string) =>
    (await t.app.store.db.selectFrom('tokens').select(['label', 'scope']).where('household_id', '=', householdId).where('scope', '=', 'display').execute()).map((r) => r.label);
  const openStream = async (token: string, lastEventId?: string) => {
    const q = lastEventId ? `?lastEventId=${encodeURIComponent(lastEventId)}` : '';
    const client = await SseClient.open(`${base}/api/v1/events${q}`, bearer(token));
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    t = await buildTestApp({ store: kind });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    demo = await seedDemoHousehold(t.app, 'fr-FR');
    demoApp = await mint(demo.token, 'app', 'phone');
    hall = await mint(demo.token, 'display', 'hall mirror');
    kitchen = await mint(demo.token, 'display', 'kitchen mirror');
    t.app.events.subscribe((e) => events.push(e));

    // The hall mirror is watching its stream when first run happens.
    const live = await openStream(hall);
    await live.waitFor(() => live.messages().some((m) => m.type === 'stream.resync'));
    streamIdBefore = live.lastId() ?? '';
    expect(streamIdBefore).not.toBe('');
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/setup', headers: bearer(demoApp), payload: FAMILY });
    expect(res.statusCode).toBe(201);
    family = { id: res.json().household.id, token: res.json().token };
    await live.waitFor(() => live.messages().some((m) => m.type === 'mirror.moved'));
    const moved = live.messages<{ type: string; payload: { to: string; claimId: string } }>().find((m) => m.type === 'mirror.moved');
    expect(moved?.payload.to).toBe(family.id);
    claimId = moved?.payload.claimId ?? '';
  });
  afterAll(async () => {
    for (const c of clients.splice(0)) c.close();
    await t.close();
  });

  it('refuses an owner or app token (only a mirror moves) and bad input, minting nothing', async () => {
    for (const token of [demo.token, demoApp, family.token]) {
      const res = await claim(token);
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe('INSUFFICIENT_SCOPE');
    }
    for (const bad of [{}, { claimId: '' }, { claimId: 'not a claim; drop table' }, { claimId, extra: 1 }]) {
      const res = await claim(hall, bad);
      expect(res.statusCode).toBe(400);
    }
    expect((await claim(hall, { claimId: '00000000-0000-4000-8000-000000000000' })).statusCode).toBe(404);
    expect(await displayTokensOf(family.id)).toEqual([]);
  });

  it('refuses another household’s display token with a 404', async () => {
    const neighbour = await t.household('Voisins');
    const theirs = await mint(neighbour.token, 'display', 'their mirror');
    const res = await claim(theirs);
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('NOT_FOUND');
    expect(await displayTokensOf(family.id)).toEqual([]);
  });

  it('gives the demo mirror a display token of the family’s household, once', async () => {
    const res = await claim(hall);
    expect(res.statusCode).toBe(200);
    const body = res.json<{ token: string; household: { id: string; name: string } }>();
    expect(body.household).toEqual({ id: family.id, name: 'Famille Martin' });
    expect(body.token).toMatch(/^mm_/);
    const seen = await t.app.inject({ method: 'GET', url: '/api/v1/household', headers: bearer(body.token) });
    expect(seen.json()).toMatchObject({ id: family.id, name: 'Famille Martin' });
    // It is a display token: it cannot export or mint.
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/privacy/export', headers: bearer(body.token) })).statusCode).toBe(403);
    expect(await displayTokensOf(family.id)).toEqual([MOVED_MIRROR_LABEL]);

    const again = await claim(hall);
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('MIRROR_CLAIM_USED');
    expect(await displayTokensOf(family.id)).toEqual([MOVED_MIRROR_LABEL]);
    // The family's new display token is not a demo mirror: it cannot claim for itself.
    expect((await claim(body.token)).statusCode).toBe(404);
  });

  it('lets each demo mirror open at first run move once, and not a display token made after it', async () => {
    const late = await mint(demo.token, 'display', 'made after first run');
    expect((await claim(late)).statusCode).toBe(404);
    const [a, b] = await Promise.all([claim(kitchen), claim(kitchen)]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    expect(await displayTokensOf(family.id)).toEqual([MOVED_MIRROR_LABEL, MOVED_MIRROR_LABEL]);
    expect(await t.app.store.db.selectFrom('mirror_claim_tokens').select('token_id').where('claim_id', '=', claimId).where('used_at', 'is not', null).execute()).toHaveLength(2);
  });

  it('carries no token in the event, the stream, its replay or the shared event log', async () => {
    // The pattern does find our tokens, as they would appear in JSON.
    for (const token of [demo.token, demoApp, hall]) expect(JSON.stringify({ token })).toMatch(ANY_TOKEN);
    const moved = events.filter((e) => e.type === 'mirror.moved');
    expect(moved).toHaveLength(1);
    expect(JSON.stringify(moved)).not.toMatch(ANY_TOKEN);
    expect(clients[0].body).toContain('mirror.moved');
    expect(clients[0].body).not.toMatch(ANY_TOKEN);
    // A mirror that blinked off the stream gets mirror.moved replayed: a claim id still, no token.
    const replayed = await openStream(kitchen, streamIdBefore);
    await replayed.waitFor(() => replayed.messages().some((m) => m.type === 'mirror.moved'));
    expect(replayed.messages().some((m) => m.type === 'stream.resync')).toBe(false);
    expect(replayed.body).not.toMatch(ANY_TOKEN);
    if (kind === 'postgres') {
      await t.app.fleet.relay?.flush();
      const log = await t.app.store.db.selectFrom('event_log').select(['type', 'event']).execute();
      expect(log.map((r) => r.type)).toContain('mirror.moved');
      expect(JSON.stringify(log)).not.toMatch(ANY_TOKEN);
    }
  });

  it('erasing the demo removes its claims', async () => {
    expect(await t.app.store.db.selectFrom('mirror_claims').select('id').execute()).toHaveLength(1);
    for (const c of clients.splice(0)) c.close();
    expect((await eraseWithConfirmation(t, bearer(demo.token))).statusCode).toBe(200);
    expect(await t.app.store.db.selectFrom('mirror_claims').select('id').execute()).toEqual([]);
    expect(await t.app.store.db.selectFrom('mirror_claim_tokens').select('claim_id').execute()).toEqual([]);
    // The mirrors that moved keep working on the family's household.
    expect(await displayTokensOf(family.id)).toEqual([MOVED_MIRROR_LABEL, MOVED_MIRROR_LABEL]);
  });
});

describeEachStore('a mirror claim expires', (kind) => {
  it('answers 410 after ten minutes, minting nothing, and goes with the family’s household', async () => {
    const t = await buildTestApp({ store: kind });
    try {
      const demo = await t.app.households.create({ name: 'Demo', locale: 'en-GB', demo: true });
      const mirror = await t.app.households.tokens.issue(demo.household.id, 'display', null, 'mirror');
      const moved: DomainEvent[] = [];
      t.app.events.subscribe((e) => e.type === 'mirror.moved' && moved.push(e));
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/setup', headers: bearer(demo.token), payload: { ...FAMILY, name: 'Famille Petit' } });
      expect(res.statusCode).toBe(201);
      const event = moved[0];
      if (event?.type !== 'mirror.moved') throw new Error('no mirror.moved');
      t.clock.advance(10 * 60_000);
      const late = await t.app.inject({ method: 'POST', url: '/api/v1/mirror/claim', headers: bearer(mirror), payload: { claimId: event.payload.claimId } });
      expect(late.statusCode).toBe(410);
      expect(late.json().error.code).toBe('MIRROR_CLAIM_EXPIRED');
      expect(await t.app.store.db.selectFrom('tokens').select('id').where('household_id', '=', event.payload.to).where('scope', '=', 'display').execute()).toEqual([]);
      // Erasing the family's household (its app token from first run) takes the claim bound to it.
      expect((await eraseWithConfirmation(t, bearer(res.json().token))).statusCode).toBe(200);
      expect(await t.app.store.db.selectFrom('mirror_claims').select('id').execute()).toEqual([]);
      expect(await t.app.store.db.selectFrom('mirror_claim_tokens').select('claim_id').execute()).toEqual([]);
    } finally {
      await t.close();
    }
  });
});
