import type { DemoContributor } from '@server/demo/types';
import { languageOf } from '@server/plugins/i18n';
import type { Formality } from './kinds';
import type { GarmentInput } from './service';

/** [kind, French name, English name, colours, overrides] */
type DemoGarment = [string, string, string, string[], Partial<Pick<GarmentInput, 'formality' | 'warmth' | 'waterproof' | 'available'>>?];

const FIRST: DemoGarment[] = [
  ['tshirt', 'T-shirt blanc', 'White T-shirt', ['white']],
  ['tshirt', 'T-shirt rayé marine', 'Navy striped T-shirt', ['navy', 'white']],
  ['tank', 'Débardeur noir', 'Black tank top', ['black']],
  ['blouse', 'Chemisier en soie crème', 'Cream silk blouse', ['cream']],
  ['blouse', 'Blouse fleurie', 'Floral blouse', ['pink', 'green']],
  ['shirt', 'Chemise blanche', 'White shirt', ['white']],
  ['longsleeve', 'Marinière', 'Breton top', ['white', 'navy']],
  ['sportstop', 'Brassière de sport', 'Sports top', ['black']],
  ['thermal', 'Sous-pull thermique', 'Thermal base layer', ['black']],
  ['sweater', 'Pull en laine camel', 'Camel wool sweater', ['camel']],
  ['sweater', 'Pull col roulé noir', 'Black turtleneck', ['black']],
  ['cardigan', 'Cardigan gris', 'Grey cardigan', ['grey']],
  ['blazer', 'Blazer marine', 'Navy blazer', ['navy']],
  ['hoodie', 'Sweat à capuche', 'Hoodie', ['grey']],
  ['jeans', 'Jean brut', 'Raw denim jeans', ['denim']],
  ['trousers', 'Pantalon tailleur noir', 'Black tailored trousers', ['black'], { formality: 'formal' }],
  ['chinos', 'Pantalon beige', 'Beige chinos', ['beige']],
  ['skirt', 'Jupe midi plissée', 'Pleated midi skirt', ['burgundy']],
  ['shorts', 'Short en lin', 'Linen shorts', ['beige']],
  ['leggings', 'Legging de sport', 'Sports leggings', ['black']],
  ['dress', 'Robe portefeuille bleue', 'Blue wrap dress', ['blue']],
  ['eveningdress', 'Robe de soirée émeraude', 'Emerald evening dress', ['emerald']],
  ['sundress', "Robe d'été jaune", 'Yellow sundress', ['yellow']],
  ['winterdress', 'Robe pull grise', 'Grey sweater dress', ['grey']],
  ['coat', 'Manteau long camel', 'Long camel coat', ['camel']],
  ['trench', 'Trench beige', 'Beige trench', ['beige']],
  ['downjacket', 'Doudoune noire', 'Black puffer jacket', ['black']],
  ['raincoat', 'Ciré jaune', 'Yellow raincoat', ['yellow']],
  ['sneakers', 'Baskets blanches', 'White sneakers', ['white']],
  ['ankleboots', 'Bottines en cuir', 'Leather ankle boots', ['brown']],
  ['boots', 'Bottes fourrées', 'Lined winter boots', ['brown']],
  ['heels', 'Escarpins noirs', 'Black heels', ['black']],
  ['sandals', 'Sandales dorées', 'Gold sandals', ['gold']],
  ['runningshoes', 'Chaussures de course', 'Running shoes', ['grey']],
  ['scarf', 'Écharpe en laine', 'Wool scarf', ['burgundy']],
  ['gloves', 'Gants en cuir', 'Leather gloves', ['black']],
  ['beanie', 'Bonnet côtelé', 'Ribbed beanie', ['grey']],
  ['sunglasses', 'Lunettes de soleil', 'Sunglasses', ['black']],
];

const SECOND: DemoGarment[] = [
  ['tshirt', 'T-shirt gris chiné', 'Heather grey T-shirt', ['grey']],
  ['tshirt', 'T-shirt noir', 'Black T-shirt', ['black']],
  ['polo', 'Polo marine', 'Navy polo', ['navy']],
  ['shirt', 'Chemise blanche', 'White dress shirt', ['white'], { formality: 'formal' }],
  ['shirt', 'Chemise bleu ciel', 'Light blue shirt', ['sky blue']],
  ['shirt', 'Chemise en lin', 'Linen shirt', ['white'], { warmth: 0.19, formality: 'casual' }],
  ['flannel', 'Chemise en flanelle', 'Flannel shirt', ['red', 'black']],
  ['sportstop', 'Maillot technique', 'Training top', ['blue']],
  ['thermal', 'Tee-shirt thermique', 'Thermal top', ['black']],
  ['sweater', 'Pull marin bleu', 'Navy knit sweater', ['navy']],
  ['sweater', 'Pull col rond gris', 'Grey crew-neck sweater', ['grey']],
  ['cardigan', 'Gilet zippé', 'Zip cardigan', ['brown']],
  ['fleece', 'Polaire', 'Fleece', ['olive']],
  ['suitjacket', 'Veste de costume anthracite', 'Charcoal suit jacket', ['anthracite']],
  ['blazer', 'Blazer bleu', 'Blue blazer', ['blue']],
  ['vest', 'Gilet de costume', 'Suit waistcoat', ['anthracite'], { formality: 'formal' }],
  ['jeans', 'Jean bleu', 'Blue jeans', ['denim']],
  ['jeans', 'Jean noir', 'Black jeans', ['black']],
  ['suittrousers', 'Pantalon de costume anthracite', 'Charcoal suit trousers', ['anthracite']],
  ['chinos', 'Chino kaki', 'Khaki chinos', ['khaki']],
  ['shorts', 'Bermuda', 'Bermuda shorts', ['navy']],
  ['joggers', 'Pantalon de jogging', 'Joggers', ['grey']],
  ['jumpsuit', 'Combinaison en jean', 'Denim jumpsuit', ['denim']],
  ['coat', 'Manteau en laine marine', 'Navy wool overcoat', ['navy']],
  ['parka', 'Parka imperméable', 'Waterproof parka', ['olive']],
  ['jacket', 'Veste en jean', 'Denim jacket', ['denim']],
  ['windbreaker', 'Coupe-vent', 'Windbreaker', ['navy']],
  ['sneakers', 'Baskets en toile', 'Canvas sneakers', ['white']],
  ['shoes', 'Richelieus noirs', 'Black oxford shoes', ['black']],
  ['loafers', 'Mocassins', 'Loafers', ['brown']],
  ['boots', 'Boots imperméables', 'Waterproof boots', ['brown']],
  ['runningshoes', 'Chaussures de running', 'Running shoes', ['blue']],
  ['sandals', 'Sandales', 'Sandals', ['brown']],
  ['scarf', 'Écharpe grise', 'Grey scarf', ['grey']],
  ['gloves', 'Gants en laine', 'Wool gloves', ['navy']],
  ['beanie', 'Bonnet', 'Beanie', ['navy']],
  ['tie', 'Cravate bordeaux', 'Burgundy tie', ['burgundy']],
  ['cap', 'Casquette', 'Cap', ['navy']],
];

/** Shared by the household: anyone takes them. */
const SHARED: DemoGarment[] = [
  ['umbrella', 'Grand parapluie noir', 'Large black umbrella', ['black']],
  ['umbrella', 'Parapluie pliant', 'Folding umbrella', ['navy']],
  ['rainboots', 'Bottes de pluie', 'Rain boots', ['olive']],
];

function toInput(g: DemoGarment, french: boolean, profileId: string | null): GarmentInput {
  const [kind, fr, en, colors, extra] = g;
  return { kind, name: french ? fr : en, colors, profileId, ...extra, formality: extra?.formality as Formality | undefined };
}

/** The demo garments for a household's language and its two people (shared pieces have no profile). */
export function demoGarmentInputs(locale: string, firstProfileId: string, secondProfileId: string | null): GarmentInput[] {
  const french = languageOf(locale) === 'fr';
  return [
    ...FIRST.map((g) => toInput(g, french, firstProfileId)),
    ...(secondProfileId ? SECOND.map((g) => toInput(g, french, secondProfileId)) : []),
    ...SHARED.map((g) => toInput(g, french, null)),
  ];
}

/** The wardrobe part of the demo household: a full wardrobe per person, plus shared pieces. */
export const seedWardrobeDemo: DemoContributor = async (app, demo) => {
  const [first, second] = demo.profiles;
  await app.wardrobe.createMany(demo.household.id, demoGarmentInputs(demo.household.locale, first.id, second?.id ?? null));
};
