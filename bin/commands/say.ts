import { parseOptions } from './parse-options';
import { buildApp } from '@server/app';
import { converse } from '@skills/core/conversation';
import { LAUNCH } from '@skills/core/definition';
import { matchConfirmation, matchUtterance } from '@skills/core/matcher';
import { render } from '@skills/core/render';
import { readState } from '@skills/core/state';
import type { Confirmation, ConversationRequest } from '@skills/core/types';
import { configFrom, printJson, UsageError, type CliCommand } from './types';

/** A question left unanswered this long is forgotten, as a voice session would time out. */
const PENDING_TTL_MS = 5 * 60_000;

/**
 * `miroir say "…"`: one turn through the same interaction model as the devices (the utterances
 * and slot values of skills/core/definition.ts), answered by the same core and services. A
 * question (an order to confirm) is remembered, so `miroir say "yes"` answers it.
 */
const SPOKEN_LOCALE = /^(en|fr)-[A-Z]{2}$/;

export const say: CliCommand = {
  path: ['say'],
  summary: 'Say something to Miroir as Alexa or Google would hear it, and print the reply.',
  usage: 'miroir say "what should I wear tomorrow" [--locale en-US|fr-FR|…, default: the household\'s] [--household ID]',
  async run(args, io) {
    const { values, positionals } = parseOptions({
      args,
      options: { locale: { type: 'string' }, household: { type: 'string' } },
      allowPositionals: true,
      strict: true,
    });
    const text = positionals.join(' ').trim();
    if (values.locale !== undefined && !SPOKEN_LOCALE.test(values.locale)) throw new UsageError(`--locale must be an English or French locale such as fr-FR (got ${values.locale})`);
    const config = configFrom(io);
    const app = await buildApp({ config: { ...config, backgroundJobs: false }, logger: false });
    try {
      await app.ready();
      const householdId = values.household ?? (await app.households.listIds())[0];
      if (!householdId) throw new UsageError('no household yet: start the server once (demo) or run `miroir household create`');
      // Spoken as a person of this home would speak it: a French household's "éteins le miroir" is French.
      const household = await app.households.get(householdId);
      const locale = values.locale ?? (SPOKEN_LOCALE.test(household.locale) ? household.locale : 'en-US');
      const userId = `cli:${householdId}`;
      const stored = await app.skills.voiceUsers.loadState('cli', userId);
      const savedAt = typeof stored.savedAt === 'string' ? Date.parse(stored.savedAt) : 0;
      let state = readState(stored.state);
      if (app.clock.now().getTime() - savedAt > PENDING_TTL_MS) state = { ...state, pending: undefined };

      let intent: ConversationRequest['intent'] = LAUNCH;
      let slots: ConversationRequest['slots'] = {};
      let confirmation: Confirmation = 'none';
      const answer = state.pending && text ? matchConfirmation(text, locale) : null;
      if (answer && state.pending) {
        intent = state.pending.intent;
        confirmation = answer;
      } else if (text) {
        const match = matchUtterance(text, locale);
        intent = match?.intent ?? 'Fallback';
        slots = match?.slots ?? {};
      }
      const conversationId = typeof stored.conversationId === 'string' && state.pending ? stored.conversationId : `cli:${app.clock.now().toISOString()}`;
      const reply = await converse(app.skills.services, { intent, slots, locale, householdId, voicePersonId: null, confirmation, channel: 'api', conversationId, callerId: `cli:${userId}`, state });
      const rendered = render(reply, locale);
      await app.skills.voiceUsers.saveState('cli', userId, householdId, { state: rendered.state, savedAt: app.clock.now().toISOString(), conversationId });
      printJson(io, {
        heard: { intent, slots, confirmation },
        speech: rendered.speech,
        card: rendered.card,
        awaiting: rendered.directives.some((d) => d.type === 'confirm') ? 'confirmation' : rendered.shouldEndSession ? null : 'reply',
      });
      return 0;
    } finally {
      await app.close();
    }
  },
};
