/**
 * The trained tier: multinomial logistic regression over hashed features (features.ts). The
 * artefact (data/classifier/model.json) is produced by `npm run train:classifier` and records the
 * corpus hash it came from. Inference is a sparse dot product and a softmax: no I/O, no network.
 */
import { z } from 'zod';
import { Intent } from '../port.js';
import { BucketBuffer, FeatureConfig, featureBucketsInto, V2_FEATURES, type FeatureInput } from './features.js';

export const ModelArtefact = z.object({
  format: z.literal('saisoku-linear-v1'),
  /** `${featureVersion}.${corpusHash.slice(0, 8)}.${weightsHash.slice(0, 6)}`: changes with every retrain that changes the weights. */
  version: z.string(),
  featureVersion: z.number().int(),
  dims: z.number().int().positive(),
  /** The feature views it was trained on (round 8); absent = version 2's (char 1–4-grams, no Japanese runs). */
  features: FeatureConfig.optional(),
  classes: z.array(Intent),
  trainedFrom: z.object({
    corpusHash: z.string(),
    files: z.array(z.string()),
    lines: z.number().int(),
    seed: z.number().int(),
    epochs: z.number().int(),
    /** Averaged runs (seeds seed … seed+runs-1); absent = 1. */
    runs: z.number().int().positive().optional(),
    /** Weight per training file when not all 1 (round 6: hand-written lines count more than generated ones). */
    fileWeights: z.record(z.string(), z.number()).optional(),
    /** L2 when not the default 1e-3. */
    l2: z.number().optional(),
    /** AdaGrad's step when not the default 0.4 (round 15). */
    learningRate: z.number().optional(),
    /** Class weighting when not the default √ (round 15). */
    classWeighting: z.enum(['full', 'none']).optional(),
  }),
  /** Weights are int16 × scale. */
  scale: z.number().positive(),
  bias: z.array(z.number()),
  /** base64 of Uint32Array: the feature buckets that have weights, ascending. */
  rows: z.string(),
  /** base64 of Int16Array: rows.length × classes.length weights, row-major. */
  weights: z.string(),
});
export type ModelArtefact = z.infer<typeof ModelArtefact>;

export interface Prediction {
  intent: Intent;
  confidence: number;
  /** Probability per class, in `classes` order. */
  probs: Float64Array;
  classes: readonly Intent[];
}

export interface LinearModel {
  version: string;
  corpusHash: string;
  classes: readonly Intent[];
  predict(f: FeatureInput): Prediction;
  prob(p: Prediction, intent: Intent): number;
}

function decodeBase64(b64: string): Uint8Array {
  return new Uint8Array(Buffer.from(b64, 'base64'));
}

export function loadLinearModel(raw: unknown): LinearModel {
  const a = ModelArtefact.parse(raw);
  const K = a.classes.length;
  const rowBytes = decodeBase64(a.rows);
  const rows = new Uint32Array(rowBytes.buffer, rowBytes.byteOffset, rowBytes.byteLength / 4);
  const wBytes = decodeBase64(a.weights);
  const w16 = new Int16Array(wBytes.buffer.slice(wBytes.byteOffset, wBytes.byteOffset + wBytes.byteLength));
  if (w16.length !== rows.length * K) throw new Error(`model artefact: ${w16.length} weights for ${rows.length} rows × ${K} classes`);
  // Dense lookup bucket → row (−1 when the bucket has no weights).
  const index = new Int32Array(a.dims).fill(-1);
  rows.forEach((b, i) => {
    index[b] = i;
  });
  const weights = new Float32Array(w16.length);
  for (let i = 0; i < w16.length; i++) weights[i] = (w16[i] as number) * a.scale;
  const bias = Float64Array.from(a.bias);
  const classIndex = new Map(a.classes.map((c, i) => [c, i]));
  const cfg = a.features ?? V2_FEATURES;
  // One bucket list per model, refilled by each predict (synchronous: no two predicts overlap).
  const buckets = new BucketBuffer();
  // The scores too (speed10); the probabilities are returned in the Prediction, so they stay one array per call.
  const scores = new Float64Array(bias.length);

  return {
    version: a.version,
    corpusHash: a.trainedFrom.corpusHash,
    classes: a.classes,
    predict(f: FeatureInput): Prediction {
      scores.set(bias);
      featureBucketsInto(buckets, f, a.dims, cfg);
      const bs = buckets.a;
      for (let i = 0, n = buckets.n; i < n; i++) {
        const r = index[bs[i] as number] as number;
        if (r < 0) continue;
        const off = r * K;
        for (let k = 0; k < K; k++) (scores[k] as number) += weights[off + k] as number;
      }
      const probs = softmax(scores);
      let best = 0;
      for (let k = 1; k < K; k++) if ((probs[k] as number) > (probs[best] as number)) best = k;
      return { intent: a.classes[best] as Intent, confidence: probs[best] as number, probs, classes: a.classes };
    },
    prob(p: Prediction, intent: Intent): number {
      const i = classIndex.get(intent);
      return i === undefined ? 0 : (p.probs[i] as number);
    },
  };
}

export function softmax(scores: Float64Array): Float64Array {
  let max = -Infinity;
  for (const s of scores) if (s > max) max = s;
  const out = new Float64Array(scores.length);
  let sum = 0;
  for (let k = 0; k < scores.length; k++) {
    const e = Math.exp((scores[k] as number) - max);
    out[k] = e;
    sum += e;
  }
  for (let k = 0; k < out.length; k++) (out[k] as number) /= sum;
  return out;
}
