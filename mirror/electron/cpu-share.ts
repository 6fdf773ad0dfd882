import fs from 'node:fs';
import os from 'node:os';

/**
 * The kiosk's share of the CPU on a machine that also runs the server (a Raspberry Pi behind the
 * mirror). At start the page asks the server for its regions and then waits for the answers, while
 * the browser lays out, compiles and paints on every core it can get: with both at the same
 * weight, the server's answers waited for a core the browser held (`npm run bench -- mirror`
 * measured the wait per call). At nice 10 the kernel gives the server about nine times the
 * kiosk's share while both want a core, and the kiosk every cycle the server leaves, so the page
 * itself is not slower: it only stops preempting the answers it is waiting for.
 */
export const KIOSK_NICE = 10;

/** `MIROIR_KIOSK_NICE`: 0 leaves the kiosk as started (a server on another machine), at most 19. */
export function kioskNice(env: Record<string, string | undefined>): number {
  const raw = env.MIROIR_KIOSK_NICE?.trim();
  if (!raw) return KIOSK_NICE;
  const value = Number(raw);
  return Number.isInteger(value) && value >= 0 && value <= 19 ? value : KIOSK_NICE;
}

export interface CpuShare {
  /** The session's weight was set (Linux schedules a session's processes as one group: autogroup). */
  autogroup: boolean;
  /** The process's own nice was set (its children, the renderer and GPU processes, inherit it). */
  process: boolean;
}

/**
 * Lowers the CPU weight of the kiosk browser `pid`, which must lead a session of its own (launch.mjs
 * starts Electron so; Playwright starts Chromium so), since the weight of its autogroup is that of
 * every process of the session. Both levers only ever lower the kiosk (a nice already higher is
 * kept, and raising priority would need privileges); where neither exists (another OS, a kernel
 * without autogroup) the kiosk runs as it is.
 */
export function yieldCpuToServer(pid: number, nice: number, procRoot = '/proc'): CpuShare {
  const share: CpuShare = { autogroup: false, process: false };
  if (nice <= 0) return share;
  try {
    // "/autogroup-25 nice 0": the session's current weight.
    const current = Number(/nice\s+(-?\d+)/.exec(fs.readFileSync(`${procRoot}/${pid}/autogroup`, 'utf8'))?.[1] ?? 0);
    if (current < nice) fs.writeFileSync(`${procRoot}/${pid}/autogroup`, String(nice));
    share.autogroup = true;
  } catch {
    // No autogroup on this kernel, or not ours to change.
  }
  try {
    if (os.getPriority(pid) < nice) os.setPriority(pid, nice);
    share.process = true;
  } catch {
    // Not ours to change.
  }
  return share;
}
