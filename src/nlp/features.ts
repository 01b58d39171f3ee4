/**
 * Features of the learned complement: morpheme lemma n-grams and character n-grams, hashed into a fixed
 * space so the model is one flat weight array with no vocabulary to ship. Pure and deterministic: the same
 * text gives the same indices on every machine (FNV-1a over UTF-16 code units, no Math.random, no Map order).
 */
import type { Morpheme } from "./morph.js";
import { concessiveScope, negationScope } from "./negation.js";

/**
 * 2^22 buckets: NSMC train yields millions of distinct n-gram keys (2.8M buckets end up non-zero).
 * Validation accuracy after 4 epochs, measured: 2^18 0.870, 2^20 0.877, 2^21 0.878, 2^22 0.881.
 * At int8 the 2^22 weights gzip to about 2.4 MB.
 */
export const DEFAULT_FEATURE_BITS = 22;

/** Bump when the keys below change: a model trained on other keys must not be loaded silently. */
export const FEATURE_VERSION = "f3";

export interface SparseFeatures {
  /** Sorted, distinct bucket indices. */
  indices: Uint32Array;
  /** Value per index (L2-normalised over the document). */
  values: Float32Array;
}

/** 32-bit FNV-1a over UTF-16 code units. */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/**
 * Text as the character n-grams see it: NFC, lower case, the doubled quotes of NSMC's CSV round-trips
 * dropped, and runs of one character capped at 3 (ㅋㅋㅋㅋㅋ and ㅋㅋㅋ mean the same; !!!!!! is !!!).
 */
export function normalizeForCharGrams(text: string): string {
  return text
    .normalize("NFC")
    .toLowerCase()
    .replace(/"/g, "")
    .replace(/(.)\1{3,}/gu, "$1$1$1");
}

/** Lemma and tag: endings and particles (네요/EF, 도/JX) carry tone in n-grams, so nothing is filtered. */
function morphKey(m: Morpheme): string {
  return `${m.lemma}/${m.tag}`;
}

/**
 * Unigram keys: `m:` for a morpheme as used, `n:` for one inside a negation scope (negation.ts), the
 * standard NOT_-prefix of Das & Chen (2001) and Pang et al. (2002). Without it 좋다 in 좋지 않다 adds the same
 * weight as 좋다 in 좋다; the bigrams see 좋다|지 but not the 않다 two morphemes on. Likewise `k:` for a
 * morpheme in a clause conceded by a later -지만/그러나 (negation.ts concessiveScope).
 * NSMC validation slice, model alone, epoch 4: f1 (plain unigrams) 0.8818, f2 (+ n:) 0.8820.
 *
 * The string keys of one document's features, before hashing (exposed for tests and --explain).
 */
export function featureKeys(ms: readonly Morpheme[], text: string): string[] {
  const keys: string[] = [];
  const morphs = ms.map(morphKey);
  const negated = negationScope(ms);
  const conceded = concessiveScope(ms);
  for (let i = 0; i < morphs.length; i++) {
    keys.push(`${negated[i] ? "n" : conceded[i] ? "k" : "m"}:${morphs[i]}`);
    if (i + 1 < morphs.length) keys.push(`b:${morphs[i]}|${morphs[i + 1]}`);
    if (i + 2 < morphs.length) keys.push(`t:${morphs[i]}|${morphs[i + 1]}|${morphs[i + 2]}`);
  }
  // Character n-grams over the space-stripped text catch what the tokenizer splits badly in
  // unspaced, misspelled review language (재밋엉, 개노잼). On validation 1–4 grams beat 2–4 and 1–5
  // by < 0.1 points; n-grams across the spaces (spacing kept) cost 0.2 points.
  const chars = Array.from(normalizeForCharGrams(text).replace(/\s+/g, ""));
  for (let n = 1; n <= 4; n++) {
    for (let i = 0; i + n <= chars.length; i++) keys.push(`c${n}:${chars.slice(i, i + n).join("")}`);
  }
  // Whole eojeol (space-separated words) keep the spacing signal the char n-grams throw away.
  for (const word of normalizeForCharGrams(text).split(/\s+/)) if (word) keys.push(`w:${word}`);
  return keys;
}

/** Hash keys into `bits` buckets; presence (not counts), L2-normalised so long reviews do not dominate. */
export function hashKeys(keys: readonly string[], bits: number = DEFAULT_FEATURE_BITS): SparseFeatures {
  const mask = (1 << bits) - 1;
  const seen = new Set<number>();
  for (const key of keys) seen.add(fnv1a(key) & mask);
  const indices = Uint32Array.from(seen).sort();
  const values = new Float32Array(indices.length);
  if (indices.length > 0) values.fill(1 / Math.sqrt(indices.length));
  return { indices, values };
}

/** FNV-1a offset basis and prime (32-bit). */
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

function fnvFeed(hash: number, text: string): number {
  let h = hash;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, FNV_PRIME);
  }
  return h;
}

const CHAR_PREFIX_HASH = [1, 2, 3, 4].map((n) => fnvFeed(FNV_OFFSET, `c${n}:`));
const HASH_M = fnvFeed(FNV_OFFSET, "m:");
const HASH_N = fnvFeed(FNV_OFFSET, "n:");
const HASH_K = fnvFeed(FNV_OFFSET, "k:");
const HASH_B = fnvFeed(FNV_OFFSET, "b:");
const HASH_T = fnvFeed(FNV_OFFSET, "t:");
const HASH_W = fnvFeed(FNV_OFFSET, "w:");
const SLASH = 0x2f;
const BAR = 0x7c;

/** `hash` fed with morphKey(m), without building the `lemma/tag` string. */
function feedMorph(hash: number, m: Morpheme): number {
  return fnvFeed(Math.imul(fnvFeed(hash, m.lemma) ^ SLASH, FNV_PRIME), m.tag);
}

/**
 * Features of one document from its normalized morphemes and its raw text: the same buckets as
 * `hashKeys(featureKeys(ms, text))`, computed without building the key strings (FNV-1a is a left fold, so a
 * key's hash is its prefix's hash fed with the rest). Analysis spends most of its non-tokenizer time here,
 * hence plain loops over code units and one sorted array instead of a Set.
 */
export function extractFeatures(
  ms: readonly Morpheme[],
  text: string,
  bits: number = DEFAULT_FEATURE_BITS,
): SparseFeatures {
  const scratch = scratchFeatures(ms, text, bits);
  return { indices: scratch.indices.slice(), values: scratch.values.slice() };
}

/**
 * extractFeatures without its two fresh typed arrays: views of scratch buffers that the next call
 * overwrites, for a caller that reads them at once (the analyzer's model probability). Typed arrays
 * allocated and dropped per text cost the analysis workers allocator and garbage-collector time.
 */
export function scratchFeatures(
  ms: readonly Morpheme[],
  text: string,
  bits: number = DEFAULT_FEATURE_BITS,
): SparseFeatures {
  const mask = (1 << bits) - 1;
  const negated = negationScope(ms);
  const conceded = concessiveScope(ms);
  const n = ms.length;
  const normalized = normalizeForCharGrams(text);
  // Character n-grams count code points (as Array.from does: a surrogate pair is one character) and hash
  // their UTF-16 code units; `starts` holds each code point's first unit plus the end.
  const stripped = normalized.replace(/\s+/g, "");
  // An upper bound on the number of hashes: three per morpheme, four per character, one per word.
  let hashes = reserve(3 * n + 4 * stripped.length + normalized.length + 1);
  let count = 0;
  for (let i = 0; i < n; i++) {
    const a = ms[i]!;
    hashes[count++] = (feedMorph(negated[i] ? HASH_N : conceded[i] ? HASH_K : HASH_M, a) >>> 0) & mask;
    if (i + 1 < n) {
      const b = ms[i + 1]!;
      hashes[count++] = (feedMorph(Math.imul(feedMorph(HASH_B, a) ^ BAR, FNV_PRIME), b) >>> 0) & mask;
      if (i + 2 < n) {
        const ab = Math.imul(feedMorph(Math.imul(feedMorph(HASH_T, a) ^ BAR, FNV_PRIME), b) ^ BAR, FNV_PRIME);
        hashes[count++] = (feedMorph(ab, ms[i + 2]!) >>> 0) & mask;
      }
    }
  }
  const starts = startBuffer(stripped.length + 1);
  let chars = 0;
  for (let u = 0; u < stripped.length; ) {
    starts[chars++] = u;
    const c = stripped.charCodeAt(u);
    const next = stripped.charCodeAt(u + 1);
    u += c >= 0xd800 && c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff ? 2 : 1;
  }
  starts[chars] = stripped.length;
  for (let len = 1; len <= 4; len++) {
    const prefix = CHAR_PREFIX_HASH[len - 1]!;
    for (let i = 0; i + len <= chars; i++) {
      let h = prefix;
      const end = starts[i + len]!;
      for (let u = starts[i]!; u < end; u++) h = Math.imul(h ^ stripped.charCodeAt(u), FNV_PRIME);
      hashes[count++] = (h >>> 0) & mask;
    }
  }
  for (const word of normalized.split(/\s+/)) {
    if (!word) continue;
    if (count === hashes.length) hashes = reserve(count + 1, count);
    hashes[count++] = (fnvFeed(HASH_W, word) >>> 0) & mask;
  }
  const sorted = hashes.subarray(0, count);
  if (count >= RADIX_MIN && bits <= 22) radixSort22(sorted);
  else sorted.sort();
  let distinct = 0;
  for (let i = 0; i < count; i++) {
    if (i === 0 || sorted[i] !== sorted[i - 1]) sorted[distinct++] = sorted[i]!;
  }
  valueScratch = atLeast(valueScratch, distinct);
  const values = valueScratch.subarray(0, distinct);
  if (distinct > 0) values.fill(1 / Math.sqrt(distinct));
  return { indices: sorted.subarray(0, distinct), values };
}

let valueScratch = new Float32Array(1024);

/**
 * Scratch buffers reused by every call (the features are copied out before returning): a fresh array of
 * hashes per document was a good part of analysis garbage. `keep` leading values survive a regrowth.
 */
let hashBuffer = new Uint32Array(1024);
function reserve(size: number, keep = 0): Uint32Array {
  hashBuffer = atLeast(hashBuffer, size, keep);
  return hashBuffer;
}
let startScratch = new Int32Array(512);
function startBuffer(size: number): Int32Array {
  startScratch = atLeast(startScratch, size);
  return startScratch;
}

/** `buffer`, or a new one of at least `size` (doubling) holding its first `keep` values. */
function atLeast<T extends Uint32Array | Int32Array | Float32Array>(buffer: T, size: number, keep = 0): T {
  if (buffer.length >= size) return buffer;
  const grown = new (buffer.constructor as new (length: number) => T)(Math.max(size, buffer.length * 2));
  grown.set(buffer.subarray(0, keep));
  return grown;
}

/** From this many hashes on, the radix sort beats TypedArray.prototype.sort (measured: 2.2 µs vs 4.4 at 200). */
const RADIX_MIN = 128;
let radixScratch = new Uint32Array(1024);
const radixCounts = new Int32Array(4096);

/** Sorts values below 2^22 ascending in place: two stable counting passes over 11 bits each. */
function radixSort22(a: Uint32Array): void {
  const n = a.length;
  radixScratch = atLeast(radixScratch, n);
  const tmp = radixScratch;
  const counts = radixCounts;
  counts.fill(0);
  for (let i = 0; i < n; i++) {
    const v = a[i]!;
    counts[v & 2047]!++;
    counts[2048 + ((v >>> 11) & 2047)]!++;
  }
  let low = 0;
  let high = 0;
  for (let k = 0; k < 2048; k++) {
    const c0 = counts[k]!;
    counts[k] = low;
    low += c0;
    const c1 = counts[2048 + k]!;
    counts[2048 + k] = high;
    high += c1;
  }
  for (let i = 0; i < n; i++) {
    const v = a[i]!;
    tmp[counts[v & 2047]!++] = v;
  }
  for (let i = 0; i < n; i++) {
    const v = tmp[i]!;
    a[counts[2048 + ((v >>> 11) & 2047)]!++] = v;
  }
}
