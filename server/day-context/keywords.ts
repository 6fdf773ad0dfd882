import type { Language } from '@server/plugins/i18n';
import type { Activity, DressCode } from './types';

/**
 * What an event's words say about the clothes it asks for, per language. Phrases are written as
 * people type them; matching folds case, accents and apostrophes on both sides ("Entretien
 * d’embauche" = "entretien d'embauche" = "ENTRETIEN D EMBAUCHE") and needs whole words, so "run"
 * does not match "brunch". Every table is applied to every event: a French household writes
 * "meeting" and "running" too. When an event matches several phrases, the strictest non-sport
 * dress code wins (see dress-code.ts).
 */
export interface KeywordRule {
  phrase: string;
  dressCode?: DressCode;
  activities?: Activity[];
}

export const KEYWORDS: Record<Language, readonly KeywordRule[]> = {
  fr: [
    { phrase: "entretien d'embauche", dressCode: 'formal', activities: ['interview'] },
    { phrase: "entretien d'emploi", dressCode: 'formal', activities: ['interview'] },
    { phrase: 'entretien', dressCode: 'smart', activities: ['interview'] },
    { phrase: 'recrutement', dressCode: 'smart', activities: ['interview'] },
    { phrase: 'client', dressCode: 'smart', activities: ['client'] },
    { phrase: 'clients', dressCode: 'smart', activities: ['client'] },
    { phrase: 'rendez-vous client', dressCode: 'smart', activities: ['client'] },
    { phrase: 'soutenance', dressCode: 'smart' },
    { phrase: 'présentation', dressCode: 'smart' },
    { phrase: 'conférence', dressCode: 'smart' },
    { phrase: "conseil d'administration", dressCode: 'formal' },
    { phrase: 'comité de direction', dressCode: 'smart' },
    { phrase: 'mariage', dressCode: 'formal', activities: ['wedding'] },
    { phrase: 'noces', dressCode: 'formal', activities: ['wedding'] },
    { phrase: 'obsèques', dressCode: 'formal', activities: ['funeral'] },
    { phrase: 'enterrement', dressCode: 'formal', activities: ['funeral'] },
    { phrase: 'funérailles', dressCode: 'formal', activities: ['funeral'] },
    { phrase: 'cérémonie', dressCode: 'formal' },
    { phrase: 'gala', dressCode: 'formal', activities: ['party'] },
    { phrase: 'tenue de soirée', dressCode: 'formal', activities: ['party'] },
    { phrase: 'cocktail', dressCode: 'smart', activities: ['party'] },
    { phrase: 'dîner', dressCode: 'smart' },
    { phrase: 'restaurant', dressCode: 'smart' },
    { phrase: 'soirée', dressCode: 'casual', activities: ['party'] },
    { phrase: 'fête', dressCode: 'casual', activities: ['party'] },
    { phrase: 'anniversaire', dressCode: 'casual', activities: ['party'] },
    { phrase: 'salle de sport', dressCode: 'sport', activities: ['gym'] },
    { phrase: 'musculation', dressCode: 'sport', activities: ['gym'] },
    { phrase: 'gym', dressCode: 'sport', activities: ['gym'] },
    { phrase: 'fitness', dressCode: 'sport', activities: ['gym'] },
    { phrase: 'yoga', dressCode: 'sport', activities: ['gym'] },
    { phrase: 'pilates', dressCode: 'sport', activities: ['gym'] },
    { phrase: 'piscine', dressCode: 'sport', activities: ['swim'] },
    { phrase: 'natation', dressCode: 'sport', activities: ['swim'] },
    { phrase: 'course à pied', dressCode: 'sport', activities: ['run'] },
    { phrase: 'footing', dressCode: 'sport', activities: ['run'] },
    { phrase: 'jogging', dressCode: 'sport', activities: ['run'] },
    { phrase: 'randonnée', dressCode: 'sport', activities: ['hike'] },
    { phrase: 'rando', dressCode: 'sport', activities: ['hike'] },
    { phrase: 'plage', dressCode: 'casual', activities: ['beach'] },
    { phrase: 'ski', dressCode: 'sport', activities: ['ski'] },
  ],
  en: [
    { phrase: 'job interview', dressCode: 'formal', activities: ['interview'] },
    { phrase: 'interview', dressCode: 'formal', activities: ['interview'] },
    { phrase: 'client', dressCode: 'smart', activities: ['client'] },
    { phrase: 'customer meeting', dressCode: 'smart', activities: ['client'] },
    { phrase: 'presentation', dressCode: 'smart' },
    { phrase: 'conference', dressCode: 'smart' },
    { phrase: 'pitch', dressCode: 'smart' },
    { phrase: 'board meeting', dressCode: 'formal' },
    { phrase: 'wedding', dressCode: 'formal', activities: ['wedding'] },
    { phrase: 'funeral', dressCode: 'formal', activities: ['funeral'] },
    { phrase: 'memorial service', dressCode: 'formal', activities: ['funeral'] },
    { phrase: 'ceremony', dressCode: 'formal' },
    { phrase: 'black tie', dressCode: 'formal', activities: ['party'] },
    { phrase: 'gala', dressCode: 'formal', activities: ['party'] },
    { phrase: 'cocktail', dressCode: 'smart', activities: ['party'] },
    { phrase: 'dinner', dressCode: 'smart' },
    { phrase: 'party', dressCode: 'casual', activities: ['party'] },
    { phrase: 'birthday', dressCode: 'casual', activities: ['party'] },
    { phrase: 'gym', dressCode: 'sport', activities: ['gym'] },
    { phrase: 'workout', dressCode: 'sport', activities: ['gym'] },
    { phrase: 'fitness', dressCode: 'sport', activities: ['gym'] },
    { phrase: 'crossfit', dressCode: 'sport', activities: ['gym'] },
    { phrase: 'yoga', dressCode: 'sport', activities: ['gym'] },
    { phrase: 'swimming', dressCode: 'sport', activities: ['swim'] },
    { phrase: 'swim', dressCode: 'sport', activities: ['swim'] },
    { phrase: 'pool', dressCode: 'sport', activities: ['swim'] },
    { phrase: 'running', dressCode: 'sport', activities: ['run'] },
    { phrase: 'run', dressCode: 'sport', activities: ['run'] },
    { phrase: 'jog', dressCode: 'sport', activities: ['run'] },
    { phrase: 'hike', dressCode: 'sport', activities: ['hike'] },
    { phrase: 'hiking', dressCode: 'sport', activities: ['hike'] },
    { phrase: 'beach', dressCode: 'casual', activities: ['beach'] },
    { phrase: 'skiing', dressCode: 'sport', activities: ['ski'] },
    { phrase: 'ski', dressCode: 'sport', activities: ['ski'] },
  ],
};

/**
 * Explicit dress tags, stronger than any keyword: an ICS CATEGORIES value equal to one of these
 * words, or in the description `#word` or `[dress:word]` / `[tenue:word]`.
 */
export const DRESS_TAGS: Record<Language, Record<string, DressCode>> = {
  fr: { formel: 'formal', habille: 'formal', chic: 'smart', elegant: 'smart', decontracte: 'casual', sport: 'sport', sportif: 'sport' },
  en: { formal: 'formal', 'black-tie': 'formal', smart: 'smart', business: 'smart', casual: 'casual', sport: 'sport', sporty: 'sport' },
};
