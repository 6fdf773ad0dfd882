import { MIRROR_WEATHER_PATH, type StreamMessage } from '@server/mirror/messages';
import { hoursFrom } from '@server/weather/select-current';
import { h } from '../../core/dom';
import type { Weather, WeatherHour } from '../../core/types';
import { Region, type RegionContext } from '../region';
import { weatherIcon } from './weather-icons';

const HOURS_SHOWN = 12;

/** Now, the next hours, and a rain timeline: when to take the umbrella, read from across the room. */
export class WeatherRegion extends Region {
  readonly refreshOn: readonly StreamMessage['type'][] = ['weather.updated'];
  private weather: Weather | null = null;
  private shownHour = -1;

  constructor(ctx: RegionContext) {
    super('weather', 'mirror.ui.weather.title', ctx);
  }

  protected async load(): Promise<void> {
    this.weather = await this.ctx.api.get<Weather>(MIRROR_WEATHER_PATH);
    this.render(this.ctx.now());
  }

  /** The "next hours" slide with the clock, without refetching. */
  override tick(now: Date): void {
    if (this.weather && now.getUTCHours() !== this.shownHour) this.render(now);
  }

  private upcoming(now: Date): WeatherHour[] {
    return hoursFrom(this.weather?.hourly ?? [], now, HOURS_SHOWN);
  }

  private render(now: Date): void {
    const weather = this.weather;
    if (!weather) return;
    this.shownHour = now.getUTCHours();
    const { i18n, fmt } = this.ctx;
    const hours = this.upcoming(now);
    const current = weather.current ?? hours[0] ?? null;
    const today = weather.daily[0];
    const children: Node[] = [];
    if (current) {
      children.push(
        h(
          'div',
          { class: 'weather-now' },
          weatherIcon(current.weatherType, 'weather-icon weather-icon-now'),
          h(
            'div',
            { class: 'weather-now-text' },
            h('div', { class: 'weather-temp', text: fmt.temperature(current.temperature) }),
            h('div', { class: 'weather-desc', text: i18n.t(`mirror.ui.weather.types.${current.weatherType}`) }),
            h(
              'div',
              { class: 'weather-detail muted' },
              i18n.t('mirror.ui.weather.feelsLike', { value: fmt.temperature(current.apparentTemperature) }),
              ' · ',
              i18n.t('mirror.ui.weather.wind', { value: fmt.wind(current.windSpeed) }),
            ),
            today
              ? h('div', { class: 'weather-detail muted', text: i18n.t('mirror.ui.weather.range', { min: fmt.degrees(today.min), max: fmt.degrees(today.max) }) })
              : null,
          ),
        ),
      );
    }
    if (hours.length) {
      children.push(
        h(
          'div',
          { class: 'weather-hours' },
          ...hours.map((row) =>
            h('div', { class: 'weather-hour' }, h('span', { class: 'muted', text: fmt.hour(row.time) }), weatherIcon(row.weatherType, 'weather-icon weather-icon-small'), h('span', { text: fmt.degrees(row.temperature) })),
          ),
        ),
        this.rainTimeline(hours),
      );
    }
    if (weather.unavailable) {
      // No forecast at all: the server says why, in the household's language (no location, no consent, provider down).
      children.push(h('p', { class: 'badge badge-warning', text: weather.unavailable.message }));
    } else if (weather.stale && weather.fetchedAt) {
      children.push(h('p', { class: 'badge badge-warning', text: i18n.t('mirror.ui.weather.stale', { time: fmt.time(weather.fetchedAt) }) }));
    }
    if (!children.length) children.push(h('p', { class: 'muted', text: i18n.t('mirror.ui.unavailable.weather') }));
    this.body.replaceChildren(...children);
  }

  /** Bars by precipitation probability, filled deeper by the amount, with the first wet hour named. */
  private rainTimeline(hours: WeatherHour[]): HTMLElement {
    const { i18n, fmt } = this.ctx;
    const wet = hours.find((row) => (row.precipitationProbability ?? 0) >= 50 || row.precipitation >= 0.3);
    const bars = h('div', { class: 'rain-bars', attrs: { role: 'img', 'aria-label': i18n.t('mirror.ui.weather.rainTimeline') } });
    for (const row of hours) {
      const probability = row.precipitationProbability ?? (row.precipitation > 0 ? 100 : 0);
      const bar = h('div', { class: 'rain-bar' });
      const fill = h('div', { class: row.precipitation >= 1 ? 'rain-fill heavy' : 'rain-fill' });
      // CSSOM, not a style attribute: the CSP forbids inline styles in markup but allows this.
      fill.style.height = `${Math.max(probability > 0 ? 4 : 0, Math.min(100, probability))}%`;
      bar.append(fill);
      bars.append(bar);
    }
    const summary = wet
      ? i18n.t('mirror.ui.weather.rainFrom', { time: fmt.time(wet.time), amount: fmt.precipitation(hours.reduce((sum, r) => sum + r.precipitation, 0)) })
      : i18n.t('mirror.ui.weather.dry');
    return h('div', { class: 'rain' }, h('div', { class: 'rain-summary', text: summary }), bars);
  }
}
