/**
 * The learned complement: logistic regression over hashed morpheme and character n-grams (features.ts).
 * natural's BayesClassifier does not finish on the 150k NSMC reviews (DESIGN §9); a flat weight array
 * trained with Adagrad does, in seconds, and predicts with one sparse dot product.
 *
 * On disk (`data/model/*.bin.gz`): gzip of `YRLM1\n`, a uint32 LE length, that many bytes of JSON
 * metadata, then 2^bits int8 weights; weight = int8 × metadata.scale.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { gunzipSync, gzipSync } from "node:zlib";
import { repoPath } from "../shared/paths.js";
import { DEFAULT_FEATURE_BITS, FEATURE_VERSION, type SparseFeatures } from "./features.js";

const MAGIC = "YRLM1\n";

export interface ModelMetadata {
  /** Hash space: 2^bits weights. */
  bits: number;
  /** features.ts FEATURE_VERSION the weights were trained with. */
  featureVersion: string;
  bias: number;
  /** Free-form facts about training (corpus, epochs, validation accuracy …). */
  training: Record<string, unknown>;
}

export interface LinearModel {
  readonly metadata: ModelMetadata;
  readonly weights: Float32Array;
  /** P(positive) for one document's features. */
  predictProba(features: SparseFeatures): number;
  /** The raw score (log-odds) before the sigmoid. */
  margin(features: SparseFeatures): number;
}

export function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

export function createLinearModel(weights: Float32Array, metadata: ModelMetadata): LinearModel {
  if (weights.length !== 2 ** metadata.bits) {
    throw new Error(`model has ${weights.length} weights, expected 2^${metadata.bits}`);
  }
  const margin = (features: SparseFeatures): number => {
    let sum = metadata.bias;
    const { indices, values } = features;
    for (let i = 0; i < indices.length; i++) sum += (weights[indices[i]!] ?? 0) * values[i]!;
    return sum;
  };
  return { metadata, weights, margin, predictProba: (features) => sigmoid(margin(features)) };
}

export interface TrainOptions {
  bits: number;
  epochs: number;
  /** Adagrad base step. */
  learningRate: number;
  /** L2 penalty per example step (lazy: applied to the weights an example touches). */
  l2: number;
  /** Seed for the per-epoch shuffle, so training is reproducible. */
  seed: number;
}

/**
 * Tuned on the NSMC validation slice (isValidationRow): accuracy peaks at epoch 4 (0.8813 at 2^22) and
 * drifts down after; learning rates 0.1 and 0.4 and L2 up to 1e-4 were each 0.2–0.5 points worse.
 */
export const DEFAULT_TRAIN_OPTIONS: TrainOptions = {
  bits: DEFAULT_FEATURE_BITS,
  epochs: 4,
  learningRate: 0.2,
  l2: 1e-6,
  seed: 20221015,
};

/** mulberry32: a tiny seeded PRNG; Math.random cannot be seeded. */
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

/**
 * Logistic regression by Adagrad SGD. Adagrad gives rare n-grams (most of them) large early steps and
 * frequent ones small late steps, which plain SGD needs a tuned schedule for.
 */
export function trainLogistic(
  examples: readonly SparseFeatures[],
  labels: ArrayLike<number>,
  options: Partial<TrainOptions> = {},
  onEpoch?: (epoch: number, model: LinearModel) => void,
): LinearModel {
  const opts = { ...DEFAULT_TRAIN_OPTIONS, ...options };
  const size = 2 ** opts.bits;
  const weights = new Float32Array(size);
  const gradSq = new Float32Array(size).fill(1e-8);
  let bias = 0;
  let biasGradSq = 1e-8;
  const order = Array.from(examples.keys());
  const random = seededRandom(opts.seed);
  const metadata: ModelMetadata = { bits: opts.bits, featureVersion: FEATURE_VERSION, bias, training: {} };
  for (let epoch = 0; epoch < opts.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    for (const k of order) {
      const x = examples[k]!;
      const y = labels[k]!;
      let sum = bias;
      for (let i = 0; i < x.indices.length; i++) sum += weights[x.indices[i]!]! * x.values[i]!;
      const err = sigmoid(sum) - y;
      for (let i = 0; i < x.indices.length; i++) {
        const idx = x.indices[i]!;
        const g = err * x.values[i]! + opts.l2 * weights[idx]!;
        gradSq[idx]! += g * g;
        weights[idx]! -= (opts.learningRate * g) / Math.sqrt(gradSq[idx]!);
      }
      biasGradSq += err * err;
      bias -= (opts.learningRate * err) / Math.sqrt(biasGradSq);
    }
    metadata.bias = bias;
    onEpoch?.(epoch + 1, createLinearModel(weights, { ...metadata }));
  }
  metadata.bias = bias;
  return createLinearModel(weights, metadata);
}

/**
 * Serialise: int8 weights over the full range (scale = max |w| / 127) + JSON metadata. Measured on the
 * NSMC validation slice: the same accuracy as float32 (0.8814 both), 2.4 MB gzipped against 6 MB at int16,
 * because rounding zeroes the many tiny weights of n-grams seen once.
 */
export function encodeModel(model: LinearModel): Buffer {
  let maxAbs = 0;
  for (const w of model.weights) maxAbs = Math.max(maxAbs, Math.abs(w));
  const scale = maxAbs > 0 ? maxAbs / 127 : 1;
  const quantised = new Int8Array(model.weights.length);
  for (let i = 0; i < quantised.length; i++) quantised[i] = Math.round(model.weights[i]! / scale);
  const meta = Buffer.from(JSON.stringify({ ...model.metadata, scale }), "utf8");
  const head = Buffer.alloc(4);
  head.writeUInt32LE(meta.length);
  const body = Buffer.from(quantised.buffer, quantised.byteOffset, quantised.byteLength);
  return gzipSync(Buffer.concat([Buffer.from(MAGIC, "utf8"), head, meta, body]), { level: 9 });
}

export function decodeModel(bytes: Uint8Array): LinearModel {
  const raw = gunzipSync(bytes);
  if (raw.subarray(0, MAGIC.length).toString("utf8") !== MAGIC) throw new Error("not a yeoron model file");
  const metaLength = raw.readUInt32LE(MAGIC.length);
  const metaStart = MAGIC.length + 4;
  const meta = JSON.parse(
    raw.subarray(metaStart, metaStart + metaLength).toString("utf8"),
  ) as ModelMetadata & {
    scale: number;
  };
  if (meta.featureVersion !== FEATURE_VERSION) {
    throw new Error(
      `model was trained on features ${meta.featureVersion}, this build extracts ${FEATURE_VERSION}: retrain with scripts/train-model.ts`,
    );
  }
  const body = raw.subarray(metaStart + metaLength);
  const quantised = new Int8Array(body.buffer, body.byteOffset, body.byteLength);
  const { scale, ...metadata } = meta;
  return createQuantisedModel(quantised, scale, metadata);
}

/**
 * A model read from its int8 file: the weights stay int8 (4 MB at 2^22 instead of 16 MB of float32, which two
 * analysis workers' caches share better), and each is read through a 256-entry table holding exactly the
 * float32 value `int8 × scale` the float32 array would hold, so margins are bit for bit the same.
 * `weights` is built only when asked for.
 */
function createQuantisedModel(quantised: Int8Array, scale: number, metadata: ModelMetadata): LinearModel {
  if (quantised.length !== 2 ** metadata.bits) {
    throw new Error(`model has ${quantised.length} weights, expected 2^${metadata.bits}`);
  }
  const table = new Float64Array(256);
  for (let q = -128; q < 128; q++) table[q + 128] = Math.fround(q * scale);
  let weights: Float32Array | undefined;
  const margin = (features: SparseFeatures): number => {
    let sum = metadata.bias;
    const { indices, values } = features;
    for (let i = 0; i < indices.length; i++) {
      const q = quantised[indices[i]!];
      sum += (q === undefined ? 0 : table[q + 128]!) * values[i]!;
    }
    return sum;
  };
  return {
    metadata,
    get weights(): Float32Array {
      if (!weights) {
        // A plain loop: Float32Array.from with a map callback took about 0.25 s for the 4 M weights.
        weights = new Float32Array(quantised.length);
        for (let i = 0; i < quantised.length; i++) weights[i] = quantised[i]! * scale;
      }
      return weights;
    },
    margin,
    predictProba: (features) => sigmoid(margin(features)),
  };
}

/** The committed NSMC model (relative to this file, so it works from src/ and dist/). */
export function defaultModelPath(): string {
  return repoPath("data", "model", "nsmc-linear.bin.gz");
}

export function saveModel(model: LinearModel, file: string): void {
  writeFileSync(file, encodeModel(model));
}

export function loadModel(file: string = defaultModelPath()): LinearModel {
  return decodeModel(readFileSync(file));
}
