import type { HomeGraphClient } from './homegraph';

/** What the reporter needs from the household side, so it holds no domain logic itself. */
export interface ReportSource {
  /** Null when the household has no live Google link: nothing is reported then. */
  snapshot(householdId: string): Promise<{ fingerprint: string; states: Record<string, Record<string, unknown>> } | null>;
}

/**
 * Report State and Request Sync, batched and debounced: changes of one household within the window
 * become one HomeGraph call; a changed device list (a supply added, renamed, measured) becomes one
 * Request Sync instead. Failures are logged and dropped: the next change reports the whole state
 * again, and Google QUERYs when it is unsure.
 */
export class HomeGraphReporter {
  private readonly pending = new Set<string>();
  private readonly fingerprints = new Map<string, string>();
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly client: HomeGraphClient,
    private readonly source: ReportSource,
    private readonly debounceMs: number,
    private readonly onError: (err: unknown) => void,
  ) {}

  /** Google just SYNCed this household: what it knows is the current list. */
  synced(householdId: string, fingerprint: string): void {
    this.fingerprints.set(householdId, fingerprint);
  }

  /** DISCONNECT: nothing more is reported for this household. */
  forget(householdId: string): void {
    this.pending.delete(householdId);
    this.fingerprints.delete(householdId);
  }

  changed(householdId: string): void {
    this.pending.add(householdId);
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.flush();
    }, this.debounceMs);
    this.timer.unref();
  }

  /** Sends what is pending now (the timer calls it; tests and shutdown may too). */
  flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    const batch = [...this.pending];
    this.pending.clear();
    this.flushing = this.flushing.then(async () => {
      for (const householdId of batch) {
        try {
          const snap = await this.source.snapshot(householdId);
          if (!snap) {
            this.fingerprints.delete(householdId);
            continue;
          }
          const known = this.fingerprints.get(householdId);
          if (known !== undefined && known !== snap.fingerprint) {
            await this.client.requestSync(householdId);
            this.fingerprints.set(householdId, snap.fingerprint);
            continue;
          }
          this.fingerprints.set(householdId, snap.fingerprint);
          await this.client.reportState(householdId, snap.states);
        } catch (err) {
          this.onError(err);
        }
      }
    });
    return this.flushing;
  }

  close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.pending.clear();
  }
}
