import { fork } from 'node:child_process';
import path from 'node:path';
import type { MirrorRender } from './mirror-page';

export interface MirrorRenders {
  baseUrl: string;
  token: string;
  runs: number;
  /** The browser's CPU weight: the kiosk's own (KIOSK_NICE), or 0 for the server's. */
  kioskNice: number;
}

/**
 * Opens the mirror `runs` times, one after the other, from a process of its own
 * (mirror-renders.worker.ts), in a session of its own (`detached`): where Linux groups CPU time by
 * session (autogroup), the driver then competes with neither the server nor the browser, as on a
 * kiosk where nothing drives the page.
 */
export function runMirrorRenders(load: MirrorRenders): Promise<MirrorRender[]> {
  return new Promise((resolve, reject) => {
    const child = fork(path.join(__dirname, 'load', 'mirror-renders.worker.js'), [JSON.stringify(load)], { detached: true, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let renders: MirrorRender[] | null = null;
    child.once('message', (message) => {
      renders = message as MirrorRender[];
    });
    child.once('error', reject);
    child.once('exit', (code) => (renders && code === 0 ? resolve(renders) : reject(new Error(`the mirror renders exited with ${code}`))));
  });
}
