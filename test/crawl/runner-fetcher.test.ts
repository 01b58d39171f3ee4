/**
 * The runner with the real fetcher: over HTTP against the loopback fixture server, and offline over a
 * recorded archive (the replay transport) that answers for the real Naver URLs, as `npm start` does.
 */
import { readFileSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { urlKey } from "../../src/crawl/discover.js";
import { createFetcher } from "../../src/crawl/fetcher.js";
import { MemoryCrawlStore } from "../../src/crawl/memory-store.js";
import { commentPageUrl } from "../../src/crawl/naver-comments.js";
import { createReplayTransport } from "../../src/crawl/replay.js";
import { type ArticleHandler, NAVER_COMMENTS_SOURCE_ID, runCrawl } from "../../src/crawl/runner.js";
import { createHttpTransport } from "../../src/crawl/transport.js";
import type { Fetcher } from "../../src/crawl/types.js";
import { FetchSettingsSchema, SourcesFileSchema } from "../../src/shared/config.js";
import { FEED_ETAG, type FixtureServer, startFixtureServer } from "../helpers/server.js";

// Politeness and backoff shrunk so the test spends its time on behaviour, not on waiting.
const settings = FetchSettingsSchema.parse({
  contact: "mailto:tests@example.org",
  minHostIntervalMs: 0,
  maxTries: 2,
  backoffBaseMs: 1,
  maxBackoffMs: 5,
  timeoutMs: 5_000,
});

const topics = [{ id: "kakao-outage", keywords: ["카카오 먹통", "카카오톡 먹통", "카카오 데이터센터 화재"] }];

function recordingHandler() {
  const pages: Array<{ url: string; text: string }> = [];
  const handler: ArticleHandler = async (raw, text) => {
    pages.push({ url: raw.finalUrl, text });
    return { docId: urlKey(raw.finalUrl), duplicate: false };
  };
  return { handler, pages };
}

describe("runCrawl with the real fetcher", () => {
  let server: FixtureServer | null = null;
  let fetcher: Fetcher | null = null;
  let archive: string | null = null;

  afterEach(async () => {
    await fetcher?.close();
    await server?.close();
    if (archive) await rm(archive, { recursive: true, force: true });
    fetcher = null;
    server = null;
    archive = null;
  });

  it("polls feeds over HTTP, fetches the articles, records broken feeds, and gets a 304 next time", async () => {
    server = await startFixtureServer();
    const store = new MemoryCrawlStore();
    fetcher = createFetcher({
      settings,
      transport: createHttpTransport(),
      runId: "live-1",
      saveRaw: (raw) => store.saveRaw(raw),
    });
    const sources = SourcesFileSchema.parse({
      topics,
      sources: [
        { id: "fixture-feed", type: "feed", url: `${server.url}/feed.xml` },
        { id: "broken-feed", type: "feed", url: `${server.url}/special/malformed-rss` },
        { id: "down-feed", type: "feed", url: `${server.url}/special/always-503` },
      ],
      comments: { naver: { baseUrl: `${server.url}/cbox` } },
    });
    const articles = recordingHandler();

    const first = await runCrawl({
      sources,
      fetcher,
      store,
      runId: "live-1",
      salt: "s",
      onArticle: articles.handler,
    });
    const bySource = new Map(first.sources.map((s) => [s.sourceId, s]));
    expect(bySource.get("fixture-feed")).toMatchObject({
      polls: 1,
      seen: 2,
      queued: 2,
      fetched: 2,
      new: 2,
      failed: {},
    });
    expect(bySource.get("broken-feed")?.failed).toEqual({ "parse-error": 1 });
    expect(bySource.get("down-feed")?.failed).toEqual({ "http-5xx": 1 });
    expect(server.hitCount("/special/always-503")).toBe(settings.maxTries);
    expect(articles.pages.map((p) => new URL(p.url).pathname).sort()).toEqual([
      "/article/kakao-outage-1",
      "/article/kakao-outage-2",
    ]);
    expect(articles.pages[0]?.text).toContain("판교 데이터센터 화재");
    // Raw first: the fetcher stored every response, robots.txt included.
    expect(store.raws.size).toBe(server.requests.length);

    const second = await runCrawl({
      sources,
      fetcher,
      store,
      runId: "live-2",
      salt: "s",
      onArticle: articles.handler,
    });
    const feedRequests = server.requests.filter((r) => r.path === "/feed.xml");
    expect(feedRequests).toHaveLength(2);
    expect(feedRequests[1]?.headers["if-none-match"]).toBe(FEED_ETAG);
    expect(second.sources.find((s) => s.sourceId === "fixture-feed")).toMatchObject({
      notModified: 1,
      fetched: 0,
    });
    // The failing feed is backing off: not asked again this soon.
    expect(server.hitCount("/special/always-503")).toBe(settings.maxTries);
    expect(second.sources.find((s) => s.sourceId === "down-feed")?.skipped).toBe(1);
    expect(articles.pages).toHaveLength(2);
  });

  it("crawls a recorded archive offline: feed → Naver article → every comment page, with the real URLs", async () => {
    archive = await mkdtemp(path.join(tmpdir(), "yeoron-replay-"));
    const feedUrl = "https://www.hankyung.com/feed/it";
    const naverArticle = "https://n.news.naver.com/article/015/0004748812";
    const commentBase = "https://apis.naver.com/commentBox/cbox/web_naver_list_jsonp.json";
    const lines = [
      "카톡 안 돼서 회사 단톡방 공지를 문자로 돌렸네요ㅋㅋ",
      "비극이라는 단어 선택부터 잘못됐다 (책임부터 지세요);",
      "복구 빨리 해준 건 인정합니다",
      "이중화도 안 해놓고 무슨 플랫폼 1등이냐 ㅡㅡ",
      "보상안 보니 더 화나네 ㅠㅠ",
    ];
    const thread = Array.from({ length: 130 }, (_, i) => ({
      commentNo: 4_100_000_000 + i,
      parentCommentNo: 4_100_000_000 + (i % 5 === 4 ? i - 1 : i),
      replyLevel: i % 5 === 4 ? 2 : 1,
      contents: `${lines[i % lines.length]} #${i}`,
      userIdNo: `REPLAYUSER${i % 9}`,
      userName: `repl****`,
      regTime: "2022-10-19T21:00:00+0900",
      modTime: "2022-10-19T21:00:00+0900",
      sympathyCount: i,
      antipathyCount: 0,
      best: false,
      deleted: false,
      hiddenByCleanbot: false,
    }));
    const pageSize = 100;
    const feedXml = readFileSync(new URL("../fixtures/crawl/feed-hankyung-it.xml", import.meta.url), "utf8");
    const entries: Array<Record<string, unknown>> = [];
    const add = async (kind: string, url: string, contentType: string, body: string) => {
      const file = `bodies/${kind}/${entries.length}.txt`;
      await mkdir(path.join(archive ?? "", "bodies", kind), { recursive: true });
      await writeFile(path.join(archive ?? "", file), body);
      entries.push({
        kind,
        sourceId: kind,
        url,
        finalUrl: url,
        status: 200,
        headers: { "content-type": contentType },
        body: file,
        fetchedAt: "2022-10-20T00:00:00Z",
      });
    };
    await add("feed", feedUrl, "application/rss+xml; charset=utf-8", feedXml);
    await add(
      "article",
      naverArticle,
      "text/html; charset=utf-8",
      '<html><body><h2 class="media_end_head_headline"><span>남궁훈 "IT업계의 비극"</span></h2></body></html>',
    );
    await add(
      "article",
      "https://www.hankyung.com/article/2022101712345?utm_source=rss&utm_medium=feed",
      "text/html; charset=utf-8",
      "<html><body><div id='articletxt'>카카오톡 먹통 사흘째</div></body></html>",
    );
    for (let page = 1; page <= Math.ceil(thread.length / pageSize); page++) {
      const body = {
        success: true,
        result: {
          commentList: thread.slice((page - 1) * pageSize, page * pageSize),
          pageModel: { page, totalPages: Math.ceil(thread.length / pageSize), totalRows: thread.length },
        },
      };
      // Recorded with another callback name than the one asked for: replay ignores _callback.
      await add(
        "comments",
        commentPageUrl(commentBase, "015", "0004748812", page, pageSize).replace("_yeoron", "_recorded"),
        "text/javascript; charset=utf-8",
        `_callback(${JSON.stringify(body)});`,
      );
    }
    await writeFile(
      path.join(archive, "manifest.jsonl"),
      `${entries.map((e) => JSON.stringify(e)).join("\n")}\n`,
    );

    const store = new MemoryCrawlStore();
    const transport = createReplayTransport(archive);
    fetcher = createFetcher({ settings, transport, runId: "replay-1", saveRaw: (raw) => store.saveRaw(raw) });
    const sources = SourcesFileSchema.parse({
      topics: [...topics, { id: "ceo", keywords: ["IT 업계의 비극"] }],
      sources: [{ id: "hankyung-it", type: "feed", url: feedUrl }],
      comments: { naver: { pageSize } },
    });
    const articles = recordingHandler();
    const summary = await runCrawl({
      sources,
      fetcher,
      store,
      runId: "replay-1",
      salt: "s",
      onArticle: articles.handler,
    });

    expect(articles.pages.map((p) => p.url).sort()).toEqual(
      [naverArticle, "https://www.hankyung.com/article/2022101712345?utm_source=rss&utm_medium=feed"].sort(),
    );
    expect(store.comments.size).toBe(thread.length);
    expect(JSON.stringify([...store.comments.values()])).not.toContain("REPLAYUSER");
    expect(summary.sources.find((s) => s.sourceId === NAVER_COMMENTS_SOURCE_ID)).toMatchObject({
      fetched: 2,
      new: 130,
    });
    // Nothing the crawl needed was missing from the archive (robots.txt is allowed to be absent).
    expect(transport.misses.filter((u) => !u.endsWith("/robots.txt"))).toEqual([]);
    const commentRaws = [...store.raws.values()].filter((r) => r.kind === "comments");
    expect(commentRaws).toHaveLength(2);
  });
});
