import type { MqttClient } from 'mqtt';
import type { BindingsService, MessageResult } from './service';

export interface BindingSubscriberOptions {
  url: string;
  /**
   * Several instances on one database: each subscribes as one shared group (`$share/<group>/<filter>`),
   * so the broker hands a device's message to one of them and it becomes one reading, not one per
   * instance (as the supplies' own telemetry does, server/supplies/mqtt.ts).
   */
  shareGroup?: string;
  onError?: (err: unknown, topic?: string) => void;
  /** Tests watch outcomes; production leaves it out. */
  onResult?: (topic: string, results: MessageResult[]) => void;
}

/**
 * Subscribes to the topics of every binding (and follows them as bindings come and go) and hands
 * each message to the bindings service, one at a time in arrival order.
 */
export class BindingSubscriber {
  private client: MqttClient | null = null;
  private queue: Promise<void> = Promise.resolve();
  private subscribed = new Set<string>();
  private unfollow: (() => void) | null = null;
  private syncing: Promise<void> = Promise.resolve();

  constructor(
    private readonly bindings: BindingsService,
    private readonly options: BindingSubscriberOptions,
  ) {}

  async start(timeoutMs = 5000): Promise<void> {
    // Loaded on first use: a home without a broker never pays for the MQTT client.
    const { connect } = await import('mqtt');
    const client = connect(this.options.url, { reconnectPeriod: 2000, connectTimeout: timeoutMs, clean: true });
    this.client = client;
    client.on('message', (topic, payload, packet) => {
      this.queue = this.queue
        .then(async () => {
          const results = await this.bindings.handleMessage(topic, payload, { retained: packet.retain });
          this.options.onResult?.(topic, results);
        })
        .catch((err: unknown) => this.options.onError?.(err, topic));
    });
    client.on('error', (err) => this.options.onError?.(err));
    this.unfollow = this.bindings.onChange(() => void this.sync());
    // The first connection subscribes, even one that comes after start() gave up waiting; later
    // reconnections are resubscribed by the client itself.
    client.once('connect', () => void this.sync());
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`mqtt: bindings not connected to ${this.options.url} after ${timeoutMs} ms`)), timeoutMs);
      timer.unref();
      client.once('connect', () => {
        clearTimeout(timer);
        resolve();
      });
    });
    await this.syncing;
  }

  /** Subscribes to new filters and leaves the ones no binding uses any more (serialised). */
  sync(): Promise<void> {
    this.syncing = this.syncing.then(async () => {
      const client = this.client;
      if (!client) return;
      const wanted = new Set(await this.bindings.filters());
      const added = [...wanted].filter((f) => !this.subscribed.has(f));
      const gone = [...this.subscribed].filter((f) => !wanted.has(f));
      const group = this.options.shareGroup;
      const asSubscribed = (filters: string[]) => (group ? filters.map((f) => `$share/${group}/${f}`) : filters);
      if (added.length) await client.subscribeAsync(asSubscribed(added), { qos: 0 });
      if (gone.length) await client.unsubscribeAsync(asSubscribed(gone));
      this.subscribed = wanted;
    }).catch((err: unknown) => this.options.onError?.(err));
    return this.syncing;
  }

  /** Waits until every message received so far has been handled (tests, shutdown). */
  async drain(): Promise<void> {
    await this.syncing;
    await this.queue;
  }

  async stop(): Promise<void> {
    this.unfollow?.();
    const client = this.client;
    this.client = null;
    await this.queue;
    if (client) await client.endAsync(true);
  }
}
