#!/usr/bin/env node
// `npm test`: the type check, the linter and every Jest test, ending with `N passed, N failed`.
// It installs Debian's Chromium for the browser tests when missing (as root) and starts the local
// PostgreSQL and Mosquitto when they are down.
//
// `npm run test:future` (`--at 'YYYY-MM-DD hh:mm:ss'`, UTC) runs the Jest suite alone under Debian's
// `faketime` at another date, installing it when missing: a guard against tests that only pass
// on the day they were written (certificates dated from the real clock, "tomorrow" from the real
// date…). The default date is years ahead and on the night Europe changes to summer time.
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

function ensureFaketime() {
  if (spawnSync('sh', ['-c', 'command -v faketime']).status === 0) return true;
  if (process.getuid?.() !== 0) {
    console.error('error: `faketime` is missing and this is not root. Install the Debian package `faketime`.');
    return false;
  }
  console.log('installing Debian faketime…');
  run('apt-get', ['update', '-qq']);
  run('apt-get', ['install', '-y', '-qq', 'faketime'], { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  return spawnSync('sh', ['-c', 'command -v faketime']).status === 0;
}

const args = process.argv.slice(2);
const atIndex = args.indexOf('--at');
const fakeDate = atIndex >= 0 ? args[atIndex + 1] : null;
if (atIndex >= 0) {
  if (!fakeDate || !/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(fakeDate)) {
    console.error("usage: node scripts/test.mjs --at 'YYYY-MM-DD hh:mm:ss' [jest arguments]");
    process.exit(64);
  }
  args.splice(atIndex, 2);
}

ensureChromium();
run('bash', [path.join(root, 'scripts/services.sh')]);

const checks = [];
const build = run(process.execPath, [path.join(root, 'scripts/build.mjs')]);
checks.push(['build', build.status === 0]);
if (fakeDate) {
  checks.push(['faketime installed', ensureFaketime()]);
} else {
  const typecheck = run(bin('tsc'), ['--noEmit', '-p', 'tsconfig.json']);
  checks.push(['typecheck', typecheck.status === 0]);
  const lint = run(bin('eslint'), ['--max-warnings', '0', 'server', 'skills', 'mirror', 'app', 'test', 'models', 'scripts', 'bin', 'bench', 'integrations']);
  checks.push(['lint', lint.status === 0]);
}

const label = fakeDate ? 'future' : 'now';
const reportFile = path.join(root, `test/artifacts/jest-report${fakeDate ? '-future' : ''}.json`);
fs.mkdirSync(path.dirname(reportFile), { recursive: true });
fs.rmSync(reportFile, { force: true });
const summaryFile = path.join(root, `test/artifacts/summary-${label}.json`);
fs.rmSync(summaryFile, { force: true });
const jestArgs = ['--reporters=default', '--json', `--outputFile=${reportFile}`, '--maxWorkers=2', ...args];
if (fakeDate) {
  console.log(`running the Jest suite at ${fakeDate} UTC (faketime)`);
  // TZ=UTC so the date given is read the same on every machine; the tests set their own zones.
  run('faketime', [fakeDate, bin('jest'), ...jestArgs], { env: { ...process.env, TZ: 'UTC' } });
} else {
  run(bin('jest'), jestArgs);
}

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
fs.writeFileSync(summaryFile, JSON.stringify({ passed, failed, skipped, at: fakeDate }));
console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed === 0 ? 0 : 1);
