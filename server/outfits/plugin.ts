import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { loadServingScorer, ruleScorer, type OutfitScorer } from '@models/scorer';
import { outfitRoutes } from './routes';
import { OutfitService } from './service';

declare module 'fastify' {
  interface FastifyInstance {
    outfits: OutfitService;
  }
}

/** Households up to which a server counts as a home's and works out their day at start. */
export const WARM_UP_HOUSEHOLDS = 5;

async function warmUp(app: FastifyInstance): Promise<void> {
  const ids = await app.households.listIds();
  if (ids.length > WARM_UP_HOUSEHOLDS) return;
  for (const householdId of ids) {
    for (const profile of await app.households.listProfiles(householdId)) {
      if (app.fleet.draining) return;
      await app.outfits.suggest(householdId, { profileId: profile.id });
    }
  }
}

/**
 * The outfits capability. The trained model's weights are read once at start, without TensorFlow.js
 * (serving runs the plain forward pass; TF.js is for training); without a model (a checkout that
 * never ran `npm run train`) the engine ranks by the rule-only prior and says so in the log.
 */
export default fp(
  async (app: FastifyInstance) => {
    let scorer: OutfitScorer;
    try {
      scorer = loadServingScorer();
      app.log.info({ backend: scorer.backend }, 'outfit model loaded');
    } catch (err) {
      app.log.warn({ err }, 'outfit model unavailable, ranking by rules');
      scorer = ruleScorer;
    }
    const service = new OutfitService({
      store: app.store,
      clock: app.clock,
      events: app.events,
      households: app.households,
      consents: app.consents,
      wardrobe: app.wardrobe,
      dayContext: { build: (householdId, input) => app.dayContext.build(householdId, input) },
      scorer,
    });
    app.decorate('outfits', service);
    app.privacy.onErase((householdId) => service.forgetHousehold(householdId));
    await app.register(outfitRoutes);

    // A home server (a few households) works out today's answers once listening, so the mirror's
    // first render after a start finds them computed (and the engine's code warm); a fleet's
    // instance, with many households, leaves it to the first reads. Off with the background jobs.
    if (app.config.backgroundJobs) {
      app.addHook('onListen', async () => {
        setImmediate(() => void warmUp(app).catch((err: unknown) => app.log.warn({ err }, "today's outfits not worked out ahead")));
      });
    }
  },
  { name: 'outfits', dependencies: ['core', 'households', 'privacy', 'weather', 'calendar', 'day-context', 'wardrobe'] },
);
