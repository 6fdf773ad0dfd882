import { ApiError, NetworkError } from './api';
import type { I18n } from './i18n';

export interface ShownError {
  /** The form field the error concerns (the API's `field`, dotted), when it concerns one. */
  field?: string;
  message: string;
}

/** `UNKNOWN_KIND` → `unknownKind`: the API's codes are its error keys' last segment in SNAKE_CASE. */
export function camelFromCode(code: string): string {
  return code.toLowerCase().replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
}

/**
 * What a person reads when a request fails, in the language they chose: the app's own sentence
 * for a known code (`app.errors.<code>`), else the server's message (already localized, in the
 * household's language); never a JSON dump. A network failure says so and that nothing was lost.
 */
export function showError(err: unknown, i18n: I18n): ShownError {
  if (err instanceof NetworkError) return { message: i18n.t('app.errors.network') };
  if (err instanceof ApiError) {
    const key = `app.errors.${camelFromCode(err.code)}`;
    const message = i18n.has(key) ? i18n.t(key) : err.message || i18n.t('app.errors.unknown');
    return err.field ? { field: err.field, message } : { message };
  }
  return { message: i18n.t('app.errors.unknown') };
}
