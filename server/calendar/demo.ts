import type { DemoContributor } from '@server/demo/types';

/** The calendar part of the demo household. */
export const seedCalendarDemo: DemoContributor = async () => {};
