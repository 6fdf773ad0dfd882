import { createRequire } from 'node:module';
import { FEATURE_COUNT } from '@models/features';
import { forward } from '@models/network';
import { loadOutfitScorer } from '@models/scorer';
import { loadTf } from '@models/tf-loader';

const realRequire = createRequire(__filename);

function tfjsNodeLoads(): boolean {
  try {
    realRequire('@tensorflow/tfjs-node');
    return true;
  } catch {
    return false;
  }
}

describe('TensorFlow.js loader', () => {
  it('uses tfjs-node when its native binary loads, else falls back to tfjs, and says which', () => {
    const loaded = loadTf({ fresh: true });
    const native = tfjsNodeLoads();
    expect(loaded.backend).toBe(native ? 'tfjs-node' : 'tfjs');
    expect(loaded.attempts[0].module).toBe('@tensorflow/tfjs-node');
    if (!native) expect(loaded.attempts[0].error).toBeTruthy();
    expect(typeof loaded.tf.sequential).toBe('function');
  });

  it('falls back past a module that throws on require, and fails clearly when none loads', () => {
    const load = (id: string): unknown => {
      if (id === '@tensorflow/tfjs-node') throw new Error('The Node.js native addon module (tfjs_binding.node) can not be found');
      return realRequire(id);
    };
    const loaded = loadTf({ load, modules: [{ module: '@tensorflow/tfjs-node', backend: 'tfjs-node' }, { module: '@tensorflow/tfjs', backend: 'tfjs' }] });
    expect(loaded.backend).toBe('tfjs');
    expect(loaded.attempts).toEqual([{ module: '@tensorflow/tfjs-node', error: expect.stringContaining('tfjs_binding.node') }, { module: '@tensorflow/tfjs' }]);
    expect(() => loadTf({ load: () => ({}), modules: [{ module: 'x', backend: 'tfjs' }] })).toThrow(/no TensorFlow.js backend/);
  });

  it('scores with the committed weights through the fallback backend, the same as the plain forward pass', async () => {
    const fallback = loadTf({ load: (id) => (id === '@tensorflow/tfjs-node' ? (() => { throw new Error('absent'); })() : realRequire(id)) });
    const scorer = await loadOutfitScorer({ tf: fallback });
    expect(scorer.backend).toBe('tfjs');
    const rows = 40;
    const features = new Float32Array(rows * FEATURE_COUNT).map((_, i) => ((i * 7919) % 97) / 97);
    const viaTf = scorer.scoreWithTf(features, rows);
    const viaTs = forward(scorer.layers, features, rows);
    expect(viaTf).toHaveLength(rows);
    for (let i = 0; i < rows; i++) expect(viaTf[i]).toBeCloseTo(viaTs[i], 4);
    expect(new Set(Array.from(viaTs)).size).toBeGreaterThan(1);
  });
});
