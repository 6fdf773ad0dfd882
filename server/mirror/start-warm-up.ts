import type { FastifyInstance } from 'fastify';
import { WARM_UP_HOUSEHOLDS } from '@server/outfits/plugin';
import { BATCH_READS_PATH, MIRROR_POWER_PATH } from './messages';

/** The page's first reads (mirror/ui/main.ts): the household, with the night override. */
export const MIRROR_BOOT_READS = ['/api/v1/household', MIRROR_POWER_PATH];

/**
 * The regions' reads at start (mirror/ui/app.ts and its regions), for a household with these
 * people. Kept in step with the page by test/mirror/mirror.e2e.test.ts.
 */
export function mirrorStartReads(profileIds: readonly string[]): string[] {
  return [
    '/api/v1/weather',
    '/api/v1/agenda',
    '/api/v1/wardrobe/items',
    ...profileIds.map((id) => `/api/v1/outfits/today?profile=${encodeURIComponent(id)}`),
    '/api/v1/supplies',
    '/api/v1/proposals',
    '/api/v1/orders',
  ];
}

interface Answered {
  path: string;
  status: number;
  body: unknown;
}

/**
 * One household's mirror start, read through the routes as its page reads it (the same two
 * batches), with a display token that lives only in memory for that long (nothing written: these
 * are reads). The first mirror after a server start would otherwise pay for every code path on
 * its way compiled on first use (V8 compiles lazily; each response shape's serializer runs its
 * checks for the first time; each statement is prepared), on the server's one thread: a few
 * hundred milliseconds on a Raspberry Pi, spread over every call of that first render.
 */
export async function readMirrorStart(app: FastifyInstance, householdId: string): Promise<Omit<Answered, 'body'>[]> {
  return app.households.tokens.withInProcessToken(householdId, async (token) => {
    const read = async (paths: string[]): Promise<Answered[]> => {
      const res = await app.inject({ method: 'POST', url: BATCH_READS_PATH, headers: { authorization: `Bearer ${token}` }, payload: { paths } });
      if (res.statusCode !== 200) return paths.map((path) => ({ path, status: res.statusCode, body: null }));
      const { responses } = res.json<{ responses: { status: number; body: unknown }[] }>();
      return paths.map((path, i) => ({ path, status: responses[i]?.status ?? 0, body: responses[i]?.body ?? null }));
    };
    const boot = await read(MIRROR_BOOT_READS);
    const household = boot[0].status === 200 ? (boot[0].body as { profiles: { id: string }[] }) : null;
    const regions = household ? await read(mirrorStartReads(household.profiles.map((p) => p.id))) : [];
    return [...boot, ...regions].map(({ path, status }) => ({ path, status }));
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
