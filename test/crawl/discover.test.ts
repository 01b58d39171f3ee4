import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  decodeEntities,
  googleNewsUrls,
  naverSearchUrls,
  normalizeUrl,
  parseFeed,
  parseNaverSearch,
  parseRfc822,
  urlKey,
} from "../../src/crawl/discover.js";
import { GoogleNewsSourceSchema, NaverSearchSourceSchema } from "../../src/shared/config.js";
import { ParseError } from "../../src/shared/errors.js";

const fixture = (name: string) => readFileSync(new URL(`../fixtures/crawl/${name}`, import.meta.url), "utf8");

describe("parseFeed", () => {
  it("reads RSS 2.0 items with plain-text descriptions and dates", async () => {
    const items = await parseFeed(fixture("feed-hankyung-it.xml"), "hankyung-it");
    expect(items).toHaveLength(3);
    const [first, second] = items;
    expect(first?.title).toBe('카카오톡 먹통 사흘째…자영업자 "주문 다 놓쳤다"');
    expect(first?.url).toBe("https://www.hankyung.com/article/2022101712345?utm_source=rss&utm_medium=feed");
    expect(first?.description).toBe(
      "판교 데이터센터 화재 이후 카카오 서비스 장애가 이어지면서 소상공인 피해 신고가 잇따랐다.",
    );
    expect(first?.publishedAt?.toISOString()).toBe("2022-10-17T00:12:00.000Z");
    expect(first?.sourceId).toBe("hankyung-it");
    expect(second?.url).toBe("https://n.news.naver.com/mnews/article/015/0004748812?sid=105");
  });

  it("reads Atom entries and resolves relative links against the feed's link", async () => {
    const items = await parseFeed(fixture("feed-zdnet.atom.xml"), "zdnet-korea");
    expect(items.map((i) => i.url)).toEqual([
      "https://zdnet.co.kr/view/?no=20221018100001",
      "https://zdnet.co.kr/view/?no=20221018100002",
    ]);
    expect(items[0]?.title).toBe('카카오 데이터센터 화재 복구 현황…"핵심 기능 정상화"');
    expect(items[0]?.description).toBe("카카오는 주요 서비스가 대부분 복구됐다고 밝혔다.");
    expect(items[0]?.publishedAt?.toISOString()).toBe("2022-10-18T01:30:00.000Z");
  });

  it("drops the outlet suffix Google News appends to headlines", async () => {
    const items = await parseFeed(fixture("google-news.xml"), "google-news");
    expect(items).toHaveLength(1);
    expect(items[0]?.title).toBe("카카오 먹통 보상 기준 발표…무료 서비스는 제외");
    expect(items[0]?.url).toMatch(/^https:\/\/news\.google\.com\/rss\/articles\//);
  });

  it("throws ParseError on malformed XML, HTML and non-XML", async () => {
    await expect(parseFeed(fixture("feed-malformed.xml"), "x")).rejects.toBeInstanceOf(ParseError);
    await expect(parseFeed("<html><body>점검 중</body></html>", "x")).rejects.toBeInstanceOf(ParseError);
    await expect(parseFeed("서비스 점검 중입니다", "x")).rejects.toBeInstanceOf(ParseError);
  });

  it("skips items without an http(s) link", async () => {
    const xml = `<rss version="2.0"><channel><title>t</title>
      <item><title>카카오 먹통</title></item>
      <item><title>카카오 먹통 2</title><link>javascript:alert(1)</link></item>
      <item><title>카카오 먹통 3</title><link>https://a.example/3</link></item></channel></rss>`;
    const items = await parseFeed(xml, "x");
    expect(items.map((i) => i.url)).toEqual(["https://a.example/3"]);
  });
});

describe("parseNaverSearch", () => {
  const items = parseNaverSearch(fixture("naver-search.json"), "naver-search");

  it("strips <b> and entities from titles and descriptions", () => {
    expect(items[0]?.title).toBe('카카오 먹통 두고 "IT 업계의 비극"…남궁훈 발언 논란');
    expect(items[0]?.description).toBe(
      "남궁훈 대표가 카카오 장애를 '업계의 비극'이라 표현하자 \"남 탓\"이라는 비판이 나왔다 & 논란이 커졌다.",
    );
  });

  it("prefers the Naver-hosted link, else the original", () => {
    expect(items[0]?.url).toBe("https://n.news.naver.com/mnews/article/015/0004748812?sid=105");
    expect(items[1]?.url).toBe("https://www.yna.co.kr/view/AKR20221016012300017");
  });

  it("reads RFC 822 +0900 dates as the right instant", () => {
    expect(items[0]?.publishedAt?.toISOString()).toBe("2022-10-19T09:40:00.000Z");
    expect(items[1]?.publishedAt?.toISOString()).toBe("2022-10-16T01:05:00.000Z");
  });

  it("uses the original link when link is a Naver URL that is not an article", () => {
    const json = {
      items: [
        {
          title: "카카오",
          originallink: "https://www.etnews.com/20221017000123",
          link: "https://news.naver.com/main/list.naver?mode=LSD",
          description: "",
          pubDate: "Mon, 17 Oct 2022 08:00:00 +0900",
        },
      ],
    };
    expect(parseNaverSearch(json, "s")[0]?.url).toBe("https://www.etnews.com/20221017000123");
  });

  it("throws ParseError on API errors and non-JSON", () => {
    expect(() => parseNaverSearch('{"errorMessage":"Authentication failed","errorCode":"024"}', "s")).toThrow(
      /024: Authentication failed/,
    );
    expect(() => parseNaverSearch("<html>", "s")).toThrow(ParseError);
    expect(() => parseNaverSearch({ total: 0 }, "s")).toThrow(ParseError);
  });
});

describe("search URLs", () => {
  it("pages the Naver Search API with start = 1, 1 + display, … up to 1000", () => {
    const source = NaverSearchSourceSchema.parse({
      id: "n",
      type: "naver-search",
      queries: ["카카오 먹통"],
      display: 100,
      pages: 10,
      baseUrl: "http://127.0.0.1:9/v1/search/news.json",
    });
    const urls = naverSearchUrls(source).map((u) => new URL(u));
    expect(urls).toHaveLength(10);
    expect(urls.map((u) => u.searchParams.get("start"))).toEqual([
      "1",
      "101",
      "201",
      "301",
      "401",
      "501",
      "601",
      "701",
      "801",
      "901",
    ]);
    expect(urls[0]?.searchParams.get("query")).toBe("카카오 먹통");
    expect(urls[0]?.searchParams.get("sort")).toBe("date");
    expect(urls[0]?.origin + (urls[0]?.pathname ?? "")).toBe("http://127.0.0.1:9/v1/search/news.json");
  });

  it("stops before start exceeds 1000", () => {
    const source = NaverSearchSourceSchema.parse({
      id: "n",
      type: "naver-search",
      queries: ["q"],
      display: 90,
      pages: 10,
    });
    const starts = naverSearchUrls(source).map((u) => Number(new URL(u).searchParams.get("start")));
    expect(starts.at(-1)).toBeLessThanOrEqual(1000);
    expect(starts).toHaveLength(10);
    const wide = NaverSearchSourceSchema.parse({
      id: "n",
      type: "naver-search",
      queries: ["q"],
      display: 100,
      pages: 10,
    });
    expect(
      naverSearchUrls(wide)
        .map((u) => Number(new URL(u).searchParams.get("start")))
        .at(-1),
    ).toBe(901);
  });

  it("builds Google News URLs with after:/before: and the Korean edition", () => {
    const source = GoogleNewsSourceSchema.parse({
      id: "g",
      type: "google-news",
      queries: ['"IT 업계의 비극"'],
      after: "2022-10-14",
      before: "2022-10-29",
    });
    const [url] = googleNewsUrls(source).map((u) => new URL(u));
    expect(url?.origin + (url?.pathname ?? "")).toBe("https://news.google.com/rss/search");
    expect(url?.searchParams.get("q")).toBe('"IT 업계의 비극" after:2022-10-14 before:2022-10-29');
    expect(url?.searchParams.get("hl")).toBe("ko");
    expect(url?.searchParams.get("gl")).toBe("KR");
    expect(url?.searchParams.get("ceid")).toBe("KR:ko");
  });
});

describe("URL identity", () => {
  it("collapses every spelling of a Naver article to one", () => {
    const forms = [
      "https://n.news.naver.com/article/015/0004748812",
      "https://n.news.naver.com/mnews/article/015/0004748812?sid=105",
      "https://news.naver.com/main/read.naver?mode=LSD&mid=sec&oid=015&aid=0004748812",
      "https://news.naver.com/main/read.nhn?oid=015&aid=0004748812",
    ];
    const keys = new Set(forms.map(urlKey));
    expect(keys.size).toBe(1);
    expect(normalizeUrl(forms[1] ?? "")).toBe("https://n.news.naver.com/article/015/0004748812");
  });

  it("drops tracking parameters and fragments, sorts the rest", () => {
    expect(normalizeUrl("HTTPS://WWW.Hankyung.com:443/article/1?utm_source=rss&b=2&a=1#top")).toBe(
      "https://www.hankyung.com/article/1?a=1&b=2",
    );
    expect(urlKey("https://x.example/a?utm_medium=feed")).toBe(urlKey("https://x.example/a"));
    expect(urlKey("https://x.example/a?id=1")).not.toBe(urlKey("https://x.example/a?id=2"));
  });
});

describe("helpers", () => {
  it("decodes named and numeric entities and leaves unknown ones", () => {
    expect(decodeEntities("&lt;b&gt; &#39;x&#x27; &amp;amp; &unknown;")).toBe("<b> 'x' &amp; &unknown;");
  });

  it("parses RFC 822 with and without the weekday, and other offsets", () => {
    expect(parseRfc822("17 Oct 2022 14:30:00 +0900")?.toISOString()).toBe("2022-10-17T05:30:00.000Z");
    expect(parseRfc822("Mon, 17 Oct 2022 14:30:00 -0130")?.toISOString()).toBe("2022-10-17T16:00:00.000Z");
    expect(parseRfc822("not a date")).toBeNull();
  });
});
