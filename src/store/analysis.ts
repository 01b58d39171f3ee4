/**
 * What `yeoron analyze` does: scores every document and comment that has no score from the current analyzer version,
 * on a pool of worker threads (both cores), and stores sentences, scores and statement mentions. Idempotent
 * per analyzer version: a second run finds nothing to do; a killed run resumes with what is left.
 */
import { analyzerVersion } from "../nlp/analyzer.js";
import { createAnalyzerPool } from "../nlp/pool.js";
import { loadStatements } from "../nlp/statements.js";
import type { AnalysisItem, AnalysisResult } from "../nlp/worker-protocol.js";
import { createProgress } from "../shared/progress.js";
import type { SentimentScore, StatementMention } from "../shared/types.js";
import type { Row, Store } from "./db.js";
import { refreshSentimentDaily } from "./prices.js";

export interface AnalyzeLog {
  info(obj: object, msg: string): void;
}

export interface AnalyzeSummary {
  analyzerVersion: string;
  documents: number;
  comments: number;
  sentences: number;
  mentions: number;
  interrupted: boolean;
}

/**
 * Items read from DuckDB per round; each round is split across the workers. Every round costs one read with
 * an anti-join against the scores and one write transaction whatever its size (about 45 ms and 60 ms on 50k
 * comments), CPU the workers then lack: 5000 instead of 2000 took DuckDB's share of analysing the 50k NSMC
 * test reviews from about 3.4 s to 2 s.
 */
const ROUND_ITEMS = 5000;
/**
 * Rounds sent to the workers before the oldest is awaited and written: two keep the workers' queue full while
 * the main thread reads the next round and writes the last one.
 */
const ROUNDS_IN_FLIGHT = 2;

interface Pending {
  item: AnalysisItem;
  docId: string;
  at: Date | null;
}

export async function analyzeNew(
  store: Store,
  opts: {
    signal?: AbortSignal;
    workers?: number;
    mode?: "hybrid" | "lexicon";
    log?: AnalyzeLog;
    progress?: boolean;
  } = {},
): Promise<AnalyzeSummary> {
  const version = analyzerVersion(opts.mode);
  const summary: AnalyzeSummary = {
    analyzerVersion: version,
    documents: 0,
    comments: 0,
    sentences: 0,
    mentions: 0,
    interrupted: false,
  };
  // Workers load kuromoji-ko and the model (about 1.5 s each); starting them first overlaps that with the
  // statements upsert, the count and the first read. When nothing is pending they are closed unused.
  const pool = createAnalyzerPool({ workers: opts.workers, mode: opts.mode });
  let progress: ReturnType<typeof createProgress> | null = null;
  try {
    await store.upsert(
      "statements",
      ["statement_id"],
      loadStatements().map((s) => ({
        statement_id: s.id,
        speaker: s.speaker,
        said_on: s.date,
        text: s.original,
        description: null,
      })),
      "update",
    );
    const total = await countPending(store, version);
    if (total === 0) {
      await store.setMeta("analyzer_version", version);
      return summary;
    }
    opts.log?.info({ items: total, analyzerVersion: version }, "analyzing");
    const bar = createProgress("analyze", total, { enabled: opts.progress });
    progress = bar;
    // A pipeline: while the workers analyse one round, the next is read and the previous one written, so the
    // workers never wait for DuckDB. Rounds are written in the order they were read, one transaction each.
    const inFlight: Array<{ byId: Map<string, Pending>; results: Promise<AnalysisResult[]> }> = [];
    const writeOldest = async () => {
      const oldest = inFlight.shift();
      if (oldest) await writeResults(store, version, await oldest.results, oldest.byId, summary);
    };
    for (const kind of ["document", "comment"] as const) {
      let after = "";
      for (;;) {
        if (opts.signal?.aborted) {
          summary.interrupted = true;
          break;
        }
        const round = await readPending(store, kind, version, after);
        if (round.length === 0) break;
        after = round[round.length - 1]!.item.id;
        const results = pool.analyzeAll(
          round.map((p) => p.item),
          (n) => bar.tick(n),
        );
        // An unobserved rejection would crash the process before writeOldest gets to it.
        results.catch(() => {});
        inFlight.push({ byId: new Map(round.map((p) => [p.item.id, p])), results });
        while (inFlight.length > ROUNDS_IN_FLIGHT) await writeOldest();
      }
      if (summary.interrupted) break;
    }
    // Everything is sent: the workers can go as soon as the last results are in, while those are written.
    // (A failure to terminate surfaces from the close in `finally`, which returns the same promise.)
    void Promise.allSettled(inFlight.map((f) => f.results))
      .then(() => pool.close())
      .catch(() => {});
    // Documents and comments alike: whatever was sent is written, also when interrupted.
    while (inFlight.length > 0) await writeOldest();
  } finally {
    progress?.stop();
    await pool.close();
  }
  await store.setMeta("analyzer_version", version);
  await refreshSentimentDaily(store);
  return summary;
}

async function countPending(store: Store, version: string): Promise<number> {
  const r = await store.one<{ n: bigint }>(
    `SELECT (SELECT count(*) FROM documents d WHERE NOT EXISTS
              (SELECT 1 FROM scores s WHERE s.item_id = d.doc_id AND s.analyzer_version = $1))
          + (SELECT count(*) FROM comments c WHERE NOT c.is_deleted AND c.contents <> '' AND NOT EXISTS
              (SELECT 1 FROM scores s WHERE s.item_id = c.comment_id AND s.analyzer_version = $1)) AS n`,
    [version],
  );
  return Number(r?.n ?? 0);
}

async function readPending(
  store: Store,
  kind: "document" | "comment",
  version: string,
  after: string,
): Promise<Pending[]> {
  if (kind === "document") {
    const rows = await store.all<{
      doc_id: string;
      title: string;
      subtitle: string | null;
      body: string;
      published_at: Date | null;
    }>(
      `SELECT doc_id, title, subtitle, body, published_at FROM documents d
       WHERE d.doc_id > $2 AND NOT EXISTS (SELECT 1 FROM scores s WHERE s.item_id = d.doc_id AND s.analyzer_version = $1)
       ORDER BY doc_id LIMIT ${ROUND_ITEMS}`,
      [version, after],
    );
    return rows.map((r) => ({
      item: { kind, id: r.doc_id, text: [r.title, r.subtitle, r.body].filter(Boolean).join("\n\n") },
      docId: r.doc_id,
      at: r.published_at ? new Date(r.published_at) : null,
    }));
  }
  const rows = await store.all<{ comment_id: string; doc_id: string; contents: string; written_at: Date }>(
    `SELECT comment_id, doc_id, contents, written_at FROM comments c
     WHERE c.comment_id > $2 AND NOT c.is_deleted AND c.contents <> ''
       AND NOT EXISTS (SELECT 1 FROM scores s WHERE s.item_id = c.comment_id AND s.analyzer_version = $1)
     ORDER BY comment_id LIMIT ${ROUND_ITEMS}`,
    [version, after],
  );
  return rows.map((r) => ({
    item: { kind, id: r.comment_id, text: r.contents },
    docId: r.doc_id,
    at: new Date(r.written_at),
  }));
}

function scoreRow(
  itemId: string,
  itemKind: string,
  version: string,
  s: SentimentScore,
  extra: { lexicon?: number | null; model?: number | null },
  now: Date,
): Row {
  return {
    item_id: itemId,
    item_kind: itemKind,
    analyzer_version: version,
    compound: s.compound,
    label: s.label,
    pos: s.pos,
    neu: s.neu,
    neg: s.neg,
    lexicon_compound: extra.lexicon ?? null,
    model_prob: extra.model ?? null,
    terms: JSON.stringify(s.terms),
    scored_at: now,
  };
}

function mentionRows(
  itemId: string,
  itemKind: string,
  version: string,
  docId: string,
  compound: number,
  at: Date | null,
  mentions: StatementMention[],
): Row[] {
  return mentions.map((m) => ({
    item_id: itemId,
    statement_id: m.statementId,
    analyzer_version: version,
    item_kind: itemKind,
    doc_id: docId,
    role: m.role,
    stance: m.stance,
    compound,
    published_at: at,
  }));
}

async function writeResults(
  store: Store,
  version: string,
  results: AnalysisResult[],
  byId: Map<string, Pending>,
  summary: AnalyzeSummary,
): Promise<void> {
  const now = new Date();
  const scores: Row[] = [];
  const sentences: Row[] = [];
  const mentions: Row[] = [];
  for (const r of results) {
    const p = byId.get(r.id);
    if (!p) continue;
    scores.push(
      scoreRow(r.id, r.kind, version, r.score, { lexicon: r.lexiconCompound, model: r.modelProb }, now),
    );
    if (r.kind === "document") {
      summary.documents++;
      r.sentences.forEach((s, idx) => {
        const sid = `${r.id}#${idx}`;
        sentences.push({
          sentence_id: sid,
          item_id: r.id,
          item_kind: "document",
          idx,
          text: s.text,
          speaker: s.speaker,
          is_quote: s.isQuote,
        });
        scores.push(scoreRow(sid, "sentence", version, s.score, {}, now));
        mentions.push(
          ...mentionRows(sid, "sentence", version, p.docId, s.score.compound, p.at, s.statements),
        );
      });
      summary.sentences += r.sentences.length;
    } else {
      summary.comments++;
      mentions.push(...mentionRows(r.id, "comment", version, p.docId, r.score.compound, p.at, r.statements));
    }
  }
  summary.mentions += mentions.length;
  // One transaction per round: a kill leaves a round either fully scored or not at all.
  await store.transaction(async () => {
    // Sentences are re-derived by each analyzer version; the latest split wins.
    await store.upsert("sentences", ["sentence_id"], sentences, "update");
    await store.upsert(
      "statement_mentions",
      ["item_id", "statement_id", "analyzer_version"],
      mentions,
      "update",
    );
    // Scores last: they mark the item done for this version.
    await store.upsert("scores", ["item_id", "analyzer_version"], scores, "update");
  });
}
