import type { MqttClient } from 'mqtt';
import type { Clock } from '@server/core/clock';
import type { EventBus } from '@server/core/event-bus';
import type { HouseholdService } from '@server/households/service';
import type { OrdersService } from '@server/orders/service';
import { translator } from '@server/plugins/i18n';
import type { Store } from '@server/store/store';
import type { SuppliesService } from '@server/supplies/service';
import { APPROVE_PAYLOAD, approveFilter, availabilityTopic, householdMessages, parseApproveTopic, type Retained, type Topics } from './discovery';
import type { HomeAssistantSettings } from './settings';

export interface HomeAssistantDeps {
  store: Store;
  clock: Clock;
  events: EventBus;
  households: HouseholdService;
  supplies: SuppliesService;
  orders: OrdersService;
  settings: HomeAssistantSettings;
}

export interface HomeAssistantBridgeOptions {
  url: string;
  /** HA's discovery prefix (MIROIR_HA_DISCOVERY_PREFIX, default `homeassistant`). */
  prefix: string;
  /** Miroir's MQTT root; a unique one per test run. */
  root?: string;
  swVersion?: string;
  /**
   * Several instances on one database: the approve buttons are subscribed as one shared group
   * (`$share/<group>/…`), so a press reaches one instance and is approved once, not raced by each.
   * HA's birth message stays for everyone: each instance republishes what it keeps.
   */
  shareGroup?: string;
  onError?: (err: unknown, topic?: string) => void;
}

/** Events after which what HA shows may have changed. */
const RELEVANT = new Set(['stock.updated', 'stock.low', 'proposal.created', 'order.updated', 'supply.changed', 'household.updated']);

/**
 * Keeps Home Assistant's view of each opted-in household's supplies in step over MQTT: retained
 * discovery configs and states, published at start, on HA's birth message and after every change;
 * cleared (empty retained payload) when a supply goes or discovery is switched off. Availability is
 * one retained topic with a last will, so HA shows the entities unavailable when Miroir dies. The
 * approve button's command comes back here and goes through the orders service, like a tap on the
 * mirror. Anyone who may publish on `<root>/+/ha/#` can press it: restrict that to HA's broker user.
 */
export class HomeAssistantBridge {
  private client: MqttClient | null = null;
  private queue: Promise<void> = Promise.resolve();
  /** Every retained topic published (payload null when only known from the store, after a restart). */
  private readonly published = new Map<string, { householdId: string; payload: string | null }>();
  private readonly topics: Topics;
  private readonly unsubscribe: (() => void)[] = [];
  /** Households with a sync queued and not yet started: a burst of events (one per reading) is one sync. */
  private readonly queued = new Set<string>();
  /** Approve presses this instance received, since start. */
  presses = 0;

  constructor(
    private readonly deps: HomeAssistantDeps,
    private readonly options: HomeAssistantBridgeOptions,
  ) {
    this.topics = { prefix: options.prefix, root: options.root ?? 'miroir' };
  }

  async start(timeoutMs = 5000): Promise<void> {
    const availability = availabilityTopic(this.topics);
    for (const row of await this.deps.store.db.selectFrom('home_assistant_topics').select(['topic', 'household_id']).execute()) {
      this.published.set(row.topic, { householdId: row.household_id, payload: null });
    }
    // Loaded on first use: a home without a broker never pays for the MQTT client.
    const { connect } = await import('mqtt');
    const client = connect(this.options.url, {
      reconnectPeriod: 2000,
      connectTimeout: timeoutMs,
      clean: true,
      will: { topic: availability, payload: Buffer.from('offline'), retain: true, qos: 1 },
    });
    this.client = client;
    client.on('message', (topic, payload) => this.enqueue(() => this.onMessage(topic, payload.toString('utf8')), topic));
    client.on('error', (err) => this.options.onError?.(err));
    client.on('connect', () => {
      // On every connection, the first or after the broker was away (it may have lost its retained
      // messages, or the start timed out): say we are here, listen, and send everything again.
      void client.publishAsync(availability, 'online', { retain: true, qos: 1 }).catch((err: unknown) => this.options.onError?.(err));
      this.enqueue(async () => {
        const approvals = this.options.shareGroup ? `$share/${this.options.shareGroup}/${approveFilter(this.topics)}` : approveFilter(this.topics);
        await client.subscribeAsync([`${this.topics.prefix}/status`, approvals], { qos: 1 });
        await this.syncAll(true);
      });
    });
    this.unsubscribe.push(
      this.deps.events.subscribe((event) => {
        if (RELEVANT.has(event.type)) this.schedule(event.householdId);
      }),
      this.deps.settings.onChange((householdId) => this.schedule(householdId)),
    );
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`mqtt: Home Assistant bridge not connected to ${this.options.url} after ${timeoutMs} ms`)), timeoutMs);
      timer.unref();
      client.once('connect', () => {
        clearTimeout(timer);
        resolve();
      });
    });
    await this.drain();
  }

  private enqueue(work: () => Promise<void>, topic?: string): void {
    this.queue = this.queue.then(work).catch((err: unknown) => this.options.onError?.(err, topic));
  }

  schedule(householdId: string): void {
    // The sync reads the household afresh when it starts, so one already waiting covers this change too.
    if (this.queued.has(householdId)) return;
    this.queued.add(householdId);
    this.enqueue(() => {
      this.queued.delete(householdId);
      return this.sync(householdId);
    });
  }

  /** Waits for everything queued so far, and what that queues in turn (tests, shutdown). */
  async drain(): Promise<void> {
    // Work queued while waiting (an event raised by a sync's own approve) is waited for too.
    let current: Promise<void>;
    do {
      current = this.queue;
      await current;
    } while (current !== this.queue);
  }

  private async onMessage(topic: string, payload: string): Promise<void> {
    if (topic === `${this.topics.prefix}/status`) {
      // HA's birth message: it (re)started and has forgotten non-retained state; send everything again.
      if (payload === 'online') await this.syncAll(true);
      return;
    }
    const target = parseApproveTopic(this.topics, topic);
    if (!target || payload !== APPROVE_PAYLOAD) return;
    this.presses += 1;
    if (!(await this.deps.settings.isEnabled(target.householdId))) return;
    const proposal = (await this.deps.orders.listProposals(target.householdId)).find((o) => o.supplyId === target.supplyId);
    // Pressed twice, or the proposal was settled meanwhile: nothing waits, nothing to do.
    if (!proposal) return;
    await this.deps.orders.approve(target.householdId, proposal.id, 'home_assistant');
  }

  private async syncAll(force: boolean): Promise<void> {
    const ids = new Set([...(await this.deps.households.listIds()), ...[...this.published.values()].map((p) => p.householdId)]);
    for (const id of ids) await this.sync(id, force);
  }

  private async desired(householdId: string): Promise<Retained[]> {
    if (!(await this.deps.settings.isEnabled(householdId))) return [];
    const household = await this.deps.households.get(householdId).catch(() => null);
    if (!household) return [];
    const [supplies, devices, proposals] = await Promise.all([
      this.deps.supplies.list(householdId),
      this.deps.supplies.listDevices(householdId),
      this.deps.orders.listProposals(householdId),
    ]);
    return householdMessages(
      {
        householdId,
        householdName: household.name,
        supplies,
        devices,
        proposals: new Map(proposals.map((p) => [p.supplyId, p.id])),
      },
      this.topics,
      translator(household.locale),
      this.options.swVersion,
    );
  }

  /** Publishes what changed for one household and clears what is no longer wanted. */
  private async sync(householdId: string, force = false): Promise<void> {
    const client = this.client;
    if (!client) return;
    const wanted = await this.desired(householdId);
    const wantedTopics = new Set(wanted.map((m) => m.topic));
    const now = this.deps.clock.now().toISOString();
    for (const message of wanted) {
      const before = this.published.get(message.topic);
      if (!force && before?.payload === message.payload) continue;
      if (!before) {
        // Recorded before it is published, so a topic out there is never forgotten (a crash, or the
        // household erased meanwhile: then this insert fails and nothing more is published for it).
        await this.deps.store.db
          .insertInto('home_assistant_topics')
          .values({ topic: message.topic, household_id: householdId, supply_id: message.supplyId, published_at: now })
          .onConflict((oc) => oc.column('topic').doNothing())
          .execute();
        this.published.set(message.topic, { householdId, payload: null });
      }
      await client.publishAsync(message.topic, message.payload, { retain: true, qos: 1 });
      this.published.set(message.topic, { householdId, payload: message.payload });
    }
    const stale = [...this.published].filter(([topic, p]) => p.householdId === householdId && !wantedTopics.has(topic)).map(([topic]) => topic);
    for (const topic of stale) await this.clear(client, topic);
  }

  /** An empty retained payload: HA removes the entity, the broker forgets the message. */
  private async clear(client: MqttClient, topic: string): Promise<void> {
    await client.publishAsync(topic, '', { retain: true, qos: 1 });
    await this.deps.store.db.deleteFrom('home_assistant_topics').where('topic', '=', topic).execute();
    this.published.delete(topic);
  }

  /** After an erase the store has nothing left of the household: clear what HA still shows of it. */
  forgetHousehold(householdId: string): void {
    this.enqueue(async () => {
      const client = this.client;
      if (!client) return;
      for (const [topic, p] of [...this.published]) if (p.householdId === householdId) await this.clear(client, topic);
    });
  }

  /** Graceful stop: says offline itself (the last will covers a crash). */
  async stop(): Promise<void> {
    for (const off of this.unsubscribe.splice(0)) off();
    const client = this.client;
    // With the broker away, queued publishes wait for it: shutdown does not (the last will says offline).
    const connected = client?.connected ?? false;
    const patience = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());
    await Promise.race([this.drain(), patience(connected ? 5000 : 0)]);
    this.client = null;
    if (!client) return;
    if (connected) await Promise.race([client.publishAsync(availabilityTopic(this.topics), 'offline', { retain: true, qos: 1 }).catch(() => undefined), patience(2000)]);
    await client.endAsync(!connected);
  }
}
