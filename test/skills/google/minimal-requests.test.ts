import { buildTestApp, type TestApp } from '@test/helpers/build-app';
import { BASIC, googleText, type GoogleResponse } from '../helpers/dialogflow';

/**
 * The minimal WebhookRequests of actions-on-google's own tests
 * (src/service/dialogflow/_test/dialogflow.test.ts): a session, the intent, a sandbox payload;
 * no responseId, no languageCode, no user. Dialogflow's real requests add fields freely.
 */
const SESSION = 'abcdefghijk';
const sdkMinimal = (queryResult: object): object => ({ session: SESSION, queryResult, originalDetectIntentRequest: { payload: { isInSandbox: true } } });

describe('POST /google: requests checked for what the answer depends on', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ env: { GOOGLE_WEBHOOK_USER: 'dialogflow', GOOGLE_WEBHOOK_PASSWORD: 's3cret-hook' } });
  });
  afterAll(async () => t.close());

  const post = (payload: unknown) => t.app.inject({ method: 'POST', url: '/google', headers: BASIC, payload: payload as object });

  it("answers actions-on-google's minimal intent request (no responseId, no locale: English)", async () => {
    const res = await post(sdkMinimal({ intent: { displayName: 'Default Welcome Intent' } }));
    expect(res.statusCode).toBe(200);
    const body = res.json() as GoogleResponse;
    expect(googleText(body)).toContain('not linked');
    // The conversation keeps its state in the session's context, as the SDK's own test expects.
    expect(body.outputContexts?.[0]?.name).toBe(`${SESSION}/contexts/_actions_on_google`);
  });

  it("answers actions-on-google's minimal request without an intent with the fallback", async () => {
    const res = await post(sdkMinimal({}));
    expect(res.statusCode).toBe(200);
    expect(googleText(res.json() as GoogleResponse)).toContain('did not get that');
  });

  it('speaks the language of the query when Dialogflow gives only languageCode', async () => {
    const res = await post(sdkMinimal({ intent: { displayName: 'Help' }, languageCode: 'fr', parameters: {} }));
    expect(res.statusCode).toBe(200);
    expect(googleText(res.json() as GoogleResponse)).toContain('Je peux te proposer une tenue');
  });

  it('answers a locale Miroir does not speak (es-419) in English rather than refusing it', async () => {
    const res = await post({ ...sdkMinimal({ intent: { displayName: 'Help' }, languageCode: 'es' }), originalDetectIntentRequest: { payload: { user: { locale: 'es-419' } } } });
    expect(res.statusCode).toBe(200);
    expect(googleText(res.json() as GoogleResponse)).toContain('I can suggest an outfit');
  });

  it('still refuses what the answer cannot do without, or gets in the wrong type', async () => {
    for (const payload of [
      { queryResult: { intent: { displayName: 'Help' } } },
      sdkMinimal({ intent: { displayName: 'Help' }, parameters: 'day=tomorrow' }),
      sdkMinimal({ intent: { displayName: '' } }),
      sdkMinimal({ intent: { displayName: 'Help' }, languageCode: 'French' }),
      sdkMinimal({ intent: { displayName: 'Help' }, outputContexts: { name: 'x' } }),
      { session: SESSION, queryResult: null },
    ]) {
      const res = await post(payload);
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION_FAILED');
    }
  });
});
