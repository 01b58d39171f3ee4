/**
 * Benchmark of the analyst views at crawl scale (issue 5): a generated DB of N articles and M comments, each
 * scored, then the warm query time of `sentiment_vs_price` and `weekly_summary`.
 *
 * Rows are generated set-based inside DuckDB (range() plus hash() of the row number as a seeded random: the
 * same DB on every run and on every thread count), because appending 10 M rows from JavaScript would take
 * longer than the thing measured.
 */
import { mkdirSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import { Store } from "../store/db.js";
import { loadBundledPrices, refreshSentimentDaily } from "../store/prices.js";

export interface ViewBenchOptions {
  articles: number;
  comments: number;
  dir: string;
}

export interface ViewBenchResult {
  sentimentVsPriceMs: number;
  weeklySummaryMs: number;
  dbBytes: number;
  /** Time to generate and score the rows (not a target; reported so a slow machine is visible). */
  generateMs: number;
  /** Time to rebuild the daily aggregate the views read (paid once per analyze, not per query). */
  refreshMs: number;
  rows: { sentimentVsPrice: number; weeklySummary: number };
}

/** The sample's window, so generated news lands on the bundled price days (2022-09-01 .. 2022-12-29). */
const WINDOW_START = "2022-09-01 00:00:00+00";
const WINDOW_SECONDS = 120 * 86_400;
/** Warm runs averaged after one discarded cold run: DuckDB's first read of a file pays for I/O and caches. */
const WARM_RUNS = 3;
const ANALYZER = "bench-1";

export async function benchViews(opts: ViewBenchOptions): Promise<ViewBenchResult> {
  mkdirSync(opts.dir, { recursive: true });
  const dbPath = path.join(opts.dir, "bench-views.duckdb");
  rmSync(dbPath, { force: true });
  rmSync(`${dbPath}.wal`, { force: true });
  const store = await Store.open(dbPath);
  try {
    const t0 = performance.now();
    await loadBundledPrices(store);
    await generate(store, opts.articles, opts.comments);
    await store.run("CHECKPOINT");
    const generateMs = performance.now() - t0;
    const t1 = performance.now();
    await refreshSentimentDaily(store);
    const refreshMs = performance.now() - t1;
    const svp = await timeQuery(store, "SELECT * FROM sentiment_vs_price");
    const weekly = await timeQuery(store, "SELECT * FROM weekly_summary");
    return {
      sentimentVsPriceMs: svp.ms,
      weeklySummaryMs: weekly.ms,
      dbBytes: statSync(dbPath).size,
      generateMs,
      refreshMs,
      rows: { sentimentVsPrice: svp.rows, weeklySummary: weekly.rows },
    };
  } finally {
    store.close();
  }
}

async function timeQuery(store: Store, sql: string): Promise<{ ms: number; rows: number }> {
  let rows = (await store.all(sql)).length;
  let total = 0;
  for (let i = 0; i < WARM_RUNS; i++) {
    const t = performance.now();
    rows = (await store.all(sql)).length;
    total += performance.now() - t;
  }
  return { ms: total / WARM_RUNS, rows };
}

/** hash(i, salt) as a uniform number in [0, 1): a seeded, order-independent random per row. */
const rnd = (i: string, salt: number) => `((hash(${i}, ${salt}) % 1000003) / 1000003.0)`;

async function generate(store: Store, articles: number, comments: number): Promise<void> {
  await store.setMeta("analyzer_version", ANALYZER);
  await store.run(
    `INSERT INTO documents (doc_id, url, canonical_url, source_id, outlet, title, body, n_paragraphs, published_at,
                            fetched_at, method, duplicate_of)
     SELECT 'd' || i, 'https://example.org/a/' || i, 'https://example.org/a/' || i, 'bench', 'outlet' || (i % 40),
            'title ' || i, 'body', 1,
            TIMESTAMPTZ '${WINDOW_START}' + to_seconds(CAST(${rnd("i", 1)} * ${WINDOW_SECONDS} AS BIGINT)),
            TIMESTAMPTZ '${WINDOW_START}', 'paragraphs',
            -- one article in twenty is a wire copy of the one before it
            CASE WHEN i % 20 = 19 THEN 'd' || (i - 1) END
     FROM range(${articles}) t(i)`,
  );
  await store.run(
    `INSERT INTO comments (comment_id, doc_id, source, contents, written_at, fetched_at, is_deleted)
     SELECT 'naver:' || i, 'd' || (i % ${articles}), 'naver', 'c',
            TIMESTAMPTZ '${WINDOW_START}' + to_seconds(CAST(${rnd("i", 2)} * ${WINDOW_SECONDS} AS BIGINT)),
            TIMESTAMPTZ '${WINDOW_START}', i % 50 = 0
     FROM range(${comments}) t(i)`,
  );
  const scores = (kind: string, idExpr: string, n: number, salt: number) =>
    `INSERT INTO scores (item_id, item_kind, analyzer_version, compound, label, pos, neu, neg, scored_at)
     SELECT ${idExpr}, '${kind}', '${ANALYZER}', compound,
            CASE WHEN compound <= -0.05 THEN 'neg' WHEN compound >= 0.05 THEN 'pos' ELSE 'neu' END,
            greatest(compound, 0), 1 - abs(compound), greatest(-compound, 0), TIMESTAMPTZ '${WINDOW_START}'
     FROM (SELECT i, ${rnd("i", salt)} * 2 - 1.2 AS compound FROM range(${n}) t(i))`;
  await store.run(scores("document", "'d' || i", articles, 3));
  await store.run(scores("comment", "'naver:' || i", comments, 4));
}
