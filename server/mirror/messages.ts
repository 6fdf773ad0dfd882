import type { DomainEvent } from '@server/core/events';

/**
 * What flows over the mirror's SSE stream: the household's domain events, plus `stream.resync`
 * when the server cannot replay what the page missed (a server restart, a gap too long for the
 * replay buffer, a first connection). The mirror UI imports this type too, so both sides agree.
 */
export interface StreamResync {
  type: 'stream.resync';
  reason: 'connected' | 'gap';
}

export type StreamMessage = DomainEvent | StreamResync;

/** Where the page finds its data; the UI and the server tests use the same names. */
export const EVENTS_PATH = '/api/v1/events';
/**
 * Where the stream stands (the id of the newest event): read first in the page's start batch, it
 * tells the page whether anything happened between its reads and its stream's subscription.
 */
export const EVENTS_POSITION_PATH = '/api/v1/events/position';
/** The mirror's awake/night state (server/mirror/power-routes.ts). */
export const MIRROR_POWER_PATH = '/api/v1/mirror/power';
/**
 * The mirror's forecast: the hours from the current one, a day of them. The region shows twelve
 * and slides them with the clock between refreshes (every half hour at most); the other days'
 * hours (a week's forecast: 168) would be written, sent and parsed for nothing.
 */
export const MIRROR_WEATHER_PATH = '/api/v1/weather?hours=24';
/** Several reads in one request (server/plugins/batch-reads.ts): the page's regions read together. */
export const BATCH_READS_PATH = '/api/v1/reads';
