import fs from 'node:fs';

/**
 * CPU time of this process's main thread (the server's event loop) in microseconds, from Linux's
 * /proc; null elsewhere. Unlike throughput or event-loop busy time it does not count the moments
 * another process (or the load generator's thread) held the core.
 */
export function mainThreadCpuMicros(): number | null {
  try {
    const stat = fs.readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses and may hold spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    // USER_HZ is 100 on every Linux the server runs on.
    return Number.isFinite(ticks) ? ticks * 10_000 : null;
  } catch {
    return null;
  }
}
