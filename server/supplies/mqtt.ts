import { Value } from '@sinclair/typebox/value';
import type { MqttClient } from 'mqtt';
import { AppError } from '@server/core/errors';
import type { HouseholdService } from '@server/households/service';
import { MqttTelemetryPayload } from './schemas';
import type { SuppliesService } from './service';

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
export class MqttTelemetry {
  private client: MqttClient | null = null;
  private queue: Promise<void> = Promise.resolve();
  private readonly root: string;
  /** Messages refused for want of the device's token, since start. */
  refused = 0;

  constructor(
    private readonly supplies: SuppliesService,
    private readonly households: HouseholdService,
    private readonly options: MqttTelemetryOptions,
  ) {
    this.root = options.root ?? 'miroir';
  }

  /**
   * Connects and subscribes; resolves once subscribed the first time. The client keeps
   * reconnecting (and resubscribing) on its own when the broker goes away.
   */
  async start(timeoutMs = 5000): Promise<void> {
    // Loaded here, not at the top: a home without a broker never pays for the MQTT client.
    const { connect } = await import('mqtt');
    const client = connect(this.options.url, { reconnectPeriod: 2000, connectTimeout: timeoutMs, clean: true });
    this.client = client;
    const topics = `${this.root}/+/devices/+/telemetry`;
    const filter = this.options.shareGroup ? `$share/${this.options.shareGroup}/${topics}` : topics;
    client.on('message', (topic, payload) => {
      // One message at a time, in arrival order: a device's readings are handled as sent.
      this.queue = this.queue.then(() => this.handle(topic, payload)).catch((err: unknown) => this.options.onError?.(err, topic));
    });
    client.on('error', (err) => this.options.onError?.(err));
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

  /** Waits until every message received so far has been handled (tests, shutdown). */
  async drain(): Promise<void> {
    await this.queue;
  }

  async stop(): Promise<void> {
    const client = this.client;
    this.client = null;
    await this.queue;
    if (client) await client.endAsync(true);
  }

  private async handle(topic: string, payload: Buffer): Promise<void> {
    const parts = topic.split('/');
    const [, householdId, , deviceId] = parts;
    const reply = (body: unknown) => this.client?.publishAsync(`${topic}/result`, JSON.stringify(body), { qos: 0 });
    try {
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
      // The ingestion refuses a device that is not this household's (supplies.unknownDevice).
      const result = await this.supplies.ingest(householdId, deviceId, body.readings);
      await reply(result);
    } catch (err) {
      if (err instanceof AppError) {
        await reply({ error: { code: err.code } });
        return;
      }
      throw err;
    }
  }
}
