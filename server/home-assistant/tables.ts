/** Tables owned by the home-assistant capability (the store's schema picks them up). */

/** A household's own answer to "publish my supplies to Home Assistant"; no row = the MIROIR_HA_DISCOVERY default. */
export interface HomeAssistantSettingsTable {
  household_id: string;
  enabled: number;
  updated_at: string;
}

/**
 * Every retained topic Miroir has published for Home Assistant (discovery configs and states), so
 * one that is no longer wanted (a deleted supply, discovery switched off) is cleared with an empty
 * retained message even after a restart.
 */
export interface HomeAssistantTopicsTable {
  topic: string;
  household_id: string;
  supply_id: string | null;
  published_at: string;
}

export interface HomeAssistantTables {
  home_assistant_settings: HomeAssistantSettingsTable;
  home_assistant_topics: HomeAssistantTopicsTable;
}
