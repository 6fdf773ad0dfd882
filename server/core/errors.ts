/**
 * Errors carry an i18n key; HTTP maps them to `{ error: { code, message } }`, voice speaks the
 * translated key, tests assert on the code. The code is derived from the key's last segment
 * (`supplies.unknownSupply` → `UNKNOWN_SUPPLY`) so there is one name to keep in step.
 */
export type ErrorParams = Record<string, string | number | boolean | undefined>;

export class AppError extends Error {
  readonly key: string;
  readonly code: string;
  readonly statusCode: number;
  readonly params: ErrorParams;

  constructor(key: string, statusCode = 400, params: ErrorParams = {}) {
    super(key);
    this.name = 'AppError';
    this.key = key;
    this.code = codeFromKey(key);
    this.statusCode = statusCode;
    this.params = params;
  }
}

export function codeFromKey(key: string): string {
  const last = key.split('.').pop() ?? key;
  return last.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
}

export const notFound = (what: string, params: ErrorParams = {}): AppError =>
  new AppError('errors.notFound', 404, { what, ...params });
export const conflict = (key: string, params: ErrorParams = {}): AppError => new AppError(key, 409, params);
export const badRequest = (key: string, params: ErrorParams = {}): AppError => new AppError(key, 400, params);
export const forbidden = (key = 'errors.forbidden', params: ErrorParams = {}): AppError =>
  new AppError(key, 403, params);
