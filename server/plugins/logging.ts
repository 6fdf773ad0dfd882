import { LogController, type FastifyReply, type FastifyRequest, type FastifyServerOptions } from 'fastify';
import { isInProcessRead } from '@server/core/in-process-get';
import type { Config } from './config';

/**
 * Secrets and personal data never reach the logs: auth headers, tokens, passwords and calendar or
 * wardrobe bodies are redacted, and a query-string token is cut from the logged URL.
 */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-device-token"]',
  'req.headers.signature',
  'req.headers["signature-256"]',
  'token',
  'password',
  'secret',
  'accessToken',
  '*.token',
  '*.password',
  '*.secret',
  '*.accessToken',
  '*.access_token',
  '*.ics',
  'body',
  'payload',
];

export function stripSecretsFromUrl(url: string): string {
  return url.replace(/([?&](?:access_token|token|client_secret|refresh_token|code_verifier)=)[^&#]*/gi, '$1[REDACTED]');
}

export function loggerOptions(config: Pick<Config, 'logLevel'>): FastifyServerOptions['logger'] {
  return {
    level: config.logLevel,
    redact: { paths: REDACT_PATHS, censor: '[REDACTED]' },
    serializers: {
      req(request: { method: string; url: string; hostname?: string; ip?: string }) {
        return { method: request.method, url: stripSecretsFromUrl(request.url), hostname: request.hostname };
      },
    },
  };
}

/**
 * One line per request, once answered (method, URL without secrets, status, time), in place of
 * Fastify's two ("incoming request", then "request completed"): each line is a synchronous write
 * with its redaction pass, and half the lines is half of what a Pi's SD card and journal take.
 * Fastify's other lines (a failed request, a 5xx, a route not found) are its own, unchanged. A
 * batch's reads (`POST /api/v1/reads`) log at debug level: the batch is the request.
 */
export class OneLinePerRequest extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    if (this.isLogDisabled(request)) return;
    const line = { req: request, res: reply, responseTime: reply.elapsedTime };
    if (error) reply.log.error({ ...line, err: error }, 'request errored');
    // A batch's reads are one request on the wire, logged once by the batch's own line.
    else if (isInProcessRead(request.raw)) reply.log.debug(line, 'batched read completed');
    else reply.log.info(line, 'request completed');
  }
}
