/** Messages between `yeoron analyze` and its worker threads. Plain data: structured-clone safe. */
import type { SentimentScore, StatementMention } from "../shared/types.js";

export interface AnalysisItem {
  kind: "document" | "comment";
  id: string;
  /** For documents: title, then body paragraphs separated by blank lines. */
  text: string;
}

export interface ScoredSentence {
  text: string;
  speaker: string | null;
  isQuote: boolean;
  score: SentimentScore;
  statements: StatementMention[];
}

export interface AnalysisResult {
  kind: "document" | "comment";
  id: string;
  score: SentimentScore;
  lexiconCompound: number;
  modelProb: number | null;
  /** Documents only (comments are scored whole). */
  sentences: ScoredSentence[];
  /** Comments only: mentions found in the comment (documents carry theirs per sentence). */
  statements: StatementMention[];
}

export interface WorkerRequest {
  id: number;
  items: AnalysisItem[];
}

export interface WorkerResponse {
  id: number;
  results?: AnalysisResult[];
  error?: string;
}
