import { spawn, type ChildProcess } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(__dirname, '../..');

/** Starts the built server like `npm start` does and collects what it prints. */
function start(env: NodeJS.ProcessEnv): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, [path.join(root, 'dist/server/main.js')], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  child.stdout?.on('data', (d: Buffer) => (text += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (text += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => text, exited };
}

async function waitFor(predicate: () => boolean, ms = 30_000): Promise<void> {
  const until = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('npm start', () => {
  let dataDir: string;
  beforeAll(() => {
    execFileSync(process.execPath, [path.join(root, 'scripts/build.mjs'), '--if-needed'], { stdio: 'ignore' });
  });
  beforeEach(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'miroir-start-'));
  });
  afterEach(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('seeds a demo household on an empty store, prints the mirror URL with a display token (never an owner token), serves /health, and stops cleanly on SIGTERM', async () => {
    const server = start({ PORT: '0', MIROIR_DATA_DIR: dataDir, LOG_LEVEL: 'warn', MIROIR_BACKGROUND_JOBS: 'false', OPEN_METEO_URL: 'http://127.0.0.1:9/v1' });
    try {
      await waitFor(() => /Mirror \(display token, shown once\): \S+#token=mm_\S+/.test(server.output()) && server.output().includes('tokens create --scope owner'));
      const match = /Mirror \(display token, shown once\): (http:\/\/127\.0\.0\.1:(\d+))\/mirror#token=(mm_[\w-]+)/.exec(server.output());
      expect(match).not.toBeNull();
      const [, base, , token] = match!;
      const health = await fetch(`${base}/health`);
      expect(health.status).toBe(200);
      const household = await fetch(`${base}/api/v1/household`, { headers: { authorization: `Bearer ${token}` } });
      expect(household.status).toBe(200);
      const body = (await household.json()) as { locale: string; profiles: unknown[] };
      expect(body.locale).toBe('fr-FR');
      expect(body.profiles).toHaveLength(2);
      // The printed token is the mirror's: it shows the home, it cannot take it away.
      const exported = await fetch(`${base}/api/v1/privacy/export`, { headers: { authorization: `Bearer ${token}` } });
      expect(exported.status).toBe(403);
      expect(server.output()).not.toMatch(/mh_[\w-]{20,}/);
      const openapi = await fetch(`${base}/openapi.json`);
      expect(openapi.status).toBe(200);
      expect(server.output()).not.toMatch(/"authorization"/i);
    } finally {
      server.child.kill('SIGTERM');
    }
    expect(await server.exited).toBe(0);
  });

  it('does not seed twice and does not print a token on the second start', async () => {
    const first = start({ PORT: '0', MIROIR_DATA_DIR: dataDir, LOG_LEVEL: 'warn', MIROIR_BACKGROUND_JOBS: 'false' });
    await waitFor(() => first.output().includes('Mirror'));
    first.child.kill('SIGTERM');
    await first.exited;
    const second = start({ PORT: '0', MIROIR_DATA_DIR: dataDir, LOG_LEVEL: 'warn', MIROIR_BACKGROUND_JOBS: 'false' });
    await waitFor(() => second.output().includes('Mirror:'));
    expect(second.output()).not.toMatch(/#token=m[a-z]_/);
    expect(second.output()).toContain('tokens create --scope display');
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  });

  it('refuses a bad configuration with a message naming the variable and exit code 2', async () => {
    const server = start({ PORT: 'not-a-port', MIROIR_DATA_DIR: dataDir });
    expect(await server.exited).toBe(2);
    expect(server.output()).toContain('PORT');
  });

  it('prints a terminal QR code with the join URL and the typed code; on loopback, how to open it to the home network and what that means; the code connects a phone', async () => {
    const server = start({ PORT: '0', MIROIR_DATA_DIR: dataDir, LOG_LEVEL: 'warn', MIROIR_BACKGROUND_JOBS: 'false', OPEN_METEO_URL: 'http://127.0.0.1:9/v1' });
    try {
      await waitFor(() => /Join URL: \S+/.test(server.output()) && server.output().includes('10 minutes.'));
      const out = server.output();
      const code = /Join code: ([A-Z2-9]{4}-[A-Z2-9]{4})/.exec(out)?.[1];
      expect(code).toBeDefined();
      const url = /Join URL: (http:\/\/127\.0\.0\.1:(\d+)\/app#join=(\S+))/.exec(out);
      expect(url?.[3]).toBe(code);
      // After the mirror URL; the QR's half blocks sit between it and the code.
      const mirrorAt = out.indexOf('/mirror#token=');
      const qrAt = out.search(/[▀▄█]/);
      expect(mirrorAt).toBeGreaterThan(-1);
      expect(qrAt).toBeGreaterThan(mirrorAt);
      expect(qrAt).toBeLessThan(out.indexOf('Join code:'));
      expect(out).toContain('HOST=0.0.0.0 npm start');
      expect(out).toMatch(/anyone on the home network can reach the sign-in page; every request still needs a token, and the join code expires in 10 minutes/);
      const res = await fetch(`http://127.0.0.1:${url![2]}/api/v1/join-codes/redeem`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code, deviceName: 'Terminal phone' }) });
      expect(res.status).toBe(201);
      expect(((await res.json()) as { scope: string }).scope).toBe('app');
    } finally {
      server.child.kill('SIGTERM');
    }
    expect(await server.exited).toBe(0);
  });

  it('on HOST=0.0.0.0 the join URL carries the machine’s network address and no loopback warning', async () => {
    const ip = Object.values(os.networkInterfaces())
      .flat()
      .find((i) => i && i.family === 'IPv4' && !i.internal)?.address;
    const server = start({ PORT: '0', HOST: '0.0.0.0', MIROIR_DATA_DIR: dataDir, LOG_LEVEL: 'warn', MIROIR_BACKGROUND_JOBS: 'false', OPEN_METEO_URL: 'http://127.0.0.1:9/v1' });
    try {
      await waitFor(() => /Join URL: \S+/.test(server.output()));
      const out = server.output();
      if (ip) expect(out).toMatch(new RegExp(`Join URL: http://${ip.replace(/\./g, '\\.')}:\\d+/app#join=`));
      else expect(out).toContain('No network address was found');
      expect(out).not.toContain('HOST=0.0.0.0 npm start');
    } finally {
      server.child.kill('SIGTERM');
    }
    expect(await server.exited).toBe(0);
  });
});
