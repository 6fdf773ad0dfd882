import { feltTemperature } from '@models/comfort';
import type { EngineGarment } from '@models/features';
import type { ContextEvent, DayContext } from '@server/day-context/types';
import { translator, type Translator } from '@server/plugins/i18n';
import type { DaySummary } from './context';
import { formatHour, formatTemperature, joinList, monthName } from './format';

/**
 * The one sentence under an outfit: the one or two facts of the day that drove it, then the one or
 * two garments that answer them ("8 °C and rain from 17:00 when you leave the office: trench and
 * boots."). Facts compete on salience; each fact says which garments answer it.
 */
interface Fact {
  key: string;
  params: Record<string, string>;
  salience: number;
  /** How much a garment answers this fact (0: not at all). */
  answers(g: EngineGarment): number;
}

const warmthAnswer = (g: EngineGarment): number =>
  g.category === 'outerwear' ? 2 + g.clo : g.layer === 'mid' ? 1 + g.clo : g.use === 'cold' ? 0.8 : g.category === 'footwear' ? g.clo * 5 : 0;
const rainAnswer = (g: EngineGarment): number =>
  g.waterproof ? (g.category === 'outerwear' ? 3 : g.category === 'footwear' ? 2 : g.use === 'rain' ? 1.5 : 0.5) : 0;
const lightAnswer = (g: EngineGarment): number =>
  g.category === 'top' || g.category === 'bottom' || g.category === 'onepiece' ? 1 + (0.5 - g.clo) : g.openShoe ? 0.8 : 0;
const formalAnswer = (g: EngineGarment): number =>
  g.category === 'accessory' ? 0 : g.formality >= 2 ? g.formality + (g.layer === 'mid' || g.category === 'onepiece' ? 1 : g.category === 'footwear' ? 0.5 : 0) : 0;

const EVENT_SALIENCE: Partial<Record<string, number>> = { interview: 6, wedding: 6, funeral: 6, client: 4, party: 2.5 };

function eventTime(e: ContextEvent, locale: string, timezone: string): string | null {
  return e.allDay ? null : formatHour(e.start, locale, timezone);
}

function eventFacts(context: DayContext): Fact[] {
  const facts: Fact[] = [];
  for (const e of context.events) {
    const time = eventTime(e, context.locale, context.timezone);
    const withTime = (key: string): { key: string; params: Record<string, string> } =>
      time ? { key, params: { time, title: e.title } } : { key: `${key}NoTime`, params: { title: e.title } };
    const kind = e.activities.find((a) => EVENT_SALIENCE[a] !== undefined);
    if (kind === 'wedding' || kind === 'funeral') facts.push({ key: `fact.event.${kind}`, params: {}, salience: EVENT_SALIENCE[kind]!, answers: formalAnswer });
    else if (kind) facts.push({ ...withTime(`fact.event.${kind}`), salience: EVENT_SALIENCE[kind]!, answers: formalAnswer });
    else if (e.dressCode === 'formal' || e.dressCode === 'smart') facts.push({ ...withTime('fact.event.dressy'), salience: e.dressCode === 'formal' ? 4 : 2, answers: formalAnswer });
    else if (e.activities.includes('gym') || e.activities.includes('run') || e.activities.includes('swim')) {
      facts.push({ ...withTime('fact.event.gym'), salience: 1.2, answers: () => 0 });
    }
  }
  return facts;
}

function rainFact(context: DayContext, day: DaySummary): Fact | null {
  if (day.typical || day.rain < 0.3 || day.snow) return null;
  const weather = context.weather;
  const salience = 2 + 2 * day.rain;
  const first = weather?.firstWetHour;
  if (!first) return { key: 'fact.rainRisk', params: {}, salience: salience - 1, answers: rainAnswer };
  const windows = context.outdoorWindows;
  const time = formatHour(first, context.locale, context.timezone);
  const firstOut = windows[0]?.start;
  if (firstOut && new Date(first).getTime() <= new Date(firstOut).getTime()) return { key: 'fact.rainAllDay', params: {}, salience, answers: rainAnswer };
  const last = windows[windows.length - 1];
  if (windows.length >= 2 && last && new Date(first).getTime() >= new Date(last.start).getTime()) {
    return { key: last.source === 'commute' ? 'fact.rainFromLeaving' : 'fact.rainHomeward', params: { time }, salience: salience + 0.5, answers: rainAnswer };
  }
  return { key: 'fact.rainFrom', params: { time }, salience, answers: rainAnswer };
}

export function dayFacts(context: DayContext, day: DaySummary, comfortOffset: number): Fact[] {
  const facts: Fact[] = [...eventFacts(context)];
  const locale = context.locale;
  const felt = feltTemperature(day.minApparent, day.minApparent, comfortOffset);
  if (day.typical) {
    const temp = formatTemperature((day.minApparent + day.maxApparent) / 2, locale, context.units);
    facts.push({ key: 'fact.noForecast', params: { month: monthName(day.month, locale), temp }, salience: 10, answers: warmthAnswer });
  } else if (day.maxApparent >= 25) {
    facts.push({ key: 'fact.heat', params: { temp: formatTemperature(day.maxApparent, locale, context.units) }, salience: 3 + (day.maxApparent - 25) / 3, answers: lightAnswer });
  } else if (felt <= 5) {
    facts.push({ key: 'fact.cold', params: { temp: formatTemperature(day.minApparent, locale, context.units) }, salience: 3 + (5 - felt) / 5, answers: warmthAnswer });
  } else {
    const mild = felt >= 14;
    facts.push({ key: 'fact.temperature', params: { temp: formatTemperature(mild ? day.maxApparent : day.minApparent, locale, context.units) }, salience: mild ? 0.8 : 2.2, answers: mild ? lightAnswer : warmthAnswer });
  }
  if (day.snow && !day.typical) facts.push({ key: 'fact.snow', params: {}, salience: 4.5, answers: (g) => (g.category === 'footwear' && g.waterproof ? 3 : warmthAnswer(g)) });
  const rain = rainFact(context, day);
  if (rain) facts.push(rain);
  if (!day.typical && day.wind >= 10) facts.push({ key: 'fact.wind', params: {}, salience: 1 + (day.wind - 10) / 5, answers: (g) => (g.category === 'outerwear' ? 2 : 0) });
  return facts.sort((a, b) => b.salience - a.salience);
}

/** Garment names read in a sentence: "Trench beige" becomes "trench beige", "NYC cap" stays. */
function inSentence(name: string): string {
  return /^\p{Lu}\p{Ll}/u.test(name) ? name[0].toLocaleLowerCase() + name.slice(1) : name;
}

function capitalize(s: string): string {
  return s ? s[0].toLocaleUpperCase() + s.slice(1) : s;
}

export function explainOutfit(context: DayContext, facts: readonly Fact[], outfit: readonly EngineGarment[], t: Translator = translator(context.locale)): string {
  const chosen = facts.slice(0, 2).filter((f, i) => i === 0 || f.salience >= 1);
  // Each fact names the garment that best answers it; a fact no garment answers (a gym session)
  // leaves its place to the other fact's second-best garment.
  const rankings = chosen.map((fact) =>
    outfit
      .map((g) => ({ g, s: fact.answers(g) }))
      .filter((x) => x.s > 0)
      .sort((a, b) => b.s - a.s)
      .map((x) => x.g),
  );
  const named: EngineGarment[] = [];
  for (let round = 0; round < 2 && named.length < 2; round++) {
    for (const ranking of rankings) {
      const next = ranking.find((g) => !named.includes(g));
      if (next && named.length < 2) named.push(next);
    }
  }
  if (named.length === 0) named.push(...outfit.filter((g) => g.category === 'top' || g.category === 'onepiece' || g.category === 'bottom').slice(0, 2));
  const factText = joinList(chosen.map((f) => t(`outfits.${f.key}`, f.params)), context.locale);
  const garments = joinList(named.map((g) => inSentence(g.name)), context.locale);
  return capitalize(t('outfits.explain.sentence', { facts: factText, garments }));
}
