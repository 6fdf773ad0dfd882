import type { TestApp } from '@test/helpers/build-app';
import { intentRequest, type EnvelopeOptions } from './alexa-envelopes';

export interface AlexaReply {
  version: string;
  sessionAttributes?: Record<string, unknown>;
  response: {
    outputSpeech?: { type: string; ssml: string };
    reprompt?: { outputSpeech: { ssml: string } };
    card?: { type: string; title: string; content: string };
    directives?: { type: string; slotToElicit?: string; updatedIntent?: { name: string }; document?: unknown; datasources?: { outfit: { title: string; garments: { name: string; category: string }[] } } }[];
    shouldEndSession?: boolean;
  };
}

/** POSTs an envelope to the real /alexa route (signature checks off: they have their own tests). */
export async function askAlexa(t: TestApp, envelope: object): Promise<AlexaReply> {
  const res = await t.app.inject({ method: 'POST', url: '/alexa', payload: envelope });
  if (res.statusCode !== 200) throw new Error(`POST /alexa answered ${res.statusCode}: ${res.body}`);
  return res.json() as AlexaReply;
}

/** French typography puts no-break spaces in numbers and prices; tests compare them as spaces. */
export const plain = (text: string): string => text.replace(/[\u00a0\u202f]/g, ' ');

/** The words spoken, without the SSML wrapper. */
export function spoken(reply: AlexaReply): string {
  return plain((reply.response.outputSpeech?.ssml ?? '').replace(/^<speak>|<\/speak>$/g, ''));
}

export async function pairingCode(t: TestApp, auth: { authorization: string }): Promise<string> {
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/pairing/code', headers: auth });
  if (res.statusCode !== 201) throw new Error(`pairing code: ${res.statusCode} ${res.body}`);
  return (res.json() as { code: string }).code;
}

/** Links an Alexa user to the household the way a person does: a code from the mirror, said aloud. */
export async function linkAlexaUser(t: TestApp, auth: { authorization: string }, options: Omit<EnvelopeOptions, 'timestamp'>): Promise<AlexaReply> {
  const code = await pairingCode(t, auth);
  return askAlexa(t, intentRequest({ ...options, timestamp: t.clock.now().toISOString() }, 'LinkDevice', { code: { value: code } }));
}
