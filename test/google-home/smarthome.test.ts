import { createVerify, generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildTestApp, type TestApp } from '@test/helpers/build-app';
import { RecordingStub } from '@test/helpers/recording-stub';
import { STORE_KINDS } from '@test/helpers/stores';
import { OAUTH_ENV, PlatformStub, type TokenPair } from '@test/oauth/helpers/platform';
import { pairingCode } from '@test/skills/helpers/skill-app';

type Json = Record<string, unknown>;
interface SyncDevice {
  id: string;
  type: string;
  traits: string[];
  name: { name: string };
  attributes: Json;
}

/** Requests as Google sends them to a cloud-to-cloud fulfillment (shapes from Google's smart home reference). */
const sync = (requestId = 'ff36a3cc-ec34-11e6-b1a0-64510650abcf') => ({ requestId, inputs: [{ intent: 'action.devices.SYNC' }] });
const query = (ids: string[]) => ({ requestId: 'ff36a3cc-ec34-11e6-b1a0-64510650abd0', inputs: [{ intent: 'action.devices.QUERY', payload: { devices: ids.map((id) => ({ id, customData: {} })) } }] });
const execute = (id: string, command: string, params: Json, challenge?: Json, requestId = 'ff36a3cc-ec34-11e6-b1a0-64510650abd1') => ({
  requestId,
  inputs: [{ intent: 'action.devices.EXECUTE', payload: { commands: [{ devices: [{ id }], execution: [{ command, params, ...(challenge ? { challenge } : {}) }] }] } }],
});
const disconnect = () => ({ requestId: 'ff36a3cc-ec34-11e6-b1a0-64510650abd2', inputs: [{ intent: 'action.devices.DISCONNECT' }] });

describe.each(STORE_KINDS)('POST /google/smarthome and HomeGraph (%s)', (kind) => {
  let t: TestApp;
  let google: RecordingStub;
  let home: Awaited<ReturnType<TestApp['household']>>;
  let other: Awaited<ReturnType<TestApp['household']>>;
  let pair: TokenPair;
  let ids: { filter: string; milk: string; coffee: string; device: string; otherMilk: string };
  const publicKey = { pem: '' };
  let keyDir: string;

  const ask = async (body: object, token: string | null = pair.access_token) => {
    const res = await t.app.inject({ method: 'POST', url: '/google/smarthome', headers: token ? { authorization: `Bearer ${token}` } : {}, payload: body });
    return { status: res.statusCode, body: res.json() as { requestId?: string; payload: Json; error?: { code: string } } };
  };

  beforeAll(async () => {
    google = await RecordingStub.start();
    google.on('/token', () => ({ status: 200, body: { access_token: 'ya29.stub-homegraph', expires_in: 3600, token_type: 'Bearer' } }));
    google.on('/v1/devices:reportStateAndNotification', () => ({ status: 200, body: { requestId: 'x' } }));
    google.on('/v1/devices:requestSync', () => ({ status: 200, body: {} }));
    const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
    publicKey.pem = keys.publicKey.export({ type: 'spki', format: 'pem' }).toString();
    keyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'miroir-sa-'));
    const keyFile = path.join(keyDir, 'service-account.json');
    fs.writeFileSync(keyFile, JSON.stringify({ type: 'service_account', project_id: 'miroir-home-1234', client_email: 'homegraph@miroir-home-1234.iam.gserviceaccount.com', private_key: keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), token_uri: `${google.url}/token` }));
    t = await buildTestApp({ store: kind, env: { ...OAUTH_ENV, GOOGLE_SERVICE_ACCOUNT_FILE: keyFile, HOMEGRAPH_URL: google.url, HOMEGRAPH_DEBOUNCE_MS: '100000' } });
    home = await t.household('Maison Martin', 'fr-FR');
    other = await t.household('Other', 'en-US');
    await t.app.consents.set(home.id, { telemetry: true });
    const filter = await t.app.supplies.create(home.id, { name: 'Filtre à eau', unit: 'L', capacity: 150, level: 40, reorderPoint: 15, sku: 'water-filter', policy: { mode: 'notify' } });
    const milk = await t.app.supplies.create(home.id, { name: 'Lait', unit: 'L', capacity: 6, level: 5, reorderPoint: 2, sku: 'milk-1l', policy: { mode: 'ask' } });
    const coffee = await t.app.supplies.create(home.id, { name: 'Café', unit: 'kg', capacity: 2, level: 1, reorderPoint: 0.3, sku: 'coffee-beans-1kg', policy: { mode: 'notify' } });
    const device = await t.app.supplies.createDevice(home.id, { name: 'Frigo', kind: 'fridge', supplyIds: [filter.id, milk.id] });
    const otherMilk = await t.app.supplies.create(other.id, { name: 'Milk', unit: 'L', capacity: 6, level: 1, reorderPoint: 2, sku: 'milk-1l', policy: { mode: 'ask' } });
    ids = { filter: filter.id, milk: milk.id, coffee: coffee.id, device: device.id, otherMilk: otherMilk.id };
    t.clock.advance(11 * 60_000);
    pair = await PlatformStub.google(t).link(await pairingCode(t, home.auth));
  });
  afterAll(async () => {
    await t.close();
    await google.close();
    fs.rmSync(keyDir, { recursive: true, force: true });
  });

  it('refuses a request without a valid Google link token with 401, before reading the body', async () => {
    expect((await ask(sync(), null)).status).toBe(401);
    expect((await ask(sync(), 'ml_forged')).status).toBe(401);
    expect((await ask(sync(), home.token)).status).toBe(401);
    const alexaLink = await t.app.households.tokens.issue(home.id, 'link', 'alexa', 'alexa');
    expect((await ask(sync(), alexaLink)).status).toBe(401);
    // The Dialogflow fulfillment's own link token is Google's too, but no OAuth link: refused here.
    const dialogflowLink = await t.app.households.tokens.issue(home.id, 'link', 'google', 'google voice link');
    expect((await ask(sync(), dialogflowLink)).status).toBe(401);
    expect((await ask({ not: 'a smart home request' }, 'ml_forged')).status).toBe(401);
  });

  it('SYNC: the mirror, a FilterLifeTime sensor, a fill sensor per measured supply, a scene per orderable supply', async () => {
    const res = await ask(sync());
    expect(res.status).toBe(200);
    expect(res.body.requestId).toBe('ff36a3cc-ec34-11e6-b1a0-64510650abcf');
    expect(res.body.payload.agentUserId).toBe(home.id);
    const devices = res.body.payload.devices as SyncDevice[];
    const byId = Object.fromEntries(devices.map((d) => [d.id, d]));
    expect(byId.mirror).toMatchObject({ traits: ['action.devices.traits.OnOff'], name: { name: 'Miroir' }, attributes: { queryOnlyOnOff: false } });
    expect(byId[`supply:${ids.filter}`]).toMatchObject({ type: 'action.devices.types.SENSOR', traits: ['action.devices.traits.SensorState'], name: { name: 'Filtre à eau' } });
    expect((byId[`supply:${ids.filter}`].attributes.sensorStatesSupported as Json[])[0]).toMatchObject({ name: 'FilterLifeTime', numericCapabilities: { rawValueUnit: 'PERCENTAGE' } });
    expect(byId[`supply:${ids.milk}`]).toMatchObject({ traits: ['action.devices.traits.Fill'], attributes: { availableFillLevels: { ordered: true, supportsFillPercent: true } } });
    // Coffee is not measured by a device: no sensor, but it can be reordered.
    expect(byId[`supply:${ids.coffee}`]).toBeUndefined();
    expect(byId[`reorder:${ids.coffee}`]).toMatchObject({ type: 'action.devices.types.SCENE', name: { name: 'Recommander Café' }, attributes: { sceneReversible: false } });
    expect(byId[`reorder:${ids.otherMilk}`]).toBeUndefined();
  });

  it('QUERY: levels and the mirror, deviceNotFound for an unknown device or another household’s', async () => {
    const res = await ask(query(['mirror', `supply:${ids.filter}`, `supply:${ids.milk}`, 'supply:nope', `supply:${ids.otherMilk}`, `reorder:${ids.otherMilk}`]));
    const d = res.body.payload.devices as Record<string, Json>;
    // 07:11 in Paris on the default night hours (23:00–06:30): awake.
    expect(d.mirror).toEqual({ online: true, status: 'SUCCESS', on: true });
    expect(d[`supply:${ids.filter}`]).toEqual({ online: true, status: 'SUCCESS', currentSensorStateData: [{ name: 'FilterLifeTime', currentSensorState: 'good', rawValue: 27 }] });
    expect(d[`supply:${ids.milk}`]).toEqual({ online: true, status: 'SUCCESS', isFilled: true, currentFillLevel: 'full', currentFillPercent: 83 });
    for (const id of ['supply:nope', `supply:${ids.otherMilk}`, `reorder:${ids.otherMilk}`]) expect(d[id]).toEqual({ online: false, status: 'ERROR', errorCode: 'deviceNotFound' });
  });

  it('EXECUTE a reorder scene: the first asks for an acknowledgement with product, quantity and price; the acknowledged retry orders once', async () => {
    const scene = `reorder:${ids.coffee}`;
    const first = await ask(execute(scene, 'action.devices.commands.ActivateScene', { deactivate: false }));
    const [challenge] = first.body.payload.commands as Json[];
    expect(challenge).toMatchObject({ ids: [scene], status: 'ERROR', errorCode: 'challengeNeeded', challengeNeeded: { type: 'ackNeeded' } });
    expect(challenge.states).toMatchObject({ online: true, product: 'Café en grains 1 kg', quantity: 1 });
    expect(String((challenge.states as Json).price).replace(/\s/g, ' ')).toBe('14,50 €');
    const none = await t.app.orders.latest(home.id);
    expect(none).toBeNull();

    const acked = await ask(execute(scene, 'action.devices.commands.ActivateScene', { deactivate: false }, { ack: true }, 'retry-1'));
    const [done] = acked.body.payload.commands as Json[];
    expect(done).toMatchObject({ ids: [scene], status: 'SUCCESS' });
    const orderId = (done.states as Json).orderId;
    // Google repeats the acknowledged request (a timeout on its side): still one order.
    const again = await ask(execute(scene, 'action.devices.commands.ActivateScene', { deactivate: false }, { ack: true }, 'retry-2'));
    expect(((again.body.payload.commands as Json[])[0].states as Json).orderId).toBe(orderId);
    const orders = await t.app.store.db.selectFrom('orders').select(['id', 'channel']).where('household_id', '=', home.id).execute();
    expect(orders).toEqual([{ id: orderId, channel: 'google' }]);
  });

  it('EXECUTE: an ack without a read-back is asked again; an unknown device, a command the mirror has not and deactivate are refused', async () => {
    const milkScene = `reorder:${ids.milk}`;
    const blind = await ask(execute(milkScene, 'action.devices.commands.ActivateScene', { deactivate: false }, { ack: true }));
    expect((blind.body.payload.commands as Json[])[0]).toMatchObject({ errorCode: 'challengeNeeded' });
    const unknown = await ask(execute(`reorder:${ids.otherMilk}`, 'action.devices.commands.ActivateScene', { deactivate: false }, { ack: true }));
    expect((unknown.body.payload.commands as Json[])[0]).toEqual({ ids: [`reorder:${ids.otherMilk}`], status: 'ERROR', errorCode: 'deviceNotFound' });
    const mirror = await ask(execute('mirror', 'action.devices.commands.BrightnessAbsolute', { brightness: 40 }));
    expect((mirror.body.payload.commands as Json[])[0]).toMatchObject({ status: 'ERROR', errorCode: 'functionNotSupported' });
    const undo = await ask(execute(milkScene, 'action.devices.commands.ActivateScene', { deactivate: true }));
    expect((undo.body.payload.commands as Json[])[0]).toMatchObject({ status: 'ERROR', errorCode: 'functionNotSupported' });
    expect(await t.app.store.db.selectFrom('orders').select('id').where('supply_id', '=', ids.milk).execute()).toEqual([]);
  });

  it('answers an unknown intent or a malformed payload with protocolError, a body that is no request with 400, never a 500', async () => {
    const unknown = await ask({ requestId: 'r1', inputs: [{ intent: 'action.devices.IDENTIFY', payload: {} }] });
    expect([unknown.status, unknown.body.payload.errorCode]).toEqual([200, 'protocolError']);
    const badQuery = await ask({ requestId: 'r2', inputs: [{ intent: 'action.devices.QUERY', payload: { devices: 'all' } }] });
    expect([badQuery.status, badQuery.body.payload.errorCode]).toEqual([200, 'protocolError']);
    const badExecute = await ask({ requestId: 'r3', inputs: [{ intent: 'action.devices.EXECUTE', payload: { commands: [{ devices: [] }] } }] });
    expect(badExecute.body.payload.errorCode).toBe('protocolError');
    const junk = await ask({ inputs: 'x' });
    expect([junk.status, junk.body.error?.code]).toEqual([400, 'VALIDATION_FAILED']);
  });

  it('reports level changes to HomeGraph in one batched call, signed with the service account; a new measured supply asks for a SYNC', async () => {
    await ask(sync());
    const before = google.requests.length;
    const at = t.clock.now().toISOString();
    await t.app.supplies.ingest(home.id, ids.device, [{ id: 'r-1', supplyId: ids.milk, level: 3, unit: 'L', at }]);
    await t.app.supplies.ingest(home.id, ids.device, [{ id: 'r-2', supplyId: ids.filter, level: 30, unit: 'L', at }]);
    await t.app.googleHome.reporter!.flush();
    const sent = google.requests.slice(before);
    const reports = sent.filter((r) => r.path === '/v1/devices:reportStateAndNotification');
    expect(reports).toHaveLength(1);
    expect(reports[0].headers.authorization).toBe('Bearer ya29.stub-homegraph');
    const report = google.json<{ agentUserId: string; payload: { devices: { states: Record<string, Json> } } }>(reports[0]);
    expect(report.agentUserId).toBe(home.id);
    expect(report.payload.devices.states[`supply:${ids.milk}`]).toMatchObject({ currentFillPercent: 50, currentFillLevel: 'half' });
    expect(report.payload.devices.states[`supply:${ids.filter}`]).toMatchObject({ currentSensorStateData: [{ name: 'FilterLifeTime', rawValue: 20 }] });
    expect(report.payload.devices.states.mirror).toEqual({ online: true, on: true });
    expect(Object.keys(report.payload.devices.states).some((k) => k.startsWith('reorder:'))).toBe(false);
    // The token request is a JWT bearer assertion signed by the service account's key.
    const tokenRequest = google.to('/token').at(-1)!;
    const assertion = new URLSearchParams(tokenRequest.body).get('assertion')!;
    const [h, p, s] = assertion.split('.');
    expect(createVerify('RSA-SHA256').update(`${h}.${p}`).verify(publicKey.pem, Buffer.from(s, 'base64url'))).toBe(true);
    expect(JSON.parse(Buffer.from(p, 'base64url').toString())).toMatchObject({ iss: 'homegraph@miroir-home-1234.iam.gserviceaccount.com', scope: 'https://www.googleapis.com/auth/homegraph', aud: `${google.url}/token` });

    const eggs = await t.app.supplies.create(home.id, { name: 'Œufs', unit: 'pcs', capacity: 12, level: 12, reorderPoint: 3, sku: 'eggs-12', policy: { mode: 'notify' } });
    await t.app.supplies.createDevice(home.id, { name: 'Boîte à œufs', kind: 'scale', supplyIds: [eggs.id] });
    await t.app.supplies.ingest(home.id, ids.device, [{ id: 'r-3', supplyId: ids.milk, level: 2.5, unit: 'L', at }]);
    await t.app.googleHome.reporter!.flush();
    const syncs = google.to('/v1/devices:requestSync');
    expect(syncs).toHaveLength(1);
    expect(google.json(syncs[0])).toEqual({ agentUserId: home.id, async: true });
    // A household without a Google link is never reported.
    await t.app.supplies.update(other.id, ids.otherMilk, { name: 'Whole milk' });
    t.app.googleHome.reporter!.changed(other.id);
    await t.app.googleHome.reporter!.flush();
    expect(google.requests.some((r) => r.body.includes(other.id))).toBe(false);
  });

  it('survives HomeGraph failing: nothing thrown, the next change reports the whole state again', async () => {
    google.on('/v1/devices:reportStateAndNotification', () => ({ status: 503, body: { error: { code: 503 } } }));
    const at = t.clock.now().toISOString();
    const failedBefore = google.to('/v1/devices:reportStateAndNotification').length;
    await t.app.supplies.ingest(home.id, ids.device, [{ id: 'r-f1', supplyId: ids.milk, level: 2.2, unit: 'L', at }]);
    await expect(t.app.googleHome.reporter!.flush()).resolves.toBeUndefined();
    expect(google.to('/v1/devices:reportStateAndNotification').length).toBe(failedBefore + 1);
    google.on('/v1/devices:reportStateAndNotification', () => ({ status: 200, body: {} }));
    await t.app.supplies.ingest(home.id, ids.device, [{ id: 'r-f2', supplyId: ids.filter, level: 25, unit: 'L', at }]);
    await t.app.googleHome.reporter!.flush();
    const last = google.json<{ payload: { devices: { states: Record<string, Json> } } }>(google.to('/v1/devices:reportStateAndNotification').at(-1)!);
    expect(last.payload.devices.states[`supply:${ids.milk}`]).toMatchObject({ currentFillPercent: 37 });
    expect(last.payload.devices.states[`supply:${ids.filter}`]).toMatchObject({ currentSensorStateData: [{ rawValue: 17 }] });
  });

  it('DISCONNECT revokes that link and stops reporting', async () => {
    const res = await ask(disconnect());
    expect([res.status, res.body]).toEqual([200, {}]);
    expect((await ask(sync())).status).toBe(401);
    expect(((await t.app.inject({ method: 'GET', url: '/api/v1/links', headers: home.auth })).json() as { links: unknown[] }).links).toEqual([]);
    const before = google.requests.length;
    await t.app.supplies.ingest(home.id, ids.device, [{ id: 'r-4', supplyId: ids.milk, level: 2, unit: 'L', at: t.clock.now().toISOString() }]);
    await t.app.googleHome.reporter!.flush();
    expect(google.requests.length).toBe(before);
  });
});
