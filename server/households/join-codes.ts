import { randomInt } from 'node:crypto';
import type { Clock } from '@server/core/clock';
import { AppError } from '@server/core/errors';
import { hashToken, newId } from '@server/core/ids';
import { AuditLog } from '@server/privacy/audit';
import type { Store } from '@server/store/store';
import { GuessLimit } from './guess-limit';
import type { TokenService } from './tokens';

/**
 * Phone join codes: the mirror (or a phone already in) shows a short code and its QR; a new phone
 * types or scans it and gets an `app` token of its own. Like the voice pairing code
 * (server/skills/pairing.ts), the proof is physical presence: whoever reads the code off the
 * mirror in the hall, or off the terminal, is in the home. That is why the display token may ask
 * for one, and why a code is short-lived, single use, stored only as a hash, and why guessing is
 * bounded per address and across the service.
 */
export const JOIN_CODE_TTL_MS = 10 * 60_000;
/** No 0/O, 1/I/L, so a code read off a screen is typed right the first time. */
export const JOIN_CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const JOIN_CODE_LENGTH = 8;
/** A household asking for more than this many live codes is a script, not a person. */
const MAX_LIVE_CODES = 10;
/** Wrong codes one address may send per window before being locked out until the window passes. */
export const MAX_JOIN_FAILURES_PER_ADDRESS = 5;
/**
 * Wrong codes across the service per window before every redeem is refused until it passes: many
 * addresses guessing together are stopped too. With 31⁸ ≈ 8.5·10¹¹ codes and at most ten live per
 * home, 100 guesses hit some home with odds of about 10⁻⁹ per home.
 */
export const MAX_JOIN_FAILURES_PER_SERVICE = 100;
/** Codes dead for this long are deleted as new ones are issued. */
const DEAD_CODE_KEEP_MS = 86_400_000;
const guesses = new GuessLimit('join', { windowMs: JOIN_CODE_TTL_MS, perGuesser: MAX_JOIN_FAILURES_PER_ADDRESS, perService: MAX_JOIN_FAILURES_PER_SERVICE });

export interface IssuedJoinCode {
  /** Shown as `K7QF-2M9D`; typed in any case, with or without the dash. */
  code: string;
  expiresAt: string;
}

export interface JoinedPhone {
  token: string;
  tokenId: string;
  label: string;
  household: { id: string; name: string };
}

/** `k7qf 2m9d`, `K7QF-2M9D` → `K7QF2M9D`; null when it cannot be a code (nothing is looked up). */
export function normalizeJoinCode(input: string): string | null {
  const code = input.toUpperCase().replace(/[\s\-‐‑–—_.]/g, '');
  if (code.length !== JOIN_CODE_LENGTH) return null;
  for (const c of code) if (!JOIN_CODE_ALPHABET.includes(c)) return null;
  return code;
}

export function formatJoinCode(code: string): string {
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

function newCode(): string {
  let code = '';
  for (let i = 0; i < JOIN_CODE_LENGTH; i++) code += JOIN_CODE_ALPHABET[randomInt(JOIN_CODE_ALPHABET.length)];
  return code;
}

type RedeemOutcome = { kind: 'joined'; phone: JoinedPhone } | { kind: 'locked' } | { kind: 'unknown' } | { kind: 'expired' } | { kind: 'used' };

export class JoinCodeService {
  private readonly audit: AuditLog;

  constructor(private readonly store: Store, private readonly clock: Clock, private readonly tokens: TokenService) {
    this.audit = new AuditLog(store, clock);
  }

  async issue(householdId: string, createdBy: string | null): Promise<IssuedJoinCode> {
    const now = this.clock.now();
    const nowIso = now.toISOString();
    const expiresAt = new Date(now.getTime() + JOIN_CODE_TTL_MS).toISOString();
    return this.store.transaction(async (tx) => {
      const live = await tx
        .selectFrom('join_codes')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('household_id', '=', householdId)
        .where('used_at', 'is', null)
        .where('expires_at', '>', nowIso)
        .executeTakeFirstOrThrow();
      if (Number(live.n) >= MAX_LIVE_CODES) throw new AppError('households.joinCodeTooMany', 429);
      // Codes dead for a day are of no use even to tell "expired" from "unknown".
      await tx.deleteFrom('join_codes').where('expires_at', '<', new Date(now.getTime() - DEAD_CODE_KEEP_MS).toISOString()).execute();
      for (let attempt = 0; attempt < 10; attempt++) {
        const code = newCode();
        const taken = await tx.selectFrom('join_codes').select('id').where('code_hash', '=', hashToken(code)).executeTakeFirst();
        if (taken) continue;
        await tx
          .insertInto('join_codes')
          .values({ id: newId(), household_id: householdId, code_hash: hashToken(code), created_by: createdBy, created_at: nowIso, expires_at: expiresAt, used_at: null, token_id: null })
          .execute();
        return { code: formatJoinCode(code), expiresAt };
      }
      throw new AppError('households.joinCodeTooMany', 429);
    });
  }

  /**
   * Exchanges a live code for a new `app` token labelled with the phone's name, in one
   * transaction with the code's consumption and the audit row: two phones sending the same code
   * at once get one token between them. A wrong, expired or used code is counted against the
   * address (and the service) outside that transaction, so the count survives the refusal.
   */
  async redeem(input: { code: string; deviceName: string }, address: string): Promise<JoinedPhone> {
    const now = this.clock.now();
    const nowIso = now.toISOString();
    const addressHash = hashToken(`join:${address}`);
    const label = input.deviceName.trim();
    if (label.length === 0 || [...label].length > 60) throw new AppError('households.deviceNameInvalid', 400, { field: 'deviceName' });
    const code = normalizeJoinCode(input.code);

    const outcome = await this.store.transaction(async (tx): Promise<RedeemOutcome> => {
      // Locked without looking at the code: a guesser learns nothing more until the window passes.
      if (await guesses.locked(tx, addressHash, now)) return { kind: 'locked' };
      const row = code ? await tx.selectFrom('join_codes').selectAll().where('code_hash', '=', hashToken(code)).executeTakeFirst() : undefined;
      if (!row) return { kind: 'unknown' };
      if (row.used_at !== null) return { kind: 'used' };
      if (row.expires_at <= nowIso) return { kind: 'expired' };
      // The conditional update is the lock: of two redeems of one code, only one changes the row.
      const claimed = await tx.updateTable('join_codes').set({ used_at: nowIso }).where('id', '=', row.id).where('used_at', 'is', null).executeTakeFirst();
      if (Number(claimed.numUpdatedRows) !== 1) return { kind: 'used' };
      const issued = await this.tokens.issueRow(row.household_id, 'app', null, label, tx, null);
      await tx.updateTable('join_codes').set({ token_id: issued.id }).where('id', '=', row.id).execute();
      await this.audit.record(row.household_id, { action: 'phone.joined', actor: 'household_token', channel: 'api', tokenId: issued.id, detail: { deviceName: label } }, tx);
      const household = await tx.selectFrom('households').select(['id', 'name']).where('id', '=', row.household_id).executeTakeFirstOrThrow();
      return { kind: 'joined', phone: { token: issued.token, tokenId: issued.id, label, household } };
    });

    switch (outcome.kind) {
      case 'joined':
        return outcome.phone;
      case 'locked':
        this.onLocked?.();
        throw new AppError('households.joinLocked', 429, { field: 'code' });
      default:
        await this.store.transaction((tx) => guesses.failed(tx, addressHash, now));
        throw new AppError(
          outcome.kind === 'unknown' ? 'households.joinCodeUnknown' : outcome.kind === 'expired' ? 'households.joinCodeExpired' : 'households.joinCodeUsed',
          outcome.kind === 'unknown' ? 400 : outcome.kind === 'expired' ? 410 : 409,
          { field: 'code' },
        );
    }
  }

  /** Told when a redeem is refused by the lockout (the server logs it: someone is guessing). */
  onLocked?: () => void;
}
