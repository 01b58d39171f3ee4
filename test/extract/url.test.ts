import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { detectSite } from "../../src/extract/sites/index.js";
import { docIdFor, normalizeUrl } from "../../src/extract/url.js";
import { ParseError } from "../../src/shared/errors.js";

describe("normalizeUrl", () => {
  it("maps every Naver article form to n.news.naver.com/article/{oid}/{aid}", () => {
    const want = "https://n.news.naver.com/article/015/0004751234";
    for (const url of [
      "https://n.news.naver.com/article/015/0004751234",
      "https://n.news.naver.com/article/015/0004751234?sid=105",
      "https://n.news.naver.com/mnews/article/015/0004751234?sid=105#comment",
      "https://news.naver.com/main/read.naver?mode=LSD&mid=shm&sid1=105&oid=015&aid=0004751234",
      "http://news.naver.com/main/read.nhn?oid=015&aid=0004751234",
      "https://m.news.naver.com/read.nhn?oid=015&aid=0004751234",
      "HTTPS://N.NEWS.NAVER.COM/article/015/0004751234/",
    ]) {
      expect(normalizeUrl(url)).toBe(want);
    }
  });

  it("drops tracking parameters and fragments, keeps identifying ones sorted", () => {
    expect(
      normalizeUrl("https://WWW.Example.kr/news/articleView.html?utm_source=x&idxno=5&fbclid=1&a=2#top"),
    ).toBe("https://www.example.kr/news/articleView.html?a=2&idxno=5");
    expect(normalizeUrl("https://v.daum.net/v/20221019144207512?f=o")).toBe(
      "https://v.daum.net/v/20221019144207512",
    );
    expect(normalizeUrl("https://m.yna.co.kr/view/AKR20221018087600017?input=1195m")).toBe(
      "https://www.yna.co.kr/view/AKR20221018087600017",
    );
    expect(normalizeUrl("https://www.hankyung.com/article/2022102071234/?gclid=abc")).toBe(
      "https://www.hankyung.com/article/2022102071234",
    );
  });

  it("keeps sid where it is not Naver's section id", () => {
    expect(normalizeUrl("https://blog.example.com/view?sid=42")).toBe("https://blog.example.com/view?sid=42");
  });

  it("throws ParseError for what is not an http(s) URL", () => {
    for (const bad of ["", "not a url", "ftp://example.com/a", "javascript:alert(1)"]) {
      expect(() => normalizeUrl(bad)).toThrow(ParseError);
    }
  });
});

describe("docIdFor", () => {
  it("is the sha256 of the normalized URL, equal across forms of one article", () => {
    const id = docIdFor("https://news.naver.com/main/read.naver?oid=001&aid=0013512345");
    expect(id).toBe(
      createHash("sha256").update("https://n.news.naver.com/article/001/0013512345").digest("hex"),
    );
    expect(docIdFor("https://n.news.naver.com/mnews/article/001/0013512345?sid=101")).toBe(id);
    expect(docIdFor("https://n.news.naver.com/article/001/0013512346")).not.toBe(id);
  });
});

describe("detectSite", () => {
  it.each([
    ["https://n.news.naver.com/article/015/0004751234", "naver"],
    ["https://n.news.naver.com/mnews/article/015/0004751234", "naver"],
    ["https://news.naver.com/main/read.naver?oid=001&aid=0013512345", "naver"],
    ["https://news.naver.com/main/read.nhn?oid=001&aid=0013512345", "naver"],
    ["https://v.daum.net/v/20221019144207512", "daum"],
    ["https://www.hankyung.com/article/2022102071234", "hankyung"],
    ["https://www.hankyung.com/article/202210258812i", "hankyung"],
    ["https://www.yna.co.kr/view/AKR20221018087600017", "yonhap"],
    ["https://news.naver.com/main/ranking/popularDay.naver", null],
    ["https://www.hankyung.com/it", null],
    ["https://www.example.kr/news/articleView.html?idxno=1", null],
    ["::", null],
  ])("%s → %s", (url, site) => {
    expect(detectSite(url)).toBe(site);
  });
});
