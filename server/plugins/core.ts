import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Clock } from '@server/core/clock';
import type { EventBus } from '@server/core/event-bus';
import type { Store } from '@server/store/store';
import type { Config } from './config';

declare module 'fastify' {
  interface FastifyInstance {
    config: Config;
    clock: Clock;
    store: Store;
    events: EventBus;
  }
}

export interface CoreDeps {
  config: Config;
  clock: Clock;
  store: Store;
  events: EventBus;
}

/** What every capability needs, decorated once so plugins declare it as a dependency. */
export default fp(
  async (app: FastifyInstance, deps: CoreDeps) => {
    app.decorate('config', deps.config);
    app.decorate('clock', deps.clock);
    app.decorate('store', deps.store);
    app.decorate('events', deps.events);
  },
  { name: 'core' },
);
