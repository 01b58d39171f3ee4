/**
 * Analyze benchmark (issue 4): `analyzeNew` over the 50,000 NSMC test reviews on two workers (docs/s, MB/s,
 * peak RSS), next to kuromoji-ko's bare single-thread tokenization of the same texts in the same run.
 * Needs ../shared/data (NSMC); says so when it is missing.
 */
import { rmSync } from "node:fs";
import path from "node:path";
import { MeCab } from "kuromoji-ko";
import { readNsmc, requireSharedData } from "../eval/datasets.js";
import { createAnalyzer } from "../nlp/analyzer.js";
import { installTokenizerShortcuts } from "../nlp/lattice.js";
import { decompressedDictionary, dictionaryPath } from "../nlp/morph.js";
import { createAnalyzerPool } from "../nlp/pool.js";
import { analyzeNew } from "../store/analysis.js";
import { Store } from "../store/db.js";

export interface AnalyzeBenchResult {
  docs: number;
  megabytes: number;
  bareSeconds: number;
  bareDocsPerSec: number;
  /**
   * A second stock pass over the same texts in the same process: it tells warm-up from the process's own
   * state. On this machine the first pass (the reference the target is set against) ran at either ~6.7k or
   * ~10k docs/s from one process to the next, and the second pass always matched it (6,649 / 6,805;
   * 10,112 / 10,367), while the linear-builder pass held at ~18k: the slow mode is stock kuromoji-ko's.
   */
  bareSecondPassDocsPerSec: number;
  /** The same loop with yeoron's linear lattice builder installed: the tokenizer yeoron's workers run. */
  linearSeconds: number;
  linearDocsPerSec: number;
  analyzeSeconds: number;
  analyzeDocsPerSec: number;
  analyzeMBPerSec: number;
  speedup: number;
  /**
   * The same texts through the worker pool alone (started inside the timing, results kept in memory): what
   * analyze costs without DuckDB's reads and writes.
   */
  poolSeconds: number;
  poolDocsPerSec: number;
  /**
   * One worker's share of the texts (the first 1/workers) analysed after the pool run, on this thread, by a
   * fresh analyzer (its own dictionary, empty word memory, cold JIT), as a worker meets them but with the
   * cores to itself: no DuckDB, no pool, no second worker. `workers` times its rate is the most the pool could
   * reach if nothing else ran, so it tells the analyzer's per-document work apart from what surrounds it.
   */
  shareDocs: number;
  shareSeconds: number;
  shareDocsPerSec: number;
  /** workers × shareDocsPerSec / bareDocsPerSec. */
  ceiling: number;
  peakRssMb: number;
  workers: number;
}

export async function benchAnalyze(opts: {
  dir: string;
  workers?: number;
  limit?: number;
}): Promise<AnalyzeBenchResult> {
  const data = requireSharedData();
  const texts = readNsmc(data, "test")
    .map((r) => r.text)
    .slice(0, opts.limit ?? Number.POSITIVE_INFINITY);
  const bytes = texts.reduce((n, t) => n + Buffer.byteLength(t, "utf8"), 0);
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 100);
  try {
    // Bare single-thread tokenization by stock kuromoji-ko: the reference the target is set against.
    const mecab = await MeCab.create({ engine: "ko", dictPath: dictionaryPath() });
    let t0 = performance.now();
    let tokens = 0;
    for (const t of texts) tokens += mecab.parse(t).length;
    const bareSeconds = (performance.now() - t0) / 1000;
    if (tokens === 0) throw new Error("tokenizer produced nothing");
    t0 = performance.now();
    for (const t of texts) mecab.parse(t);
    const bareSecondSeconds = (performance.now() - t0) / 1000;
    // Then the same tokenizer with the linear lattice builder yeoron installs: same tokens, less work.
    installTokenizerShortcuts(mecab);
    t0 = performance.now();
    let linearTokens = 0;
    for (const t of texts) linearTokens += mecab.parse(t).length;
    const linearSeconds = (performance.now() - t0) / 1000;
    if (linearTokens !== tokens)
      throw new Error(`linear builder gave ${linearTokens} tokens, stock ${tokens}`);

    const dbPath = path.join(opts.dir, "bench-analyze.duckdb");
    rmSync(dbPath, { force: true });
    rmSync(`${dbPath}.wal`, { force: true });
    const store = await Store.open(dbPath);
    const written = new Date("2022-10-20T00:00:00Z");
    await store.upsert(
      "comments",
      ["comment_id"],
      texts.map((t, i) => ({
        comment_id: `nsmc:${i}`,
        doc_id: "nsmc",
        source: "naver",
        contents: t,
        written_at: written,
        fetched_at: written,
      })),
    );
    const workers = opts.workers ?? 2;
    // The decompressed dictionary is written by the first analysis on a machine; time the steady state.
    decompressedDictionary();
    t0 = performance.now();
    const summary = await analyzeNew(store, { workers, progress: false });
    const analyzeSeconds = (performance.now() - t0) / 1000;
    // The peak reported is analyze's: the comparison runs below load analyzers of their own.
    const analyzePeak = Math.max(peak, process.memoryUsage().rss);
    store.close();
    const docs = summary.comments;

    t0 = performance.now();
    const pool = createAnalyzerPool({ workers });
    let pooled = 0;
    try {
      const items = texts.map((text, i) => ({ kind: "comment" as const, id: `nsmc:${i}`, text }));
      pooled = (await pool.analyzeAll(items)).length;
    } finally {
      await pool.close();
    }
    const poolSeconds = (performance.now() - t0) / 1000;

    const share = texts.slice(0, Math.ceil(texts.length / workers));
    const analyzer = await createAnalyzer({ mode: "hybrid" });
    t0 = performance.now();
    for (const t of share) analyzer.analyzeText(t, { sentences: false });
    const shareSeconds = (performance.now() - t0) / 1000;
    const bareDocsPerSec = texts.length / bareSeconds;
    return {
      docs,
      megabytes: bytes / 1e6,
      bareSeconds,
      bareDocsPerSec,
      bareSecondPassDocsPerSec: texts.length / bareSecondSeconds,
      linearSeconds,
      linearDocsPerSec: texts.length / linearSeconds,
      analyzeSeconds,
      analyzeDocsPerSec: docs / analyzeSeconds,
      analyzeMBPerSec: bytes / 1e6 / analyzeSeconds,
      speedup: docs / analyzeSeconds / bareDocsPerSec,
      poolSeconds,
      poolDocsPerSec: pooled / poolSeconds,
      shareDocs: share.length,
      shareSeconds,
      shareDocsPerSec: share.length / shareSeconds,
      ceiling: (workers * share.length) / shareSeconds / bareDocsPerSec,
      peakRssMb: analyzePeak / 1e6,
      workers,
    };
  } finally {
    clearInterval(sampler);
  }
}
