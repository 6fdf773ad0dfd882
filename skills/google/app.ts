import { BasicCard, Confirmation, Permission, SimpleResponse, dialogflow, type DialogflowConversation, type Parameters } from 'actions-on-google';
import { translator } from '@server/plugins/i18n';
import { converse } from '@skills/core/conversation';
import { INTENTS, LAUNCH, type IntentName, type SlotName } from '@skills/core/definition';
import type { VoiceLinks } from '@skills/core/links';
import { render } from '@skills/core/render';
import type { ConversationServices } from '@skills/core/services';
import { readState } from '@skills/core/state';
import type { Confirmation as Confirmed, ConversationState, SlotInput } from '@skills/core/types';
import { CONFIRMATION_INTENT, PERMISSION_INTENT, WELCOME_INTENT, dialogflowIntentName } from './agent';

/**
 * The Google adapter: an actions-on-google `dialogflow()` app whose intents are the core's.
 * The household link lives in user storage (a revocable link token), the conversation state in
 * `conv.data`; the Confirmation helper asks before any order, the Permission helper for the
 * device's location when the home has none.
 */
export interface GoogleAppDeps {
  services: ConversationServices;
  links: VoiceLinks;
  onError?: (err: unknown) => void;
}

interface ConvData {
  state?: unknown;
  /** The turn to replay once the person has answered the location question. */
  afterLocation?: { intent: IntentName; slots: Partial<Record<SlotName, SlotInput>> };
}

interface UserStorage {
  linkToken?: string;
}

type Conv = DialogflowConversation<ConvData, UserStorage>;

function localeOf(conv: Conv): string {
  const body = conv.body as { queryResult?: { languageCode?: string } };
  return conv.user.locale || body.queryResult?.languageCode || 'en-US';
}

function slotInputs(params: Parameters): Partial<Record<SlotName, SlotInput>> {
  const out: Partial<Record<SlotName, SlotInput>> = {};
  for (const [name, value] of Object.entries(params)) {
    // Entity parameters arrive as the reference value (our id); numbers as numbers.
    if (value === '' || value === null || value === undefined) continue;
    const raw = typeof value === 'number' ? String(value) : typeof value === 'string' ? value : null;
    if (raw === null) continue;
    out[name as SlotName] = { raw, id: raw };
  }
  return out;
}

/** Account linking (an OAuth access token of link scope) first, else the link kept in user storage. */
async function householdOf(deps: GoogleAppDeps, conv: Conv): Promise<string | null> {
  const accessToken = conv.user.access.token;
  if (accessToken) {
    const linked = await deps.links.householdForLinkToken(accessToken, 'google');
    if (linked) return linked;
  }
  const token = conv.user.storage.linkToken;
  const householdId = token ? await deps.links.householdForLinkToken(token, 'google') : null;
  // A revoked link (household deleted, token revoked) is forgotten on the device too.
  if (token && !householdId) delete conv.user.storage.linkToken;
  return householdId;
}

async function runTurn(deps: GoogleAppDeps, conv: Conv, intent: IntentName | typeof LAUNCH, slots: Partial<Record<SlotName, SlotInput>>, confirmation: Confirmed): Promise<void> {
  const locale = localeOf(conv);
  let householdId = await householdOf(deps, conv);
  const state: ConversationState = readState(conv.data.state);
  const reply = await converse(deps.services, {
    intent,
    slots,
    locale,
    householdId,
    voicePersonId: null,
    confirmation,
    channel: 'google',
    conversationId: conv.id || (conv.body as { session?: string }).session || 'google',
    // Dialogflow gives no stable user id: wrong codes count only service-wide.
    callerId: null,
    state,
  });
  const rendered = render(reply, locale);
  conv.data.state = rendered.state;
  for (const directive of rendered.directives) {
    if (directive.type === 'link') {
      householdId = directive.householdId;
      conv.user.storage.linkToken = await deps.links.issueLinkToken(directive.householdId, 'google');
    }
  }
  const wants = (type: string): boolean => rendered.directives.some((d) => d.type === type);
  if (wants('confirm')) {
    conv.ask(new Confirmation(rendered.speech));
    return;
  }
  if (wants('askLocation') && intent !== LAUNCH) {
    conv.data.afterLocation = { intent, slots };
    conv.ask(new Permission({ context: translator(locale)('skills.google.locationContext'), permissions: 'DEVICE_PRECISE_LOCATION' }));
    return;
  }
  const responses: (SimpleResponse | BasicCard)[] = [new SimpleResponse({ speech: rendered.ssml, text: rendered.speech })];
  if (rendered.card && conv.screen) responses.push(new BasicCard({ title: rendered.card.title, text: rendered.card.text }));
  if (rendered.shouldEndSession) conv.close(...responses);
  else conv.ask(...responses);
}

export function buildGoogleApp(deps: GoogleAppDeps) {
  const app = dialogflow<ConvData, UserStorage>({ debug: false });
  app.intent(WELCOME_INTENT, (conv: Conv) => runTurn(deps, conv, LAUNCH, {}, 'none'));
  for (const intent of INTENTS) {
    app.intent(dialogflowIntentName(intent.name), (conv: Conv, params: Parameters) => runTurn(deps, conv, intent.name, slotInputs(params), 'none'));
  }
  app.intent(CONFIRMATION_INTENT, (conv: Conv, _params: Parameters, answer: unknown) => {
    const pending = readState(conv.data.state).pending;
    // A yes with nothing pending (an expired or forged session) orders nothing: it is a fallback.
    if (!pending) return runTurn(deps, conv, 'Fallback', {}, 'none');
    return runTurn(deps, conv, pending.intent, {}, answer === true ? 'confirmed' : 'denied');
  });
  app.intent(PERMISSION_INTENT, async (conv: Conv, _params: Parameters, granted: unknown) => {
    const replay = conv.data.afterLocation;
    delete conv.data.afterLocation;
    const coordinates = conv.device.location?.coordinates;
    const householdId = await householdOf(deps, conv);
    if (granted === true && householdId && coordinates?.latitude !== undefined && coordinates.longitude !== undefined) {
      await deps.services.setLocation(householdId, coordinates.latitude, coordinates.longitude);
    }
    return runTurn(deps, conv, replay?.intent ?? LAUNCH, replay?.slots ?? {}, 'none');
  });
  app.fallback((conv: Conv) => runTurn(deps, conv, 'Fallback', {}, 'none'));
  app.catch((conv: Conv, err: Error) => {
    deps.onError?.(err);
    conv.close(translator(localeOf(conv))('skills.error'));
  });
  return app;
}
