import { WebhookStore } from '@server/orders/stores/webhook';
import { buildTestApp, type TestApp } from '@test/helpers/build-app';
import { RecordingStub } from '@test/helpers/recording-stub';
import { StubStore } from '@test/orders/fixtures/stub-store';
import { SKILL_ID, intentRequest, launchRequest, type EnvelopeOptions } from '../helpers/alexa-envelopes';
import { askAlexa, linkAlexaUser, spoken } from '../helpers/skill-app';

const EVENTS_PATH = '/v1/proactiveEvents/stages/development';
const SECRET = 'announce-store-secret-0000000001';

/**
 * What Alexa has no order status for: a proposal waiting and a failed order. Alexa is told only
 * "a new message from Miroir"; opening the skill says what it is.
 */
describe('POST /alexa: failed orders and waiting proposals, announced honestly', () => {
  let t: TestApp;
  let amazon: RecordingStub;
  let shop: StubStore;
  let home: Awaited<ReturnType<TestApp['household']>>;
  const USER = 'amzn1.ask.account.ANNOUNCE';
  const opts = (extra: Partial<EnvelopeOptions> = {}): EnvelopeOptions => ({ timestamp: t.clock.now().toISOString(), userId: USER, locale: 'fr-FR', ...extra });
  const alerts = () => amazon.to(EVENTS_PATH).map((r) => amazon.json<{ referenceId: string; event: { name: string } }>(r));

  beforeAll(async () => {
    amazon = await RecordingStub.start();
    amazon.on('/auth/o2/token', () => ({ status: 200, body: { access_token: 'Atc|stub-lwa', expires_in: 3600, token_type: 'bearer' } }));
    amazon.on(EVENTS_PATH, () => ({ status: 202, body: '' }));
    t = await buildTestApp({
      env: {
        ALEXA_SKILL_ID: SKILL_ID,
        ALEXA_VERIFY_SIGNATURE: 'false',
        ALEXA_SKILL_CLIENT_ID: 'amzn1.application-oa2-client.skill',
        ALEXA_SKILL_CLIENT_SECRET: 'skill-messaging-secret',
        LWA_TOKEN_URL: `${amazon.url}/auth/o2/token`,
        ALEXA_EVENTS_URL: amazon.url,
      },
    });
    shop = new StubStore(SECRET, () => t.clock.now().getTime());
    await shop.start();
    t.app.orders.stores.register(new WebhookStore({ id: 'stub', baseUrl: shop.url, secret: SECRET }, t.clock));
    home = await t.household('Maison Martin', 'fr-FR');
    await linkAlexaUser(t, home.auth, { userId: USER });
    // Allowed in the Alexa app: both kinds of notification, as Amazon reports it to the skill.
    const at = t.clock.now().toISOString();
    await askAlexa(t, {
      version: '1.0',
      context: { System: { application: { applicationId: SKILL_ID }, user: { userId: USER }, apiEndpoint: 'https://api.eu.amazonalexa.com', device: { deviceId: 'amzn1.ask.device.X', supportedInterfaces: {} } } },
      request: { type: 'AlexaSkillEvent.ProactiveSubscriptionChanged', requestId: 'amzn1.echo-api.request.sub-2', timestamp: at, eventCreationTime: at, eventPublishingTime: at, body: { subscriptions: [{ eventName: 'AMAZON.OrderStatus.Updated' }, { eventName: 'AMAZON.MessageAlert.Activated' }] } },
    });
  });
  afterAll(async () => {
    await t.close();
    await shop.stop();
    await amazon.close();
  });

  it('a proposal: a message alert, then opening the skill reads it with its price and asks to approve it', async () => {
    const milk = await t.app.supplies.create(home.id, { name: 'Lait', unit: 'L', capacity: 6, level: 5, reorderPoint: 2, sku: 'milk-1l', policy: { mode: 'ask' } });
    await t.app.supplies.update(home.id, milk.id, { level: 1 });
    await t.app.supplies.evaluateDue(home.id);
    const [proposal] = await t.app.orders.listProposals(home.id);
    await t.app.alexaEvents.notifier!.idle();
    expect(alerts().map((a) => [a.event.name, a.referenceId])).toEqual([['AMAZON.MessageAlert.Activated', `${proposal.id}:message:proposal`]]);

    const opened = await askAlexa(t, launchRequest(opts({ sessionId: 'amzn1.echo-api.session.announce-1' })));
    expect(spoken(opened)).toMatch(/^Une commande attend : \d+ × Lait \(\d+,\d{2} €\)\. Je la valide \?$/);
    // Chained into the intent it confirms: the yes comes back as ApproveProposals, CONFIRMED.
    expect(opened.response.directives?.[0]).toMatchObject({ type: 'Dialog.ConfirmIntent', updatedIntent: { name: 'ApproveProposals' } });
    expect(opened.response.shouldEndSession).toBe(false);
    expect((await t.app.orders.get(home.id, proposal.id)).status).toBe('proposed');
    const yes = await askAlexa(t, intentRequest(opts({ sessionId: 'amzn1.echo-api.session.announce-1' }), 'ApproveProposals', {}, { confirmationStatus: 'CONFIRMED' }));
    expect(spoken(yes)).toBe('Validé : la commande est partie.');
    expect((await t.app.orders.get(home.id, proposal.id)).status).toBe('scheduled');
    await t.app.orders.cancel(home.id, proposal.id, 'api');
  });

  it('a failed order: a message alert, then the skill says what failed and that nothing was charged, once', async () => {
    const before = alerts().length;
    const paper = await t.app.supplies.create(home.id, { name: 'Papier', unit: 'rouleaux', capacity: 12, level: 10, reorderPoint: 2, sku: 'GRO-MILK-1L', storeId: 'stub', policy: { mode: 'notify', cancelWindowHours: 1 } });
    const { order } = await t.app.orders.create(home.id, { supplyId: paper.id, quantity: 1, idempotencyKey: 'announce-1', channel: 'api' });
    // The store refuses the order outright: it never took it.
    shop.failNext = [400];
    t.clock.advance(2 * 3600_000);
    await t.app.orders.processDue();
    expect((await t.app.orders.get(home.id, order.id)).status).toBe('failed');
    await t.app.alexaEvents.notifier!.idle();
    expect(alerts().slice(before).map((a) => [a.event.name, a.referenceId])).toEqual([['AMAZON.MessageAlert.Activated', `${order.id}:message:failed`]]);

    const opened = await askAlexa(t, launchRequest(opts({ sessionId: 'amzn1.echo-api.session.announce-2' })));
    expect(spoken(opened)).toBe('Ta commande de 1 × Papier n&apos;est pas passée : le magasin ne l&apos;a jamais reçue, donc rien n&apos;a été débité. Que puis-je faire d&apos;autre ?');
    expect(opened.response.card).toMatchObject({ title: 'Une commande a échoué' });
    const again = await askAlexa(t, launchRequest(opts({ sessionId: 'amzn1.echo-api.session.announce-3', locale: 'en-US' })));
    expect(spoken(again)).toMatch(/^(Hello|Hi)!/);
  });
});
