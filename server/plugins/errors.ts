import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { AppError } from '@server/core/errors';
import { translator } from './i18n';

interface ErrorBody {
  error: { code: string; message: string; field?: string };
}

/** The household's language when known, else the client's Accept-Language. */
function localeOf(request: FastifyRequest): string {
  return request.auth?.locale ?? request.headers['accept-language']?.split(',')[0] ?? 'en';
}

export function errorBody(request: FastifyRequest, err: AppError): ErrorBody {
  const t = translator(localeOf(request));
  const message = t(err.key, { ...err.params, defaultValue: err.code });
  // A form shows the message next to the field it concerns (the household app maps `field` to its input).
  const field = typeof err.params.field === 'string' ? err.params.field : undefined;
  return { error: field ? { code: err.code, message, field } : { code: err.code, message } };
}

/**
 * A store that cannot take the write (disk full, locked, connection lost) is a clear 503 saying so,
 * not an anonymous 500: the client may retry, and nothing was acknowledged.
 */
const SQLITE_UNAVAILABLE = /^SQLITE_(FULL|BUSY|LOCKED|IOERR|READONLY|CANTOPEN|PROTOCOL|NOMEM)/;
export function storeUnavailable(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false;
  const code = (error as { code?: unknown }).code;
  const message = (error as { message?: unknown }).message;
  if (typeof code === 'string') {
    if (SQLITE_UNAVAILABLE.test(code)) return true;
    // PostgreSQL: 08 connection exception, 53 insufficient resources (disk full), 57P0x shutdown/cancel.
    if (/^(08|53)\w{3}$|^57P0\d$|^57014$/.test(code)) return true;
    if (['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE'].includes(code)) return true;
  }
  return typeof message === 'string' && /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/.test(message);
}

/** Defence in depth: NULs are refused before validation (app.ts); should one still reach PostgreSQL, it is the input's fault, a 400. */
function unstorableText(error: unknown): boolean {
  const code = error && typeof error === 'object' ? (error as { code?: unknown }).code : undefined;
  return code === '22021' || code === '22P05';
}

/**
 * The body or query field a validation error is about, dotted (`policy.maxPerOrder`, `colors.0`),
 * for a form to show its message beside that field; undefined when it concerns the whole request.
 */
export function validationField(error: FastifyError): string | undefined {
  const first = error.validation?.[0];
  if (!first || (error.validationContext !== 'body' && error.validationContext !== 'querystring')) return undefined;
  const parts = (first.instancePath ?? '').split('/').filter(Boolean);
  const params = first.params as Record<string, unknown> | undefined;
  if (params && typeof params.missingProperty === 'string') parts.push(params.missingProperty);
  else if (params && typeof params.additionalProperty === 'string') parts.push(params.additionalProperty);
  return parts.length ? parts.join('.') : undefined;
}

function fromFastifyError(error: FastifyError): AppError | null {
  if (storeUnavailable(error)) return new AppError('errors.storeUnavailable', 503);
  if (unstorableText(error)) return new AppError('errors.badRequest', 400, { detail: 'text contains a NUL character' });
  if (error.validation) {
    const first = error.validation[0];
    const where = `${error.validationContext ?? 'request'}${first?.instancePath ?? ''}`;
    const extra = first?.params && 'additionalProperty' in first.params ? ` '${String(first.params.additionalProperty)}'` : '';
    return new AppError('errors.validationFailed', 400, { where, detail: `${first?.message ?? 'is invalid'}${extra}`, field: validationField(error) });
  }
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new AppError('errors.invalidJson', 400);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new AppError('errors.unsupportedMediaType', 415);
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError('errors.payloadTooLarge', 413);
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new AppError('errors.invalidJson', 400);
  }
  if (error instanceof SyntaxError) return new AppError('errors.invalidJson', 400);
  if (error.statusCode === 429) return new AppError('errors.rateLimited', 429);
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
    return new AppError('errors.badRequest', error.statusCode, { detail: error.message });
  }
  return null;
}

export default fp(
  async (app: FastifyInstance) => {
    app.setErrorHandler((error: FastifyError | AppError, request: FastifyRequest, reply: FastifyReply) => {
      const known = error instanceof AppError ? error : fromFastifyError(error as FastifyError);
      if (known) {
        if (known.statusCode >= 500) request.log.error({ err: error }, 'request failed');
        return reply.status(known.statusCode).send(errorBody(request, known));
      }
      request.log.error({ err: error }, 'unexpected error');
      const internal = new AppError('errors.internal', 500);
      return reply.status(500).send(errorBody(request, internal));
    });
    app.setNotFoundHandler((request, reply) => {
      const err = new AppError('errors.routeNotFound', 404, { method: request.method, url: request.url.split('?')[0] });
      return reply.status(404).send(errorBody(request, err));
    });
  },
  { name: 'errors' },
);
