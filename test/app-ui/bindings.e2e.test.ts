import type { MqttClient } from 'mqtt';
import type { Page } from 'playwright-core';
import { BindingSubscriber } from '@server/bindings/subscriber';
import type { Supply } from '@server/supplies/types';
import { BROKER, connectClient, uniqueLevel } from '@test/bindings/support';
import { AppHarness, DESKTOP, settledValue, type TestHousehold } from './support/harness';

jest.setTimeout(120_000);

/**
 * "Feed from a sensor you already have", in the app, against the real server, the local Mosquitto
 * and Chromium at 390×844: listen on a zigbee2mqtt topic while the device publishes, tap the field,
 * save, and the next message moves the supply's level on screen.
 */
describe('the device bindings screen in Chromium', () => {
  let h: AppHarness;
  let subscriber: BindingSubscriber;
  let publisher: MqttClient;
  beforeAll(async () => {
    h = await AppHarness.start({ env: { MQTT_URL: BROKER } });
    // The server's own MQTT subscriber for bindings (the harness runs without background jobs).
    subscriber = new BindingSubscriber(h.server.app.bindings, { url: BROKER });
    await subscriber.start();
    publisher = await connectClient();
  });
  afterAll(async () => {
    await publisher?.endAsync();
    await subscriber?.stop();
    await h?.close();
  });

  /** A Tuya tank sensor through zigbee2mqtt: its whole state on every change. */
  const tankState = (depth: number) => JSON.stringify({ battery: 100, liquid_depth: depth, liquid_level_percent: Math.round(depth * 50), linkquality: 87 });

  async function tank(household: TestHousehold, name: string): Promise<Supply> {
    return h.api<Supply>('POST', '/api/v1/supplies', household.token, { name, unit: 'L', capacity: 1000, level: 200, reorderPoint: 100 });
  }

  /** Publishes until the listening form shows the message (its subscription takes a moment). */
  async function publishUntilSeen(page: Page, topic: string, payload: string, option: RegExp): Promise<void> {
    const radio = page.getByRole('radio', { name: option }).first();
    for (let i = 0; i < 40 && !(await radio.isVisible()); i++) {
      await publisher.publishAsync(topic, payload);
      await page.waitForTimeout(250);
    }
    await radio.waitFor();
  }

  const cases = [
    {
      lang: 'fr',
      locale: 'fr-FR',
      name: 'Cuve de pluie',
      t: {
        open: 'Relier un capteur',
        add: 'Ajouter un capteur',
        topic: 'Topic',
        listen: 'Écouter',
        listening: /À l’écoute de zigbee2mqtt\//,
        pointer: 'Champ du message',
        scale: 'Multiplicateur',
        offset: 'Décalage',
        save: 'Enregistrer le capteur',
        zeroScale: 'Saisissez un nombre différent de 0.',
        reads: 'lit /liquid_depth en L · × 500 + 0',
        lastStored: /Dernier niveau\s:\s750\sL/,
        edit: 'Modifier',
        delete: 'Supprimer',
        deleteConfirm: 'Touchez encore pour supprimer',
        none: 'Aucun capteur n’alimente encore cette réserve.',
        consentOff: /Les relevés des appareils sont désactivés/,
        privacy: 'Ouvrir Confidentialité',
        option: /^\/liquid_depth = 1,23$/,
        badTopic: /^Ce topic n’est pas utilisable/,
      },
    },
    {
      lang: 'en',
      locale: 'en-US',
      name: 'Rain tank',
      t: {
        open: 'Feed from a sensor',
        add: 'Add a sensor',
        topic: 'Topic',
        listen: 'Listen',
        listening: /Listening on zigbee2mqtt\//,
        pointer: 'Field in the message',
        scale: 'Scale',
        offset: 'Offset',
        save: 'Save the sensor',
        zeroScale: 'Enter a number other than 0.',
        reads: 'reads /liquid_depth in L · × 500 + 0',
        lastStored: /Last level: 750 L/,
        edit: 'Edit',
        delete: 'Delete',
        deleteConfirm: 'Tap again to delete',
        none: 'No sensor feeds this supply yet.',
        consentOff: /Device readings are switched off/,
        privacy: 'Open Privacy',
        option: /^\/liquid_depth = 1\.23$/,
        badTopic: /^This topic cannot be used/,
      },
    },
  ] as const;

  for (const { lang, locale, name, t } of cases) {
    it(`listens, picks the field, saves, and the next message moves the level (${lang})`, async () => {
      const household = await h.household(`Foyer ${lang}`, locale);
      const supply = await tank(household, name);
      const topic = `zigbee2mqtt/${uniqueLevel(`tank-${lang}`)}`;

      // Consent off first: said, with the way to Privacy.
      await h.api('PUT', '/api/v1/privacy/consents', household.token, { telemetry: false });
      let page = await h.open(household.token, { screen: 'supplies', locale });
      let card = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name }) });
      await card.getByRole('button', { name: t.open }).click();
      await card.getByText(t.consentOff).waitFor();
      expect(await card.getByRole('link', { name: t.privacy }).getAttribute('href')).toBe('#/privacy');
      await card.getByText(t.none).waitFor();
      await h.shot(page, `bindings-${lang}-consent-off`);
      expect(await h.axe(page)).toEqual([]);
      await page.context().close();

      await h.api('PUT', '/api/v1/privacy/consents', household.token, { telemetry: true });
      page = await h.open(household.token, { screen: 'supplies', locale });
      card = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name }) });
      await card.getByRole('button', { name: t.open }).click();
      expect(await card.getByText(t.consentOff).count()).toBe(0);
      await card.getByRole('button', { name: t.add }).click();
      // A topic only the server refuses (everything, '#'): its reason beside the field, in the person's language.
      await card.getByLabel(t.topic).fill('#');
      await card.getByRole('button', { name: t.listen }).click();
      await card.locator('.field', { has: page.getByLabel(t.topic) }).getByText(t.badTopic).waitFor();
      expect(await card.getByLabel(t.topic).getAttribute('aria-invalid')).toBe('true');
      await card.getByLabel(t.topic).fill(topic);
      await card.getByRole('button', { name: t.listen }).click();
      await card.getByText(t.listening).waitFor();
      // The device publishes while the form listens: each numeric field is offered with its value.
      await publishUntilSeen(page, topic, tankState(1.23), t.option);
      expect(await card.getByRole('radio', { name: /^\/battery = 100$/ }).count()).toBeGreaterThan(0);
      await card.getByRole('radio', { name: t.option }).first().check();
      expect(await settledValue(card.getByLabel(t.pointer), '/liquid_depth')).toBe('/liquid_depth');
      await h.shot(page, `bindings-${lang}-listen`);
      expect(await h.axe(page)).toEqual([]);

      // A scale of 0 is refused beside its field, in the person's language, and the form keeps its content.
      await card.getByLabel(t.scale).fill('0');
      await card.getByRole('button', { name: t.save }).click();
      const scaleField = card.locator('.field', { has: page.getByLabel(t.scale) });
      await scaleField.getByText(t.zeroScale).waitFor();
      expect(await card.getByLabel(t.scale).getAttribute('aria-invalid')).toBe('true');
      expect(await card.getByLabel(t.topic).inputValue()).toBe(topic);
      expect(await card.getByLabel(t.pointer).inputValue()).toBe('/liquid_depth');
      await h.shot(page, `bindings-${lang}-error`);

      // A 2 m deep, 1000 L tank: litres = depth × 500.
      await card.getByLabel(t.scale).fill('500');
      await card.getByRole('button', { name: t.save }).click();
      await card.getByText(t.reads).waitFor();
      const [binding] = (await h.api<{ bindings: { id: string; topic: string; pointer: string; unit: string; scale: number; offset: number; supplyId: string }[] }>('GET', '/api/v1/bindings', household.token)).bindings;
      expect(binding).toMatchObject({ topic, pointer: '/liquid_depth', unit: 'L', scale: 500, offset: 0, supplyId: supply.id });

      // The sensor publishes again: the supply's level changes on screen, live.
      await publisher.publishAsync(topic, tankState(1.5));
      await card.locator('strong', { hasText: /^750 L$/ }).waitFor({ timeout: 10_000 });
      await card.getByText(t.lastStored).waitFor();
      const after = (await h.api<{ supplies: Supply[] }>('GET', '/api/v1/supplies', household.token)).supplies.find((s) => s.id === supply.id);
      expect(after?.level).toBe(750);
      await h.shot(page, `bindings-${lang}-saved`);
      expect(await h.axe(page)).toEqual([]);
      if (lang === 'en') {
        // The same list on a desktop, with the side rail.
        const desk = await h.open(household.token, { screen: 'supplies', locale, viewport: DESKTOP });
        const deskCard = desk.getByRole('listitem').filter({ has: desk.getByRole('heading', { name }) });
        await deskCard.getByRole('button', { name: t.open }).click();
        await deskCard.getByText(t.lastStored).waitFor();
        await h.shot(desk, 'bindings-en-desktop');
        expect(await h.axe(desk)).toEqual([]);
        expect(h.problemsOf(desk)).toEqual([]);
        await desk.context().close();
      }

      // Edit: a tare of −50 L (the dead volume under the outlet).
      await card.getByRole('button', { name: t.edit }).click();
      await card.getByLabel(t.offset).fill('-50');
      await card.getByRole('button', { name: t.save }).click();
      await card.getByText(/× 500 \+ [-−]50$/).waitFor();
      const edited = await h.api<{ offset: number }>('GET', `/api/v1/bindings/${binding.id}`, household.token);
      expect(edited.offset).toBe(-50);

      // Delete: the first tap asks, the second does it.
      await card.getByRole('button', { name: t.delete }).click();
      await card.getByRole('button', { name: t.deleteConfirm }).click();
      await card.getByText(t.none).waitFor();
      expect((await h.api<{ bindings: unknown[] }>('GET', '/api/v1/bindings', household.token)).bindings).toEqual([]);
      expect(h.problemsOf(page)).toEqual([]);
    });
  }
});
