import type { NavName } from './routes';

/** Navigation pictograms, drawn inline (no icon font, nothing fetched). Decorative: the label names the link. */
const PATHS: Record<NavName, string> = {
  today: 'M12 3v2M12 19v2M4.2 4.2l1.4 1.4M18.4 18.4l1.4 1.4M3 12h2M19 12h2M4.2 19.8l1.4-1.4M18.4 5.6l1.4-1.4M12 8a4 4 0 1 0 0 8 4 4 0 0 0 0-8z',
  wardrobe: 'M9 3l-6 3 2 5 3-1v11h8V10l3 1 2-5-6-3c-1 2-2 3-3 3s-2-1-3-3z',
  supplies: 'M7 3h10v4l2 3v11H5V10l2-3zM5 13h14',
  orders: 'M3 5h2l2 11h11l2-8H6.5M9 20.5a1 1 0 1 0 0-.01M17 20.5a1 1 0 1 0 0-.01',
  more: 'M5 12h.01M12 12h.01M19 12h.01M4 6h16M4 18h16',
};

export function NavIcon({ name }: { name: NavName }) {
  return (
    <svg class="nav-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path d={PATHS[name]} fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round" />
    </svg>
  );
}
