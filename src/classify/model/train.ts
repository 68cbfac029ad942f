/**
 * Training the linear tier: multinomial logistic regression, AdaGrad, L2, class-balanced, seeded
 * shuffle — the same corpus and seed give the same artefact byte for byte. Used by
 * `npm run train:classifier` (scripts/classifier/train.ts) and by the unit test.
 */
import { createHash } from 'node:crypto';
import { requestOf, type CorpusLine } from '../evaluate.js';
import { Intent } from '../port.js';
import { analyseByRules } from '../rules/index.js';
import { DEFAULT_FEATURES, FEATURE_VERSION, featureBuckets, V2_FEATURES, type FeatureConfig, type FeatureInput } from './features.js';
import { softmax, type ModelArtefact } from './linear.js';

export interface TrainOptions {
  dims?: number;
  epochs?: number;
  seed?: number;
  /** Runs with seeds seed, seed+1, …, whose weights are averaged (less variance between retrains). */
  runs?: number;
  learningRate?: number;
  l2?: number;
  files?: string[];
  /** How much each line counts (same order as the lines; default 1 each): written lines can weigh more than generated ones. */
  weights?: readonly number[];
  /** Feature views (default: DEFAULT_FEATURES); recorded in the artefact. */
  features?: FeatureConfig;
  /** Recorded in the artefact: the weight of each training file. */
  fileWeights?: Record<string, number>;
  /**
   * The lines' features already computed (featuresOf, same order as the lines): cross-validation (scripts/classifier/cv.ts)
   * runs the rules once per line, not once per fold. Not recorded: the same inputs give the same artefact.
   */
  inputs?: readonly FeatureInput[];
  /** How rarer intents are weighted: by √(share⁻¹) (the default), share⁻¹ (`full`) or not at all (`none`). */
  classWeighting?: 'sqrt' | 'full' | 'none';
}

/** The features of a corpus line, exactly as the pipeline computes them at inference. */
export function featuresOf(line: CorpusLine): FeatureInput {
  const a = analyseByRules(requestOf(line));
  return { n: a.n, locale: line.locale, signals: a.keyword ? [`keyword:${a.result.intent}`] : a.signals };
}

export function corpusHash(lines: readonly CorpusLine[]): string {
  const h = createHash('sha256');
  for (const l of lines) h.update(`${l.locale}\t${l.intent}\t${l.text}\n`);
  return h.digest('hex');
}

/** mulberry32: a small seeded PRNG (training shuffle, corpus generation). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function trainLinear(lines: readonly CorpusLine[], o: TrainOptions = {}): ModelArtefact {
  const dims = o.dims ?? 1 << 18;
  const epochs = o.epochs ?? 8;
  const seed = o.seed ?? 9;
  const lr = o.learningRate ?? 0.4;
  const l2 = o.l2 ?? 1e-3;
  const classes = Intent.options;
  const K = classes.length;
  const cfg = o.features ?? DEFAULT_FEATURES;
  const v2 = cfg.charMax === V2_FEATURES.charMax && cfg.jaWords === V2_FEATURES.jaWords;
  const featureVersion = v2 ? 2 : FEATURE_VERSION;
  const examples = lines.map((l, i) => {
    const counts = new Map<number, number>();
    for (const b of featureBuckets(o.inputs?.[i] ?? featuresOf(l), dims, cfg)) counts.set(b, (counts.get(b) ?? 0) + 1);
    const feats = [...counts.entries()].sort((a, b) => a[0] - b[0]);
    return { rows: Int32Array.from(feats, (x) => x[0]), counts: Float64Array.from(feats, (x) => x[1]), y: classes.indexOf(l.intent), w: o.weights?.[i] ?? 1 };
  });
  // Class weights: rarer intents count more (square-root balancing).
  const freq = new Array<number>(K).fill(0);
  for (const e of examples) freq[e.y]! += e.w;
  const total = freq.reduce((a, f) => a + f, 0);
  const cwMode = o.classWeighting ?? 'sqrt';
  const cw = freq.map((f) => (!f ? 0 : cwMode === 'none' ? 1 : cwMode === 'full' ? total / (K * f) : Math.sqrt(total / (K * f))));

  const runs = o.runs ?? 1;
  const W = new Float32Array(dims * K);
  const b = new Float64Array(K);
  for (let run = 0; run < runs; run++) {
    const one = trainOnce(examples, cw, dims, K, epochs, seed + run, lr, l2);
    for (let i = 0; i < W.length; i++) if (one.W[i] !== 0) W[i] = (W[i] as number) + (one.W[i] as number) / runs;
    for (let k = 0; k < K; k++) b[k] = (b[k] as number) + (one.b[k] as number) / runs;
  }
  // Sparse, int16-quantised artefact: only buckets some example touched.
  const used: number[] = [];
  for (let f = 0; f < dims; f++) {
    for (let k = 0; k < K; k++) {
      if (W[f * K + k] !== 0) {
        used.push(f);
        break;
      }
    }
  }
  let maxAbs = 0;
  for (const v of W) if (Math.abs(v) > maxAbs) maxAbs = Math.abs(v);
  const scale = maxAbs / 32767 || 1;
  const q = new Int16Array(used.length * K);
  used.forEach((f, i) => {
    for (let k = 0; k < K; k++) q[i * K + k] = Math.round((W[f * K + k] as number) / scale);
  });
  const hash = corpusHash(lines);
  const rows = Buffer.from(new Uint32Array(used).buffer).toString('base64');
  const weights = Buffer.from(q.buffer).toString('base64');
  // Rule changes alter the features (rule signals are inputs), so the weights get their own hash.
  const weightsHash = createHash('sha256').update(rows).update(weights).digest('hex');
  return {
    format: 'saisoku-linear-v1',
    version: `${featureVersion}.${hash.slice(0, 8)}.${weightsHash.slice(0, 6)}`,
    featureVersion,
    dims,
    ...(!v2 && { features: cfg }),
    classes: [...classes],
    trainedFrom: { corpusHash: hash, files: o.files ?? [], lines: lines.length, seed, epochs, ...(runs > 1 && { runs }), ...(o.fileWeights && { fileWeights: o.fileWeights }), ...(o.l2 !== undefined && { l2: o.l2 }), ...(o.learningRate !== undefined && { learningRate: o.learningRate }), ...(o.classWeighting && o.classWeighting !== 'sqrt' && { classWeighting: o.classWeighting }) },
    scale,
    bias: Array.from(b, (v) => Math.round(v * 1e6) / 1e6),
    rows,
    weights,
  };
}

interface Example {
  /** The buckets the line touches, ascending, and how often each (typed arrays: round 15, faster than [bucket, count] pairs). */
  rows: Int32Array;
  counts: Float64Array;
  y: number;
  /** The line's weight (1 for a generated line). */
  w: number;
}

/** One AdaGrad run over the examples in a seeded order. */
function trainOnce(examples: readonly Example[], cw: readonly number[], dims: number, K: number, epochs: number, seed: number, lr: number, l2: number): { W: Float32Array; b: Float64Array } {
  const W = new Float32Array(dims * K);
  const G = new Float32Array(dims * K);
  const b = new Float64Array(K);
  const Gb = new Float64Array(K);
  const grad = new Float64Array(K);
  const order = examples.map((_, i) => i);
  const r = seededRandom(seed);
  for (let epoch = 0; epoch < epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(r() * (i + 1));
      [order[i], order[j]] = [order[j] as number, order[i] as number];
    }
    for (const idx of order) {
      const e = examples[idx]!;
      const scores = Float64Array.from(b);
      const nf = e.rows.length;
      for (let j = 0; j < nf; j++) {
        const row = (e.rows[j] as number) * K;
        const c = e.counts[j] as number;
        for (let k = 0; k < K; k++) (scores[k] as number) += (W[row + k] as number) * c;
      }
      const p = softmax(scores);
      const wy = (cw[e.y] as number) * e.w;
      for (let k = 0; k < K; k++) {
        const g = ((p[k] as number) - (k === e.y ? 1 : 0)) * wy;
        grad[k] = g;
        Gb[k] = (Gb[k] as number) + g * g;
        (b[k] as number) -= (lr * g) / Math.sqrt((Gb[k] as number) + 1e-8);
      }
      // Round 15: one row at a time (its K weights are neighbours in W), not one class at a time across the rows — every
      // (row, class) weight is still updated once per example from the same values, so the artefact is the same bit for
      // bit, about twice as fast (cross-validation trains 17+ models per variant).
      for (let j = 0; j < nf; j++) {
        const row = (e.rows[j] as number) * K;
        const c = e.counts[j] as number;
        for (let k = 0; k < K; k++) {
          const at = row + k;
          const gw = (grad[k] as number) * c + l2 * (W[at] as number);
          G[at] = (G[at] as number) + gw * gw;
          W[at] = (W[at] as number) - (lr * gw) / Math.sqrt((G[at] as number) + 1e-8);
        }
      }
    }
  }
  return { W, b };
}
