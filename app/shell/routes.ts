/**
 * The screens, by hash (`#/wardrobe`): the hash never reaches the server, so /app stays one page
 * and a reload keeps the screen. The bottom navigation holds the daily ones and "More"; the
 * others are reached from More and light it up.
 */
/** `setup` is first run (reached from the demo banner), under neither the tabs nor More. */
export const SCREENS = ['today', 'wardrobe', 'supplies', 'orders', 'more', 'people', 'calendars', 'settings', 'privacy', 'phones', 'voice', 'setup'] as const;
export type ScreenName = (typeof SCREENS)[number];
export const NAV = ['today', 'wardrobe', 'supplies', 'orders', 'more'] as const satisfies readonly ScreenName[];
export type NavName = (typeof NAV)[number];
export const UNDER_MORE = ['people', 'calendars', 'settings', 'privacy', 'phones', 'voice'] as const satisfies readonly ScreenName[];

export function screenFromHash(hash: string): ScreenName {
  const name = hash.replace(/^#\/?/, '').split(/[/?]/)[0];
  return (SCREENS as readonly string[]).includes(name) ? (name as ScreenName) : 'today';
}

export function navOf(screen: ScreenName): NavName {
  return (NAV as readonly string[]).includes(screen) ? (screen as NavName) : 'more';
}
