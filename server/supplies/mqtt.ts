import { Value } from '@sinclair/typebox/value';
import { connect, type MqttClient } from 'mqtt';
import { AppError } from '@server/core/errors';
import type { HouseholdService } from '@server/households/service';
import { MqttTelemetryPayload } from './schemas';
import type { SuppliesService } from './service';

export interface MqttTelemetryOptions {
  url: string;
  /** First topic level; `miroir` in production, a unique one per test run. */
  root?: string;
  /**
   * Several instances on one database: they subscribe as one shared group (`$share/<group>/…`),
   * so the broker hands each message to one of them and a reading is ingested once, not once per
   * instance (Mosquitto 2, with MQTT 5 or 3.1.1 clients).
   */
  shareGroup?: string;
  onError?: (err: unknown, topic?: string) => void;
}

/**
 * Telemetry over MQTT: `<root>/<householdId>/devices/<deviceId>/telemetry`, payload as the HTTP
 * body, fed to the same ingestion service. Trust rests on the topic: the device must belong to
 * the household the topic names, and the broker's ACLs must let each device publish only under
 * its own topic (e.g. Mosquitto `pattern write miroir/+/devices/%u/telemetry` with the device id
 * as username). When a payload carries `token`, it must be that device's own token. The outcome
 * (per-reading results, or an error code) is published to `<topic>/result`.
 */
export class MqttTelemetry {
  private client: MqttClient | null = null;
  private queue: Promise<void> = Promise.resolve();
  private readonly root: string;

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
      if (body.token !== undefined) {
        const auth = await this.households.authenticate(body.token);
        if (!auth || auth.kind !== 'device' || auth.deviceId !== deviceId || auth.householdId !== householdId) {
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
