/**
 * The JSONP unwrapper and the comment-page parser against hostile answers: anything that is not the JSONP we
 * asked for is a ParseError, anything that is comes back exactly, and no user id survives parsing unhashed.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeBody } from "../../src/crawl/charset.js";
import { hashUserId, parseCommentPage, unwrapJsonp } from "../../src/crawl/naver-comments.js";
import { ParseError } from "../../src/shared/errors.js";
import { CASE_DEADLINE_MS, hostileBody, hostileText, koreanProse, ONE_MB, repeatTo } from "./arbitraries.js";

const SALT = "hostile-test-salt";
const DOC_ID = "d".repeat(64);

function timed<T>(fn: () => T): { value?: T; error?: unknown; ms: number } {
  const started = performance.now();
  try {
    const value = fn();
    return { value, ms: performance.now() - started };
  } catch (error) {
    return { error, ms: performance.now() - started };
  }
}

function expectOnlyParseError(r: { error?: unknown; ms: number }): void {
  expect(r.ms, "hang guard").toBeLessThan(CASE_DEADLINE_MS);
  if (r.error !== undefined) {
    expect(r.error instanceof ParseError, `unexpected ${String(r.error)}`).toBe(true);
  }
}

const identifier = fc.stringMatching(/^[A-Za-z_$][\w$]{0,12}$/);
const callback = fc.array(identifier, { minLength: 1, maxLength: 3 }).map((parts) => parts.join("."));
const space = fc.constantFrom("", " ", "\n", "\t ", "\r\n");

/** Comment text that trips naive unwrappers: `)`, `;`, `(`, a fake end of call, quotes, backslashes. */
const trickyText = fc.oneof(
  hostileText(60),
  koreanProse,
  fc.constantFrom(");", "}); _cb(", "(웃음)", "a\\\\)b", '")', "\u2028\u2029", "/**/", "]]>", "\u0000"),
);

describe("unwrapJsonp", () => {
  it("any text, or any decoded bytes: a value or a ParseError", () => {
    const inputs = fc.oneof(
      hostileText(200),
      hostileBody.map(({ bytes, contentType }) => decodeBody(bytes, contentType).text),
      fc.tuple(callback, hostileText(80)).map(([cb, t]) => `${cb}(${t}`),
      fc.tuple(callback, hostileText(80), hostileText(10)).map(([cb, t, tail]) => `${cb}(${t})${tail}`),
    );
    fc.assert(
      fc.property(inputs, (text) => expectOnlyParseError(timed(() => unwrapJsonp(text)))),
      { numRuns: 300 },
    );
  });

  it("a well-formed call returns exactly the JSON inside, whatever the strings hold", () => {
    const payload = fc.oneof(
      fc.jsonValue({ maxDepth: 4 }),
      fc.array(trickyText, { maxLength: 6 }).map((contents) => ({ result: { commentList: contents } })),
    );
    fc.assert(
      fc.property(
        payload,
        callback,
        fc.boolean(),
        space,
        space,
        fc.constantFrom("", ";", ";\n", " ; "),
        (value, cb, comment, before, inside, trailer) => {
          const json = JSON.stringify(value);
          const text = `\uFEFF${comment ? "/**/" : ""}${before}${cb}${before}(${inside}${json}${inside})${trailer}`;
          const r = timed(() => unwrapJsonp(text));
          expectOnlyParseError(r);
          expect(r.error).toBeUndefined();
          expect(r.value).toEqual(JSON.parse(json));
        },
      ),
      { numRuns: 200 },
    );
  });

  it("1 MB answers finish under the hang guard", () => {
    const units = fc.constantFrom("(", ")", ";", "{", '"', "\\", "가", "_cb(", "[", " ");
    fc.assert(
      fc.property(units, fc.boolean(), (unit, wrap) => {
        const body = repeatTo(unit, ONE_MB);
        expectOnlyParseError(timed(() => unwrapJsonp(wrap ? `_cb(${body});` : body)));
      }),
      { numRuns: 20 },
    );
    // A valid megabyte-sized page unwraps too.
    const big = { result: { commentList: [{ contents: repeatTo("(댓글);", ONE_MB) }] } };
    const r = timed(() => unwrapJsonp(`_yeoron(${JSON.stringify(big)});`));
    expectOnlyParseError(r);
    expect(r.value).toEqual(big);
  });
});

const rawUserId = fc.stringMatching(/^[A-Za-z0-9]{5,12}$/);

const rawComment = fc.record(
  {
    commentNo: fc.oneof(fc.integer({ min: 1 }), fc.stringMatching(/^\d{1,12}$/), fc.constant(null)),
    parentCommentNo: fc.oneof(fc.integer({ min: 1 }), fc.constant(undefined)),
    replyLevel: fc.oneof(fc.integer({ min: 0, max: 3 }), fc.string()),
    contents: fc.oneof(trickyText, fc.constant(null), fc.integer()),
    userIdNo: fc.oneof(rawUserId, fc.integer({ min: 100_000 }), fc.constant(null)),
    userName: fc.oneof(fc.constant("abcd****"), hostileText(10), fc.constant(null)),
    regTime: fc.oneof(
      fc.constantFrom("2022-10-17T14:30:00+0900", "2022-10-17 14:30", "2022-10-17T14:30:00Z"),
      fc.constantFrom("2022-13-45T99:99:99+0900", "어제", ""),
      hostileText(20),
    ),
    modTime: fc.oneof(fc.constant("2022-10-17T15:00:00+09:00"), hostileText(10)),
    sympathyCount: fc.oneof(fc.nat(), fc.string(), fc.double()),
    antipathyCount: fc.oneof(fc.nat(), fc.constant(null)),
    best: fc.anything(),
    deleted: fc.boolean(),
  },
  { requiredKeys: [] },
);

const commentPage = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      success: fc.constant(true),
      result: fc.record({ commentList: fc.array(rawComment, { maxLength: 8 }), pageModel: fc.anything() }),
    }),
  },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  {
    weight: 1,
    arbitrary: fc.record({ success: fc.constant(false), code: fc.anything(), message: hostileText(20) }),
  },
  { weight: 1, arbitrary: fc.record({ result: fc.record({ commentList: fc.anything() }) }) },
);

describe("parseCommentPage", () => {
  it("any JSON: a well-formed page or a ParseError, with every user id hashed", () => {
    fc.assert(
      fc.property(commentPage, (page) => {
        const r = timed(() => parseCommentPage(page, { docId: DOC_ID, salt: SALT }));
        expectOnlyParseError(r);
        if (!r.value) return;
        const parsed = r.value;
        expect(Number.isInteger(parsed.page)).toBe(true);
        expect(Number.isInteger(parsed.totalPages)).toBe(true);
        // A missing list is an empty page.
        const list =
          (page as { result: { commentList?: Array<{ userIdNo?: unknown }> } }).result.commentList ?? [];
        expect(parsed.comments).toHaveLength(list.length);
        const out = JSON.stringify(parsed.comments);
        parsed.comments.forEach((c, i) => {
          expect(c.commentId).toMatch(/^naver:\S/);
          expect(c.docId).toBe(DOC_ID);
          expect(c.contents).toBe(c.contents.normalize("NFC"));
          expect(Number.isNaN(c.writtenAt.getTime())).toBe(false);
          const id = list[i]?.userIdNo;
          if (typeof id === "string" || typeof id === "number") {
            expect(c.userHash).toBe(hashUserId(SALT, String(id).trim()));
            // The raw id appears nowhere in what the parser hands to storage.
            expect(out.includes(`"${String(id)}"`)).toBe(false);
          } else {
            expect(c.userHash).toBeNull();
          }
        });
      }),
      { numRuns: 300 },
    );
  });
});
