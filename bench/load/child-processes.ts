import fs from 'node:fs';

/** The processes whose parent is `parentPid` and whose command name matches (Linux /proc): the Chromium Playwright just started. */
export function childProcesses(parentPid: number, command: RegExp, procRoot = '/proc'): number[] {
  const found: number[] = [];
  for (const entry of fs.readdirSync(procRoot)) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // "pid (comm) state ppid …": the command may hold spaces and parentheses, so split at the last ')'.
      const stat = fs.readFileSync(`${procRoot}/${entry}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      const name = stat.slice(stat.indexOf('(') + 1, close);
      const ppid = Number(stat.slice(close + 2).split(' ')[1]);
      if (ppid === parentPid && command.test(name)) found.push(Number(entry));
    } catch {
      // Gone meanwhile.
    }
  }
  return found;
}
