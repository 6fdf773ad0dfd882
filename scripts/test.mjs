#!/usr/bin/env node
// `npm test`: the type check, the linter and every Jest test, ending with `N passed, N failed`.
// It installs Debian's Chromium for the browser tests when missing (as root) and starts the local
// PostgreSQL and Mosquitto when they are down.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const run = (cmd, args, opts = {}) => spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...opts });
const bin = (name) => path.join(root, 'node_modules/.bin', name);

function ensureChromium() {
  if (fs.existsSync('/usr/bin/chromium')) return;
  if (process.getuid?.() !== 0) {
    console.warn('warning: /usr/bin/chromium is missing and this is not root; browser tests will fail. Install the Debian package `chromium`.');
    return;
  }
  console.log('installing Debian chromium for the browser tests…');
  run('apt-get', ['update', '-qq']);
  run('apt-get', ['install', '-y', '-qq', 'chromium'], { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
}

ensureChromium();
run('bash', [path.join(root, 'scripts/services.sh')]);

const checks = [];
const build = run(process.execPath, [path.join(root, 'scripts/build.mjs')]);
checks.push(['build', build.status === 0]);
const typecheck = run(bin('tsc'), ['--noEmit', '-p', 'tsconfig.json']);
checks.push(['typecheck', typecheck.status === 0]);
const lint = run(bin('eslint'), ['--max-warnings', '0', 'server', 'skills', 'mirror', 'test', 'models', 'scripts', 'bin', 'bench', 'integrations']);
checks.push(['lint', lint.status === 0]);

const reportFile = path.join(root, 'test/artifacts/jest-report.json');
fs.mkdirSync(path.dirname(reportFile), { recursive: true });
fs.rmSync(reportFile, { force: true });
const extra = process.argv.slice(2);
run(bin('jest'), ['--reporters=default', '--json', `--outputFile=${reportFile}`, '--maxWorkers=2', ...extra]);

let passed = 0;
let failed = 0;
let skipped = 0;
if (fs.existsSync(reportFile)) {
  const report = JSON.parse(fs.readFileSync(reportFile, 'utf8'));
  passed = report.numPassedTests;
  failed = report.numFailedTests + report.numRuntimeErrorTestSuites;
  skipped = report.numPendingTests + report.numTodoTests;
} else {
  failed += 1;
  console.error('jest produced no report');
}
for (const [name, ok] of checks) {
  if (ok) passed += 1;
  else {
    failed += 1;
    console.error(`check failed: ${name}`);
  }
}
console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed === 0 ? 0 : 1);
