/** Packs in one order, whoever asks (API, voice, mirror, automation): the service checks it, the HTTP schema repeats it. */
export const MAX_QUANTITY = 20;

/** A proposal nobody answers is withdrawn after this (and the supply's reorder is decided again, at the day's price). */
export const PROPOSAL_TTL_HOURS = 48;
