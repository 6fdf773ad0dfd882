import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { joinCodeRoutes } from './join-code-routes';
import { JoinCodeService } from './join-codes';
import { MirrorClaims } from './mirror-claims';
import { householdRoutes } from './routes';
import { HouseholdService } from './service';
import { HouseholdSetup } from './setup';
import { setupRoutes } from './setup-routes';
import { tokenRoutes } from './token-routes';

declare module 'fastify' {
  interface FastifyInstance {
    households: HouseholdService;
    joinCodes: JoinCodeService;
  }
}

export default fp(
  async (app: FastifyInstance) => {
    const households = new HouseholdService(app.store, app.clock);
    app.decorate('households', households);
    // Several instances on one PostgreSQL: token invalidations reach every one of them.
    if (app.fleet.relay) households.tokens.shareWith(app.fleet.relay);
    await app.register(householdRoutes);
    await app.register(tokenRoutes(households.tokens));
    // After the response: "last used" in the phones list never slows a request or fails one. A
    // refused request leaves the token as it was (a refusal changes nothing).
    // Callback style: nearly every response writes nothing, and an async hook would cost a promise each.
    app.addHook('onResponse', (request, reply, done) => {
      const auth = request.auth;
      const write = auth?.kind === 'household' && reply.statusCode < 400 ? households.tokens.touch(auth.tokenId) : null;
      if (!write) return done();
      write.catch((err: unknown) => request.log.debug({ err }, 'token last use not recorded')).finally(() => done());
    });
    const joinCodes = new JoinCodeService(app.store, app.clock, households.tokens);
    joinCodes.onLocked = () => app.log.warn('join code redeem locked out: too many wrong codes (someone is guessing)');
    app.decorate('joinCodes', joinCodes);
    await app.register(joinCodeRoutes(joinCodes));
    const claims = new MirrorClaims(app.store, app.clock, households.tokens);
    await app.register(setupRoutes(new HouseholdSetup(app.store, households, claims), claims));
  },
  { name: 'households', dependencies: ['core', 'fleet'] },
);
