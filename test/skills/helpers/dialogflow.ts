import type { TestApp } from '@test/helpers/build-app';
import { plain } from './skill-app';

/**
 * Dialogflow ES v2 WebhookRequests as Actions on Google sends them (shapes recorded from the
 * Actions simulator), and the conversation plumbing between turns: the `_actions_on_google`
 * context that carries conv.data, and the user storage Google keeps for us.
 */
export const PROJECT = 'projects/miroir-4f2a1/agent';

export interface GoogleTurn {
  intent: string;
  queryText: string;
  locale: 'en-US' | 'fr-FR' | 'en-GB' | 'fr-CA';
  parameters?: Record<string, string | number>;
  conversationId?: string;
  userStorage?: string;
  contexts?: object[];
  inputs?: object[];
  device?: object;
  screen?: boolean;
  /** An OAuth account-linking access token. */
  accessToken?: string;
}

export function dialogflowRequest(turn: GoogleTurn): object {
  const conversationId = turn.conversationId ?? 'ABwppHGd3kXq_simulator_1';
  const session = `${PROJECT}/sessions/${conversationId}`;
  const capabilities = [{ name: 'actions.capability.AUDIO_OUTPUT' }, { name: 'actions.capability.ACCOUNT_LINKING' }];
  if (turn.screen !== false) capabilities.push({ name: 'actions.capability.SCREEN_OUTPUT' });
  return {
    responseId: `${Math.random().toString(16).slice(2)}-4f1c-a1d4-5b3b2c1f0e9d`,
    queryResult: {
      queryText: turn.queryText,
      parameters: turn.parameters ?? {},
      allRequiredParamsPresent: true,
      fulfillmentMessages: [{ text: { text: [''] } }],
      outputContexts: [
        { name: `${session}/contexts/actions_capability_screen_output` },
        { name: `${session}/contexts/actions_capability_audio_output` },
        ...(turn.contexts ?? []),
      ],
      intent: { name: `${PROJECT}/intents/0c0e4b8e-0000-4000-8000-000000000001`, displayName: turn.intent },
      intentDetectionConfidence: 1,
      languageCode: turn.locale.slice(0, 2),
    },
    originalDetectIntentRequest: {
      source: 'google',
      version: '2',
      payload: {
        user: { locale: turn.locale, userVerificationStatus: 'VERIFIED', lastSeen: '2026-11-29T18:00:00Z', ...(turn.userStorage ? { userStorage: turn.userStorage } : {}), ...(turn.accessToken ? { accessToken: turn.accessToken } : {}) },
        conversation: { conversationId, type: 'ACTIVE', conversationToken: '[]' },
        inputs: turn.inputs ?? [{ intent: 'actions.intent.TEXT', rawInputs: [{ inputType: 'VOICE', query: turn.queryText }], arguments: [{ name: 'text', rawText: turn.queryText, textValue: turn.queryText }] }],
        surface: { capabilities },
        ...(turn.device ? { device: turn.device } : {}),
        isInSandbox: true,
        availableSurfaces: [],
        requestType: 'SIMULATOR',
      },
    },
    session,
  };
}

export interface GoogleResponse {
  payload?: {
    google?: {
      expectUserResponse: boolean;
      userStorage?: string;
      richResponse?: { items: { simpleResponse?: { textToSpeech: string; displayText?: string }; basicCard?: { title: string; formattedText: string } }[] };
      systemIntent?: { intent: string; data: Record<string, unknown> };
    };
  };
  outputContexts?: { name: string; lifespanCount?: number; parameters?: Record<string, unknown> }[];
}

export const BASIC = { authorization: `Basic ${Buffer.from('dialogflow:s3cret-hook').toString('base64')}` };

export async function askGoogle(t: TestApp, turn: GoogleTurn, headers: Record<string, string> = BASIC): Promise<{ status: number; body: GoogleResponse }> {
  const res = await t.app.inject({ method: 'POST', url: '/google', payload: dialogflowRequest(turn), headers });
  return { status: res.statusCode, body: res.json() as GoogleResponse };
}

/** What the user hears / reads first. */
export function googleText(body: GoogleResponse): string {
  return plain(body.payload?.google?.richResponse?.items.find((i) => i.simpleResponse)?.simpleResponse?.displayText ?? '');
}

/** The contexts to send back next turn: Dialogflow returns the output contexts as the next input. */
export function carry(body: GoogleResponse): object[] {
  return (body.outputContexts ?? []).filter((c) => c.name.endsWith('/_actions_on_google'));
}
