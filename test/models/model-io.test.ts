import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FEATURE_COUNT, FEATURE_NAMES } from '@models/features';
import { defaultModelDir, loadModel, MODEL_JSON, saveModel, WEIGHTS_BIN } from '@models/model-io';
import { buildNetwork, extractLayers, forward } from '@models/network';
import { loadTf } from '@models/tf-loader';

describe('model files', () => {
  const { tf } = loadTf();
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'miroir-model-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('saves model.json + weights.bin and loads them back to the same outputs', async () => {
    const model = buildNetwork(tf, 7);
    await saveModel(tf, model, dir, { featureNames: [...FEATURE_NAMES], seed: 7, metrics: { x: 1 } });
    expect(fs.existsSync(path.join(dir, MODEL_JSON))).toBe(true);
    expect(fs.statSync(path.join(dir, WEIGHTS_BIN)).size).toBe(4 * (FEATURE_COUNT * 16 + 16 + 16 * 8 + 8 + 8 + 1));
    const { model: loaded, metadata } = await loadModel(tf, dir);
    expect(metadata).toMatchObject({ seed: 7, metrics: { x: 1 } });
    const features = new Float32Array(3 * FEATURE_COUNT).map((_, i) => (i % 5) / 5);
    expect(Array.from(forward(extractLayers(loaded), features, 3))).toEqual(Array.from(forward(extractLayers(model), features, 3)));
  });

  it('refuses weights trained on other features', async () => {
    const model = buildNetwork(tf, 1);
    const other = path.join(dir, 'other');
    await saveModel(tf, model, other, { featureNames: ['something_else'], seed: 1, metrics: {} });
    await expect(loadModel(tf, other)).rejects.toThrow(/npm run train/);
  });

  it('ships trained weights and a model card in models/outfit', () => {
    const shipped = defaultModelDir();
    for (const file of [MODEL_JSON, WEIGHTS_BIN, 'MODEL_CARD.md']) expect(fs.existsSync(path.join(shipped, file))).toBe(true);
    const card = fs.readFileSync(path.join(shipped, 'MODEL_CARD.md'), 'utf8');
    expect(card).toMatch(/rule-only baseline/);
    expect(card).toMatch(/3 °C warm/);
  });
});
