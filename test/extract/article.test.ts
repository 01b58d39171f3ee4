import { describe, expect, it } from "vitest";
import { extractArticle } from "../../src/extract/article.js";
import { MAX_HTML_CHARS, MAX_NESTING_DEPTH } from "../../src/extract/html.js";
import { NotArticleError, ParseError } from "../../src/shared/errors.js";

const fetchedAt = new Date("2022-10-18T00:00:00Z");
const PARAGRAPH =
  "카카오 서비스 장애가 길어지면서 이용자들의 불만이 커지고 있다. 회사는 복구에 속도를 내고 있다고 밝혔다.";

function naverPage(body: string, extraHead = ""): string {
  return `<html><head>${extraHead}</head><body>
    <h2 class="media_end_head_headline"><span>카카오 복구 사흘째</span></h2>
    <span class="_ARTICLE_DATE_TIME" data-date-time="2022-10-17 09:00:00">2022.10.17. 오전 9:00</span>
    <article id="dic_area">${body}</article></body></html>`;
}

describe("extractArticle", () => {
  it("throws ParseError for input that cannot be a page", () => {
    const url = "https://n.news.naver.com/article/015/0004751234";
    expect(() => extractArticle({ html: "", url, fetchedAt })).toThrow(ParseError);
    expect(() => extractArticle({ html: "   \n", url, fetchedAt })).toThrow(ParseError);
    expect(() => extractArticle({ html: 42 as unknown as string, url, fetchedAt })).toThrow(ParseError);
    expect(() => extractArticle({ html: naverPage(PARAGRAPH), url: "not a url", fetchedAt })).toThrow(
      ParseError,
    );
    expect(() => extractArticle({ html: naverPage(PARAGRAPH), url, fetchedAt: new Date("x") })).toThrow(
      ParseError,
    );
    expect(() =>
      extractArticle({ html: naverPage(PARAGRAPH), url, fetchedAt, site: "nate" as unknown as "naver" }),
    ).toThrow(ParseError);
  });

  it("throws NotArticleError for a page without a title or a body", () => {
    const url = "https://www.example.kr/news/list.html";
    expect(() =>
      extractArticle({
        html: "<html><body><ul><li><a href='/1'>목록</a></li></ul></body></html>",
        url,
        fetchedAt,
      }),
    ).toThrow(NotArticleError);
    expect(() =>
      extractArticle({
        html: "<html><head><title>제목만 있는 페이지</title></head><body></body></html>",
        url,
        fetchedAt,
      }),
    ).toThrow(NotArticleError);
  });

  it("falls back to the generic methods when the adapter's selectors find nothing", () => {
    const html = `<html><head><meta property="og:title" content="카카오 복구 사흘째"></head><body>
      <div class="new_layout_2030"><p>${PARAGRAPH}</p><p>${PARAGRAPH.replace("사흘", "나흘")}</p></div></body></html>`;
    const doc = extractArticle({ html, url: "https://n.news.naver.com/article/015/0004751234", fetchedAt });
    expect(doc.method === "readability" || doc.method === "paragraphs").toBe(true);
    expect(doc.title).toBe("카카오 복구 사흘째");
    expect(doc.paragraphs[0]).toBe(PARAGRAPH);
  });

  it("uses the adapter named by `site` whatever the URL", () => {
    const doc = extractArticle({
      html: naverPage(PARAGRAPH),
      url: "https://mirror.example.org/a/1",
      fetchedAt,
      site: "naver",
    });
    expect(doc.method).toBe("naver");
    expect(doc.outlet).toBe("네이버 뉴스");
  });

  it("reads KST page times as UTC and clamps a time after the fetch", () => {
    const url = "https://n.news.naver.com/article/015/0004751234";
    const doc = extractArticle({ html: naverPage(PARAGRAPH), url, fetchedAt });
    expect(doc.publishedAt?.toISOString()).toBe("2022-10-17T00:00:00.000Z");
    const early = new Date("2022-10-16T12:00:00Z");
    expect(extractArticle({ html: naverPage(PARAGRAPH), url, fetchedAt: early }).publishedAt).toEqual(early);
  });

  it("takes the seconds of a Yonhap time from its meta tag when the visible stamp has minutes only", () => {
    const page = (metaTime: string) => `<html><head>
      <meta property="article:published_time" content="${metaTime}"></head><body>
      <header class="title-article01"><h1 class="tit">카카오 복구 사흘째</h1>
      <p class="update-time" data-published-time="2022-10-17 15:48">송고시간2022-10-17 15:48</p></header>
      <article class="story-news article"><p>${PARAGRAPH}</p></article></body></html>`;
    const url = "https://www.yna.co.kr/view/AKR20221017098700017";
    const same = extractArticle({ html: page("2022-10-17T15:48:31+09:00"), url, fetchedAt });
    expect(same.publishedAt?.toISOString()).toBe("2022-10-17T06:48:31.000Z");
    // A meta time in another minute is another claim; the visible stamp stands.
    const other = extractArticle({ html: page("2022-10-17T16:02:09+09:00"), url, fetchedAt });
    expect(other.publishedAt?.toISOString()).toBe("2022-10-17T06:48:00.000Z");
  });

  it("splits a Naver body on <br><br> and ignores <p>-less markup differences", () => {
    const url = "https://n.news.naver.com/article/015/0004751234";
    const a = extractArticle({
      html: naverPage(`${PARAGRAPH}<br><br>둘째 문단이다.<br><br>`),
      url,
      fetchedAt,
    });
    const b = extractArticle({ html: naverPage(`<p>${PARAGRAPH}</p><p>둘째 문단이다.</p>`), url, fetchedAt });
    expect(a.paragraphs).toEqual([PARAGRAPH, "둘째 문단이다."]);
    expect(b.paragraphs).toEqual(a.paragraphs);
  });

  it("refuses pages nested deeper than MAX_NESTING_DEPTH without parsing them", () => {
    const depth = MAX_NESTING_DEPTH + 10;
    const html = `<html><body>${"<div>".repeat(depth)}${PARAGRAPH}${"</div>".repeat(depth)}</body></html>`;
    expect(() => extractArticle({ html, url: "https://www.example.kr/a", fetchedAt })).toThrow(ParseError);
  });

  it("reads a moderately deep page (past Readability's limit) with the baseline", () => {
    const depth = 600;
    const html = `<html><head><title>깊은 페이지의 기사 제목 - 예시일보</title></head><body>${"<div>".repeat(depth)}<p>${PARAGRAPH}</p>${"</div>".repeat(depth)}</body></html>`;
    const doc = extractArticle({ html, url: "https://www.example.kr/a", fetchedAt });
    expect(doc.method).toBe("paragraphs");
    expect(doc.paragraphs).toEqual([PARAGRAPH]);
    expect(doc.outlet).toBe("예시일보");
  });

  it("refuses pages larger than MAX_HTML_CHARS", () => {
    const html = `<html><body><p>${"가".repeat(MAX_HTML_CHARS)}</p></body></html>`;
    expect(() => extractArticle({ html, url: "https://www.example.kr/a", fetchedAt })).toThrow(ParseError);
  });
});
