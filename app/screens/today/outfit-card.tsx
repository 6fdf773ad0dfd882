import { useState } from 'preact/hooks';
import { showError } from '@app/core/errors';
import { useSession } from '@app/core/session';
import type { FeedbackRating, Garment, Profile, Suggestion } from '@app/core/types';
import { GarmentPhoto } from '@app/screens/wardrobe/garment-photo';

const RATINGS = ['too_warm', 'too_cold', 'like', 'dislike'] as const satisfies readonly FeedbackRating[];

interface SwapResult {
  garmentIds: string[];
  added: string[];
  explanation: string;
}

/**
 * One person's outfit for one day: the garments (photo or drawing), why, what to bring, the
 * feedback in one tap, and "another one" on each garment for the next best in its place.
 */
export function OutfitCard({ profile, suggestion, garments }: { profile: Profile; suggestion: Suggestion; garments: Map<string, Garment> }) {
  const { api, i18n } = useSession();
  const best = suggestion.outfits[0];
  const [swapped, setSwapped] = useState<SwapResult | null>(null);
  const [sent, setSent] = useState<FeedbackRating | null>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState('');
  const ids = swapped?.garmentIds ?? best?.garmentIds ?? [];
  const explanation = swapped?.explanation ?? best?.explanation ?? '';
  const date = suggestion.context.date;
  const headingId = `outfit-${profile.id}-${date}`;

  const swap = async (garment: Garment) => {
    setBusy(true);
    try {
      const result = await api.post<SwapResult>('/api/v1/outfits/swap', { garmentIds: ids, replace: garment.id, date, profile: profile.id }, { retry: true });
      setSwapped(result);
      setSent(null);
      const added = result.added.map((id) => garments.get(id)?.name ?? '').filter(Boolean).join(', ');
      setMessage(i18n.t('app.today.swapped', { old: garment.name, new: added }));
    } catch (err) {
      setMessage(showError(err, i18n).message);
    } finally {
      setBusy(false);
    }
  };

  const feedback = async (rating: FeedbackRating) => {
    setBusy(true);
    try {
      await api.post('/api/v1/outfits/feedback', { garmentIds: ids, rating, date, profile: profile.id });
      setSent(rating);
      setMessage(i18n.t('app.today.feedbackThanks'));
    } catch (err) {
      setMessage(showError(err, i18n).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <article class="outfit-card" aria-labelledby={headingId}>
      <h2 id={headingId}>{profile.name}</h2>
      {suggestion.message ? <p class="note">{suggestion.message}</p> : null}
      {best ? (
        <>
          <p class="explanation">{explanation}</p>
          <ul class="outfit-garments">
            {ids.map((id) => {
              const g = garments.get(id);
              if (!g) return null;
              const nameId = `${headingId}-${g.id}`;
              return (
                <li key={id} class={swapped?.added.includes(id) ? 'is-new' : undefined}>
                  <GarmentPhoto garment={g} alt="" />
                  <span id={nameId} class="outfit-garment-name">
                    {g.name}
                  </span>
                  <button type="button" class="button button-small button-secondary" disabled={busy} aria-label={i18n.t('app.today.swapNamed', { name: g.name })} onClick={() => void swap(g)}>
                    {i18n.t('app.today.swap')}
                  </button>
                </li>
              );
            })}
          </ul>
          {suggestion.bring.length ? (
            <div class="bring">
              <h3>{i18n.t('app.today.bring')}</h3>
              <ul>
                {suggestion.bring.map((b) => (
                  <li key={b}>{i18n.t(`outfits.bring.${b}`)}</li>
                ))}
              </ul>
            </div>
          ) : null}
          {suggestion.notes.map((n) => (
            <p key={n} class="note">
              {n}
            </p>
          ))}
          <div class="feedback" role="group" aria-label={i18n.t('app.today.feedback')}>
            {RATINGS.map((r) => (
              <button key={r} type="button" class="button button-small button-secondary" aria-pressed={sent === r} disabled={busy} onClick={() => void feedback(r)}>
                {i18n.t(`app.today.ratings.${r}`)}
              </button>
            ))}
          </div>
        </>
      ) : null}
      <p class="announcer" role="status">
        {message}
      </p>
    </article>
  );
}
