import { createHash } from 'node:crypto';
import { DateTime } from 'luxon';
import { DECLARED_COMFORT_OFFSET_C, type DeclaredComfort } from '@models/comfort';
import { FEATURE_COUNT, featuresOf } from '@models/features';
import { applyFeedback, emptyPersonalState, type PersonalState } from '@models/personalisation';
import type { OutfitScorer } from '@models/scorer';
import type { Clock } from '@server/core/clock';
import type { EventBus } from '@server/core/event-bus';
import { AppError } from '@server/core/errors';
import { copyPlain } from '@server/core/plain-copy';
import { newId } from '@server/core/ids';
import type { ContextOverrides, DayContext } from '@server/day-context/types';
import type { HouseholdService, Profile } from '@server/households/service';
import { translator } from '@server/plugins/i18n';
import type { ConsentService } from '@server/privacy/consents';
import type { Store } from '@server/store/store';
import type { WardrobeService } from '@server/wardrobe/service';
import { summarizeDay } from './engine/context';
import { joinList } from './engine/format';
import { toEngineGarment } from './engine/garments';
import { suggestOutfits } from './engine/suggest';
import { swapGarment } from './engine/swap';
import { deletePersonalState, loadPersonalState, savePersonalState } from './personal-store';
import type { FeedbackInput, FeedbackResult, PersonalisationView, Suggestion, SuggestInput, SwapInput, SwapResult } from './types';

/** Where the day comes from: `app.dayContext` in the app, anything with the same shape elsewhere. */
export interface DayContextSource {
  build(householdId: string, input: { profileId?: string; date?: string; overrides?: ContextOverrides }): Promise<DayContext>;
}

export interface OutfitDeps {
  store: Store;
  clock: Clock;
  events: EventBus;
  households: HouseholdService;
  consents: ConsentService;
  wardrobe: WardrobeService;
  dayContext: DayContextSource;
  scorer: OutfitScorer;
  /** How many computed answers are kept (see `OutfitService.suggest`); 0 computes every time. */
  answersKept?: number;
}

/** What `suggest` computes from its inputs (the rest of a Suggestion is those inputs, passed through). */
type Answer = Omit<Suggestion, 'context'> & { typicalWeather: Suggestion['context']['typicalWeather'] };

/** A few per person of a few hundred households: the mirror and the app read the same day all day long. */
const ANSWERS_KEPT = 500;

/** Recency looks this far back; older wears no longer count. */
const RECENCY_DAYS = 7;

function shiftDate(date: string, days: number): string {
  return DateTime.fromISO(date, { zone: 'utc' }).plus({ days }).toISODate()!;
}

/** The learned state with the person's declared comfort added to its offset (null stays null when neutral). */
function withDeclaredComfort(learned: PersonalState | null, comfort: DeclaredComfort): PersonalState | null {
  const declared = DECLARED_COMFORT_OFFSET_C[comfort];
  if (declared === 0) return learned;
  const base = learned ?? emptyPersonalState();
  return { ...base, comfortOffset: base.comfortOffset + declared };
}

/**
 * Suggestions and feedback for one person's day: loads the day's context, the clean garments,
 * the recent wears and what was learned (when the household consents), runs the pure engine, and
 * records feedback as wears plus, with consent, a new comfort offset or head.
 */
export class OutfitService {
  /** The last top outfit announced per household/profile/day, so `outfit.ready` fires on change only. */
  private readonly announced = new Map<string, string>();
  /** Computed answers by a digest of everything they are computed from (see `suggest`), with their household. */
  private readonly answers = new Map<string, { householdId: string; answer: Answer }>();

  constructor(private readonly deps: OutfitDeps) {}

  /** How many computed answers are held (diagnostics and tests). */
  get keptAnswers(): number {
    return this.answers.size;
  }

  get scorerKind(): OutfitScorer['kind'] {
    return this.deps.scorer.kind;
  }

  private async today(householdId: string): Promise<string> {
    const household = await this.deps.households.get(householdId);
    return DateTime.fromJSDate(this.deps.clock.now(), { zone: household.timezone }).toISODate()!;
  }

  /**
   * What the engine knows of this person: the learned state (with consent) and their declared
   * comfort, the one place "I run warm / cold" becomes a felt-temperature offset. `personalised`
   * says whether anything was learned; a declared comfort alone is not learning.
   */
  private async personal(householdId: string, profile: Profile): Promise<{ learning: boolean; state: PersonalState | null; personalised: boolean }> {
    const learning = await this.deps.consents.isGranted(householdId, 'feedback_learning');
    const learned = learning ? await loadPersonalState(this.deps.store.db, householdId, profile.id) : null;
    return { learning, state: withDeclaredComfort(learned, profile.comfort), personalised: learned !== null };
  }

  private async engineGarments(householdId: string, profileId: string, date: string, ids?: string[]) {
    const garments = ids
      ? await Promise.all(ids.map((id) => this.deps.wardrobe.get(householdId, id)))
      : await this.deps.wardrobe.wearable(householdId, profileId);
    const lastWorn = await this.deps.wardrobe.lastWorn(householdId, profileId, shiftDate(date, -RECENCY_DAYS), date);
    return garments.map((g) => toEngineGarment(g, date, lastWorn.get(g.id)));
  }

  async suggest(householdId: string, input: SuggestInput = {}): Promise<Suggestion> {
    const profile = await this.deps.households.resolveProfile(householdId, input.profileId);
    const today = await this.today(householdId);
    const date = input.date ?? today;
    const context = await this.deps.dayContext.build(householdId, { profileId: profile.id, date, overrides: input.overrides });
    const { state, personalised } = await this.personal(householdId, profile);
    const garments = await this.engineGarments(householdId, profile.id, context.date);
    const { typicalWeather, ...answer } = this.answer(householdId, context, garments, state, personalised);
    const suggestion: Suggestion = {
      ...answer,
      context: {
        date: context.date,
        profileId: profile.id,
        weather: context.weather,
        typicalWeather,
        events: context.events,
        dressCode: context.dressCode,
        outdoorWindows: context.outdoorWindows,
      },
    };
    if (!input.overrides && context.date === today) this.announce(householdId, profile.id, context.date, suggestion);
    return suggestion;
  }

  /**
   * The engine's answer and its wording, a pure function of what was just read: the day's context
   * (weather, events, locale, date), the clean garments with their recency, what was learned and
   * the scorer. It is kept under a digest of exactly those inputs, so any change to any of them
   * (a garment washed or added, feedback, a new forecast, a calendar refresh, another day, a
   * profile's comfort) reads as another key and is computed afresh: never a stale answer, and the
   * mirror's start-up reads (every person, every few minutes) skip the scoring of every combination.
   */
  private answer(householdId: string, context: DayContext, garments: ReturnType<typeof toEngineGarment>[], state: PersonalState | null, personalised: boolean): Answer {
    const kept = this.deps.answersKept ?? ANSWERS_KEPT;
    const { scorer } = this.deps;
    const key = kept > 0 ? createHash('sha256').update(JSON.stringify([scorer.kind, scorer.backend, context, garments, state, personalised])).digest('base64') : '';
    const hit = kept > 0 ? this.answers.get(key) : undefined;
    if (hit) {
      // Most recently used last, so the oldest is the one let go.
      this.answers.delete(key);
      this.answers.set(key, hit);
      return copyPlain(hit.answer);
    }
    const result = suggestOutfits({ context, garments, personal: state, scorer });
    const t = translator(context.locale);
    const slots = result.missing.map((m) => t(`outfits.missing.${m}`));
    const answer: Answer = {
      outfits: result.outfits.map((o) => ({ garmentIds: o.garments.map((g) => g.id), score: o.score, explanation: o.explanation })),
      bring: result.bring,
      bringLabels: result.bring.map((b) => t(`outfits.bring.${b}`)),
      typicalWeather: result.day.typical,
      missing: result.missing,
      message: slots.length ? t(result.outfits.length ? 'outfits.missing.partial' : 'outfits.missing.message', { slots: joinList(slots, context.locale) }) : null,
      notes: result.relaxed.map((r) => t(`outfits.relaxed.${r}`)),
      personalised,
    };
    if (kept > 0) {
      if (this.answers.size >= kept) this.answers.delete(this.answers.keys().next().value as string);
      this.answers.set(key, { householdId, answer: copyPlain(answer) });
    }
    return answer;
  }

  /** The shown outfit with one garment changed for the next best clean one (the rest kept when it still fits). */
  async swap(householdId: string, input: SwapInput): Promise<SwapResult> {
    const profile = await this.deps.households.resolveProfile(householdId, input.profileId);
    const date = input.date ?? (await this.today(householdId));
    // Unknown garments are a 404; the replaced one may be in the wash by now.
    const replaced = await this.deps.wardrobe.get(householdId, input.replace);
    const context = await this.deps.dayContext.build(householdId, { profileId: profile.id, date });
    const { state } = await this.personal(householdId, profile);
    const garments = await this.engineGarments(householdId, profile.id, context.date);
    const current = [...new Set([...input.garmentIds, input.replace])];
    const outfit = swapGarment({ context, garments, personal: state, scorer: this.deps.scorer, current, replace: replaced.id, replaceCategory: replaced.category });
    if (!outfit) throw new AppError('outfits.noAlternative', 409, { field: 'replace' });
    const garmentIds = outfit.garments.map((g) => g.id);
    return { garmentIds, replaced: replaced.id, added: garmentIds.filter((id) => !current.includes(id)), explanation: outfit.explanation };
  }

  /** An erased household's answers and announcements leave memory with it (its rows are gone already). */
  forgetHousehold(householdId: string): void {
    for (const [key, entry] of this.answers) if (entry.householdId === householdId) this.answers.delete(key);
    for (const key of this.announced.keys()) if (key.startsWith(`${householdId}:`)) this.announced.delete(key);
  }

  private announce(householdId: string, profileId: string, date: string, suggestion: Suggestion): void {
    const key = `${householdId}:${profileId}:${date}`;
    const top = suggestion.outfits[0]?.garmentIds.join(',') ?? '';
    if (this.announced.get(key) === top) return;
    if (this.announced.size > 10_000) this.announced.clear();
    this.announced.set(key, top);
    this.deps.events.publish('outfit.ready', householdId, { profileId, date });
  }

  async feedback(householdId: string, input: FeedbackInput): Promise<FeedbackResult> {
    const profile = await this.deps.households.resolveProfile(householdId, input.profileId);
    const date = input.date ?? (await this.today(householdId));
    const garmentIds = [...new Set(input.garmentIds)];
    const learning = await this.deps.consents.isGranted(householdId, 'feedback_learning');
    // Likes and dislikes train on the outfit's features for that day; the context is read before
    // the transaction so a slow forecast never holds a write lock.
    let features: Float32Array | null = null;
    if (learning && (input.rating === 'like' || input.rating === 'dislike')) {
      const context = await this.deps.dayContext.build(householdId, { profileId: profile.id, date });
      const current = (await loadPersonalState(this.deps.store.db, householdId, profile.id)) ?? emptyPersonalState();
      features = featuresOf(summarizeDay(context), withDeclaredComfort(current, profile.comfort)!.comfortOffset, await this.engineGarments(householdId, profile.id, date, garmentIds));
    } else {
      // Unknown garments are a 404 before anything is written, whatever the consent.
      await Promise.all(garmentIds.map((id) => this.deps.wardrobe.get(householdId, id)));
    }
    const id = newId();
    const now = this.deps.clock.now().toISOString();
    await this.deps.store.transaction(async (tx) => {
      await this.deps.wardrobe.recordWorn(householdId, profile.id, garmentIds, date, tx);
      await tx
        .insertInto('outfit_feedback')
        .values({ id, household_id: householdId, profile_id: profile.id, date, garment_ids: JSON.stringify(garmentIds), rating: input.rating, learned: learning ? 1 : 0, created_at: now })
        .execute();
      if (!learning) return;
      const current = (await loadPersonalState(tx, householdId, profile.id, this.deps.store.dialect === 'postgres')) ?? emptyPersonalState();
      const next = applyFeedback(current, input.rating, features ?? new Float32Array(FEATURE_COUNT));
      await savePersonalState(tx, householdId, profile.id, next, now);
    });
    return { id, profileId: profile.id, date, rating: input.rating, garmentIds, learned: learning };
  }

  async personalisation(householdId: string, profileId?: string): Promise<PersonalisationView> {
    const profile = await this.deps.households.resolveProfile(householdId, profileId);
    const learning = await this.deps.consents.isGranted(householdId, 'feedback_learning');
    const state = await loadPersonalState(this.deps.store.db, householdId, profile.id);
    return { profileId: profile.id, learning, comfortOffset: state?.comfortOffset ?? 0, feedbackCount: state?.feedbackCount ?? 0 };
  }

  /** Forgets what was learned about a person (the feedback log stays as wear history). */
  async resetPersonalisation(householdId: string, profileId?: string): Promise<void> {
    const profile = await this.deps.households.resolveProfile(householdId, profileId);
    await deletePersonalState(this.deps.store.db, householdId, profile.id);
  }
}
