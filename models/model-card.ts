import type { PersonalisationResult } from './evaluate';
import { HIDDEN } from './network';
import { POPULATION_WEIGHTS } from './simulate';

export interface TrainingReport {
  seed: number;
  epochs: number;
  backend: string;
  seconds: number;
  trainDays: number;
  validationDays: number;
  testDays: number;
  validationAgreement: number;
  model: { agreement: number; regret: number; chance: number };
  rules: { agreement: number; regret: number; chance: number };
  personal: PersonalisationResult;
  featureNames: string[];
}

const pct = (v: number): string => `${(v * 100).toFixed(1)} %`;

/** MODEL_CARD.md, written by `npm run train` next to the weights it describes. */
export function writeModelCard(r: TrainingReport): string {
  return `# Outfit ranking model

Written by \`npm run train\` (models/train.ts); do not edit by hand. Seed ${r.seed}, ${r.epochs} epochs,
trained on ${r.backend} in ${r.seconds.toFixed(0)} s.

## What it does
Scores (day, outfit) pairs; the server ranks the candidate outfits of its beam search
(server/outfits/engine/candidates.ts) by this score plus the person's learned head, and shows the
top 3. Architecture: ${r.featureNames.length} features → ${HIDDEN.join(' → ')} (ReLU) → 1, a TF.js
layers model (\`model.json\` + \`weights.bin\`). The server computes the same forward pass in plain
TypeScript from these weights (test/models/tf-loader.test.ts checks both agree).

## Features (models/features.ts)
${r.featureNames.map((n) => `- \`${n}\``).join('\n')}

Insulation: each garment's clo comes from the ASHRAE 55 / ISO 9920 table in
server/wardrobe/kinds.ts, summed into an ensemble value (I_cl = 0.835 Σ I_clu + 0.161). The clo the
day needs comes from a steady-state heat balance for light walking (models/comfort.ts) at the felt
temperature: the outdoor hours' minimum apparent temperature plus a quarter of the day's range,
shifted by the person's comfort offset. Rain cover counts waterproof outerwear, an umbrella and
waterproof shoes. Colour harmony reads colour names (English and French) or hex codes.

## Data
Entirely simulated, from the physical prior plus noise: ${r.trainDays} training days (240 people),
${r.validationDays} validation days (60 other people), ${r.testDays} held-out days (120 further people).
Each simulated person has a random wardrobe of 25–70 garments (kinds in realistic proportions,
insulation ±15 % around the table, colours mostly neutral, about one piece in six worn in the
last week), a hidden comfort offset (normal, sd 1.5 °C) and hidden preference weights drawn
log-normally (sd 0.4) around a population mean the model never sees:
${r.featureNames.map((n, i) => `\`${n}\` ${POPULATION_WEIGHTS[i]}`).join(', ')}.
Days: apparent temperature −12 to 41 °C, wind 0–14 m/s, 35 % wet days, snow on cold wet days,
dress codes casual 60 %, smart 22 %, formal 10 %, sport 8 %. On each day the engine proposes its
candidates (up to 32) and the person picks one by utility plus Gumbel noise (scale 0.35): that
pick is the training label (softmax cross-entropy over the day's candidates).

## Evaluation (held-out people)
Top-1 agreement: how often the top-ranked outfit is the person's noise-free favourite among the
day's candidates.

| ranking | top-1 agreement | mean utility regret |
|---|---|---|
| model | ${pct(r.model.agreement)} | ${r.model.regret.toFixed(3)} |
| rule-only baseline (physical prior, hand weights) | ${pct(r.rules.agreement)} | ${r.rules.regret.toFixed(3)} |
| chance | ${pct(r.model.chance)} | |

Validation top-1 of the kept epoch: ${pct(r.validationAgreement)}.

## Personalisation
${r.personal.people} simulated people who run 3 °C warm each give ${r.personal.feedbackEvents} pieces of feedback on
the suggestion of the day (too_warm / too_cold move their comfort offset by 1 °C; like / dislike
train their linear head by a few SGD steps, models/personalisation.ts). On 30 other days each:

| | before feedback | after ${r.personal.feedbackEvents} events |
|---|---|---|
| top-1 agreement | ${pct(r.personal.before)} | ${pct(r.personal.after)} |
| days dressed too warm | ${pct(r.personal.tooWarmBefore)} | ${pct(r.personal.tooWarmAfter)} |

Mean learned comfort offset: ${r.personal.learnedOffset.toFixed(2)} °C (true +3 °C).

## Limits
- Trained on simulated people, not on real feedback: the preference weights and their spread are
  assumptions; real agreement is unknown until households give feedback.
- The comfort model assumes light walking outdoors; it ignores sun radiation, humidity beyond what
  the apparent temperature carries, time spent outdoors and activity level.
- The clo table covers common kinds; unknown kinds get their category's middling value.
- Without a forecast the engine dresses for Paris climate normals of the month (said so in the
  explanation); other climates need a forecast.
- Colour harmony is a simple hue rule (neutrals, analogous, complementary), not learned taste.
`;
}
