import { useEffect, useRef, useState } from 'preact/hooks';
import { COLOR_NAMES, hexOf, paletteNameOf, STORED_NAME, type ColorName } from '@app/core/colors';
import { showError } from '@app/core/errors';
import { useSession } from '@app/core/session';
import type { Category, Formality, Garment, GarmentKind, NewGarment } from '@app/core/types';
import { CheckGroup, FormFooter, parseDecimal, SelectField, TextField } from '@app/widgets/fields';
import type { PreparedPhoto } from '@app/widgets/photo';
import { PhotoPicker } from '@app/widgets/photo-picker';
import { GarmentPhoto } from './garment-photo';
import { categoriesOf, KindPicker, kindName } from './kind-picker';

const COMMON_COLORS: ColorName[] = ['black', 'white', 'grey', 'navy', 'blue', 'red', 'green', 'beige'];
const FORMALITIES = ['sport', 'casual', 'smart', 'formal'] as const satisfies readonly Formality[];
type Errors = Partial<Record<'photo' | 'name' | 'kind' | 'category' | 'warmth' | 'formality' | 'colors' | 'profileId' | 'form', string>>;
const FIELDS = new Set(['photo', 'name', 'kind', 'category', 'warmth', 'formality', 'colors', 'profileId']);

export interface GarmentFormProps {
  kinds: GarmentKind[];
  /** The garment being edited; none to add one. */
  garment?: Garment;
  /** Whose a new garment is, by default (the person filter). */
  defaultOwner: string;
  onDone(message: string): void;
  onCancel(): void;
}

/**
 * Add or edit a garment. The photo is prepared on the phone and its colours proposed; picking a
 * kind fills warmth, formality and waterproofness from the server's kinds table, all editable.
 * Saving twice never makes two garments: once created, a retry updates the same one and resends
 * only the photo. Errors from the API land beside the field they name.
 */
export function GarmentForm({ kinds, garment, defaultOwner, onDone, onCancel }: GarmentFormProps) {
  const { api, i18n, household } = useSession();
  const first = kinds.find((k) => k.kind === garment?.kind);
  const [photo, setPhoto] = useState<PreparedPhoto | null>(null);
  const [colors, setColors] = useState<string[]>(garment?.colors ?? []);
  const [proposed, setProposed] = useState<ColorName[]>([]);
  const [name, setName] = useState(garment?.name ?? '');
  const [nameTouched, setNameTouched] = useState(Boolean(garment));
  const [owner, setOwner] = useState(garment ? (garment.profileId ?? '') : defaultOwner);
  const [category, setCategory] = useState<Category>(garment?.category ?? categoriesOf(kinds)[0] ?? 'top');
  const [kind, setKind] = useState(garment?.kind ?? '');
  const [warmth, setWarmth] = useState(garment ? i18n.decimal(garment.warmth) : '');
  const [formality, setFormality] = useState<Formality>(garment?.formality ?? first?.formality ?? 'casual');
  const [waterproof, setWaterproof] = useState(garment?.waterproof ?? false);
  const [errors, setErrors] = useState<Errors>({});
  const [busy, setBusy] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const savedId = useRef<string | null>(garment?.id ?? null);
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => heading.current?.focus(), []);
  useEffect(() => () => (photo ? URL.revokeObjectURL(photo.previewUrl) : undefined), [photo]);

  // A new garment is named after its kind and first colour until the person types a name.
  const suggestedName = () => {
    if (!kind) return '';
    const base = kindName(i18n, kind);
    const c = colors.map(paletteNameOf).find((n): n is ColorName => n !== null);
    if (!c) return base;
    // "Pull marine" in French, "Navy sweater" in English: the order is the language's.
    const named = i18n.t('app.wardrobe.form.suggestedName', { kind: base.toLocaleLowerCase(i18n.locale), color: i18n.t(`app.colors.${c}`) });
    return named.charAt(0).toLocaleUpperCase(i18n.locale) + named.slice(1);
  };
  useEffect(() => {
    if (!nameTouched) setName(suggestedName());
  }, [kind, colors.join(','), i18n]);

  const onPhoto = (prepared: PreparedPhoto) => {
    setPhoto(prepared);
    setProposed(prepared.colors);
    if (prepared.colors.length) setColors(prepared.colors.map((c) => STORED_NAME[c]));
    setErrors((e) => ({ ...e, photo: undefined }));
  };

  const onKind = (picked: GarmentKind) => {
    setKind(picked.kind);
    setCategory(picked.category);
    setWarmth(i18n.decimal(picked.warmth));
    setFormality(picked.formality);
    setWaterproof(picked.waterproof);
    setErrors((e) => ({ ...e, kind: undefined, warmth: undefined, formality: undefined }));
  };

  const validate = (): Errors => {
    const found: Errors = {};
    if (!name.trim()) found.name = i18n.t('app.common.required');
    if (!kind) found.kind = i18n.t('app.wardrobe.form.kindMissing');
    const w = parseDecimal(warmth);
    if (w === null || Number.isNaN(w) || w < 0 || w > 3) found.warmth = i18n.t('app.wardrobe.form.warmthRange');
    return found;
  };

  const submit = async (event: Event) => {
    event.preventDefault();
    if (busy) return;
    const found = validate();
    setErrors(found);
    if (Object.keys(found).length) return;
    setBusy(true);
    const body: NewGarment = {
      name: name.trim(),
      kind,
      category,
      warmth: parseDecimal(warmth) ?? 0,
      formality,
      waterproof,
      colors,
      profileId: owner || null,
    };
    let stage: 'garment' | 'photo' = 'garment';
    try {
      const created = !garment && !savedId.current;
      const saved = savedId.current ? await api.patch<Garment>(`/api/v1/wardrobe/items/${savedId.current}`, body) : await api.post<Garment>('/api/v1/wardrobe/items', body);
      savedId.current = saved.id;
      if (photo) {
        stage = 'photo';
        const form = new FormData();
        form.append('photo', photo.blob, 'photo.jpg');
        await api.upload<Garment>(`/api/v1/wardrobe/items/${saved.id}/photo`, form);
      }
      onDone(created ? i18n.t('app.wardrobe.form.created', { name: saved.name }) : i18n.t('app.wardrobe.form.saved'));
    } catch (err) {
      const shown = showError(err, i18n);
      if (stage === 'photo') setErrors({ photo: shown.message, form: i18n.t('app.wardrobe.form.photoFailed') });
      else {
        const field = shown.field?.split('.')[0];
        setErrors(field && FIELDS.has(field) ? { [field]: shown.message } : { form: shown.message });
      }
    } finally {
      setBusy(false);
    }
  };

  const remove = async () => {
    if (!garment) return;
    if (!confirmDelete) {
      setConfirmDelete(true);
      return;
    }
    setBusy(true);
    try {
      await api.delete(`/api/v1/wardrobe/items/${garment.id}`);
      onDone(i18n.t('app.wardrobe.form.deleted', { name: garment.name }));
    } catch (err) {
      setErrors({ form: showError(err, i18n).message });
      setBusy(false);
    }
  };

  const people = [{ value: '', label: i18n.t('app.common.shared') }, ...household.profiles.map((p) => ({ value: p.id, label: p.name }))];
  // The likely colours first (proposed from the photo, already chosen, else the commonest), the rest folded.
  const colorOption = (c: ColorName) => ({ value: STORED_NAME[c], label: i18n.t(`app.colors.${c}`), icon: <span class="swatch" style={{ background: hexOf(c) }} aria-hidden="true" /> });
  const chosen = colors.map(paletteNameOf).filter((c): c is ColorName => c !== null);
  const likely = [...new Set<ColorName>([...proposed, ...chosen, ...(proposed.length ? [] : COMMON_COLORS)])];
  const colorOptions = likely.map(colorOption);
  // Colours already on the garment that are not palette names stay listed (typed through the API).
  for (const c of colors) if (!paletteNameOf(c)) colorOptions.push({ value: c, label: c, icon: <span class="swatch" style={{ background: '#c9c9c9' }} aria-hidden="true" /> });
  const otherColors = COLOR_NAMES.filter((c) => !likely.includes(c)).map(colorOption);

  return (
    <form class="sheet garment-form" onSubmit={(e) => void submit(e)} noValidate aria-busy={busy}>
      <h2 ref={heading} tabIndex={-1}>
        {garment ? i18n.t('app.wardrobe.form.editTitle', { name: garment.name }) : i18n.t('app.wardrobe.form.addTitle')}
      </h2>
      {photo || !garment ? (
        <PhotoPicker label={photo ? i18n.t('app.wardrobe.form.changePhoto') : i18n.t('app.wardrobe.form.takePhoto')} previewUrl={photo?.previewUrl ?? null} previewAlt={name} onPhoto={onPhoto} error={errors.photo} />
      ) : (
        <div class="photo-row">
          <GarmentPhoto garment={garment} alt={i18n.t('app.wardrobe.photoAlt', { name: garment.name })} />
          <PhotoPicker label={i18n.t('app.wardrobe.form.changePhoto')} previewUrl={null} previewAlt="" onPhoto={onPhoto} error={errors.photo} />
        </div>
      )}
      <CheckGroup
        legend={i18n.t('app.wardrobe.form.colors')}
        hint={proposed.length ? i18n.t('app.wardrobe.form.colorsProposed') : i18n.t('app.wardrobe.form.colorsNone')}
        values={colors}
        options={colorOptions}
        more={{ label: i18n.t('app.wardrobe.form.moreColors'), options: otherColors }}
        onValues={setColors}
      />
      <KindPicker kinds={kinds} category={category} kind={kind} colors={colors} onCategory={setCategory} onKind={onKind} error={errors.kind ?? errors.category} />
      <TextField
        label={i18n.t('app.wardrobe.form.name')}
        value={name}
        onValue={(v) => {
          setNameTouched(true);
          setName(v);
        }}
        error={errors.name}
        placeholder={i18n.t('app.wardrobe.form.namePlaceholder')}
        maxLength={100}
        autoComplete="off"
        required
      />
      <SelectField label={i18n.t('app.wardrobe.owner')} value={owner} options={people} onValue={setOwner} error={errors.profileId} />
      <div class="field-row">
        <TextField label={i18n.t('app.wardrobe.form.warmth')} hint={i18n.t('app.wardrobe.form.warmthHint')} value={warmth} onValue={setWarmth} error={errors.warmth} type="number" inputMode="decimal" step="0.01" min="0" max="3" />
        <SelectField label={i18n.t('app.wardrobe.form.formality')} value={formality} options={FORMALITIES.map((f) => ({ value: f, label: i18n.t(`app.formalities.${f}`) }))} onValue={(v) => setFormality(v as Formality)} error={errors.formality} />
      </div>
      <label class="check">
        <input type="checkbox" checked={waterproof} onChange={(e) => setWaterproof(e.currentTarget.checked)} />
        <span>{i18n.t('app.wardrobe.form.waterproof')}</span>
      </label>
      <FormFooter error={errors.form} busy={busy} submitLabel={garment ? i18n.t('app.wardrobe.form.saveEdit') : i18n.t('app.wardrobe.form.save')} busyLabel={i18n.t('app.common.saving')} cancelLabel={i18n.t('app.common.cancel')} onCancel={onCancel} />
      {garment ? (
        <div class="danger-zone">
          {confirmDelete ? (
            <p class="form-error" role="alert">
              {i18n.t('app.wardrobe.form.deleteConfirm', { name: garment.name })}
            </p>
          ) : null}
          <button type="button" class="button button-danger" onClick={() => void remove()} disabled={busy}>
            {i18n.t('app.wardrobe.form.delete')}
          </button>
        </div>
      ) : null}
    </form>
  );
}

