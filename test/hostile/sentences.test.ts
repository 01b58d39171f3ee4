/**
 * The sentence splitter on hostile text: it never throws, its sentences are the input's own text in order
 * (only whitespace falls between them), and no input makes it hang.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeBody } from "../../src/crawl/charset.js";
import { type Sentence, splitSentences } from "../../src/nlp/sentences.js";
import { CASE_DEADLINE_MS, hostileBody, hostileText, koreanProse, ONE_MB, repeatTo } from "./arbitraries.js";

function splitTimed(text: string): Sentence[] {
  const started = performance.now();
  const out = splitSentences(text);
  expect(performance.now() - started, "hang guard").toBeLessThan(CASE_DEADLINE_MS);
  return out;
}

/** Sentences are trimmed slices of the input at their `start`, in order, not overlapping, covering all text. */
function expectCovers(text: string, sentences: Sentence[]): void {
  let cursor = 0;
  for (const s of sentences) {
    expect(s.text.length).toBeGreaterThan(0);
    expect(s.text).toBe(s.text.trim());
    expect(s.start).toBeGreaterThanOrEqual(cursor);
    expect(text.slice(s.start, s.start + s.text.length)).toBe(s.text);
    // What lies between two sentences is whitespace only: no character of the input is dropped.
    expect(text.slice(cursor, s.start).trim()).toBe("");
    cursor = s.start + s.text.length;
    if (s.speaker !== null) {
      expect(s.isQuote).toBe(true);
      expect(s.speaker.length).toBeGreaterThan(0);
      expect(s.speaker.length).toBeLessThanOrEqual(30);
    }
  }
  expect(text.slice(cursor).trim()).toBe("");
}

describe("splitSentences on hostile input", () => {
  it("hostile characters, quotes and brackets: sentences cover the input in order", () => {
    fc.assert(
      fc.property(fc.oneof(hostileText(300), koreanProse), (text) => expectCovers(text, splitTimed(text))),
      { numRuns: 400 },
    );
  });

  it("random bytes decoded like a fetched page", () => {
    fc.assert(
      fc.property(hostileBody, ({ bytes, contentType }) => {
        const { text } = decodeBody(bytes, contentType);
        expectCovers(text, splitTimed(text));
      }),
      { numRuns: 100 },
    );
  });

  it("1 MB inputs finish under the hang guard and still cover the input", () => {
    const units = fc.constantFrom(
      "가",
      "“",
      "“가 ",
      '"가다." ',
      '철수는 "가다." ',
      "다.",
      ". ",
      "\n",
      ")",
      "김 대표는 ",
      "'",
      "…",
      "\u200B",
    );
    fc.assert(
      fc.property(units, koreanProse, (unit, tail) => {
        const text = `${repeatTo(unit, ONE_MB)}${tail}`;
        expectCovers(text, splitTimed(text));
      }),
      { numRuns: 8 },
    );
  });
});

// Regressions: each of these took minutes to hours at 1 MB before the fix (quadratic scans or backtracking).
describe("splitSentences: inputs that used to hang", () => {
  it("a long run of letters without a space (PERSON_SUBJECT retried from every letter)", () => {
    const text = "가".repeat(ONE_MB);
    expect(splitTimed(text)).toEqual([{ text, start: 0, speaker: null, isQuote: false }]);
  });

  it("a run of unmatched opening quotes (each one rescanned the rest of the line)", () => {
    const text = `“${"가.".repeat(ONE_MB / 2)}`;
    const sentences = splitTimed(text);
    expectCovers(text, sentences);
    expect(sentences.length).toBe(1);
  });

  it("a megabyte-long word after a quote (REPORTING_VERB backtracked over it)", () => {
    const text = `"가다"${"가".repeat(ONE_MB)} 철수는 말했다`;
    expectCovers(text, splitTimed(text));
  });

  it("the speeded-up speaker rules find what they found before", () => {
    const [first, second] = splitSentences('[단독]김철수 대표는 사과했다. 그는 "책임지겠다"고 말했다.');
    expect(first?.speaker).toBeNull();
    expect(second).toMatchObject({ speaker: "김철수 대표", isQuote: true });
    const [quoted] = splitSentences('"서비스를 곧 복구하겠다"고 카카오 관계자는 말했다.');
    expect(quoted).toMatchObject({ speaker: "카카오 관계자", isQuote: true });
    // Quotes after many others are still seen as quotes: the binary search finds the right span.
    const many = `${'"가." '.repeat(50)}철수는 "좋다. 정말." 라고 말했다.`;
    expect(splitSentences(many).map((s) => s.text)).toEqual([many]);
  });
});
