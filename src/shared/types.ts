/**
 * Types shared by every stage. A stage imports only earlier stages and this folder.
 * Times are JavaScript Dates (UTC instants); they are shown in KST only at the edges (report, CLI).
 */

/** What a fetch was for: decides which parser reads the raw bytes later. */
export type FetchKind = "robots" | "feed" | "search" | "article" | "comments" | "prices";

/** One HTTP response exactly as received, stored before anything parses it (DESIGN §1 "raw first"). */
export interface RawFetch {
  /** sha256 hex of `${kind}\n${url}\n${fetchedAt.toISOString()}`. */
  fetchId: string;
  runId: string;
  sourceId: string;
  kind: FetchKind;
  url: string;
  finalUrl: string;
  status: number;
  headers: Record<string, string>;
  body: Uint8Array;
  fetchedAt: Date;
  elapsedMs: number;
}

/** One outcome per item per stage (STYLE: Media Cloud `incr_stories`). */
export type OutcomeKind =
  | "ok"
  | "not-modified"
  | "robots-disallowed"
  | "http-429"
  | "http-4xx"
  | "http-5xx"
  | "timeout"
  | "too-large"
  | "network-error"
  | "redirect-loop"
  | "parse-error"
  | "duplicate"
  | "not-article"
  | "off-topic"
  | "skipped";

export interface Outcome {
  runId: string;
  stage: "crawl" | "extract" | "comments" | "analyze" | "prices" | "report";
  itemKey: string;
  sourceId: string;
  outcome: OutcomeKind;
  detail?: string;
  at: Date;
}

/** How a document's fields were found. */
export type ExtractionMethod = "naver" | "daum" | "hankyung" | "yonhap" | "readability" | "paragraphs";

/** A cleaned news article. */
export interface ArticleDocument {
  /** sha256 hex of the normalized URL. */
  docId: string;
  url: string;
  canonicalUrl: string;
  outlet: string;
  title: string;
  subtitle: string | null;
  paragraphs: string[];
  publishedAt: Date | null;
  modifiedAt: Date | null;
  reporters: string[];
  emails: string[];
  section: string | null;
  method: ExtractionMethod;
}

/** A comment under an article (Naver comment API today). */
export interface NewsComment {
  /** `${source}:${sourceCommentId}` — the source's own id, so re-fetching never duplicates. */
  commentId: string;
  docId: string;
  source: "naver" | "daum";
  parentId: string | null;
  replyLevel: number;
  contents: string;
  /** Masked name exactly as the site shows it (e.g. `nabo****`). */
  userName: string | null;
  /** Salted sha256 of the site's user id; the raw id is never stored. */
  userHash: string | null;
  writtenAt: Date;
  modifiedAt: Date | null;
  sympathy: number;
  antipathy: number;
  replyCount: number;
  isBest: boolean;
  isDeleted: boolean;
  isHidden: boolean;
}

export type SentimentLabel = "neg" | "neu" | "pos";

export interface TermContribution {
  term: string;
  tag: string;
  valence: number;
  /** What the rules did to it, for a reader: "negated by 안", "boosted by 너무", "after contrast 지만" … */
  rule?: string;
  /**
   * How many negations reversed it (안/못 before it, -지 않다 after it, 없다 after a noun, a negating prefix …);
   * absent when none. Code that asks whether a term was negated reads this, not the rule text.
   */
  negations?: number;
}

export interface SentimentScore {
  compound: number;
  label: SentimentLabel;
  pos: number;
  neu: number;
  neg: number;
  terms: TermContribution[];
  /**
   * Which structural rules fired (bits, src/nlp/score.ts *_EVIDENCE): set by the lexicon scorer and carried
   * by the hybrid; the blend weighs the rules' reading by them. Absent means none.
   */
  evidence?: number;
}

export type Stance = "against" | "support" | "neutral";

export interface StatementMention {
  statementId: string;
  role: "statement" | "reaction";
  stance: Stance;
}

/** One trading day of one ticker. */
export interface PriceBar {
  ticker: string;
  /** Trading day, `YYYY-MM-DD` in Asia/Seoul. */
  day: string;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  source: string;
}
