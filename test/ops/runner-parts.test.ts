/**
 * What the scheduler added to the crawl runner: run only some parts (feeds, search, articles, comments), and a
 * search source that fails backs off like a feed (linear, capped) and recovers on its first answer.
 */
import { describe, expect, it } from "vitest";
import { MemoryCrawlStore } from "../../src/crawl/memory-store.js";
import {
  runCrawl,
  SEARCH_BACKOFF_MAX_MS,
  SEARCH_BACKOFF_STEP_MS,
  searchStateKey,
} from "../../src/crawl/runner.js";
import type { Fetcher, FetchRequest, FetchResult } from "../../src/crawl/types.js";
import { type SourcesFile, SourcesFileSchema } from "../../src/shared/config.js";

const FEED = "http://feeds.test/it.xml";
const GNEWS = "http://gnews.test/rss/search";

function rss(links: string[]): string {
  const items = links
    .map(
      (l, i) =>
        `<item><title>카카오 먹통 ${i}</title><link>${l}</link><pubDate>Sun, 16 Oct 2022 0${i}:00:00 GMT</pubDate></item>`,
    )
    .join("");
  return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>t</title><link>http://x/</link><description>d</description>${items}</channel></rss>`;
}

function sources(): SourcesFile {
  return SourcesFileSchema.parse({
    topics: [{ id: "kakao", keywords: ["카카오 먹통"] }],
    sources: [
      { id: "it-feed", type: "feed", url: FEED },
      { id: "gnews", type: "google-news", queries: ["카카오 먹통"], baseUrl: GNEWS },
    ],
    comments: { naver: { enabled: true, baseUrl: "http://cbox.test/list.json" } },
  });
}

/** Answers feeds and search with RSS, articles with a page; search fails while `searchDown` says so. */
function fakeFetcher(state: { searchDown: boolean }): Fetcher & { requests: FetchRequest[] } {
  const requests: FetchRequest[] = [];
  return {
    requests,
    async fetch(req): Promise<FetchResult> {
      requests.push(req);
      if (req.kind === "search" && state.searchDown)
        return { outcome: "http-5xx", detail: "HTTP 503", tries: 1 };
      if (req.kind === "feed") return { outcome: "ok", text: rss(["http://news.test/a/1"]), tries: 1 };
      if (req.kind === "search") return { outcome: "ok", text: rss(["http://news.test/a/2"]), tries: 1 };
      return { outcome: "http-4xx", detail: "HTTP 404", tries: 1 };
    },
    async close() {},
  };
}

const base = { runId: "r", salt: "a-test-salt", onArticle: async () => null, naverCredentials: null };

describe("runner parts", () => {
  it("polls only what it is asked to: feeds without search, search without articles", async () => {
    const store = new MemoryCrawlStore();
    const fetcher = fakeFetcher({ searchDown: false });
    await runCrawl({
      ...base,
      sources: sources(),
      fetcher,
      store,
      parts: { search: false, comments: false },
    });
    expect(new Set(fetcher.requests.map((r) => r.kind))).toEqual(new Set(["feed", "article"]));

    const second = fakeFetcher({ searchDown: false });
    await runCrawl({
      ...base,
      sources: sources(),
      fetcher: second,
      store,
      parts: { feeds: false, articles: false },
    });
    expect(second.requests.map((r) => r.kind)).toEqual(["search"]);
    // The search result waits in the frontier for a run that fetches articles.
    expect((await store.pending(10)).map((e) => e.url)).toEqual(["http://news.test/a/2"]);
  });
});

describe("search backoff", () => {
  it("waits failures × step after failing runs, capped, and is back to normal after one answer", async () => {
    const store = new MemoryCrawlStore();
    const net = { searchDown: true };
    let now = new Date("2022-10-16T00:05:00Z");
    const hourly = async () => {
      const fetcher = fakeFetcher(net);
      const summary = await runCrawl({
        ...base,
        sources: sources(),
        fetcher,
        store,
        now: () => now,
        parts: { feeds: false, articles: false, comments: false },
      });
      now = new Date(now.getTime() + SEARCH_BACKOFF_STEP_MS);
      return { asked: fetcher.requests.length > 0, skipped: summary.totals.skipped };
    };

    // Hourly runs while the source is down: asked at runs 1, 2, 4, 7 … (each failure waits one hour more).
    const asked: number[] = [];
    for (let run = 1; run <= 11; run++) if ((await hourly()).asked) asked.push(run);
    expect(asked).toEqual([1, 2, 4, 7, 11]);
    const state = await store.getFeedState("gnews", searchStateKey("gnews"));
    expect(state?.failures).toBe(5);
    const waited = state!.nextPollAt!.getTime() - (now.getTime() - SEARCH_BACKOFF_STEP_MS);
    expect(waited).toBe(Math.min(5 * SEARCH_BACKOFF_STEP_MS, SEARCH_BACKOFF_MAX_MS));

    // Up again: the next run that asks succeeds, the state resets, and every later run asks.
    net.searchDown = false;
    const after: boolean[] = [];
    for (let run = 0; run < 8; run++) after.push((await hourly()).asked);
    const firstAsk = after.indexOf(true);
    expect(firstAsk).toBeGreaterThanOrEqual(0);
    expect(after.slice(firstAsk).every(Boolean)).toBe(true);
    const healed = await store.getFeedState("gnews", searchStateKey("gnews"));
    expect(healed?.failures).toBe(0);
    expect(healed?.nextPollAt).toBeNull();
  });

  it("caps the wait", async () => {
    const store = new MemoryCrawlStore();
    let now = new Date("2022-10-16T00:05:00Z");
    const waits: number[] = [];
    for (let i = 0; i < 20; i++) {
      await runCrawl({
        ...base,
        sources: sources(),
        fetcher: fakeFetcher({ searchDown: true }),
        store,
        now: () => now,
        parts: { feeds: false, articles: false, comments: false },
      });
      const s = await store.getFeedState("gnews", searchStateKey("gnews"));
      waits.push(s!.nextPollAt!.getTime() - now.getTime());
      // Jump to the end of the wait: the next run asks again and fails again.
      now = new Date(s!.nextPollAt!.getTime());
    }
    const steps = SEARCH_BACKOFF_MAX_MS / SEARCH_BACKOFF_STEP_MS;
    expect(waits).toEqual(waits.map((_, i) => Math.min(i + 1, steps) * SEARCH_BACKOFF_STEP_MS));
    expect(waits.at(-1)).toBe(SEARCH_BACKOFF_MAX_MS);
  });
});
