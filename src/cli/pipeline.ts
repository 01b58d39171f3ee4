/**
 * The stages wired together: crawl (fetch, store raw) → extract (documents, dedupe) → store. Commands
 * (`crawl`, `run`, `reprocess`, later `schedule`) call these; the stages themselves never import each other
 * beyond the layering rule, which is why the wiring lives here.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { decodeBody } from "../crawl/charset.js";
import {
  type CrawlSummary,
  createFetcher,
  createHttpTransport,
  createReplayTransport,
  type Fetcher,
  loadSourcesFile,
  naverCredentialsFromEnv,
  runCrawl,
  type Transport,
} from "../crawl/index.js";
import { scrubUserIds } from "../crawl/naver-comments.js";
import type { CrawlParts } from "../crawl/runner.js";
import type { FrontierEntry } from "../crawl/types.js";
import { DedupeIndex } from "../extract/dedupe.js";
import { ConfigError } from "../shared/errors.js";
import { createProgress } from "../shared/progress.js";
import type { RawFetch } from "../shared/types.js";
import { DuckCrawlStore, type RawFetchRow, rawFromRow } from "../store/crawl-store.js";
import type { Store } from "../store/db.js";
import { extractAndStore, GROUP_COMMIT_MS, loadDedupeKeys } from "../store/documents.js";
import { finishRun, markAbandonedRuns, startRun } from "../store/runs.js";
import type { Context } from "./context.js";

export interface CrawlCommandOptions {
  source?: string;
  since?: string;
  replay?: string;
  sourcesFile?: string;
  /** Which parts of the crawl to run (scheduled jobs run feeds, search or comments alone); default all. */
  parts?: CrawlParts;
  /** The clock for backoff and outcomes (the scheduler's, compressed in tests); default the wall clock. */
  now?: () => Date;
  /** Show a progress bar on a TTY (default true). */
  progress?: boolean;
}

/** Which sources file a crawl uses: --sources, else the replay archive's own, else the config's. */
export function resolveSourcesFile(ctx: Context, opts: CrawlCommandOptions): string {
  if (opts.sourcesFile) return opts.sourcesFile;
  if (opts.replay) {
    const own = path.join(opts.replay, "sources.yaml");
    if (existsSync(own)) return own;
  }
  return ctx.config.sources;
}

export function parseSince(value: string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value))
    throw new ConfigError(`--since: "${value}" — expected a date YYYY-MM-DD`);
  // A day is meant in Korean time: 2022-10-15 starts at 2022-10-14T15:00Z.
  const d = new Date(`${value}T00:00:00+09:00`);
  if (Number.isNaN(d.getTime())) throw new ConfigError(`--since: "${value}" is not a real date`);
  return d;
}

/**
 * The fetcher of a run that keeps every response in `crawlStore` (raw first). Comment responses are kept
 * without the commenters' real ids (privacy over byte-exactness: docs/decisions.md), whoever fetches them.
 */
export function runFetcher(
  ctx: Context,
  crawlStore: DuckCrawlStore,
  runId: string,
  opts: { transport?: Transport; settings?: Context["config"]["fetch"] } = {},
): Fetcher {
  return createFetcher({
    settings: opts.settings ?? ctx.config.fetch,
    transport: opts.transport ?? createHttpTransport(),
    runId,
    saveRaw: (raw) =>
      crawlStore.saveRaw(
        raw.kind === "comments" ? { ...raw, body: scrubUserIds(raw.body, ctx.config.privacy.salt) } : raw,
      ),
    log: ctx.log,
  });
}

export async function crawlOnce(
  ctx: Context,
  store: Store,
  opts: CrawlCommandOptions,
  signal?: AbortSignal,
): Promise<CrawlSummary> {
  const sources = loadSourcesFile(resolveSourcesFile(ctx, opts));
  if (opts.source && !sources.sources.some((s) => s.id === opts.source)) {
    throw new ConfigError(
      `--source: "${opts.source}" — expected one of ${sources.sources.map((s) => s.id).join(", ")}`,
    );
  }
  const since = parseSince(opts.since);
  await markAbandonedRuns(store, "crawl");
  const runId = await startRun(store, "crawl");
  const crawlStore = new DuckCrawlStore(store);
  const replay = opts.replay;
  if (replay && !existsSync(path.join(replay, "manifest.jsonl"))) {
    throw new ConfigError(`--replay: ${replay} has no manifest.jsonl (see docs/formats.md)`);
  }
  const fetcher = runFetcher(
    ctx,
    crawlStore,
    runId,
    // Replaying an archive is reading files: no reason to wait between "requests".
    replay
      ? {
          transport: createReplayTransport(replay),
          settings: { ...ctx.config.fetch, minHostIntervalMs: 0, backoffBaseMs: 0 },
        }
      : {},
  );
  // Dedupe keys only matter when pages are fetched; a comment refresh skips loading them.
  const index = new DedupeIndex(opts.parts?.articles === false ? [] : await loadDedupeKeys(store));
  const now = opts.now ?? (() => new Date());
  const progress = createProgress("crawl", 1, { enabled: opts.progress === false ? false : undefined });
  let seen = 0;
  try {
    const summary = await store.withGroupCommit(GROUP_COMMIT_MS, () =>
      runCrawl({
        sources,
        fetcher,
        store: crawlStore,
        runId,
        since,
        onlySource: opts.source,
        parts: opts.parts,
        now: opts.now,
        salt: ctx.config.privacy.salt,
        naverCredentials: replay
          ? { clientId: "replay", clientSecret: "replay" }
          : ctx.config.naver.clientId && ctx.config.naver.clientSecret
            ? { clientId: ctx.config.naver.clientId, clientSecret: ctx.config.naver.clientSecret }
            : naverCredentialsFromEnv(),
        onArticle: async (raw: RawFetch, text: string, entry: FrontierEntry) => {
          const r = await extractAndStore(store, index, raw, text, entry.sourceId);
          await crawlStore.recordOutcome({
            runId,
            stage: "extract",
            itemKey: entry.url,
            sourceId: entry.sourceId,
            outcome: r === null ? "not-article" : r.duplicate ? "duplicate" : "ok",
            at: now(),
          });
          return r;
        },
        onProgress: () => {
          seen++;
          progress.setTotal(Math.max(seen + 1, 1));
          progress.tick();
        },
        signal,
        log: ctx.log,
      }),
    );
    await finishRun(store, runId, summary.interrupted ? "interrupted" : "ok", summary.totals);
    return summary;
  } catch (err) {
    await finishRun(store, runId, "failed", { error: String(err) }).catch(() => {});
    throw err;
  } finally {
    progress.stop();
    await fetcher.close();
  }
}

/** Re-extracts every stored article response (raw first: no network), e.g. after an adapter fix. */
export async function reprocessStored(
  ctx: Context,
  store: Store,
): Promise<{ seen: number; stored: number; notArticle: number; duplicates: number }> {
  const raws = await store.all<RawFetchRow>(
    // The latest 2xx response per URL.
    `SELECT * FROM raw_fetches WHERE kind = 'article' AND status BETWEEN 200 AND 299
     QUALIFY row_number() OVER (PARTITION BY final_url ORDER BY fetched_at DESC) = 1
     ORDER BY fetched_at, fetch_id`,
  );
  const index = new DedupeIndex();
  const progress = createProgress("reprocess", raws.length);
  const out = { seen: 0, stored: 0, notArticle: 0, duplicates: 0 };
  for (const r of raws) {
    out.seen++;
    const raw = rawFromRow(r);
    const { text } = decodeBody(raw.body, raw.headers["content-type"] ?? null);
    const res = await extractAndStore(store, index, raw, text, r.source_id);
    if (res === null) out.notArticle++;
    else {
      out.stored++;
      if (res.duplicate) out.duplicates++;
    }
    progress.tick();
  }
  progress.stop();
  ctx.log.debug(out, "reprocess done");
  return out;
}
