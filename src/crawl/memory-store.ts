/**
 * An in-memory `CrawlStore` with the same semantics as the DuckDB one (idempotent writes keyed as in
 * DESIGN §1, one atomic write per comment page). For tests and dry runs; everything is lost on exit.
 */
import type { NewsComment, Outcome, OutcomeKind, RawFetch } from "../shared/types.js";
import type { CommentCursor, CrawlStore, FeedPollState, FrontierEntry } from "./types.js";

export interface MemoryFrontierRow extends FrontierEntry {
  state: "queued" | "done" | "failed";
  lastOutcome: OutcomeKind | null;
  /** Insertion order: `pending` returns the oldest first, as the DuckDB store orders by discovered_at. */
  seq: number;
}

export type MemoryFeedState = FeedPollState & { status: number | null; error: string | null };

export class MemoryCrawlStore implements CrawlStore {
  readonly raws = new Map<string, RawFetch>();
  /** Keyed `${runId}\n${stage}\n${itemKey}`: a later outcome for the same item in the same run replaces it. */
  readonly outcomes = new Map<string, Outcome>();
  readonly frontier = new Map<string, MemoryFrontierRow>();
  readonly feedStates = new Map<string, MemoryFeedState>();
  readonly cursors = new Map<string, CommentCursor>();
  readonly comments = new Map<string, NewsComment & { fetchedAt: Date }>();
  private seq = 0;

  async saveRaw(raw: RawFetch): Promise<void> {
    if (!this.raws.has(raw.fetchId)) this.raws.set(raw.fetchId, raw);
  }

  async recordOutcome(o: Outcome): Promise<void> {
    this.outcomes.set(`${o.runId}\n${o.stage}\n${o.itemKey}`, { ...o });
  }

  async enqueue(entries: Omit<FrontierEntry, "tries">[]): Promise<number> {
    let added = 0;
    for (const entry of entries) {
      if (this.frontier.has(entry.urlKey)) continue;
      this.frontier.set(entry.urlKey, {
        ...entry,
        tries: 0,
        state: "queued",
        lastOutcome: null,
        seq: this.seq++,
      });
      added++;
    }
    return added;
  }

  async pending(limit: number): Promise<FrontierEntry[]> {
    return [...this.frontier.values()]
      .filter((row) => row.state === "queued")
      .sort((a, b) => a.seq - b.seq)
      .slice(0, limit)
      .map(({ urlKey, url, sourceId, kind, tries, hint }) => ({ urlKey, url, sourceId, kind, tries, hint }));
  }

  async markDone(urlKey: string, outcome: OutcomeKind): Promise<void> {
    const row = this.frontier.get(urlKey);
    if (!row) return;
    row.state = "done";
    row.tries += 1;
    row.lastOutcome = outcome;
  }

  async markFailed(urlKey: string, outcome: OutcomeKind, giveUp: boolean): Promise<void> {
    const row = this.frontier.get(urlKey);
    if (!row) return;
    row.state = giveUp ? "failed" : "queued";
    row.tries += 1;
    row.lastOutcome = outcome;
  }

  async getFeedState(sourceId: string, url: string): Promise<FeedPollState | null> {
    const state = this.feedStates.get(`${sourceId}\n${url}`);
    if (!state) return null;
    return {
      etag: state.etag,
      lastModified: state.lastModified,
      failures: state.failures,
      nextPollAt: state.nextPollAt,
    };
  }

  async setFeedState(sourceId: string, url: string, state: MemoryFeedState): Promise<void> {
    this.feedStates.set(`${sourceId}\n${url}`, { ...state });
  }

  async getCommentCursor(docId: string): Promise<CommentCursor | null> {
    const cursor = this.cursors.get(docId);
    return cursor ? { ...cursor } : null;
  }

  async pendingCommentCursors(limit: number): Promise<CommentCursor[]> {
    return [...this.cursors.values()]
      .filter((c) => !c.done)
      .slice(0, limit)
      .map((c) => ({ ...c }));
  }

  async saveCommentPage(cursor: CommentCursor, comments: NewsComment[], fetchedAt: Date): Promise<void> {
    // Both writes happen after every check, with nothing that can throw in between: the in-memory
    // equivalent of one transaction.
    for (const comment of comments) this.comments.set(comment.commentId, { ...comment, fetchedAt });
    this.cursors.set(cursor.docId, { ...cursor });
  }

  async upsertCommentCursor(cursor: CommentCursor): Promise<void> {
    this.cursors.set(cursor.docId, { ...cursor });
  }

  /** Outcomes of one run and stage, for assertions and summaries. */
  outcomesOf(runId: string, stage?: Outcome["stage"]): Outcome[] {
    return [...this.outcomes.values()].filter((o) => o.runId === runId && (!stage || o.stage === stage));
  }
}
