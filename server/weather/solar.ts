/**
 * Sunrise and sunset by the NOAA solar calculator's equations (NOAA Global Monitoring Laboratory,
 * "General Solar Position Calculations"): fractional year → equation of time and declination →
 * hour angle at zenith 90.833° (refraction and the solar disc). Accurate to about a minute at
 * mid latitudes, which is all a mirror needs. MET Norway gives neither, Open-Meteo gives both.
 */
const RAD = Math.PI / 180;

export interface SunTimes {
  sunrise: Date | null;
  sunset: Date | null;
}

/** `date` is a calendar day (YYYY-MM-DD); the answer is in UTC instants. Null on polar day or night. */
export function sunTimes(date: string, latitude: number, longitude: number): SunTimes {
  const [y, m, d] = date.split('-').map(Number);
  const dayStartUtc = Date.UTC(y, m - 1, d);
  const dayOfYear = Math.floor((dayStartUtc - Date.UTC(y, 0, 1)) / 86_400_000) + 1;
  const daysInYear = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 366 : 365;

  const at = (noonGuessMinutes: number, rising: boolean): Date | null => {
    const gamma = ((2 * Math.PI) / daysInYear) * (dayOfYear - 1 + (noonGuessMinutes / 60 - 12) / 24);
    const eqTime =
      229.18 *
      (0.000075 + 0.001868 * Math.cos(gamma) - 0.032077 * Math.sin(gamma) - 0.014615 * Math.cos(2 * gamma) - 0.040849 * Math.sin(2 * gamma));
    const decl =
      0.006918 -
      0.399912 * Math.cos(gamma) +
      0.070257 * Math.sin(gamma) -
      0.006758 * Math.cos(2 * gamma) +
      0.000907 * Math.sin(2 * gamma) -
      0.002697 * Math.cos(3 * gamma) +
      0.00148 * Math.sin(3 * gamma);
    const cosHa = Math.cos(90.833 * RAD) / (Math.cos(latitude * RAD) * Math.cos(decl)) - Math.tan(latitude * RAD) * Math.tan(decl);
    if (cosHa > 1 || cosHa < -1) return null;
    const ha = Math.acos(cosHa) / RAD;
    const minutes = 720 - 4 * (longitude + (rising ? ha : -ha)) - eqTime;
    return new Date(dayStartUtc + Math.round(minutes * 60) * 1000);
  };

  // Two passes: the second evaluates the declination at the event itself rather than at noon.
  const refine = (rising: boolean): Date | null => {
    const first = at(720 - 4 * longitude, rising);
    if (!first) return null;
    return at((first.getTime() - dayStartUtc) / 60_000, rising);
  };
  return { sunrise: refine(true), sunset: refine(false) };
}
