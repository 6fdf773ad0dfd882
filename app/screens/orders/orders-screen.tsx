import { useState } from 'preact/hooks';
import { showError } from '@app/core/errors';
import { useResource, useSession } from '@app/core/session';
import type { Order, OrderStatus, ProductCost, Supply } from '@app/core/types';
import { ScreenTitle } from '@app/widgets/screen-title';
import { Announcer, Empty, ErrorNote, Loading } from '@app/widgets/status';
import { CostChart } from './cost-chart';

/** The stages an order goes through once approved, shown as steps. */
const STAGES = ['scheduled', 'placed', 'shipped', 'out_for_delivery', 'delivered'] as const satisfies readonly OrderStatus[];
const CANCELLABLE: readonly OrderStatus[] = ['approved', 'scheduled'];
const SPENT: readonly OrderStatus[] = ['approved', 'scheduled', 'placed', 'confirmed', 'shipped', 'out_for_delivery', 'delivered'];

interface Data {
  proposals: Order[];
  orders: Order[];
  supplies: Supply[];
  costs: ProductCost[];
}

/**
 * Orders: proposals to approve or decline, orders under way with their stage and a cancel button
 * inside the cancel window, the months' totals against the caps, and the cost per day of use.
 */
export function OrdersScreen() {
  const { api, i18n, household } = useSession();
  const data = useResource<Data>(
    async (a) => {
      const [p, o, s, c] = await Promise.all([
        a.get<{ proposals: Order[] }>('/api/v1/proposals'),
        a.get<{ orders: Order[] }>('/api/v1/orders'),
        a.get<{ supplies: Supply[] }>('/api/v1/supplies'),
        a.get<{ costs: ProductCost[] }>('/api/v1/supplies/costs'),
      ]);
      return { proposals: p.proposals, orders: o.orders, supplies: s.supplies, costs: c.costs };
    },
    [],
    ['order.updated', 'proposal.created', 'stock.low'],
  );
  const [busy, setBusy] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const money = (n: number, currency: string) => i18n.money(n, currency);
  const when = (iso: string) => i18n.date(iso, household.timezone, { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });

  const act = async (order: Order, action: 'approve' | 'decline' | 'cancel') => {
    setBusy(order.id);
    try {
      const path = action === 'cancel' ? `/api/v1/orders/${order.id}/cancel` : `/api/v1/proposals/${order.id}/${action}`;
      await api.post<Order>(path, undefined, { retry: true });
      setAnnouncement(i18n.t(`app.orders.done.${action}`, { name: order.supplyName }));
      await data.reload();
    } catch (err) {
      setAnnouncement(showError(err, i18n).message);
    } finally {
      setBusy(null);
    }
  };

  if (!data.data) return <>{data.error ? <ErrorNote error={data.error} onRetry={() => void data.reload()} /> : <Loading />}</>;
  const { proposals, orders, supplies, costs } = data.data;
  const underWay = orders.filter((o) => !['proposed', 'delivered', 'cancelled', 'failed'].includes(o.status));
  const history = orders.filter((o) => ['delivered', 'cancelled', 'failed'].includes(o.status));
  const month = (iso: string) => new Intl.DateTimeFormat('en-CA', { timeZone: household.timezone, year: 'numeric', month: '2-digit' }).format(new Date(iso));
  const months = new Map<string, number>();
  for (const o of orders) if (SPENT.includes(o.status)) months.set(month(o.createdAt), (months.get(month(o.createdAt)) ?? 0) + o.total);
  const thisMonth = month(new Date().toISOString());
  const capped = supplies.filter((s) => s.policy.maxPerMonth !== null);

  const orderLine = (o: Order) => i18n.t('app.orders.line', { quantity: o.quantity, name: o.supplyName, total: money(o.total, o.currency) });
  return (
    <>
      <ScreenTitle>{i18n.t('app.orders.title')}</ScreenTitle>
      <Announcer message={announcement} />
      <section class="panel" aria-labelledby="proposals-title">
        <h2 id="proposals-title">{i18n.t('app.orders.proposals')}</h2>
        {proposals.length === 0 ? <p class="muted">{i18n.t('app.orders.noProposal')}</p> : null}
        <ul class="order-list">
          {proposals.map((o) => (
            <li key={o.id} class="order" aria-labelledby={`order-${o.id}`}>
              <h3 id={`order-${o.id}`}>{orderLine(o)}</h3>
              <p class="muted">{i18n.t(`app.orders.reasons.${o.reason}`)}</p>
              <div class="actions">
                <button type="button" class="button" disabled={busy === o.id} aria-describedby={`order-${o.id}`} onClick={() => void act(o, 'approve')}>
                  {i18n.t('app.orders.approve')}
                </button>
                <button type="button" class="button button-secondary" disabled={busy === o.id} aria-describedby={`order-${o.id}`} onClick={() => void act(o, 'decline')}>
                  {i18n.t('app.orders.decline')}
                </button>
              </div>
            </li>
          ))}
        </ul>
      </section>
      <section class="panel" aria-labelledby="underway-title">
        <h2 id="underway-title">{i18n.t('app.orders.underWay')}</h2>
        {underWay.length === 0 ? <p class="muted">{i18n.t('app.orders.nothingUnderWay')}</p> : null}
        <ul class="order-list">
          {underWay.map((o) => {
            const stage = STAGES.indexOf(o.status === 'approved' ? 'scheduled' : o.status === 'confirmed' ? 'placed' : (o.status as (typeof STAGES)[number]));
            const cancellable = CANCELLABLE.includes(o.status) && (!o.sendAfter || Date.parse(o.sendAfter) > Date.now());
            return (
              <li key={o.id} class="order" aria-labelledby={`order-${o.id}`}>
                <h3 id={`order-${o.id}`}>{orderLine(o)}</h3>
                <p>
                  <strong>{i18n.t(`app.orders.status.${o.status}`)}</strong>
                  {o.sendAfter && CANCELLABLE.includes(o.status) ? ` · ${i18n.t('app.orders.leavesAt', { when: when(o.sendAfter) })}` : ''}
                </p>
                <ol class="stages" aria-label={i18n.t('app.orders.stages')}>
                  {STAGES.map((s, i) => (
                    <li key={s} class={i <= stage ? 'is-done' : undefined} aria-current={i === stage ? 'step' : undefined}>
                      {i18n.t(`app.orders.status.${s}`)}
                    </li>
                  ))}
                </ol>
                {cancellable ? (
                  <button type="button" class="button button-danger" disabled={busy === o.id} aria-describedby={`order-${o.id}`} onClick={() => void act(o, 'cancel')}>
                    {i18n.t('app.orders.cancel')}
                  </button>
                ) : null}
              </li>
            );
          })}
        </ul>
      </section>
      <section class="panel" aria-labelledby="months-title">
        <h2 id="months-title">{i18n.t('app.orders.months')}</h2>
        {months.size === 0 ? <p class="muted">{i18n.t('app.orders.noSpend')}</p> : null}
        <ul class="month-list">
          {[...months.entries()]
            .sort((a, b) => b[0].localeCompare(a[0]))
            .map(([m, total]) => (
              <li key={m}>
                <span>{i18n.date(`${m}-15`, household.timezone, { month: 'long', year: 'numeric' })}</span>
                <strong>{money(total, household.currency)}</strong>
              </li>
            ))}
        </ul>
        {capped.length ? (
          <ul class="cap-list">
            {capped.map((s) => {
              const spent = orders.filter((o) => o.supplyId === s.id && SPENT.includes(o.status) && month(o.createdAt) === thisMonth).reduce((sum, o) => sum + o.total, 0);
              return (
                <li key={s.id}>
                  <span>{i18n.t('app.orders.capLine', { name: s.name, spent: money(spent, household.currency), cap: money(s.policy.maxPerMonth ?? 0, household.currency) })}</span>
                  <meter min={0} max={s.policy.maxPerMonth ?? 1} high={(s.policy.maxPerMonth ?? 1) * 0.8} value={spent} aria-label={i18n.t('app.orders.capOf', { name: s.name })} />
                </li>
              );
            })}
          </ul>
        ) : null}
      </section>
      <section class="panel" aria-labelledby="costs-title">
        <h2 id="costs-title">{i18n.t('app.orders.costs')}</h2>
        <p class="muted">{i18n.t('app.orders.costsWhat')}</p>
        {costs.some((c) => c.costPerDay !== null) ? <CostChart costs={costs.filter((c) => c.costPerDay !== null)} /> : <p class="muted">{i18n.t('app.orders.noCosts')}</p>}
      </section>
      <section class="panel" aria-labelledby="history-title">
        <h2 id="history-title">{i18n.t('app.orders.history')}</h2>
        {history.length === 0 ? (
          <Empty>
            <p>{i18n.t('app.orders.noHistory')}</p>
          </Empty>
        ) : (
          <ul class="order-list">
            {history.map((o) => (
              <li key={o.id} class="order">
                <span>{orderLine(o)}</span>
                <span class="muted">
                  {i18n.t(`app.orders.status.${o.status}`)} · {when(o.updatedAt)}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
