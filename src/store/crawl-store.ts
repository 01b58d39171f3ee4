/**
 * The DuckDB side of the crawl: `CrawlStore` (src/crawl/types.ts) over the frontier, feed state, comment
 * cursors, raw fetches and outcomes, plus the document writer the CLI calls after extraction.
 *
 * Every write is keyed (DESIGN §1) and goes through `Store.upsert`, so a re-run or a run resumed after
 * `kill -9` writes each document and comment exactly once. A comment page and its cursor move together in
 * one transaction: a kill either keeps both or neither.
 */
import { decodeBody } from "../crawl/charset.js";
import type { CommentCursor, CrawlStore, FeedPollState, FetchResult, FrontierEntry } from "../crawl/types.js";
import type { ArticleDocument, NewsComment, Outcome, OutcomeKind, RawFetch } from "../shared/types.js";
import type { Row, Store } from "./db.js";

export function rawRow(raw: RawFetch): Row {
  return {
    fetch_id: raw.fetchId,
    run_id: raw.runId,
    source_id: raw.sourceId,
    kind: raw.kind,
    url: raw.url,
    final_url: raw.finalUrl,
    status: raw.status,
    headers: JSON.stringify(raw.headers),
    body: raw.body,
    fetched_at: raw.fetchedAt,
    elapsed_ms: Math.round(raw.elapsedMs),
  };
}

/** A `raw_fetches` row as DuckDB returns it. */
export interface RawFetchRow {
  fetch_id: string;
  run_id: string;
  source_id: string;
  kind: string;
  url: string;
  final_url: string;
  status: number;
  headers: string;
  body: Uint8Array | null;
  fetched_at: Date;
  elapsed_ms: number | null;
}

export function rawFromRow(r: RawFetchRow): RawFetch {
  return {
    fetchId: r.fetch_id,
    runId: r.run_id,
    sourceId: r.source_id,
    kind: r.kind as RawFetch["kind"],
    url: r.url,
    finalUrl: r.final_url,
    status: r.status,
    headers: JSON.parse(r.headers) as Record<string, string>,
    body: r.body ?? new Uint8Array(),
    fetchedAt: new Date(r.fetched_at),
    elapsedMs: r.elapsed_ms ?? 0,
  };
}

export function outcomeRow(o: Outcome): Row {
  return {
    run_id: o.runId,
    stage: o.stage,
    item_key: o.itemKey,
    source_id: o.sourceId,
    outcome: o.outcome,
    detail: o.detail ?? null,
    recorded_at: o.at,
  };
}

export function commentRow(c: NewsComment, fetchedAt: Date): Row {
  return {
    comment_id: c.commentId,
    doc_id: c.docId,
    source: c.source,
    parent_id: c.parentId,
    reply_level: c.replyLevel,
    contents: c.contents,
    user_name: c.userName,
    user_hash: c.userHash,
    written_at: c.writtenAt,
    modified_at: c.modifiedAt,
    sympathy: c.sympathy,
    antipathy: c.antipathy,
    reply_count: c.replyCount,
    is_best: c.isBest,
    is_deleted: c.isDeleted,
    is_hidden: c.isHidden,
    fetched_at: fetchedAt,
  };
}

export interface StoredDocument {
  doc: ArticleDocument;
  sourceId: string;
  fetchedAt: Date;
  rawFetchId: string | null;
  simhash: bigint | null;
  duplicateOf: string | null;
  duplicateReason: string | null;
}

export function documentRow(d: StoredDocument): Row {
  return {
    doc_id: d.doc.docId,
    url: d.doc.url,
    canonical_url: d.doc.canonicalUrl,
    source_id: d.sourceId,
    outlet: d.doc.outlet,
    title: d.doc.title,
    subtitle: d.doc.subtitle,
    body: d.doc.paragraphs.join("\n\n"),
    n_paragraphs: d.doc.paragraphs.length,
    published_at: d.doc.publishedAt,
    modified_at: d.doc.modifiedAt,
    fetched_at: d.fetchedAt,
    reporters: d.doc.reporters,
    emails: d.doc.emails,
    section: d.doc.section,
    method: d.doc.method,
    simhash: d.simhash,
    duplicate_of: d.duplicateOf,
    duplicate_reason: d.duplicateReason,
    raw_fetch_id: d.rawFetchId,
  };
}

/** Documents are re-written by `reprocess` (a better extractor replaces the old fields), hence "update". */
export async function saveDocuments(store: Store, docs: StoredDocument[]): Promise<void> {
  await store.upsertDeferred("documents", ["doc_id"], docs.map(documentRow), "update");
}

export class DuckCrawlStore implements CrawlStore {
  constructor(private readonly store: Store) {}

  async saveRaw(raw: RawFetch): Promise<void> {
    await this.store.upsertDeferred("raw_fetches", ["fetch_id"], [rawRow(raw)]);
  }

  /** Queued URLs that already have a stored 2xx article response, loaded once per crawl (one join, not a query per page). */
  private storedUrls: Promise<Set<string>> | null = null;

  async storedResponse(url: string): Promise<FetchResult | null> {
    this.storedUrls ??= this.store
      .all<{ url: string }>(
        `SELECT DISTINCT r.url FROM frontier f JOIN raw_fetches r ON r.url = f.url
         WHERE f.state = 'queued' AND r.kind = 'article' AND r.status BETWEEN 200 AND 299`,
      )
      .then((rows) => new Set(rows.map((r) => r.url)));
    if (!(await this.storedUrls).has(url)) return null;
    const r = await this.store.one<RawFetchRow>(
      `SELECT * FROM raw_fetches WHERE kind = 'article' AND url = $1 AND status BETWEEN 200 AND 299
       ORDER BY fetched_at DESC LIMIT 1`,
      [url],
    );
    if (!r) return null;
    const raw = rawFromRow(r);
    const { text, charset } = decodeBody(raw.body, raw.headers["content-type"] ?? null);
    return { outcome: "ok", raw, text, charset, tries: 0 };
  }

  async recordOutcome(o: Outcome): Promise<void> {
    await this.store.upsertDeferred("outcomes", ["run_id", "stage", "item_key"], [outcomeRow(o)], "update");
  }

  async enqueue(entries: Omit<FrontierEntry, "tries">[]): Promise<number> {
    if (entries.length === 0) return 0;
    const before = await this.count();
    const now = new Date();
    await this.store.upsert(
      "frontier",
      ["url_key"],
      entries.map((e) => ({
        url_key: e.urlKey,
        url: e.url,
        source_id: e.sourceId,
        kind: e.kind,
        state: "queued",
        tries: 0,
        last_outcome: null,
        discovered_at: now,
        updated_at: now,
        hint: e.hint ? JSON.stringify(e.hint) : null,
      })),
      "ignore",
    );
    return (await this.count()) - before;
  }

  private async count(): Promise<number> {
    const r = await this.store.one<{ n: bigint }>("SELECT count(*) AS n FROM frontier");
    return Number(r?.n ?? 0);
  }

  async pending(limit: number): Promise<FrontierEntry[]> {
    const rows = await this.store.all<{
      url_key: string;
      url: string;
      source_id: string;
      kind: string;
      tries: number;
      hint: string | null;
    }>(
      `SELECT url_key, url, source_id, kind, tries, hint FROM frontier
       WHERE state = 'queued' ORDER BY discovered_at, url_key LIMIT $1`,
      [limit],
    );
    return rows.map((r) => ({
      urlKey: r.url_key,
      url: r.url,
      sourceId: r.source_id,
      kind: "article",
      tries: r.tries,
      hint: r.hint ? JSON.parse(r.hint) : null,
    }));
  }

  async markDone(urlKey: string, outcome: OutcomeKind): Promise<void> {
    await this.store.run(
      "UPDATE frontier SET state = 'done', tries = tries + 1, last_outcome = $2, updated_at = now() WHERE url_key = $1",
      [urlKey, outcome],
    );
  }

  async markFailed(urlKey: string, outcome: OutcomeKind, giveUp: boolean): Promise<void> {
    await this.store.run(
      "UPDATE frontier SET state = $3, tries = tries + 1, last_outcome = $2, updated_at = now() WHERE url_key = $1",
      [urlKey, outcome, giveUp ? "failed" : "queued"],
    );
  }

  async getFeedState(sourceId: string, url: string): Promise<FeedPollState | null> {
    const r = await this.store.one<{
      etag: string | null;
      last_modified: string | null;
      failures: number;
      next_poll_at: Date | null;
    }>(
      "SELECT etag, last_modified, failures, next_poll_at FROM feed_state WHERE source_id = $1 AND url = $2",
      [sourceId, url],
    );
    if (!r) return null;
    return {
      etag: r.etag,
      lastModified: r.last_modified,
      failures: r.failures,
      nextPollAt: r.next_poll_at ? new Date(r.next_poll_at) : null,
    };
  }

  async setFeedState(
    sourceId: string,
    url: string,
    s: FeedPollState & { status: number | null; error: string | null },
  ): Promise<void> {
    await this.store.upsert(
      "feed_state",
      ["source_id", "url"],
      [
        {
          source_id: sourceId,
          url,
          etag: s.etag,
          last_modified: s.lastModified,
          last_polled_at: new Date(),
          last_status: s.status,
          failures: s.failures,
          next_poll_at: s.nextPollAt,
          last_error: s.error,
        },
      ],
      "update",
    );
  }

  private cursorFrom(r: {
    doc_id: string;
    object_id: string;
    article_url: string;
    next_page: number;
    total_pages: number | null;
    done: boolean;
  }): CommentCursor {
    return {
      docId: r.doc_id,
      objectId: r.object_id,
      articleUrl: r.article_url,
      nextPage: r.next_page,
      totalPages: r.total_pages,
      done: r.done,
    };
  }

  async getCommentCursor(docId: string): Promise<CommentCursor | null> {
    const r = await this.store.one<Parameters<DuckCrawlStore["cursorFrom"]>[0]>(
      "SELECT doc_id, object_id, article_url, next_page, total_pages, done FROM comment_cursor WHERE doc_id = $1",
      [docId],
    );
    return r ? this.cursorFrom(r) : null;
  }

  async pendingCommentCursors(limit: number): Promise<CommentCursor[]> {
    const rows = await this.store.all<Parameters<DuckCrawlStore["cursorFrom"]>[0]>(
      "SELECT doc_id, object_id, article_url, next_page, total_pages, done FROM comment_cursor WHERE NOT done ORDER BY updated_at, doc_id LIMIT $1",
      [limit],
    );
    return rows.map((r) => this.cursorFrom(r));
  }

  async saveCommentPage(cursor: CommentCursor, comments: NewsComment[], fetchedAt: Date): Promise<void> {
    await this.store.transaction(async () => {
      // Counts and flags change between fetches (likes, deletions): the newest fetch wins.
      await this.store.upsert(
        "comments",
        ["comment_id"],
        comments.map((c) => commentRow(c, fetchedAt)),
        "update",
      );
      await this.writeCursor(cursor, comments.length);
    });
  }

  async upsertCommentCursor(cursor: CommentCursor): Promise<void> {
    await this.writeCursor(cursor, 0);
  }

  private async writeCursor(c: CommentCursor, added: number): Promise<void> {
    await this.store.run(
      `INSERT INTO comment_cursor (doc_id, object_id, article_url, next_page, total_pages, done, fetched_count, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, now())
       ON CONFLICT (doc_id) DO UPDATE SET object_id = excluded.object_id, article_url = excluded.article_url,
         next_page = excluded.next_page, total_pages = excluded.total_pages, done = excluded.done,
         fetched_count = comment_cursor.fetched_count + excluded.fetched_count, updated_at = now()`,
      [c.docId, c.objectId, c.articleUrl, c.nextPage, c.totalPages, c.done, added],
    );
  }
}
