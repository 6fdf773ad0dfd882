import { Value } from '@sinclair/typebox/value';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '@server/core/errors';
import { bearerToken } from '@server/plugins/auth';
import { smartHomeApp, type GoogleHomeDeps, type SmartHomeCaller } from './fulfillment';
import { ExecutePayload, INTENTS, QueryPayload, SmartHomeRequest } from './schemas';

const callers = new WeakMap<FastifyRequest, SmartHomeCaller>();

const protocolError = (requestId: string, debugString: string) => ({ requestId, payload: { errorCode: 'protocolError', debugString } });

/**
 * POST /google/smarthome: Google Home's cloud-to-cloud fulfillment. The bearer token is checked
 * before the body is even read (actions-on-google checks nothing): an access token of a live OAuth
 * link issued to Google, else 401 so Google refreshes or asks to relink. A body that is not a smart home request is a 400;
 * an intent Google may add later, or a payload of the wrong shape, a `protocolError`; a failure of
 * ours a `transientError`, never a 500.
 */
export async function googleHomeRoutes(app: FastifyInstance, deps: GoogleHomeDeps): Promise<void> {
  app.post(
    '/google/smarthome',
    {
      config: { auth: 'self' },
      schema: { tags: ['voice'], summary: 'Google Home smart home fulfillment (SYNC, QUERY, EXECUTE, DISCONNECT)', body: SmartHomeRequest },
      onRequest: async (request) => {
        const token = bearerToken(request);
        const auth = token ? await app.households.tokens.authenticate(token) : null;
        if (auth?.kind !== 'link' || auth.platform !== 'google') throw new AppError('errors.unauthorized', 401);
        // Only a token of an OAuth link (not the Dialogflow fulfillment's own link token): DISCONNECT must end it.
        if (!(await app.oauth.accessUsed(auth.tokenId))) throw new AppError('errors.unauthorized', 401);
        callers.set(request, { householdId: auth.householdId, tokenId: auth.tokenId });
      },
    },
    async (request, reply) => {
      const caller = callers.get(request);
      if (!caller) throw new AppError('errors.unauthorized', 401);
      const body = request.body as SmartHomeRequest;
      const { intent, payload } = body.inputs[0];
      if (!(INTENTS as readonly string[]).includes(intent)) return protocolError(body.requestId, `unknown intent ${intent}`);
      if (intent === 'action.devices.QUERY' && !Value.Check(QueryPayload, payload)) return protocolError(body.requestId, 'QUERY payload');
      if (intent === 'action.devices.EXECUTE' && !Value.Check(ExecutePayload, payload)) return protocolError(body.requestId, 'EXECUTE payload');
      try {
        const result = await (await smartHomeApp(deps, caller)).handler(body as never, {});
        return reply.status(200).send(result.body);
      } catch (err) {
        request.log.error({ err }, 'google home fulfillment failed');
        return { requestId: body.requestId, payload: { errorCode: 'transientError' } };
      }
    },
  );
}
