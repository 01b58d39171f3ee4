/**
 * Hostile pages through `decodeBody` and `extractArticle`: whatever the bytes, extraction returns a clean
 * document or throws one of its two typed errors, and never hangs.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeBody } from "../../src/crawl/charset.js";
import { extractArticle } from "../../src/extract/article.js";
import { MAX_NESTING_DEPTH } from "../../src/extract/html.js";
import { NotArticleError, ParseError } from "../../src/shared/errors.js";
import type { ArticleDocument } from "../../src/shared/types.js";
import {
  CASE_DEADLINE_MS,
  hostileBody,
  hostileHtml,
  hostileText,
  INVISIBLE_RE,
  nested,
  ONE_MB,
  repeatTo,
} from "./arbitraries.js";

const FETCHED_AT = new Date("2022-10-18T00:00:00Z");

const urls = fc.oneof(
  fc.constantFrom(
    "https://n.news.naver.com/mnews/article/001/0013515039",
    "https://v.daum.net/v/20221017143000123",
    "https://www.hankyung.com/article/2022101712345",
    "https://www.yna.co.kr/view/AKR20221017000100017",
    "https://example.com/news/1?utm_source=x#frag",
    "http://127.0.0.1:1/a",
  ),
  // Not http(s) or not a URL at all: the documented ParseError.
  fc.constantFrom("javascript:alert(1)", "file:///etc/passwd", "", "not a url", "https://"),
  hostileText(30).map((t) => `https://example.com/${t}`),
);

type Outcome = { doc: ArticleDocument } | { error: unknown };

function extractTimed(html: string, url: string): { outcome: Outcome; ms: number } {
  const started = performance.now();
  let outcome: Outcome;
  try {
    outcome = { doc: extractArticle({ html, url, fetchedAt: FETCHED_AT }) };
  } catch (error) {
    outcome = { error };
  }
  return { outcome, ms: performance.now() - started };
}

/** Text the pipeline stores and scores: NFC, no invisible characters, no edge whitespace, no empty field. */
function expectCleanText(text: string, what: string): void {
  expect(text, `${what} is NFC`).toBe(text.normalize("NFC"));
  expect(INVISIBLE_RE.test(text), `${what} has a zero-width character: ${JSON.stringify(text)}`).toBe(false);
  expect(text, `${what} is trimmed`).toBe(text.trim());
  expect(text.length, `${what} is empty`).toBeGreaterThan(0);
}

function expectWellFormed(doc: ArticleDocument): void {
  expect(doc.docId).toMatch(/^[0-9a-f]{64}$/);
  expectCleanText(doc.title, "title");
  expect(doc.paragraphs.length).toBeGreaterThan(0);
  for (const p of doc.paragraphs) expectCleanText(p, "paragraph");
  if (doc.subtitle !== null) for (const line of doc.subtitle.split("\n")) expectCleanText(line, "subtitle");
  expectCleanText(doc.outlet, "outlet");
  if (doc.section !== null) expectCleanText(doc.section, "section");
  for (const r of doc.reporters) expectCleanText(r, "reporter");
  // A page cannot have been published after we fetched it.
  for (const t of [doc.publishedAt, doc.modifiedAt]) {
    if (t === null) continue;
    expect(Number.isNaN(t.getTime())).toBe(false);
    expect(t.getTime()).toBeLessThanOrEqual(FETCHED_AT.getTime());
  }
  // Paragraphs are deduplicated: the same text never appears twice.
  expect(new Set(doc.paragraphs).size).toBe(doc.paragraphs.length);
}

function expectDocumentedOutcome(outcome: Outcome, ms: number): void {
  expect(ms, "extraction took longer than the hang guard").toBeLessThan(CASE_DEADLINE_MS);
  if ("error" in outcome) {
    const ok = outcome.error instanceof NotArticleError || outcome.error instanceof ParseError;
    expect(ok, `unexpected ${String(outcome.error)}`).toBe(true);
  } else {
    expectWellFormed(outcome.doc);
  }
}

/** A body paragraph long enough for every extraction method to accept it. */
const BODY =
  "카카오 서비스가 판교 데이터센터 화재로 장시간 멈추면서 이용자들의 불편이 컸고 회사는 보상안을 내놓겠다고 밝혔다.";

describe("extractArticle on hostile input", () => {
  it("random bytes decoded like a fetched page: a document or a typed error", () => {
    fc.assert(
      fc.property(hostileBody, urls, ({ bytes, contentType }, url) => {
        const { text } = decodeBody(bytes, contentType);
        const { outcome, ms } = extractTimed(text, url);
        expectDocumentedOutcome(outcome, ms);
      }),
      { numRuns: 60 },
    );
  });

  it("HTML-shaped junk with control characters, zero-width runs and quotes", () => {
    fc.assert(
      fc.property(hostileHtml, urls, (html, url) => {
        const { outcome, ms } = extractTimed(html, url);
        expectDocumentedOutcome(outcome, ms);
      }),
      { numRuns: 80 },
    );
  });

  it("an article whose text is laced with invisibles and decomposed Hangul comes out clean", () => {
    fc.assert(
      fc.property(
        hostileText(40),
        fc.constantFrom("\u200B", "\u200D\u200D\u200D", "\uFEFF", "\u00AD"),
        (noise, zw) => {
          const title = `카카오${zw}먹통${zw} 사태`.normalize("NFD");
          const body = `${BODY.normalize("NFD")}${zw}${noise}`;
          const html = `<html><head><title>${title}</title></head><body><article><h1>${title}</h1><p>${body}</p><p>${BODY}${zw}</p></article></body></html>`;
          const { outcome, ms } = extractTimed(html, "https://example.com/news/1");
          expectDocumentedOutcome(outcome, ms);
          if ("doc" in outcome) expect(outcome.doc.title).toBe("카카오먹통 사태");
        },
      ),
      { numRuns: 30 },
    );
  });

  it("deep nesting is refused or read, never a stack overflow", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: MAX_NESTING_DEPTH * 10 }),
        fc.constantFrom("div", "span", "b", "table", "p"),
        (levels, tag) => {
          const html = `<html><head><title>카카오 먹통 사태</title></head><body>${nested(tag, levels, `<p>${BODY}</p>`)}</body></html>`;
          const { outcome, ms } = extractTimed(html, "https://example.com/news/2");
          expectDocumentedOutcome(outcome, ms);
        },
      ),
      { numRuns: 12 },
    );
  });

  it("1 MB pages finish under the hang guard", () => {
    const units = fc.constantFrom(
      `<p>${BODY}</p>`,
      "<div>",
      "<p><b><i>",
      "\u200B",
      "<",
      "&amp;",
      "가",
      "<!--",
      '<a href="',
      "입력 2022.10.17 ",
      "a@b.co ",
    );
    fc.assert(
      fc.property(units, hostileText(20), (unit, tail) => {
        const html = `<html><head><title>카카오 먹통 사태</title></head><body>${repeatTo(unit, ONE_MB)}${tail}</body></html>`;
        const { outcome, ms } = extractTimed(html, "https://example.com/news/3");
        expectDocumentedOutcome(outcome, ms);
      }),
      { numRuns: 6 },
    );
  });

  it("an input that is not a page object is a ParseError", () => {
    const junk = fc.oneof(
      fc.constant(null),
      fc.constant(undefined),
      fc.integer(),
      fc.record({ html: fc.anything(), url: fc.anything(), fetchedAt: fc.anything() }),
    );
    fc.assert(
      fc.property(junk, (input) => {
        expect(() => extractArticle(input as never)).toThrow(ParseError);
      }),
      { numRuns: 50 },
    );
  });
});
