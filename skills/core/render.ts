import { getI18n, languageOf, pickPhrasing, translator } from '@server/plugins/i18n';
import type { ConversationReply, RenderedReply } from './types';

/** Speech is plain text put inside SSML: anything a person or a service wrote is escaped. */
export function escapeSsml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

function exists(key: string, locale: string, params: Record<string, string | number> = {}): boolean {
  return getI18n().exists(key, { ...params, lng: languageOf(locale) });
}

/**
 * Params named `xKey` hold a key whose translation becomes `x`; `xKeys` hold `|`-separated keys
 * translated and joined as a spoken list. Handlers stay free of text this way.
 */
export function resolveParams(params: Record<string, string | number>, locale: string): Record<string, string | number> {
  const t = translator(locale);
  const out: Record<string, string | number> = { ...params };
  for (const [name, value] of Object.entries(params)) {
    if (!name.endsWith('Keys')) continue;
    const keys = String(value).split('|').filter(Boolean);
    const words = keys.map((k) => (exists(k, locale) ? t(k) : (k.split('.').pop() ?? k).replace(/_/g, ' ')));
    out[name.slice(0, -4)] = new Intl.ListFormat(languageOf(locale), { type: 'conjunction' }).format(words);
  }
  for (const [name, value] of Object.entries(params)) {
    if (!name.endsWith('Key')) continue;
    out[name.slice(0, -3)] = value ? t(String(value), out) : '';
  }
  return out;
}

function phrase(key: string, params: Record<string, string | number>, locale: string, seed: number): string {
  const t = translator(locale);
  const known = exists(key, locale, params) ? key : 'skills.error';
  // Only ASCII runs collapse (an empty optional sentence leaves two spaces); the no-break spaces of French typography stay.
  return pickPhrasing(t, known, params, seed).replace(/[ \t\r\n]+/g, ' ').trim();
}

/** Turns the core's keys into the words of the request's language. */
export function render(reply: ConversationReply, locale: string, seed = 0): RenderedReply {
  const params = resolveParams(reply.params, locale);
  const speech = phrase(reply.speechKey, params, locale, seed);
  const reprompt = reply.repromptKey ? phrase(reply.repromptKey, params, locale, seed) : null;
  let card: RenderedReply['card'] = null;
  if (reply.card) {
    const cardParams = resolveParams(reply.card.params ?? reply.params, locale);
    card = { title: phrase(reply.card.titleKey, cardParams, locale, 0), text: phrase(reply.card.textKey, cardParams, locale, 0) };
  }
  return {
    speech,
    ssml: `<speak>${escapeSsml(speech)}</speak>`,
    reprompt,
    repromptSsml: reprompt === null ? null : `<speak>${escapeSsml(reprompt)}</speak>`,
    card,
    shouldEndSession: reply.shouldEndSession,
    directives: reply.directives,
    state: reply.state,
  };
}
