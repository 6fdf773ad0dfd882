import { EVENTS_POSITION_PATH, type StreamMessage } from '@server/mirror/messages';
import type { Api } from './core/api';
import { h } from './core/dom';
import { Formats } from './core/format';
import { I18n } from './core/i18n';
import { reportNightSchedule } from './core/kiosk-bridge';
import { LiveStream, eventsStream, type LiveState } from './core/live';
import { followMove } from './core/move';
import { NightOverride } from './core/night-override';
import type { Household } from './core/types';
import { AgendaRegion } from './regions/agenda/agenda-region';
import { ClockRegion } from './regions/clock/clock-region';
import { DeliveriesRegion } from './regions/deliveries/deliveries-region';
import { Toasts } from './regions/notifications/toasts';
import { OutfitsRegion } from './regions/outfits/outfits-region';
import type { Region, RegionContext } from './regions/region';
import { SettingsView } from './regions/settings/settings-view';
import { StatusBar } from './regions/status/status-bar';
import { SuppliesRegion } from './regions/supplies/supplies-region';
import { WeatherRegion } from './regions/weather/weather-region';

/** Events arriving together (a reading that lowers stock and creates a proposal) cost one refetch. */
const COALESCE_MS = 250;
/** A safety net under the live stream: everything is refetched this often even if no event came. */
const FULL_REFRESH_MS = 30 * 60_000;
/** A server slow to answer the start-up reads: the page goes on screen anyway (clock, waiting regions). */
const FIRST_DRAW_DEADLINE_MS = 1_000;

/** Clocks closer than this are left alone (network delay, a few seconds of drift). */
const CLOCK_TOLERANCE_MS = 5_000;

/**
 * Server time minus this device's time (0 when within a few seconds), or null when unreachable.
 * The boot asks while it fetches the household, so the first render waits for one round trip less.
 */
export async function serverClockOffset(api: Api): Promise<number | null> {
  try {
    const sent = Date.now();
    const { time } = await api.get<{ time: string }>('/health');
    const offset = Date.parse(time) - (sent + Date.now()) / 2;
    return Number.isFinite(offset) && Math.abs(offset) > CLOCK_TOLERANCE_MS ? offset : 0;
  } catch {
    return null;
  }
}

/**
 * The page once the household is known: builds the regions, routes stream messages to them, runs
 * the one-second ticker (clock, night mode, day rollover) and owns every timer and listener it
 * creates, so `destroy()` leaves nothing behind.
 */
export class MirrorPage {
  private readonly ctx: RegionContext;
  private readonly regions: Region[];
  private readonly toasts: Toasts;
  private readonly status: StatusBar;
  private readonly settings: SettingsView;
  private readonly live: LiveStream;
  private readonly nightOverride: NightOverride;
  private readonly pending = new Set<Region>();
  private readonly disposers: (() => void)[] = [];
  private flushTimer: ReturnType<typeof setTimeout> | null = null;
  private liveDown = false;
  /** The stream is open (subscribed on the server) right now. */
  private liveOpen = false;
  private apiDown = false;
  /** The `stream.resync` that opens every connection is covered by the fetch we do at open. */
  private skipNextResync = false;
  private firstOpen: (() => void) | null = null;
  /** A page replaced by another (destroy) never draws over it. */
  private destroyed = false;
  /** Server time minus this device's time, when they differ by more than a few seconds. */
  private clockOffsetMs = 0;

  constructor(
    private readonly root: HTMLElement,
    api: Api,
    private readonly household: Household,
    private readonly onHouseholdChanged: (next: Household) => void,
    /** A stream the boot already opened; a page rebuilt later opens its own. */
    live?: LiveStream,
    /** The boot's clock measurement (serverClockOffset), taken while it fetched the household. */
    private readonly measuredClock?: Promise<number | null>,
  ) {
    performance.mark('mirror-page-build');
    const i18n = new I18n(household.locale);
    const fmt = new Formats(household.locale, household.timezone, household.units);
    // The house server's clock is the one that counts (a demo with MIROIR_FAKE_NOW, a kiosk whose
    // own clock drifted): "today" on the page must be the day the server plans for.
    this.ctx = { api, i18n, fmt, household, now: () => new Date(Date.now() + this.clockOffsetMs) };
    document.documentElement.lang = household.locale;
    document.title = i18n.t('mirror.ui.title', { name: household.name });
    const deliveries = new DeliveriesRegion(this.ctx);
    this.regions = [
      new ClockRegion(this.ctx),
      new WeatherRegion(this.ctx),
      new AgendaRegion(this.ctx),
      new OutfitsRegion(this.ctx),
      new SuppliesRegion(this.ctx, () => void deliveries.refresh()),
      deliveries,
    ];
    this.toasts = new Toasts(i18n);
    this.status = new StatusBar(i18n, fmt);
    this.settings = new SettingsView(this.ctx);
    this.live = live ?? new LiveStream(eventsStream(api));
    this.nightOverride = new NightOverride(api);
    this.disposers.push(api.onReachability((reachable) => this.setReachable('api', reachable)));
  }

  async start(): Promise<void> {
    performance.mark('mirror-page-start');
    // The page is put on screen once, when the regions have their data: a skeleton shown while the
    // reads are out is laid out and rasterized for nothing, on the very cores the server answering
    // those reads needs (a kiosk shares them). A server slow to answer still gets the clock and
    // the regions' own waiting state on screen after FIRST_DRAW_DEADLINE_MS.
    const elements = [this.layout(), this.status.element, this.toasts.element, this.settings.button, this.settings.element];
    let drawn = false;
    const draw = () => {
      if (drawn || this.destroyed) return;
      drawn = true;
      this.root.replaceChildren(...elements);
    };
    const drawAnyway = setTimeout(draw, FIRST_DRAW_DEADLINE_MS);
    this.disposers.push(() => clearTimeout(drawAnyway));
    const ticker = setInterval(() => this.tick(), 1000);
    const full = setInterval(() => void this.resync(), FULL_REFRESH_MS);
    this.disposers.push(() => clearInterval(ticker), () => clearInterval(full));
    // The regions read as soon as the server's clock is known ("today" is the server's), without
    // waiting for the stream: a stream the boot opened early is often open already, and otherwise
    // the first render does not pay for the connection. An event raised between a read and the
    // stream's subscription would be lost, so when the stream was not open yet as the regions read
    // (the server subscribes it before the browser sees it open), they read once more after it
    // opened, unless nothing happened in between: the stream's position, read first in the batch,
    // is then the very id the stream resynced from. A stream that cannot open does not hold the page.
    const opened = new Promise<void>((resolve) => (this.firstOpen = resolve)).then(() => performance.mark('mirror-stream-open'));
    const giveUp = setTimeout(() => this.firstOpen?.(), 3000);
    this.live.attach({ message: (m) => this.onMessage(m), state: (s) => this.onLiveState(s) });
    this.live.start();
    await this.syncClock(this.measuredClock);
    const subscribedBeforeReads = this.liveOpen;
    // Asked first, so the batch reads it before the regions' reads (their order is kept).
    const readFrom = this.ctx.api.get<{ eventId: string }>(EVENTS_POSITION_PATH).then(
      (position) => position.eventId,
      () => null,
    );
    // The night override is asked with the regions, in their one batch: a round trip less before
    // the first render. Dimmed or not is decided (tick) once both are in, before the page paints.
    const loaded = Promise.all([this.nightOverride.load(), this.refreshAll()]);
    // The household's formatters are made while that batch is out, not once it is back: queued
    // after the microtask that sends it. (A timer would not do: while a page loads, the browser
    // runs the answer's task before timers.)
    void Promise.resolve().then(() => this.ctx.fmt.warm());
    await loaded;
    clearTimeout(drawAnyway);
    this.reportToKiosk();
    this.tick();
    draw();
    document.body.dataset.rendered = 'true';
    performance.mark('mirror-rendered');
    await opened;
    clearTimeout(giveUp);
    this.firstOpen = null;
    if (!subscribedBeforeReads && this.liveOpen) {
      const [from, subscribedAt] = await Promise.all([readFrom, this.live.subscribedAt()]);
      if (from === null || subscribedAt === null || from !== subscribedAt) await this.refreshAll();
    }
    // Start is over: no read of it is still to come (tests wait for this).
    document.body.dataset.settled = 'true';
  }

  /**
   * Three columns: now (time, weather, what is on its way), what to wear, the day (plans and what
   * is running low). In portrait the columns dissolve (`display: contents`) and the regions sit in
   * the page grid directly; see mirror.css.
   */
  private layout(): HTMLElement {
    const byName = new Map(this.regions.map((r) => [r.name, r.element]));
    const column = (name: string, regions: string[]) => h('div', { class: `column column-${name}` }, ...regions.map((r) => byName.get(r)));
    return h('main', { class: 'layout' }, column('now', ['clock', 'weather', 'deliveries']), column('wear', ['outfits']), column('day', ['agenda', 'supplies']));
  }

  private async syncClock(measured?: Promise<number | null>): Promise<void> {
    const offset = await (measured ?? serverClockOffset(this.ctx.api));
    // Unreachable (null): keep the device's own clock; the offline mark says the rest.
    if (offset !== null) this.clockOffsetMs = offset;
  }

  private tick(): void {
    const now = this.ctx.now();
    for (const region of this.regions) region.tick(now);
    document.body.classList.toggle('night', this.nightOverride.night(now, this.household.timezone, this.household.settings.nightMode));
  }

  private refreshAll(): Promise<void> {
    return Promise.all(this.regions.map((r) => r.refresh())).then(() => undefined);
  }

  private onLiveState(state: LiveState): void {
    this.liveOpen = state === 'open';
    if (state === 'open') {
      const wasDown = this.liveDown;
      this.skipNextResync = true;
      this.setReachable('live', true);
      // Back after a drop: whatever the replay covers, refetch so nothing stays stale.
      if (wasDown && !this.firstOpen) void this.resync();
    } else if (state === 'down') {
      this.setReachable('live', false);
    }
    if (state !== 'connecting') this.firstOpen?.();
  }

  private setReachable(source: 'api' | 'live', reachable: boolean): void {
    if (source === 'api') this.apiDown = !reachable;
    else this.liveDown = !reachable;
    this.status.set(!this.apiDown && !this.liveDown, this.ctx.now());
  }

  /** The household itself may have changed while we were away (locale, zone, night hours). */
  private async resync(): Promise<void> {
    await this.syncClock();
    try {
      const next = await this.ctx.api.get<Household>('/api/v1/household');
      // What the page was built from; anything else is refetched by the regions themselves.
      const shape = (home: Household) =>
        JSON.stringify([home.name, home.locale, home.timezone, home.units, home.currency, home.settings.nightMode, home.profiles.map((p) => [p.id, p.name])]);
      if (shape(next) !== shape(this.household)) {
        this.onHouseholdChanged(next);
        return;
      }
    } catch {
      // Unreachable again or the household route failing: the regions say so themselves.
    }
    await Promise.all([this.refreshAll(), this.nightOverride.load()]);
    this.reportToKiosk();
    this.tick();
  }

  /** The Electron kiosk sleeps the display on the same night state as the page (night hours + override). */
  private reportToKiosk(): void {
    reportNightSchedule(this.household.settings.nightMode, this.household.timezone, this.nightOverride.current());
  }

  private onMessage(message: StreamMessage): void {
    const skip = this.skipNextResync;
    this.skipNextResync = false;
    switch (message.type) {
      case 'stream.resync':
        if (!skip) void this.resync();
        return;
      case 'household.updated':
        // New night hours, language, zone or people: rebuild from the household as it is now.
        void this.resync();
        return;
      case 'mirror.power':
        this.nightOverride.changed(message);
        this.reportToKiosk();
        this.tick();
        return;
      case 'notification':
        this.toasts.notify(message);
        return;
      case 'mirror.moved':
        // First run made the family's household: this mirror follows it once its claim is redeemed.
        void followMove(this.ctx.api, window.localStorage, message.payload.claimId).then((moved) => {
          if (!moved) return;
          this.destroy();
          window.location.reload();
        });
        return;
      case 'pairing.completed':
        this.settings.paired(message.payload.platform);
        this.toasts.show(this.ctx.i18n.t(`mirror.ui.pairing.done.${message.payload.platform}`));
        return;
      default:
        for (const region of this.regions) {
          region.onMessage(message);
          if (region.refreshOn.includes(message.type)) this.pending.add(region);
        }
        this.scheduleFlush();
    }
  }

  private scheduleFlush(): void {
    if (this.flushTimer || !this.pending.size) return;
    this.flushTimer = setTimeout(() => {
      this.flushTimer = null;
      const due = [...this.pending];
      this.pending.clear();
      for (const region of due) void region.refresh();
    }, COALESCE_MS);
  }

  destroy(): void {
    this.destroyed = true;
    this.live.stop();
    if (this.flushTimer) clearTimeout(this.flushTimer);
    for (const dispose of this.disposers.splice(0)) dispose();
    for (const region of this.regions) region.destroy();
    this.toasts.destroy();
    this.settings.destroy();
    this.root.replaceChildren();
  }
}
