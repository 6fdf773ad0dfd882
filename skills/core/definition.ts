import type { Language } from '@server/plugins/i18n';

/**
 * The one place intents, their slots, sample utterances and slot values are named, in every
 * language. The Alexa interaction models, the Dialogflow agent and the `miroir say` matcher are
 * all generated from this file; tests fail when a committed model drifts from it.
 */
export const Intent = {
  SuggestOutfit: 'SuggestOutfit',
  ExplainOutfit: 'ExplainOutfit',
  OutfitFeedback: 'OutfitFeedback',
  NeedUmbrella: 'NeedUmbrella',
  NeedCoat: 'NeedCoat',
  RunningLow: 'RunningLow',
  ReorderSupply: 'ReorderSupply',
  ApproveProposals: 'ApproveProposals',
  OrderStatus: 'OrderStatus',
  CancelLastOrder: 'CancelLastOrder',
  LinkDevice: 'LinkDevice',
  MirrorNight: 'MirrorNight',
  MirrorWake: 'MirrorWake',
  Help: 'Help',
  Stop: 'Stop',
  Fallback: 'Fallback',
} as const;
export type IntentName = (typeof Intent)[keyof typeof Intent];

/** Not intents a person names: what a platform sends when a session opens. */
export const LAUNCH = 'Launch' as const;

export const SlotType = {
  Day: 'MIROIR_DAY',
  Occasion: 'MIROIR_OCCASION',
  Rating: 'MIROIR_RATING',
  Supply: 'MIROIR_SUPPLY',
  Number: 'NUMBER',
} as const;
export type SlotTypeName = (typeof SlotType)[keyof typeof SlotType];

export type SlotName = 'day' | 'occasion' | 'rating' | 'supply' | 'quantity' | 'code';

export interface SlotDefinition {
  name: SlotName;
  type: SlotTypeName;
  /** A required slot is asked for (Alexa dialog delegation, Dialogflow required parameter). */
  required?: boolean;
}

export type PerLanguage<T> = Record<Language, T>;

export interface IntentDefinition {
  name: IntentName;
  /** Alexa's built-in intent this one extends, when there is one. */
  alexaBuiltIn?: string[];
  slots: SlotDefinition[];
  /** Nothing happens until the person has said yes to a reply that names what will happen. */
  confirm?: boolean;
  /** Sample utterances; `{slot}` marks a slot. Unique across the whole model per language. */
  utterances: PerLanguage<string[]>;
}

export interface SlotValue {
  /** Stable id the core receives (Alexa entity resolution id, Dialogflow entity reference value). */
  id: string;
  /** The first synonym is the canonical value. */
  synonyms: PerLanguage<string[]>;
}

export interface SlotTypeDefinition {
  name: Exclude<SlotTypeName, 'NUMBER'>;
  values: SlotValue[];
}

const v = (id: string, en: string[], fr: string[]): SlotValue => ({ id, synonyms: { en, fr } });

export const SLOT_TYPES: SlotTypeDefinition[] = [
  {
    name: SlotType.Day,
    values: [
      v('today', ['today', 'this morning', 'now'], ["aujourd'hui", 'ce matin', 'maintenant']),
      v('tomorrow', ['tomorrow', 'tomorrow morning'], ['demain', 'demain matin']),
      v('monday', ['monday', 'on monday'], ['lundi']),
      v('tuesday', ['tuesday', 'on tuesday'], ['mardi']),
      v('wednesday', ['wednesday', 'on wednesday'], ['mercredi']),
      v('thursday', ['thursday', 'on thursday'], ['jeudi']),
      v('friday', ['friday', 'on friday'], ['vendredi']),
      v('saturday', ['saturday', 'on saturday'], ['samedi']),
      v('sunday', ['sunday', 'on sunday'], ['dimanche']),
    ],
  },
  {
    name: SlotType.Occasion,
    values: [
      v('meeting', ['meeting', 'my meeting', 'the meeting'], ['réunion', 'ma réunion', 'la réunion', 'rendez-vous']),
      v('interview', ['interview', 'job interview', 'my interview'], ['entretien', "entretien d'embauche", 'mon entretien']),
      v('wedding', ['wedding', 'the wedding'], ['mariage', 'le mariage']),
      v('sport', ['gym', 'the gym', 'sport', 'workout'], ['sport', 'la salle de sport', 'la gym']),
    ],
  },
  {
    name: SlotType.Rating,
    values: [
      v('too_warm', ['too warm', 'too hot', 'I was hot'], ['trop chaud', "j'avais chaud", 'trop chaude']),
      v('too_cold', ['too cold', 'I was cold', 'freezing'], ['trop froid', "j'avais froid", 'trop froide']),
      v('like', ['I like it', 'I love it', 'perfect', 'great'], ["j'aime", "j'adore", 'parfait', 'super']),
      v('dislike', ['not this', "I don't like it", 'something else'], ['pas ça', "je n'aime pas", 'autre chose']),
    ],
  },
  {
    // Households name their supplies freely; these values teach the platforms the shape of a
    // supply name. The supplies service matches what was said against the household's own list.
    name: SlotType.Supply,
    values: [
      v('milk', ['milk'], ['lait', 'du lait']),
      v('coffee', ['coffee', 'coffee capsules', 'coffee beans'], ['café', 'capsules de café', 'du café']),
      v('printer_ink', ['printer ink', 'ink', 'ink cartridges'], ["encre d'imprimante", 'encre', "cartouches d'encre"]),
      v('paper', ['printer paper', 'paper'], ['papier', "papier d'imprimante"]),
      v('eggs', ['eggs'], ['œufs', 'des œufs']),
      v('water', ['water', 'sparkling water'], ['eau', "de l'eau", 'eau gazeuse']),
      v('dish_soap', ['dish soap', 'washing up liquid'], ['liquide vaisselle']),
      v('detergent', ['laundry detergent', 'detergent'], ['lessive']),
      v('toilet_paper', ['toilet paper'], ['papier toilette']),
      v('butter', ['butter'], ['beurre', 'du beurre']),
    ],
  },
];

export const INTENTS: IntentDefinition[] = [
  {
    name: Intent.SuggestOutfit,
    slots: [
      { name: 'day', type: SlotType.Day },
      { name: 'occasion', type: SlotType.Occasion },
    ],
    utterances: {
      en: [
        'what should I wear',
        'what should I wear {day}',
        'what do I wear {day}',
        'what to wear {day}',
        'suggest an outfit',
        'suggest an outfit for {day}',
        'what should I wear for {occasion}',
        'what should I wear for {occasion} {day}',
        'dress me for {occasion}',
        'pick my clothes',
        'pick my clothes for {day}',
        'what do I wear',
        'what to wear',
        'how should I dress',
        'how should I dress {day}',
        'how should I dress for {occasion}',
        'what should I put on',
        'what should I put on {day}',
        'what clothes should I wear {day}',
        'what outfit for {occasion}',
        'what do I wear for {occasion}',
        'help me get dressed',
      ],
      fr: [
        'que dois je porter',
        'que dois je porter {day}',
        'quoi mettre {day}',
        'je mets quoi {day}',
        "propose moi une tenue",
        'propose moi une tenue pour {day}',
        'que porter pour {occasion}',
        'que porter pour {occasion} {day}',
        'habille moi pour {occasion}',
        'choisis mes vêtements',
        'choisis mes vêtements pour {day}',
        'qu est ce que je mets',
        'qu est ce que je mets {day}',
        'qu est ce que je porte',
        'qu est ce que je porte {day}',
        'qu est ce que je mets pour {occasion}',
        'comment m habiller',
        'comment m habiller {day}',
        'je m habille comment {day}',
        'quelle tenue pour {occasion}',
        'comment m habiller pour {occasion}',
        'que mettre pour {occasion}',
        'je mets quoi',
        'quoi mettre',
        'que porter',
        'que porter {day}',
        'que dois je mettre {day}',
      ],
    },
  },
  {
    name: Intent.ExplainOutfit,
    slots: [],
    utterances: {
      en: ['why this outfit', 'why', 'explain the outfit', 'why did you choose that', 'why these clothes'],
      fr: ['pourquoi cette tenue', 'pourquoi', 'explique la tenue', 'pourquoi ce choix', 'pourquoi ces vêtements'],
    },
  },
  {
    name: Intent.OutfitFeedback,
    slots: [{ name: 'rating', type: SlotType.Rating, required: true }],
    utterances: {
      en: ['{rating}', 'it was {rating}', 'the outfit was {rating}', 'I was {rating} in it', 'this outfit is {rating}'],
      fr: ['{rating}', "c'était {rating}", 'la tenue était {rating}', "j'avais {rating} avec", 'cette tenue est {rating}'],
    },
  },
  {
    name: Intent.NeedUmbrella,
    slots: [{ name: 'day', type: SlotType.Day }],
    utterances: {
      en: ['do I need an umbrella', 'do I need an umbrella {day}', 'will it rain', 'will it rain {day}', 'should I take an umbrella', 'is it going to rain', 'is it going to rain {day}', 'should I bring an umbrella {day}', 'will I need an umbrella {day}'],
      fr: ['ai je besoin d un parapluie', 'ai je besoin d un parapluie {day}', 'va t il pleuvoir', 'va t il pleuvoir {day}', 'dois je prendre un parapluie', 'est ce que j ai besoin d un parapluie', 'est ce que j ai besoin d un parapluie {day}', 'est ce qu il va pleuvoir', 'est ce qu il va pleuvoir {day}', 'faut il un parapluie {day}', 'je prends un parapluie {day}'],
    },
  },
  {
    name: Intent.NeedCoat,
    slots: [{ name: 'day', type: SlotType.Day }],
    utterances: {
      en: ['do I need a coat', 'do I need a coat {day}', 'should I wear a coat', 'is it cold outside', 'do I need a jacket {day}', 'do I need a jacket', 'should I wear a coat {day}', 'will it be cold {day}'],
      fr: ['ai je besoin d un manteau', 'ai je besoin d un manteau {day}', 'dois je mettre un manteau', 'fait il froid dehors', 'faut il une veste {day}', 'est ce que j ai besoin d un manteau', 'est ce que j ai besoin d un manteau {day}', 'est ce qu il fait froid dehors', 'va t il faire froid {day}', 'faut il un manteau {day}'],
    },
  },
  {
    name: Intent.RunningLow,
    slots: [],
    utterances: {
      en: ['what is running low', 'what are we running out of', 'what do we need to buy', 'check the supplies', 'what is running out', 'what are we low on', 'what is almost empty', 'what should we buy'],
      fr: ['qu est ce qui va manquer', 'qu est ce qu il faut racheter', 'que faut il acheter', 'vérifie les provisions', 'qu est ce qui manque', 'qu est ce qui va bientôt manquer', 'qu est ce qu il faut acheter', 'qu est ce qui est presque fini', 'que reste t il à la maison'],
    },
  },
  {
    name: Intent.ReorderSupply,
    slots: [
      { name: 'supply', type: SlotType.Supply, required: true },
      { name: 'quantity', type: SlotType.Number },
    ],
    confirm: true,
    utterances: {
      en: ['order {supply}', 'order {quantity} {supply}', 'reorder {supply}', 'buy {supply}', 'buy {quantity} {supply}', 'we need {supply}'],
      fr: ['commande {supply}', 'commande {quantity} {supply}', 'recommande {supply}', 'achète {supply}', 'achète {quantity} {supply}', 'il nous faut {supply}'],
    },
  },
  {
    name: Intent.ApproveProposals,
    slots: [],
    confirm: true,
    utterances: {
      en: ['approve the proposals', 'approve the orders', 'what is waiting for approval', 'approve the waiting orders'],
      fr: ['approuve les propositions', 'valide les commandes', 'qu est ce qui attend ma validation', 'valide les commandes en attente'],
    },
  },
  {
    name: Intent.OrderStatus,
    slots: [],
    utterances: {
      en: ['where is my order', 'track my order', 'when does my order arrive', 'order status'],
      fr: ['où en est ma commande', 'suis ma commande', 'quand arrive ma commande', 'état de la commande'],
    },
  },
  {
    name: Intent.CancelLastOrder,
    slots: [],
    confirm: true,
    utterances: {
      en: ['cancel my last order', 'cancel the order', 'cancel my order'],
      fr: ['annule ma dernière commande', 'annule la commande', 'annule ma commande'],
    },
  },
  {
    name: Intent.MirrorNight,
    slots: [],
    utterances: {
      en: ['turn off the mirror', 'switch the mirror off', 'put the mirror to sleep', 'night mode on the mirror'],
      fr: ['éteins le miroir', 'éteindre le miroir', 'mets le miroir en veille', 'passe le miroir en mode nuit'],
    },
  },
  {
    name: Intent.MirrorWake,
    slots: [],
    utterances: {
      en: ['turn on the mirror', 'switch the mirror on', 'wake up the mirror', 'wake the mirror'],
      fr: ['allume le miroir', 'allumer le miroir', 'réveille le miroir', 'rallume le miroir'],
    },
  },
  {
    name: Intent.LinkDevice,
    slots: [{ name: 'code', type: SlotType.Number, required: true }],
    utterances: {
      en: ['link this device', 'link with code {code}', 'pair with code {code}', 'my code is {code}', 'connect to my mirror'],
      fr: ['associe cet appareil', 'associe avec le code {code}', 'le code est {code}', 'mon code est {code}', 'connecte moi au miroir'],
    },
  },
  {
    name: Intent.Help,
    alexaBuiltIn: ['AMAZON.HelpIntent'],
    slots: [],
    utterances: {
      en: ['help', 'what can you do', 'how does this work'],
      fr: ['aide', 'que sais tu faire', 'comment ça marche'],
    },
  },
  {
    name: Intent.Stop,
    alexaBuiltIn: ['AMAZON.StopIntent', 'AMAZON.CancelIntent', 'AMAZON.NavigateHomeIntent'],
    slots: [],
    utterances: {
      en: ['stop', 'goodbye', 'that is all'],
      fr: ['stop', 'au revoir', "c'est tout"],
    },
  },
  {
    name: Intent.Fallback,
    alexaBuiltIn: ['AMAZON.FallbackIntent'],
    slots: [],
    utterances: { en: [], fr: [] },
  },
];

/** Words the `say` matcher and the Google adapter take as an answer to a confirmation question. */
export const CONFIRMATION_WORDS: PerLanguage<{ yes: string[]; no: string[] }> = {
  en: { yes: ['yes', 'yes please', 'sure', 'ok', 'confirm'], no: ['no', 'no thanks', 'cancel', 'nope'] },
  fr: { yes: ['oui', 'oui merci', "d'accord", 'ok', 'je confirme'], no: ['non', 'non merci', 'annule', 'pas du tout'] },
};

export function intentDefinition(name: IntentName): IntentDefinition {
  const found = INTENTS.find((i) => i.name === name);
  if (!found) throw new Error(`unknown intent ${name}`);
  return found;
}

export function slotTypeDefinition(name: SlotTypeName): SlotTypeDefinition | null {
  return SLOT_TYPES.find((t) => t.name === name) ?? null;
}
