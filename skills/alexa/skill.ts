import { SkillBuilders, type HandlerInput, type RequestHandler, type Skill } from 'ask-sdk-core';
import type { Intent as AlexaIntent, RequestEnvelope, Response, Slot } from 'ask-sdk-model';
import { translator } from '@server/plugins/i18n';
import { converse } from '@skills/core/conversation';
import { INTENTS, LAUNCH, intentDefinition, type IntentName, type SlotName } from '@skills/core/definition';
import type { VoiceLinks } from '@skills/core/links';
import { escapeSsml, render } from '@skills/core/render';
import type { ConversationServices } from '@skills/core/services';
import { readState } from '@skills/core/state';
import type { Confirmation, ConversationState, CoreDirective, SlotInput } from '@skills/core/types';
import { OUTFIT_APL_DOCUMENT, OUTFIT_APL_TOKEN } from './apl';
import { StorePersistenceAdapter, userIdOf } from './persistence';
import { PUBLISHED_EVENTS, type PublishedEvent } from './proactive-events';

/**
 * The Alexa adapter: one ask-sdk `{ canHandle, handle }` per intent, generated from the core
 * definition. Each maps the envelope to a conversation request, calls the core, and turns the
 * reply into speech, a card and dialog or APL directives. No decision is taken here.
 */
export interface AlexaSkillDeps {
  services: ConversationServices;
  links: VoiceLinks;
  onError?: (err: unknown) => void;
  /** True when Alexa account linking is configured: an unlinked person gets a LinkAccount card. */
  accountLinking?: boolean;
}

interface StoredAttributes {
  state: ConversationState;
  /** Pending confirmations hold only within the session that asked. */
  sessionId: string | null;
  householdId: string | null;
}

function slotInputs(intent: AlexaIntent): Partial<Record<SlotName, SlotInput>> {
  const out: Partial<Record<SlotName, SlotInput>> = {};
  for (const [name, slot] of Object.entries(intent.slots ?? {}) as [SlotName, Slot][]) {
    if (!slot.value) continue;
    // Each level may be missing or null (ask-sdk's own fixtures send null), the route checked the types.
    const match = slot.resolutions?.resolutionsPerAuthority?.find((a) => a.status?.code === 'ER_SUCCESS_MATCH');
    out[name] = { raw: slot.value, id: match?.values?.[0]?.value.id ?? null };
  }
  return out;
}

function confirmationOf(intent: AlexaIntent): Confirmation {
  if (intent.confirmationStatus === 'CONFIRMED') return 'confirmed';
  if (intent.confirmationStatus === 'DENIED') return 'denied';
  return 'none';
}

async function householdFor(deps: AlexaSkillDeps, envelope: RequestEnvelope): Promise<string | null> {
  const user = envelope.context?.System?.user;
  // An OAuth account-linking token, when the skill was linked that way, speaks for its household.
  if (user?.accessToken) {
    const linked = await deps.links.householdForLinkToken(user.accessToken, 'alexa');
    if (linked) return linked;
  }
  return user?.userId ? deps.links.householdOf('alexa', user.userId) : null;
}

async function turn(deps: AlexaSkillDeps, input: HandlerInput, intentName: IntentName | typeof LAUNCH): Promise<Response> {
  const envelope = input.requestEnvelope;
  const request = envelope.request;
  const locale = request.locale ?? 'en-US';
  const userId = userIdOf(envelope);
  const sessionId = envelope.session?.sessionId ?? null;
  const stored = (await input.attributesManager.getPersistentAttributes()) as Partial<StoredAttributes>;
  let state = readState(stored.state);
  if (stored.sessionId !== sessionId) state = { ...state, pending: undefined };
  const intent = request.type === 'IntentRequest' ? request.intent : null;
  let householdId = await householdFor(deps, envelope);
  const reply = await converse(deps.services, {
    intent: intentName,
    slots: intent ? slotInputs(intent) : {},
    locale,
    householdId,
    voicePersonId: envelope.context?.System?.person?.personId ?? null,
    confirmation: intent ? confirmationOf(intent) : 'none',
    channel: 'alexa',
    conversationId: sessionId ?? request.requestId ?? 'alexa',
    callerId: userId ?? null,
    state,
  });
  const rendered = render(reply, locale, Date.parse(request.timestamp) || 0);
  const builder = input.responseBuilder;
  let delegated = false;
  for (const directive of rendered.directives) {
    delegated = (await applyDirective(deps, input, directive, intent, intentName, locale, rendered.card?.title ?? '')) || delegated;
    if (directive.type === 'link') householdId = directive.householdId;
  }
  if (!delegated) {
    // ask-sdk keeps what it is given as SSML: the escaped form, so "l'écharpe" or "&" stay valid.
    builder.speak(rendered.ssml);
    if (rendered.repromptSsml && !rendered.shouldEndSession) builder.reprompt(rendered.repromptSsml);
    // Unlinked: with account linking, the Alexa app offers the link (the spoken code stays as a fallback).
    if (deps.accountLinking && reply.speechKey === 'skills.link.needed') builder.withLinkAccountCard();
    else if (rendered.card) builder.withSimpleCard(rendered.card.title, rendered.card.text);
    builder.withShouldEndSession(rendered.shouldEndSession);
  }
  if (userId) {
    const attributes: StoredAttributes = { state: rendered.state, sessionId, householdId };
    input.attributesManager.setPersistentAttributes({ ...attributes });
    await input.attributesManager.savePersistentAttributes();
  }
  return builder.getResponse();
}

/** Applies one core directive; true when Alexa was asked to run the dialog itself (no speech then). */
async function applyDirective(
  deps: AlexaSkillDeps,
  input: HandlerInput,
  directive: CoreDirective,
  intent: AlexaIntent | null,
  intentName: IntentName | typeof LAUNCH,
  locale: string,
  title: string,
): Promise<boolean> {
  const builder = input.responseBuilder;
  const envelope = input.requestEnvelope;
  switch (directive.type) {
    case 'confirm':
      if (intent) builder.addConfirmIntentDirective(intent);
      // Opening the skill with a question (a proposal waiting): chained into the intent it confirms.
      else if (directive.intent) builder.addConfirmIntentDirective({ name: directive.intent, confirmationStatus: 'NONE', slots: {} });
      return false;
    case 'elicit': {
      if (!intent) return false;
      const dialogState = envelope.request.type === 'IntentRequest' ? envelope.request.dialogState : undefined;
      const confirming = intentName !== LAUNCH && intentDefinition(intentName).confirm === true;
      // Alexa runs slot filling with the model's prompts, except where our confirmation must carry the price.
      if (!confirming && (dialogState === 'STARTED' || dialogState === 'IN_PROGRESS')) {
        builder.addDelegateDirective(intent);
        return true;
      }
      builder.addElicitSlotDirective(directive.slot, intent);
      return false;
    }
    case 'showOutfit': {
      if (!envelope.context?.System?.device?.supportedInterfaces?.['Alexa.Presentation.APL']) return false;
      const t = translator(locale);
      builder.addDirective({
        type: 'Alexa.Presentation.APL.RenderDocument',
        token: OUTFIT_APL_TOKEN,
        document: OUTFIT_APL_DOCUMENT,
        datasources: {
          outfit: {
            title,
            explanation: directive.explanation,
            garments: directive.garments.map((g) => ({ name: g.name, category: t(`skills.category.${g.category}`, { defaultValue: g.category }) })),
          },
        },
      });
      return false;
    }
    case 'link': {
      const userId = envelope.context?.System?.user?.userId;
      if (userId) await deps.links.link('alexa', userId, directive.householdId);
      return false;
    }
    case 'askLocation':
      // Alexa's device address needs a separate permission flow; the speech points to the mirror instead.
      return false;
  }
}

function intentHandler(deps: AlexaSkillDeps, alexaName: string, core: IntentName): RequestHandler {
  return {
    canHandle: (input) => input.requestEnvelope.request.type === 'IntentRequest' && input.requestEnvelope.request.intent.name === alexaName,
    handle: (input) => turn(deps, input, core),
  };
}

export function buildAlexaSkill(deps: AlexaSkillDeps): Skill {
  const handlers: RequestHandler[] = [
    { canHandle: (input) => input.requestEnvelope.request.type === 'LaunchRequest', handle: (input) => turn(deps, input, LAUNCH) },
    ...INTENTS.flatMap((intent) => (intent.alexaBuiltIn ?? [intent.name]).map((name) => intentHandler(deps, name, intent.name))),
    {
      // The person allowed or withdrew order updates in the Alexa app (or disabled the skill).
      canHandle: (input) => ['AlexaSkillEvent.ProactiveSubscriptionChanged', 'AlexaSkillEvent.SkillDisabled'].includes(input.requestEnvelope.request.type),
      handle: async (input) => {
        const envelope = input.requestEnvelope;
        const userId = envelope.context?.System?.user?.userId;
        if (!userId) return input.responseBuilder.getResponse();
        const request = envelope.request as { type: string; body?: { subscriptions?: { eventName?: string }[] } };
        const allowed = request.type === 'AlexaSkillEvent.ProactiveSubscriptionChanged' ? (request.body?.subscriptions ?? []).map((s) => s.eventName).filter((n): n is PublishedEvent => PUBLISHED_EVENTS.includes(n as PublishedEvent)) : [];
        await deps.links.setEventSubscription(userId, allowed.length ? await householdFor(deps, envelope) : null, allowed);
        return input.responseBuilder.getResponse();
      },
    },
    {
      // The session is over: nothing may be spoken, and a question left unanswered is forgotten.
      canHandle: (input) => input.requestEnvelope.request.type === 'SessionEndedRequest',
      handle: async (input) => {
        if (userIdOf(input.requestEnvelope)) {
          const stored = await input.attributesManager.getPersistentAttributes();
          input.attributesManager.setPersistentAttributes({ ...stored, state: { ...readState(stored.state), pending: undefined } });
          await input.attributesManager.savePersistentAttributes();
        }
        return input.responseBuilder.getResponse();
      },
    },
    {
      // An intent this model does not declare, or a request type the skill does not use.
      canHandle: () => true,
      handle: async (input) => {
        if (input.requestEnvelope.request.type === 'IntentRequest') return turn(deps, input, 'Fallback');
        return input.responseBuilder.getResponse();
      },
    },
  ];
  return SkillBuilders.custom()
    .addRequestHandlers(...handlers)
    .addErrorHandlers({
      canHandle: () => true,
      handle: (input, err) => {
        deps.onError?.(err);
        const t = translator(input.requestEnvelope.request.locale ?? 'en-US');
        return input.responseBuilder.speak(escapeSsml(t('skills.error'))).withShouldEndSession(true).getResponse();
      },
    })
    .withPersistenceAdapter(new StorePersistenceAdapter(deps.links))
    .create();
}
