import { svgFrom } from '../../core/dom';

/**
 * Weather drawings, bundled (nothing is fetched from outside the house). One per weatherType of
 * server/day-context/types.ts; an unknown type draws a cloud rather than nothing. Colours are
 * presentation attributes, which the page's CSP allows (unlike style attributes).
 */
const SUN = '<circle cx="32" cy="32" r="11" fill="#ffd54a"/><g stroke="#ffd54a" stroke-width="4" stroke-linecap="round"><path d="M32 6v7M32 51v7M6 32h7M51 32h7M13.6 13.6l5 5M45.4 45.4l5 5M13.6 50.4l5-5M45.4 18.6l5-5"/></g>';
const SMALL_SUN = '<circle cx="22" cy="22" r="9" fill="#ffd54a"/><g stroke="#ffd54a" stroke-width="3.5" stroke-linecap="round"><path d="M22 4v5M4 22h5M9.3 9.3l3.5 3.5M34.7 9.3l-3.5 3.5M9.3 34.7l3.5-3.5"/></g>';
const CLOUD = (fill: string, dy = 0) =>
  `<path transform="translate(0 ${dy})" d="M18 46h29a10 10 0 0 0 0-20 14 14 0 0 0-26.5-3.5A11.5 11.5 0 0 0 18 46z" fill="${fill}"/>`;
const DROPS = '<g stroke="#4fc3f7" stroke-width="4" stroke-linecap="round"><path d="M22 50l-3 8M33 50l-3 8M44 50l-3 8"/></g>';
const FINE_DROPS = '<g stroke="#81d4fa" stroke-width="3" stroke-linecap="round"><path d="M23 51l-1.5 4M33 51l-1.5 4M43 51l-1.5 4"/></g>';
const FLAKES = '<g fill="#ffffff"><circle cx="21" cy="53" r="3"/><circle cx="32" cy="58" r="3"/><circle cx="43" cy="53" r="3"/></g>';
const SLEET = '<g stroke="#4fc3f7" stroke-width="4" stroke-linecap="round"><path d="M22 50l-3 8M42 50l-3 8"/></g><circle cx="32" cy="55" r="3" fill="#ffffff"/>';
const BOLT = '<path d="M34 40l-8 12h7l-3 10 11-14h-7l4-8z" fill="#ffd54a"/>';
const FOG = '<g stroke="#b0bec5" stroke-width="4" stroke-linecap="round"><path d="M12 30h40M8 40h44M14 50h36"/></g>';

const ICONS: Record<string, string> = {
  clear: SUN,
  partly_cloudy: SMALL_SUN + CLOUD('#cfd8dc', 6),
  cloudy: CLOUD('#b0bec5', 4),
  fog: FOG,
  drizzle: CLOUD('#b0bec5', -4) + FINE_DROPS,
  rain: CLOUD('#90a4ae', -4) + DROPS,
  snow: CLOUD('#cfd8dc', -4) + FLAKES,
  sleet: CLOUD('#b0bec5', -4) + SLEET,
  thunderstorm: CLOUD('#78909c', -6) + BOLT,
};

export const KNOWN_WEATHER_TYPES = Object.keys(ICONS);

export function weatherIcon(type: string, className = 'weather-icon'): SVGSVGElement {
  const body = ICONS[type] ?? ICONS.cloudy;
  const icon = svgFrom(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64" aria-hidden="true">${body}</svg>`);
  icon.setAttribute('class', className);
  return icon;
}
