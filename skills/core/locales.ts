/** The Alexa locales the skill is published in; each speaks one of Miroir's languages. */
export const ALEXA_LOCALES = ['en-US', 'en-GB', 'en-CA', 'en-AU', 'en-IN', 'fr-FR', 'fr-CA'] as const;
export type AlexaLocale = (typeof ALEXA_LOCALES)[number];
