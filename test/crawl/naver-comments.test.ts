import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  commentPageUrl,
  hashUserId,
  naverArticleIds,
  parseCommentPage,
  parseNaverTime,
  scrubUserIds,
  unwrapJsonp,
} from "../../src/crawl/naver-comments.js";
import { ParseError } from "../../src/shared/errors.js";

const fixture = (name: string) => readFileSync(new URL(`../fixtures/crawl/${name}`, import.meta.url), "utf8");
const SALT = "test-salt";

describe("naverArticleIds", () => {
  it("reads every Naver article URL form", () => {
    const expected = { oid: "015", aid: "0004748812" };
    expect(naverArticleIds("https://n.news.naver.com/article/015/0004748812")).toEqual(expected);
    expect(naverArticleIds("https://n.news.naver.com/mnews/article/015/0004748812?sid=105")).toEqual(
      expected,
    );
    expect(naverArticleIds("https://n.news.naver.com/mnews/article/comment/015/0004748812")).toEqual(
      expected,
    );
    expect(naverArticleIds("https://news.naver.com/main/read.naver?mode=LSD&oid=015&aid=0004748812")).toEqual(
      expected,
    );
    expect(naverArticleIds("https://news.naver.com/main/read.nhn?oid=015&aid=0004748812")).toEqual(expected);
  });

  it("rejects other sites and other Naver pages", () => {
    expect(naverArticleIds("https://www.hankyung.com/article/015/0004748812")).toBeNull();
    expect(naverArticleIds("https://n.news.naver.com/main/ranking/popularDay.naver")).toBeNull();
    expect(naverArticleIds("https://news.naver.com/main/read.naver?oid=15&aid=4748812")).toBeNull();
    expect(naverArticleIds("not a url")).toBeNull();
  });
});

describe("commentPageUrl", () => {
  it("carries every parameter the comment box needs", () => {
    const url = new URL(commentPageUrl("http://127.0.0.1:1/cbox/list.json", "015", "0004748812", 3, 100));
    expect(url.origin + url.pathname).toBe("http://127.0.0.1:1/cbox/list.json");
    expect(Object.fromEntries(url.searchParams)).toEqual({
      ticket: "news",
      pool: "cbox5",
      lang: "ko",
      country: "KR",
      objectId: "news015,0004748812",
      pageSize: "100",
      page: "3",
      sort: "new",
      includeAllStatus: "true",
      _callback: "_yeoron",
    });
  });
});

describe("unwrapJsonp", () => {
  it("leaves ( ) ; and }); inside comment text untouched", () => {
    const contents = "비극은 (카카오) 탓; 끝});  또 ); 그리고 _yeoron(";
    const text = `_yeoron(${JSON.stringify({ result: { commentList: [{ contents }] } })});`;
    expect(unwrapJsonp(text)).toEqual({ result: { commentList: [{ contents }] } });
  });

  it("accepts whitespace, a /**/ prefix, a dotted callback, no trailing semicolon and plain JSON", () => {
    expect(unwrapJsonp('\n  /**/ jQuery36_1.cb ( {"a":"(;)"} ) ;\n')).toEqual({ a: "(;)" });
    expect(unwrapJsonp('_cb({"a":1})')).toEqual({ a: 1 });
    expect(unwrapJsonp('{"a":1}')).toEqual({ a: 1 });
  });

  it("reads the fixture page with its tricky comment text intact", () => {
    const data = unwrapJsonp(fixture("naver-comments-page1.jsonp")) as {
      result: { commentList: Array<{ contents: string }> };
    };
    const texts = data.result.commentList.map((c) => c.contents);
    expect(texts).toContain(
      "IT 업계의 비극이라니ㅋㅋ 비극은 이중화 안 한 카카오 탓이지 (업계 전체 끌어들이지 마세요);",
    );
    expect(texts).toContain("복구해 주신 직원분들은 고생 많으셨습니다. 경영진은 책임지시고요});");
  });

  it("throws ParseError on malformed JSONP", () => {
    const bad = [
      "",
      "<html><body>잠시 후 다시 시도해 주세요</body></html>",
      '_yeoron({"a":1}', // no closing parenthesis
      '_yeoron({"a":1}); alert(1)', // code after the call
      '_yeoron({"a":1}) trailing',
      '1bad({"a":1});', // not an identifier
      '_yeoron({"a":1,});', // not JSON
      'alert("x"); _yeoron({"a":1});',
    ];
    for (const text of bad) expect(() => unwrapJsonp(text), text).toThrow(ParseError);
  });
});

describe("parseNaverTime", () => {
  it("reads +0900 without a colon, with a colon, and a bare time as KST", () => {
    expect(parseNaverTime("2022-10-19T19:02:11+0900")?.toISOString()).toBe("2022-10-19T10:02:11.000Z");
    expect(parseNaverTime("2022-10-19T19:02:11+09:00")?.toISOString()).toBe("2022-10-19T10:02:11.000Z");
    expect(parseNaverTime("2022-10-19 19:02:11")?.toISOString()).toBe("2022-10-19T10:02:11.000Z");
    expect(parseNaverTime("2022-10-19T01:00:00+0000")?.toISOString()).toBe("2022-10-19T01:00:00.000Z");
    expect(parseNaverTime("어제")).toBeNull();
    expect(parseNaverTime(undefined)).toBeNull();
  });
});

describe("parseCommentPage", () => {
  const json = unwrapJsonp(fixture("naver-comments-page1.jsonp"));
  const page = parseCommentPage(json, { docId: "doc-1", salt: SALT });
  const byId = new Map(page.comments.map((c) => [c.commentId, c]));

  it("reads paging and every comment", () => {
    expect(page.page).toBe(1);
    expect(page.totalPages).toBe(1);
    expect(page.totalRows).toBe(6);
    expect(page.comments.map((c) => c.commentId)).toEqual([
      "naver:3812000101",
      "naver:3812000102",
      "naver:3812000103",
      "naver:3812000104",
      "naver:3812000105",
      "naver:3812000106",
    ]);
    for (const c of page.comments) {
      expect(c.docId).toBe("doc-1");
      expect(c.source).toBe("naver");
    }
  });

  it("links replies to their parent and keeps top-level comments parentless", () => {
    expect(byId.get("naver:3812000101")?.parentId).toBeNull();
    expect(byId.get("naver:3812000101")?.replyCount).toBe(2);
    expect(byId.get("naver:3812000102")?.parentId).toBe("naver:3812000101");
    expect(byId.get("naver:3812000102")?.replyLevel).toBe(2);
    expect(byId.get("naver:3812000104")?.parentId).toBeNull();
  });

  it("keeps counts and flags", () => {
    const best = byId.get("naver:3812000101");
    expect(best).toMatchObject({
      sympathy: 1532,
      antipathy: 41,
      isBest: true,
      isDeleted: false,
      isHidden: false,
    });
    expect(byId.get("naver:3812000103")).toMatchObject({
      isDeleted: true,
      contents: "",
      userHash: null,
      userName: null,
    });
    expect(byId.get("naver:3812000105")).toMatchObject({ isHidden: true, isDeleted: false });
  });

  it("reads +0900 times as UTC instants", () => {
    const c = byId.get("naver:3812000106");
    expect(c?.writtenAt.toISOString()).toBe("2022-10-19T12:45:09.000Z");
    expect(c?.modifiedAt?.toISOString()).toBe("2022-10-19T13:00:00.000Z");
  });

  it("keeps the masked name and only a salted hash of the user id", () => {
    const c = byId.get("naver:3812000101");
    expect(c?.userName).toBe("kaka****");
    expect(c?.userHash).toBe(hashUserId(SALT, "7qXk2mUSERA"));
    expect(c?.userHash).toMatch(/^[0-9a-f]{64}$/);
    const serialized = JSON.stringify(page);
    for (const rawId of ["7qXk2mUSERA", "2bNp9USERB", "9zzCUSERC", "4hhUSERD", "1mmUSERE"]) {
      expect(serialized).not.toContain(rawId);
    }
    expect(serialized).not.toContain("userIdNo");
  });

  it("gives the same person the same hash and a different salt a different hash", () => {
    expect(hashUserId(SALT, "7qXk2mUSERA")).toBe(hashUserId(SALT, "7qXk2mUSERA"));
    expect(hashUserId("other", "7qXk2mUSERA")).not.toBe(hashUserId(SALT, "7qXk2mUSERA"));
  });

  it("throws ParseError on an API failure or a broken page", () => {
    expect(() =>
      parseCommentPage({ success: false, code: "3999", message: "잘못된 요청" }, { docId: "d", salt: SALT }),
    ).toThrow(/3999/);
    expect(() => parseCommentPage({ success: true }, { docId: "d", salt: SALT })).toThrow(ParseError);
    expect(() =>
      parseCommentPage(
        { result: { commentList: [{ contents: "번호 없음", regTime: "2022-10-19T19:02:11+0900" }] } },
        {
          docId: "d",
          salt: SALT,
        },
      ),
    ).toThrow(ParseError);
    expect(() =>
      parseCommentPage(
        { result: { commentList: [{ commentNo: 1, contents: "시간 없음" }] } },
        { docId: "d", salt: SALT },
      ),
    ).toThrow(ParseError);
  });

  it("reports a refusal whose code or message is an object as a ParseError, not a TypeError", () => {
    // Found by the property test: String() throws on an object whose toString is not a function.
    const page = JSON.parse('{"success":false,"code":{"toString":null},"message":{"text":"거절"}}');
    expect(() => parseCommentPage(page, { docId: "d", salt: SALT })).toThrow(ParseError);
    expect(() => parseCommentPage(page, { docId: "d", salt: SALT })).toThrow(/"toString":null/);
  });

  it("reads an empty thread as zero pages", () => {
    const empty = parseCommentPage(
      { success: true, result: { commentList: [], pageModel: { page: 1, totalPages: 0, totalRows: 0 } } },
      {
        docId: "d",
        salt: SALT,
      },
    );
    expect(empty).toEqual({ comments: [], page: 1, totalPages: 0, totalRows: 0 });
  });

  it("refuses to run without a salt", () => {
    expect(() => parseCommentPage(json, { docId: "d", salt: "" })).toThrow(/salt/);
  });
});

describe("scrubUserIds", () => {
  const salt = "scrub-test-salt";
  const text = fixture("naver-comments-page1.jsonp");
  const rawIds = [...text.matchAll(/"userIdNo"\s*:\s*"([^"]+)"/g)].map((m) => m[1]!);

  it("removes every raw commenter id from a stored response and keeps the rest byte for byte", () => {
    expect(rawIds.length).toBeGreaterThan(0);
    const scrubbed = Buffer.from(scrubUserIds(new TextEncoder().encode(text), salt)).toString("utf8");
    for (const id of rawIds) expect(scrubbed).not.toContain(`"${id}"`);
    // only the id values changed
    expect(scrubbed.replace(/"userIdNo":"sha256:[0-9a-f]{64}"/g, "ID")).toBe(
      text.replace(/"userIdNo"\s*:\s*"[^"]+"/g, "ID"),
    );
  });

  it("re-parsing a scrubbed response gives the same user hashes", () => {
    const before = parseCommentPage(unwrapJsonp(text), { docId: "d", salt }).comments.map((c) => c.userHash);
    const scrubbed = Buffer.from(scrubUserIds(new TextEncoder().encode(text), salt)).toString("utf8");
    const after = parseCommentPage(unwrapJsonp(scrubbed), { docId: "d", salt }).comments.map(
      (c) => c.userHash,
    );
    expect(after).toEqual(before);
    expect(before.every((h) => h === null || /^[0-9a-f]{64}$/.test(h))).toBe(true);
  });
});
