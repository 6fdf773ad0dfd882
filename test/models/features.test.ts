import { feltTemperature, neededClo } from '@models/comfort';
import { FEATURE_NAMES, featuresOf, rainSeverity, type ContextSummary } from '@models/features';
import { toSyntheticGarments } from '@models/synthetic-wardrobe';

const f = (features: Float32Array, name: (typeof FEATURE_NAMES)[number]): number => features[FEATURE_NAMES.indexOf(name)];

describe('comfort prior and features', () => {
  it('needs about 0.4 clo at 20 °C, 1.2 at 10 °C and 1.9 at 0 °C, within bounds', () => {
    expect(neededClo(20)).toBeCloseTo(0.42, 1);
    expect(neededClo(10)).toBeCloseTo(1.18, 1);
    expect(neededClo(0)).toBeCloseTo(1.94, 1);
    expect(neededClo(40)).toBe(0.3);
    expect(neededClo(-60)).toBe(3.5);
    expect(feltTemperature(0, 8, 3)).toBe(5);
  });

  it('grades rain from probability and amount', () => {
    expect(rainSeverity(10, 0)).toBe(0);
    expect(rainSeverity(90, 6)).toBe(1);
    expect(rainSeverity(60, 0.5)).toBeGreaterThan(0.3);
  });

  const garments = toSyntheticGarments(
    [
      { kind: 'tshirt', colors: ['white'], clo: 0.08, formality: 1 },
      { kind: 'jeans', colors: ['denim'], clo: 0.24, formality: 1 },
      { kind: 'sneakers', colors: ['white'], clo: 0.02, formality: 1 },
      { kind: 'parka', colors: ['olive'], clo: 0.9, formality: 1 },
      { kind: 'boots', colors: ['brown'], clo: 0.1, formality: 1 },
      { kind: 'shorts', colors: ['beige'], clo: 0.08, formality: 1 },
    ],
    'g',
  );
  const [tshirt, jeans, sneakers, parka, boots, shorts] = garments;
  const cold: ContextSummary = { minApparent: 2, maxApparent: 6, wind: 8, rain: 0.9, snow: false, formalityTarget: 1 };

  it('sees the cold, the rain and the wind, and the coat and boots answering them', () => {
    const light = featuresOf(cold, 0, [tshirt, jeans, sneakers]);
    const dressed = featuresOf(cold, 0, [tshirt, jeans, parka, boots]);
    expect(f(light, 'clo_deficit')).toBeGreaterThan(0.8);
    expect(f(dressed, 'clo_deficit')).toBeLessThan(f(light, 'clo_deficit'));
    expect(f(light, 'rain_exposure')).toBeCloseTo(0.9);
    expect(f(dressed, 'rain_exposure')).toBeCloseTo(0.9 * (1 - 0.85));
    expect(f(light, 'wind_exposure')).toBeGreaterThan(f(dressed, 'wind_exposure'));
    expect(f(featuresOf(cold, 0, [tshirt, shorts, sneakers]), 'bare_legs_cold')).toBeGreaterThan(0.5);
  });

  it('moves the need with the comfort offset: someone who runs warm needs less', () => {
    const outfit = [tshirt, jeans, parka, boots];
    expect(f(featuresOf(cold, 3, outfit), 'clo_deficit')).toBeLessThan(f(featuresOf(cold, 0, outfit), 'clo_deficit'));
  });

  it('counts recent wears, fading over a few days', () => {
    const worn = [{ ...tshirt, daysSinceWorn: 1 }, jeans, sneakers];
    const older = [{ ...tshirt, daysSinceWorn: 5 }, jeans, sneakers];
    expect(f(featuresOf(cold, 0, worn), 'recency')).toBeCloseTo(0.5);
    expect(f(featuresOf(cold, 0, older), 'recency')).toBeLessThan(0.1);
  });
});
