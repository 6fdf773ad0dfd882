import { backoffDelay } from '@mirror/ui/core/live';
import { takeToken } from '@mirror/ui/core/token';
import { isLow } from '@mirror/ui/regions/supplies/supplies-region';

/** Just enough of Location, History and Storage for takeToken, recording what it does. */
function browser(hash: string) {
  const store = new Map<string, string>();
  const replaced: string[] = [];
  const location = { hash, pathname: '/mirror', search: '' } as Location;
  const history = { replaceState: (_s: unknown, _t: string, url: string) => replaced.push(url) } as unknown as History;
  const storage = { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v) } as Storage;
  return { location, history, storage, store, replaced };
}

describe('the page token', () => {
  it('is taken from the fragment once, kept, and removed from the address bar', () => {
    const b = browser('#token=mh_abc');
    expect(takeToken(b.location, b.history, b.storage)).toBe('mh_abc');
    expect(b.store.get('miroir.token')).toBe('mh_abc');
    expect(b.replaced).toEqual(['/mirror']);
    const later = browser('');
    later.storage.setItem('miroir.token', 'mh_abc');
    expect(takeToken(later.location, later.history, later.storage)).toBe('mh_abc');
    expect(later.replaced).toEqual([]);
  });

  it('is absent on a mirror never linked', () => {
    const b = browser('#other=1');
    expect(takeToken(b.location, b.history, b.storage)).toBeNull();
  });
});

describe('reconnection backoff', () => {
  it('doubles from 1 s up to 30 s, jittered ±25 %', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 40].map((a) => backoffDelay(a, () => 0.5))).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
    expect(backoffDelay(2, () => 0)).toBe(3000);
    expect(backoffDelay(2, () => 1)).toBe(5000);
  });
});

describe('low stock', () => {
  const supply = { id: 's', name: 'Milk', unit: 'L', capacity: 6, level: 4, reorderPoint: 2, daysLeft: 10 };
  it('is at the reorder point or close to running out', () => {
    expect(isLow(supply)).toBe(false);
    expect(isLow({ ...supply, level: 2 })).toBe(true);
    expect(isLow({ ...supply, daysLeft: 4 })).toBe(true);
    expect(isLow({ ...supply, daysLeft: null })).toBe(false);
  });
});
