import { CANCELLABLE_STATUSES, IN_FLIGHT_STATUSES, ORDER_STATUSES, TRANSITIONS, canTransition } from '@server/orders/state-machine';

describe('order state machine', () => {
  it('has final states that go nowhere and no way back to an earlier step', () => {
    for (const end of ['delivered', 'cancelled', 'failed'] as const) expect(TRANSITIONS[end]).toEqual([]);
    const rank = (s: string) => ORDER_STATUSES.indexOf(s as (typeof ORDER_STATUSES)[number]);
    for (const from of ORDER_STATUSES) {
      for (const to of TRANSITIONS[from]) expect(rank(to)).toBeGreaterThan(rank(from));
    }
    expect(canTransition('placed', 'scheduled')).toBe(false);
    expect(canTransition('proposed', 'placed')).toBe(false);
    expect(canTransition('shipped', 'cancelled')).toBe(false);
  });

  it('can reach delivery only through a person or policy approval and the cancel window', () => {
    const reachable = new Set<string>(['proposed']);
    const queue = ['proposed'];
    while (queue.length) {
      const s = queue.shift()! as (typeof ORDER_STATUSES)[number];
      for (const next of TRANSITIONS[s]) {
        if (reachable.has(next)) continue;
        reachable.add(next);
        queue.push(next);
      }
    }
    expect([...reachable].sort()).toEqual([...ORDER_STATUSES].sort());
    expect(TRANSITIONS.proposed).not.toContain('scheduled');
    expect(TRANSITIONS.approved).not.toContain('placed');
    expect(CANCELLABLE_STATUSES).toEqual(['proposed', 'approved', 'scheduled']);
    expect(IN_FLIGHT_STATUSES).toEqual(['proposed', 'approved', 'scheduled', 'placed', 'confirmed', 'shipped', 'out_for_delivery']);
  });
});
