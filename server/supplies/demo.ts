import type { DemoContributor } from '@server/demo/types';

/** The supplies part of the demo household. */
export const seedSuppliesDemo: DemoContributor = async () => {};
