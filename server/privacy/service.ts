import type { Clock } from '@server/core/clock';
import type { TokenService } from '@server/households/tokens';
import type { Store } from '@server/store/store';
import { AuditLog, type AuditActor } from './audit';
import type { ConsentService, ConsentState } from './consents';
import { eraseHousehold, type EraseSummary } from './erase';
import { EraseConfirmations } from './erase-confirmation';
import { exportHousehold, type HouseholdExport } from './export';
import { TelemetryRetention, type CompactionResult } from './retention';

/** Who asked, for the audit trail. */
export interface Requester {
  actor: AuditActor;
  channel: string;
  tokenId: string | null;
}

export type EraseListener = (householdId: string) => void | Promise<void>;

/** Export, erase, audit and retention: what a household can ask about the data Miroir holds on it. */
export class PrivacyService {
  readonly audit: AuditLog;
  readonly eraseConfirmations: EraseConfirmations;
  private readonly retention: TelemetryRetention;
  private readonly eraseListeners: EraseListener[] = [];

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly consents: ConsentService,
    private readonly dataDir: string,
    retentionDays: number,
    /** The households' tokens: the erase deletes them, their cached contexts go with the commit. */
    private readonly tokens: TokenService,
  ) {
    this.audit = new AuditLog(store, clock);
    this.eraseConfirmations = new EraseConfirmations(store, clock);
    this.retention = new TelemetryRetention(store, clock, retentionDays);
  }

  /** Consent changes and their audit row agree: both are stored or neither. */
  async setConsents(householdId: string, changes: Partial<ConsentState>, by: Requester): Promise<ConsentState> {
    return this.store.transaction(async (tx) => {
      const before = await this.consents.list(householdId, tx);
      const after = await this.consents.set(householdId, changes, tx);
      const changed = Object.fromEntries(Object.entries(after).filter(([k, v]) => before[k as keyof ConsentState] !== v));
      if (Object.keys(changed).length > 0) await this.audit.record(householdId, { action: 'consents.changed', ...by, detail: changed }, tx);
      return after;
    });
  }

  async export(householdId: string, by: Requester, options: { embedFiles: boolean }): Promise<HouseholdExport> {
    await this.audit.record(householdId, { action: 'export', ...by, detail: { embedFiles: options.embedFiles } });
    return exportHousehold(this.store, this.dataDir, householdId, this.clock.now(), options);
  }

  /**
   * Erases the household. Its own audit trail goes with it (keeping "household X was erased" would
   * keep X); the server log records the erase and its counts. It needs the confirmation the same
   * token asked for just before (see erase-confirmation.ts), spent in the erase's transaction.
   */
  async erase(householdId: string, confirmed: { tokenId: string; confirmation: string }): Promise<EraseSummary> {
    const summary = await eraseHousehold(this.store, this.dataDir, householdId, async (tx) => {
      await this.eraseConfirmations.spend(tx, householdId, confirmed.tokenId, confirmed.confirmation);
      await this.tokens.invalidate(tx, householdId);
    });
    for (const listener of this.eraseListeners) await listener(householdId);
    return summary;
  }

  /** Lets a capability drop what it keeps in memory for a household (caches, open streams) when it is erased. */
  onErase(listener: EraseListener): void {
    this.eraseListeners.push(listener);
  }

  compactTelemetry(): Promise<CompactionResult> {
    return this.retention.compact();
  }
}
