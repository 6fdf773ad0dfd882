import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import fp from 'fastify-plugin';
import { inProcessGet, type InProcessAnswer } from '@server/core/in-process-get';
import { errorResponses, StrictObject } from '@server/core/schemas';
import { BATCH_READS_PATH } from '@server/mirror/messages';
import { ACCESS } from './auth';

/** A page's start (the mirror: nine reads) fits with room to spare; more is not a page's start. */
const MAX_READS = 16;


const ReadsBody = StrictObject({
  paths: Type.Array(Type.String({ pattern: '^/api/v1/[^#]*$', maxLength: 2048 }), {
    minItems: 1,
    maxItems: MAX_READS,
    description: 'GET paths with their query, answered in this order',
  }),
});

const ReadsResponse = Type.Object({
  responses: Type.Array(
    Type.Object({
      status: Type.Integer({ description: "the read's own HTTP status" }),
      body: Type.Unknown({ description: "the read's own JSON body (its `{error}` when it failed), null when it had none" }),
    }),
  ),
});

/**
 * Several GETs in one round trip. A browser keeps at most six HTTP/1.1 connections per server
 * and the mirror's live stream holds one, so a page that starts with ten reads at once queues
 * some behind the others, and each read costs the kiosk's CPU (a Raspberry Pi's, shared with the
 * server) a request of its own. Each read goes through its own route as if it came alone: the
 * same credential, scopes, validation, rate limit and error body, so a page cannot tell the
 * answers apart from separate requests and no route's logic is repeated here. Routes a browser
 * opens without headers (the event stream, photos, files: `config.urlToken`) are not reads of
 * this kind and answer 400.
 */
const routes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    BATCH_READS_PATH,
    {
      config: { scopes: ACCESS.mirror },
      schema: { tags: ['reads'], summary: 'Several GET reads in one request, each answered as if it came alone', body: ReadsBody, response: { 200: ReadsResponse, ...errorResponses } },
    },
    async (request, reply) => {
      const headers: Record<string, string> = { accept: 'application/json' };
      for (const name of ['host', 'authorization', 'accept-language'] as const) {
        const value = request.headers[name];
        if (typeof value === 'string') headers[name] = value;
      }
      const reads: Promise<InProcessAnswer>[] = [];
      for (const url of request.body.paths) {
        reads.push(inProcessGet(app.routing, { url, headers, remoteAddress: request.ip }));
        // A read the store answers at once runs to its end before the next one starts: a turn of
        // the event loop between them lets other requests in (a /health, another page's read),
        // rather than the whole batch being one long task. A read waiting on the network (a
        // calendar feed) does not hold up the next ones.
        await new Promise((resolve) => setImmediate(resolve));
      }
      const answers = await Promise.all(reads);
      // The reads' bodies are JSON already: joined as they are rather than parsed and written again.
      const parts = answers.map((answer) => {
        const json = /^application\/json\b/.test(answer.contentType ?? '') && answer.payload.length > 0;
        return `{"status":${answer.statusCode},"body":${json ? answer.payload : 'null'}}`;
      });
      return reply.type('application/json; charset=utf-8').send(`{"responses":[${parts.join(',')}]}`);
    },
  );
};

export default fp(
  async (app) => {
    await app.register(routes);
  },
  { name: 'batch-reads', dependencies: ['core', 'auth'] },
);
