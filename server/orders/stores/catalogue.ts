/**
 * The simulated store's catalogue: everyday products of the demo (fridge, printer, filter) and a
 * few more, priced in the currencies households use. A product without a price in the household's
 * currency is not sold to it (no silent conversion).
 */
export interface CatalogueItem {
  sku: string;
  names: { en: string; fr: string };
  prices: Record<string, number>;
  packSize: number;
  unit: string;
  leadDays: number;
}

export const CATALOGUE: readonly CatalogueItem[] = [
  { sku: 'milk-1l', names: { en: 'Semi-skimmed milk 1 L', fr: 'Lait demi-écrémé 1 L' }, prices: { EUR: 1.15, USD: 1.29, GBP: 0.99, CAD: 1.79 }, packSize: 1, unit: 'L', leadDays: 1 },
  { sku: 'milk-6x1l', names: { en: 'Semi-skimmed milk 6 × 1 L', fr: 'Lait demi-écrémé 6 × 1 L' }, prices: { EUR: 6.5, USD: 7.49, GBP: 5.6, CAD: 9.99 }, packSize: 6, unit: 'L', leadDays: 1 },
  { sku: 'eggs-12', names: { en: 'Free-range eggs × 12', fr: 'Œufs plein air × 12' }, prices: { EUR: 3.9, USD: 4.49, GBP: 3.3, CAD: 5.99 }, packSize: 12, unit: 'pcs', leadDays: 1 },
  { sku: 'butter-250g', names: { en: 'Unsalted butter 250 g', fr: 'Beurre doux 250 g' }, prices: { EUR: 2.6, USD: 3.2, GBP: 2.2, CAD: 4.5 }, packSize: 250, unit: 'g', leadDays: 1 },
  { sku: 'ink-black-xl', names: { en: 'Black ink cartridge XL', fr: "Cartouche d'encre noire XL" }, prices: { EUR: 24.9, USD: 27.99, GBP: 21.5, CAD: 34.99 }, packSize: 1, unit: 'cartridge', leadDays: 3 },
  { sku: 'ink-colour', names: { en: 'Tri-colour ink cartridge', fr: "Cartouche d'encre trois couleurs" }, prices: { EUR: 29.9, USD: 32.99, GBP: 25.9, CAD: 41.99 }, packSize: 1, unit: 'cartridge', leadDays: 3 },
  { sku: 'water-filter', names: { en: 'Water filter cartridge', fr: 'Cartouche filtrante pour carafe' }, prices: { EUR: 8.9, USD: 9.99, GBP: 7.5, CAD: 12.99 }, packSize: 1, unit: 'cartridge', leadDays: 2 },
  { sku: 'coffee-beans-1kg', names: { en: 'Coffee beans 1 kg', fr: 'Café en grains 1 kg' }, prices: { EUR: 14.5, USD: 16.99, GBP: 12.9, CAD: 21.99 }, packSize: 1, unit: 'kg', leadDays: 2 },
  { sku: 'dish-tablets-40', names: { en: 'Dishwasher tablets × 40', fr: 'Pastilles lave-vaisselle × 40' }, prices: { EUR: 9.9, USD: 11.49, GBP: 8.5, CAD: 14.99 }, packSize: 40, unit: 'pcs', leadDays: 2 },
  { sku: 'detergent-2l', names: { en: 'Laundry detergent 2 L', fr: 'Lessive liquide 2 L' }, prices: { EUR: 11.5, USD: 12.99, GBP: 9.9, CAD: 16.99 }, packSize: 2, unit: 'L', leadDays: 2 },
];

export function localName(item: CatalogueItem, locale: string): string {
  return locale.toLowerCase().startsWith('fr') ? item.names.fr : item.names.en;
}
