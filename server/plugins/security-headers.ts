import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import helmet, { type HelmetOptions } from 'helmet';
import { isInProcessRead } from '@server/core/in-process-get';

/** The page's policy: nothing from elsewhere, no framing, no plugins (the mirror and the app are same-origin only). */
export const SECURITY_HEADER_OPTIONS: Readonly<HelmetOptions> = {
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'", 'data:', 'blob:'],
      fontSrc: ["'self'"],
      connectSrc: ["'self'"],
      objectSrc: ["'none'"],
      baseUri: ["'none'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
    },
  },
  // The mirror is reached over plain HTTP on the home network; HSTS would lock it out.
  strictTransportSecurity: false,
};

/**
 * Helmet's headers for these options, worked out once. They depend on the options only, never on
 * the request, yet @fastify/helmet rebuilds helmet's middleware on every request (~17 µs, about a
 * fifth of the server's CPU at 10k requests/s); running helmet once against a recorder gives the
 * very same names and values.
 */
export function securityHeaders(options: Readonly<HelmetOptions> = SECURITY_HEADER_OPTIONS): ReadonlyArray<readonly [string, string]> {
  const headers = new Map<string, string>();
  const recorder = {
    setHeader(name: string, value: string | number | readonly string[]) {
      headers.set(name.toLowerCase(), Array.isArray(value) ? value.join(', ') : String(value));
      return recorder;
    },
    removeHeader(name: string) {
      headers.delete(name.toLowerCase());
    },
  };
  let failed: unknown = null;
  helmet(options)({} as IncomingMessage, recorder as unknown as ServerResponse, (err?: unknown) => {
    if (err) failed = err;
  });
  if (failed) throw failed instanceof Error ? failed : new Error(String(failed));
  return Object.freeze([...headers.entries()].map(([name, value]) => Object.freeze([name, value] as const)));
}

/**
 * On every response, including 404s, errors and the mirror's hijacked event stream (its route
 * copies what is set here): the headers go on the raw response, as helmet's did, so nothing later
 * in Fastify's reply can drop them. A route that needs another policy (the API docs) replaces the
 * CSP in its own onSend.
 */
export default fp(
  async (app: FastifyInstance) => {
    const headers = securityHeaders();
    app.addHook('onRequest', (request, reply, done) => {
      // A batched read's headers are dropped with its envelope: the batch's response carries these.
      if (isInProcessRead(request.raw)) return done();
      const res = reply.raw;
      for (let i = 0; i < headers.length; i++) res.setHeader(headers[i][0], headers[i][1]);
      // Helmet also removes X-Powered-By; nothing in Fastify sets it, so there is nothing to remove.
      done();
    });
  },
  { name: 'security-headers' },
);
