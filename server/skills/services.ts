import type { FastifyInstance } from 'fastify';
import { CANCELLABLE_STATUSES } from '@server/orders/state-machine';
import type { Order } from '@server/orders/types';
import type { ConversationServices, OrderFacts, SupplyFacts } from '@skills/core/services';
import type { VoiceLinks, VoicePlatform } from '@skills/core/links';
import type { PairingService } from './pairing';
import type { VoiceUsers } from './voice-users';


/**
 * Fills the conversation core's port from the app's services: the same calls the HTTP routes
 * make. Only shapes are translated here (an order gets its supply's name to be spoken).
 */
export function conversationServices(app: FastifyInstance, pairing: PairingService): ConversationServices {
  const orderFacts = (order: Order): OrderFacts => ({
    id: order.id,
    supplyName: order.supplyName,
    quantity: order.quantity,
    total: order.total,
    currency: order.currency,
    status: order.status,
    // The orders service's own rule, read so a person is not asked to confirm what cannot be done;
    // its cancel() still decides.
    cancellable: CANCELLABLE_STATUSES.includes(order.status) && (order.status !== 'scheduled' || (order.sendAfter !== null && app.clock.now().getTime() < Date.parse(order.sendAfter))),
    overCap: order.status === 'proposed' && (order.reason === 'overPerOrderCap' || order.reason === 'overMonthlyCap'),
  });
  const supplyFacts = (s: Awaited<ReturnType<FastifyInstance['supplies']['get']>>): SupplyFacts => ({
    id: s.id,
    name: s.name,
    unit: s.unit,
    level: s.level,
    daysLeft: s.daysLeft,
    low: s.reorderDue,
  });
  return {
    clock: app.clock,
    async household(id) {
      const h = await app.households.get(id);
      return { id: h.id, locale: h.locale, timezone: h.timezone, currency: h.currency, units: h.units, hasLocation: h.latitude !== null && h.longitude !== null };
    },
    async profile(householdId, voicePersonId) {
      // Recognising who speaks is voice personalisation: without that consent everyone gets the default profile.
      const recognise = voicePersonId !== null && voicePersonId !== undefined && (await app.consents.isGranted(householdId, 'voice_personalisation'));
      const byVoice = recognise ? await app.households.profileByVoicePerson(householdId, voicePersonId) : null;
      const p = byVoice ?? (await app.households.resolveProfile(householdId));
      return { id: p.id, name: p.name };
    },
    async setLocation(householdId, latitude, longitude) {
      // Granting the device's location implies the consent to use it, unless the household said no.
      await app.consents.grantImplied(householdId, 'location');
      await app.households.update(householdId, { latitude, longitude });
    },
    async suggest(householdId, input) {
      const s = await app.outfits.suggest(householdId, { profileId: input.profileId, date: input.date });
      return { outfits: s.outfits.map((o) => ({ garmentIds: o.garmentIds, explanation: o.explanation })), bring: s.bring };
    },
    async feedback(householdId, input) {
      await app.outfits.feedback(householdId, input);
    },
    async garments(householdId, ids) {
      return Promise.all(ids.map(async (id) => {
        const g = await app.wardrobe.get(householdId, id);
        return { id: g.id, name: g.name, category: g.category, kind: g.kind };
      }));
    },
    async weather(householdId, input) {
      const ctx = await app.dayContext.build(householdId, { profileId: input.profileId, date: input.date });
      if (!ctx.weather) return null;
      const w = ctx.weather;
      return { firstWetHour: w.firstWetHour, maxPrecipitationProbability: w.maxPrecipitationProbability, minApparentTemperature: w.minApparentTemperature, maxApparentTemperature: w.maxApparentTemperature };
    },
    async supplies(householdId) {
      return (await app.supplies.list(householdId)).map(supplyFacts);
    },
    async findSupply(householdId, spokenName, locale) {
      const s = await app.supplies.findByName(householdId, spokenName, locale);
      return s ? supplyFacts(s) : null;
    },
    async quote(householdId, supplyId, quantity) {
      const q = await app.orders.quote(householdId, supplyId, quantity ?? undefined);
      return { supplyId, productName: q.productName, quantity: q.quantity, total: q.total, currency: q.currency, overCap: q.overCap !== null };
    },
    async order(householdId, input) {
      const { order } = await app.orders.create(householdId, input);
      return orderFacts(order);
    },
    async proposals(householdId) {
      return (await app.orders.listProposals(householdId)).map(orderFacts);
    },
    async approve(householdId, orderId, channel, confirmed) {
      return orderFacts(await app.orders.approve(householdId, orderId, channel, { confirmedTotal: confirmed.total, overrideCap: confirmed.overrideCap }));
    },
    async latestOrder(householdId) {
      const o = await app.orders.latest(householdId);
      return o ? orderFacts(o) : null;
    },
    async cancel(householdId, orderId, channel) {
      return orderFacts(await app.orders.cancel(householdId, orderId, channel));
    },
    redeemPairingCode: (code, caller) => pairing.redeem(code, caller),
  };
}

export function voiceLinks(app: FastifyInstance, users: VoiceUsers): VoiceLinks {
  // The mirror showing the code hears it worked: it says so and puts the code away.
  const linked = (householdId: string, platform: VoicePlatform): void => {
    if (platform === 'alexa' || platform === 'google') app.events.publish('pairing.completed', householdId, { platform });
  };
  return {
    householdOf: (platform, userId) => users.householdOf(platform, userId),
    link: async (platform, userId, householdId) => {
      await users.link(platform, userId, householdId);
      linked(householdId, platform);
    },
    loadState: (platform, userId) => users.loadState(platform, userId),
    saveState: (platform, userId, householdId, attributes) => users.saveState(platform, userId, householdId, attributes),
    deleteState: (platform, userId) => users.deleteState(platform, userId),
    householdForLinkToken: async (token, platform) => {
      const auth = await app.households.tokens.authenticate(token);
      if (auth?.kind !== 'link' || auth.platform !== platform) return null;
      // An OAuth pair in use retires the refresh token it replaced (server/oauth/model.ts).
      await app.oauth.accessUsed(auth.tokenId);
      return auth.householdId;
    },
    setEventSubscription: (userId, householdId, subscribed) => users.setEventSubscription(userId, householdId, subscribed),
    issueLinkToken: async (householdId, platform) => {
      const token = await app.households.tokens.issue(householdId, 'link', platform, `${platform} voice link`);
      linked(householdId, platform);
      return token;
    },
  };
}
