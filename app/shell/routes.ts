/**
 * The screens reachable from the bottom navigation, by hash (`#/wardrobe`): the hash never reaches
 * the server, so /app stays one page and a reload keeps the screen.
 */
export const SCREENS = ['today', 'wardrobe', 'supplies', 'orders', 'privacy'] as const;
export type ScreenName = (typeof SCREENS)[number];

export function screenFromHash(hash: string): ScreenName {
  const name = hash.replace(/^#\/?/, '').split(/[/?]/)[0];
  return (SCREENS as readonly string[]).includes(name) ? (name as ScreenName) : 'today';
}
