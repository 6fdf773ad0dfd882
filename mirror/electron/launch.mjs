#!/usr/bin/env node
// `npm run mirror`: builds if needed and starts the Electron kiosk on MIROIR_URL. The Electron
// binary is not downloaded by `npm install` here (package.json allowScripts denies its install
// script); when it is missing, this runs Electron's own installer once and says clearly if that
// fails (no network, or a platform without a prebuilt binary).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(import.meta.url);

function electronBinary() {
  try {
    const resolved = require.resolve('electron');
    delete require.cache[resolved];
    const binary = require('electron');
    return typeof binary === 'string' && fs.existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

let binary = electronBinary();
if (!binary) {
  let installer;
  try {
    installer = require.resolve('electron/install.js');
  } catch {
    console.error('The electron package is not installed: run npm install first.');
    process.exit(1);
  }
  console.log('The Electron binary is missing; downloading it with Electron\'s installer…');
  const result = spawnSync(process.execPath, [installer], { stdio: 'inherit', cwd: path.dirname(installer) });
  binary = result.status === 0 ? electronBinary() : null;
  if (!binary) {
    console.error(
      [
        'Could not install the Electron binary (no network, or no prebuilt binary for this platform).',
        'Options: run `node node_modules/electron/install.js` where a network exists, set',
        'ELECTRON_OVERRIDE_DIST_PATH to an unpacked Electron, or open the mirror in any browser:',
        `  ${process.env.MIROIR_URL || 'http://127.0.0.1:3000/mirror'}#token=<household token>`,
        'See mirror/README.md.',
      ].join('\n'),
    );
    process.exit(1);
  }
}

const build = spawnSync(process.execPath, [path.join(root, 'scripts/build.mjs'), '--if-needed'], { stdio: 'inherit', cwd: root });
if (build.status !== 0) process.exit(build.status ?? 1);

// A session of its own (detached): the kiosk lowers its whole session's CPU weight in favour of the
// server (mirror/electron/cpu-share.ts), which must not include a server started from the same
// shell. Signals reach it through this process.
const child = spawn(binary, [path.join(root, 'dist/electron/main.js'), ...process.argv.slice(2)], { stdio: 'inherit', env: process.env, detached: true });
const forward = (signal) => child.kill(signal);
process.on('SIGINT', forward);
process.on('SIGTERM', forward);
process.on('SIGHUP', forward);
child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 0)));
