/**
 * Alexa request envelopes as an Echo sends them (shapes recorded from the Alexa developer
 * console's JSON input), parameterised by what each test varies.
 */
export const SKILL_ID = 'amzn1.ask.skill.6f1c2a4e-7d3b-4c55-9a0e-2b8f0c6d1e77';

export interface EnvelopeOptions {
  locale?: string;
  userId?: string | null;
  personId?: string;
  accessToken?: string;
  sessionId?: string;
  newSession?: boolean;
  applicationId?: string;
  timestamp: string;
  screen?: boolean;
}

type Json = Record<string, unknown>;

function base(options: EnvelopeOptions, request: Json): Json {
  const applicationId = options.applicationId ?? SKILL_ID;
  const user = options.userId === null ? null : { userId: options.userId ?? 'amzn1.ask.account.AEXAMPLEUSER1', ...(options.accessToken ? { accessToken: options.accessToken } : {}) };
  const sessionId = options.sessionId ?? 'amzn1.echo-api.session.0a1b2c3d-1111-4e5f-8a9b-000000000001';
  return {
    version: '1.0',
    session: {
      new: options.newSession ?? false,
      sessionId,
      application: { applicationId },
      attributes: {},
      user,
    },
    context: {
      System: {
        application: { applicationId },
        user,
        ...(options.personId ? { person: { personId: options.personId } } : {}),
        device: {
          deviceId: 'amzn1.ask.device.AEXAMPLEDEVICE',
          supportedInterfaces: options.screen ? { 'Alexa.Presentation.APL': { runtime: { maxVersion: '2023.3' } } } : {},
        },
        apiEndpoint: 'https://api.eu.amazonalexa.com',
        apiAccessToken: 'eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.example',
      },
      ...(options.screen ? { Viewport: { experiences: [{ canRotate: false, canResize: false }], shape: 'RECTANGLE', pixelWidth: 1280, pixelHeight: 800, dpi: 160 } } : {}),
    },
    request: { requestId: `amzn1.echo-api.request.${Math.random().toString(16).slice(2)}`, timestamp: options.timestamp, locale: options.locale ?? 'en-US', ...request },
  };
}

export function launchRequest(options: EnvelopeOptions): Json {
  return base({ newSession: true, ...options }, { type: 'LaunchRequest', shouldLinkResultBeReturned: false });
}

export interface SlotSpec {
  value?: string;
  /** The resolved value id, as entity resolution reports it (ER_SUCCESS_MATCH). */
  id?: string;
  type?: string;
}

export function intentRequest(
  options: EnvelopeOptions,
  name: string,
  slots: Record<string, SlotSpec> = {},
  extra: { dialogState?: 'STARTED' | 'IN_PROGRESS' | 'COMPLETED'; confirmationStatus?: 'NONE' | 'CONFIRMED' | 'DENIED' } = {},
): Json {
  const builtSlots: Json = {};
  for (const [slotName, spec] of Object.entries(slots)) {
    builtSlots[slotName] = {
      name: slotName,
      ...(spec.value !== undefined ? { value: spec.value } : {}),
      confirmationStatus: 'NONE',
      source: 'USER',
      ...(spec.value !== undefined && spec.type
        ? {
            resolutions: {
              resolutionsPerAuthority: [
                spec.id
                  ? { authority: `amzn1.er-authority.echo-sdk.${SKILL_ID}.${spec.type}`, status: { code: 'ER_SUCCESS_MATCH' }, values: [{ value: { name: spec.value, id: spec.id } }] }
                  : { authority: `amzn1.er-authority.echo-sdk.${SKILL_ID}.${spec.type}`, status: { code: 'ER_SUCCESS_NO_MATCH' } },
              ],
            },
          }
        : {}),
    };
  }
  return base(options, {
    type: 'IntentRequest',
    ...(extra.dialogState ? { dialogState: extra.dialogState } : {}),
    intent: { name, confirmationStatus: extra.confirmationStatus ?? 'NONE', slots: builtSlots },
  });
}

export function sessionEndedRequest(options: EnvelopeOptions): Json {
  return base(options, { type: 'SessionEndedRequest', reason: 'USER_INITIATED' });
}

export function unknownRequest(options: EnvelopeOptions): Json {
  return base(options, { type: 'Alexa.Presentation.APL.UserEvent', token: 'miroir-outfit', arguments: ['tapped'] });
}
