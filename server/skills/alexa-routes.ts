import { Value } from '@sinclair/typebox/value';
import type { Skill } from 'ask-sdk-core';
import type { RequestEnvelope } from 'ask-sdk-model';
import type { FastifyInstance } from 'fastify';
import { AppError } from '@server/core/errors';
import { AlexaVerificationError, type AlexaRequestVerifier } from '@skills/alexa/verify';
import { AlexaEnvelope } from './schemas';

export interface AlexaVerification {
  verifier: AlexaRequestVerifier | null;
}

export interface AlexaRouteOptions {
  skill: Skill;
  /** Read on every request; `verifier` is null only when ALEXA_VERIFY_SIGNATURE=false (local testing). */
  verification: AlexaVerification;
  skillId: string | undefined;
}

/**
 * POST /alexa, in its own encapsulated context so JSON stays a string here: the signature is
 * over the exact bytes Amazon sent, so they are verified before anything is parsed.
 */
export async function alexaRoutes(app: FastifyInstance, options: AlexaRouteOptions): Promise<void> {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => done(null, body));

  app.post('/alexa', { config: { auth: 'self' }, schema: { hide: false, summary: 'Alexa Skills Kit requests (custom skill)', tags: ['voice'] } }, async (request, reply) => {
    const raw = typeof request.body === 'string' ? request.body : '';
    const { verifier } = options.verification;
    if (verifier) {
      try {
        await verifier.verify(raw, request.headers);
      } catch (err) {
        const reason = err instanceof AlexaVerificationError ? err.reason : 'certChainFetch';
        request.log.warn({ reason }, 'alexa request refused');
        throw new AppError('skills.alexa.invalidRequest', 400, { reason });
      }
    }
    let envelope: unknown;
    try {
      envelope = JSON.parse(raw);
    } catch {
      throw new AppError('errors.invalidJson', 400);
    }
    if (!Value.Check(AlexaEnvelope, envelope)) throw new AppError('skills.alexa.invalidRequest', 400, { reason: 'envelope' });
    // The one field the answer cannot do without: which intent was heard.
    if (envelope.request.type === 'IntentRequest' && !envelope.request.intent) throw new AppError('skills.alexa.invalidRequest', 400, { reason: 'intent' });
    const applicationId = envelope.context?.System?.application?.applicationId ?? envelope.session?.application?.applicationId ?? undefined;
    // Without a configured id only an unverified local setup may answer; with one, it must match.
    if (options.skillId ? applicationId !== options.skillId : verifier !== null) {
      request.log.warn({ applicationId }, 'alexa request for another skill');
      throw new AppError('skills.alexa.invalidRequest', 400, { reason: 'applicationId' });
    }
    const response = await options.skill.invoke(envelope as unknown as RequestEnvelope);
    return reply.header('content-type', 'application/json; charset=utf-8').send(response);
  });
}
