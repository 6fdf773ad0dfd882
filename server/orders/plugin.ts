import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { schedulePeriodicJob } from '@server/core/periodic-job';
import { ordersRoutes } from './routes';
import { OrdersService } from './service';
import { StoreRegistry } from './stores/registry';
import { SimulatedStore } from './stores/simulated';
import { webhookRoutes } from './webhook-routes';

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
    // Outbox rows are leased to this instance (PostgreSQL fleets) for as long as the fleet's leases last.
    const service = new OrdersService(app.store, app.clock, app.events, app.households, app.supplies, stores, app.log, {
      holder: app.fleet.instanceId,
      ms: app.config.leaseMs,
    });
    app.decorate('orders', service);
    app.supplies.setHooks(service.supplyHooks());
    await app.register(ordersRoutes);
    await app.register(webhookRoutes);

    // Started when the app is ready (first tick at once), stopped and awaited on close; off when MIROIR_BACKGROUND_JOBS=false.
    schedulePeriodicJob(app, 'orders', () => service.processDue(), { everyMs: app.config.ordersTickMs });
  },
  { name: 'orders', dependencies: ['core', 'fleet', 'households', 'supplies'] },
);
