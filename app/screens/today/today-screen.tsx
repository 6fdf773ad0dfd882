import { useState } from 'preact/hooks';
import type { Api } from '@app/core/api';
import { useResource, useSession } from '@app/core/session';
import type { Garment, Suggestion } from '@app/core/types';
import { ChoiceGroup } from '@app/widgets/fields';
import { ScreenTitle } from '@app/widgets/screen-title';
import { ErrorNote, Loading } from '@app/widgets/status';
import { DemoBanner } from '@app/screens/setup/demo-banner';
import { SetupChecklist } from '@app/screens/setup/setup-checklist';
import { OutfitCard } from './outfit-card';

type Day = 'today' | 'tomorrow';

function nextDate(date: string): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** Every person's suggestions for the day; "today" is the server's (its clock, the household's zone). */
async function loadDay(api: Api, profileIds: string[], day: Day): Promise<Suggestion[]> {
  const first = await api.get<Suggestion>(`/api/v1/outfits/today?profile=${encodeURIComponent(profileIds[0])}`);
  const date = day === 'today' ? first.context.date : nextDate(first.context.date);
  return Promise.all(profileIds.map((id, i) => (i === 0 && day === 'today' ? first : api.get<Suggestion>(`/api/v1/outfits/today?profile=${encodeURIComponent(id)}&date=${date}`))));
}

/** Today (and tomorrow): each person's outfit with its explanation, what to bring, feedback and swaps. */
export function TodayScreen() {
  const { i18n, household } = useSession();
  const [day, setDay] = useState<Day>('today');
  const profileIds = household.profiles.map((p) => p.id);
  const live = ['outfit.ready', 'wardrobe.updated', 'weather.updated', 'agenda.updated'] as const;
  const suggestions = useResource((api) => loadDay(api, profileIds, day), [profileIds.join(','), day], live);
  const items = useResource((api) => api.get<{ items: Garment[] }>('/api/v1/wardrobe/items'), [], ['wardrobe.updated']);
  const garments = new Map((items.data?.items ?? []).map((g) => [g.id, g]));
  const date = suggestions.data?.[0]?.context.date;
  return (
    <>
      <ScreenTitle>{i18n.t('app.today.title')}</ScreenTitle>
      <DemoBanner />
      <SetupChecklist onToday />
      <ChoiceGroup
        legend={i18n.t('app.today.day')}
        name="day"
        value={day}
        onValue={(v) => setDay(v as Day)}
        options={[
          { value: 'today', label: i18n.t('app.today.today') },
          { value: 'tomorrow', label: i18n.t('app.today.tomorrow') },
        ]}
      />
      {date ? <p class="muted date-line">{i18n.date(date, household.timezone)}</p> : null}
      {suggestions.error ? <ErrorNote error={suggestions.error} onRetry={() => void suggestions.reload()} /> : null}
      {!suggestions.data && suggestions.loading ? <Loading /> : null}
      <div class="outfits">
        {suggestions.data && items.data
          ? household.profiles.map((p, i) => {
              const s = suggestions.data?.[i];
              return s ? <OutfitCard key={`${p.id}-${s.context.date}-${s.outfits[0]?.garmentIds.join(',') ?? ''}`} profile={p} suggestion={s} garments={garments} /> : null;
            })
          : null}
      </div>
    </>
  );
}
