import fs from 'node:fs';
import path from 'node:path';
import type { DomainEvent } from '@server/core/events';
import { INTENTS, LAUNCH } from '@skills/core/definition';
import { buildTestApp, type TestApp } from '@test/helpers/build-app';
import { FaultyServer } from '@test/resilience/stub-servers';
import { SKILL_ID, intentRequest, launchRequest } from '@test/skills/helpers/alexa-envelopes';
import { demoHome } from '@test/skills/helpers/demo-home';
import { linkAlexaUser, plain, type AlexaReply } from '@test/skills/helpers/skill-app';

const weatherFixture = fs.readFileSync(path.resolve(__dirname, '../weather/fixtures/open-meteo-paris.json'), 'utf8');
const LOCALES_DIR = path.resolve(__dirname, '../../locales');

interface Product {
  sku: string;
  name: string;
}

/**
 * Miroir never proposes a purchase that no level, rule or person asked for, and never upsells:
 * weeks of background work on a well-stocked home produce nothing to buy; a supply that does run
 * low produces exactly its own reorder; no voice reply names a product nobody asked about.
 */
describe('no nudging', () => {
  let t: TestApp;
  let weather: FaultyServer;
  beforeAll(async () => {
    weather = new FaultyServer();
    weather.body = weatherFixture;
    await weather.start();
    t = await buildTestApp({ env: { OPEN_METEO_URL: `${weather.url}/v1`, ALEXA_SKILL_ID: SKILL_ID, ALEXA_VERIFY_SIGNATURE: 'false' } });
  });
  afterAll(async () => {
    await t.close();
    await weather.stop();
  });

  it('six simulated weeks of every background tick on a well-stocked home: no proposal, no order; only a real low level asks, for itself', async () => {
    const h = await t.household('Well stocked', 'en-US');
    const events: DomainEvent[] = [];
    const unsubscribe = t.app.events.subscribeHousehold(h.id, (e) => events.push(e));
    const create = async (body: Record<string, unknown>) => {
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/supplies', headers: h.auth, payload: body });
      expect(res.statusCode).toBe(201);
      return res.json<{ id: string }>().id;
    };
    const milk = await create({ name: 'Milk', unit: 'L', capacity: 10, level: 9.5, reorderPoint: 2, sku: 'milk-1l', policy: { mode: 'auto', maxPerOrder: 50, maxPerMonth: 200 } });
    const coffee = await create({ name: 'Coffee', unit: 'kg', capacity: 2, level: 1.9, reorderPoint: 0.3, sku: 'coffee-beans-1kg', policy: { mode: 'ask' } });
    const ink = await create({ name: 'Ink', unit: 'cartridge', capacity: 2, level: 2, reorderPoint: 1, sku: 'ink-black-xl', policy: { mode: 'auto' } });
    const device = (await t.app.inject({ method: 'POST', url: '/api/v1/devices', headers: h.auth, payload: { name: 'Fridge', kind: 'fridge', supplyIds: [milk, coffee] } })).json<{ id: string; token: string }>();

    // Twice a day for 6 weeks: slow, steady use far above the reorder points, and every job runs.
    for (let step = 0; step < 6 * 7 * 2; step++) {
      t.clock.advanceHours(12);
      const at = t.clock.now().toISOString();
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/v1/devices/${device.id}/telemetry`,
        headers: { authorization: `Bearer ${device.token}` },
        payload: {
          readings: [
            { id: `m-${step}`, supplyId: milk, level: 9.5 - step * 0.01, unit: 'L', at },
            { id: `c-${step}`, supplyId: coffee, level: 1.9 - step * 0.002, unit: 'kg', at },
          ],
        },
      });
      expect(res.statusCode).toBe(200);
      await t.app.orders.processDue();
      await t.app.calendar.refreshDue();
      await t.app.privacy.compactTelemetry();
    }
    const proposals = (await t.app.inject({ method: 'GET', url: '/api/v1/proposals', headers: h.auth })).json<{ proposals: unknown[] }>();
    const orders = (await t.app.inject({ method: 'GET', url: '/api/v1/orders', headers: h.auth })).json<{ orders: unknown[] }>();
    expect(proposals).toEqual({ proposals: [] });
    expect(orders).toEqual({ orders: [] });
    expect(events.filter((e) => ['proposal.created', 'order.updated', 'stock.low'].includes(e.type))).toEqual([]);
    expect(await t.testStore.store.db.selectFrom('order_events').select('id').where('household_id', '=', h.id).execute()).toEqual([]);
    const supplies = (await t.app.inject({ method: 'GET', url: '/api/v1/supplies', headers: h.auth })).json<{ supplies: { id: string; reorderDue: boolean }[] }>().supplies;
    expect(supplies.map((x) => [x.id, x.reorderDue]).sort()).toEqual([milk, coffee, ink].map((id) => [id, false]).sort());

    // A real need: the coffee runs low. Exactly one proposal, for the coffee, for its own product.
    t.clock.advanceHours(6);
    await t.app.inject({
      method: 'POST',
      url: `/api/v1/devices/${device.id}/telemetry`,
      headers: { authorization: `Bearer ${device.token}` },
      payload: { readings: [{ id: 'c-low', supplyId: coffee, level: 0.1, unit: 'kg', at: t.clock.now().toISOString() }] },
    });
    await t.app.orders.processDue();
    const after = (await t.app.inject({ method: 'GET', url: '/api/v1/proposals', headers: h.auth })).json<{ proposals: { supplyId: string; sku: string }[] }>();
    expect(after.proposals).toEqual([expect.objectContaining({ supplyId: coffee, sku: 'coffee-beans-1kg' })]);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/orders', headers: h.auth })).json<{ orders: { supplyId: string }[] }>().orders.every((o) => o.supplyId === coffee)).toBe(true);
    unsubscribe();
  });

  it('voice replies to every intent, in both languages, name no product nobody asked for', async () => {
    const products = (await t.app.inject({ method: 'GET', url: '/api/v1/store/products?q=', headers: (await t.household('Catalogue')).auth })).json<{ products: Product[] }>().products;
    expect(products.length).toBeGreaterThan(5);
    const failures: string[] = [];
    let replies = 0;
    for (const locale of ['en-US', 'fr-FR'] as const) {
      const home = await demoHome(t, locale);
      const user = `amzn1.ask.account.NUDGE-${locale}`;
      await linkAlexaUser(t, home.auth, { userId: user });
      // Stocked supplies, one per policy, so supply intents have something real to talk about.
      for (const [name, sku, mode] of [
        ['Milk', 'milk-1l', 'auto'],
        ['Coffee', 'coffee-beans-1kg', 'ask'],
      ] as const) {
        await t.app.inject({ method: 'POST', url: '/api/v1/supplies', headers: home.auth, payload: { name, unit: name === 'Milk' ? 'L' : 'kg', capacity: 4, level: 3, reorderPoint: 1, sku, policy: { mode } } });
      }
      const opts = () => ({ timestamp: t.clock.now().toISOString(), userId: user, locale });
      const requests: [string, object, string | null][] = [[LAUNCH, launchRequest(opts()), null]];
      for (const intent of INTENTS) {
        requests.push([intent.name, intentRequest(opts(), intent.name), null]);
        // Asked about one supply: only that supply's product may be named.
        if (intent.slots.some((s) => s.name === 'supply')) requests.push([`${intent.name}(milk)`, intentRequest(opts(), intent.name, { supply: { value: 'milk' } }), 'milk-1l']);
      }
      for (const [label, envelope, askedSku] of requests) {
        const res = await t.app.inject({ method: 'POST', url: '/alexa', payload: envelope });
        // Every envelope is well formed and verification is off here: each one gets a spoken answer.
        expect([label, res.statusCode]).toEqual([label, 200]);
        replies++;
        const reply = res.json<AlexaReply>();
        const text = plain([reply.response.outputSpeech?.ssml, reply.response.reprompt?.outputSpeech.ssml, reply.response.card?.title, reply.response.card?.content].join(' ')).toLowerCase();
        for (const p of products) {
          if (p.sku === askedSku) continue;
          if (text.includes(p.name.toLowerCase()) || text.includes(p.sku.toLowerCase())) failures.push(`${locale} ${label} named "${p.name}"`);
        }
        if (/you might also like|customers also|also bought|special offer|on sale|vous aimerez aussi|offre spéciale|en promotion|bon plan/i.test(text)) failures.push(`${locale} ${label} upsells: ${text.slice(0, 120)}`);
      }
    }
    expect(replies).toBeGreaterThan(INTENTS.length);
    expect(failures).toEqual([]);
  });

  it('no locale has a key or a phrase for recommending purchases', () => {
    const offending: string[] = [];
    const walk = (value: unknown, key: string, file: string): void => {
      if (/upsell|cross_?sell|also_?like|recommended_?products?|promo|sponsor|deal/i.test(key.split('.').pop() ?? '')) offending.push(`${file}: key ${key}`);
      if (typeof value === 'string' && /you might also like|customers also|also bought|recommended for you|special offer|vous aimerez aussi|recommandé pour vous|offre spéciale|en promotion|bon plan/i.test(value)) offending.push(`${file}: ${key} = ${value}`);
      if (Array.isArray(value)) value.forEach((v, i) => walk(v, `${key}.${i}`, file));
      else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(v, key ? `${key}.${k}` : k, file);
    };
    const files = fs.readdirSync(LOCALES_DIR).flatMap((lng) => fs.readdirSync(path.join(LOCALES_DIR, lng)).filter((f) => f.endsWith('.json')).map((f) => path.join(lng, f)));
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) walk(JSON.parse(fs.readFileSync(path.join(LOCALES_DIR, file), 'utf8')) as unknown, '', file);
    expect(offending).toEqual([]);
  });
});
