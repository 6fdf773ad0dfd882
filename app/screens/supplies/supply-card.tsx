import { useState } from 'preact/hooks';
import { showError } from '@app/core/errors';
import { useResource, useSession } from '@app/core/session';
import type { Supply, SupplyHistory } from '@app/core/types';
import { parseDecimal, TextField } from '@app/widgets/fields';
import { LevelChart } from '@app/widgets/level-chart';
import { SupplyBindings } from './bindings';

/**
 * One supply: level against capacity, days left, its policy in words, and on demand its chart and
 * the manual level ("I opened a new pack" in one tap, or any level typed).
 */
export function SupplyCard({ supply, onChanged }: { supply: Supply; onChanged(message: string): void }) {
  const { api, i18n } = useSession();
  const [open, setOpen] = useState(false);
  const [sensors, setSensors] = useState(false);
  const [level, setLevel] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const titleId = `supply-${supply.id}`;
  const amount = (n: number) => `${i18n.number(n, { maximumFractionDigits: 2 })} ${supply.unit}`;

  const setTo = async (value: number, message: string) => {
    setBusy(true);
    setError(null);
    try {
      await api.patch(`/api/v1/supplies/${supply.id}`, { level: value });
      setLevel('');
      onChanged(message);
    } catch (err) {
      setError(showError(err, i18n).message);
    } finally {
      setBusy(false);
    }
  };
  const submitLevel = (e: Event) => {
    e.preventDefault();
    const value = parseDecimal(level);
    if (value === null || Number.isNaN(value) || value < 0 || value > supply.capacity) {
      setError(i18n.t('app.supplies.levelRange', { max: amount(supply.capacity) }));
      return;
    }
    void setTo(value, i18n.t('app.supplies.levelSet', { name: supply.name, level: amount(value) }));
  };

  return (
    <li class={`supply-card${supply.reorderDue ? ' is-due' : ''}`} aria-labelledby={titleId}>
      <div class="supply-head">
        <h2 id={titleId}>{supply.name}</h2>
        {supply.reorderDue ? <span class="badge badge-warn">{i18n.t('app.supplies.due')}</span> : null}
      </div>
      <meter min={0} max={supply.capacity} low={supply.reorderPoint} optimum={supply.capacity} value={supply.level} aria-label={i18n.t('app.supplies.levelOf', { name: supply.name })} />
      <p>
        <strong>{amount(supply.level)}</strong> / {amount(supply.capacity)}
        {' · '}
        {supply.daysLeft === null ? i18n.t('app.supplies.daysUnknown') : i18n.t('app.supplies.daysLeft', { count: Math.round(supply.daysLeft) })}
      </p>
      <p class="muted">{i18n.t(`app.supplies.policySummary.${supply.policy.mode}`, { reorder: amount(supply.reorderPoint) })}</p>
      <div class="actions">
        <button type="button" class="button button-small" disabled={busy} onClick={() => void setTo(supply.capacity, i18n.t('app.supplies.newPackDone', { name: supply.name }))} aria-describedby={titleId}>
          {i18n.t('app.supplies.newPack')}
        </button>
        <button type="button" class="button button-small button-secondary" aria-expanded={open} aria-controls={`${titleId}-more`} onClick={() => setOpen(!open)} aria-describedby={titleId}>
          {i18n.t(open ? 'app.supplies.hideChart' : 'app.supplies.showChart')}
        </button>
        <button type="button" class="button button-small button-secondary" aria-expanded={sensors} aria-controls={`${titleId}-sensors`} onClick={() => setSensors(!sensors)} aria-describedby={titleId}>
          {i18n.t('app.bindings.open')}
        </button>
      </div>
      {error && !open ? (
        <p class="field-error" role="alert">
          {error}
        </p>
      ) : null}
      {open ? (
        <div id={`${titleId}-more`} class="supply-more">
          <SupplyChart supply={supply} />
          <form class="inline-form" onSubmit={submitLevel} noValidate>
            <TextField label={i18n.t('app.supplies.setLevel', { unit: supply.unit })} value={level} onValue={setLevel} error={error} type="number" inputMode="decimal" step="any" min="0" />
            <button type="submit" class="button button-secondary" disabled={busy}>
              {i18n.t('app.supplies.setLevelButton')}
            </button>
          </form>
        </div>
      ) : null}
      {sensors ? (
        <div id={`${titleId}-sensors`} class="supply-more">
          <SupplyBindings supply={supply} />
        </div>
      ) : null}
    </li>
  );
}

function SupplyChart({ supply }: { supply: Supply }) {
  const { i18n, household } = useSession();
  const history = useResource((api) => api.get<SupplyHistory>(`/api/v1/supplies/${supply.id}/history?days=30`), [supply.id, supply.level], ['stock.updated']);
  if (!history.data) return null;
  const f = history.data.forecast;
  const summary = f?.emptyAt
    ? i18n.t('app.supplies.chartSummary', { name: supply.name, count: history.data.readings.length, empty: i18n.date(f.emptyAt, household.timezone, { weekday: 'long', day: 'numeric', month: 'long' }) })
    : i18n.t('app.supplies.chartSummaryNoForecast', { name: supply.name, count: history.data.readings.length });
  return (
    <LevelChart
      history={history.data}
      locale={i18n.locale}
      timeZone={household.timezone}
      labels={{ level: i18n.t('app.supplies.chartLevel'), forecast: i18n.t('app.supplies.chartForecast'), reorderPoint: i18n.t('app.supplies.chartReorder'), summary }}
    />
  );
}
