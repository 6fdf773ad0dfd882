import { MAX_FAILURES_PER_CALLER, MAX_FAILURES_PER_SERVICE } from '@server/skills/pairing';
import { buildTestApp, type TestApp } from '@test/helpers/build-app';
import { describeEachStore } from '@test/helpers/stores';
import { intentRequest, SKILL_ID } from './helpers/alexa-envelopes';
import { askGoogle, googleText } from './helpers/dialogflow';
import { askAlexa, pairingCode, spoken } from './helpers/skill-app';

/** Guessing pairing codes: failures are counted in the store, per voice user and across the service. */
describeEachStore('pairing code guessing', (kind) => {
  let t: TestApp;
  let home: Awaited<ReturnType<TestApp['household']>>;
  beforeEach(async () => {
    t = await buildTestApp({
      store: kind,
      env: { ALEXA_SKILL_ID: SKILL_ID, ALEXA_VERIFY_SIGNATURE: 'false', GOOGLE_WEBHOOK_USER: 'dialogflow', GOOGLE_WEBHOOK_PASSWORD: 's3cret-hook' },
    });
    home = await t.household('Paired', 'en-US');
  });
  afterEach(async () => t.close());

  const alexaSays = (userId: string, code: string, sessionId: string) =>
    askAlexa(t, intentRequest({ userId, sessionId, newSession: true, timestamp: t.clock.now().toISOString() }, 'LinkDevice', { code: { value: code } }));
  const googleSays = (code: string, conversationId: string) =>
    askGoogle(t, { intent: 'LinkDevice', queryText: code, locale: 'en-US', parameters: { code: Number(code) }, conversationId });

  it('locks one Alexa user out after five wrong codes, even across new sessions, until ten minutes pass; others are not affected', async () => {
    const guesser = 'amzn1.ask.account.GUESSER';
    for (let i = 0; i < MAX_FAILURES_PER_CALLER; i++) expect(spoken(await alexaSays(guesser, String(200000 + i), `session-${i}`))).toContain('not valid');
    // Every session is new, and its conversation state is wiped: the store still remembers.
    await t.app.skills.voiceUsers.deleteState('alexa', guesser);
    const code = await pairingCode(t, home.auth);
    expect(spoken(await alexaSays(guesser, code, 'session-right'))).toContain('Too many wrong codes');
    expect(await t.app.skills.voiceUsers.householdOf('alexa', guesser)).toBeNull();
    // Someone else says the same, still live code: linked.
    expect(spoken(await alexaSays('amzn1.ask.account.NEIGHBOUR', code, 'session-n'))).toContain('linked');
    t.clock.advance(10 * 60_000 + 1);
    expect(spoken(await alexaSays(guesser, await pairingCode(t, home.auth), 'session-later'))).toContain('linked');
  });

  it('counts Google guesses although each conversation starts afresh, and stops every redeem when the whole service sees too many', async () => {
    const rows = Array.from({ length: MAX_FAILURES_PER_SERVICE - 1 }, (_, i) => ({ id: `f${i}`, purpose: 'pairing', guesser_hash: `h${i}`, at: t.clock.now().toISOString() }));
    // As if many accounts each tried a code or two (inserted directly: the limit is what is tested).
    await t.app.store.db.insertInto('guess_failures').values(rows).execute();
    const wrong = await googleSays('314159', 'conv-new-1');
    expect(wrong.status).toBe(200);
    expect(googleText(wrong.body)).toContain('not valid');
    const code = await pairingCode(t, home.auth);
    const locked = await googleSays(code, 'conv-new-2');
    expect(googleText(locked.body)).toContain('Too many wrong codes');
    expect(spoken(await alexaSays('amzn1.ask.account.INNOCENT', code, 'session-i'))).toContain('Too many wrong codes');
    // Once the window has passed, redeeming works again.
    t.clock.advance(10 * 60_000 + 1);
    const fresh = await pairingCode(t, home.auth);
    expect(spoken(await alexaSays('amzn1.ask.account.INNOCENT', fresh, 'session-j'))).toContain('linked');
  });
});
