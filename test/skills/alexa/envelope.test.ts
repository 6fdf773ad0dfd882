import { buildTestApp, type TestApp } from '@test/helpers/build-app';
import { SKILL_ID } from '../helpers/alexa-envelopes';
import { askAlexa, spoken } from '../helpers/skill-app';

/**
 * ask-sdk-core's own request fixture (tst/mocks/JsonProvider.ts in alexa-skills-kit-sdk-for-nodejs):
 * every field present, most of them null. Only the skill id is filled in, as Amazon always sends it.
 */
function askSdkFixture(request: Record<string, unknown>, userId: string | null = null): Record<string, unknown> {
  return {
    context: {
      AudioPlayer: null,
      Display: null,
      System: {
        apiAccessToken: null,
        apiEndpoint: null,
        application: { applicationId: SKILL_ID },
        device: { deviceId: null, supportedInterfaces: null },
        user: { userId },
      },
    },
    request: { requestId: null, timestamp: null, locale: null, ...request },
    session: {
      application: { applicationId: SKILL_ID },
      attributes: null,
      new: true,
      sessionId: null,
      user: { accessToken: null, permissions: { consentToken: null }, userId },
    },
    version: '1.0',
  };
}

const post = (t: TestApp, payload: unknown) => t.app.inject({ method: 'POST', url: '/alexa', payload: payload as object });

describe('POST /alexa: envelopes checked for what the answer depends on', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ env: { ALEXA_SKILL_ID: SKILL_ID, ALEXA_VERIFY_SIGNATURE: 'false' } });
  });
  afterAll(async () => t.close());

  it("answers ask-sdk's own LaunchRequest fixture (null requestId, timestamp, locale, user, interfaces)", async () => {
    const reply = await askAlexa(t, askSdkFixture({ type: 'LaunchRequest' }));
    expect(spoken(reply)).toContain('not linked to a Miroir home');
  });

  it("answers ask-sdk's own intent fixture (null slots, null slot values and resolutions), in the request locale", async () => {
    const help = await askAlexa(t, askSdkFixture({ type: 'IntentRequest', locale: 'fr-FR', intent: { confirmationStatus: null, name: 'AMAZON.HelpIntent', slots: null } }, 'amzn1.ask.account.FIXTURE'));
    expect(spoken(help)).toContain('Je peux te proposer une tenue');
    const withSlot = await askAlexa(
      t,
      askSdkFixture({
        type: 'IntentRequest',
        locale: 'en-US',
        intent: { confirmationStatus: null, name: 'SuggestOutfit', slots: { day: { confirmationStatus: null, name: 'day', value: null, resolutions: null } } },
      }),
    );
    expect(spoken(withSlot)).toContain('not linked');
  });

  it('answers a minimal envelope without version, session, requestId or timestamp', async () => {
    const reply = await askAlexa(t, { context: { System: { application: { applicationId: SKILL_ID }, user: { userId: 'amzn1.ask.account.MINIMAL' } } }, request: { type: 'LaunchRequest', locale: 'en-GB' } });
    expect(spoken(reply)).toContain('not linked');
  });

  it('still refuses what the answer cannot do without, or gets in the wrong type', async () => {
    for (const payload of [
      { request: { locale: 'en-US' } },
      askSdkFixture({ type: 'IntentRequest', locale: 'en-US' }),
      askSdkFixture({ type: 'IntentRequest', locale: 'en-US', intent: { name: '' } }),
      askSdkFixture({ type: 'LaunchRequest', locale: 'english' }),
      { ...askSdkFixture({ type: 'LaunchRequest' }), context: { System: { application: { applicationId: SKILL_ID }, user: { userId: 42 } } } },
    ]) {
      const res = await post(t, payload);
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe('INVALID_REQUEST');
    }
    // And a request for another skill stays refused, null fields or not.
    const other = askSdkFixture({ type: 'LaunchRequest' });
    (other.context as { System: { application: { applicationId: string } } }).System.application.applicationId = 'amzn1.ask.skill.someone-else';
    expect((await post(t, other)).statusCode).toBe(400);
  });
});
