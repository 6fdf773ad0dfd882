import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { schedulePeriodicJob } from '@server/core/periodic-job';
import { ordersRoutes } from './routes';
import { OrdersService } from './service';
import { StoreRegistry } from './stores/registry';
import { SimulatedStore } from './stores/simulated';
import { webhookRoutes } from './webhook-routes';

/** How often the background side of orders runs (due supplies, expired proposals, reorder decisions, the outbox, deliveries). */
export const ORDERS_TICK_MS = 30_000;

declare module 'fastify' {
  interface FastifyInstance {
    orders: OrdersService;
  }
}

/**
 * The orders capability: store adapters, the order state machine, the outbox and deliveries.
 * It plugs its reorder decision into supplies (registered before it) through `setHooks`, so
 * supplies never imports orders. More stores (a WebhookStore per real shop) are added with
 * `app.orders.stores.register(...)`.
 */
export default fp(
  async (app: FastifyInstance) => {
    const stores = new StoreRegistry();
    stores.register(new SimulatedStore(app.store.db, app.clock));
    const service = new OrdersService(app.store, app.clock, app.events, app.households, app.supplies, stores, app.log);
    app.decorate('orders', service);
    app.supplies.setHooks(service.supplyHooks());
    await app.register(ordersRoutes);
    await app.register(webhookRoutes);

    // Started when the app is ready (first tick at once), stopped and awaited on close; off when MIROIR_BACKGROUND_JOBS=false.
    schedulePeriodicJob(app, 'orders', () => service.processDue(), { everyMs: ORDERS_TICK_MS });
  },
  { name: 'orders', dependencies: ['core', 'households', 'supplies'] },
);
