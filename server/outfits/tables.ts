/** What was learned about each person from feedback (shared by every server on the same store). */
export interface OutfitProfilesTable {
  profile_id: string;
  household_id: string;
  /** °C: positive runs warm. */
  comfort_offset: number;
  /** JSON number[]: the per-profile linear head (features then bias). */
  head: string;
  feedback_count: number;
  updated_at: string;
}

export interface OutfitFeedbackTable {
  id: string;
  household_id: string;
  profile_id: string;
  /** Local date YYYY-MM-DD the outfit was worn. */
  date: string;
  /** JSON string[]. */
  garment_ids: string;
  rating: string;
  /** 1 when it trained the person's preferences (consent granted), 0 when only recorded. */
  learned: number;
  created_at: string;
}

/** Tables owned by the outfits capability (the store's schema picks them up). */
export interface OutfitsTables {
  outfit_profiles: OutfitProfilesTable;
  outfit_feedback: OutfitFeedbackTable;
}
