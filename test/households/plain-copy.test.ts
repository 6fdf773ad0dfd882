import { copyPlain } from '@server/core/plain-copy';

describe('copyPlain (what the household read cache hands out)', () => {
  it('copies deeply: changing the copy never changes the kept value', () => {
    const kept = { id: 'h', settings: { nightMode: { start: '22:00', end: '07:00' }, tags: ['a', 'b'] }, latitude: null, demo: false, n: 3 };
    const copy = copyPlain(kept);
    expect(copy).toEqual(kept);
    copy.settings.nightMode.start = '23:00';
    copy.settings.tags.push('c');
    expect(kept.settings.nightMode.start).toBe('22:00');
    expect(kept.settings.tags).toEqual(['a', 'b']);
  });

  it('keeps a driver’s Date a Date, copied', () => {
    const kept = [{ created_at: new Date('2026-11-30T07:00:00Z') }];
    const copy = copyPlain(kept);
    expect(copy[0].created_at).toBeInstanceOf(Date);
    expect(copy[0].created_at).not.toBe(kept[0].created_at);
    expect(copy[0].created_at.toISOString()).toBe('2026-11-30T07:00:00.000Z');
  });
});
