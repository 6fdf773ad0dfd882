import type { I18n } from '@app/core/i18n';
import { useSession } from '@app/core/session';
import { ChoiceGroup, type Option } from '@app/widgets/fields';
import { CURRENCIES } from '@server/households/currency';
import type { UnitSystem } from '@server/core/units';

/** Metric or imperial, as first run and the settings both ask it. */
export function UnitsChoice({ value, onValue, error }: { value: UnitSystem; onValue(value: UnitSystem): void; error?: string }) {
  const { i18n } = useSession();
  return (
    <ChoiceGroup
      legend={i18n.t('app.settings.units')}
      name="units"
      value={value}
      onValue={(v) => onValue(v as UnitSystem)}
      error={error}
      options={[
        { value: 'metric', label: i18n.t('app.settings.unitsMetric') },
        { value: 'imperial', label: i18n.t('app.settings.unitsImperial') },
      ]}
    />
  );
}

/** The currencies to choose from, named in words; `current` kept (as its code when unnamed) when the list lacks it. */
export function currencyOptions(i18n: I18n, current: string): Option[] {
  const list: string[] = (CURRENCIES as readonly string[]).includes(current) ? [...CURRENCIES] : [current, ...CURRENCIES];
  return list.map((c) => ({ value: c, label: i18n.has(`app.currencies.${c}`) ? i18n.t(`app.currencies.${c}`) : c }));
}
