import { extract, isValidPointer, numericFields, resolvePointer } from '@server/bindings/payload';
import { filterProblem, topicMatches } from '@server/bindings/topics';
import { convert } from '@server/supplies/units';

describe('reading a value out of a foreign payload', () => {
  it('follows RFC 6901 pointers, escapes included', () => {
    const doc = { 'a/b': { 'm~n': [10, 20] }, HX711: { Weight: 0.5 } };
    expect(resolvePointer(doc, '/a~1b/m~0n/1')).toEqual({ found: true, value: 20 });
    expect(resolvePointer(doc, '/a~1b/m~0n/2')).toEqual({ found: false });
    expect(resolvePointer(doc, '/a~1b/m~0n/01')).toEqual({ found: false });
    expect(resolvePointer(doc, '')).toEqual({ found: true, value: doc });
    expect(isValidPointer('/HX711/Weight')).toBe(true);
    expect(isValidPointer('HX711')).toBe(false);
    expect(isValidPointer('/a~')).toBe(false);
  });

  it('a missing field or null is no reading, numeric strings are numbers, the rest is not a number', () => {
    expect(extract('{"weight": 12}', '/battery')).toEqual({ kind: 'missingField' });
    expect(extract('{"weight": null}', '/weight')).toEqual({ kind: 'missingField' });
    expect(extract('{"weight": "512.30"}', '/weight')).toEqual({ kind: 'value', value: 512.3 });
    expect(extract(' 1e3 ', '')).toEqual({ kind: 'value', value: 1000 });
    expect(extract('-0.25', '')).toEqual({ kind: 'value', value: -0.25 });
    for (const text of ['nan', 'NaN', 'inf', 'unavailable', 'true', '"12 kg"', '{"w":1}', '0x10', '']) {
      expect({ text, got: extract(text, '') }).toEqual({ text, got: { kind: 'notANumber' } });
    }
  });

  it('offers every numeric field with its pointer', () => {
    const payload = { Time: '2026-11-30T08:00:00', HX711: { Weight: 0.735, WeightRaw: '0.735' }, 'input:100': { percent: 43 }, list: [1] };
    expect(numericFields(payload)).toEqual([
      { pointer: '/HX711/Weight', value: 0.735 },
      { pointer: '/HX711/WeightRaw', value: 0.735 },
      { pointer: '/input:100/percent', value: 43 },
      { pointer: '/list/0', value: 1 },
    ]);
    expect(numericFields(12.5)).toEqual([{ pointer: '', value: 12.5 }]);
  });

  it('converts g/kg/lb/oz, ml/cl/L and mm/cm/m, never across dimensions', () => {
    expect(convert(2.5, 'lb', 'kg')).toBeCloseTo(1.133980925, 9);
    expect(convert(500, 'g', 'kg')).toBe(0.5);
    expect(convert(16, 'oz', 'lb')).toBeCloseTo(1, 9);
    expect(convert(1.23, 'm', 'cm')).toBeCloseTo(123, 9);
    expect(convert(250, 'mm', 'cm')).toBeCloseTo(25, 9);
    expect(convert(1, 'L', 'ml')).toBe(1000);
    expect(convert(1, 'm', 'L')).toBeNull();
    expect(convert(1, 'kg', 'L')).toBeNull();
  });
});

describe('MQTT topic filters', () => {
  it('match as the broker matches', () => {
    expect(topicMatches('tele/scale/SENSOR', 'tele/scale/SENSOR')).toBe(true);
    expect(topicMatches('shelly/status/+', 'shelly/status/input:100')).toBe(true);
    expect(topicMatches('shelly/status/+', 'shelly/status/input:100/x')).toBe(false);
    expect(topicMatches('node/#', 'node')).toBe(true);
    expect(topicMatches('node/#', 'node/sensor/a/state')).toBe(true);
    expect(topicMatches('node/+', 'node')).toBe(false);
  });

  it('refuse what a binding may not read', () => {
    expect(filterProblem('zigbee2mqtt/+', 'miroir')).toBeNull();
    expect(filterProblem('#', 'miroir')).toBe('wildcardFirstLevel');
    expect(filterProblem('miroir/#', 'miroir')).toBe('reserved');
    expect(filterProblem('$SYS/#', 'miroir')).toBe('reserved');
    expect(filterProblem('a/#/b', 'miroir')).toBe('badWildcard');
  });
});
