import fs from 'node:fs';
import path from 'node:path';
import type { io, LayersModel } from '@tensorflow/tfjs';
import { FEATURE_NAMES } from './features';
import type { DenseLayer } from './network';
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

interface DenseLayerJson {
  class_name: string;
  config: { units?: number; activation?: string; use_bias?: boolean; dtype?: string; name?: string };
}

/**
 * The saved model's dense layers read straight from `model.json` + `weights.bin`, without loading
 * TensorFlow.js: serving runs the plain forward pass, and TF.js's ~70 MB of kernels and backends
 * would only weigh on a Raspberry Pi's memory. Anything but the plain Dense stack `npm run train`
 * writes (another layer type, activation or dtype) is refused, so a model this reader would
 * misread fails at start instead of ranking wrongly.
 */
export function readDenseLayers(dir: string = defaultModelDir()): { layers: DenseLayer[]; metadata: ModelMetadata } {
  const json = JSON.parse(fs.readFileSync(path.join(dir, MODEL_JSON), 'utf8')) as ModelJson;
  const names = json.userDefinedMetadata?.featureNames ?? [];
  if (names.join(',') !== FEATURE_NAMES.join(',')) throw new Error(`model features (${names.join(',')}) differ from the code's; run npm run train`);
  const topology = json.modelTopology as { class_name?: string; config?: { layers?: DenseLayerJson[] } } | undefined;
  const layerJson = topology?.class_name === 'Sequential' ? (topology.config?.layers ?? []) : [];
  if (layerJson.length === 0) throw new Error('model.json: expected a Sequential model of Dense layers');
  const bytes = fs.readFileSync(path.join(dir, WEIGHTS_BIN));
  const specs = json.weightsManifest.flatMap((m) => m.weights);
  // TF.js concatenates the weights in manifest order, each as little-endian float32.
  const tensors = new Map<string, { shape: number[]; data: Float32Array }>();
  let offset = 0;
  for (const spec of specs) {
    if (spec.dtype !== 'float32') throw new Error(`model weights: ${spec.name} is ${spec.dtype}, expected float32`);
    const count = spec.shape.reduce((a, b) => a * b, 1);
    const end = offset + count * 4;
    if (end > bytes.byteLength) throw new Error(`model weights: ${WEIGHTS_BIN} is shorter than its manifest`);
    const data = new Float32Array(count);
    for (let i = 0; i < count; i++) data[i] = bytes.readFloatLE(offset + i * 4);
    tensors.set(spec.name, { shape: spec.shape, data });
    offset = end;
  }
  if (offset !== bytes.byteLength) throw new Error(`model weights: ${WEIGHTS_BIN} is longer than its manifest`);
  const layers = layerJson.map((layer, index): DenseLayer => {
    const { units, activation = 'linear', use_bias: useBias = true, name } = layer.config;
    if (layer.class_name !== 'Dense' || !name || !units || !useBias) throw new Error(`model.json: layer ${index} is not a Dense layer with a bias`);
    const isLast = index === layerJson.length - 1;
    if (activation !== (isLast ? 'linear' : 'relu')) throw new Error(`model.json: layer ${name} has activation ${activation}`);
    const kernel = tensors.get(`${name}/kernel`);
    const bias = tensors.get(`${name}/bias`);
    if (!kernel || !bias || kernel.shape.length !== 2 || kernel.shape[1] !== units || bias.data.length !== units) throw new Error(`model weights: ${name} is missing or misshapen`);
    return { inputs: kernel.shape[0], units, kernel: kernel.data, bias: bias.data, relu: !isLast };
  });
  if (layers[0].inputs !== FEATURE_NAMES.length) throw new Error(`model.json: ${layers[0].inputs} inputs for ${FEATURE_NAMES.length} features`);
  layers.slice(1).forEach((layer, i) => {
    if (layer.inputs !== layers[i].units) throw new Error('model.json: layer shapes do not chain');
  });
  return { layers, metadata: json.userDefinedMetadata };
}
