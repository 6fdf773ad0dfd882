import { useSession } from '@app/core/session';
import type { ProductCost } from '@app/core/types';

/**
 * Cost per day of use per product, from measured consumption: a horizontal bar chart drawn in
 * SVG (scales with the phone's width), each bar labelled with the product and its amount, and
 * the same figures as a list for screen readers.
 */
export function CostChart({ costs }: { costs: ProductCost[] }) {
  const { i18n } = useSession();
  const rows = [...costs].sort((a, b) => (b.costPerDay ?? 0) - (a.costPerDay ?? 0));
  const max = Math.max(...rows.map((r) => r.costPerDay ?? 0), 0.01);
  const rowH = 44;
  const label = (c: ProductCost) => i18n.t('app.orders.perDay', { amount: i18n.money(c.costPerDay ?? 0, c.currency) });
  return (
    <figure class="cost-chart">
      <svg viewBox={`0 0 320 ${rows.length * rowH}`} width="100%" role="img" aria-labelledby="cost-chart-desc">
        {rows.map((c, i) => {
          const w = Math.max(2, ((c.costPerDay ?? 0) / max) * 200);
          return (
            <g key={c.sku} transform={`translate(0 ${i * rowH})`}>
              <text x="0" y="14" font-size="12" fill="#1b2624">
                {c.name}
              </text>
              <rect x="0" y="20" width={w} height="16" rx="3" fill="#1f5e55" />
              <text x={w + 6} y="33" font-size="12" fill="#1b2624">
                {label(c)}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption id="cost-chart-desc" class="visually-hidden">
        {rows.map((c) => `${c.name}: ${label(c)}`).join('; ')}
      </figcaption>
    </figure>
  );
}
