/**
 * The crawl runner: poll feeds and search sources, keep the items about a topic, queue them in the frontier,
 * fetch the queued articles, hand each page to the caller (extraction and storage live in later stages, wired
 * in by the CLI through `onArticle`), then page the Naver comment box of every Naver-hosted article.
 *
 * Everything that must survive a `kill -9` goes through `CrawlStore` before the runner moves on: the frontier
 * (so an article is fetched until it has an outcome), per-feed poll state (ETag/Last-Modified, failures,
 * backoff) and one comment cursor per article (a page of comments and the cursor move in one write). Rerunning
 * the same command resumes where the killed one stopped and stores nothing twice.
 */
import type { Source, SourcesFile } from "../shared/config.js";
import { NotArticleError, ParseError } from "../shared/errors.js";
import type { Outcome, OutcomeKind, RawFetch } from "../shared/types.js";
import {
  googleNewsUrls,
  naverSearchUrls,
  normalizeUrl,
  parseFeed,
  parseNaverSearch,
  urlKey,
} from "./discover.js";
import {
  commentPageUrl,
  naverArticleIds,
  naverObjectId,
  parseCommentPage,
  parseNaverObjectId,
  unwrapJsonp,
} from "./naver-comments.js";
import { type NaverCredentials, naverCredentialsFromEnv } from "./sources.js";
import { matchesTopic } from "./topics.js";
import type {
  CommentCursor,
  CrawlStore,
  DiscoveredItem,
  FeedPollState,
  Fetcher,
  FetchResult,
  FrontierEntry,
} from "./types.js";

/** Source id under which comment requests and their outcomes are counted. */
export const NAVER_COMMENTS_SOURCE_ID = "naver-comments";

/** A feed that fails waits failures × this before its next poll: feeds update every few minutes at most. */
export const FEED_BACKOFF_STEP_MS = 15 * 60_000;
/** …but never longer than this, so a feed that was down for a day is tried again within the day. */
export const FEED_BACKOFF_MAX_MS = 6 * 60 * 60_000;
/**
 * A poll that comes less than this before its source's backoff ends is let through: scheduled polls and backoff
 * ends sit on the same grid (15-minute slots, 15-minute steps), and whether a poll lands a few milliseconds
 * before or after the end must not decide whether a whole slot is skipped.
 */
export const BACKOFF_SLACK_MS = 60_000;
/**
 * A search source whose every request failed waits failures × this before it is asked again: search runs hourly,
 * so one step skips about one run.
 */
export const SEARCH_BACKOFF_STEP_MS = 60 * 60_000;
/** …capped so an API that was down overnight is asked again within half a day. */
export const SEARCH_BACKOFF_MAX_MS = 12 * 60 * 60_000;
/**
 * Search backoff lives in feed_state beside the feeds' (one row per source, not per query URL), under this
 * pseudo-URL: `search:<sourceId>`.
 */
export function searchStateKey(sourceId: string): string {
  return `search:${sourceId}`;
}
/**
 * An article whose fetch failed for a reason that may pass (429, 5xx, timeout, network) stays queued for the
 * next run; after this many runs it is given up. The fetcher already retried within each run.
 */
export const MAX_ARTICLE_TRIES = 3;
/** Frontier entries read per store call; bounded so a huge frontier is not loaded at once. */
const FRONTIER_BATCH = 200;
/** Articles in flight at once. The fetcher enforces per-host intervals; this only keeps hosts overlapping. */
const DEFAULT_ARTICLE_CONCURRENCY = 4;

/** Outcomes that will not change on a retry: the frontier entry is given up at once. */
const PERMANENT_OUTCOMES: ReadonlySet<OutcomeKind> = new Set([
  "http-4xx",
  "robots-disallowed",
  "too-large",
  "redirect-loop",
  "parse-error",
  "not-article",
]);

export interface CrawlLog {
  info(obj: Record<string, unknown>, msg: string): void;
  warn(obj: Record<string, unknown>, msg: string): void;
  debug?(obj: Record<string, unknown>, msg: string): void;
}

export type ArticleHandler = (
  raw: RawFetch,
  text: string,
  entry: FrontierEntry,
) => Promise<{ docId: string; duplicate: boolean } | null>;

export type CrawlProgressEvent =
  | {
      stage: "feed" | "search";
      sourceId: string;
      url: string;
      outcome: OutcomeKind;
      items: number;
      queued: number;
    }
  | { stage: "article"; sourceId: string; url: string; outcome: OutcomeKind; done: number }
  | {
      stage: "comments";
      sourceId: string;
      url: string;
      outcome: OutcomeKind;
      page: number;
      comments: number;
    };

export interface CrawlOptions {
  sources: SourcesFile;
  fetcher: Fetcher;
  store: CrawlStore;
  runId: string;
  /** Keep only items published at or after this instant (items without a date are kept: extraction decides). */
  since?: Date;
  /** Crawl one source only (its discovery and its queued articles). */
  onlySource?: string;
  /** Salt for hashing commenter ids; required, never logged. */
  salt: string;
  /** Extraction + document storage, wired in by the CLI. Null: the page was not stored (not an article). */
  onArticle: ArticleHandler;
  onProgress?: (event: CrawlProgressEvent) => void;
  /** Abort (SIGTERM): the item in hand is finished, then the run returns with `interrupted: true`. */
  signal?: AbortSignal;
  log?: CrawlLog;
  /** Naver Search API credentials; default from the environment. Null or absent: naver-search is skipped. */
  naverCredentials?: NaverCredentials | null;
  /** Articles fetched at once (default 4). */
  articleConcurrency?: number;
  /** Clock, for feed and search backoff; tests and the scheduler's compressed clock move it forward. */
  now?: () => Date;
  /**
   * Which parts of a run to do (each default true). The scheduler runs feeds, search and the comment refresh
   * as separate jobs: `{ feeds: true, search: false, articles: true, comments: false }` and so on.
   */
  parts?: CrawlParts;
}

export interface CrawlParts {
  feeds?: boolean;
  search?: boolean;
  articles?: boolean;
  comments?: boolean;
}

/** What happened for one source in one run. */
export interface SourceSummary {
  sourceId: string;
  /** Feed or search requests made. */
  polls: number;
  /** Feed polls answered 304. */
  notModified: number;
  /** Items in the feed/search answers, before the topic filter. */
  seen: number;
  /** Items that matched no topic (or were older than `since`). */
  offTopic: number;
  /** Items added to the frontier that it did not hold yet. */
  queued: number;
  /** Requests that returned a 2xx page (articles and, for naver-comments, comment pages). */
  fetched: number;
  /** Articles stored as new documents (for naver-comments: comments stored). */
  new: number;
  /** Articles the caller recognised as duplicates. */
  duplicate: number;
  /** Sources or polls deliberately not attempted (no credentials, feed backing off). */
  skipped: number;
  /** Failures by outcome (`http-4xx`, `timeout`, `parse-error`, `not-article`, …). */
  failed: Record<string, number>;
}

export interface CrawlSummary {
  runId: string;
  startedAt: Date;
  finishedAt: Date;
  /** True when the abort signal stopped the run early; a rerun continues. */
  interrupted: boolean;
  sources: SourceSummary[];
  totals: Omit<SourceSummary, "sourceId">;
}

const silentLog: CrawlLog = { info() {}, warn() {} };

export async function runCrawl(opts: CrawlOptions): Promise<CrawlSummary> {
  return new CrawlRun(opts).run();
}

class CrawlRun {
  private readonly log: CrawlLog;
  private readonly now: () => Date;
  private readonly summaries = new Map<string, SourceSummary>();
  private readonly startedAt: Date;
  /** Docs whose comment thread this run created or touched (limits `--source` runs to their own threads). */
  private readonly articlesThisRun = new Set<string>();

  constructor(private readonly opts: CrawlOptions) {
    this.log = opts.log ?? silentLog;
    this.now = opts.now ?? (() => new Date());
    this.startedAt = this.now();
  }

  private get aborted(): boolean {
    return this.opts.signal?.aborted === true;
  }

  async run(): Promise<CrawlSummary> {
    const { sources, onlySource } = this.opts;
    if (onlySource && !sources.sources.some((s) => s.id === onlySource)) {
      // The CLI validates --source against the file; reaching here means a programming error.
      throw new Error(`no source with id "${onlySource}"`);
    }
    const parts = { feeds: true, search: true, articles: true, comments: true, ...this.opts.parts };
    for (const source of sources.sources) {
      if (onlySource && source.id !== onlySource) continue;
      const wanted = source.type === "feed" ? parts.feeds : parts.search;
      if (!wanted) continue;
      this.summary(source.id);
      if (!source.enabled || this.aborted) continue;
      if (source.type === "feed") await this.pollFeed(source.id, source.url);
      else await this.pollSearchSource(source);
    }
    if (!this.aborted && parts.articles) await this.fetchArticles();
    if (!this.aborted && parts.comments && sources.comments.naver.enabled) await this.fetchComments();
    return this.finish();
  }

  // ---- discovery -------------------------------------------------------------------------------------------

  /**
   * True (and the skip recorded as an outcome) while a source's poll state says it is backing off after
   * failures; a poll due within BACKOFF_SLACK_MS counts as due.
   */
  private async backingOff(
    sourceId: string,
    itemKey: string,
    state: FeedPollState | null,
    now: Date,
    log: { fields: Record<string, unknown>; message: string },
  ): Promise<boolean> {
    if (!state?.nextPollAt || state.nextPollAt.getTime() <= now.getTime() + BACKOFF_SLACK_MS) return false;
    this.summary(sourceId).skipped++;
    await this.outcome(
      "crawl",
      itemKey,
      sourceId,
      "skipped",
      `backing off until ${state.nextPollAt.toISOString()}`,
    );
    this.log.info({ ...log.fields, failures: state.failures }, log.message);
    return true;
  }

  private async pollFeed(sourceId: string, url: string): Promise<void> {
    const summary = this.summary(sourceId);
    const itemKey = url;
    const state = await this.opts.store.getFeedState(sourceId, url);
    const now = this.now();
    if (
      await this.backingOff(sourceId, itemKey, state, now, {
        fields: { sourceId, url },
        message: "feed is backing off after failures; not polled",
      })
    )
      return;
    const result = await this.fetch({
      url,
      kind: "feed",
      sourceId,
      etag: state?.etag ?? null,
      lastModified: state?.lastModified ?? null,
    });
    summary.polls++;
    const keepValidators = { etag: state?.etag ?? null, lastModified: state?.lastModified ?? null };
    const status = result.raw?.status ?? null;

    if (result.outcome === "not-modified") {
      summary.notModified++;
      await this.opts.store.setFeedState(sourceId, url, {
        ...keepValidators,
        failures: 0,
        nextPollAt: null,
        status,
        error: null,
      });
      await this.outcome("crawl", itemKey, sourceId, "not-modified");
      this.progress({ stage: "feed", sourceId, url, outcome: "not-modified", items: 0, queued: 0 });
      return;
    }

    let failure: { outcome: OutcomeKind; detail: string } | null = null;
    let items: DiscoveredItem[] = [];
    if (result.outcome !== "ok" || result.text === undefined) {
      failure = {
        outcome: result.outcome === "ok" ? "parse-error" : result.outcome,
        detail: failureDetail(result),
      };
    } else {
      try {
        items = await parseFeed(result.text, sourceId);
      } catch (err) {
        if (!(err instanceof ParseError)) throw err;
        failure = { outcome: "parse-error", detail: err.message };
      }
    }

    if (failure) {
      const failures = (state?.failures ?? 0) + 1;
      const waitMs = Math.min(failures * FEED_BACKOFF_STEP_MS, FEED_BACKOFF_MAX_MS);
      // Validators are kept from the last good poll: a broken body must not earn a 304 next time.
      await this.opts.store.setFeedState(sourceId, url, {
        ...keepValidators,
        failures,
        nextPollAt: new Date(now.getTime() + waitMs),
        status,
        error: failure.detail,
      });
      this.fail(summary, failure.outcome);
      await this.outcome("crawl", itemKey, sourceId, failure.outcome, failure.detail);
      this.log.warn(
        { sourceId, url, outcome: failure.outcome, failures, detail: failure.detail },
        "feed failed",
      );
      this.progress({ stage: "feed", sourceId, url, outcome: failure.outcome, items: 0, queued: 0 });
      return;
    }

    const queued = await this.consider(sourceId, items);
    const headers = result.raw?.headers ?? {};
    await this.opts.store.setFeedState(sourceId, url, {
      etag: header(headers, "etag"),
      lastModified: header(headers, "last-modified"),
      failures: 0,
      nextPollAt: null,
      status,
      error: null,
    });
    await this.outcome("crawl", itemKey, sourceId, "ok", `${items.length} items, ${queued} new`);
    this.progress({ stage: "feed", sourceId, url, outcome: "ok", items: items.length, queued });
  }

  /**
   * A search source that failed on every request of its last run backs off (linear, capped) like a feed, and
   * is back to its normal schedule after the first run in which any request succeeds.
   */
  private async pollSearchSource(source: Exclude<Source, { type: "feed" }>): Promise<void> {
    const summary = this.summary(source.id);
    const key = searchStateKey(source.id);
    const state = await this.opts.store.getFeedState(source.id, key);
    const now = this.now();
    if (
      await this.backingOff(source.id, key, state, now, {
        fields: { sourceId: source.id },
        message: "search source is backing off after failures; not asked",
      })
    )
      return;
    const before = { polls: summary.polls, failed: countFailures(summary), skipped: summary.skipped };
    let lastError: string | null = null;
    const recordError = (detail: string) => {
      lastError = detail;
    };
    if (source.type === "naver-search") await this.pollNaverSearch(source, recordError);
    else await this.pollGoogleNews(source, recordError);
    const polls = summary.polls - before.polls;
    // Not asked at all (no credentials, aborted before the first query): nothing learned about the source.
    if (polls === 0) return;
    const failedPolls = countFailures(summary) - before.failed;
    if (failedPolls >= polls) {
      const failures = (state?.failures ?? 0) + 1;
      const waitMs = Math.min(failures * SEARCH_BACKOFF_STEP_MS, SEARCH_BACKOFF_MAX_MS);
      await this.opts.store.setFeedState(source.id, key, {
        etag: null,
        lastModified: null,
        failures,
        nextPollAt: new Date(now.getTime() + waitMs),
        status: null,
        error: lastError ?? "every request failed",
      });
      this.log.warn({ sourceId: source.id, failures, waitMs }, "search source failed; backing off");
    } else if (state && (state.failures > 0 || state.nextPollAt)) {
      await this.opts.store.setFeedState(source.id, key, {
        etag: null,
        lastModified: null,
        failures: 0,
        nextPollAt: null,
        status: null,
        error: null,
      });
    }
  }

  private async pollNaverSearch(
    source: Extract<Source, { type: "naver-search" }>,
    onError: (detail: string) => void,
  ): Promise<void> {
    const summary = this.summary(source.id);
    const credentials =
      this.opts.naverCredentials === undefined ? naverCredentialsFromEnv() : this.opts.naverCredentials;
    if (!credentials) {
      summary.skipped++;
      await this.outcome(
        "crawl",
        `source:${source.id}`,
        source.id,
        "skipped",
        "NAVER_CLIENT_ID/SECRET not set",
      );
      this.log.warn(
        { sourceId: source.id },
        "naver-search skipped: set NAVER_CLIENT_ID and NAVER_CLIENT_SECRET to use the Naver Search API",
      );
      return;
    }
    const headers = {
      "X-Naver-Client-Id": credentials.clientId,
      "X-Naver-Client-Secret": credentials.clientSecret,
      Accept: "application/json",
    };
    // A page shorter than `display` is the last one for its query: asking for the next would waste calls
    // from the 25,000-a-day quota. A failed page also ends its query for this run.
    const finishedQueries = new Set<string>();
    for (const url of naverSearchUrls(source)) {
      if (this.aborted) return;
      const query = new URL(url).searchParams.get("query") ?? "";
      if (finishedQueries.has(query)) continue;
      const items = await this.pollSearch(
        source.id,
        url,
        headers,
        (text) => parseNaverSearch(text, source.id),
        onError,
      );
      if (items === null || items < source.display) finishedQueries.add(query);
    }
  }

  private async pollGoogleNews(
    source: Extract<Source, { type: "google-news" }>,
    onError: (detail: string) => void,
  ): Promise<void> {
    for (const url of googleNewsUrls(source)) {
      if (this.aborted) return;
      await this.pollSearch(source.id, url, {}, (text) => parseFeed(text, source.id), onError);
    }
  }

  private async pollSearch(
    sourceId: string,
    url: string,
    headers: Record<string, string>,
    parse: (text: string) => DiscoveredItem[] | Promise<DiscoveredItem[]>,
    onError?: (detail: string) => void,
  ): Promise<number | null> {
    const summary = this.summary(sourceId);
    const result = await this.fetch({ url, kind: "search", sourceId, headers });
    summary.polls++;
    let outcome: OutcomeKind = result.outcome;
    let detail = failureDetail(result);
    let items: DiscoveredItem[] = [];
    if (outcome === "ok" && result.text !== undefined) {
      try {
        items = await parse(result.text);
      } catch (err) {
        if (!(err instanceof ParseError)) throw err;
        outcome = "parse-error";
        detail = err.message;
      }
    } else if (outcome === "ok") {
      outcome = "parse-error";
      detail = "empty body";
    }
    if (outcome !== "ok") {
      this.fail(summary, outcome);
      onError?.(`${outcome}: ${detail}`);
      await this.outcome("crawl", url, sourceId, outcome, detail);
      this.log.warn({ sourceId, url, outcome, detail }, "search request failed");
      this.progress({ stage: "search", sourceId, url, outcome, items: 0, queued: 0 });
      return null;
    }
    const queued = await this.consider(sourceId, items);
    await this.outcome("crawl", url, sourceId, "ok", `${items.length} items, ${queued} new`);
    this.progress({ stage: "search", sourceId, url, outcome: "ok", items: items.length, queued });
    return items.length;
  }

  /** Topic and date filter, then enqueue. Returns how many entries the frontier did not hold yet. */
  private async consider(sourceId: string, items: DiscoveredItem[]): Promise<number> {
    const summary = this.summary(sourceId);
    const { topics } = this.opts.sources;
    const since = this.opts.since;
    const entries = new Map<string, Omit<FrontierEntry, "tries">>();
    for (const item of items) {
      summary.seen++;
      const onTopic = matchesTopic(`${item.title}\n${item.description ?? ""}`, topics);
      const recentEnough = !since || !item.publishedAt || item.publishedAt.getTime() >= since.getTime();
      if (!onTopic || !recentEnough) {
        summary.offTopic++;
        continue;
      }
      // A Naver-hosted article is fetched in its one canonical spelling (see normalizeUrl).
      const url = naverArticleIds(item.url) ? normalizeUrl(item.url) : item.url;
      const key = urlKey(url);
      if (entries.has(key)) continue;
      entries.set(key, {
        urlKey: key,
        url,
        sourceId,
        kind: "article",
        hint: { title: item.title, publishedAt: item.publishedAt ? item.publishedAt.toISOString() : null },
      });
    }
    const queued = entries.size > 0 ? await this.opts.store.enqueue([...entries.values()]) : 0;
    summary.queued += queued;
    return queued;
  }

  // ---- articles --------------------------------------------------------------------------------------------

  private async fetchArticles(): Promise<void> {
    // Entries seen in this run (done, failed or of another source): pending() keeps returning the ones still
    // queued, so they are skipped and the window grows past them.
    const seen = new Set<string>();
    const concurrency = Math.max(1, this.opts.articleConcurrency ?? DEFAULT_ARTICLE_CONCURRENCY);
    let done = 0;
    while (!this.aborted) {
      const batch = (await this.opts.store.pending(seen.size + FRONTIER_BATCH)).filter(
        (e) => !seen.has(e.urlKey),
      );
      if (batch.length === 0) return;
      for (const entry of batch) seen.add(entry.urlKey);
      const mine = this.opts.onlySource ? batch.filter((e) => e.sourceId === this.opts.onlySource) : batch;
      let next = 0;
      const worker = async (): Promise<void> => {
        while (!this.aborted) {
          const entry = mine[next++];
          if (!entry) return;
          const outcome = await this.fetchArticle(entry);
          done++;
          this.progress({ stage: "article", sourceId: entry.sourceId, url: entry.url, outcome, done });
        }
      };
      await Promise.all(Array.from({ length: Math.min(concurrency, mine.length) }, worker));
    }
  }

  private async fetchArticle(entry: FrontierEntry): Promise<OutcomeKind> {
    const summary = this.summary(entry.sourceId);
    const { store } = this.opts;
    // Raw first: a page a killed run stored but could not mark done is reused, not fetched again.
    const result =
      (await store.storedResponse?.(entry.url)) ??
      (await this.fetch({ url: entry.url, kind: "article", sourceId: entry.sourceId }));
    if (result.outcome !== "ok" || !result.raw || result.text === undefined) {
      const outcome: OutcomeKind = result.outcome === "ok" ? "parse-error" : result.outcome;
      const giveUp = PERMANENT_OUTCOMES.has(outcome) || entry.tries + 1 >= MAX_ARTICLE_TRIES;
      this.fail(summary, outcome);
      await store.markFailed(entry.urlKey, outcome, giveUp);
      await this.outcome("crawl", entry.url, entry.sourceId, outcome, failureDetail(result));
      this.log.warn({ sourceId: entry.sourceId, url: entry.url, outcome, giveUp }, "article fetch failed");
      return outcome;
    }
    summary.fetched++;

    let handled: { docId: string; duplicate: boolean } | null;
    try {
      handled = await this.opts.onArticle(result.raw, result.text, entry);
    } catch (err) {
      // Extraction failures are the page's fault, not the run's: the raw bytes are kept for `reprocess`.
      if (!(err instanceof ParseError || err instanceof NotArticleError)) throw err;
      const outcome: OutcomeKind = err instanceof ParseError ? "parse-error" : "not-article";
      this.fail(summary, outcome);
      await store.markDone(entry.urlKey, outcome);
      await this.outcome("crawl", entry.url, entry.sourceId, outcome, err.message);
      return outcome;
    }
    if (!handled) {
      this.fail(summary, "not-article");
      await store.markDone(entry.urlKey, "not-article");
      await this.outcome("crawl", entry.url, entry.sourceId, "not-article");
      return "not-article";
    }

    // The comment thread is created before the entry is marked done, and only if absent: a kill between the
    // two refetches the page (the caller then reports it as a duplicate of itself) and creates the thread then.
    const ids = naverArticleIds(result.raw.finalUrl) ?? naverArticleIds(entry.url);
    if (ids && this.opts.sources.comments.naver.enabled) {
      this.articlesThisRun.add(handled.docId);
      const existing = await store.getCommentCursor(handled.docId);
      if (!existing) {
        await store.upsertCommentCursor({
          docId: handled.docId,
          objectId: naverObjectId(ids),
          articleUrl: normalizeUrl(result.raw.finalUrl),
          nextPage: 1,
          totalPages: null,
          done: false,
        });
      }
    }

    const outcome: OutcomeKind = handled.duplicate ? "duplicate" : "ok";
    if (handled.duplicate) summary.duplicate++;
    else summary.new++;
    await store.markDone(entry.urlKey, outcome);
    await this.outcome(
      "crawl",
      entry.url,
      entry.sourceId,
      outcome,
      handled.duplicate ? undefined : handled.docId,
    );
    return outcome;
  }

  // ---- comments --------------------------------------------------------------------------------------------

  private async fetchComments(): Promise<void> {
    const seen = new Set<string>();
    while (!this.aborted) {
      const batch = (await this.opts.store.pendingCommentCursors(seen.size + FRONTIER_BATCH)).filter(
        (c) => !seen.has(c.docId),
      );
      if (batch.length === 0) return;
      for (const cursor of batch) {
        seen.add(cursor.docId);
        // A `--source` run pages only the threads of the articles it fetched itself.
        if (this.opts.onlySource && !this.articlesThisRun.has(cursor.docId)) continue;
        if (this.aborted) return;
        await this.pageComments(cursor);
      }
    }
  }

  /** Pages one article's comments until the last page, a failure, maxPages or an abort. */
  private async pageComments(start: CommentCursor): Promise<void> {
    const summary = this.summary(NAVER_COMMENTS_SOURCE_ID);
    const settings = this.opts.sources.comments.naver;
    const { store } = this.opts;
    const ids = parseNaverObjectId(start.objectId);
    const itemKey = start.articleUrl;
    if (!ids) {
      await store.upsertCommentCursor({ ...start, done: true });
      this.fail(summary, "parse-error");
      await this.outcome(
        "comments",
        itemKey,
        NAVER_COMMENTS_SOURCE_ID,
        "parse-error",
        `bad objectId ${start.objectId}`,
      );
      return;
    }
    let cursor = start;
    let stored = 0;
    // One outcome per thread per run: a skipped broken page is remembered and reported at the end.
    let brokenPage: string | null = null;
    const finish = (outcome: OutcomeKind, detail: string) =>
      this.outcome("comments", itemKey, NAVER_COMMENTS_SOURCE_ID, outcome, detail);
    while (!cursor.done) {
      if (this.aborted) {
        await finish(
          "skipped",
          `interrupted before page ${cursor.nextPage}; ${stored} comments stored this run`,
        );
        return;
      }
      if (cursor.nextPage > settings.maxPages) {
        cursor = { ...cursor, done: true };
        await store.upsertCommentCursor(cursor);
        this.log.info(
          { url: itemKey, maxPages: settings.maxPages },
          "comment paging stopped at comments.naver.maxPages",
        );
        break;
      }
      const page = cursor.nextPage;
      const url = commentPageUrl(settings.baseUrl, ids.oid, ids.aid, page, settings.pageSize);
      const result = await this.fetch({
        url,
        kind: "comments",
        sourceId: NAVER_COMMENTS_SOURCE_ID,
        // Naver answers comment requests without the article as Referer with an error (SITES.md).
        headers: { Referer: cursor.articleUrl },
      });
      if (result.outcome !== "ok" || result.text === undefined) {
        const outcome: OutcomeKind = result.outcome === "ok" ? "parse-error" : result.outcome;
        // The cursor stays where it is: the next run tries this page again.
        this.fail(summary, outcome);
        await finish(outcome, `page ${page}: ${failureDetail(result)}; ${stored} comments stored this run`);
        this.log.warn({ url: itemKey, page, outcome }, "comment page failed");
        this.progress({
          stage: "comments",
          sourceId: NAVER_COMMENTS_SOURCE_ID,
          url,
          outcome,
          page,
          comments: 0,
        });
        return;
      }
      summary.fetched++;
      let parsed: ReturnType<typeof parseCommentPage>;
      try {
        parsed = parseCommentPage(unwrapJsonp(result.text), { docId: cursor.docId, salt: this.opts.salt });
      } catch (err) {
        if (!(err instanceof ParseError)) throw err;
        this.fail(summary, "parse-error");
        brokenPage = `page ${page}: ${err.message}`;
        this.log.warn({ url: itemKey, page, detail: err.message }, "comment page unreadable");
        // Skip a broken page when later pages are known to exist; otherwise the thread ends here. The raw
        // bytes are stored, so a fixed parser can recover the page with `reprocess`.
        const known = cursor.totalPages ?? 0;
        cursor = { ...cursor, nextPage: page + 1, done: page >= known };
        await store.saveCommentPage(cursor, [], this.now());
        this.progress({
          stage: "comments",
          sourceId: NAVER_COMMENTS_SOURCE_ID,
          url,
          outcome: "parse-error",
          page,
          comments: 0,
        });
        continue;
      }
      const totalPages = Math.max(parsed.totalPages, 0);
      cursor = {
        ...cursor,
        nextPage: page + 1,
        totalPages,
        // An empty page also ends the thread, so a wrong totalPages can never loop forever.
        done: page >= totalPages || parsed.comments.length === 0 || page >= settings.maxPages,
      };
      await store.saveCommentPage(cursor, parsed.comments, result.raw?.fetchedAt ?? this.now());
      stored += parsed.comments.length;
      summary.new += parsed.comments.length;
      this.progress({
        stage: "comments",
        sourceId: NAVER_COMMENTS_SOURCE_ID,
        url,
        outcome: "ok",
        page,
        comments: parsed.comments.length,
      });
    }
    if (brokenPage) await finish("parse-error", `${brokenPage}; ${stored} comments stored this run`);
    else await finish("ok", `${stored} comments stored this run`);
  }

  // ---- plumbing --------------------------------------------------------------------------------------------

  /**
   * Raw first (DESIGN §1) is the fetcher's job: it hands every response, each redirect hop included, to the
   * `saveRaw` it was created with before returning, so the runner never stores a response twice.
   */
  private async fetch(req: Parameters<Fetcher["fetch"]>[0]): Promise<FetchResult> {
    return this.opts.fetcher.fetch(req);
  }

  private async outcome(
    stage: Outcome["stage"],
    itemKey: string,
    sourceId: string,
    outcome: OutcomeKind,
    detail?: string,
  ): Promise<void> {
    await this.opts.store.recordOutcome({
      runId: this.opts.runId,
      stage,
      itemKey,
      sourceId,
      outcome,
      ...(detail ? { detail } : {}),
      at: this.now(),
    });
  }

  private progress(event: CrawlProgressEvent): void {
    this.opts.onProgress?.(event);
  }

  private summary(sourceId: string): SourceSummary {
    let summary = this.summaries.get(sourceId);
    if (!summary) {
      summary = { sourceId, ...emptyCounts() };
      this.summaries.set(sourceId, summary);
    }
    return summary;
  }

  private fail(summary: SourceSummary, outcome: OutcomeKind): void {
    summary.failed[outcome] = (summary.failed[outcome] ?? 0) + 1;
  }

  private finish(): CrawlSummary {
    const sources = [...this.summaries.values()];
    const totals = emptyCounts();
    for (const s of sources) {
      totals.polls += s.polls;
      totals.notModified += s.notModified;
      totals.seen += s.seen;
      totals.offTopic += s.offTopic;
      totals.queued += s.queued;
      totals.fetched += s.fetched;
      totals.new += s.new;
      totals.duplicate += s.duplicate;
      totals.skipped += s.skipped;
      for (const [reason, n] of Object.entries(s.failed))
        totals.failed[reason] = (totals.failed[reason] ?? 0) + n;
    }
    return {
      runId: this.opts.runId,
      startedAt: this.startedAt,
      finishedAt: this.now(),
      interrupted: this.aborted,
      sources,
      totals,
    };
  }
}

function emptyCounts(): Omit<SourceSummary, "sourceId"> {
  return {
    polls: 0,
    notModified: 0,
    seen: 0,
    offTopic: 0,
    queued: 0,
    fetched: 0,
    new: 0,
    duplicate: 0,
    skipped: 0,
    failed: {},
  };
}

function countFailures(summary: SourceSummary): number {
  let n = 0;
  for (const v of Object.values(summary.failed)) n += v;
  return n;
}

function header(headers: Record<string, string>, name: string): string | null {
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === name) return value;
  return null;
}

function failureDetail(result: FetchResult): string {
  if (result.detail) return result.detail;
  if (result.raw) return `HTTP ${result.raw.status}`;
  return result.outcome;
}

/** Rows for the run's summary table: one per source, then the totals. */
export function crawlSummaryRows(summary: CrawlSummary): Array<Record<string, string | number>> {
  const row = (id: string, s: Omit<SourceSummary, "sourceId">) => ({
    source: id,
    polls: s.polls,
    queued: s.queued,
    fetched: s.fetched,
    new: s.new,
    duplicate: s.duplicate,
    skipped: s.skipped,
    failed: Object.entries(s.failed)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([reason, n]) => `${reason}=${n}`)
      .join(" "),
  });
  return [...summary.sources.map((s) => row(s.sourceId, s)), row("total", summary.totals)];
}
