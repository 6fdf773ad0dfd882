/**
 * What Home Assistant accepts from MQTT discovery, transcribed from its documentation
 * (integrations/mqtt: discovery topic format, the sensor / binary_sensor / button options and
 * their required keys, availability, device and origin) and from `homeassistant/components/sensor/const.py`
 * (DEVICE_CLASS_UNITS, DEVICE_CLASS_STATE_CLASSES) for the device classes Miroir can use. It stands
 * for Home Assistant, which is outside the house; Miroir's code never imports it.
 */

const ID = '[a-zA-Z0-9_-]+';
const COMPONENTS = ['sensor', 'binary_sensor', 'button'] as const;
type Component = (typeof COMPONENTS)[number];

const COMMON_OPTIONS = [
  'name', 'unique_id', 'availability', 'availability_mode', 'availability_topic', 'availability_template', 'payload_available', 'payload_not_available',
  'device', 'origin', 'icon', 'json_attributes_topic', 'json_attributes_template', 'enabled_by_default', 'entity_category', 'qos', 'encoding',
  'default_entity_id', 'object_id', 'entity_picture',
];
const OPTIONS: Record<Component, string[]> = {
  sensor: [...COMMON_OPTIONS, 'state_topic', 'value_template', 'unit_of_measurement', 'device_class', 'state_class', 'suggested_display_precision', 'expire_after', 'force_update', 'last_reset_value_template', 'options'],
  binary_sensor: [...COMMON_OPTIONS, 'state_topic', 'value_template', 'payload_on', 'payload_off', 'device_class', 'expire_after', 'force_update', 'off_delay'],
  button: [...COMMON_OPTIONS, 'command_topic', 'command_template', 'payload_press', 'device_class', 'retain'],
};
const REQUIRED: Record<Component, string[]> = { sensor: ['state_topic'], binary_sensor: ['state_topic'], button: ['command_topic'] };

/** UnitOfMass, UnitOfVolume, UnitOfLength and the DURATION set, case-exact. */
export const DEVICE_CLASS_UNITS: Record<string, string[]> = {
  weight: ['g', 'kg', 'mg', 'µg', 'oz', 'lb', 'st'],
  volume_storage: ['L', 'mL', 'gal', 'fl. oz.', 'm³', 'ft³', 'CCF', 'MCF'],
  volume: ['L', 'mL', 'gal', 'fl. oz.', 'm³', 'ft³', 'CCF', 'MCF'],
  distance: ['km', 'm', 'cm', 'mm', 'mi', 'nmi', 'yd', 'in', 'ft'],
  duration: ['d', 'h', 'min', 's', 'ms', 'µs'],
  battery: ['%'],
};
const ALL_STATE_CLASSES = ['measurement', 'total', 'total_increasing'];
export const DEVICE_CLASS_STATE_CLASSES: Record<string, string[]> = {
  weight: ['measurement', 'total', 'total_increasing'],
  volume_storage: ['measurement'],
  volume: ['total', 'total_increasing'],
  distance: ALL_STATE_CLASSES,
  duration: ALL_STATE_CLASSES,
  battery: ['measurement'],
};
const BINARY_SENSOR_CLASSES = ['battery', 'problem', 'running', 'update', 'safety', 'presence', 'connectivity'];
const BUTTON_CLASSES = ['identify', 'restart', 'update'];

export interface ParsedTopic {
  component: Component;
  nodeId: string | null;
  objectId: string;
}

export function parseDiscoveryTopic(prefix: string, topic: string): ParsedTopic | null {
  const m = new RegExp(`^${prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/(${COMPONENTS.join('|')})/(?:(${ID})/)?(${ID})/config$`).exec(topic);
  return m ? { component: m[1] as Component, nodeId: m[2] ?? null, objectId: m[3] } : null;
}

const isString = (v: unknown): v is string => typeof v === 'string' && v.length > 0;

/** Every reason HA would refuse (or warn about) this discovery message; empty when it would take it. */
export function discoveryProblems(prefix: string, topic: string, payload: string): string[] {
  const problems: string[] = [];
  const parsed = parseDiscoveryTopic(prefix, topic);
  if (!parsed) return [`${topic}: not <prefix>/<component>/[<node_id>/]<object_id>/config`];
  let config: Record<string, unknown>;
  try {
    config = JSON.parse(payload) as Record<string, unknown>;
  } catch {
    return [`${topic}: payload is not JSON`];
  }
  if (config === null || typeof config !== 'object' || Array.isArray(config)) return [`${topic}: payload is not a JSON object`];
  const { component } = parsed;
  for (const key of Object.keys(config)) if (!OPTIONS[component].includes(key)) problems.push(`${topic}: unknown option ${key}`);
  for (const key of REQUIRED[component]) if (!isString(config[key])) problems.push(`${topic}: ${key} is required`);
  if (config.device !== undefined) {
    if (!isString(config.unique_id)) problems.push(`${topic}: device needs a unique_id`);
    const device = config.device as Record<string, unknown>;
    const ids = device.identifiers;
    const hasIds = Array.isArray(ids) ? ids.length > 0 && ids.every(isString) : isString(ids);
    if (!hasIds && !Array.isArray(device.connections)) problems.push(`${topic}: device needs identifiers or connections`);
  }
  if (config.origin !== undefined && !isString((config.origin as Record<string, unknown>).name)) problems.push(`${topic}: origin needs a name`);
  if (config.availability !== undefined) {
    const list = config.availability;
    if (!Array.isArray(list) || list.length === 0 || !list.every((a: unknown) => a !== null && typeof a === 'object' && isString((a as Record<string, unknown>).topic))) {
      problems.push(`${topic}: availability must be a list of {topic}`);
    }
    if (config.availability_topic !== undefined) problems.push(`${topic}: availability and availability_topic are exclusive`);
  }
  if (config.availability_mode !== undefined && !['all', 'any', 'latest'].includes(String(config.availability_mode))) problems.push(`${topic}: bad availability_mode`);
  const deviceClass = config.device_class as string | undefined;
  if (component === 'sensor') {
    const unit = config.unit_of_measurement as string | undefined;
    const stateClass = config.state_class as string | undefined;
    if (stateClass !== undefined && ![...ALL_STATE_CLASSES, 'measurement_angle'].includes(stateClass)) problems.push(`${topic}: unknown state_class ${stateClass}`);
    if (deviceClass !== undefined) {
      const units = DEVICE_CLASS_UNITS[deviceClass];
      if (!units) problems.push(`${topic}: device_class ${deviceClass} is not one this checker knows`);
      else if (unit === undefined || !units.includes(unit)) problems.push(`${topic}: unit ${String(unit)} is not valid for device_class ${deviceClass}`);
      const classes = DEVICE_CLASS_STATE_CLASSES[deviceClass];
      if (stateClass !== undefined && classes && !classes.includes(stateClass)) problems.push(`${topic}: state_class ${stateClass} is impossible for device_class ${deviceClass}`);
    }
  }
  if (component === 'binary_sensor' && deviceClass !== undefined && !BINARY_SENSOR_CLASSES.includes(deviceClass)) problems.push(`${topic}: bad binary_sensor device_class`);
  if (component === 'button' && deviceClass !== undefined && !BUTTON_CLASSES.includes(deviceClass)) problems.push(`${topic}: bad button device_class`);
  for (const key of ['value_template', 'command_template']) if (config[key] !== undefined && !isString(config[key])) problems.push(`${topic}: ${key} must be a template string`);
  return problems;
}

/** Jinja's rendering of a Python value, as HA's templates produce it (None for JSON null). */
function render(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  return String(value);
}

/**
 * Renders the few template forms Miroir uses, as HA's Jinja would against `value_json`; throws on
 * any other form so a new template cannot slip past the test unchecked.
 */
export function renderTemplate(template: string, payload: string): string {
  const json = JSON.parse(payload) as Record<string, unknown>;
  let m = /^\{\{ value_json\.([a-z_]+) \}\}$/.exec(template);
  if (m) return render(json[m[1]]);
  m = /^\{\{ '([^']*)' if value_json\.([a-z_]+) == '([^']*)' else '([^']*)' \}\}$/.exec(template);
  if (m) return json[m[2]] === m[3] ? m[1] : m[4];
  throw new Error(`template not understood by this checker: ${template}`);
}

/** How HA's MQTT sensor reads a rendered state: a number, unknown ("None"), or a refusal for a numeric sensor. */
export function sensorState(rendered: string, numeric: boolean): number | 'unknown' | 'invalid' {
  if (rendered === 'None' || rendered === '') return 'unknown';
  if (!numeric) return 'invalid';
  const n = Number(rendered);
  return Number.isFinite(n) ? n : 'invalid';
}
