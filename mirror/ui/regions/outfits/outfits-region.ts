import type { StreamMessage } from '@server/mirror/messages';
import { NetworkError } from '../../core/api';
import { h } from '../../core/dom';
import type { Garment, TodaysSuggestion } from '../../core/types';
import { Region, type RegionContext } from '../region';
import { garmentIcon } from './garment-icons';

type ProfileResult = { ok: true; suggestion: TodaysSuggestion } | { ok: false; message: string };

/** The outfit of the day per person: garments (photo or drawn), why, and what to take along. */
export class OutfitsRegion extends Region {
  readonly refreshOn: readonly StreamMessage['type'][] = ['outfit.ready', 'wardrobe.updated', 'weather.updated', 'agenda.updated'];
  /** Photos as object URLs, kept across refreshes and revoked when no longer shown (flat memory). */
  private photos = new Map<string, string>();

  constructor(ctx: RegionContext) {
    super('outfits', 'mirror.ui.outfits.title', ctx);
  }

  protected async load(): Promise<void> {
    const { api, household } = this.ctx;
    // Each person's outfit comes with the garments it names: the whole wardrobe is not read.
    const results = await Promise.all(
      household.profiles.map((p) =>
        api
          .get<TodaysSuggestion>(`/api/v1/outfits/today?profile=${encodeURIComponent(p.id)}`)
          .then((suggestion): ProfileResult => ({ ok: true, suggestion }))
          .catch((err: unknown): ProfileResult => {
            if (err instanceof NetworkError) throw err;
            return { ok: false, message: err instanceof Error ? err.message : String(err) };
          }),
      ),
    );
    // Every person failing is the endpoint failing: the region says so rather than N empty cards.
    const failed = results.filter((r): r is Extract<ProfileResult, { ok: false }> => !r.ok);
    if (results.length > 0 && failed.length === results.length) throw new Error(failed[0].message);
    const garments = new Map<string, Garment>();
    for (const result of results) if (result.ok) for (const g of result.suggestion.garments) garments.set(g.id, g);
    await this.loadPhotos(results, garments);
    this.render(results, garments);
  }

  private async loadPhotos(results: ProfileResult[], garments: Map<string, Garment>): Promise<void> {
    const wanted = new Set<string>();
    for (const result of results) {
      if (!result.ok) continue;
      for (const id of result.suggestion.outfits[0]?.garmentIds ?? []) if (garments.get(id)?.photoUrl) wanted.add(id);
    }
    for (const [id, url] of this.photos) {
      if (!wanted.has(id)) {
        URL.revokeObjectURL(url);
        this.photos.delete(id);
      }
    }
    await Promise.all(
      [...wanted]
        .filter((id) => !this.photos.has(id))
        .map(async (id) => {
          const photoUrl = garments.get(id)?.photoUrl;
          if (!photoUrl) return;
          try {
            this.photos.set(id, await this.ctx.api.objectUrl(photoUrl));
          } catch {
            // No photo after all: the drawn icon stands in.
          }
        }),
    );
  }

  private render(results: ProfileResult[], garments: Map<string, Garment>): void {
    const { i18n, household } = this.ctx;
    const cards: HTMLElement[] = household.profiles.map((profile, index) => {
      const result = results[index];
      const card = h('article', { class: 'outfit-card' }, h('h3', { class: 'outfit-person', text: profile.name }));
      if (!result.ok) {
        card.append(h('p', { class: 'muted', text: i18n.t('mirror.ui.unavailable.outfits') }));
        return card;
      }
      const best = result.suggestion.outfits[0];
      if (!best) {
        card.append(h('p', { class: 'muted', text: i18n.t('mirror.ui.outfits.none') }));
        return card;
      }
      const row = h('div', { class: 'garments' });
      for (const id of best.garmentIds) {
        const garment = garments.get(id);
        const photo = this.photos.get(id);
        const picture = photo
          ? h('img', { class: 'garment-photo', attrs: { src: photo, alt: garment?.name ?? '' } })
          : garmentIcon(garment?.kind ?? '', garment?.category ?? '', garment?.colors ?? []);
        row.append(h('figure', { class: 'garment' }, picture, h('figcaption', { text: garment?.name ?? i18n.t('mirror.ui.outfits.unknownGarment') })));
      }
      card.append(row, h('p', { class: 'outfit-why', text: best.explanation }));
      const bring = result.suggestion.bring ?? [];
      if (bring.length) {
        card.append(
          h(
            'div',
            { class: 'bring' },
            h('span', { class: 'muted', text: i18n.t('mirror.ui.outfits.bring') }),
            ...bring.map((item) => h('span', { class: 'chip', text: i18n.has(`mirror.ui.outfits.items.${item}`) ? i18n.t(`mirror.ui.outfits.items.${item}`) : item })),
          ),
        );
      }
      return card;
    });
    if (!cards.length) cards.push(h('p', { class: 'muted', text: i18n.t('mirror.ui.outfits.none') }));
    this.body.replaceChildren(...cards);
  }

  override destroy(): void {
    for (const url of this.photos.values()) URL.revokeObjectURL(url);
    this.photos.clear();
  }
}
