import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import { KIOSK_NICE, kioskNice, yieldCpuToServer } from '@mirror/electron/cpu-share';
import { childProcesses } from '../../../bench/load/child-processes';

const hasAutogroup = fs.existsSync('/proc/self/autogroup');
const autogroupNice = (pid: number) => Number(/nice\s+(-?\d+)/.exec(fs.readFileSync(`/proc/${pid}/autogroup`, 'utf8'))?.[1]);

/** A process leading a session of its own, as launch.mjs starts Electron and Playwright Chromium. */
function sessionLeader(): ChildProcess {
  // Node, not `sleep`: alive whatever the clock does (the suite also runs under faketime).
  return spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { detached: true, stdio: 'ignore' });
}

describe("the kiosk's share of the CPU", () => {
  const children: ChildProcess[] = [];
  afterAll(() => {
    for (const child of children) child.kill('SIGKILL');
  });

  it('is nice 10 unless MIROIR_KIOSK_NICE says otherwise (0 to 19)', () => {
    expect(kioskNice({})).toBe(KIOSK_NICE);
    expect(kioskNice({ MIROIR_KIOSK_NICE: '0' })).toBe(0);
    expect(kioskNice({ MIROIR_KIOSK_NICE: ' 19 ' })).toBe(19);
    for (const wrong of ['-5', '20', '2.5', 'low']) expect(kioskNice({ MIROIR_KIOSK_NICE: wrong })).toBe(KIOSK_NICE);
  });

  it("lowers the browser's session and process, which its children then inherit", () => {
    const child = sessionLeader();
    children.push(child);
    const pid = child.pid!;
    expect(childProcesses(process.pid, /^node/)).toContain(pid);
    const share = yieldCpuToServer(pid, 7);
    expect(share.process).toBe(true);
    expect(os.getPriority(pid)).toBe(7);
    expect(share.autogroup).toBe(hasAutogroup);
    if (hasAutogroup) {
      expect(autogroupNice(pid)).toBe(7);
      // This process's own session is not the browser's, and keeps its weight.
      expect(autogroupNice(process.pid)).not.toBe(7);
    }
  });

  it('never raises a kiosk already lower, and 0 leaves it as started', () => {
    const child = sessionLeader();
    children.push(child);
    const pid = child.pid!;
    yieldCpuToServer(pid, 15);
    expect(yieldCpuToServer(pid, 10)).toEqual({ autogroup: hasAutogroup, process: true });
    expect(os.getPriority(pid)).toBe(15);
    if (hasAutogroup) expect(autogroupNice(pid)).toBe(15);
    const untouched = sessionLeader();
    children.push(untouched);
    expect(yieldCpuToServer(untouched.pid!, 0)).toEqual({ autogroup: false, process: false });
    expect(os.getPriority(untouched.pid!)).toBe(os.getPriority(process.pid));
  });

  it('runs as it is where the process is gone', () => {
    expect(yieldCpuToServer(2 ** 22 + 12345, 10)).toEqual({ autogroup: false, process: false });
  });
});
