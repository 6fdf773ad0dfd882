import { useSession } from '@app/core/session';
import type { Category, GarmentKind } from '@app/core/types';
import { ChoiceGroup } from '@app/widgets/fields';
import { Pictogram } from '@app/widgets/pictogram';

/** Categories in the order of the server's kinds table (no copy of the list here). */
export function categoriesOf(kinds: GarmentKind[]): Category[] {
  return [...new Set(kinds.map((k) => k.category))];
}

export function kindName(i18n: { has(key: string): boolean; t(key: string): string }, kind: string): string {
  const key = `app.kinds.${kind}`;
  return i18n.has(key) ? i18n.t(key) : kind;
}

/**
 * The kind as pictograms named in the person's language: first the category, then its kinds,
 * each drawn in the garment's colour so the choice looks like the garment.
 */
export function KindPicker({ kinds, category, kind, colors, onCategory, onKind, error }: { kinds: GarmentKind[]; category: Category; kind: string; colors: string[]; onCategory(c: Category): void; onKind(k: GarmentKind): void; error?: string | null }) {
  const { i18n } = useSession();
  const inCategory = kinds.filter((k) => k.category === category);
  return (
    <div class="kind-picker">
      <ChoiceGroup
        legend={i18n.t('app.wardrobe.form.kindCategory')}
        name="kind-category"
        value={category}
        options={categoriesOf(kinds).map((c) => ({ value: c, label: i18n.t(`app.categories.${c}`) }))}
        onValue={(c) => onCategory(c as Category)}
      />
      <ChoiceGroup
        legend={i18n.t('app.wardrobe.form.kind')}
        name="kind"
        tiles
        value={kind}
        error={error}
        options={inCategory.map((k) => ({ value: k.kind, label: kindName(i18n, k.kind), icon: <Pictogram kind={k.kind} category={k.category} colors={colors} size={36} /> }))}
        onValue={(value) => {
          const picked = kinds.find((k) => k.kind === value);
          if (picked) onKind(picked);
        }}
      />
    </div>
  );
}
