/**
 * The bundled offline sample (data/sample/) is what `npm start` replays: these checks keep it replayable
 * (every response recorded once, every body present, search URLs the crawler will build), big enough to be
 * worth analysing (articles in range, comments, paging) and byte-identical to what its generator writes.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import iconv from "iconv-lite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { buildSample } from "../../scripts/build-sample.js";
import { SourcesFileSchema } from "../../src/shared/config.js";

const ROOT = resolve(import.meta.dirname, "../..");
const SAMPLE = join(ROOT, "data/sample");
const COMMENT_API = "https://apis.naver.com/commentBox/cbox/web_naver_list_jsonp.json";
const FIRST_DAY = new Date("2022-10-15T00:00:00+09:00");
const END_OF_RANGE = new Date("2022-10-29T00:00:00+09:00");

interface ManifestEntry {
  kind: string;
  sourceId: string;
  url: string;
  finalUrl: string;
  status: number;
  headers: Record<string, string>;
  body?: string;
  fetchedAt: string;
}

function readManifest(dir: string): ManifestEntry[] {
  return readFileSync(join(dir, "manifest.jsonl"), "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as ManifestEntry);
}

/** Replay's matching key (docs/formats.md): scheme/host lower-cased, params decoded and sorted, no fragment. */
function normalizeForReplay(raw: string): string {
  const url = new URL(raw);
  url.hash = "";
  const ignored = url.origin + url.pathname === COMMENT_API ? new Set(["_callback", "_"]) : new Set<string>();
  const params = [...url.searchParams.entries()]
    .filter(([key]) => !ignored.has(key))
    .sort(([a, av], [b, bv]) => (a === b ? av.localeCompare(bv) : a.localeCompare(b)));
  return `${url.protocol}//${url.host.toLowerCase()}${url.pathname}?${params.map(([k, v]) => `${k}=${v}`).join("&")}`;
}

function bodyBytes(dir: string, entry: ManifestEntry): Buffer {
  if (!entry.body) throw new Error(`${entry.url} has no body`);
  return readFileSync(join(dir, entry.body));
}

/** Header charset, else the `<meta>` prescan; what the fetcher is expected to do. */
function decodeHtml(entry: ManifestEntry, bytes: Buffer): string {
  const declared = /charset=([\w-]+)/i.exec(entry.headers["content-type"] ?? "")?.[1];
  const meta = /<meta[^>]+charset=["']?([\w-]+)/i.exec(bytes.subarray(0, 1024).toString("latin1"))?.[1];
  return iconv.decode(bytes, declared ?? meta ?? "utf-8");
}

/** The publish time each layout states (Naver, Daum, Hankyung, Yonhap), as an instant. */
function publishedAt(html: string): Date | null {
  const naver = /_ARTICLE_DATE_TIME" data-date-time="([\d-]+ [\d:]+)"/.exec(html)?.[1];
  if (naver) return new Date(`${naver.replace(" ", "T")}+09:00`);
  const hankyung = /property="article:published_time" content="([^"]+)"/.exec(html)?.[1];
  if (hankyung) return new Date(hankyung);
  const yonhap = /data-published-time="([\d-]+ [\d:]+)"/.exec(html)?.[1];
  if (yonhap) return new Date(`${yonhap.replace(" ", "T")}:00+09:00`);
  const daum = /property="og:regDate" content="(\d{14})"/.exec(html)?.[1];
  if (daum) {
    const iso = `${daum.slice(0, 4)}-${daum.slice(4, 6)}-${daum.slice(6, 8)}T${daum.slice(8, 10)}:${daum.slice(10, 12)}:${daum.slice(12, 14)}+09:00`;
    return new Date(iso);
  }
  return null;
}

function unwrapJsonp(text: string): {
  result: { commentList: Record<string, unknown>[]; pageModel: Record<string, number> };
} {
  return JSON.parse(text.slice(text.indexOf("(") + 1, text.lastIndexOf(")")));
}

const manifest = readManifest(SAMPLE);
const articlePages = manifest.filter((e) => e.kind === "article" && e.status === 200);
const commentEntries = manifest.filter((e) => e.kind === "comments");

describe("data/sample manifest", () => {
  it("has one well-formed entry per recorded response, in recording order", () => {
    expect(manifest.length).toBeGreaterThan(0);
    const kinds = new Set(["robots", "feed", "search", "article", "comments", "prices"]);
    let previous = 0;
    for (const entry of manifest) {
      expect(kinds.has(entry.kind), entry.url).toBe(true);
      expect(Number.isInteger(entry.status), entry.url).toBe(true);
      expect(() => new URL(entry.url)).not.toThrow();
      const at = Date.parse(entry.fetchedAt);
      expect(at, entry.url).toBeGreaterThanOrEqual(previous);
      previous = at;
      if (entry.status === 301 || entry.status === 302) {
        expect(entry.headers.location, entry.url).toMatch(/^https:\/\//);
        expect(entry.body).toBeUndefined();
      } else {
        expect(entry.body, entry.url).toBeDefined();
      }
    }
  });

  it("has every body file on disk and no body file that the manifest does not name", () => {
    const named = new Set(manifest.flatMap((e) => (e.body ? [e.body] : [])));
    for (const body of named) expect(existsSync(join(SAMPLE, body)), body).toBe(true);
    const onDisk = readdirSync(join(SAMPLE, "bodies"), { recursive: true, withFileTypes: true })
      .filter((d) => d.isFile())
      .map((d) => join(d.parentPath, d.name).slice(SAMPLE.length + 1));
    expect(onDisk.sort()).toEqual([...named].sort());
  });

  it("records every URL once after replay normalisation", () => {
    const keys = manifest.map((e) => normalizeForReplay(e.url));
    expect(new Set(keys).size).toBe(keys.length);
  });

  it("records robots.txt for every host it fetches from", () => {
    const robots = new Set(manifest.filter((e) => e.kind === "robots").map((e) => new URL(e.url).host));
    for (const entry of manifest) expect(robots.has(new URL(entry.url).host), entry.url).toBe(true);
  });

  it("resolves every redirect to a recorded article page", () => {
    const recorded = new Set(articlePages.map((e) => normalizeForReplay(e.url)));
    const redirects = manifest.filter((e) => e.status === 302);
    expect(redirects.length).toBeGreaterThan(0);
    for (const r of redirects)
      expect(recorded.has(normalizeForReplay(r.headers.location ?? "")), r.url).toBe(true);
  });
});

describe("data/sample/sources.yaml", () => {
  const sources = SourcesFileSchema.parse(parseYaml(readFileSync(join(SAMPLE, "sources.yaml"), "utf8")));
  const recorded = new Set(manifest.map((e) => normalizeForReplay(e.url)));

  it("names only requests that were recorded, built the way the crawler builds them", () => {
    let checked = 0;
    for (const source of sources.sources) {
      const urls: string[] = [];
      if (source.type === "feed") urls.push(source.url);
      if (source.type === "naver-search") {
        for (const query of source.queries) {
          const params = new URLSearchParams({
            query,
            display: String(source.display),
            start: "1",
            sort: source.sort,
          });
          urls.push(`${source.baseUrl}?${params}`);
        }
      }
      if (source.type === "google-news") {
        for (const query of source.queries) {
          const q = `${query} after:${source.after} before:${source.before}`;
          urls.push(`${source.baseUrl}?${new URLSearchParams({ q, hl: "ko", gl: "KR", ceid: "KR:ko" })}`);
        }
      }
      for (const url of urls) {
        expect(recorded.has(normalizeForReplay(url)), url).toBe(true);
        checked++;
      }
    }
    const listings = manifest.filter((e) => e.kind === "feed" || e.kind === "search");
    expect(checked).toBe(listings.length);
  });

  it("asks the comment API with the configured base URL and page size", () => {
    const naver = sources.comments.naver;
    for (const entry of commentEntries) {
      const url = new URL(entry.url);
      expect(url.origin + url.pathname).toBe(naver.baseUrl);
      expect(url.searchParams.get("pageSize")).toBe(String(naver.pageSize));
    }
  });
});

describe("data/sample articles", () => {
  const pages = articlePages.map((entry) => ({ entry, html: decodeHtml(entry, bodyBytes(SAMPLE, entry)) }));

  it("has at least 24 article pages, each dated 2022-10-15 … 2022-10-28 and before its fetch", () => {
    expect(pages.length).toBeGreaterThanOrEqual(24);
    for (const { entry, html } of pages) {
      const at = publishedAt(html);
      expect(at, entry.url).not.toBeNull();
      expect(at!.getTime(), entry.url).toBeGreaterThanOrEqual(FIRST_DAY.getTime());
      expect(at!.getTime(), entry.url).toBeLessThan(END_OF_RANGE.getTime());
      expect(at!.getTime(), entry.url).toBeLessThanOrEqual(Date.parse(entry.fetchedAt));
    }
  });

  it("spreads the pages over the four layouts, at least 12 on Naver", () => {
    const hosts = new Map<string, number>();
    for (const { entry } of pages)
      hosts.set(new URL(entry.url).host, (hosts.get(new URL(entry.url).host) ?? 0) + 1);
    expect(hosts.get("n.news.naver.com") ?? 0).toBeGreaterThanOrEqual(12);
    for (const host of ["v.daum.net", "www.hankyung.com", "www.yna.co.kr"])
      expect(hosts.get(host) ?? 0).toBeGreaterThan(0);
  });

  it("lists every article page in a feed or search response", () => {
    const listingText = manifest
      .filter((e) => e.kind === "feed" || e.kind === "search")
      .map((e) => bodyBytes(SAMPLE, e).toString("utf8").replace(/\\\//g, "/").replace(/&amp;/g, "&"))
      .join("\n");
    // Search responses list Naver pages as /mnews/article/{oid}/{aid}?sid=…; the page is recorded at the one
    // spelling the crawler fetches, /article/{oid}/{aid}.
    const listed = new Set(
      [...listingText.matchAll(/https?:\/\/[^\s"<>\]]+/g)].map(([url]) =>
        url.replace(
          /^https:\/\/n\.news\.naver\.com\/mnews\/article\/(\d{3})\/(\d{10})\?sid=\d+$/,
          "https://n.news.naver.com/article/$1/$2",
        ),
      ),
    );
    const redirectTargets = new Set(manifest.filter((e) => e.status === 302).map((e) => e.headers.location));
    for (const { entry } of pages) {
      expect(listed.has(entry.url) || redirectTargets.has(entry.url), entry.url).toBe(true);
    }
  });

  it("serves one page as EUC-KR declared only in <meta>, which decodes as CP949 to Hangul", () => {
    const eucKr = articlePages.filter((e) => !/charset=/i.test(e.headers["content-type"] ?? ""));
    expect(eucKr).toHaveLength(1);
    const bytes = bodyBytes(SAMPLE, eucKr[0]!);
    expect(() => new TextDecoder("utf-8", { fatal: true }).decode(bytes)).toThrow();
    const html = iconv.decode(bytes, "cp949");
    expect(html).toMatch(/<meta http-equiv="Content-Type" content="text\/html; charset=euc-kr">/);
    expect(html).toContain("카카오");
    expect((html.match(/[가-힣]/g) ?? []).length).toBeGreaterThan(300);
  });

  it("contains wire copies: the same Yonhap story under other URLs", () => {
    const yonhapBodies = pages
      .filter(({ entry }) => entry.url.startsWith("https://www.yna.co.kr/"))
      .map(({ html }) => /\(\S+=연합뉴스\) [^<]+/.exec(html)?.[0])
      .filter((lead): lead is string => lead !== undefined);
    let copies = 0;
    for (const lead of yonhapBodies) {
      copies += pages.filter(
        ({ entry, html }) => !entry.url.includes("yna.co.kr") && html.includes(lead),
      ).length;
    }
    expect(copies).toBeGreaterThanOrEqual(3);
  });
});

describe("data/sample Naver comments", () => {
  const pages = commentEntries.map((entry) => ({ entry, text: bodyBytes(SAMPLE, entry).toString("utf8") }));
  const all = pages.flatMap(({ text }) => unwrapJsonp(text).result.commentList);

  it("is JSONP wrapped in the requested callback", () => {
    for (const { entry, text } of pages) {
      const callback = new URL(entry.url).searchParams.get("_callback");
      expect(text.startsWith(`${callback}(`), entry.url).toBe(true);
      expect(text.endsWith(");"), entry.url).toBe(true);
    }
  });

  it("holds at least 400 comments with the API's fields and +0900 times inside the window", () => {
    expect(all.length).toBeGreaterThanOrEqual(400);
    for (const c of all) {
      expect(typeof c.commentNo).toBe("number");
      expect(String(c.userName)).toMatch(/^[a-z0-9]{4}\*{4}$/);
      expect(String(c.regTime)).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0900$/);
      const at = Date.parse(String(c.regTime).replace(/(\d\d)(\d\d)$/, "$1:$2"));
      expect(at).toBeGreaterThanOrEqual(FIRST_DAY.getTime());
      expect(at).toBeLessThan(END_OF_RANGE.getTime());
    }
    expect(new Set(all.map((c) => c.commentNo)).size).toBe(all.length);
  });

  it("pages one article past 200 comments, each page recorded and totals consistent", () => {
    const byObject = new Map<
      string,
      { pages: number[]; rows: number; totalRows: number; totalPages: number }
    >();
    for (const { entry, text } of pages) {
      const url = new URL(entry.url);
      const { commentList, pageModel } = unwrapJsonp(text).result;
      const key = url.searchParams.get("objectId") ?? "";
      const seen = byObject.get(key) ?? {
        pages: [],
        rows: 0,
        totalRows: pageModel.totalRows!,
        totalPages: pageModel.totalPages!,
      };
      seen.pages.push(Number(url.searchParams.get("page")));
      seen.rows += commentList.length;
      byObject.set(key, seen);
    }
    for (const [objectId, seen] of byObject) {
      expect(seen.rows, objectId).toBe(seen.totalRows);
      expect(
        seen.pages.sort((a, b) => a - b),
        objectId,
      ).toEqual(Array.from({ length: seen.totalPages }, (_, i) => i + 1));
    }
    expect(Math.max(...[...byObject.values()].map((s) => s.totalRows))).toBeGreaterThan(200);
  });

  it("has replies pointing at a comment of the same article, and deleted, hidden and best ones", () => {
    const topLevel = new Set(
      all.filter((c) => c.replyLevel === 1).map((c) => `${c.objectId}#${c.commentNo}`),
    );
    for (const reply of all.filter((c) => c.replyLevel === 2)) {
      expect(topLevel.has(`${reply.objectId}#${reply.parentCommentNo}`), String(reply.commentNo)).toBe(true);
    }
    expect(all.filter((c) => c.replyLevel === 2).length).toBeGreaterThanOrEqual(20);
    expect(all.some((c) => c.deleted === true)).toBe(true);
    expect(all.some((c) => c.hiddenByCleanbot === true)).toBe(true);
    expect(all.some((c) => c.best === true)).toBe(true);
  });

  it("keeps the texts that break naive JSONP stripping and naive HTML output", () => {
    const texts = all.map((c) => String(c.contents));
    expect(texts.some((t) => t.includes("});"))).toBe(true);
    expect(texts.some((t) => t.includes("<script>alert(1)</script>"))).toBe(true);
    expect(texts.some((t) => t.includes("<img src=x onerror=alert(1)>"))).toBe(true);
    expect(texts.some((t) => t.includes("[link](javascript:alert(1))"))).toBe(true);
  });
});

describe("scripts/build-sample.ts", () => {
  let outDir = "";
  beforeAll(() => {
    outDir = mkdtempSync(join(tmpdir(), "yeoron-sample-"));
    buildSample(join(SAMPLE, "content"), outDir);
  });
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  it("regenerates the committed sample byte for byte", () => {
    expect(readFileSync(join(outDir, "manifest.jsonl"), "utf8")).toBe(
      readFileSync(join(SAMPLE, "manifest.jsonl"), "utf8"),
    );
    expect(readFileSync(join(outDir, "sources.yaml"), "utf8")).toBe(
      readFileSync(join(SAMPLE, "sources.yaml"), "utf8"),
    );
    for (const entry of manifest.filter((e) => e.body)) {
      expect(readFileSync(join(outDir, entry.body!)).equals(bodyBytes(SAMPLE, entry)), entry.body).toBe(true);
    }
  });
});
