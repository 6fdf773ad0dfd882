import type { AddressInfo } from 'node:net';
import type { DomainEvent } from '@server/core/events';
import { Api } from '@mirror/ui/core/api';
import { followMove } from '@mirror/ui/core/move';
import { MIRROR_TOKEN_KEY } from '@mirror/ui/core/token';
import { buildTestApp, type TestApp } from '@test/helpers/build-app';

/** The page's move (`mirror.moved` → claim → keep the token) against the real server on a port. */
describe('the mirror page follows first run’s move', () => {
  let t: TestApp;
  let base: string;
  const memoryStorage = () => {
    const store = new Map<string, string>();
    return { store, storage: { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v) } as Storage };
  };
  const apiFor = (token: string) => new Api(token, { fetch: ((input: RequestInfo | URL, init?: RequestInit) => fetch(`${base}${String(input)}`, init)) as typeof fetch });

  beforeAll(async () => {
    t = await buildTestApp();
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => t.close());

  it('keeps the family’s display token the claim answers; a second try, refused, stays on the demo and says why', async () => {
    const demo = await t.app.households.create({ name: 'Demo', locale: 'en-GB', demo: true });
    const demoDisplay = await t.app.households.tokens.issue(demo.household.id, 'display', null, 'mirror');
    const moved: DomainEvent[] = [];
    t.app.events.subscribe((e) => e.type === 'mirror.moved' && moved.push(e));
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/setup', headers: { authorization: `Bearer ${demo.token}` }, payload: { name: 'The Lees', locale: 'en-GB', timezone: 'Europe/London', people: [{ name: 'Ann' }] } });
    expect(res.statusCode).toBe(201);
    const event = moved[0];
    if (event?.type !== 'mirror.moved') throw new Error('no mirror.moved');

    const { store, storage } = memoryStorage();
    store.set(MIRROR_TOKEN_KEY, demoDisplay);
    expect(await followMove(apiFor(demoDisplay), storage, event.payload.claimId)).toBe(true);
    const kept = store.get(MIRROR_TOKEN_KEY) ?? '';
    expect(kept).toMatch(/^mm_/);
    expect(kept).not.toBe(demoDisplay);
    const seen = await t.app.inject({ method: 'GET', url: '/api/v1/household', headers: { authorization: `Bearer ${kept}` } });
    expect(seen.json()).toMatchObject({ id: event.payload.to, name: 'The Lees' });

    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      const again = memoryStorage();
      again.store.set(MIRROR_TOKEN_KEY, demoDisplay);
      expect(await followMove(apiFor(demoDisplay), again.storage, event.payload.claimId)).toBe(false);
      expect(again.store.get(MIRROR_TOKEN_KEY)).toBe(demoDisplay);
      expect(warn).toHaveBeenCalledTimes(1);
      expect(String(warn.mock.calls[0][1])).toContain('This mirror has already moved');
    } finally {
      warn.mockRestore();
    }
  });
});
