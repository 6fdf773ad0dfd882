import type { MqttClient } from 'mqtt';
import type { Clock } from '@server/core/clock';
import { AppError, badRequest, conflict, notFound } from '@server/core/errors';
import { newId } from '@server/core/ids';
import { numericFields, parsePayload } from './payload';
import { filterProblem } from './topics';

const SESSION_MS = 2 * 60_000;
const MAX_MESSAGES = 20;
const MAX_PAYLOAD_CHARS = 2048;
const MAX_SESSIONS_PER_HOUSEHOLD = 2;
const MAX_SESSIONS = 10;

export interface ListenedMessage {
  topic: string;
  receivedAt: string;
  retained: boolean;
  payload: string;
  fields: { pointer: string; value: number }[];
}

export interface ListenSessionView {
  id: string;
  topic: string;
  expiresAt: string;
  messages: ListenedMessage[];
}

interface Session {
  id: string;
  householdId: string;
  topic: string;
  expiresAt: Date;
  client: MqttClient;
  timer: NodeJS.Timeout;
  messages: ListenedMessage[];
}

/**
 * The "listen" helper: for a couple of minutes, the last messages seen on a topic filter with
 * every numeric field and its JSON Pointer, so a person can pick the field a binding reads.
 * Each session has its own short-lived broker connection; none outlives its two minutes.
 */
export class ListenSessions {
  private readonly sessions = new Map<string, Session>();

  constructor(
    private readonly clock: Clock,
    private readonly options: { url: string | undefined; miroirRoot: string },
  ) {}

  async start(householdId: string, topic: string): Promise<ListenSessionView> {
    const url = this.options.url;
    // 409: the request is fine, this server is not set up for it (no MQTT_URL).
    if (!url) throw new AppError('bindings.mqttOff', 409);
    const problem = filterProblem(topic, this.options.miroirRoot);
    if (problem) throw badRequest('bindings.badTopic', { topic, problem });
    const mine = [...this.sessions.values()].filter((s) => s.householdId === householdId);
    if (mine.length >= MAX_SESSIONS_PER_HOUSEHOLD || this.sessions.size >= MAX_SESSIONS) throw conflict('bindings.tooManyListeners');
    // Loaded on first use: a home without a broker never pays for the MQTT client.
    const { connect } = await import('mqtt');
    const client = connect(url, { reconnectPeriod: 0, connectTimeout: 5000, clean: true });
    // A session that loses its broker just stops seeing messages; an 'error' without a listener would throw.
    client.on('error', () => undefined);
    try {
      await new Promise<void>((resolve, reject) => {
        client.once('connect', () => resolve());
        client.once('error', reject);
        client.once('close', () => reject(new Error('closed')));
      });
    } catch {
      client.end(true);
      throw new AppError('bindings.mqttUnreachable', 503);
    }
    const id = newId();
    const session: Session = {
      id,
      householdId,
      topic,
      expiresAt: new Date(this.clock.now().getTime() + SESSION_MS),
      client,
      timer: setTimeout(() => this.close(id), SESSION_MS),
      messages: [],
    };
    session.timer.unref();
    client.on('message', (received, payload, packet) => {
      const text = payload.toString('utf8');
      session.messages.unshift({
        topic: received,
        receivedAt: this.clock.now().toISOString(),
        retained: packet.retain,
        payload: text.slice(0, MAX_PAYLOAD_CHARS),
        fields: numericFields(parsePayload(text)),
      });
      session.messages.length = Math.min(session.messages.length, MAX_MESSAGES);
    });
    this.sessions.set(id, session);
    await client.subscribeAsync(topic, { qos: 0 });
    return this.view(session);
  }

  get(householdId: string, id: string): ListenSessionView {
    const session = this.sessions.get(id);
    if (!session || session.householdId !== householdId) throw notFound('listenSession', { id });
    return this.view(session);
  }

  stop(householdId: string, id: string): void {
    const session = this.sessions.get(id);
    if (!session || session.householdId !== householdId) throw notFound('listenSession', { id });
    this.close(id);
  }

  closeHousehold(householdId: string): void {
    for (const s of [...this.sessions.values()]) if (s.householdId === householdId) this.close(s.id);
  }

  closeAll(): void {
    for (const id of [...this.sessions.keys()]) this.close(id);
  }

  private close(id: string): void {
    const session = this.sessions.get(id);
    if (!session) return;
    this.sessions.delete(id);
    clearTimeout(session.timer);
    session.client.end(true);
  }

  private view(s: Session): ListenSessionView {
    return { id: s.id, topic: s.topic, expiresAt: s.expiresAt.toISOString(), messages: s.messages.map((m) => ({ ...m, fields: [...m.fields] })) };
  }
}
