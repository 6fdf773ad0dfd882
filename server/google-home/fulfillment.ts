import type { Static } from '@sinclair/typebox';
import type { SmartHomeV1ExecuteResponseCommands } from 'actions-on-google';
import type { FastifyInstance } from 'fastify';
import { AppError } from '@server/core/errors';
import { newId } from '@server/core/ids';
import { translator } from '@server/plugins/i18n';
import { money } from '@skills/core/format';
import { deviceState, MIRROR_ID, REORDER_PREFIX, syncDevices, syncFingerprint, reportableStates, type HomeFacts, type SyncDevice } from './devices';
import type { HomeGraphReporter } from './reporter';
import type { ExecutePayload, QueryPayload } from './schemas';

/** The acknowledged retry must come soon after the read-back; later, Google asks again. */
export const ACK_WINDOW_MS = 5 * 60_000;

/** Who a request speaks for, from its bearer token (checked before anything else). */
export interface SmartHomeCaller {
  householdId: string;
  tokenId: string;
}

interface PendingReorder {
  quantity: number;
  total: number;
  currency: string;
  productName: string;
  key: string;
  at: string;
}

/** Conversation state of the household's Google Home: the reorders read back and waiting for an ack. */
const stateUser = (householdId: string): string => `smarthome:${householdId}`;

export interface GoogleHomeDeps {
  app: FastifyInstance;
  reporter: HomeGraphReporter | null;
}

export async function homeFacts(app: FastifyInstance, householdId: string): Promise<HomeFacts & { locale: string }> {
  const h = await app.households.get(householdId);
  const power = await app.mirrorPower.state(householdId);
  return { name: h.name, timezone: h.timezone, locale: h.locale, nightMode: h.settings.nightMode, mirrorAwake: power.awake, supplies: await app.supplies.list(householdId) };
}

export function devicesOf(facts: HomeFacts & { locale: string }): SyncDevice[] {
  const t = translator(facts.locale);
  return syncDevices(facts, {
    mirror: t('googleHome.mirrorName'),
    reorder: (name) => t('googleHome.reorderName', { name }),
    fill: { empty: t('googleHome.fill.empty'), low: t('googleHome.fill.low'), half: t('googleHome.fill.half'), full: t('googleHome.fill.full') },
    lang: facts.locale.slice(0, 2).toLowerCase(),
  });
}

/** What the reporter sends for a household: nothing unless it has a live Google link. */
export async function snapshot(app: FastifyInstance, householdId: string): Promise<{ fingerprint: string; states: Record<string, Record<string, unknown>> } | null> {
  if (!(await app.oauth.isLinked(householdId, 'google'))) return null;
  const facts = await homeFacts(app, householdId);
  const devices = devicesOf(facts);
  return { fingerprint: syncFingerprint(devices), states: reportableStates(facts, devices) };
}

/**
 * The smart home fulfillment, one actions-on-google `smarthome()` app per request bound to the
 * caller's household. It translates only: levels come from the supplies service, orders from the
 * orders service (with an idempotency key drawn when the price was read back), night hours from
 * the household.
 */
export async function smartHomeApp(deps: GoogleHomeDeps, caller: SmartHomeCaller) {
  const { app } = deps;
  const { householdId } = caller;
  // Loaded on the first Google request: the library weighs ~40 MB, which a home without Google should not carry.
  const { smarthome } = await import('actions-on-google');
  const home = smarthome();

  home.onSync(async (body) => {
    const facts = await homeFacts(app, householdId);
    const devices = devicesOf(facts);
    deps.reporter?.synced(householdId, syncFingerprint(devices));
    return { requestId: body.requestId, payload: { agentUserId: householdId, devices } };
  });

  home.onQuery(async (body) => {
    // Checked by the route against QueryPayload before this runs.
    const payload = body.inputs[0].payload as unknown as Static<typeof QueryPayload>;
    const facts = await homeFacts(app, householdId);
    const devices: Record<string, unknown> = {};
    for (const { id } of payload.devices) devices[id] = deviceState(facts, id) ?? { online: false, status: 'ERROR', errorCode: 'deviceNotFound' };
    return { requestId: body.requestId, payload: { devices } };
  });

  home.onExecute(async (body) => {
    // Checked by the route against ExecutePayload before this runs.
    const payload = body.inputs[0].payload as unknown as ExecutePayload;
    const facts = await homeFacts(app, householdId);
    const commands: SmartHomeV1ExecuteResponseCommands[] = [];
    for (const command of payload.commands) {
      for (const device of command.devices) {
        for (const execution of command.execution) commands.push(await executeOne(deps, facts, householdId, device.id, execution));
      }
    }
    return { requestId: body.requestId, payload: { commands } };
  });

  home.onDisconnect(async () => {
    // Only the link this token belongs to ends; another Google account linked to the home stays.
    const grantId = await app.oauth.grantOfAccessToken(caller.tokenId);
    if (grantId) await app.oauth.revokeGrantById(grantId);
    if (!(await app.oauth.isLinked(householdId, 'google'))) deps.reporter?.forget(householdId);
    return {};
  });

  return home;
}

async function executeOne(
  deps: GoogleHomeDeps,
  facts: HomeFacts & { locale: string },
  householdId: string,
  id: string,
  execution: ExecutePayload['commands'][number]['execution'][number],
): Promise<SmartHomeV1ExecuteResponseCommands> {
  const { app } = deps;
  const fail = (errorCode: string, debugString?: string): SmartHomeV1ExecuteResponseCommands => ({ ids: [id], status: 'ERROR', errorCode, ...(debugString ? { debugString } : {}) });
  if (deviceState(facts, id) === null) return fail('deviceNotFound');
  if (id === MIRROR_ID) {
    if (execution.command !== 'action.devices.commands.OnOff' || typeof execution.params?.on !== 'boolean') return fail('functionNotSupported');
    const power = await app.mirrorPower.set(householdId, execution.params.on, 'google');
    return { ids: [id], status: 'SUCCESS', states: { online: true, on: power.awake } };
  }
  if (!id.startsWith(REORDER_PREFIX) || execution.command !== 'action.devices.commands.ActivateScene') return fail('functionNotSupported');
  if (execution.params?.deactivate === true) return fail('functionNotSupported', 'an order is cancelled in the app or by voice on Alexa');
  const supplyId = id.slice(REORDER_PREFIX.length);
  const user = stateUser(householdId);
  const stored = await app.skills.voiceUsers.loadState('google', user);
  const pending = (stored.reorders ?? {}) as Record<string, PendingReorder>;
  const now = app.clock.now();
  const waiting = pending[supplyId];
  const fresh = waiting && now.getTime() - Date.parse(waiting.at) <= ACK_WINDOW_MS ? waiting : null;
  try {
    if (execution.challenge?.ack === true && fresh) {
      // The acknowledged retry: the key drawn with the read-back makes a repeat of it the same order.
      const { order } = await app.orders.create(householdId, { supplyId, quantity: fresh.quantity, idempotencyKey: `google-home:${fresh.key}`, channel: 'google' });
      return { ids: [id], status: 'SUCCESS', states: { online: true, orderId: order.id, orderStatus: order.status } };
    }
    const quote = await app.orders.quote(householdId, supplyId);
    const read: PendingReorder = { quantity: quote.quantity, total: quote.total, currency: quote.currency, productName: quote.productName, key: newId(), at: now.toISOString() };
    await app.skills.voiceUsers.saveState('google', user, householdId, { ...stored, reorders: { ...pending, [supplyId]: read } });
    return {
      ids: [id],
      status: 'ERROR',
      errorCode: 'challengeNeeded',
      challengeNeeded: { type: 'ackNeeded' },
      states: { online: true, product: read.productName, quantity: read.quantity, price: money(read.total, read.currency, facts.locale) },
    };
  } catch (err) {
    if (err instanceof AppError && err.statusCode < 500) return fail('actionNotAvailable', err.code);
    throw err;
  }
}

