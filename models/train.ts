import fs from 'node:fs';
import path from 'node:path';
import { FEATURE_COUNT, FEATURE_NAMES } from './features';
import { writeModelCard, type TrainingReport } from './model-card';
import { defaultModelDir, saveModel } from './model-io';
import { buildNetwork, extractLayers, forward } from './network';
import { groupFeatures, personalisationExperiment, top1Agreement } from './evaluate';
import { seededRng } from '@server/core/random';
import { ruleScorer, type OutfitScorer } from './scorer';
import { randomGroups, type ChoiceGroup } from './simulate';
import { loadTf } from './tf-loader';

/**
 * `npm run train`: generates simulated people choosing among the engine's candidates, trains the
 * outfit network listwise (softmax over each day's candidates, the chosen one as the label),
 * evaluates it against the rule-only baseline on held-out people and the personalisation on people
 * who run 3 °C warm, then writes models/outfit/{model.json,weights.bin,MODEL_CARD.md}. Seeded:
 * the same seed gives the same data, the same weights and the same numbers.
 */
const SEED = Number(process.env.OUTFIT_SEED ?? 20261129);
const EPOCHS = Number(process.env.OUTFIT_EPOCHS ?? 6);
const BATCH = 128;
const MAX_K = 32;

function tensors(groups: readonly ChoiceGroup[]): { x: Float32Array; mask: Float32Array; y: Float32Array } {
  const x = new Float32Array(groups.length * MAX_K * FEATURE_COUNT);
  const mask = new Float32Array(groups.length * MAX_K).fill(-1e4);
  const y = new Float32Array(groups.length * MAX_K);
  groups.forEach((g, gi) => {
    const k = Math.min(MAX_K, g.outfits.length);
    x.set(groupFeatures(g).subarray(0, k * FEATURE_COUNT), gi * MAX_K * FEATURE_COUNT);
    for (let i = 0; i < k; i++) mask[gi * MAX_K + i] = 0;
    y[gi * MAX_K + Math.min(g.picked, k - 1)] = 1;
  });
  return { x, mask, y };
}

async function main(): Promise<void> {
  const started = Date.now();
  const loaded = loadTf();
  const { tf } = loaded;
  await tf.setBackend(loaded.backend === 'tfjs-node' ? 'tensorflow' : 'cpu');
  console.log(`TensorFlow.js ${tf.version.tfjs} on ${loaded.backend} (${tf.getBackend()}), seed ${SEED}`);

  const rng = seededRng(SEED);
  const train = randomGroups(rng, 240, 40, 'train');
  const validation = randomGroups(rng, 60, 25, 'val');
  const test = randomGroups(rng, 120, 30, 'test');
  console.log(`data: ${train.groups.length} training days (240 people), ${validation.groups.length} validation, ${test.groups.length} held-out (120 new people) in ${Date.now() - started} ms`);

  const model = buildNetwork(tf, SEED);
  const optimizer = tf.train.adam(0.01);
  const data = tensors(train.groups);
  const order = train.groups.map((_, i) => i);
  const shuffle = seededRng(SEED + 1);
  let bestAgreement = -1;
  let bestWeights = model.getWeights().map((w) => w.clone());
  for (let epoch = 1; epoch <= EPOCHS; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(shuffle() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    let lossSum = 0;
    let batches = 0;
    for (let b = 0; b < order.length; b += BATCH) {
      const ids = order.slice(b, b + BATCH);
      const n = ids.length;
      const xb = new Float32Array(n * MAX_K * FEATURE_COUNT);
      const mb = new Float32Array(n * MAX_K);
      const yb = new Float32Array(n * MAX_K);
      ids.forEach((g, r) => {
        xb.set(data.x.subarray(g * MAX_K * FEATURE_COUNT, (g + 1) * MAX_K * FEATURE_COUNT), r * MAX_K * FEATURE_COUNT);
        mb.set(data.mask.subarray(g * MAX_K, (g + 1) * MAX_K), r * MAX_K);
        yb.set(data.y.subarray(g * MAX_K, (g + 1) * MAX_K), r * MAX_K);
      });
      const x = tf.tensor2d(xb, [n * MAX_K, FEATURE_COUNT]);
      const m = tf.tensor2d(mb, [n, MAX_K]);
      const y = tf.tensor2d(yb, [n, MAX_K]);
      const loss = optimizer.minimize(() => {
        const scores = (model.apply(x, { training: true }) as ReturnType<typeof tf.tensor2d>).reshape([n, MAX_K]);
        return tf.losses.softmaxCrossEntropy(y, scores.add(m)) as ReturnType<typeof tf.scalar>;
      }, true);
      lossSum += loss ? loss.dataSync()[0] : 0;
      tf.dispose([x, m, y, ...(loss ? [loss] : [])]);
      batches++;
    }
    const layers = extractLayers(model);
    const val = top1Agreement(validation.groups, (f, rows) => forward(layers, f, rows));
    console.log(`epoch ${String(epoch).padStart(2)}  loss ${(lossSum / batches).toFixed(4)}  validation top-1 ${(val.agreement * 100).toFixed(1)} %`);
    if (val.agreement > bestAgreement) {
      bestAgreement = val.agreement;
      bestWeights.forEach((w) => w.dispose());
      bestWeights = model.getWeights().map((w) => w.clone());
    }
  }
  model.setWeights(bestWeights);

  const layers = extractLayers(model);
  const modelScorer: OutfitScorer = { kind: 'model', backend: loaded.backend, score: (f, rows) => forward(layers, f, rows) };
  const heldOut = top1Agreement(test.groups, modelScorer.score);
  const rules = top1Agreement(test.groups, ruleScorer.score);
  console.log('\nheld-out people (top-1 agreement with their favourite outfit among the candidates):');
  console.log(`  model ${(heldOut.agreement * 100).toFixed(1)} %  (mean regret ${heldOut.regret.toFixed(3)})`);
  console.log(`  rules ${(rules.agreement * 100).toFixed(1)} %  (mean regret ${rules.regret.toFixed(3)})`);
  console.log(`  chance ${(heldOut.chance * 100).toFixed(1)} %`);

  const personal = personalisationExperiment(seededRng(SEED + 2), modelScorer, { people: 40, events: 10, testDays: 30, offset: 3 });
  console.log(`\npeople who run 3 °C warm, after ${personal.feedbackEvents} feedback events each (${personal.people} people):`);
  console.log(`  top-1 agreement ${(personal.before * 100).toFixed(1)} % → ${(personal.after * 100).toFixed(1)} %`);
  console.log(`  days dressed too warm ${(personal.tooWarmBefore * 100).toFixed(1)} % → ${(personal.tooWarmAfter * 100).toFixed(1)} %`);
  console.log(`  learned comfort offset ${personal.learnedOffset.toFixed(2)} °C (true +3)`);

  const dir = process.env.OUTFIT_MODEL_DIR ? path.resolve(process.env.OUTFIT_MODEL_DIR) : defaultModelDir();
  const seconds = (Date.now() - started) / 1000;
  const report: TrainingReport = {
    seed: SEED,
    epochs: EPOCHS,
    backend: loaded.backend,
    seconds,
    trainDays: train.groups.length,
    validationDays: validation.groups.length,
    testDays: test.groups.length,
    validationAgreement: bestAgreement,
    model: heldOut,
    rules,
    personal,
    featureNames: [...FEATURE_NAMES],
  };
  await saveModel(tf, model, dir, {
    featureNames: [...FEATURE_NAMES],
    seed: SEED,
    metrics: {
      heldOutTop1: round(heldOut.agreement),
      rulesTop1: round(rules.agreement),
      chanceTop1: round(heldOut.chance),
      personalBefore: round(personal.before),
      personalAfter: round(personal.after),
    },
  });
  fs.writeFileSync(path.join(dir, 'MODEL_CARD.md'), writeModelCard(report));
  console.log(`\nwrote ${path.relative(process.cwd(), dir)}/{model.json,weights.bin,MODEL_CARD.md} in ${seconds.toFixed(1)} s`);
}

const round = (v: number): number => Math.round(v * 10000) / 10000;

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
