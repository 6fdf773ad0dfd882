import type { DemoContributor } from '@server/demo/types';

/** The wardrobe part of the demo household. */
export const seedWardrobeDemo: DemoContributor = async () => {};
