import type { LightMyRequestResponse } from 'fastify';
import { buildTestApp, type TestApp } from '@test/helpers/build-app';
import { STORE_KINDS } from '@test/helpers/stores';

jest.setTimeout(60_000);

/**
 * The mirror's display token sits on a screen in the hall: anyone passing by can read it off the
 * kiosk. The four things that would hurt most if it could do them are tried here one by one with
 * bodies that would succeed for a person's token, so a refusal is the scope check and nothing else.
 * (outsider-attacks.test.ts sweeps every route; this names the four the issue promises.)
 */
describe.each(STORE_KINDS)('the mirror’s display token [%s]', (kind) => {
  let t: TestApp;
  let owner: { authorization: string };
  let display: { authorization: string };
  let householdId = '';

  beforeAll(async () => {
    t = await buildTestApp({ store: kind });
    const h = await t.household('Famille Martin', 'fr-FR');
    householdId = h.id;
    owner = h.auth;
    display = { authorization: `Bearer ${await t.app.households.tokens.issue(h.id, 'display', null, 'mirror')}` };
    const set = await t.app.inject({ method: 'PUT', url: '/api/v1/privacy/consents', headers: owner, payload: { calendars: true, telemetry: true } });
    expect(set.statusCode).toBe(200);
  });
  afterAll(async () => t?.close());

  const refusedForScope = (res: LightMyRequestResponse) => {
    expect(res.statusCode).toBe(403);
    expect(res.json<{ error: { code: string } }>().error.code).toBe('INSUFFICIENT_SCOPE');
    // The refusal carries nothing of the household.
    expect(res.body).not.toContain('Famille Martin');
  };

  it('cannot export the household’s data', async () => {
    refusedForScope(await t.app.inject({ method: 'GET', url: '/api/v1/privacy/export', headers: display }));
    refusedForScope(await t.app.inject({ method: 'GET', url: '/api/v1/privacy/export?embed=photos', headers: display }));
    // The person's token can, so the route is there and the refusal is about who asks.
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/privacy/export', headers: owner })).statusCode).toBe(200);
  });

  it('cannot change a consent', async () => {
    refusedForScope(await t.app.inject({ method: 'PUT', url: '/api/v1/privacy/consents', headers: display, payload: { calendars: false, telemetry: false } }));
    const consents = (await t.app.inject({ method: 'GET', url: '/api/v1/privacy/consents', headers: owner })).json<{ consents: Record<string, boolean> }>().consents;
    expect(consents).toMatchObject({ calendars: true, telemetry: true });
  });

  it('cannot add a device (whose token would then report readings and trigger orders)', async () => {
    const supply = await t.app.inject({ method: 'POST', url: '/api/v1/supplies', headers: owner, payload: { name: 'Lait', unit: 'L', capacity: 6, level: 6, reorderPoint: 1.5 } });
    expect(supply.statusCode).toBe(201);
    const body = { name: 'Frigo', kind: 'fridge', supplyIds: [supply.json<{ id: string }>().id] };
    refusedForScope(await t.app.inject({ method: 'POST', url: '/api/v1/devices', headers: display, payload: body }));
    const devices = (await t.app.inject({ method: 'GET', url: '/api/v1/devices', headers: owner })).json<{ devices: unknown[] }>().devices;
    expect(devices).toEqual([]);
  });

  it('cannot erase the household, not even holding a confirmation a person asked for', async () => {
    refusedForScope(await t.app.inject({ method: 'POST', url: '/api/v1/household/erase-confirmation', headers: display }));
    const asked = await t.app.inject({ method: 'POST', url: '/api/v1/household/erase-confirmation', headers: owner });
    expect(asked.statusCode).toBe(201);
    const { confirmation } = asked.json<{ confirmation: string }>();
    refusedForScope(await t.app.inject({ method: 'DELETE', url: '/api/v1/household', headers: display, payload: { confirmation } }));
    const still = await t.app.inject({ method: 'GET', url: '/api/v1/household', headers: owner });
    expect(still.statusCode).toBe(200);
    expect(still.json<{ id: string }>().id).toBe(householdId);
  });
});
