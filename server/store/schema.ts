import type { BindingsTables } from '@server/bindings/tables';
import type { CalendarTables } from '@server/calendar/tables';
import type { HomeAssistantTables } from '@server/home-assistant/tables';
import type { FleetTables } from '@server/fleet/tables';
import type { HouseholdTables } from '@server/households/tables';
import type { OAuthTables } from '@server/oauth/tables';
import type { OrdersTables } from '@server/orders/tables';
import type { OutfitsTables } from '@server/outfits/tables';
import type { PrivacyTables } from '@server/privacy/tables';
import type { SkillsTables } from '@server/skills/tables';
import type { SuppliesTables } from '@server/supplies/tables';
import type { WardrobeTables } from '@server/wardrobe/tables';
import type { WeatherTables } from '@server/weather/tables';

/** The whole typed schema: each capability declares its own tables in its `tables.ts`. */
export interface DatabaseSchema
  extends HouseholdTables,
    PrivacyTables,
    WeatherTables,
    CalendarTables,
    WardrobeTables,
    OutfitsTables,
    SuppliesTables,
    OrdersTables,
    SkillsTables,
    BindingsTables,
    HomeAssistantTables,
    OAuthTables,
    FleetTables {}
