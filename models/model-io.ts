import fs from 'node:fs';
import path from 'node:path';
import type { io, LayersModel } from '@tensorflow/tfjs';
import { FEATURE_NAMES } from './features';
import type { Tf } from './tf-loader';

/**
 * Saving and loading the layers model as `model.json` + `weights.bin` with plain fs: the pure-JS
 * `@tensorflow/tfjs` has no `file://` handler (only tfjs-node does), so these are the IO handlers.
 */
export const MODEL_JSON = 'model.json';
export const WEIGHTS_BIN = 'weights.bin';

export interface ModelMetadata {
  featureNames: string[];
  seed: number;
  metrics: Record<string, number>;
}

interface ModelJson {
  format: string;
  generatedBy: string;
  convertedBy: null;
  modelTopology: io.ModelArtifacts['modelTopology'];
  weightsManifest: { paths: string[]; weights: io.WeightsManifestEntry[] }[];
  userDefinedMetadata: ModelMetadata;
}

/** Finds `models/outfit` from the sources, the bundle (dist/…) or the working directory. */
export function defaultModelDir(): string {
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    const candidate = path.join(dir, 'models', 'outfit');
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(candidate)) return candidate;
    dir = path.dirname(dir);
  }
  return path.resolve('models', 'outfit');
}

export async function saveModel(tf: Tf, model: LayersModel, dir: string, metadata: ModelMetadata): Promise<void> {
  fs.mkdirSync(dir, { recursive: true });
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      const weightData = artifacts.weightData;
      if (!weightData || Array.isArray(weightData)) throw new Error('expected one weight buffer');
      const json: ModelJson = {
        format: 'layers-model',
        generatedBy: `TensorFlow.js tfjs-layers v${tf.version_layers}`,
        convertedBy: null,
        modelTopology: artifacts.modelTopology,
        weightsManifest: [{ paths: [WEIGHTS_BIN], weights: artifacts.weightSpecs ?? [] }],
        userDefinedMetadata: metadata,
      };
      fs.writeFileSync(path.join(dir, WEIGHTS_BIN), Buffer.from(weightData));
      fs.writeFileSync(path.join(dir, MODEL_JSON), JSON.stringify(json, null, 1) + '\n');
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON', weightDataBytes: weightData.byteLength } };
    }),
  );
}

export async function loadModel(tf: Tf, dir: string = defaultModelDir()): Promise<{ model: LayersModel; metadata: ModelMetadata }> {
  const json = JSON.parse(fs.readFileSync(path.join(dir, MODEL_JSON), 'utf8')) as ModelJson;
  const bytes = fs.readFileSync(path.join(dir, WEIGHTS_BIN));
  const weightData = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  const names = json.userDefinedMetadata?.featureNames ?? [];
  if (names.join(',') !== FEATURE_NAMES.join(',')) throw new Error(`model features (${names.join(',')}) differ from the code's; run npm run train`);
  const weightSpecs = json.weightsManifest.flatMap((m) => m.weights);
  const model = await tf.loadLayersModel(tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs, weightData }));
  return { model, metadata: json.userDefinedMetadata };
}
