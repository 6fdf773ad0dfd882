import type { Category, Formality } from './kinds';

export interface GarmentsTable {
  id: string;
  household_id: string;
  /** null: shared by the household (an umbrella, a scarf anyone takes). */
  profile_id: string | null;
  name: string;
  category: Category;
  kind: string;
  /** Insulation in clo. */
  warmth: number;
  waterproof: number;
  formality: Formality;
  /** JSON array of colour names or #rrggbb. */
  colors: string;
  /** 0 while in the laundry. */
  available: number;
  /** File name under <dataDir>/photos/<householdId>/, when a photo was uploaded. */
  photo: string | null;
  created_at: string;
  updated_at: string;
}

/** One row per garment per day it was worn: the recency signal ("not the same shirt three days running"). */
export interface GarmentWearTable {
  id: string;
  household_id: string;
  profile_id: string;
  garment_id: string;
  /** Local date YYYY-MM-DD. */
  worn_on: string;
  created_at: string;
}

/** Tables owned by the wardrobe capability (the store's schema picks them up). */
export interface WardrobeTables {
  garments: GarmentsTable;
  garment_wear: GarmentWearTable;
}
