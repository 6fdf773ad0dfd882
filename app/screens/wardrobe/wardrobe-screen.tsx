import { useMemo, useState } from 'preact/hooks';
import { showError } from '@app/core/errors';
import { useResource, useSession } from '@app/core/session';
import type { Category, Garment, KindList } from '@app/core/types';
import { SelectField } from '@app/widgets/fields';
import { ScreenTitle } from '@app/widgets/screen-title';
import { Announcer, Empty, ErrorNote, Loading } from '@app/widgets/status';
import { GarmentCard } from './garment-card';
import { GarmentForm } from './garment-form';
import { categoriesOf } from './kind-picker';

type StateFilter = 'all' | 'clean' | 'wash';
type Mode = { kind: 'list' } | { kind: 'add' } | { kind: 'edit'; garment: Garment };

/**
 * The wardrobe: every garment of the household with its photo, filtered by person (their own plus
 * the shared ones), category and clean / in the wash; one tap to the wash and back, "worn today",
 * and the add / edit form. Refetched when the live stream says the wardrobe changed.
 */
export function WardrobeScreen() {
  const { api, i18n, household } = useSession();
  const kinds = useResource((a) => a.get<KindList>('/api/v1/wardrobe/kinds'), []);
  const items = useResource((a) => a.get<{ items: Garment[] }>('/api/v1/wardrobe/items'), [], ['wardrobe.updated']);
  const [person, setPerson] = useState('');
  const [category, setCategory] = useState<Category | ''>('');
  const [state, setState] = useState<StateFilter>('all');
  const [mode, setMode] = useState<Mode>({ kind: 'list' });
  const [busy, setBusy] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState('');

  const names = useMemo(() => new Map(household.profiles.map((p) => [p.id, p.name])), [household.profiles]);
  const ownerOf = (g: Garment) => (g.profileId ? (names.get(g.profileId) ?? '') : i18n.t('app.common.shared'));
  const shown = (items.data?.items ?? []).filter(
    (g) => (!person || g.profileId === person || g.profileId === null) && (!category || g.category === category) && (state === 'all' || (state === 'clean') === g.available),
  );

  const act = async (garment: Garment, run: () => Promise<unknown>, done: string) => {
    setBusy(garment.id);
    try {
      await run();
      setAnnouncement(done);
      await items.reload();
    } catch (err) {
      setAnnouncement(showError(err, i18n).message);
    } finally {
      setBusy(null);
    }
  };
  const actions = {
    toggleWash: (g: Garment) =>
      void act(g, () => api.patch(`/api/v1/wardrobe/items/${g.id}`, { available: !g.available }), i18n.t(g.available ? 'app.wardrobe.sentToWash' : 'app.wardrobe.backFromWash', { name: g.name })),
    worn: (g: Garment) => void act(g, () => api.post('/api/v1/wardrobe/worn', { garmentIds: [g.id], ...(g.profileId || person ? { profile: g.profileId ?? person } : {}) }, { retry: true }), i18n.t('app.wardrobe.wornNoted', { name: g.name })),
    edit: (g: Garment) => setMode({ kind: 'edit', garment: g }),
  };

  if (mode.kind !== 'list' && kinds.data) {
    return (
      <>
        <ScreenTitle>{i18n.t('app.wardrobe.title')}</ScreenTitle>
        <GarmentForm
          kinds={kinds.data.kinds}
          garment={mode.kind === 'edit' ? mode.garment : undefined}
          defaultOwner={person}
          onCancel={() => setMode({ kind: 'list' })}
          onDone={(message) => {
            setMode({ kind: 'list' });
            setAnnouncement(message);
            void items.reload();
          }}
        />
      </>
    );
  }

  const categories = kinds.data ? categoriesOf(kinds.data.kinds) : [];
  return (
    <>
      <div class="screen-head">
        <ScreenTitle>{i18n.t('app.wardrobe.title')}</ScreenTitle>
        <button type="button" class="button" onClick={() => setMode({ kind: 'add' })} disabled={!kinds.data}>
          {i18n.t('app.wardrobe.add')}
        </button>
      </div>
      <Announcer message={announcement} />
      <section class="filters" aria-label={i18n.t('app.wardrobe.filters')}>
        <SelectField label={i18n.t('app.wardrobe.person')} value={person} onValue={setPerson} options={[{ value: '', label: i18n.t('app.common.everyone') }, ...household.profiles.map((p) => ({ value: p.id, label: p.name }))]} />
        <SelectField
          label={i18n.t('app.wardrobe.category')}
          value={category}
          onValue={(v) => setCategory(v as Category | '')}
          options={[{ value: '', label: i18n.t('app.wardrobe.allCategories') }, ...categories.map((c) => ({ value: c, label: i18n.t(`app.categories.${c}`) }))]}
        />
        <SelectField
          label={i18n.t('app.wardrobe.state')}
          value={state}
          onValue={(v) => setState(v as StateFilter)}
          options={[
            { value: 'all', label: i18n.t('app.wardrobe.stateAll') },
            { value: 'clean', label: i18n.t('app.wardrobe.stateClean') },
            { value: 'wash', label: i18n.t('app.wardrobe.stateWash') },
          ]}
        />
      </section>
      {items.error ? <ErrorNote error={items.error} onRetry={() => void items.reload()} /> : null}
      {!items.data && items.loading ? <Loading /> : null}
      {items.data ? (
        <>
          <p class="muted count" aria-live="polite">
            {i18n.t('app.wardrobe.count', { count: shown.length })}
          </p>
          {shown.length ? (
            <ul class="garment-grid">
              {shown.map((g) => (
                <GarmentCard key={g.id} garment={g} owner={ownerOf(g)} busy={busy === g.id} actions={actions} />
              ))}
            </ul>
          ) : (
            <Empty>
              <p>{i18n.t('app.wardrobe.empty')}</p>
              <p class="muted">{i18n.t('app.wardrobe.emptyHint')}</p>
            </Empty>
          )}
        </>
      ) : null}
    </>
  );
}
