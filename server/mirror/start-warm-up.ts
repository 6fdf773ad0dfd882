import type { FastifyInstance } from 'fastify';
import { WARM_UP_HOUSEHOLDS } from '@server/outfits/plugin';
import { BATCH_READS_PATH, EVENTS_POSITION_PATH, MIRROR_POWER_PATH, MIRROR_WEATHER_PATH } from './messages';

/**
 * The reads the mirror's page makes at start (mirror/ui/main.ts, app.ts and its regions), as one
 * batch, for a household with these people. Kept in step with the regions by the warm-up test.
 */
export function mirrorStartReads(profileIds: readonly string[]): string[] {
  return [
    EVENTS_POSITION_PATH,
    MIRROR_POWER_PATH,
    MIRROR_WEATHER_PATH,
    '/api/v1/agenda',
    ...profileIds.map((id) => `/api/v1/outfits/today?profile=${encodeURIComponent(id)}`),
    '/api/v1/supplies',
    '/api/v1/proposals',
    '/api/v1/orders',
  ];
}

/**
 * One household's mirror start, read through the routes as its page reads it, with a display
 * token that lives only in memory for that long (nothing written: these are reads). The first
 * mirror after a server start would otherwise pay for every code path on its way compiled on
 * first use (V8 compiles lazily; each response shape's serializer runs its checks for the first
 * time; each statement is prepared), one after the other on the server's one thread: a few
 * hundred milliseconds on a Raspberry Pi, for every call of that first render.
 */
export async function readMirrorStart(app: FastifyInstance, householdId: string): Promise<{ path: string; status: number }[]> {
  return app.households.tokens.withInProcessToken(householdId, async (token) => {
    const headers = { authorization: `Bearer ${token}` };
    const household = await app.inject({ method: 'GET', url: '/api/v1/household', headers });
    const answered = [{ path: '/api/v1/household', status: household.statusCode }];
    if (household.statusCode !== 200) return answered;
    const paths = mirrorStartReads(household.json<{ profiles: { id: string }[] }>().profiles.map((p) => p.id));
    const reads = await app.inject({ method: 'POST', url: BATCH_READS_PATH, headers, payload: { paths } });
    if (reads.statusCode !== 200) return [...answered, { path: BATCH_READS_PATH, status: reads.statusCode }];
    const { responses } = reads.json<{ responses: { status: number }[] }>();
    return [...answered, ...paths.map((path, i) => ({ path, status: responses[i]?.status ?? 0 }))];
  });
}

/**
 * Once listening, in the background (the server answers `/health` meanwhile), a home server (a
 * few households) reads each household's mirror start once, so the first mirror after a restart
 * is served like the next ones. A fleet's instance, with many households, leaves it to the first
 * reads, as the outfits do.
 */
export async function warmUpMirrorStart(app: FastifyInstance): Promise<void> {
  const ids = await app.households.listIds();
  if (ids.length > WARM_UP_HOUSEHOLDS) return;
  // The routes' schemas first, compiled a few at a time: a read would otherwise compile its own in
  // one go, holding the event loop (and a /health) for as long.
  await app.schemas.warmUp();
  for (const householdId of ids) {
    if (app.fleet.draining) return;
    const failed = (await readMirrorStart(app, householdId)).filter((read) => read.status >= 500);
    // A read that fails here fails for the page too, which says so; the log says where.
    if (failed.length) app.log.warn({ householdId, failed }, "a mirror start-up read failed while warming up");
  }
}
