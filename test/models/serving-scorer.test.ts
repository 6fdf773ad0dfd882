import { spawn } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FEATURE_COUNT } from '@models/features';
import { defaultModelDir, readDenseLayers } from '@models/model-io';
import { loadOutfitScorer, loadServingScorer } from '@models/scorer';

const root = path.resolve(__dirname, '../..');

function copyModel(edit: (json: { modelTopology: { config: { layers: { class_name: string; config: Record<string, unknown> }[] } }; weightsManifest: { weights: { dtype: string }[] }[] }, weights: Buffer) => Buffer | void): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'miroir-model-'));
  const json = JSON.parse(fs.readFileSync(path.join(defaultModelDir(), 'model.json'), 'utf8'));
  const weights = fs.readFileSync(path.join(defaultModelDir(), 'weights.bin'));
  const newWeights = edit(json, weights) ?? weights;
  fs.writeFileSync(path.join(dir, 'model.json'), JSON.stringify(json));
  fs.writeFileSync(path.join(dir, 'weights.bin'), newWeights);
  return dir;
}

describe('the serving scorer (no TensorFlow.js)', () => {
  it('reads the committed weights and scores exactly as the TF.js model does', async () => {
    const serving = loadServingScorer();
    expect(serving.backend).toBe('plain');
    const viaTf = await loadOutfitScorer();
    const rows = 64;
    const features = new Float32Array(rows * FEATURE_COUNT).map((_, i) => ((i * 7919) % 101) / 50 - 0.5);
    const plain = serving.score(features, rows);
    const tf = viaTf.scoreWithTf(features, rows);
    // Float32 sums in another order: equal to a relative 1e-6.
    for (let i = 0; i < rows; i++) expect(Math.abs(plain[i] - tf[i])).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(tf[i])));
    // The weights themselves are the very same numbers TF.js reads.
    expect(serving.layers).toEqual(viaTf.layers);
    expect(new Set(Array.from(plain)).size).toBeGreaterThan(1);
  });

  it.each([
    ['a layer type it cannot run', (j: Parameters<Parameters<typeof copyModel>[0]>[0]) => void (j.modelTopology.config.layers[1].class_name = 'Dropout'), /not a Dense layer/],
    ['another activation', (j: Parameters<Parameters<typeof copyModel>[0]>[0]) => void (j.modelTopology.config.layers[0].config.activation = 'tanh'), /activation tanh/],
    ['a dtype it does not read', (j: Parameters<Parameters<typeof copyModel>[0]>[0]) => void (j.weightsManifest[0].weights[0].dtype = 'float16'), /float16/],
  ])('refuses a model with %s instead of misreading it', (_what, edit, message) => {
    const dir = copyModel(edit);
    try {
      expect(() => readDenseLayers(dir)).toThrow(message);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses weights shorter or longer than the manifest', () => {
    const short = copyModel((_j, w) => w.subarray(0, w.byteLength - 4));
    const long = copyModel((_j, w) => Buffer.concat([w, Buffer.alloc(4)]));
    try {
      expect(() => readDenseLayers(short)).toThrow(/shorter/);
      expect(() => readDenseLayers(long)).toThrow(/longer/);
    } finally {
      fs.rmSync(short, { recursive: true, force: true });
      fs.rmSync(long, { recursive: true, force: true });
    }
  });

  it('the built server starts, serves an outfit and never loads TensorFlow.js', async () => {
    execFileSync(process.execPath, [path.join(root, 'scripts/build.mjs'), '--if-needed'], { stdio: 'ignore' });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'miroir-serving-'));
    const out = path.join(dir, 'modules.json');
    const preload = path.join(dir, 'record-modules.cjs');
    // Records every module the server process requires, and writes the list when it exits.
    fs.writeFileSync(
      preload,
      `const Module = require('node:module'); const fs = require('node:fs'); const seen = new Set(); const load = Module._load;
Module._load = function (request, ...rest) { seen.add(request); return load.call(this, request, ...rest); };
process.on('exit', () => fs.writeFileSync(${JSON.stringify(out)}, JSON.stringify([...seen])));`,
    );
    const child = spawn(process.execPath, ['--require', preload, path.join(root, 'dist/server/main.js')], {
      env: { ...process.env, PORT: '0', MIROIR_DATA_DIR: dir, LOG_LEVEL: 'warn', MIROIR_BACKGROUND_JOBS: 'false', OPEN_METEO_URL: 'http://127.0.0.1:9/v1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let text = '';
    child.stdout.on('data', (d: Buffer) => (text += d.toString()));
    child.stderr.on('data', (d: Buffer) => (text += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    try {
      const until = Date.now() + 30_000;
      while (!/Mirror[^:\n]*: \S+#token=\S+/.test(text) && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
      const [, base, token] = /Mirror[^:\n]*: (http:\/\/[\d.:]+)\/mirror#token=(\S+)/.exec(text) ?? [];
      expect(base).toBeDefined();
      const res = await fetch(`${base}/api/v1/outfits/today`, { headers: { authorization: `Bearer ${token}` } });
      expect(res.status).toBe(200);
      const body = (await res.json()) as { outfits: { score: number }[] };
      expect(body.outfits.length).toBeGreaterThan(0);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    const modules = JSON.parse(fs.readFileSync(out, 'utf8')) as string[];
    expect(modules).toContain('better-sqlite3');
    expect(modules.filter((m) => m.includes('@tensorflow'))).toEqual([]);
    fs.rmSync(dir, { recursive: true, force: true });
  }, 60_000);
});
