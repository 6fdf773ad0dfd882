import type { LayersModel, Sequential } from '@tensorflow/tfjs';
import { FEATURE_COUNT } from './features';
import type { Tf } from './tf-loader';

/** A small MLP: features → 16 ReLU → 8 ReLU → 1 utility. Higher is a better outfit for the day. */
export const HIDDEN = [16, 8] as const;

export function buildNetwork(tf: Tf, seed: number): Sequential {
  const model = tf.sequential();
  HIDDEN.forEach((units, i) => {
    model.add(
      tf.layers.dense({
        units,
        activation: 'relu',
        inputShape: i === 0 ? [FEATURE_COUNT] : undefined,
        kernelInitializer: tf.initializers.heNormal({ seed: seed + i }),
      }),
    );
  });
  model.add(tf.layers.dense({ units: 1, kernelInitializer: tf.initializers.glorotNormal({ seed: seed + 99 }) }));
  return model;
}

/** The dense layers' weights as plain arrays: kernel is [inputs × units], row-major. */
export interface DenseLayer {
  inputs: number;
  units: number;
  kernel: Float32Array;
  bias: Float32Array;
  relu: boolean;
}

export function extractLayers(model: LayersModel): DenseLayer[] {
  const layers: DenseLayer[] = [];
  model.layers.forEach((layer, index) => {
    const [kernel, bias] = layer.getWeights();
    const [inputs, units] = kernel.shape as [number, number];
    layers.push({
      inputs,
      units,
      kernel: kernel.dataSync() as Float32Array,
      bias: bias.dataSync() as Float32Array,
      relu: index < model.layers.length - 1,
    });
  });
  return layers;
}

/**
 * The same forward pass in plain TypeScript. For a few dozen candidates per request the network
 * is ~400 multiply-adds per outfit; TF.js's per-call overhead (tensor allocation, kernel dispatch)
 * costs more than the arithmetic, so the server scores with this and the TF.js model proves the
 * two agree (test/models/tf-loader.test.ts).
 */
export function forward(layers: readonly DenseLayer[], features: Float32Array, rows: number): Float32Array {
  let input = features;
  let width = layers[0]?.inputs ?? 0;
  for (const layer of layers) {
    const out = new Float32Array(rows * layer.units);
    for (let r = 0; r < rows; r++) {
      const inBase = r * width;
      const outBase = r * layer.units;
      for (let u = 0; u < layer.units; u++) {
        let sum = layer.bias[u];
        for (let i = 0; i < width; i++) sum += input[inBase + i] * layer.kernel[i * layer.units + u];
        out[outBase + u] = layer.relu && sum < 0 ? 0 : sum;
      }
    }
    input = out;
    width = layer.units;
  }
  return input;
}
