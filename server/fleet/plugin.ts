import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { EVENTS_PATH } from '@server/mirror/messages';
import { DEFAULT_EVENT_LOG_KEEP, EventRelay } from './event-relay';
import { JobLeases } from './job-leases';

/**
 * What lets several identical instances share one PostgreSQL (nothing here is active on SQLite,
 * which stays one process): the event relay (LISTEN/NOTIFY and the shared event log), job leases,
 * and this instance's drain state.
 */
export interface Fleet {
  /** Unique per process: the holder of leases, the origin of events. */
  readonly instanceId: string;
  /** Events across instances; null on SQLite (the bus alone is enough). */
  readonly relay: EventRelay | null;
  /** Periodic jobs once per period across instances; null on SQLite. */
  readonly leases: JobLeases | null;
  /** True from SIGTERM on: readiness answers 503, new streams are refused, open ones told to reconnect elsewhere. */
  readonly draining: boolean;
  /** Requests being answered now (open event streams excepted): what a drain waits for. */
  inFlight(): number;
  startDrain(): void;
}

declare module 'fastify' {
  interface FastifyInstance {
    fleet: Fleet;
  }
}

export function newInstanceId(): string {
  return `${os.hostname()}/${process.pid}/${randomBytes(3).toString('hex')}`;
}

export default fp(
  async (app: FastifyInstance) => {
    const instanceId = newInstanceId();
    const shared = app.store.dialect === 'postgres';
    const relay = shared ? new EventRelay(app.store, app.events, app.clock, { instanceId, keep: DEFAULT_EVENT_LOG_KEEP, log: app.log }) : null;
    const leases = shared ? new JobLeases(app.store, app.clock, { holder: instanceId, leaseMs: app.config.leaseMs }) : null;
    let draining = false;
    let inFlight = 0;
    const fleet: Fleet = {
      instanceId,
      relay,
      leases,
      get draining() {
        return draining;
      },
      inFlight: () => inFlight,
      startDrain: () => {
        draining = true;
      },
    };
    app.decorate('fleet', fleet);
    app.addHook('onRequest', async (request, reply) => {
      // An open event stream is not work to wait for: the drain tells it to reconnect elsewhere.
      if (request.url.startsWith(EVENTS_PATH)) return;
      inFlight++;
      reply.raw.once('close', () => inFlight--);
    });
    if (relay) {
      // Listening before the first request is served; stopped last (after the jobs that publish).
      app.addHook('onReady', async () => relay.start());
      app.addHook('onClose', async () => relay.stop());
    }
  },
  { name: 'fleet', dependencies: ['core'] },
);
