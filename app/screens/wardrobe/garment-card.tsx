import { useSession } from '@app/core/session';
import type { Garment } from '@app/core/types';
import { GarmentPhoto } from './garment-photo';
import { kindName } from './kind-picker';

export interface CardActions {
  toggleWash(garment: Garment): void;
  worn(garment: Garment): void;
  edit(garment: Garment): void;
}

/** One garment in the grid: photo or pictogram, name, whose, its state, and the one-tap actions. */
export function GarmentCard({ garment, owner, busy, actions }: { garment: Garment; owner: string; busy: boolean; actions: CardActions }) {
  const { i18n } = useSession();
  const titleId = `garment-${garment.id}`;
  return (
    <li class={`garment-card${garment.available ? '' : ' is-in-wash'}`} aria-labelledby={titleId} data-garment={garment.id}>
      <GarmentPhoto garment={garment} alt={i18n.t('app.wardrobe.photoAlt', { name: garment.name })} />
      <div class="garment-text">
        <h3 id={titleId}>{garment.name}</h3>
        <p class="muted">
          {kindName(i18n, garment.kind)} · {owner}
        </p>
        {garment.available ? null : <p class="badge">{i18n.t('app.wardrobe.inWash')}</p>}
      </div>
      <div class="garment-actions">
        <button type="button" class="button button-small" aria-describedby={titleId} disabled={busy} onClick={() => actions.toggleWash(garment)}>
          {garment.available ? i18n.t('app.wardrobe.toWash') : i18n.t('app.wardrobe.fromWash')}
        </button>
        <button type="button" class="button button-small button-secondary" aria-describedby={titleId} disabled={busy || !garment.available} onClick={() => actions.worn(garment)}>
          {i18n.t('app.wardrobe.wornToday')}
        </button>
        <button type="button" class="button button-small button-secondary" aria-describedby={titleId} onClick={() => actions.edit(garment)}>
          {i18n.t('app.wardrobe.edit')}
        </button>
      </div>
    </li>
  );
}
