import { generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildTestApp, type TestApp } from '@test/helpers/build-app';
import { RecordingStub } from '@test/helpers/recording-stub';
import { STORE_KINDS } from '@test/helpers/stores';
import { OAUTH_ENV, PlatformStub, type TokenPair } from '@test/oauth/helpers/platform';
import { pairingCode } from '@test/skills/helpers/skill-app';

type Json = Record<string, unknown>;

/** "Hey Google, turn off the mirror", as Google sends it (shape from the smart home EXECUTE reference). */
const executeOnOff = (on: unknown, requestId: string) => ({
  requestId,
  inputs: [
    {
      intent: 'action.devices.EXECUTE',
      payload: { commands: [{ devices: [{ id: 'mirror', customData: {} }], execution: [{ command: 'action.devices.commands.OnOff', params: { on } }] }] },
    },
  ],
});
const queryMirror = (requestId: string) => ({ requestId, inputs: [{ intent: 'action.devices.QUERY', payload: { devices: [{ id: 'mirror', customData: {} }] } }] });

describe.each(STORE_KINDS)('the mirror as a Google Home switch: night override (%s)', (kind) => {
  let t: TestApp;
  let google: RecordingStub;
  let home: Awaited<ReturnType<TestApp['household']>>;
  let pair: TokenPair;
  let keyDir: string;

  let platform: PlatformStub;
  /** As Google does: an access token that expired (the clock jumps days here) is refreshed, then the call repeated. */
  const ask = async (body: object) => {
    const send = () => t.app.inject({ method: 'POST', url: '/google/smarthome', headers: { authorization: `Bearer ${pair.access_token}` }, payload: body });
    let res = await send();
    if (res.statusCode === 401) {
      const refreshed = await platform.refresh(pair.refresh_token);
      expect(refreshed.status).toBe(200);
      pair = refreshed.body as TokenPair;
      res = await send();
    }
    expect(res.statusCode).toBe(200);
    return res.json() as { requestId: string; payload: Json };
  };
  const mirrorOn = async (requestId: string) => ((await ask(queryMirror(requestId))).payload.devices as Record<string, Json>).mirror;
  const power = async (auth: { authorization: string } = home.auth) => (await t.app.inject({ method: 'GET', url: '/api/v1/mirror/power', headers: auth })).json() as Json;
  const lastReport = () => {
    const sent = google.to('/v1/devices:reportStateAndNotification').at(-1);
    return sent ? google.json<{ requestId: string; payload: { devices: { states: Record<string, Json> } } }>(sent) : null;
  };

  beforeAll(async () => {
    google = await RecordingStub.start();
    google.on('/token', () => ({ status: 200, body: { access_token: 'ya29.stub-homegraph', expires_in: 3600, token_type: 'Bearer' } }));
    google.on('/v1/devices:reportStateAndNotification', () => ({ status: 200, body: {} }));
    google.on('/v1/devices:requestSync', () => ({ status: 200, body: {} }));
    const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
    keyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'miroir-sa-'));
    const keyFile = path.join(keyDir, 'service-account.json');
    fs.writeFileSync(keyFile, JSON.stringify({ type: 'service_account', project_id: 'miroir-home-1234', client_email: 'homegraph@miroir-home-1234.iam.gserviceaccount.com', private_key: keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), token_uri: `${google.url}/token` }));
    // 08:00 in Paris, outside the default night hours (23:00–06:30).
    t = await buildTestApp({ store: kind, now: '2026-11-30T07:00:00Z', env: { ...OAUTH_ENV, GOOGLE_SERVICE_ACCOUNT_FILE: keyFile, HOMEGRAPH_URL: google.url, HOMEGRAPH_DEBOUNCE_MS: '100000' } });
    home = await t.household('Maison Martin', 'fr-FR');
    t.clock.advance(11 * 60_000);
    platform = PlatformStub.google(t);
    pair = await platform.link(await pairingCode(t, home.auth));
  });
  afterAll(async () => {
    await t.close();
    await google.close();
    fs.rmSync(keyDir, { recursive: true, force: true });
  });

  it('SYNC offers the mirror as a switch Google may turn on and off', async () => {
    const res = await ask({ requestId: 'sync-1', inputs: [{ intent: 'action.devices.SYNC' }] });
    const mirror = (res.payload.devices as Json[]).find((d) => d.id === 'mirror');
    expect(mirror).toMatchObject({ traits: ['action.devices.traits.OnOff'], willReportState: true, attributes: { queryOnlyOnOff: false } });
  });

  it('EXECUTE off: night mode now until the end of the night hours; QUERY and Report State say so; it expires at 06:30', async () => {
    expect(await mirrorOn('q-0')).toEqual({ online: true, status: 'SUCCESS', on: true });
    const reportsBefore = google.to('/v1/devices:reportStateAndNotification').length;
    const res = await ask(executeOnOff(false, '5d2f8a3c-1b2e-4f6a-9c1d-000000000001'));
    expect(res.requestId).toBe('5d2f8a3c-1b2e-4f6a-9c1d-000000000001');
    expect(res.payload.commands).toEqual([{ ids: ['mirror'], status: 'SUCCESS', states: { online: true, on: false } }]);
    expect(await mirrorOn('q-1')).toEqual({ online: true, status: 'SUCCESS', on: false });
    // 06:30 tomorrow in Paris (UTC+1), the end of the night hours.
    expect(await power()).toEqual({ awake: false, override: { mode: 'night', until: '2026-12-01T05:30:00.000Z' } });

    await t.app.googleHome.reporter!.flush();
    expect(google.to('/v1/devices:reportStateAndNotification').length).toBe(reportsBefore + 1);
    expect(lastReport()!.payload.devices.states.mirror).toEqual({ online: true, on: false });

    t.clock.set('2026-12-01T05:29:00Z');
    expect(await mirrorOn('q-2')).toMatchObject({ on: false });
    t.clock.set('2026-12-01T05:30:00Z');
    expect(await mirrorOn('q-3')).toMatchObject({ on: true });
    expect(await power()).toEqual({ awake: true, override: null });
    // The override running out is reported too (the expiry job), once.
    expect(await t.app.mirrorPower.expireDue()).toEqual([home.id]);
    expect(await t.app.mirrorPower.expireDue()).toEqual([]);
    await t.app.googleHome.reporter!.flush();
    expect(lastReport()!.payload.devices.states.mirror).toEqual({ online: true, on: true });
  });

  it('EXECUTE on inside the night hours: awake now until the next night starts', async () => {
    // 23:30 in Paris: the schedule says night.
    t.clock.set('2026-12-01T22:30:00Z');
    expect(await mirrorOn('q-4')).toMatchObject({ on: false });
    const res = await ask(executeOnOff(true, 'exec-on-1'));
    expect(res.payload.commands).toEqual([{ ids: ['mirror'], status: 'SUCCESS', states: { online: true, on: true } }]);
    expect(await power()).toEqual({ awake: true, override: { mode: 'awake', until: '2026-12-02T22:00:00.000Z' } });
    t.clock.set('2026-12-02T03:00:00Z');
    expect(await mirrorOn('q-5')).toMatchObject({ on: true });
    t.clock.set('2026-12-02T22:00:00Z');
    expect(await mirrorOn('q-6')).toMatchObject({ on: false });
    // Off again during the night: until this night's end, not tomorrow's.
    await ask(executeOnOff(false, 'exec-off-2'));
    expect(await power()).toEqual({ awake: false, override: { mode: 'night', until: '2026-12-03T05:30:00.000Z' } });
    // And on outside the night hours simply hands back to the schedule.
    t.clock.set('2026-12-03T09:00:00Z');
    await ask(executeOnOff(false, 'exec-off-3'));
    await ask(executeOnOff(true, 'exec-on-3'));
    expect(await power()).toEqual({ awake: true, override: null });
  });

  it('without night hours, off lasts until 07:00 the next morning', async () => {
    const patched = await t.app.inject({ method: 'PATCH', url: '/api/v1/household', headers: home.auth, payload: { settings: { nightMode: { enabled: false, start: '23:00', end: '06:30' } } } });
    expect(patched.statusCode).toBe(200);
    t.clock.set('2026-12-03T19:00:00Z');
    await ask(executeOnOff(false, 'exec-off-4'));
    expect(await power()).toEqual({ awake: false, override: { mode: 'night', until: '2026-12-04T06:00:00.000Z' } });
    t.clock.set('2026-12-04T06:00:00Z');
    expect(await mirrorOn('q-7')).toMatchObject({ on: true });
  });

  it('refuses an OnOff without a boolean, and changes nothing', async () => {
    const before = await power();
    const res = await ask(executeOnOff('off', 'exec-bad'));
    expect(res.payload.commands).toEqual([{ ids: ['mirror'], status: 'ERROR', errorCode: 'functionNotSupported' }]);
    expect(await power()).toEqual(before);
  });

  it('PUT /api/v1/mirror/power: people switch it, the mirror only reads it, a bad body is a 400', async () => {
    const display = await t.app.households.tokens.issue(home.id, 'display', null, 'mirror');
    const displayAuth = { authorization: `Bearer ${display}` };
    expect((await t.app.inject({ method: 'PUT', url: '/api/v1/mirror/power', headers: displayAuth, payload: { awake: false } })).statusCode).toBe(403);
    const bad = await t.app.inject({ method: 'PUT', url: '/api/v1/mirror/power', headers: home.auth, payload: { awake: 'no' } });
    expect([bad.statusCode, (bad.json() as { error: { code: string } }).error.code]).toEqual([400, 'VALIDATION_FAILED']);
    const off = await t.app.inject({ method: 'PUT', url: '/api/v1/mirror/power', headers: home.auth, payload: { awake: false } });
    expect(off.statusCode).toBe(200);
    expect(await power(displayAuth)).toMatchObject({ awake: false, override: { mode: 'night' } });
    expect(await mirrorOn('q-8')).toMatchObject({ on: false });
  });
});
