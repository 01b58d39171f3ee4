import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { urlKey } from "../../src/crawl/discover.js";
import { MemoryCrawlStore } from "../../src/crawl/memory-store.js";
import {
  type ArticleHandler,
  type CrawlLog,
  type CrawlOptions,
  crawlSummaryRows,
  FEED_BACKOFF_STEP_MS,
  MAX_ARTICLE_TRIES,
  NAVER_COMMENTS_SOURCE_ID,
  runCrawl,
} from "../../src/crawl/runner.js";
import type { CommentCursor, Fetcher, FetchRequest, FetchResult } from "../../src/crawl/types.js";
import { type SourcesFile, SourcesFileSchema } from "../../src/shared/config.js";
import type { NewsComment, OutcomeKind, RawFetch } from "../../src/shared/types.js";

const fixture = (name: string) => readFileSync(new URL(`../fixtures/crawl/${name}`, import.meta.url), "utf8");

const HK_FEED = "http://feeds.test/hankyung/it";
const ZD_FEED = "http://feeds.test/zdnet/atom";
const SEARCH_BASE = "http://search.test/v1/search/news.json";
const GNEWS_BASE = "http://gnews.test/rss/search";
const COMMENTS_BASE = "http://cbox.test/commentBox/cbox/web_naver_list_jsonp.json";

const NAVER_ARTICLE = "https://n.news.naver.com/article/015/0004748812";
const HK_ARTICLE = "https://www.hankyung.com/article/2022101712345?utm_source=rss&utm_medium=feed";
const ZD_ARTICLE = "https://zdnet.co.kr/view/?no=20221018100001";
const YNA_ARTICLE = "https://www.yna.co.kr/view/AKR20221016012300017";
const GNEWS_LINK =
  "https://news.google.com/rss/articles/CBMiTmh0dHBzOi8vd3d3LnluYS5jby5rci92aWV3L0FLUjIwMjIxMDI1MDAwMDAx?oc=5";
const GNEWS_TARGET = "https://www.yna.co.kr/view/AKR20221025000001";

// Comment lines written for these tests in the style of Naver comment sections on the outage.
const COMMENT_LINES = [
  "주말 내내 카톡 안 돼서 가게 예약 다 날렸습니다 보상은 언제 해주나요",
  "데이터센터 하나 불났다고 전국이 멈추는 게 말이 되냐ㅋㅋ",
  "이중화 한다고 홍보하더니 (말로만) 한 거였네",
  "복구하신 엔지니어분들은 무슨 죄ㅠㅠ 밤샘 고생하셨습니다",
  "IT 업계의 비극? 그냥 카카오의 비극이지; 남 탓 좀 그만",
  "솔직히 네이버 메일로 갈아탔음 편하네요",
  "주가 5만원도 깨지겠다 물린 사람 손 ㅠㅠ",
  "사과문 읽어봤는데 진정성은 잘 모르겠음",
  "근데 SK C&C 책임도 크지 않나요?",
  "택시 호출도 안 돼서 길에서 30분 떨었어요 ㅡㅡ",
  "이 정도면 국가 기간망 아님? 정부가 관리해야 함",
  "대표가 물러난다고 해결될 문제가 아니잖아요",
  "ㅋㅋㅋ 카톡 없으니까 오히려 조용하고 좋던데",
  "백업 서버는 장식이었냐",
  "무료 서비스라도 이건 책임져야죠",
  "다음 주면 다들 잊고 또 카톡 쓰겠지 뭐",
];

/** A thread of `total` comments: every fourth one is a reply to the comment before it. */
function makeThread(total: number) {
  const thread: Array<Record<string, unknown>> = [];
  let lastTop = 0;
  for (let i = 0; i < total; i++) {
    const commentNo = 3_900_000_000 + i;
    const isReply = i % 4 === 3;
    if (!isReply) lastTop = commentNo;
    const minute = String(i % 60).padStart(2, "0");
    thread.push({
      commentNo,
      parentCommentNo: isReply ? lastTop : commentNo,
      replyLevel: isReply ? 2 : 1,
      replyCount: 0,
      contents: `${COMMENT_LINES[i % COMMENT_LINES.length]} (${i})`,
      userIdNo: `RAWUSER${i % 37}`,
      userName: `user${i % 37}****`,
      regTime: `2022-10-19T${String(19 + Math.floor(i / 60)).padStart(2, "0")}:${minute}:00+0900`,
      modTime: `2022-10-19T${String(19 + Math.floor(i / 60)).padStart(2, "0")}:${minute}:00+0900`,
      sympathyCount: (i * 7) % 50,
      antipathyCount: (i * 3) % 11,
      best: i === 0,
      deleted: i === 10,
      hiddenByCleanbot: i === 11,
    });
  }
  return thread;
}

function commentPage(
  thread: Array<Record<string, unknown>>,
  page: number,
  pageSize: number,
  callback: string,
): string {
  const totalRows = thread.length;
  const totalPages = Math.ceil(totalRows / pageSize);
  const list = thread.slice((page - 1) * pageSize, page * pageSize);
  const body = {
    success: true,
    code: "1000",
    result: { commentList: list, pageModel: { page, pageSize, totalPages, totalRows } },
  };
  return `${callback}(${JSON.stringify(body)});`;
}

interface Reply {
  status: number;
  body?: string;
  headers?: Record<string, string>;
  finalUrl?: string;
  /** Simulate a failure with nothing received (timeout, network error). */
  fail?: OutcomeKind;
}

/** A Fetcher that answers from a routing function and records every request. */
class FakeFetcher implements Fetcher {
  readonly requests: FetchRequest[] = [];
  /** Where responses are stored, as the real fetcher's `saveRaw` does; tests point it at their store. */
  saveRaw: ((raw: RawFetch) => Promise<void>) | null = null;

  constructor(
    private readonly route: (req: FetchRequest) => Reply,
    private readonly runId = "test",
  ) {}

  async fetch(req: FetchRequest): Promise<FetchResult> {
    this.requests.push(req);
    const reply = this.route(req);
    if (reply.fail) return { outcome: reply.fail, tries: 1, detail: `simulated ${reply.fail}` };
    const fetchedAt = new Date();
    const bytes = new TextEncoder().encode(reply.body ?? "");
    const raw: RawFetch = {
      fetchId: createHash("sha256")
        .update(`${req.kind}\n${req.url}\n${fetchedAt.toISOString()}\n${this.requests.length}`)
        .digest("hex"),
      runId: this.runId,
      sourceId: req.sourceId,
      kind: req.kind,
      url: req.url,
      finalUrl: reply.finalUrl ?? req.url,
      status: reply.status,
      headers: reply.headers ?? {},
      body: bytes,
      fetchedAt,
      elapsedMs: 1,
    };
    await this.saveRaw?.(raw);
    const s = reply.status;
    const outcome: OutcomeKind =
      s >= 200 && s < 300
        ? "ok"
        : s === 304
          ? "not-modified"
          : s === 429
            ? "http-429"
            : s >= 500
              ? "http-5xx"
              : "http-4xx";
    return {
      outcome,
      raw,
      tries: 1,
      ...(outcome === "ok" ? { text: reply.body ?? "", charset: "utf-8" } : {}),
    };
  }

  async close(): Promise<void> {}

  urls(kind?: FetchRequest["kind"]): string[] {
    return this.requests.filter((r) => !kind || r.kind === kind).map((r) => r.url);
  }

  commentPages(): number[] {
    return this.requests
      .filter((r) => r.kind === "comments")
      .map((r) => Number(new URL(r.url).searchParams.get("page")));
  }
}

function sourcesFile(overrides: { maxPages?: number; pageSize?: number; only?: string[] } = {}): SourcesFile {
  const all = [
    { id: "hankyung-it", type: "feed", url: HK_FEED },
    { id: "zdnet-korea", type: "feed", url: ZD_FEED },
    { id: "naver-search", type: "naver-search", queries: ["카카오 먹통"], baseUrl: SEARCH_BASE },
    {
      id: "google-news",
      type: "google-news",
      queries: ["카카오 먹통"],
      after: "2022-10-14",
      before: "2022-10-29",
      baseUrl: GNEWS_BASE,
    },
  ];
  return SourcesFileSchema.parse({
    topics: [
      {
        id: "kakao-outage",
        keywords: ["카카오 먹통", "카카오 장애", "카카오 데이터센터 화재", "데이터센터 화재 카카오"],
      },
      { id: "ceo", keywords: ["IT 업계의 비극", "남궁훈 사과"] },
    ],
    sources: overrides.only ? all.filter((s) => overrides.only?.includes(s.id)) : all,
    comments: {
      naver: {
        baseUrl: COMMENTS_BASE,
        pageSize: overrides.pageSize ?? 100,
        maxPages: overrides.maxPages ?? 50,
      },
    },
  });
}

const articleHtml = (title: string) =>
  `<html><head><title>${title}</title></head><body><p>${title}</p></body></html>`;

/** The little world the tests crawl: two feeds, a search API, Google News, five articles, one comment thread. */
function makeWorld(threadSize = 250) {
  const thread = makeThread(threadSize);
  const state = { hkFeedStatus: 200, searchCalls: 0 };
  const route = (req: FetchRequest): Reply => {
    const url = new URL(req.url);
    if (req.url === HK_FEED) {
      if (state.hkFeedStatus !== 200) return { status: state.hkFeedStatus, body: "점검 중" };
      const headers = { etag: '"hk-v1"', "last-modified": "Mon, 17 Oct 2022 03:00:00 GMT" };
      if (req.etag === '"hk-v1"') return { status: 304, headers };
      return { status: 200, body: fixture("feed-hankyung-it.xml"), headers };
    }
    if (req.url === ZD_FEED) return { status: 200, body: fixture("feed-zdnet.atom.xml") };
    if (url.origin + url.pathname === SEARCH_BASE) {
      state.searchCalls++;
      if (
        req.headers?.["X-Naver-Client-Id"] !== "id" ||
        req.headers?.["X-Naver-Client-Secret"] !== "secret"
      ) {
        return { status: 401, body: '{"errorMessage":"Authentication failed","errorCode":"024"}' };
      }
      return { status: 200, body: fixture("naver-search.json") };
    }
    if (url.origin + url.pathname === GNEWS_BASE) return { status: 200, body: fixture("google-news.xml") };
    if (url.origin + url.pathname === COMMENTS_BASE) {
      if (url.searchParams.get("objectId") !== "news015,0004748812") return { status: 404 };
      const page = Number(url.searchParams.get("page"));
      const size = Number(url.searchParams.get("pageSize"));
      return {
        status: 200,
        body: commentPage(thread, page, size, url.searchParams.get("_callback") ?? "cb"),
      };
    }
    if (req.url === NAVER_ARTICLE)
      return { status: 200, body: articleHtml("남궁훈 대표 IT업계의 비극 발언") };
    if (req.url === HK_ARTICLE) return { status: 200, body: articleHtml("카카오톡 먹통 사흘째") };
    if (req.url === ZD_ARTICLE) return { status: 200, body: articleHtml("WIRE-COPY 복구 현황") };
    if (req.url === YNA_ARTICLE) return { status: 200, body: articleHtml("판교 데이터센터 화재 원인") };
    if (req.url === GNEWS_LINK) return { status: 200, body: "<video>동영상</video>", finalUrl: GNEWS_TARGET };
    return { status: 404, body: "없는 페이지" };
  };
  return { thread, state, route };
}

/** Extraction stand-in: a page is a new document unless its URL was seen or it says it is a wire copy. */
function makeArticleHandler() {
  const documents = new Map<string, string>();
  const calls: string[] = [];
  const handler: ArticleHandler = async (raw, text) => {
    calls.push(raw.url);
    if (text.includes("<video>")) return null;
    const docId = urlKey(raw.finalUrl);
    const duplicate = documents.has(docId) || text.includes("WIRE-COPY");
    if (!documents.has(docId)) documents.set(docId, raw.finalUrl);
    return { docId, duplicate };
  };
  return { handler, documents, calls };
}

/** A store that counts outcome writes per key and successful comment writes per comment id. */
class CountingStore extends MemoryCrawlStore {
  readonly outcomeWrites = new Map<string, number>();
  readonly commentWrites = new Map<string, number>();
  failSaveOnPage: number | null = null;
  failUpsertOnce = false;

  override async recordOutcome(o: Parameters<MemoryCrawlStore["recordOutcome"]>[0]): Promise<void> {
    const key = `${o.runId}|${o.stage}|${o.itemKey}`;
    this.outcomeWrites.set(key, (this.outcomeWrites.get(key) ?? 0) + 1);
    await super.recordOutcome(o);
  }

  override async saveCommentPage(
    cursor: CommentCursor,
    comments: NewsComment[],
    fetchedAt: Date,
  ): Promise<void> {
    if (this.failSaveOnPage !== null && cursor.nextPage - 1 === this.failSaveOnPage) {
      this.failSaveOnPage = null;
      throw new Error("simulated crash while saving a comment page");
    }
    await super.saveCommentPage(cursor, comments, fetchedAt);
    for (const c of comments)
      this.commentWrites.set(c.commentId, (this.commentWrites.get(c.commentId) ?? 0) + 1);
  }

  override async upsertCommentCursor(cursor: CommentCursor): Promise<void> {
    if (this.failUpsertOnce) {
      this.failUpsertOnce = false;
      throw new Error("simulated crash before the comment cursor was written");
    }
    await super.upsertCommentCursor(cursor);
  }
}

function recordingLog() {
  const lines: Array<{ level: string; msg: string; obj: Record<string, unknown> }> = [];
  const log: CrawlLog = {
    info: (obj, msg) => lines.push({ level: "info", msg, obj }),
    warn: (obj, msg) => lines.push({ level: "warn", msg, obj }),
  };
  return { log, lines };
}

function options(
  base: Pick<CrawlOptions, "fetcher" | "store" | "onArticle"> & Partial<CrawlOptions>,
): CrawlOptions {
  if (base.fetcher instanceof FakeFetcher) base.fetcher.saveRaw = (raw) => base.store.saveRaw(raw);
  return {
    sources: sourcesFile(),
    runId: "run-1",
    salt: "pepper",
    naverCredentials: { clientId: "id", clientSecret: "secret" },
    ...base,
  };
}

describe("runCrawl: feeds → frontier → articles → comments", () => {
  let world: ReturnType<typeof makeWorld>;
  let fetcher: FakeFetcher;
  let store: CountingStore;
  let articles: ReturnType<typeof makeArticleHandler>;

  beforeEach(() => {
    world = makeWorld(250);
    fetcher = new FakeFetcher(world.route);
    store = new CountingStore();
    articles = makeArticleHandler();
  });

  afterEach(() => {
    // Exactly one outcome per item per stage per run, whatever the scenario.
    for (const [key, n] of store.outcomeWrites) expect(n, key).toBe(1);
  });

  it("discovers on-topic items once each, fetches them and pages the Naver comments to exhaustion", async () => {
    const summary = await runCrawl(options({ fetcher, store, onArticle: articles.handler }));

    // Five on-topic items; the Naver article is listed by the feed and by search in two spellings.
    expect([...store.frontier.values()].map((e) => e.url).sort()).toEqual(
      [GNEWS_LINK, HK_ARTICLE, NAVER_ARTICLE, YNA_ARTICLE, ZD_ARTICLE].sort(),
    );
    expect(fetcher.urls("article").sort()).toEqual(
      [GNEWS_LINK, HK_ARTICLE, NAVER_ARTICLE, YNA_ARTICLE, ZD_ARTICLE].sort(),
    );
    expect(fetcher.urls("article")).not.toContain("https://www.hankyung.com/article/2022101798765");

    // Every comment request names the article as Referer; pages 1..3 of 100, each once.
    expect(fetcher.commentPages()).toEqual([1, 2, 3]);
    for (const req of fetcher.requests.filter((r) => r.kind === "comments")) {
      expect(req.headers?.Referer).toBe(NAVER_ARTICLE);
      expect(new URL(req.url).searchParams.get("pageSize")).toBe("100");
    }
    expect(store.comments.size).toBe(250);
    const docId = urlKey(NAVER_ARTICLE);
    for (const c of store.comments.values()) expect(c.docId).toBe(docId);
    expect(store.cursors.get(docId)).toMatchObject({ done: true, totalPages: 3, nextPage: 4 });
    const replies = [...store.comments.values()].filter((c) => c.parentId !== null);
    expect(replies.length).toBe(world.thread.filter((_, i) => i % 4 === 3).length);
    for (const r of replies) expect(store.comments.has(r.parentId ?? "")).toBe(true);

    // Raw first: every response received was stored.
    expect(store.raws.size).toBe(fetcher.requests.length);

    // No raw user id anywhere in what was stored.
    const storedComments = JSON.stringify([...store.comments.values()]);
    expect(storedComments).not.toMatch(/RAWUSER\d+/);

    // Exactly one outcome per item per stage.
    for (const [key, n] of store.outcomeWrites) expect(n, key).toBe(1);
    const crawlOutcomes = new Map(store.outcomesOf("run-1", "crawl").map((o) => [o.itemKey, o.outcome]));
    expect(crawlOutcomes.get(HK_ARTICLE)).toBe("ok");
    expect(crawlOutcomes.get(NAVER_ARTICLE)).toBe("ok");
    expect(crawlOutcomes.get(ZD_ARTICLE)).toBe("duplicate");
    expect(crawlOutcomes.get(GNEWS_LINK)).toBe("not-article");
    expect(crawlOutcomes.get(HK_FEED)).toBe("ok");
    expect(store.outcomesOf("run-1", "comments")).toEqual([
      expect.objectContaining({ itemKey: NAVER_ARTICLE, outcome: "ok", sourceId: NAVER_COMMENTS_SOURCE_ID }),
    ]);

    // The summary table.
    const bySource = new Map(summary.sources.map((s) => [s.sourceId, s]));
    expect(bySource.get("hankyung-it")).toMatchObject({
      polls: 1,
      seen: 3,
      offTopic: 1,
      queued: 2,
      fetched: 2,
      new: 2,
      duplicate: 0,
    });
    expect(bySource.get("zdnet-korea")).toMatchObject({
      polls: 1,
      seen: 2,
      offTopic: 1,
      queued: 1,
      fetched: 1,
      new: 0,
      duplicate: 1,
    });
    expect(bySource.get("naver-search")).toMatchObject({
      polls: 1,
      seen: 3,
      offTopic: 1,
      queued: 1,
      fetched: 1,
      new: 1,
    });
    expect(bySource.get("google-news")).toMatchObject({
      polls: 1,
      queued: 1,
      fetched: 1,
      new: 0,
      failed: { "not-article": 1 },
    });
    expect(bySource.get(NAVER_COMMENTS_SOURCE_ID)).toMatchObject({ fetched: 3, new: 250, failed: {} });
    expect(summary.totals).toMatchObject({
      polls: 4,
      queued: 5,
      fetched: 8,
      new: 253,
      duplicate: 1,
      failed: { "not-article": 1 },
    });
    expect(summary.interrupted).toBe(false);
    const rows = crawlSummaryRows(summary);
    expect(rows.at(-1)).toMatchObject({ source: "total", new: 253, failed: "not-article=1" });
    expect(rows).toHaveLength(summary.sources.length + 1);
  });

  it("sends the stored validators on the next poll and takes a 304 as nothing new", async () => {
    await runCrawl(options({ fetcher, store, onArticle: articles.handler }));
    expect(await store.getFeedState("hankyung-it", HK_FEED)).toMatchObject({
      etag: '"hk-v1"',
      lastModified: "Mon, 17 Oct 2022 03:00:00 GMT",
      failures: 0,
    });
    const before = fetcher.requests.length;

    const second = await runCrawl(options({ fetcher, store, onArticle: articles.handler, runId: "run-2" }));
    const newRequests = fetcher.requests.slice(before);
    const feedRequest = newRequests.find((r) => r.url === HK_FEED);
    expect(feedRequest).toMatchObject({ etag: '"hk-v1"', lastModified: "Mon, 17 Oct 2022 03:00:00 GMT" });
    // Nothing is fetched twice: articles are done, the comment thread is exhausted.
    expect(newRequests.filter((r) => r.kind === "article" || r.kind === "comments")).toEqual([]);
    const hk = second.sources.find((s) => s.sourceId === "hankyung-it");
    expect(hk).toMatchObject({ polls: 1, notModified: 1, seen: 0, fetched: 0 });
    expect(store.outcomesOf("run-2", "crawl").find((o) => o.itemKey === HK_FEED)?.outcome).toBe(
      "not-modified",
    );
    expect(await store.getFeedState("hankyung-it", HK_FEED)).toMatchObject({ etag: '"hk-v1"', failures: 0 });
    expect(store.comments.size).toBe(250);
  });

  it("backs a failing feed off linearly, skips it while waiting, and recovers when it answers", async () => {
    const sources = sourcesFile({ only: ["hankyung-it"] });
    let clock = new Date("2022-10-17T00:00:00Z");
    const now = () => clock;
    const run = (runId: string) =>
      runCrawl(options({ sources, fetcher, store, onArticle: articles.handler, runId, now }));
    const feedPolls = () => fetcher.urls("feed").length;

    world.state.hkFeedStatus = 503;
    const first = await run("r1");
    expect(first.sources[0]?.failed).toEqual({ "http-5xx": 1 });
    let state = await store.getFeedState("hankyung-it", HK_FEED);
    expect(state?.failures).toBe(1);
    expect(state?.nextPollAt?.getTime()).toBe(clock.getTime() + FEED_BACKOFF_STEP_MS);
    expect(store.feedStates.get(`hankyung-it\n${HK_FEED}`)?.status).toBe(503);

    clock = new Date(clock.getTime() + FEED_BACKOFF_STEP_MS / 3);
    const waiting = await run("r2");
    expect(feedPolls()).toBe(1);
    expect(waiting.sources[0]).toMatchObject({ skipped: 1, polls: 0 });
    expect(store.outcomesOf("r2", "crawl")[0]?.outcome).toBe("skipped");

    clock = new Date(clock.getTime() + FEED_BACKOFF_STEP_MS);
    await run("r3");
    expect(feedPolls()).toBe(2);
    state = await store.getFeedState("hankyung-it", HK_FEED);
    expect(state?.failures).toBe(2);
    expect(state?.nextPollAt?.getTime()).toBe(clock.getTime() + 2 * FEED_BACKOFF_STEP_MS);

    world.state.hkFeedStatus = 200;
    clock = new Date(clock.getTime() + 2 * FEED_BACKOFF_STEP_MS);
    const recovered = await run("r4");
    expect(feedPolls()).toBe(3);
    state = await store.getFeedState("hankyung-it", HK_FEED);
    expect(state).toMatchObject({ failures: 0, nextPollAt: null, etag: '"hk-v1"' });
    expect(recovered.sources[0]).toMatchObject({ queued: 2, new: 2, failed: {} });
  });

  it("counts a malformed feed as a failure and keeps the old validators", async () => {
    const sources = sourcesFile({ only: ["hankyung-it"] });
    const broken = new FakeFetcher((req) =>
      req.url === HK_FEED
        ? { status: 200, body: fixture("feed-malformed.xml"), headers: { etag: '"broken"' } }
        : world.route(req),
    );
    const summary = await runCrawl(options({ sources, fetcher: broken, store, onArticle: articles.handler }));
    expect(summary.sources[0]?.failed).toEqual({ "parse-error": 1 });
    expect(await store.getFeedState("hankyung-it", HK_FEED)).toMatchObject({ failures: 1, etag: null });
    expect(store.raws.size).toBe(1);
  });

  it("resumes after a crash inside saveCommentPage: every comment stored exactly once", async () => {
    store.failSaveOnPage = 2;
    await expect(runCrawl(options({ fetcher, store, onArticle: articles.handler }))).rejects.toThrow(
      /simulated crash/,
    );
    expect(store.comments.size).toBe(100);
    expect(store.cursors.get(urlKey(NAVER_ARTICLE))).toMatchObject({ nextPage: 2, done: false });

    await runCrawl(options({ fetcher, store, onArticle: articles.handler, runId: "run-2" }));
    // Page 1 was saved before the crash and is not asked for again; page 2 is retried.
    expect(fetcher.commentPages()).toEqual([1, 2, 2, 3]);
    expect(store.comments.size).toBe(250);
    expect([...store.commentWrites.values()].every((n) => n === 1)).toBe(true);
    expect(store.commentWrites.size).toBe(250);
  });

  it("resumes after a crash between storing the article and creating its comment thread", async () => {
    store.failUpsertOnce = true;
    await expect(
      runCrawl(options({ fetcher, store, onArticle: articles.handler, articleConcurrency: 1 })),
    ).rejects.toThrow(/simulated crash/);
    expect(store.frontier.get(urlKey(NAVER_ARTICLE))?.state).toBe("queued");

    await runCrawl(options({ fetcher, store, onArticle: articles.handler, runId: "run-2" }));
    // The page is fetched again, the handler calls it a duplicate of itself, and the thread is still paged.
    expect(fetcher.urls("article").filter((u) => u === NAVER_ARTICLE)).toHaveLength(2);
    expect(store.outcomesOf("run-2", "crawl").find((o) => o.itemKey === NAVER_ARTICLE)?.outcome).toBe(
      "duplicate",
    );
    expect(store.comments.size).toBe(250);
    expect(fetcher.commentPages()).toEqual([1, 2, 3]);
  });

  it("on abort finishes the article in hand, returns interrupted, and the rerun does the rest once", async () => {
    const controller = new AbortController();
    const onArticle: ArticleHandler = async (raw, text, entry) => {
      const result = await articles.handler(raw, text, entry);
      if (!controller.signal.aborted) controller.abort();
      return result;
    };
    const first = await runCrawl(
      options({ fetcher, store, onArticle, signal: controller.signal, articleConcurrency: 1 }),
    );
    expect(first.interrupted).toBe(true);
    expect(articles.calls).toHaveLength(1);
    expect(store.frontier.get(urlKey(articles.calls[0] ?? ""))?.state).toBe("done");
    expect(fetcher.commentPages()).toEqual([]);

    const second = await runCrawl(options({ fetcher, store, onArticle: articles.handler, runId: "run-2" }));
    expect(second.interrupted).toBe(false);
    const fetched = fetcher.urls("article");
    expect(new Set(fetched).size).toBe(fetched.length);
    expect(fetched).toHaveLength(5);
    expect(store.comments.size).toBe(250);
  });

  it("on abort during comment paging keeps the saved pages and resumes at the next one", async () => {
    const controller = new AbortController();
    const aborting = new FakeFetcher((req) => {
      if (req.kind === "comments" && new URL(req.url).searchParams.get("page") === "2") controller.abort();
      return world.route(req);
    });
    const first = await runCrawl(
      options({ fetcher: aborting, store, onArticle: articles.handler, signal: controller.signal }),
    );
    expect(first.interrupted).toBe(true);
    expect(aborting.commentPages()).toEqual([1, 2]);
    expect(store.comments.size).toBe(200);

    await runCrawl(options({ fetcher: aborting, store, onArticle: articles.handler, runId: "run-2" }));
    expect(aborting.commentPages()).toEqual([1, 2, 3]);
    expect(store.comments.size).toBe(250);
  });

  it("stops paging at comments.naver.maxPages", async () => {
    const summary = await runCrawl(
      options({ fetcher, store, onArticle: articles.handler, sources: sourcesFile({ maxPages: 2 }) }),
    );
    expect(fetcher.commentPages()).toEqual([1, 2]);
    expect(store.comments.size).toBe(200);
    expect(store.cursors.get(urlKey(NAVER_ARTICLE))?.done).toBe(true);
    expect(summary.sources.find((s) => s.sourceId === NAVER_COMMENTS_SOURCE_ID)?.new).toBe(200);
  });

  it("pages a thread whose size is an exact multiple of the page size without an extra request", async () => {
    const exact = makeWorld(200);
    const f = new FakeFetcher(exact.route);
    await runCrawl(options({ fetcher: f, store, onArticle: articles.handler }));
    expect(f.commentPages()).toEqual([1, 2]);
    expect(store.comments.size).toBe(200);
  });

  it("skips naver-search with one clear line when credentials are missing", async () => {
    const { log, lines } = recordingLog();
    const summary = await runCrawl(
      options({ fetcher, store, onArticle: articles.handler, naverCredentials: null, log }),
    );
    expect(world.state.searchCalls).toBe(0);
    expect(summary.sources.find((s) => s.sourceId === "naver-search")).toMatchObject({
      skipped: 1,
      polls: 0,
    });
    expect(store.outcomesOf("run-1", "crawl").filter((o) => o.sourceId === "naver-search")).toEqual([
      expect.objectContaining({ outcome: "skipped", itemKey: "source:naver-search" }),
    ]);
    const mentions = lines.filter((l) => l.msg.includes("NAVER_CLIENT_ID"));
    expect(mentions).toHaveLength(1);
    // The Yonhap item only search knew about is not queued.
    expect(store.frontier.has(urlKey(YNA_ARTICLE))).toBe(false);
  });

  it("sends the credentials as headers and records a rejected key as a failure", async () => {
    const summary = await runCrawl(
      options({
        fetcher,
        store,
        onArticle: articles.handler,
        naverCredentials: { clientId: "id", clientSecret: "wrong" },
      }),
    );
    expect(world.state.searchCalls).toBe(1);
    expect(summary.sources.find((s) => s.sourceId === "naver-search")?.failed).toEqual({ "http-4xx": 1 });
  });

  it("stops paging a Naver query at its first short page", async () => {
    const paged = (display: number) =>
      SourcesFileSchema.parse({
        ...sourcesFile({ only: ["naver-search"] }),
        sources: [
          {
            id: "naver-search",
            type: "naver-search",
            queries: ["카카오 먹통", "남궁훈 사과"],
            display,
            pages: 3,
            baseUrl: SEARCH_BASE,
          },
        ],
      });
    // The fixture answers 3 items: short of 100, so one request per query.
    await runCrawl(options({ fetcher, store, onArticle: articles.handler, sources: paged(100) }));
    expect(fetcher.urls("search").map((u) => new URL(u).searchParams.get("start"))).toEqual(["1", "1"]);
    // With display 2 every page is full, so all three pages of both queries are asked for.
    const full = new FakeFetcher(world.route);
    await runCrawl(
      options({ fetcher: full, store, onArticle: articles.handler, sources: paged(2), runId: "run-2" }),
    );
    expect(full.urls("search").map((u) => new URL(u).searchParams.get("start"))).toEqual([
      "1",
      "3",
      "5",
      "1",
      "3",
      "5",
    ]);
  });

  it("keeps only items published at or after `since`", async () => {
    const summary = await runCrawl(
      options({ fetcher, store, onArticle: articles.handler, since: new Date("2022-10-18T00:00:00+09:00") }),
    );
    const urls = [...store.frontier.values()].map((e) => e.url);
    expect(urls).not.toContain(HK_ARTICLE); // 2022-10-17 09:12 KST
    expect(urls).not.toContain(YNA_ARTICLE); // 2022-10-16
    expect(urls).toContain(NAVER_ARTICLE); // 2022-10-19
    expect(urls).toContain(ZD_ARTICLE); // 2022-10-18 10:30 KST
    expect(summary.sources.find((s) => s.sourceId === "hankyung-it")?.offTopic).toBe(2);
  });

  it("crawls one source only when asked", async () => {
    await runCrawl(options({ fetcher, store, onArticle: articles.handler, onlySource: "zdnet-korea" }));
    expect(fetcher.urls("feed")).toEqual([ZD_FEED]);
    expect(fetcher.urls("search")).toEqual([]);
    expect(fetcher.urls("article")).toEqual([ZD_ARTICLE]);
  });

  it("gives up a 404 at once and a 503 after MAX_ARTICLE_TRIES runs", async () => {
    const sources = sourcesFile({ only: ["hankyung-it"] });
    const failing = new FakeFetcher((req) => {
      if (req.url === HK_ARTICLE) return { status: 503 };
      if (req.url === NAVER_ARTICLE) return { status: 404 };
      return world.route(req);
    });
    for (let run = 1; run <= MAX_ARTICLE_TRIES + 1; run++) {
      const summary = await runCrawl(
        options({ sources, fetcher: failing, store, onArticle: articles.handler, runId: `r${run}` }),
      );
      if (run === 1) expect(summary.sources[0]?.failed).toEqual({ "http-5xx": 1, "http-4xx": 1 });
    }
    expect(failing.urls("article").filter((u) => u === NAVER_ARTICLE)).toHaveLength(1);
    expect(failing.urls("article").filter((u) => u === HK_ARTICLE)).toHaveLength(MAX_ARTICLE_TRIES);
    expect(store.frontier.get(urlKey(HK_ARTICLE))).toMatchObject({
      state: "failed",
      tries: MAX_ARTICLE_TRIES,
    });
    expect(store.frontier.get(urlKey(NAVER_ARTICLE))).toMatchObject({
      state: "failed",
      lastOutcome: "http-4xx",
    });
  });

  it("records a timed-out comment page and retries the same page next run", async () => {
    let failComments = true;
    const flaky = new FakeFetcher((req) => {
      if (req.kind === "comments" && failComments && new URL(req.url).searchParams.get("page") === "2") {
        return { status: 0, fail: "timeout" };
      }
      return world.route(req);
    });
    const first = await runCrawl(options({ fetcher: flaky, store, onArticle: articles.handler }));
    expect(first.sources.find((s) => s.sourceId === NAVER_COMMENTS_SOURCE_ID)?.failed).toEqual({
      timeout: 1,
    });
    expect(store.outcomesOf("run-1", "comments")[0]).toMatchObject({
      outcome: "timeout",
      itemKey: NAVER_ARTICLE,
    });
    failComments = false;
    await runCrawl(options({ fetcher: flaky, store, onArticle: articles.handler, runId: "run-2" }));
    expect(flaky.commentPages()).toEqual([1, 2, 2, 3]);
    expect(store.comments.size).toBe(250);
  });

  it("skips an unreadable comment page when later pages exist", async () => {
    const garbled = new FakeFetcher((req) => {
      if (req.kind === "comments" && new URL(req.url).searchParams.get("page") === "2") {
        return { status: 200, body: "<html>일시적인 오류</html>" };
      }
      return world.route(req);
    });
    const summary = await runCrawl(options({ fetcher: garbled, store, onArticle: articles.handler }));
    expect(garbled.commentPages()).toEqual([1, 2, 3]);
    expect(store.comments.size).toBe(150);
    expect(summary.sources.find((s) => s.sourceId === NAVER_COMMENTS_SOURCE_ID)?.failed).toEqual({
      "parse-error": 1,
    });
    expect(store.cursors.get(urlKey(NAVER_ARTICLE))?.done).toBe(true);
    expect(store.outcomesOf("run-1", "comments")).toEqual([
      expect.objectContaining({ outcome: "parse-error", detail: expect.stringMatching(/^page 2: /) }),
    ]);
  });
});
