import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { AppError } from '@server/core/errors';
import { errorResponses } from '@server/core/schemas';
import { ACCESS, householdOf } from '@server/plugins/auth';
import { EVENTS_PATH, EVENTS_POSITION_PATH } from './messages';
import type { StreamHub } from './stream-hub';

const EventsQuery = Type.Object({
  access_token: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  /** A new EventSource cannot set Last-Event-ID, so a page that reconnects by hand passes it here. */
  lastEventId: Type.Optional(Type.String({ maxLength: 64 })),
});

const EventsPosition = Type.Object({
  eventId: Type.String({ description: 'the id of the newest event: what a stream opened now would resync from' }),
});

export function eventRoutes(hub: StreamHub): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      EVENTS_POSITION_PATH,
      {
        config: { scopes: ACCESS.mirror },
        schema: {
          tags: ['mirror'],
          summary: 'Where the event stream stands: read before a page’s reads, compared with the id its stream resynced from',
          response: { 200: EventsPosition, ...errorResponses },
        },
      },
      // The same position for every household (the feed's newest id): equal ids mean no event at all came between.
      async () => ({ eventId: hub.latestId() }),
    );
    app.get(
      EVENTS_PATH,
      {
        // EventSource cannot send an Authorization header: a URL token for `events` may come as ?access_token=.
        config: { urlToken: 'events', scopes: ACCESS.mirror },
        schema: {
          tags: ['mirror'],
          summary: 'Server-Sent Events for the mirror: the household’s domain events, with replay by Last-Event-ID',
          querystring: EventsQuery,
          produces: ['text/event-stream'],
          response: { ...errorResponses },
        },
      },
      async (request, reply) => {
        const householdId = householdOf(request);
        // A draining instance takes no new stream: the page retries, through the balancer, elsewhere.
        if (app.fleet.draining) throw new AppError('errors.draining', 503);
        const header = request.headers['last-event-id'];
        const lastEventId = (typeof header === 'string' && header) || request.query.lastEventId || undefined;
        // Headers already decided by earlier hooks (helmet's) go out with the stream's own.
        const headers: Record<string, string | number | string[]> = {};
        for (const [name, value] of Object.entries(reply.getHeaders())) if (value !== undefined) headers[name] = value;
        reply.hijack();
        reply.raw.writeHead(200, {
          ...headers,
          'content-type': 'text/event-stream; charset=utf-8',
          'cache-control': 'no-store, no-transform',
          connection: 'keep-alive',
          'x-accel-buffering': 'no',
        });
        const close = hub.attach(householdId, reply.raw, lastEventId);
        request.raw.on('close', close);
        reply.raw.on('close', close);
        reply.raw.on('error', close);
      },
    );
  };
}
