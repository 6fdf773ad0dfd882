/**
 * Reading a value out of what a device publishes: JSON (zigbee2mqtt, Tasmota, Shelly) or a plain
 * number (ESPHome's `<node>/sensor/<name>/state`). A field that is missing means no reading, never
 * zero; numbers sent as strings ("512.30") are numbers; anything else ("nan", "unavailable", null,
 * true) is not a number.
 */

export type Extracted = { kind: 'value'; value: number } | { kind: 'missingField' } | { kind: 'notANumber' };

const NUMERIC = /^\s*[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?\s*$/;

/** A JSON payload parsed, or the raw text when it is not JSON (ESPHome's "nan", a bare word). */
export function parsePayload(payload: Buffer | string): unknown {
  const text = typeof payload === 'string' ? payload : payload.toString('utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

export function asNumber(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' && NUMERIC.test(value)) {
    const n = Number(value);
    return Number.isFinite(n) ? n : null;
  }
  return null;
}

/** RFC 6901: '' is the whole document; '/a/b' walks objects and array indexes; `~1` is '/', `~0` is '~'. */
export function resolvePointer(document: unknown, pointer: string): { found: true; value: unknown } | { found: false } {
  if (pointer === '') return { found: true, value: document };
  if (!pointer.startsWith('/')) return { found: false };
  let current: unknown = document;
  for (const raw of pointer.slice(1).split('/')) {
    const token = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(current)) {
      if (!/^(0|[1-9]\d*)$/.test(token) || Number(token) >= current.length) return { found: false };
      current = current[Number(token)];
    } else if (current !== null && typeof current === 'object' && Object.prototype.hasOwnProperty.call(current, token)) {
      current = (current as Record<string, unknown>)[token];
    } else {
      return { found: false };
    }
  }
  return { found: true, value: current };
}

export function isValidPointer(pointer: string): boolean {
  return pointer === '' || (pointer.startsWith('/') && !/~[^01]|~$/.test(pointer));
}

export function extract(payload: Buffer | string, pointer: string): Extracted {
  return extractFrom(parsePayload(payload), pointer);
}

/** `extract` on a payload already parsed (one message feeding several bindings is parsed once). */
export function extractFrom(document: unknown, pointer: string): Extracted {
  const resolved = resolvePointer(document, pointer);
  // An explicit null is how zigbee2mqtt says "not measured": no reading, like a missing field.
  if (!resolved.found || resolved.value === null || resolved.value === undefined) return { kind: 'missingField' };
  const value = asNumber(resolved.value);
  return value === null ? { kind: 'notANumber' } : { kind: 'value', value };
}

function escapeToken(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Every numeric leaf (numbers or numeric strings) with its pointer: what the "listen" helper offers to pick from. */
export function numericFields(document: unknown, limit = 50): { pointer: string; value: number }[] {
  const out: { pointer: string; value: number }[] = [];
  const walk = (node: unknown, pointer: string, depth: number) => {
    if (out.length >= limit || depth > 8) return;
    const n = asNumber(node);
    if (n !== null) {
      out.push({ pointer, value: n });
      return;
    }
    if (Array.isArray(node)) node.forEach((child, i) => walk(child, `${pointer}/${i}`, depth + 1));
    else if (node !== null && typeof node === 'object') for (const [k, child] of Object.entries(node)) walk(child, `${pointer}/${escapeToken(k)}`, depth + 1);
  };
  walk(document, '', 0);
  return out;
}
