/**
 * The tokenizer wrapper and the lexicon scorer on hostile text: no throw, well-formed output, no hang.
 * kuromoji is loaded once for the file (about 1 s and 300 MB).
 */
import fc from "fast-check";
import type { MeCab } from "kuromoji-ko";
import { beforeAll, describe, expect, it } from "vitest";
import { decodeBody } from "../../src/crawl/charset.js";
import { type Lexicons, loadLexicons } from "../../src/nlp/lexicon.js";
import {
  loadMorphAnalyzer,
  MAX_PARSE_RUN_CHARS,
  MAX_PARSE_SPAN_CHARS,
  type Morpheme,
  morphemesWith,
  parsePieces,
  unifyJamo,
} from "../../src/nlp/morph.js";
import { labelFor, scoreMorphemes } from "../../src/nlp/score.js";
import type { SentimentScore } from "../../src/shared/types.js";
import { CASE_DEADLINE_MS, hostileBody, hostileText, koreanProse, repeatTo } from "./arbitraries.js";

let mecab: MeCab;
let lex: Lexicons;

beforeAll(async () => {
  mecab = await loadMorphAnalyzer();
  lex = loadLexicons();
});

/**
 * Large inputs for the tokenizer: kuromoji runs at roughly 100–250 KB/s here, so 1 MB is a few seconds of
 * honest work; 32 KB keeps the folder fast while a quadratic regression (40 KB took 26 s) still trips the guard.
 */
const LARGE = 32 * 1024;

const texts = fc.oneof(
  hostileText(300),
  koreanProse,
  hostileBody.map(({ bytes, contentType }) => decodeBody(bytes, contentType).text.slice(0, 2_000)),
);

function analyse(text: string): { ms: Morpheme[]; score: SentimentScore } {
  const started = performance.now();
  const ms = morphemesWith(mecab, text);
  const score = scoreMorphemes(ms, text, lex);
  expect(performance.now() - started, "hang guard").toBeLessThan(CASE_DEADLINE_MS);
  return { ms, score };
}

/** What kuromoji is handed: lone surrogates replaced, as morphemesWith does. */
const wellFormed = (text: string) =>
  text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "\uFFFD");

function expectMorphemesWellFormed(text: string, ms: Morpheme[]): void {
  let word = 0;
  for (const m of ms) {
    expect(m.surface.length).toBeGreaterThan(0);
    expect(m.lemma.length).toBeGreaterThan(0);
    expect(m.tag).toMatch(/^[A-Z]+$/);
    expect(Number.isInteger(m.word)).toBe(true);
    expect(m.word).toBeGreaterThanOrEqual(word);
    word = m.word;
  }
  // Every token kuromoji read is a piece of the text (kuromoji-ko drops a few characters, such as "," and
  // NUL, so the pieces need not cover it); only compound tokens split into dictionary morphemes are exempt.
  const tokens = parsePieces(wellFormed(text)).flatMap((p) => mecab.parse(p));
  const source = unifyJamo(wellFormed(text));
  for (const t of tokens)
    if (!t.expression || t.expression.length <= 1) expect(source).toContain(unifyJamo(t.surface));
}

function expectScoreWellFormed(s: SentimentScore): void {
  expect(Number.isFinite(s.compound)).toBe(true);
  expect(s.compound).toBeGreaterThanOrEqual(-1);
  expect(s.compound).toBeLessThanOrEqual(1);
  expect(s.label).toBe(labelFor(s.compound));
  for (const share of [s.pos, s.neu, s.neg]) {
    expect(share).toBeGreaterThanOrEqual(0);
    expect(share).toBeLessThanOrEqual(1);
  }
  // Each share is rounded to 3 decimals, so the sum may miss 1 by up to 1.5 thousandths.
  expect(Math.abs(s.pos + s.neu + s.neg - 1)).toBeLessThanOrEqual(0.0015 + 1e-9);
  for (const t of s.terms) expect(Number.isFinite(t.valence)).toBe(true);
}

describe("morphemesWith and scoreMorphemes on hostile text", () => {
  it("random Hangul, jamo, emoji, controls, invisibles and decoded bytes", () => {
    fc.assert(
      fc.property(texts, (text) => {
        const { ms, score } = analyse(text);
        expectMorphemesWellFormed(text, ms);
        expectScoreWellFormed(score);
      }),
      { numRuns: 150 },
    );
  });

  it("large inputs finish under the hang guard", () => {
    const units = fc.constantFrom(
      "카카오 먹통 ",
      "좋다. ",
      "좋지 않다 ",
      "안 좋다 ",
      "문제 없다 ",
      "좋냐? ",
      "최악 ㅋㅋ ",
      "x",
      "가",
      "\u200B",
      " ",
      "\n",
      "😀",
      "\uD800",
    );
    fc.assert(
      fc.property(units, koreanProse, (unit, tail) => {
        const text = `${repeatTo(unit, LARGE)}${tail}`;
        expectScoreWellFormed(analyse(text).score);
      }),
      { numRuns: 6 },
    );
  });
});

// Regressions for the bugs these properties found.
describe("morphemesWith: inputs that used to crash or hang", () => {
  it("a comma is not an empty morpheme", () => {
    expect(morphemesWith(mecab, "좋다, 나쁘다").every((m) => m.surface !== "" && m.tag !== "")).toBe(true);
  });

  it("a lone surrogate (kuromoji threw a TypeError)", () => {
    const ms = morphemesWith(mecab, "\uD800가 좋다");
    expect(ms.map((m) => m.surface)).toContain("좋");
  });

  it("ordinary sentences are parsed whole; long spans and runs are cut at bounded lengths", () => {
    const sentence = "카카오 서비스가 판교 데이터센터 화재로 멈췄다. 남궁 대표는 사과했다.";
    expect(parsePieces(sentence)).toEqual([sentence]);
    for (const text of [
      repeatTo("카카오 먹통 ", 5_000),
      "x".repeat(5_000),
      " ".repeat(5_000),
      "😀".repeat(999),
    ]) {
      const pieces = parsePieces(text);
      expect(pieces.join("")).toBe(text);
      for (const p of pieces) {
        expect(p.length).toBeLessThanOrEqual(MAX_PARSE_SPAN_CHARS + 1);
        // A run may pass the limit by one code unit, to keep a surrogate pair whole.
        expect(new RegExp(`\\S{${MAX_PARSE_RUN_CHARS + 2}}|\\s{${MAX_PARSE_RUN_CHARS + 2}}`).test(p)).toBe(
          false,
        );
        // No piece starts with the second half of a surrogate pair.
        expect(/^[\uDC00-\uDFFF]/.test(p)).toBe(false);
      }
    }
  });

  it("cutting keeps word indexes: a run of spaces is one word break", () => {
    const text = `좋다${" ".repeat(1_000)}나쁘다`;
    const ms = morphemesWith(mecab, text);
    expect(new Set(ms.map((m) => m.word))).toEqual(new Set([0, 1]));
  });

  it("a long text without full stops, and many segments, score in bounded time (were quadratic)", () => {
    for (const unit of ["카카오 먹통 ", "좋다. ", "좋지 않다 "])
      expectScoreWellFormed(analyse(repeatTo(unit, LARGE)).score);
  });
});
