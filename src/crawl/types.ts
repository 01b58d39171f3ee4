/**
 * Contracts inside the crawl stage. The fetcher (politeness, retries, charset) and the crawl runner
 * (frontier, feeds, comments) meet here; the runner reaches DuckDB only through `CrawlStore`, which
 * `src/store/` implements (crawl must not import store: stages import only earlier stages).
 */
import type { FetchKind, NewsComment, Outcome, OutcomeKind, RawFetch } from "../shared/types.js";

export interface FetchRequest {
  url: string;
  kind: FetchKind;
  sourceId: string;
  headers?: Record<string, string>;
  /** Conditional GET validators from the last poll. */
  etag?: string | null;
  lastModified?: string | null;
}

export interface FetchResult {
  /** One outcome for this request: ok, not-modified, robots-disallowed, http-429, timeout, too-large, … */
  outcome: OutcomeKind;
  /** The stored response (absent when nothing was received: robots-disallowed, timeout, network-error). */
  raw?: RawFetch;
  /** Body decoded to text (charset from header → BOM → meta prescan) when status is 2xx. */
  text?: string;
  /** The charset that decoded `text`. */
  charset?: string;
  /** Human-readable reason for a failure. */
  detail?: string;
  /** How many tries it took (1 = no retry). */
  tries: number;
}

/** Answers one HTTP request. Live: undici. Replay: a recorded archive (docs/formats.md). */
export interface Transport {
  request(
    url: string,
    init: { headers: Record<string, string>; signal: AbortSignal; maxBodyBytes: number },
  ): Promise<TransportResponse>;
  /** Releases sockets or files; `Fetcher.close()` calls it. */
  close?(): Promise<void>;
}

export interface TransportResponse {
  status: number;
  headers: Record<string, string>;
  /** Throws `BodyTooLargeError` past maxBodyBytes. */
  body(): Promise<Uint8Array>;
}

export interface Fetcher {
  /** Stores every response it receives (each redirect hop included) as raw before returning; callers never re-store `raw`. */
  fetch(req: FetchRequest): Promise<FetchResult>;
  /** Wait for in-flight requests, release sockets. */
  close(): Promise<void>;
}

/** A feed or search item worth following. */
export interface DiscoveredItem {
  url: string;
  title: string;
  description?: string;
  publishedAt?: Date | null;
  sourceId: string;
}

export interface FrontierEntry {
  urlKey: string;
  url: string;
  sourceId: string;
  kind: "article";
  tries: number;
  hint: { title?: string; publishedAt?: string | null } | null;
}

export interface FeedPollState {
  etag: string | null;
  lastModified: string | null;
  failures: number;
  nextPollAt: Date | null;
}

export interface CommentCursor {
  docId: string;
  objectId: string;
  articleUrl: string;
  nextPage: number;
  totalPages: number | null;
  done: boolean;
}

/** What the crawl runner needs from storage. Every write is idempotent (keys as in DESIGN §1). */
export interface CrawlStore {
  saveRaw(raw: RawFetch): Promise<void>;
  /**
   * A 2xx article response to `url` that an earlier run stored before a kill stopped it from marking the entry
   * done; the runner reuses it instead of fetching the page again. Optional: without it, the page is refetched.
   */
  storedResponse?(url: string): Promise<FetchResult | null>;
  recordOutcome(o: Outcome): Promise<void>;
  /** Adds entries not yet known (by urlKey); returns how many were new. */
  enqueue(entries: Omit<FrontierEntry, "tries">[]): Promise<number>;
  /** Queued entries, oldest first. */
  pending(limit: number): Promise<FrontierEntry[]>;
  markDone(urlKey: string, outcome: OutcomeKind): Promise<void>;
  markFailed(urlKey: string, outcome: OutcomeKind, giveUp: boolean): Promise<void>;
  getFeedState(sourceId: string, url: string): Promise<FeedPollState | null>;
  setFeedState(
    sourceId: string,
    url: string,
    state: FeedPollState & { status: number | null; error: string | null },
  ): Promise<void>;
  getCommentCursor(docId: string): Promise<CommentCursor | null>;
  pendingCommentCursors(limit: number): Promise<CommentCursor[]>;
  /**
   * Stores a page of comments and advances the cursor in one transaction, so a kill loses nothing. `cursor` is
   * the state AFTER this page (nextPage already advanced, done set on the last page): write it as given.
   */
  saveCommentPage(cursor: CommentCursor, comments: NewsComment[], fetchedAt: Date): Promise<void>;
  upsertCommentCursor(cursor: CommentCursor): Promise<void>;
}
