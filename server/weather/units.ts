import { round1 } from './apparent-temperature';

/**
 * Converters from the unit labels providers print to ours (°C, m/s, mm). We ask for these units,
 * but a proxy or an old cached answer may ignore the request: reading the label keeps us right.
 * Returns null for a label we do not know, so the caller rejects the answer instead of guessing.
 */
export function temperatureToCelsius(unit: string | undefined): ((v: number) => number) | null {
  switch ((unit ?? '°C').trim()) {
    case '°C':
    case 'celsius':
      return (v) => v;
    case '°F':
    case 'fahrenheit':
      return (v) => round1(((v - 32) * 5) / 9);
    default:
      return null;
  }
}

export function speedToMs(unit: string | undefined): ((v: number) => number) | null {
  switch ((unit ?? 'm/s').trim()) {
    case 'm/s':
      return (v) => v;
    case 'km/h':
      return (v) => round1(v / 3.6);
    case 'mp/h':
    case 'mph':
      return (v) => round1(v * 0.44704);
    case 'kn':
      return (v) => round1(v * 0.514444);
    default:
      return null;
  }
}

export function precipitationToMm(unit: string | undefined): ((v: number) => number) | null {
  switch ((unit ?? 'mm').trim()) {
    case 'mm':
      return (v) => v;
    case 'inch':
    case 'in':
      return (v) => round1(v * 25.4);
    default:
      return null;
  }
}
