import { generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '@server/app';
import { buildTestApp, type TestApp } from '@test/helpers/build-app';
import { RecordingStub } from '@test/helpers/recording-stub';
import { STORE_KINDS } from '@test/helpers/stores';
import { OAUTH_ENV, PlatformStub } from '@test/oauth/helpers/platform';
import { pairingCode } from '@test/skills/helpers/skill-app';

const REPORT = '/v1/devices:reportStateAndNotification';
type Report = { payload: { devices: { states: Record<string, { on?: boolean }> } }; agentUserId: string };

/**
 * Google is told when the scheduled night starts and ends (Paris, 23:00–06:30, UTC+1 in
 * December), by one instance of two sharing the store, once per boundary, through the debounced
 * HomeGraph reporter; an override in force hides the boundary it covers.
 */
describe.each(STORE_KINDS)('Report State at the scheduled night boundaries (%s)', (kind) => {
  let t: TestApp;
  let second: FastifyInstance;
  let google: RecordingStub;
  let keyDir: string;
  let home: Awaited<ReturnType<TestApp['household']>>;
  let unlinked: string;
  /** mirror.power events seen by each instance's bus (its own, and in a fleet its peer's through the relay). */
  const seen: [string[], string[]] = [[], []];

  const reports = () => google.to(REPORT).map((r) => google.json<Report>(r));
  /** The per-minute job of both instances at once. */
  const tickBoth = (): Promise<string[][]> => Promise.all([t.app.mirrorPower.tick(), second.mirrorPower.tick()]);
  /** Waits until the relay handed each announced event to the other instance too (PostgreSQL), then flushes both reporters. */
  const settle = async (announced: number) => {
    if (kind === 'postgres') {
      const until = Date.now() + 5_000;
      while ((seen[0].length < announced || seen[1].length < announced) && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
      expect([seen[0].length, seen[1].length]).toEqual([announced, announced]);
    }
    await Promise.all([t.app.googleHome.reporter!.flush(), second.googleHome.reporter!.flush()]);
  };

  beforeAll(async () => {
    google = await RecordingStub.start();
    google.on('/token', () => ({ status: 200, body: { access_token: 'ya29.stub-homegraph', expires_in: 3600, token_type: 'Bearer' } }));
    google.on(REPORT, () => ({ status: 200, body: {} }));
    google.on('/v1/devices:requestSync', () => ({ status: 200, body: {} }));
    const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
    keyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'miroir-sa-'));
    const keyFile = path.join(keyDir, 'service-account.json');
    fs.writeFileSync(keyFile, JSON.stringify({ type: 'service_account', project_id: 'miroir-home-1234', client_email: 'homegraph@miroir-home-1234.iam.gserviceaccount.com', private_key: keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), token_uri: `${google.url}/token` }));
    t = await buildTestApp({ store: kind, now: '2026-11-30T07:00:00Z', env: { ...OAUTH_ENV, GOOGLE_SERVICE_ACCOUNT_FILE: keyFile, HOMEGRAPH_URL: google.url, HOMEGRAPH_DEBOUNCE_MS: '100000' } });
    // Another instance on the same store and clock.
    second = await buildApp({ config: t.config, clock: t.clock, store: t.testStore.store, logger: false });
    await second.ready();
    [t.app, second].forEach((app, i) =>
      app.events.subscribe((e) => {
        if (e.type === 'mirror.power') seen[i].push(e.householdId);
      }),
    );
    home = await t.household('Maison Martin', 'fr-FR');
    // A household Google is not linked to: its night starts too, and nothing is reported for it.
    unlinked = (await t.household('Sans Google', 'fr-FR')).id;
    t.clock.advance(11 * 60_000);
    await PlatformStub.google(t).link(await pairingCode(t, home.auth));
  });
  afterAll(async () => {
    await second.close();
    await t.close();
    await google.close();
    fs.rmSync(keyDir, { recursive: true, force: true });
  });

  it('reports on=false once at 23:00 and on=true once at 06:30, from one of two instances', async () => {
    // The first look only records where it starts.
    expect(await tickBoth()).toEqual([[], []]);
    t.clock.set('2026-11-30T21:59:00Z');
    expect((await tickBoth()).flat()).toEqual([]);
    await settle(0);
    expect(reports()).toEqual([]);

    // 23:00:30 in Paris: the night started.
    t.clock.set('2026-11-30T22:00:30Z');
    const evening = await tickBoth();
    // Announced by one instance only (the other found nothing new), for both households (their pages and apps hear it).
    expect(evening.filter((ids) => ids.length > 0)).toHaveLength(1);
    expect(evening.flat().sort()).toEqual([home.id, unlinked].sort());
    await settle(2);
    expect(reports()).toHaveLength(1);
    expect(reports()[0].payload.devices.states.mirror).toEqual({ online: true, on: false });
    // The next minutes: nothing new.
    t.clock.set('2026-11-30T22:01:30Z');
    expect((await tickBoth()).flat()).toEqual([]);
    await settle(2);
    expect(reports()).toHaveLength(1);
    expect(reports()[0].agentUserId).toBe(home.id);

    t.clock.set('2026-12-01T05:29:30Z');
    expect((await tickBoth()).flat()).toEqual([]);
    // 06:30:30: the night ended.
    t.clock.set('2026-12-01T05:30:30Z');
    expect((await tickBoth()).flat().sort()).toEqual([home.id, unlinked].sort());
    await settle(4);
    expect(reports()).toHaveLength(2);
    expect(reports()[1].payload.devices.states.mirror).toEqual({ online: true, on: true });
    t.clock.set('2026-12-01T05:31:30Z');
    expect((await tickBoth()).flat()).toEqual([]);
    await settle(4);
    expect(reports()).toHaveLength(2);
  });

  it('an override in force hides the boundary it covers; its end is reported once', async () => {
    // 22:30 in Paris: "turn off the mirror" now, until 06:30 (reported by the switch itself).
    t.clock.set('2026-12-01T21:30:00Z');
    expect((await tickBoth()).flat()).toEqual([]);
    expect((await t.app.inject({ method: 'PUT', url: '/api/v1/mirror/power', headers: home.auth, payload: { awake: false } })).statusCode).toBe(200);
    await settle(5);
    expect(reports()).toHaveLength(3);
    expect(reports()[2].payload.devices.states.mirror).toEqual({ online: true, on: false });
    // 23:00: already dark, nothing to tell (the household without an override has its night start).
    t.clock.set('2026-12-01T22:00:30Z');
    expect((await tickBoth()).flat()).toEqual([unlinked]);
    await settle(6);
    expect(reports()).toHaveLength(3);
    // 06:30: the override runs out as the night ends, one announcement for both.
    t.clock.set('2026-12-02T05:30:30Z');
    expect((await tickBoth()).flat().sort()).toEqual([home.id, unlinked].sort());
    await settle(8);
    expect(reports()).toHaveLength(4);
    expect(reports()[3].payload.devices.states.mirror).toEqual({ online: true, on: true });
  });
});
