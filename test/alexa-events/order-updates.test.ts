import { buildTestApp, type TestApp } from '@test/helpers/build-app';
import { RecordingStub } from '@test/helpers/recording-stub';
import { OAUTH_ENV, PlatformStub } from '@test/oauth/helpers/platform';
import { SKILL_ID } from '@test/skills/helpers/alexa-envelopes';
import { askAlexa, pairingCode } from '@test/skills/helpers/skill-app';

const EVENTS_PATH = '/v1/proactiveEvents/stages/development';

/** The skill event Amazon sends when a person allows (or withdraws) the skill's notifications. */
function subscriptionChanged(userId: string, accessToken: string | undefined, eventNames: string[], at: string) {
  const user = { userId, ...(accessToken ? { accessToken } : {}) };
  return {
    version: '1.0',
    context: { System: { application: { applicationId: SKILL_ID }, user, apiEndpoint: 'https://api.eu.amazonalexa.com', device: { deviceId: 'amzn1.ask.device.X', supportedInterfaces: {} } } },
    request: { type: 'AlexaSkillEvent.ProactiveSubscriptionChanged', requestId: 'amzn1.echo-api.request.sub-1', timestamp: at, eventCreationTime: at, eventPublishingTime: at, body: { subscriptions: eventNames.map((eventName) => ({ eventName })) } },
  };
}

describe('order updates as Alexa Proactive Events', () => {
  let t: TestApp;
  let amazon: RecordingStub;

  beforeAll(async () => {
    amazon = await RecordingStub.start();
    amazon.on('/auth/o2/token', () => ({ status: 200, body: { access_token: 'Atc|stub-lwa', expires_in: 3600, token_type: 'bearer', scope: 'alexa::proactive_events' } }));
    amazon.on(EVENTS_PATH, () => ({ status: 202, body: '' }));
    t = await buildTestApp({
      env: {
        ...OAUTH_ENV,
        ALEXA_SKILL_ID: SKILL_ID,
        ALEXA_VERIFY_SIGNATURE: 'false',
        ALEXA_SKILL_CLIENT_ID: 'amzn1.application-oa2-client.skill',
        ALEXA_SKILL_CLIENT_SECRET: 'skill-messaging-secret',
        LWA_TOKEN_URL: `${amazon.url}/auth/o2/token`,
        ALEXA_EVENTS_URL: amazon.url,
      },
    });
  });
  afterAll(async () => {
    await t.close();
    await amazon.close();
  });

  it('tells only the Alexa users who allowed it, one Unicast event per status Alexa can say, and stops when they withdraw', async () => {
    const home = await t.household('Maison Martin', 'fr-FR');
    const other = await t.household('Other', 'en-US');
    const pair = await PlatformStub.alexa(t).link(await pairingCode(t, home.auth));
    const at = () => t.clock.now().toISOString();
    expect((await t.app.inject({ method: 'POST', url: '/alexa', payload: subscriptionChanged('amzn1.ask.account.ANNA', pair.access_token, ['AMAZON.OrderStatus.Updated'], at()) })).statusCode).toBe(200);
    // Linked to the other household by the spoken code, but never allowed notifications.
    await askAlexa(t, subscriptionChanged('amzn1.ask.account.BOB', undefined, [], at()));

    const coffee = await t.app.supplies.create(home.id, { name: 'Café', unit: 'kg', capacity: 2, level: 1, reorderPoint: 0.3, sku: 'coffee-beans-1kg', policy: { mode: 'notify', cancelWindowHours: 1 } });
    const theirs = await t.app.supplies.create(other.id, { name: 'Coffee', unit: 'kg', capacity: 2, level: 1, reorderPoint: 0.3, sku: 'coffee-beans-1kg', policy: { mode: 'notify', cancelWindowHours: 1 } });
    const { order } = await t.app.orders.create(home.id, { supplyId: coffee.id, quantity: 1, idempotencyKey: 'k-1', channel: 'api' });
    await t.app.orders.create(other.id, { supplyId: theirs.id, quantity: 1, idempotencyKey: 'k-2', channel: 'api' });
    // Scheduled: nothing said yet (Alexa has no status for an order still in its cancel window).
    await t.app.alexaEvents.notifier!.idle();
    expect(amazon.to(EVENTS_PATH)).toEqual([]);
    for (let day = 0; day < 6; day++) {
      t.clock.advance(24 * 3600_000);
      await t.app.orders.processDue();
      await t.app.alexaEvents.notifier!.idle();
    }
    const events = amazon.to(EVENTS_PATH).map((r) => ({ auth: r.headers.authorization, event: amazon.json<{ referenceId: string; relevantAudience: unknown; event: { name: string; payload: { state: { status: string } } } }>(r) }));
    expect(events.length).toBeGreaterThanOrEqual(2);
    for (const e of events) {
      expect(e.auth).toBe('Bearer Atc|stub-lwa');
      expect(e.event.event.name).toBe('AMAZON.OrderStatus.Updated');
      expect(e.event.relevantAudience).toEqual({ type: 'Unicast', payload: { user: 'amzn1.ask.account.ANNA' } });
      expect(e.event.referenceId.startsWith(`${order.id}:`)).toBe(true);
    }
    const statuses = events.map((e) => e.event.event.payload.state.status);
    expect(statuses[0]).toBe('ORDER_RECEIVED');
    expect(statuses).toContain('ORDER_DELIVERED');
    expect(new Set(statuses).size).toBe(statuses.length);
    // The LWA call is the client-credentials grant scoped to proactive events, with the skill's own credentials.
    const lwa = new URLSearchParams(amazon.to('/auth/o2/token')[0].body);
    expect(Object.fromEntries(lwa)).toEqual({ grant_type: 'client_credentials', client_id: 'amzn1.application-oa2-client.skill', client_secret: 'skill-messaging-secret', scope: 'alexa::proactive_events' });
    expect(amazon.to('/auth/o2/token')).toHaveLength(1);

    // Withdrawn in the Alexa app: the next order is not told.
    await askAlexa(t, subscriptionChanged('amzn1.ask.account.ANNA', pair.access_token, [], at()));
    const before = amazon.to(EVENTS_PATH).length;
    const milk = await t.app.supplies.create(home.id, { name: 'Lait', unit: 'L', capacity: 6, level: 1, reorderPoint: 2, sku: 'milk-1l', policy: { mode: 'notify', cancelWindowHours: 1 } });
    await t.app.orders.create(home.id, { supplyId: milk.id, quantity: 1, idempotencyKey: 'k-3', channel: 'api' });
    t.clock.advance(2 * 24 * 3600_000);
    await t.app.orders.processDue();
    await t.app.alexaEvents.notifier!.idle();
    expect(amazon.to(EVENTS_PATH).length).toBe(before);
  });
});
