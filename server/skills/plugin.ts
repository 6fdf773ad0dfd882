import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { systemClock } from '@server/core/clock';
import { buildAlexaSkill } from '@skills/alexa/skill';
import { AlexaRequestVerifier, type AlexaVerifierOptions } from '@skills/alexa/verify';
import type { VoiceLinks } from '@skills/core/links';
import type { ConversationServices } from '@skills/core/services';
import { alexaRoutes, type AlexaVerification } from './alexa-routes';
import { googleRoutes } from './google-routes';
import { PairingService } from './pairing';
import { pairingRoutes } from './pairing-routes';
import { voiceLinkRoutes } from './voice-link-routes';
import { conversationServices, voiceLinks } from './services';
import { VoiceUsers } from './voice-users';

export interface SkillsCapability {
  pairing: PairingService;
  voiceUsers: VoiceUsers;
  /** The conversation core's port, for `miroir say` and anything else that talks. */
  services: ConversationServices;
  links: VoiceLinks;
  /**
   * The Alexa request verifier in use. Its trust store and chain fetcher are injectable: Node's
   * roots and HTTPS in production, a locally generated CA in tests (which replace it here).
   */
  alexa: AlexaVerification;
}

declare module 'fastify' {
  interface FastifyInstance {
    skills: SkillsCapability;
  }
}

export interface SkillsPluginOptions {
  /** Tests inject a local CA and a chain fetcher; production uses Node's roots and HTTPS. */
  alexaVerifier?: Pick<AlexaVerifierOptions, 'fetchCertChain' | 'trustedRoots'>;
}

/** The voice skills: Alexa at POST /alexa, Google at POST /google, and device pairing. */
export default fp(
  async (app: FastifyInstance, options: SkillsPluginOptions) => {
    const pairing = new PairingService(app.store, app.clock);
    pairing.onLocked = (platform) => app.log.warn({ platform }, 'pairing code refused: too many wrong codes (someone may be guessing)');
    const voiceUsers = new VoiceUsers(app.store, app.clock);
    const services = conversationServices(app, pairing);
    const links = voiceLinks(app, voiceUsers);
    const { config } = app;
    // Amazon's timestamps and certificates are judged on the real clock, never the demo clock
    // (MIROIR_FAKE_NOW): a request signed now must pass whatever date the house pretends it is.
    const alexa: AlexaVerification = {
      verifier: config.alexaVerifySignature ? new AlexaRequestVerifier({ ...options.alexaVerifier, clock: systemClock }) : null,
    };
    app.decorate('skills', { pairing, voiceUsers, services, links, alexa });

    if (!config.alexaVerifySignature) app.log.warn('ALEXA_VERIFY_SIGNATURE=false: Alexa requests are NOT verified; use this only for local testing');
    else if (!config.alexaSkillId) app.log.warn('ALEXA_SKILL_ID is not set: POST /alexa refuses every request until it is');
    if (!config.googleWebhookUser || !config.googleWebhookPassword) {
      app.log.warn('GOOGLE_WEBHOOK_USER / GOOGLE_WEBHOOK_PASSWORD are not set: POST /google answers 503 until they are');
    }
    const onError = (err: unknown): void => app.log.error({ err }, 'voice turn failed');
    await app.register(alexaRoutes, { skill: buildAlexaSkill({ services, links, onError, accountLinking: config.alexaOAuth !== undefined }), verification: alexa, skillId: config.alexaSkillId });
    const loadGoogleApp = async () => (await import('@skills/google/app')).buildGoogleApp({ services, links, onError });
    await app.register(googleRoutes, { load: loadGoogleApp, user: config.googleWebhookUser, password: config.googleWebhookPassword });
    await app.register(pairingRoutes, { pairing });
    await app.register(voiceLinkRoutes(voiceUsers));
  },
  { name: 'skills', dependencies: ['core', 'households', 'privacy', 'wardrobe', 'day-context', 'outfits', 'supplies', 'orders', 'oauth'] },
);
