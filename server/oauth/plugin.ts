import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { PairingService } from '@server/skills/pairing';
import { clientsFromConfig, OAuthClients } from './clients';
import { oauthRoutes } from './routes';
import { OAuthService } from './service';

declare module 'fastify' {
  interface FastifyInstance {
    oauth: OAuthService;
  }
}

/** Account linking for Alexa and Google Home: /oauth/authorize, /oauth/token, /oauth/revoke, /api/v1/links. */
export default fp(
  async (app: FastifyInstance) => {
    const { config } = app;
    const clients = new OAuthClients(clientsFromConfig(config));
    const oauth = new OAuthService(app.store, app.clock, app.households.tokens, clients, { accessTtlSeconds: config.oauthAccessTokenTtlSeconds, refreshTtlDays: config.oauthRefreshTokenTtlDays });
    app.decorate('oauth', oauth);
    if (clients.all.length === 0) app.log.info('no OAuth client configured (ALEXA_OAUTH_* / GOOGLE_OAUTH_*): account linking is off');
    // The pairing codes the mirror shows prove the household here too (the same service as voice linking).
    await app.register(oauthRoutes, { oauth, pairing: new PairingService(app.store, app.clock), authorizePerMinute: config.oauthAuthorizePerMinute });
  },
  { name: 'oauth', dependencies: ['core', 'households', 'auth'] },
);
