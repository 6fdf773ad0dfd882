import type { MirrorPowerChanged } from '@server/core/events';
import { MIRROR_POWER_PATH } from '@server/mirror/messages';
import { powerAt, type MirrorPowerState, type NightHours } from '@server/mirror/power-rule';

/**
 * The manual night override ("Hey Google, turn off the mirror", the app's switch) as the page
 * knows it: loaded at start and after a resync, replaced live by `mirror.power`. Whether it is
 * night comes from the server's own rule (power-rule.ts), so an override that runs out at its
 * `until` hands back to the night hours on the next tick, with no message needed.
 */
export class NightOverride {
  private override: MirrorPowerState['override'] = null;

  constructor(private readonly api: { get<T>(path: string): Promise<T> }) {}

  async load(): Promise<void> {
    try {
      this.override = (await this.api.get<MirrorPowerState>(MIRROR_POWER_PATH)).override;
    } catch {
      // Unreachable: the night hours alone decide until the stream or the next resync says more.
    }
  }

  changed(message: MirrorPowerChanged): void {
    this.override = message.payload.override;
  }

  /** The override in force or pending as last heard (null: none); the kiosk is told it. */
  current(): MirrorPowerState['override'] {
    return this.override;
  }

  night(now: Date, timeZone: string, hours: NightHours): boolean {
    return !powerAt(now, timeZone, hours, this.override).awake;
  }
}
