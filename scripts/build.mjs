#!/usr/bin/env node
// Bundles the TypeScript entry points with esbuild (path aliases resolved, packages external).
// `--if-needed` skips the build when nothing under the sources changed since the last one.
import { build } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');
const stamp = path.join(dist, '.build-stamp');
const SOURCE_DIRS = ['server', 'skills', 'mirror/ui', 'mirror/electron', 'app', 'models', 'bench', 'bin', 'locales'];

function newestMtime(dir) {
  let newest = 0;
  if (!fs.existsSync(dir)) return newest;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist' || entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

function upToDate() {
  if (!fs.existsSync(stamp)) return false;
  const built = fs.statSync(stamp).mtimeMs;
  const sources = Math.max(...SOURCE_DIRS.map((d) => newestMtime(path.join(root, d))), fs.statSync(path.join(root, 'package.json')).mtimeMs);
  return sources <= built;
}

function findFiles(dir, test, out = []) {
  if (!fs.existsSync(dir)) return out;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) findFiles(full, test, out);
    else if (test(entry.name)) out.push(full);
  }
  return out;
}

const existing = (files) => files.map((f) => path.join(root, f)).filter((f) => fs.existsSync(f));

async function run() {
  if (process.argv.includes('--if-needed') && upToDate()) return;
  const started = Date.now();
  // Node entry points: the server, CLI, benchmarks, training, agent builder, and worker threads.
  const nodeEntries = [
    ...existing(['server/main.ts', 'bin/cli.ts', 'bench/run.ts', 'models/train.ts', 'skills/google/build-agent.ts']),
    ...findFiles(path.join(root, 'server'), (n) => n.endsWith('.worker.ts')),
    ...findFiles(path.join(root, 'bench'), (n) => n.endsWith('.worker.ts')),
  ];
  await build({
    entryPoints: nodeEntries,
    outbase: root,
    outdir: dist,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    packages: 'external',
    sourcemap: true,
    tsconfig: path.join(root, 'tsconfig.json'),
    logLevel: 'warning',
  });
  // The Electron main process and preload (electron itself stays external).
  const electronEntries = existing(['mirror/electron/main.ts', 'mirror/electron/preload.ts']);
  if (electronEntries.length) {
    await build({
      entryPoints: electronEntries,
      outdir: path.join(dist, 'electron'),
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      external: ['electron'],
      tsconfig: path.join(root, 'tsconfig.json'),
      logLevel: 'warning',
    });
  }
  // The mirror UI: one browser bundle plus its static files (served at /mirror).
  const ui = existing(['mirror/ui/main.ts']);
  if (ui.length) {
    const out = path.join(dist, 'mirror');
    await build({
      entryPoints: ui,
      outfile: path.join(out, 'app.js'),
      bundle: true,
      platform: 'browser',
      target: ['chrome110'],
      format: 'iife',
      minify: true,
      sourcemap: true,
      tsconfig: path.join(root, 'tsconfig.json'),
      loader: { '.svg': 'text', '.woff2': 'file' },
      logLevel: 'warning',
    });
    const staticDir = path.join(root, 'mirror/ui/static');
    if (fs.existsSync(staticDir)) fs.cpSync(staticDir, out, { recursive: true });
  }
  // The household app: one browser bundle (Preact via esbuild's JSX, uPlot), its CSS, its page (served at /app).
  const householdApp = existing(['app/main.tsx']);
  if (householdApp.length) {
    const out = path.join(dist, 'app');
    await build({
      entryPoints: householdApp,
      outfile: path.join(out, 'app.js'),
      bundle: true,
      platform: 'browser',
      target: ['chrome110', 'safari15', 'firefox110'],
      format: 'iife',
      minify: true,
      sourcemap: true,
      jsx: 'automatic',
      jsxImportSource: 'preact',
      tsconfig: path.join(root, 'tsconfig.json'),
      loader: { '.svg': 'text' },
      logLevel: 'warning',
    });
    const staticDir = path.join(root, 'app/static');
    if (fs.existsSync(staticDir)) fs.cpSync(staticDir, out, { recursive: true });
  }
  fs.mkdirSync(dist, { recursive: true });
  fs.writeFileSync(stamp, new Date().toISOString());
  process.stderr.write(`built in ${Date.now() - started} ms\n`);
}

run().catch((err) => {
  process.stderr.write(`${err.stack ?? err}\n`);
  process.exit(1);
});
