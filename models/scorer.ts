import type { LayersModel } from '@tensorflow/tfjs';
import { FEATURE_COUNT } from './features';
import { loadModel, readDenseLayers, type ModelMetadata } from './model-io';
import { extractLayers, forward, type DenseLayer } from './network';
import { loadTf, type LoadedTf, type TfBackendName } from './tf-loader';

/** Scores a batch of feature rows (row-major, FEATURE_COUNT per row): higher is better. */
export interface OutfitScorer {
  readonly kind: 'model' | 'rules';
  /** What computes the scores: TF.js (training, comparisons) or the plain forward pass (serving). */
  readonly backend: TfBackendName | 'plain' | null;
  score(features: Float32Array, rows: number): Float32Array;
}

/**
 * The rule-only baseline: the physical prior with hand-set, equal-ish weights (insulation gap,
 * rain, dress code, bare legs and open shoes in the cold or wet), nothing learned. It is what the
 * model must beat, and what the server falls back to when no trained model is present.
 */
export const ruleScorer: OutfitScorer = {
  kind: 'rules',
  backend: null,
  score(features, rows) {
    const out = new Float32Array(rows);
    for (let r = 0; r < rows; r++) {
      const f = features.subarray(r * FEATURE_COUNT, (r + 1) * FEATURE_COUNT);
      out[r] = -(f[0] + f[1] + 2 * f[4] + 0.5 * f[5] + 3 * f[6] + f[7] + f[10] + f[11] + f[12] + f[13]);
    }
    return out;
  },
};

/** The trained network, scored in plain TypeScript from the TF.js model's weights (same numbers). */
export class ModelScorer implements OutfitScorer {
  readonly kind = 'model';
  readonly layers: DenseLayer[];

  constructor(
    readonly tf: LoadedTf,
    readonly model: LayersModel,
    readonly metadata: ModelMetadata,
  ) {
    this.layers = extractLayers(model);
  }

  get backend(): TfBackendName {
    return this.tf.backend;
  }

  score(features: Float32Array, rows: number): Float32Array {
    return forward(this.layers, features, rows);
  }

  /** The same batch through TF.js: one tensor per call, disposed after. */
  scoreWithTf(features: Float32Array, rows: number): Float32Array {
    const { tf } = this.tf;
    return tf.tidy(() => {
      const input = tf.tensor2d(features, [rows, FEATURE_COUNT]);
      const output = this.model.predict(input) as ReturnType<typeof tf.tensor2d>;
      return output.dataSync() as Float32Array;
    }).slice();
  }
}

/**
 * What the server ranks with: the trained weights read without TensorFlow.js and scored by the
 * plain forward pass, the same numbers as the TF.js model (test/models/serving-scorer.test.ts).
 */
export class ServingScorer implements OutfitScorer {
  readonly kind = 'model';
  readonly backend = 'plain';

  constructor(
    readonly layers: readonly DenseLayer[],
    readonly metadata: ModelMetadata,
  ) {}

  score(features: Float32Array, rows: number): Float32Array {
    return forward(this.layers, features, rows);
  }
}

const servingShared = new Map<string, ServingScorer>();

/** Reads the trained model for serving; with the default directory, once per process. */
export function loadServingScorer(dir?: string): ServingScorer {
  const key = dir ?? '';
  let scorer = servingShared.get(key);
  if (!scorer) {
    const { layers, metadata } = readDenseLayers(dir);
    scorer = new ServingScorer(layers, metadata);
    servingShared.set(key, scorer);
  }
  return scorer;
}

const shared = new Map<string, Promise<ModelScorer>>();

/** Loads the trained model; with the defaults, once per process (every app instance shares it). */
export async function loadOutfitScorer(options: { dir?: string; tf?: LoadedTf } = {}): Promise<ModelScorer> {
  const load = async (): Promise<ModelScorer> => {
    const tf = options.tf ?? loadTf();
    const { model, metadata } = await loadModel(tf.tf, options.dir);
    return new ModelScorer(tf, model, metadata);
  };
  if (options.tf) return load();
  const key = options.dir ?? '';
  let pending = shared.get(key);
  if (!pending) {
    pending = load();
    shared.set(key, pending);
    // A failed load is not cached: a model trained later is picked up by the next app.
    pending.catch(() => shared.delete(key));
  }
  return pending;
}
