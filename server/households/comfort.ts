/**
 * "I run warm / neutral / I run cold": what a person says about themselves, before any feedback
 * (the outfit service turns it into a felt-temperature offset, models/comfort.ts). Pure: the
 * household app's bundle imports it too.
 */
export const COMFORTS = ['warm', 'neutral', 'cold'] as const;
export type Comfort = (typeof COMFORTS)[number];
