import { createRequire } from 'node:module';
import type * as TfModule from '@tensorflow/tfjs';

/**
 * One place that picks the TensorFlow.js flavour: `@tensorflow/tfjs-node` (native kernels) when its
 * binary loads, else the pure-JS `@tensorflow/tfjs`. Both expose the same API and read the same
 * weights, so nothing else in the code knows which one it got.
 */
export type Tf = typeof TfModule;
export type TfBackendName = 'tfjs-node' | 'tfjs';

export interface LoadedTf {
  tf: Tf;
  backend: TfBackendName;
  /** Each module tried, in order, with why it was skipped. */
  attempts: { module: string; error?: string }[];
}

export const TF_MODULES: readonly { module: string; backend: TfBackendName }[] = [
  { module: '@tensorflow/tfjs-node', backend: 'tfjs-node' },
  { module: '@tensorflow/tfjs', backend: 'tfjs' },
];

const nodeRequire = createRequire(__filename);
let cached: LoadedTf | null = null;

/** `load` and `modules` are parameters so a test can show the fallback with a module that fails. */
export function loadTf(options: { modules?: readonly { module: string; backend: TfBackendName }[]; load?: (id: string) => unknown; fresh?: boolean } = {}): LoadedTf {
  const useDefaults = !options.modules && !options.load;
  if (useDefaults && cached && !options.fresh) return cached;
  const load = options.load ?? nodeRequire;
  const attempts: LoadedTf['attempts'] = [];
  for (const candidate of options.modules ?? TF_MODULES) {
    try {
      const tf = load(candidate.module) as Tf;
      if (typeof tf?.sequential !== 'function') throw new Error('not a TensorFlow.js module');
      attempts.push({ module: candidate.module });
      // Production mode skips debug checks and the CPU backend's "install tfjs-node" banner, which
      // would otherwise print on every start; which backend loaded is reported by `backend`.
      if (typeof tf.enableProdMode === 'function' && !tf.env().getBool('PROD')) tf.enableProdMode();
      const loaded = { tf, backend: candidate.backend, attempts };
      if (useDefaults) cached = loaded;
      return loaded;
    } catch (err) {
      attempts.push({ module: candidate.module, error: (err instanceof Error ? err.message : String(err)).split('\n')[0] });
    }
  }
  throw new Error(`no TensorFlow.js backend could be loaded: ${attempts.map((a) => `${a.module}: ${a.error}`).join('; ')}`);
}
