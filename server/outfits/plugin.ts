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
    await app.register(outfitRoutes);
  },
  { name: 'outfits', dependencies: ['core', 'households', 'privacy', 'weather', 'calendar', 'day-context', 'wardrobe'] },
);
