import { createHash } from 'node:crypto';
import { fork, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import { sql } from 'kysely';
import { ManualClock } from '@server/core/clock';
import type { DomainEvent } from '@server/core/events';
import { HouseholdService } from '@server/households/service';
import { bundleChild, repoRoot } from '@test/helpers/child-bundle';
import { createTestStore, TEST_PG_URL, type TestStore } from '@test/helpers/stores';
import { StubStore } from '@test/orders/fixtures/stub-store';

/**
 * The fleet scenario shared by `test/fleet/fleet.test.ts` (small figures) and `npm run bench --
 * fleet` (the figures): N real server processes on one PostgreSQL schema and one Redis,
 * requests spread round-robin, SSE streams on every instance, devices reporting, people ordering
 * at once, the instance holding the outbox lease SIGKILLed mid-dispatch and restarted. Every loop
 * is bounded in count and in time; traffic goes to 127.0.0.1 only.
 */
export interface FleetOptions {
  instances: number;
  streams: number;
  devices: number;
  readingsPerDevice: number;
  people: number;
  /** MIROIR_RATE_LIMIT of every instance; the probe sends 1.5× that with one token. */
  rateLimit: number;
  /** The orders job tick (the measured periodic job), ms. */
  tickMs: number;
  /** Outbox and job lease, ms: a killed holder's work is taken over after this. */
  leaseMs: number;
  /** The stub store takes this long to answer each order (the kill lands mid-dispatch). */
  storeDelayMs: number;
  /** Hard bound on the whole run. */
  timeoutMs: number;
  redisUrl?: string;
  log?: (line: string) => void;
}

export interface FleetReport {
  instances: number;
  streams: number;
  /** Events the household's log holds for the run, and stream deliveries expected (events × streams). */
  events: number;
  expectedDeliveries: number;
  delivered: number;
  /** Deliveries expected but never seen, over every stream. */
  missing: number;
  /** Deliveries that came by replay (Last-Event-ID, on another instance) after a stream was cut. */
  replayed: number;
  streamReconnects: number;
  /** A reading posted to instance A, until it showed on every stream open on the other instances (no load). */
  quietCrossInstanceMs: number;
  delayP50Ms: number;
  delayP99Ms: number;
  delayMaxMs: number;
  /** Readings accepted (HTTP 200, accepted: 1) and their ingest rate across the fleet. */
  readings: number;
  readingsPerSec: number;
  /** The burst after recovery: readings accepted per second by the whole fleet, events appended per second. */
  burstReadingsPerSec: number;
  burstEventsPerSec: number;
  orders: number;
  booked: number;
  doubled: number;
  lost: number;
  /** Sends repeated after the kill with the same key (deduped by the store). */
  resends: number;
  killed: boolean;
  /** From the SIGKILL to every order confirmed. */
  recoveryMs: number;
  jobPeriods: number;
  jobRuns: number;
  rateLimit: number;
  rateLimitOk: number;
  rateLimited: number;
  durationMs: number;
}

const SECRET = 'fleet-harness-store-secret-0001';
const ROOT = repoRoot();
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
/** `work`, or nothing once `ms` have passed; the timer never outlives the race. */
async function within<T>(work: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([work, new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

interface Instance {
  child: ChildProcess;
  base: string;
  pid: number;
  exited: Promise<void>;
  alive: boolean;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** A mirror's stream that reconnects, with its last id, to the next instance when cut. */
class FleetStream {
  /** Event seq → delay from publication to arrival, for events that arrived live (null: replayed after a reconnect). */
  readonly seen = new Map<number, number | null>();
  firstSeq = -1;
  private connectedAt = 0;
  /** The instance this stream is open on now. */
  base = '';
  private lastId = '';
  private request: http.ClientRequest | null = null;
  private closed = false;
  reconnects = 0;

  /** Each mirror is its own client behind the balancer (benchmarking range 198.18.0.0/15). */
  private readonly address: string;

  constructor(private readonly token: string, private readonly bases: () => string[], private index: number) {
    this.address = `198.18.${(index >> 8) & 255}.${index & 255}`;
  }

  open(): Promise<void> {
    return new Promise((resolve) => {
      const tryOpen = () => {
        if (this.closed) return resolve();
        const bases = this.bases();
        const base = bases[this.index % bases.length];
        const q = new URLSearchParams(this.lastId ? { lastEventId: this.lastId } : {});
        let buffer = '';
        let settled = false;
        let retried = false;
        const again = () => {
          if (this.closed || retried) return;
          retried = true;
          this.index++;
          this.reconnects++;
          setTimeout(tryOpen, 100);
        };
        const req = http.get(`${base}/api/v1/events?${q.toString()}`, { headers: { accept: 'text/event-stream', authorization: `Bearer ${this.token}`, 'x-forwarded-for': this.address } }, (res) => {
          if (res.statusCode !== 200) {
            res.resume();
            return again();
          }
          this.connectedAt = Date.now();
          this.base = base;
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => {
            buffer += chunk;
            let end: number;
            while ((end = buffer.indexOf('\n\n')) >= 0) {
              const block = buffer.slice(0, end);
              buffer = buffer.slice(end + 2);
              this.frame(block);
              if (!settled && this.firstSeq >= 0) {
                settled = true;
                resolve();
              }
            }
          });
          res.on('close', () => again());
          res.on('error', () => undefined);
        });
        req.on('error', () => again());
        this.request = req;
      };
      tryOpen();
    });
  }

  private frame(block: string): void {
    let id: string | undefined;
    let data: string | undefined;
    for (const line of block.split('\n')) {
      if (line.startsWith('id: ')) id = line.slice(4);
      else if (line.startsWith('data: ')) data = line.slice(6);
    }
    if (!id || !data) return;
    this.lastId = id;
    const seq = Number(/^f-(\d+)$/.exec(id)?.[1] ?? -1);
    const message = JSON.parse(data) as DomainEvent | { type: 'stream.resync' };
    if (message.type === 'stream.resync') {
      if (this.firstSeq < 0) this.firstSeq = seq;
      return;
    }
    const at = Date.parse((message as DomainEvent).at);
    // Published before this connection opened: a replay by Last-Event-ID, not a live delivery.
    if (!this.seen.has(seq)) this.seen.set(seq, at < this.connectedAt ? null : Date.now() - at);
  }

  close(): void {
    this.closed = true;
    this.request?.destroy();
  }
}

export async function runFleet(options: FleetOptions): Promise<FleetReport> {
  const log = options.log ?? (() => {});
  const started = Date.now();
  const deadline = started + options.timeoutMs;
  const left = () => Math.max(0, deadline - Date.now());
  const testStore: TestStore = await createTestStore('postgres');
  const stub = new StubStore(SECRET);
  await stub.start();
  stub.answerDelayMs = options.storeDelayMs;
  const child = await bundleChild(path.join(ROOT, 'test/fleet/fixtures/fleet-child.ts'), 'fleet-child');
  const instances: Instance[] = [];
  const streams: FleetStream[] = [];
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_PATH: path.join(ROOT, 'node_modules'),
    DATABASE_URL: TEST_PG_URL,
    MIROIR_PG_SCHEMA: testStore.where,
    MIROIR_DATA_DIR: path.join(ROOT, 'test/artifacts/fleet-data'),
    PORT: '0',
    LOG_LEVEL: 'silent',
    MIROIR_BACKGROUND_JOBS: 'true',
    MIROIR_RATE_LIMIT: String(options.rateLimit),
    // Behind the fleet's load balancer (this process): each client's address comes from the
    // balancer's X-Forwarded-For, so the per-address limit is per client, not one for everyone.
    TRUST_PROXY: '127.0.0.1',
    MIROIR_ORDERS_TICK_MS: String(options.tickMs),
    MIROIR_LEASE_MS: String(options.leaseMs),
    MIROIR_DRAIN_MS: '200',
    OPEN_METEO_URL: 'http://127.0.0.1:9/v1',
    MET_NO_URL: 'http://127.0.0.1:9/weatherapi',
    CHILD_STUB_URL: stub.url,
    CHILD_STUB_SECRET: SECRET,
    ...(options.redisUrl ? { REDIS_URL: options.redisUrl } : { REDIS_URL: '' }),
    MQTT_URL: '',
    MIROIR_FAKE_NOW: '',
  };
  const spawn = async (): Promise<Instance> => {
    const proc = fork(child.script, [], { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    let stderr = '';
    proc.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    const instance: Instance = { child: proc, base: '', pid: proc.pid ?? 0, alive: true, exited: new Promise((resolve) => proc.on('exit', () => resolve())) };
    void instance.exited.then(() => (instance.alive = false));
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('an instance did not start in time')), Math.min(left(), 60_000));
      proc.once('message', (m: { port: number }) => {
        clearTimeout(timer);
        resolve(m.port);
      });
      proc.once('exit', (code) => reject(new Error(`an instance exited with ${code}: ${stderr}`)));
    });
    instance.base = `http://127.0.0.1:${port}`;
    return instance;
  };
  const live = () => instances.filter((i) => i.alive).map((i) => i.base);
  let rr = 0;
  const next = () => {
    const bases = live();
    return bases[rr++ % bases.length];
  };
  // The rate-limit probe's own address: nobody else's traffic counts in its bucket.
  const PROBE_ADDRESS = '203.0.113.50';
  // Each simulated client (one per token) has its own documentation-range address, as the balancer forwards it.
  const clientAddress = (token: string): string => `198.51.100.${createHash('sha256').update(token).digest()[0]}`;
  const call = async (method: string, url: string, token: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; json: unknown }> => {
    const res = await fetch(`${next()}${url}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'x-forwarded-for': clientAddress(token), ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(Math.max(1, Math.min(left(), 15_000))),
    });
    const text = await res.text();
    return { status: res.status, json: text ? (JSON.parse(text) as unknown) : null };
  };

  try {
    // Households: one whose mirrors stream and whose devices report, one per person ordering, one for the rate-limit probe.
    const households = new HouseholdService(testStore.store, new ManualClock(new Date(0)));
    const home = await households.create({ name: 'Fleet home', locale: 'en-US' });
    const people = await Promise.all(Array.from({ length: options.people }, (_, i) => households.create({ name: `Person ${i}`, locale: 'en-US' })));
    const probe = await households.create({ name: 'Probe', locale: 'en-US' });

    for (let i = 0; i < options.instances; i++) instances.push(await spawn());
    log(`fleet: ${options.instances} instances up after ${Date.now() - started} ms`);

    // Setup through the fleet, round-robin.
    const must = (r: { status: number; json: unknown }, what: string) => {
      if (r.status >= 300) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.json)}`);
      return r.json as { id: string; token: string };
    };
    must(await call('PUT', '/api/v1/privacy/consents', home.token, { telemetry: true }), 'consent');
    const devices: { id: string; token: string; supplyId: string }[] = [];
    for (let d = 0; d < options.devices; d++) {
      const supply = must(await call('POST', '/api/v1/supplies', home.token, { name: `Tank ${d}`, unit: 'L', capacity: 100, level: 100 }), 'supply');
      const device = must(await call('POST', '/api/v1/devices', home.token, { name: `Sensor ${d}`, kind: 'fridge', supplyIds: [supply.id] }), 'device');
      devices.push({ id: device.id, token: device.token, supplyId: supply.id });
    }
    const orderSupplies: string[] = [];
    for (const person of people) {
      const supply = must(
        await call('POST', '/api/v1/supplies', person.token, { name: 'Milk', unit: 'L', capacity: 2, level: 1, sku: 'GRO-MILK-1L', storeId: 'stub', policy: { mode: 'notify', cancelWindowHours: 0 } }),
        'order supply',
      );
      orderSupplies.push(supply.id);
    }

    // Streams, spread over the instances.
    for (let s = 0; s < options.streams; s++) streams.push(new FleetStream(home.token, live, s));
    await within(Promise.all(streams.map((s) => s.open())), Math.min(left(), 30_000));
    if (streams.some((s) => s.firstSeq < 0)) throw new Error('not every stream opened in time');
    log(`fleet: ${streams.length} streams open`);

    // Quiet first: one reading posted to instance A, until it shows on every stream open on another instance.
    const others = streams.filter((st) => st.base !== instances[0].base);
    const before = others.map((st) => st.seen.size);
    const quietStart = Date.now();
    const quietAt = new Date(Date.now() - 500).toISOString();
    const quiet = await fetch(`${instances[0].base}/api/v1/devices/${devices[0].id}/telemetry`, {
      method: 'POST',
      headers: { authorization: `Bearer ${devices[0].token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ readings: [{ id: 'quiet-0', supplyId: devices[0].supplyId, level: 99.9, unit: 'L', at: quietAt }] }),
    });
    if (quiet.status !== 200) throw new Error(`quiet reading: ${quiet.status}`);
    const quietUntil = Date.now() + 5_000;
    while (others.some((st, i) => st.seen.size <= before[i]) && Date.now() < quietUntil) await sleep(2);
    const quietCrossInstanceMs = others.some((st, i) => st.seen.size <= before[i]) ? Infinity : Date.now() - quietStart;

    // The periodic job: runs counted over ten ticks with every instance ticking.
    const runsOf = async () => Number((await testStore.store.db.selectFrom('job_leases').select('runs').where('name', '=', 'orders').executeTakeFirst())?.runs ?? 0);
    const periods = 10;
    const runs0 = await runsOf();
    await sleep(periods * options.tickMs);
    const jobRuns = (await runsOf()) - runs0;

    // People order at once, each sending the same request twice to two instances (a retry elsewhere).
    const orderRequests = people.flatMap((person, i) => {
      const headers = { 'idempotency-key': `fleet-order-${i}-0001` };
      return [0, 1].map(() => call('POST', '/api/v1/orders', person.token, { supplyId: orderSupplies[i] }, headers));
    });
    // Devices report meanwhile, round-robin.
    let readings = 0;
    const readingsStart = Date.now();
    const reporting = Promise.all(
      devices.map(async (device, d) => {
        for (let k = 0; k < options.readingsPerDevice && left() > 0; k++) {
          const at = new Date(Date.now() - (options.readingsPerDevice - k) * 1000).toISOString();
          const body = JSON.stringify({ readings: [{ id: `r-${d}-${k}`, supplyId: device.supplyId, level: 100 - k * 0.5, unit: 'L', at }] });
          // Not acknowledged (the instance died under it): the device sends it again, elsewhere.
          for (let attempt = 0; attempt < 5 && left() > 0; attempt++) {
            const res = await fetch(`${next()}/api/v1/devices/${device.id}/telemetry`, {
              method: 'POST',
              headers: { authorization: `Bearer ${device.token}`, 'content-type': 'application/json' },
              body,
              signal: AbortSignal.timeout(Math.max(1, Math.min(left(), 15_000))),
            }).catch(() => null);
            if (res?.status !== 200) continue;
            const answer = (await res.json()) as { accepted: number; duplicates?: number };
            if (answer.accepted === 1 || answer.duplicates === 1) readings++;
            break;
          }
        }
      }),
    );
    const orderAnswers = await Promise.all(orderRequests);
    const orderIds = new Set(orderAnswers.filter((a) => a.status === 201).map((a) => (a.json as { id: string }).id));

    // The instance holding an outbox lease is killed mid-dispatch, then started again.
    let killed = false;
    let killedAt = 0;
    while (!killed && left() > 0) {
      const holder = await testStore.store.db.selectFrom('outbox').select('leased_by').where('done_at', 'is', null).where('leased_by', 'is not', null).executeTakeFirst();
      const pid = Number(holder?.leased_by?.split('/')[1] ?? 0);
      const victim = instances.find((i) => i.alive && i.pid === pid);
      if (victim && stub.orderRequests > 0) {
        victim.child.kill('SIGKILL');
        await victim.exited;
        killed = true;
        killedAt = Date.now();
        log(`fleet: SIGKILLed instance pid ${pid} holding an outbox lease`);
        instances.push(await spawn());
      } else {
        const pending = await testStore.store.db.selectFrom('outbox').select('id').where('done_at', 'is', null).executeTakeFirst();
        if (!pending) break;
        await sleep(10);
      }
    }
    await reporting;
    const readingsPerSec = Math.round((readings / Math.max(1, Date.now() - readingsStart)) * 1000);

    // Every order confirmed (or the time is up).
    let recoveryMs = 0;
    for (;;) {
      const statuses = await testStore.store.db.selectFrom('orders').select('status').where('id', 'in', [...orderIds, '']).execute();
      if (statuses.length === orderIds.size && statuses.every((s) => s.status === 'confirmed')) break;
      if (left() === 0) break;
      await sleep(50);
    }
    if (killed) recoveryMs = Date.now() - killedAt;

    // Throughput, once the fleet is whole again: every device sends its readings as fast as it is answered.
    const eventsBefore = await sql<{ n: number }>`select count(*)::int as n from event_log`.execute(testStore.store.db);
    let burst = 0;
    const burstStart = Date.now();
    await Promise.all(
      devices.map(async (device, d) => {
        for (let k = 0; k < options.readingsPerDevice && left() > 0; k++) {
          const at = new Date(Date.now() - 200 + k).toISOString();
          const res = await fetch(`${next()}/api/v1/devices/${device.id}/telemetry`, {
            method: 'POST',
            headers: { authorization: `Bearer ${device.token}`, 'content-type': 'application/json' },
            body: JSON.stringify({ readings: [{ id: `b-${d}-${k}`, supplyId: device.supplyId, level: 90 - k * 0.1, unit: 'L', at }] }),
            signal: AbortSignal.timeout(Math.max(1, Math.min(left(), 15_000))),
          }).catch(() => null);
          if (res?.status === 200) burst++;
          await res?.text();
        }
      }),
    );
    const burstMs = Math.max(1, Date.now() - burstStart);
    const eventsAfter = await sql<{ n: number }>`select count(*)::int as n from event_log`.execute(testStore.store.db);
    const burstReadingsPerSec = Math.round((burst / burstMs) * 1000);
    const burstEventsPerSec = Math.round(((eventsAfter.rows[0].n - eventsBefore.rows[0].n) / burstMs) * 1000);

    // Every event of the home delivered to every stream (streams cut by the kill resumed elsewhere).
    const logged = await sql<{ id: number }>`select id from event_log where household_id = ${home.household.id} order by id`.execute(testStore.store.db);
    const eventIds = logged.rows.map((r) => Number(r.id));
    const expected = () => streams.reduce((n, s) => n + eventIds.filter((id) => id > s.firstSeq).length, 0);
    const deliveredCount = () => streams.reduce((n, s) => n + eventIds.filter((id) => id > s.firstSeq && s.seen.has(id)).length, 0);
    const settleUntil = Date.now() + Math.min(left(), 10_000);
    while (deliveredCount() < expected() && Date.now() < settleUntil) await sleep(50);
    const delays = streams
      .flatMap((s) => eventIds.map((id) => (id > s.firstSeq ? s.seen.get(id) : undefined)))
      .filter((d): d is number => typeof d === 'number')
      .sort((a, b) => a - b);
    const replayed = streams.reduce((n, s) => n + [...s.seen.values()].filter((d) => d === null).length, 0);

    // The rate limit, fleet-wide: 1.5× the limit with one token, spread round-robin.
    let ok = 0;
    let limited = 0;
    const total = Math.ceil(options.rateLimit * 1.5);
    for (let sent = 0; sent < total && left() > 0; sent += 20) {
      const batch = await Promise.all(Array.from({ length: Math.min(20, total - sent) }, () => call('GET', '/api/v1/household', probe.token, undefined, { 'x-forwarded-for': PROBE_ADDRESS }).catch(() => ({ status: 0, json: null }))));
      for (const r of batch) {
        if (r.status === 200) ok++;
        else if (r.status === 429) limited++;
      }
    }

    const bookedKeys = [...orderIds].filter((id) => stub.orders.has(id));
    const ordersInDb = await testStore.store.db.selectFrom('orders').select(['id', 'household_id']).where('household_id', 'in', people.map((p) => p.household.id)).execute();
    const report: FleetReport = {
      instances: options.instances,
      streams: streams.length,
      events: eventIds.length,
      expectedDeliveries: expected(),
      delivered: deliveredCount(),
      missing: expected() - deliveredCount(),
      replayed,
      streamReconnects: streams.reduce((n, st) => n + st.reconnects, 0),
      quietCrossInstanceMs,
      delayP50Ms: percentile(delays, 50),
      delayP99Ms: percentile(delays, 99),
      delayMaxMs: delays[delays.length - 1] ?? 0,
      readings,
      readingsPerSec,
      burstReadingsPerSec,
      burstEventsPerSec,
      orders: ordersInDb.length,
      booked: bookedKeys.length,
      // Doubled: a person's one order made twice (two rows), or a store booking that is no order of ours.
      doubled: Math.max(0, ordersInDb.length - people.length) + (stub.orders.size - bookedKeys.length),
      lost: people.length - bookedKeys.length,
      resends: [...stub.requestsByKey.values()].reduce((n, c) => n + c - 1, 0),
      killed,
      recoveryMs,
      jobPeriods: periods,
      jobRuns,
      rateLimit: options.rateLimit,
      rateLimitOk: ok,
      rateLimited: limited,
      durationMs: Date.now() - started,
    };
    log(`fleet: ${JSON.stringify(report)}`);
    return report;
  } finally {
    for (const s of streams) s.close();
    for (const instance of instances) if (instance.alive) instance.child.kill('SIGTERM');
    await within(Promise.all(instances.map((i) => i.exited)), 15_000);
    for (const instance of instances) if (instance.alive) instance.child.kill('SIGKILL');
    await stub.stop();
    child.dispose();
    await testStore.dispose();
  }
}
