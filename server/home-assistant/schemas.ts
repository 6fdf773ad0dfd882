import { Type, type Static } from '@sinclair/typebox';
import { StrictObject } from '@server/core/schemas';

export const HomeAssistantBody = StrictObject({ enabled: Type.Boolean() });
export type HomeAssistantBody = Static<typeof HomeAssistantBody>;

export const HomeAssistantSchema = Type.Object({
  enabled: Type.Boolean(),
  /** `household`: this household's own choice; `server`: the MIROIR_HA_DISCOVERY default. */
  source: Type.Union([Type.Literal('household'), Type.Literal('server')]),
  /** HA's discovery prefix on the broker. */
  prefix: Type.String(),
  /** False when this server has no MQTT_URL: nothing is published whatever the setting. */
  mqtt: Type.Boolean(),
});
