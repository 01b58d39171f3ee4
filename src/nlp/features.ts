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

/**
 * Features of one document from its normalized morphemes and its raw text: the same buckets as
 * `hashKeys(featureKeys(ms, text))`, computed without building the key strings (FNV-1a is a left fold, so a
 * key's hash is its prefix's hash fed with the rest). Analysis spends most of its non-tokenizer time here.
 */
export function extractFeatures(
  ms: readonly Morpheme[],
  text: string,
  bits: number = DEFAULT_FEATURE_BITS,
): SparseFeatures {
  const mask = (1 << bits) - 1;
  const seen = new Set<number>();
  const add = (h: number) => seen.add((h >>> 0) & mask);
  const morphs = ms.map(morphKey);
  const negated = negationScope(ms);
  const conceded = concessiveScope(ms);
  const hm = fnvFeed(FNV_OFFSET, "m:");
  const hn = fnvFeed(FNV_OFFSET, "n:");
  const hk = fnvFeed(FNV_OFFSET, "k:");
  const hb = fnvFeed(FNV_OFFSET, "b:");
  const ht = fnvFeed(FNV_OFFSET, "t:");
  for (let i = 0; i < morphs.length; i++) {
    const a = morphs[i]!;
    add(fnvFeed(negated[i] ? hn : conceded[i] ? hk : hm, a));
    if (i + 1 < morphs.length) {
      const ab = fnvFeed(fnvFeed(fnvFeed(hb, a), "|"), morphs[i + 1]!);
      add(ab);
      if (i + 2 < morphs.length)
        add(fnvFeed(fnvFeed(fnvFeed(fnvFeed(fnvFeed(ht, a), "|"), morphs[i + 1]!), "|"), morphs[i + 2]!));
    }
  }
  const normalized = normalizeForCharGrams(text);
  const chars = Array.from(normalized.replace(/\s+/g, ""));
  for (let n = 1; n <= 4; n++) {
    const prefix = CHAR_PREFIX_HASH[n - 1]!;
    for (let i = 0; i + n <= chars.length; i++) {
      let h = prefix;
      for (let k = i; k < i + n; k++) h = fnvFeed(h, chars[k]!);
      add(h);
    }
  }
  const hw = fnvFeed(FNV_OFFSET, "w:");
  for (const word of normalized.split(/\s+/)) if (word) add(fnvFeed(hw, word));
  const indices = Uint32Array.from(seen).sort();
  const values = new Float32Array(indices.length);
  if (indices.length > 0) values.fill(1 / Math.sqrt(indices.length));
  return { indices, values };
}
