import type { FastifyBaseLogger } from 'fastify';
import { PeriodicJob } from '@server/core/periodic-job';
import type { OrdersService } from './service';

export const ORDERS_TICK_MS = 30_000;

/** The background side of orders: reorders that time made due, the outbox, delivery tracking. */
export class OrdersJobs extends PeriodicJob {
  constructor(orders: OrdersService, log: FastifyBaseLogger, intervalMs = ORDERS_TICK_MS) {
    super('orders', () => orders.processDue(), log, { everyMs: intervalMs });
  }
}
