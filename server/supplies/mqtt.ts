import { Value } from '@sinclair/typebox/value';
import type { MqttClient } from 'mqtt';
import { AppError } from '@server/core/errors';
import type { HouseholdService } from '@server/households/service';
import { MqttTelemetryPayload } from './schemas';
import type { SuppliesService } from './service';
import type { Reading, ReadingResult, TelemetryResult } from './types';

export interface MqttTelemetryOptions {
  url: string;
  /** First topic level; `miroir` in production, a unique one per test run. */
  root?: string;
  /**
   * `MIROIR_MQTT_TRUST_BROKER`: the broker authenticates each device and its ACLs keep it to its own
   * topic, so a payload without a token is accepted. Off by default: every reading proves its device.
   */
  trustBroker?: boolean;
  /**
   * Several instances on one database: they subscribe as one shared group (`$share/<group>/…`),
   * so the broker hands each message to one of them and a reading is ingested once, not once per
   * instance (Mosquitto 2, with MQTT 5 or 3.1.1 clients).
   */
  shareGroup?: string;
  /**
   * Messages being ingested at once (different devices; one device's stay in order). Beyond it
   * the client stops reading from the broker until one is done (backpressure). 1 handles one
   * message at a time, as before per-device queues.
   */
  maxInFlight?: number;
  onError?: (err: unknown, topic?: string) => void;
  /** A refused message (no token, a wrong one): logged by the caller, never with the token. */
  onRefused?: (refusal: { topic: string; householdId: string; deviceId: string; reason: 'missingToken' | 'wrongToken' }) => void;
}

/**
 * Telemetry over MQTT: `<root>/<householdId>/devices/<deviceId>/telemetry`, payload as the HTTP
 * body plus `token`, the device's own token, fed to the same ingestion service. A topic is not a
 * credential (anyone who can reach the broker can publish on it): a payload without the token of
 * the device the topic names is refused, counted and reported, and nothing is stored. Only with
 * `trustBroker` (the broker authenticates devices and its ACLs keep each to its own topic, e.g.
 * Mosquitto `pattern write miroir/+/devices/%u/telemetry`) may the token be left out. The outcome
 * (per-reading results, or an error code) is published to `<topic>/result`.
 */
export const DEFAULT_MQTT_IN_FLIGHT = 256;
/** One device's waiting messages ingested in one unit at most (a unit holds its group commit). */
const MAX_COALESCED = 20;

export class MqttTelemetry {
  private client: MqttClient | null = null;
  /** Messages waiting per device (per topic), in arrival order; a device with an entry is being handled. */
  private readonly pending = new Map<string, Buffer[]>();
  private inFlight = 0;
  /** The client's reading of the next packet, held back while `maxInFlight` messages are being handled. */
  private held: (() => void)[] = [];
  private readonly idle = new Set<() => void>();
  private readonly root: string;
  private readonly maxInFlight: number;
  /** Messages refused for want of the device's token, since start. */
  refused = 0;

  constructor(
    private readonly supplies: SuppliesService,
    private readonly households: HouseholdService,
    private readonly options: MqttTelemetryOptions,
  ) {
    this.root = options.root ?? 'miroir';
    this.maxInFlight = Math.max(1, options.maxInFlight ?? DEFAULT_MQTT_IN_FLIGHT);
  }

  /**
   * Connects and subscribes; resolves once subscribed the first time. The client keeps
   * reconnecting (and resubscribing) on its own when the broker goes away.
   */
  async start(timeoutMs = 5000): Promise<void> {
    // Loaded here, not at the top: a home without a broker never pays for the MQTT client.
    const { connect } = await import('mqtt');
    const client = connect(this.options.url, {
      reconnectPeriod: 2000,
      connectTimeout: timeoutMs,
      clean: true,
      // MQTT 5, which Mosquitto 2 speaks ($share included).
      protocolVersion: 5,
    });
    // The client reads the next packet (and sends a QoS 1 message's PUBACK) only once this calls
    // back: while maxInFlight messages, this one included ('message' came first), are being
    // ingested, the broker's next one waits, and past its in-flight window the broker's queue. The
    // same hold for every QoS: a QoS 0 message (most firmware's default for state) has no PUBACK.
    const handleMessage = client.handleMessage.bind(client);
    client.handleMessage = (packet, callback) => {
      if (this.inFlight < this.maxInFlight) handleMessage(packet, callback);
      else this.held.push(() => handleMessage(packet, callback));
    };
    this.client = client;
    const topics = `${this.root}/+/devices/+/telemetry`;
    const filter = this.options.shareGroup ? `$share/${this.options.shareGroup}/${topics}` : topics;
    client.on('message', (topic, payload) => this.accept(topic, payload));
    client.on('error', (err) => this.options.onError?.(err));
    client.on('connect', () => noDelay(client));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`mqtt: not subscribed to ${this.options.url} after ${timeoutMs} ms`)), timeoutMs);
      timer.unref();
      client.on('connect', () => {
        client.subscribe(filter, { qos: 1 }, (err) => {
          if (err) return this.options.onError?.(err);
          clearTimeout(timer);
          resolve();
        });
      });
    });
  }

  /**
   * Queues a message behind its device's earlier ones. Devices run concurrently, so their readings
   * share the store's group commits; a device's messages waiting together are ingested as one unit
   * (in the order sent), each still answered with its own result.
   */
  private accept(topic: string, payload: Buffer): void {
    this.inFlight += 1;
    const waiting = this.pending.get(topic);
    if (waiting) {
      waiting.push(payload);
      return;
    }
    this.pending.set(topic, [payload]);
    void this.runDevice(topic);
  }

  private async runDevice(topic: string): Promise<void> {
    for (;;) {
      const waiting = this.pending.get(topic)!;
      if (waiting.length === 0) {
        this.pending.delete(topic);
        return;
      }
      const batch = waiting.splice(0, MAX_COALESCED);
      try {
        await this.handle(topic, batch);
      } catch (err) {
        this.options.onError?.(err, topic);
      } finally {
        this.inFlight -= batch.length;
        while (this.inFlight < this.maxInFlight && this.held.length > 0) this.held.shift()!();
        if (this.inFlight === 0) for (const resolve of this.idle) resolve();
      }
    }
  }

  /** Waits until every message received so far has been handled (tests, shutdown). */
  async drain(): Promise<void> {
    if (this.inFlight === 0) return;
    await new Promise<void>((resolve) => {
      const done = () => {
        this.idle.delete(done);
        resolve();
      };
      this.idle.add(done);
    });
  }

  async stop(): Promise<void> {
    const client = this.client;
    this.client = null;
    await this.drain();
    if (client) await client.endAsync(true);
  }

  /** The device's messages, in order: each checked on its own, the good ones ingested together. */
  private async handle(topic: string, payloads: Buffer[]): Promise<void> {
    const parts = topic.split('/');
    const [, householdId, , deviceId] = parts;
    const reply = (body: unknown) => this.client?.publishAsync(`${topic}/result`, JSON.stringify(body), { qos: 0 });
    const accepted: { readings: Reading[] }[] = [];
    const results = new Map<{ readings: Reading[] }, TelemetryResult | { error: { code: string } }>();
    const replies: (() => Promise<unknown> | undefined)[] = [];
    for (const payload of payloads) {
      try {
        const body = await this.check(topic, householdId, deviceId, payload);
        const slot = { readings: body.readings };
        accepted.push(slot);
        replies.push(() => reply(results.get(slot)));
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        const code = err.code;
        replies.push(() => reply({ error: { code } }));
      }
    }
    if (accepted.length > 0) {
      try {
        // The ingestion refuses a device that is not this household's (supplies.unknownDevice).
        const all = await this.supplies.ingest(householdId, deviceId, accepted.flatMap((a) => a.readings));
        let at = 0;
        for (const slot of accepted) {
          const mine = all.results.slice(at, at + slot.readings.length);
          at += slot.readings.length;
          results.set(slot, { accepted: count(mine, 'stored'), duplicates: count(mine, 'duplicate'), rejected: count(mine, 'rejected'), results: mine });
        }
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        for (const slot of accepted) results.set(slot, { error: { code: err.code } });
      }
    }
    await Promise.all(replies.map((r) => r()));
  }

  /** Parses and validates one message and proves its device; throws the AppError to answer otherwise. */
  private async check(topic: string, householdId: string, deviceId: string, payload: Buffer): Promise<{ readings: Reading[] }> {
    let body: unknown;
    try {
      body = JSON.parse(payload.toString('utf8'));
    } catch {
      throw new AppError('errors.invalidJson', 400);
    }
    if (!Value.Check(MqttTelemetryPayload, body)) {
      const first = Value.Errors(MqttTelemetryPayload, body).First();
      throw new AppError('errors.validationFailed', 400, { where: `payload${first?.path ?? ''}`, detail: first?.message ?? 'is invalid' });
    }
    if (body.token !== undefined || !this.options.trustBroker) {
      const auth = body.token === undefined ? null : await this.households.tokens.authenticate(body.token);
      if (!auth || auth.kind !== 'device' || auth.deviceId !== deviceId || auth.householdId !== householdId) {
        this.refused += 1;
        this.options.onRefused?.({ topic, householdId, deviceId, reason: body.token === undefined ? 'missingToken' : 'wrongToken' });
        throw new AppError('errors.unauthorized', 401);
      }
    }
    return body;
  }
}

/**
 * Results and acknowledgements are small packets written one after another: with Nagle's
 * algorithm each waits for the peer's delayed ACK (tens of milliseconds), which a device waiting
 * for its result feels on every message. MQTT.js leaves the socket's default; set on every
 * connection, since a reconnect opens a new one.
 */
function noDelay(client: MqttClient): void {
  const stream = client.stream as { setNoDelay?: (noDelay: boolean) => unknown } | undefined;
  stream?.setNoDelay?.(true);
}

function count(results: ReadingResult[], status: ReadingResult['status']): number {
  return results.filter((r) => r.status === status).length;
}
