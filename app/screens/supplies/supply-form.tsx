import { useEffect, useRef, useState } from 'preact/hooks';
import { showError } from '@app/core/errors';
import { useSession } from '@app/core/session';
import type { NewSupply, PolicyMode, Product, Supply } from '@app/core/types';
import { ChoiceGroup, FormFooter, parseDecimal, TextField } from '@app/widgets/fields';

const MODES = ['notify', 'ask', 'auto'] as const satisfies readonly PolicyMode[];
type Field = 'q' | 'name' | 'unit' | 'capacity' | 'level' | 'reorderPoint' | 'policy.mode' | 'policy.maxPerOrder' | 'policy.maxPerMonth' | 'policy.cancelWindowHours' | 'form';
type Errors = Partial<Record<Field, string>>;
const FIELDS = new Set<string>(['name', 'unit', 'capacity', 'level', 'reorderPoint', 'policy.mode', 'policy.maxPerOrder', 'policy.maxPerMonth', 'policy.cancelWindowHours']);

/**
 * A new supply from the store's catalogue: search, pick a product (name, unit, pack size and
 * product filled in), then the reorder point and the policy, each mode explained in one sentence,
 * with its caps and cancel window. Errors land beside their field, `policy.maxPerOrder` included.
 */
export function SupplyForm({ onDone, onCancel }: { onDone(supply: Supply, message: string): void; onCancel(): void }) {
  const { api, i18n, household } = useSession();
  const [q, setQ] = useState('');
  const [products, setProducts] = useState<Product[] | null>(null);
  const [product, setProduct] = useState<Product | null>(null);
  const [name, setName] = useState('');
  const [unit, setUnit] = useState('');
  const [capacity, setCapacity] = useState('');
  const [level, setLevel] = useState('');
  const [reorderPoint, setReorderPoint] = useState('');
  const [mode, setMode] = useState<PolicyMode>('ask');
  const [maxPerOrder, setMaxPerOrder] = useState('');
  const [maxPerMonth, setMaxPerMonth] = useState('');
  const [cancelWindow, setCancelWindow] = useState('24');
  const [errors, setErrors] = useState<Errors>({});
  const [busy, setBusy] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);

  const search = async (e: Event) => {
    e.preventDefault();
    try {
      const found = await api.get<{ products: Product[] }>(`/api/v1/store/products?q=${encodeURIComponent(q.trim())}`);
      setProducts(found.products);
      setErrors((x) => ({ ...x, q: undefined }));
    } catch (err) {
      setErrors((x) => ({ ...x, q: showError(err, i18n).message }));
    }
  };
  const pick = (sku: string) => {
    const p = products?.find((x) => x.sku === sku) ?? null;
    setProduct(p);
    if (!p) return;
    setName(p.name);
    setUnit(p.unit);
    setCapacity(i18n.decimal(p.packSize));
    setLevel(i18n.decimal(p.packSize));
    setReorderPoint(i18n.decimal(Math.round(p.packSize * 0.25 * 100) / 100));
  };

  const submit = async (e: Event) => {
    e.preventDefault();
    if (busy) return;
    const found: Errors = {};
    const cap = parseDecimal(capacity);
    const lvl = parseDecimal(level);
    const rp = parseDecimal(reorderPoint);
    const perOrder = parseDecimal(maxPerOrder);
    const perMonth = parseDecimal(maxPerMonth);
    const windowHours = parseDecimal(cancelWindow);
    if (!name.trim()) found.name = i18n.t('app.common.required');
    if (!unit.trim()) found.unit = i18n.t('app.common.required');
    if (cap === null || Number.isNaN(cap) || cap <= 0) found.capacity = i18n.t('app.supplies.form.positive');
    if (lvl !== null && (Number.isNaN(lvl) || lvl < 0)) found.level = i18n.t('app.supplies.form.notNegative');
    if (rp !== null && (Number.isNaN(rp) || rp < 0 || (cap !== null && rp >= cap))) found.reorderPoint = i18n.t('app.supplies.form.reorderRange');
    if (perOrder !== null && (Number.isNaN(perOrder) || perOrder < 0)) found['policy.maxPerOrder'] = i18n.t('app.supplies.form.notNegative');
    if (perMonth !== null && (Number.isNaN(perMonth) || perMonth < 0)) found['policy.maxPerMonth'] = i18n.t('app.supplies.form.notNegative');
    if (windowHours === null || Number.isNaN(windowHours) || windowHours < 0 || windowHours > 336) found['policy.cancelWindowHours'] = i18n.t('app.supplies.form.windowRange');
    if (mode === 'auto' && perOrder === null && perMonth === null) found['policy.maxPerOrder'] = i18n.t('app.supplies.form.autoNeedsCap');
    setErrors(found);
    if (Object.keys(found).length) return;
    const body: NewSupply = {
      name: name.trim(),
      unit: unit.trim(),
      capacity: cap as number,
      ...(lvl !== null ? { level: lvl } : {}),
      ...(rp !== null ? { reorderPoint: rp } : {}),
      sku: product?.sku ?? null,
      policy: { mode, maxPerOrder: perOrder, maxPerMonth: perMonth, cancelWindowHours: windowHours as number },
    };
    setBusy(true);
    try {
      const created = await api.post<Supply>('/api/v1/supplies', body);
      onDone(created, i18n.t('app.supplies.form.created', { name: created.name }));
    } catch (err) {
      const shown = showError(err, i18n);
      setErrors(shown.field && FIELDS.has(shown.field) ? { [shown.field]: shown.message } : shown.field === 'sku' ? { q: shown.message } : { form: shown.message });
    } finally {
      setBusy(false);
    }
  };

  const money = i18n.t('app.supplies.form.inCurrency', { currency: household.currency });
  return (
    <div class="sheet supply-form">
      <h2 ref={heading} tabIndex={-1}>
        {i18n.t('app.supplies.form.title')}
      </h2>
      <form class="inline-form" role="search" onSubmit={(e) => void search(e)}>
        <TextField label={i18n.t('app.supplies.form.search')} value={q} onValue={setQ} error={errors.q} type="search" placeholder={i18n.t('app.supplies.form.searchPlaceholder')} />
        <button type="submit" class="button button-secondary">
          {i18n.t('app.supplies.form.searchButton')}
        </button>
      </form>
      {products && products.length === 0 ? <p class="muted">{i18n.t('app.supplies.form.noProduct')}</p> : null}
      {products && products.length ? (
        <ChoiceGroup
          legend={i18n.t('app.supplies.form.product')}
          name="product"
          value={product?.sku ?? ''}
          onValue={pick}
          options={products.map((p) => ({ value: p.sku, label: `${p.name} · ${i18n.number(p.packSize)} ${p.unit} · ${i18n.money(p.price, p.currency)}` }))}
        />
      ) : null}
      <form class="supply-fields" onSubmit={(e) => void submit(e)} noValidate aria-busy={busy}>
        <TextField label={i18n.t('app.supplies.form.name')} value={name} onValue={setName} error={errors.name} maxLength={80} required />
        <div class="field-row">
          <TextField label={i18n.t('app.supplies.form.unit')} hint={i18n.t('app.supplies.form.unitHint')} value={unit} onValue={setUnit} error={errors.unit} maxLength={16} />
          <TextField label={i18n.t('app.supplies.form.capacity')} value={capacity} onValue={setCapacity} error={errors.capacity} type="number" inputMode="decimal" step="any" min="0" />
        </div>
        <div class="field-row">
          <TextField label={i18n.t('app.supplies.form.level')} value={level} onValue={setLevel} error={errors.level} type="number" inputMode="decimal" step="any" min="0" />
          <TextField label={i18n.t('app.supplies.form.reorderPoint')} hint={i18n.t('app.supplies.form.reorderHint')} value={reorderPoint} onValue={setReorderPoint} error={errors.reorderPoint} type="number" inputMode="decimal" step="any" min="0" />
        </div>
        <ChoiceGroup
          legend={i18n.t('app.supplies.form.policy')}
          name="policy"
          value={mode}
          error={errors['policy.mode']}
          onValue={(v) => setMode(v as PolicyMode)}
          options={MODES.map((m) => ({ value: m, label: i18n.t(`app.supplies.modes.${m}`) }))}
        />
        <p class="policy-explained" aria-live="polite">
          {i18n.t(`app.supplies.modesExplained.${mode}`)}
        </p>
        {mode !== 'notify' ? (
          <>
            <div class="field-row">
              <TextField label={i18n.t('app.supplies.form.maxPerOrder')} hint={`${i18n.t('app.supplies.form.maxPerOrderHint')} ${money}`} value={maxPerOrder} onValue={setMaxPerOrder} error={errors['policy.maxPerOrder']} type="number" inputMode="decimal" step="any" min="0" />
              <TextField label={i18n.t('app.supplies.form.maxPerMonth')} hint={`${i18n.t('app.supplies.form.maxPerMonthHint')} ${money}`} value={maxPerMonth} onValue={setMaxPerMonth} error={errors['policy.maxPerMonth']} type="number" inputMode="decimal" step="any" min="0" />
            </div>
            <TextField label={i18n.t('app.supplies.form.cancelWindow')} hint={i18n.t('app.supplies.form.cancelWindowHint')} value={cancelWindow} onValue={setCancelWindow} error={errors['policy.cancelWindowHours']} type="number" inputMode="numeric" step="1" min="0" max="336" />
          </>
        ) : null}
        <FormFooter error={errors.form} busy={busy} submitLabel={i18n.t('app.supplies.form.save')} busyLabel={i18n.t('app.common.saving')} cancelLabel={i18n.t('app.common.cancel')} onCancel={onCancel} />
      </form>
    </div>
  );
}
