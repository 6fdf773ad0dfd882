import { translator } from '@server/plugins/i18n';
import type { OAuthPlatform } from './clients';

/** The authorize request's parameters, carried through the consent form unchanged. */
export interface AuthorizeParams {
  response_type: string;
  client_id: string;
  redirect_uri: string;
  state: string;
  scope?: string;
  code_challenge?: string;
  code_challenge_method?: string;
}

const escape = (s: string): string => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

function page(lang: string, title: string, body: string): string {
  return `<!doctype html>\n<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="referrer" content="no-referrer"><title>${escape(title)}</title></head>\n<body><main>${body}</main></body></html>\n`;
}

/**
 * The consent page: which assistant asks, what it may and may not do, and the pairing code that
 * proves the person belongs to the household. Server-rendered, no script, no style, no outside
 * resource: it works under the strictest CSP and in the assistants' in-app browsers.
 */
export function consentPage(locale: string, platform: OAuthPlatform, params: AuthorizeParams, error: 'wrongCode' | null): string {
  const t = translator(locale);
  const lang = locale.toLowerCase().startsWith('fr') ? 'fr' : 'en';
  const assistant = t(`oauth.assistant.${platform}`);
  const hidden = (Object.entries(params) as [string, string | undefined][])
    .filter((e): e is [string, string] => typeof e[1] === 'string')
    .map(([k, v]) => `<input type="hidden" name="${escape(k)}" value="${escape(v)}">`)
    .join('');
  const may = (['one', 'two', 'three'] as const).map((k) => `<li>${escape(t(`oauth.may.${platform}.${k}`))}</li>`).join('');
  const body = [
    `<h1>${escape(t('oauth.title', { assistant }))}</h1>`,
    `<p>${escape(t('oauth.asks', { assistant }))}</p>`,
    `<p>${escape(t('oauth.mayTitle'))}</p><ul>${may}</ul>`,
    `<p>${escape(t('oauth.cannot'))}</p>`,
    error ? `<p role="alert">${escape(t(`oauth.${error}`))}</p>` : '',
    `<form method="post" action="/oauth/authorize">${hidden}`,
    `<label for="pairing_code">${escape(t('oauth.codeLabel'))}</label> `,
    `<input id="pairing_code" name="pairing_code" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]{6}" maxlength="6"> `,
    `<small>${escape(t('oauth.codeHint'))}</small>`,
    `<p><button type="submit" name="decision" value="allow">${escape(t('oauth.allow'))}</button> `,
    `<button type="submit" name="decision" value="deny" formnovalidate>${escape(t('oauth.deny'))}</button></p></form>`,
  ].join('\n');
  return page(lang, t('oauth.title', { assistant }), body);
}

/** Shown when the client or the redirect URI is wrong: the browser is never sent there (RFC 6749 §4.1.2.1). */
export function invalidRequestPage(locale: string): string {
  const t = translator(locale);
  const lang = locale.toLowerCase().startsWith('fr') ? 'fr' : 'en';
  return page(lang, t('oauth.invalidTitle'), `<h1>${escape(t('oauth.invalidTitle'))}</h1>\n<p>${escape(t('oauth.invalidText'))}</p>`);
}
