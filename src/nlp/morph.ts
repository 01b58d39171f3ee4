/**
 * The one wrapper around kuromoji-ko. The dictionary takes about 1 s and 300+ MB to load (DESIGN §9),
 * so it is loaded once per process (or worker) and shared.
 *
 * Tokens are normalized: compound and inflected tokens are split into their `expression` parts
 * (했 → 하/XSA + 았/EP), predicates get the dictionary form (빨랐 → 빠르다), and conjoining jamo
 * endings (U+11A8..U+11C2, e.g. ᆫ) become compatibility jamo (ㄴ) as KOSAC writes them.
 */
import { createRequire } from "node:module";
import path from "node:path";
import { MeCab } from "kuromoji-ko";

export interface Morpheme {
  /** The morpheme as written (after splitting compounds). */
  surface: string;
  /** Dictionary form: predicates end in 다 (지겹다, 빠르다), others as the surface. */
  lemma: string;
  /** mecab-ko-dic (Sejong) tag of this part: NNG, VV, VA, XR, MAG, EF, SF … */
  tag: string;
  /** Index of the eojeol (space-separated word) this morpheme came from: lets rules look "one word back". */
  word: number;
}

const PREDICATE_TAGS = new Set(["VV", "VA", "VX", "VCN", "VCP", "XSV", "XSA"]);

/** Conjoining jongseong jamo (U+11A8..U+11C2) → compatibility jamo, the form KOSAC and people type. */
const JONGSEONG_TO_COMPAT: Record<string, string> = (() => {
  const compat = "ㄱㄲㄳㄴㄵㄶㄷㄹㄺㄻㄼㄽㄾㄿㅀㅁㅂㅄㅅㅆㅇㅈㅊㅋㅌㅍㅎ";
  const map: Record<string, string> = {};
  for (let i = 0; i < compat.length; i++) map[String.fromCharCode(0x11a8 + i)] = compat[i]!;
  return map;
})();

/** Conjoining choseong (U+1100..U+1112) → compatibility jamo: endings like ᄇ니다 come out with one. */
const CHOSEONG_TO_COMPAT: Record<string, string> = (() => {
  const compat = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ";
  const map: Record<string, string> = {};
  for (let i = 0; i < compat.length; i++) map[String.fromCharCode(0x1100 + i)] = compat[i]!;
  return map;
})();

export function unifyJamo(text: string): string {
  return text
    .replace(/[\u11a8-\u11c2]/g, (c) => JONGSEONG_TO_COMPAT[c] ?? c)
    .replace(/[\u1100-\u1112]/g, (c) => CHOSEONG_TO_COMPAT[c] ?? c);
}

function lemmaOf(morpheme: string, tag: string): string {
  return PREDICATE_TAGS.has(tag) && tag !== "VCP" ? `${morpheme}다` : morpheme;
}

let shared: Promise<MeCab> | undefined;

/** Where kuromoji-ko's bundled mecab-ko-dic lives, found through node's resolver (works from dist/ and src/). */
export function dictionaryPath(): string {
  const require = createRequire(import.meta.url);
  const entry = require.resolve("kuromoji-ko"); // …/kuromoji-ko/dist/index.cjs (package.json is not exported)
  return path.join(path.dirname(entry), "..", "dict");
}

/** The process-wide analyzer, loaded on first use. */
export function loadMorphAnalyzer(): Promise<MeCab> {
  shared ??= MeCab.create({ engine: "ko", dictPath: dictionaryPath() });
  return shared;
}

/** An unpaired UTF-16 surrogate: JSON's `\ud800` escape puts one in a comment, and kuromoji throws on it. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Normalized morphemes of `text` (spaces dropped; word index kept). */
export function morphemesWith(mecab: MeCab, text: string): Morpheme[] {
  const out: Morpheme[] = [];
  let word = 0;
  // U+FFFD keeps the length, so offsets into `text` stay valid.
  for (const tok of mecab.parse(text.replace(LONE_SURROGATE, "\uFFFD"))) {
    const tags = tok.pos;
    if (tags[0] === "SP") {
      word++;
      continue;
    }
    const expr = tok.expression;
    if (expr && expr.length > 1) {
      for (const part of expr) {
        const m = unifyJamo(part.morpheme);
        out.push({ surface: m, lemma: lemmaOf(m, part.pos), tag: part.pos, word });
      }
    } else {
      const tag = tags[0] ?? "UNKNOWN";
      const surface = unifyJamo(tok.surface);
      out.push({ surface, lemma: lemmaOf(surface, tag), tag, word });
    }
  }
  return out;
}

/** Convenience for callers that do not hold the analyzer. */
export async function morphemes(text: string): Promise<Morpheme[]> {
  return morphemesWith(await loadMorphAnalyzer(), text);
}
