/**
 * The currencies a household may pick (ISO 4217), and the one its locale's region pays in. The
 * simulated store prices a subset of them; a currency it does not sell in is refused there, never
 * converted silently.
 */
export const CURRENCIES = ['EUR', 'GBP', 'USD', 'CAD', 'CHF', 'AUD', 'NZD', 'SEK', 'NOK', 'DKK', 'PLN', 'JPY', 'INR', 'ZAR', 'MAD', 'XOF'] as const;
export type Currency = (typeof CURRENCIES)[number];

const EURO_REGIONS = ['FR', 'BE', 'LU', 'MC', 'DE', 'AT', 'IT', 'ES', 'PT', 'NL', 'IE', 'FI', 'GR', 'SK', 'SI', 'EE', 'LV', 'LT', 'MT', 'CY', 'HR', 'RE', 'GP', 'MQ', 'GF', 'YT', 'PM'];

const BY_REGION: Record<string, Currency> = {
  ...Object.fromEntries(EURO_REGIONS.map((r) => [r, 'EUR' as const])),
  GB: 'GBP',
  US: 'USD',
  CA: 'CAD',
  CH: 'CHF',
  LI: 'CHF',
  AU: 'AUD',
  NZ: 'NZD',
  SE: 'SEK',
  NO: 'NOK',
  DK: 'DKK',
  PL: 'PLN',
  JP: 'JPY',
  IN: 'INR',
  ZA: 'ZAR',
  MA: 'MAD',
  SN: 'XOF',
  CI: 'XOF',
};

/** The currency of the locale's region (en-GB → GBP, fr-CA → CAD, fr-CH → CHF); EUR when the region is unknown or absent. */
export function currencyForLocale(locale: string): Currency {
  const region = (locale.split(/[-_]/)[1] ?? '').toUpperCase();
  return BY_REGION[region] ?? 'EUR';
}
