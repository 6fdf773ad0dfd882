import { sunTimes } from '@server/weather/solar';

const hhmmUtc = (d: Date | null) => (d ? d.toISOString().slice(11, 16) : null);

describe('NOAA sunrise and sunset', () => {
  it('matches published times within two minutes (Paris, Oslo, Sydney)', () => {
    // Reference times from the NOAA solar calculator.
    const near = (d: Date | null, hhmm: string) => {
      const [h, m] = hhmm.split(':').map(Number);
      expect(d).not.toBeNull();
      expect(Math.abs(d!.getUTCHours() * 60 + d!.getUTCMinutes() - (h * 60 + m))).toBeLessThanOrEqual(2);
    };
    const paris = sunTimes('2026-06-21', 48.85, 2.35);
    near(paris.sunrise, '03:47');
    near(paris.sunset, '19:58');
    const oslo = sunTimes('2026-12-21', 59.91, 10.75);
    near(oslo.sunrise, '08:18');
    near(oslo.sunset, '14:12');
    const sydney = sunTimes('2026-01-15', -33.87, 151.21);
    expect(hhmmUtc(sydney.sunrise)).toMatch(/^(18|19):/);
  });

  it('has no sunrise in polar night nor sunset in midnight sun', () => {
    expect(sunTimes('2026-12-21', 69.65, 18.96)).toEqual({ sunrise: null, sunset: null });
    expect(sunTimes('2026-06-21', 69.65, 18.96)).toEqual({ sunrise: null, sunset: null });
  });
});
