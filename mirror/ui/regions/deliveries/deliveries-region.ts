import type { StreamMessage } from '@server/mirror/messages';
import { NetworkError } from '../../core/api';
import { h } from '../../core/dom';
import type { Order, Supply } from '../../core/types';
import { Region, type RegionContext } from '../region';

/** The order states between a person's yes and the doorstep. */
export const ON_THE_WAY = ['approved', 'scheduled', 'placed', 'confirmed', 'shipped', 'out_for_delivery'] as const;

export class DeliveriesRegion extends Region {
  readonly refreshOn: readonly StreamMessage['type'][] = ['order.updated', 'proposal.created'];

  constructor(ctx: RegionContext) {
    super('deliveries', 'mirror.ui.deliveries.title', ctx);
  }

  protected async load(): Promise<void> {
    const { api } = this.ctx;
    const [{ orders }, supplies] = await Promise.all([
      api.get<{ orders: Order[] }>('/api/v1/orders'),
      api.get<{ supplies: Supply[] }>('/api/v1/supplies').catch((err: unknown) => {
        if (err instanceof NetworkError) throw err;
        return { supplies: [] as Supply[] };
      }),
    ]);
    const names = new Map(supplies.supplies.map((s) => [s.id, s.name]));
    const moving = orders
      .filter((o) => (ON_THE_WAY as readonly string[]).includes(o.status))
      .sort((a, b) => ON_THE_WAY.indexOf(b.status as (typeof ON_THE_WAY)[number]) - ON_THE_WAY.indexOf(a.status as (typeof ON_THE_WAY)[number]));
    this.render(moving, names);
  }

  private render(orders: Order[], names: Map<string, string>): void {
    const { i18n, fmt } = this.ctx;
    if (!orders.length) {
      this.body.replaceChildren(h('p', { class: 'empty', text: i18n.t('mirror.ui.deliveries.none') }));
      return;
    }
    const list = h('ul', { class: 'delivery-list' });
    for (const order of orders) {
      const leaves = order.status === 'scheduled' && order.sendAfter ? order.sendAfter : null;
      const step = ON_THE_WAY.indexOf(order.status as (typeof ON_THE_WAY)[number]);
      const progress = h('div', { class: 'steps' }, ...ON_THE_WAY.map((_s, i) => h('span', { class: i <= step ? 'step done' : 'step' })));
      list.append(
        h(
          'li',
          { class: 'delivery card', data: { order: order.id, status: order.status } },
          h('div', { class: 'card-title', text: order.supplyName ?? names.get(order.supplyId) ?? order.sku }),
          h('div', { class: 'delivery-status', text: i18n.t(`mirror.ui.deliveries.status.${order.status}`) }),
          progress,
          leaves ? h('div', { class: 'muted', text: i18n.t('mirror.ui.deliveries.leaves', { time: fmt.sameDay(leaves, this.ctx.now()) ? fmt.time(leaves) : `${fmt.shortDate(leaves)} ${fmt.time(leaves)}` }) }) : null,
        ),
      );
    }
    this.body.replaceChildren(list);
  }
}
