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

/**
 * The main thread's CPU time and the time it spent runnable but waiting for a core (Linux's
 * schedstat, nanoseconds); null elsewhere. Wall time minus CPU time is either waiting (I/O, a
 * timer) or this wait: on a kiosk the browser and the server share the cores, and this tells which.
 */
export function mainThreadSchedstat(): { cpuNs: number; waitNs: number } | null {
  try {
    const [cpu, wait] = fs.readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8').split(' ').map(Number);
    return Number.isFinite(cpu) && Number.isFinite(wait) ? { cpuNs: cpu, waitNs: wait } : null;
  } catch {
    return null;
  }
}
