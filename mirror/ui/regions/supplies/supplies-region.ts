import type { StreamMessage } from '@server/mirror/messages';
import { ApiError, NetworkError } from '../../core/api';
import { h } from '../../core/dom';
import type { Order, Supply } from '../../core/types';
import { Region, type RegionContext } from '../region';

/** A supply counts as low at its reorder point, or when it will run out within this many days. */
export const LOW_DAYS = 5;

export function isLow(supply: Pick<Supply, 'level' | 'reorderPoint' | 'daysLeft'>): boolean {
  return supply.level <= supply.reorderPoint || (supply.daysLeft !== null && supply.daysLeft <= LOW_DAYS);
}

/**
 * What is running low and the reorders waiting for a person, approved or declined by touch. One
 * click listener on the region (delegation), so re-rendering never piles up listeners.
 */
export class SuppliesRegion extends Region {
  readonly refreshOn: readonly StreamMessage['type'][] = ['stock.low', 'stock.updated', 'proposal.created', 'order.updated'];
  private readonly busy = new Set<string>();

  constructor(ctx: RegionContext, private readonly onDecided: () => void) {
    super('supplies', 'mirror.ui.supplies.title', ctx);
    this.body.addEventListener('click', (event) => {
      const button = (event.target as Element | null)?.closest<HTMLButtonElement>('button[data-action]');
      if (button?.dataset.id && (button.dataset.action === 'approve' || button.dataset.action === 'decline')) void this.decide(button.dataset.id, button.dataset.action, button);
    });
  }

  protected async load(): Promise<void> {
    const { api } = this.ctx;
    const [{ supplies }, proposals] = await Promise.all([
      api.get<{ supplies: Supply[] }>('/api/v1/supplies'),
      api.get<{ proposals: Order[] }>('/api/v1/proposals').catch((err: unknown) => {
        if (err instanceof NetworkError) throw err;
        return null;
      }),
    ]);
    this.render(supplies, proposals?.proposals ?? null);
  }

  private async decide(id: string, action: 'approve' | 'decline', button: HTMLButtonElement): Promise<void> {
    if (this.busy.has(id)) return;
    this.busy.add(id);
    const card = button.closest('.proposal');
    card?.querySelectorAll('button').forEach((b) => (b.disabled = true));
    try {
      // An approval carries the price the person saw (refused if the store's price changed since),
      // and goes over a spending cap only from the button that says so.
      const body = action === 'approve' ? { total: Number(button.dataset.total), ...(button.dataset.overCap === 'true' ? { overrideCap: true } : {}) } : undefined;
      await this.ctx.api.post(`/api/v1/proposals/${encodeURIComponent(id)}/${action}`, body);
    } catch (err) {
      const message = err instanceof ApiError ? err.message : this.ctx.i18n.t('mirror.ui.offlineNoData');
      card?.append(h('p', { class: 'error small', text: message }));
    } finally {
      this.busy.delete(id);
    }
    await this.refresh();
    this.onDecided();
  }

  private render(supplies: Supply[], proposals: Order[] | null): void {
    const { i18n, fmt } = this.ctx;
    const byId = new Map(supplies.map((s) => [s.id, s]));
    const children: Node[] = [];
    for (const proposal of proposals ?? []) {
      const supply = byId.get(proposal.supplyId);
      const name = proposal.supplyName ?? supply?.name ?? proposal.sku;
      const overCap = proposal.reason === 'overPerOrderCap' || proposal.reason === 'overMonthlyCap';
      children.push(
        h(
          'div',
          { class: 'proposal card', data: { proposal: proposal.id } },
          h('div', { class: 'card-title', text: i18n.t('mirror.ui.supplies.proposal', { name }) }),
          h('div', { class: 'muted', text: i18n.t('mirror.ui.supplies.proposalDetail', { count: proposal.quantity, total: fmt.money(proposal.total, proposal.currency) }) }),
          h(
            'div',
            { class: 'actions' },
            h('button', {
              class: 'btn btn-approve',
              text: i18n.t(overCap ? 'mirror.ui.supplies.approveOverCap' : 'mirror.ui.supplies.approve'),
              data: { action: 'approve', id: proposal.id, total: String(proposal.total), overCap: String(overCap) },
              attrs: { type: 'button' },
            }),
            h('button', { class: 'btn btn-decline', text: i18n.t('mirror.ui.supplies.decline'), data: { action: 'decline', id: proposal.id }, attrs: { type: 'button' } }),
          ),
        ),
      );
    }
    const pending = new Set((proposals ?? []).map((p) => p.supplyId));
    const low = supplies.filter((s) => isLow(s) && !pending.has(s.id)).sort((a, b) => (a.daysLeft ?? Infinity) - (b.daysLeft ?? Infinity));
    for (const supply of low) {
      const ratio = supply.capacity > 0 ? Math.max(0, Math.min(1, supply.level / supply.capacity)) : 0;
      const gauge = h('div', { class: 'gauge' });
      const fill = h('div', { class: ratio <= 0.15 ? 'gauge-fill critical' : 'gauge-fill' });
      fill.style.width = `${Math.round(ratio * 100)}%`;
      gauge.append(fill);
      const left =
        supply.daysLeft !== null
          ? i18n.t('mirror.ui.supplies.daysLeft', { count: Math.max(0, Math.round(supply.daysLeft)) })
          : i18n.t('mirror.ui.supplies.level', { level: fmt.number(supply.level), unit: supply.unit });
      children.push(h('div', { class: 'low-stock card', data: { supply: supply.id } }, h('div', { class: 'card-title', text: supply.name }), gauge, h('div', { class: 'muted', text: left })));
    }
    if (!children.length) children.push(h('p', { class: 'empty', text: i18n.t('mirror.ui.supplies.allGood') }));
    if (proposals === null) children.push(h('p', { class: 'muted small', text: i18n.t('mirror.ui.unavailable.proposals') }));
    this.body.replaceChildren(...children);
  }
}
