import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errorResponses } from '@server/core/schemas';
import { ACCESS, personOf } from '@server/plugins/auth';
import type { JoinCodeService } from './join-codes';
import { joinUrl, publicAddress } from './public-address';
import { JoinCodeSchema, JoinedPhoneSchema, RedeemJoinCodeBody } from './schemas';

/** Redeems per address and minute, before the stored failure count even looks: a person types a code a few times at most. */
const REDEEMS_PER_MINUTE = 10;

/**
 * `POST /api/v1/join-codes` (owner, app and display: the mirror shows the code; reading it off the
 * mirror in the home is the proof, as for the voice pairing code) and the public
 * `POST /api/v1/join-codes/redeem` a new phone calls with the code and its name.
 */
export function joinCodeRoutes(joinCodes: JoinCodeService): FastifyPluginAsyncTypebox {
  return async (app) => {
    const tags = ['tokens'];
    app.post(
      '/api/v1/join-codes',
      {
        config: { scopes: ACCESS.mirror },
        schema: { tags, summary: 'A code (and its QR URL) a new phone exchanges for an app token of its own: ten minutes, single use', response: { 201: JoinCodeSchema, ...errorResponses } },
      },
      async (request, reply) => {
        const by = personOf(request);
        const issued = await joinCodes.issue(by.householdId, by.tokenId);
        const address = app.server.address();
        const port = typeof address === 'object' && address ? address.port : app.config.port;
        const base = publicAddress({ publicUrl: app.config.publicUrl, host: app.config.host, port });
        return reply.status(201).send({ ...issued, joinUrl: joinUrl(base.url, issued.code), reachableFromPhones: base.reachableFromPhones, addressReason: base.reason });
      },
    );

    app.post(
      '/api/v1/join-codes/redeem',
      {
        config: { auth: 'public', rateLimit: { max: REDEEMS_PER_MINUTE, timeWindow: '1 minute' } },
        schema: { tags, summary: 'Exchange a join code for this phone’s own app token (shown once)', body: RedeemJoinCodeBody, response: { 201: JoinedPhoneSchema, ...errorResponses } },
      },
      async (request, reply) => {
        const joined = await joinCodes.redeem(request.body, request.ip);
        request.log.info({ householdId: joined.household.id, tokenId: joined.tokenId }, 'a phone joined');
        return reply.status(201).send({ ...joined, scope: 'app' as const });
      },
    );
  };
}
