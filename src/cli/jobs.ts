/**
 * The scheduler's jobs, one function each, and the one-shot form for system cron (`yeoron run --job NAME`).
 * A job opens the DB, does its part, records itself in `job_runs` and closes the DB again, so analysts read the
 * live file between jobs. Only one job runner (scheduler or one-shot) works on a DB at a time: a lock file next
 * to the DB holds its pid.
 */
import { closeSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import path from "node:path";
import { kstDay } from "../crawl/prices.js";
import type { CrawlParts } from "../crawl/runner.js";
import { isoWeekOf, previousWeek } from "../report/week.js";
import { writeReport } from "../report/write.js";
import { CliError, ConfigError } from "../shared/errors.js";
import { analyzeNew } from "../store/analysis.js";
import { DuckCrawlStore } from "../store/crawl-store.js";
import type { Store } from "../store/db.js";
import { fetchAndStorePrices, isTradingDay, writeReferenceData } from "../store/prices.js";
import { finishRun, startRun } from "../store/runs.js";
import {
  finishJobRun,
  type JobRunStatus,
  markAbandonedJobRuns,
  outcomeCounts,
  registerCommentPasses,
  reopenDueCommentThreads,
  startJobRun,
} from "../store/schedule-state.js";
import type { Context } from "./context.js";
import { crawlOnce, runFetcher } from "./pipeline.js";

export const JOB_NAMES = ["feeds", "search", "comments", "prices", "analyze", "report"] as const;
export type JobName = (typeof JOB_NAMES)[number];
/** Jobs that crawl: analysis follows each of them when `schedule.analyzeAfterCrawl` is on. */
export const CRAWL_JOBS: ReadonlySet<JobName> = new Set(["feeds", "search", "comments"]);

export function isJobName(name: string): name is JobName {
  return (JOB_NAMES as readonly string[]).includes(name);
}

export function parseJobName(name: string): JobName {
  if (!isJobName(name)) throw new ConfigError(`--job: "${name}" — expected one of ${JOB_NAMES.join(", ")}`);
  return name;
}

export interface RunJobOptions {
  signal?: AbortSignal;
  /** The clock of the run (the scheduler's, compressed in tests); default the wall clock. */
  now?: () => Date;
  /** `once` for `yeoron run --job`, `schedule`, or `after:<job>` for the analysis that follows a crawl. */
  trigger?: string;
  /** The cron slot this run is for. */
  scheduledFor?: Date | null;
  /** Sources file (default: the replay archive's own, else the config's). */
  sourcesFile?: string;
  /** Replay a recorded archive instead of the network. */
  replay?: string;
  /** Analyzer worker threads (default: the analyzer's own choice). */
  analyzeWorkers?: number;
  /** Runs with the job's store just before it closes (the scheduler writes its plan of next runs here). */
  beforeClose?: (store: Store) => Promise<void>;
}

export interface JobResult {
  job: JobName;
  jobRunId: string;
  status: Exclude<JobRunStatus, "running">;
  startedAt: Date;
  finishedAt: Date;
  crawlRunId: string | null;
  counts: Record<string, unknown>;
  detail: string | null;
}

type JobBody = (
  ctx: Context,
  store: Store,
  opts: Required<Pick<RunJobOptions, "now">> & RunJobOptions,
) => Promise<{
  status: Exclude<JobRunStatus, "running">;
  counts: Record<string, unknown>;
  crawlRunId?: string | null;
  detail?: string | null;
}>;

// ---- the lock ------------------------------------------------------------------------------------------------

export function lockPath(dbPath: string): string {
  return `${dbPath}.schedule.lock`;
}

export interface LockInfo {
  pid: number;
  what: string;
  since: string;
}

export function pidAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

export function readLock(dbPath: string): LockInfo | null {
  try {
    const [pid, what, since] = readFileSync(lockPath(dbPath), "utf8").split("\n");
    return { pid: Number(pid), what: what ?? "", since: since ?? "" };
  } catch {
    return null;
  }
}

/** The live holder of the DB's job lock, if any (a lock left by a dead pid does not count). */
export function lockHolder(dbPath: string): LockInfo | null {
  const info = readLock(dbPath);
  return info && pidAlive(info.pid) ? info : null;
}

/**
 * Takes the DB's job lock for this process: `O_EXCL` creation, so two starting at once cannot both win. A lock
 * whose pid is gone (kill -9, power loss) is taken over. Refuses with a one-line CliError (exit 1) otherwise.
 */
export function acquireLock(dbPath: string, what: string): { release: () => void } {
  if (dbPath === ":memory:") return { release: () => {} };
  const file = lockPath(dbPath);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(file, "wx");
      writeSync(fd, `${process.pid}\n${what}\n${new Date().toISOString()}\n`);
      closeSync(fd);
      let released = false;
      return {
        release: () => {
          if (released) return;
          released = true;
          if (readLock(dbPath)?.pid === process.pid) rmSync(file, { force: true });
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      const holder = readLock(dbPath);
      if (holder && pidAlive(holder.pid)) {
        throw new CliError(
          `${holder.what || "a scheduler"} (pid ${holder.pid}) is already running on ${dbPath}; not starting a second one (lock ${file})`,
        );
      }
      // Stale: its process is gone. Remove and try again (another starter may win the race; then we refuse).
      rmSync(file, { force: true });
    }
  }
  throw new CliError(`could not take the job lock ${file}`);
}

// ---- the store of a job ---------------------------------------------------------------------------------------

/**
 * A reader that finds the DB busy reads the snapshot (`<db>.snapshot.duckdb`); between jobs it reads the live
 * file. Copying the whole DB after every 15-minute job would cost time and memory that grow with the DB, so a
 * job refreshes the snapshot only when it is older than this (wall time): readers during a job see data at
 * most this much older than the live file.
 */
export const SNAPSHOT_MAX_AGE_MS = 5 * 60_000;

// ---- running a job -------------------------------------------------------------------------------------------

/**
 * Runs one job against an already-held lock (the scheduler's): opens the DB, records the run, does the job,
 * closes the DB. Failures are recorded and returned, not thrown — the scheduler carries on with the next job.
 */
export async function executeJob(ctx: Context, name: JobName, opts: RunJobOptions = {}): Promise<JobResult> {
  const now = opts.now ?? (() => new Date());
  const trigger = opts.trigger ?? "once";
  return ctx.withWriter(
    async (store) => {
      await markAbandonedJobRuns(store, pidAlive);
      const startedAt = now();
      const jobRunId = await startJobRun(store, {
        job: name,
        trigger,
        scheduledFor: opts.scheduledFor ?? null,
        startedAt,
      });
      let out: Awaited<ReturnType<JobBody>>;
      try {
        out = await JOBS[name](ctx, store, { ...opts, now });
      } catch (err) {
        ctx.log.error({ job: name, err: String(err) }, "job failed");
        out = {
          status: "failed",
          counts: {},
          detail: err instanceof Error ? err.message.split("\n")[0]! : String(err),
        };
      }
      const finishedAt = now();
      await finishJobRun(store, jobRunId, {
        finishedAt,
        status: out.status,
        crawlRunId: out.crawlRunId ?? null,
        counts: out.counts,
        detail: out.detail ?? null,
      });
      await opts.beforeClose?.(store);
      ctx.log.info({ job: name, trigger, status: out.status, ...flatCounts(out.counts) }, "job finished");
      return {
        job: name,
        jobRunId,
        status: out.status,
        startedAt,
        finishedAt,
        crawlRunId: out.crawlRunId ?? null,
        counts: out.counts,
        detail: out.detail ?? null,
      };
    },
    { snapshotMaxAgeMs: SNAPSHOT_MAX_AGE_MS },
  );
}

/**
 * `yeoron run --job NAME`: one job, once, for system cron. Takes the DB's job lock (a running scheduler or a
 * previous cron run still going makes it refuse, exit 1), prints one summary line, and fails (exit 1) when the
 * job failed. A crawl job is followed by analysis when `schedule.analyzeAfterCrawl` is on, as in the scheduler.
 */
export async function runJob(ctx: Context, name: string, opts: RunJobOptions = {}): Promise<JobResult[]> {
  const job = parseJobName(name);
  const lock = acquireLock(ctx.dbPath, `yeoron run --job ${job}`);
  try {
    const results = [await executeJob(ctx, job, { trigger: "once", ...opts })];
    if (CRAWL_JOBS.has(job) && ctx.config.schedule.analyzeAfterCrawl && !opts.signal?.aborted) {
      results.push(await executeJob(ctx, "analyze", { ...opts, trigger: `after:${job}` }));
    }
    for (const r of results) ctx.stdout.write(`${describeJobResult(r)}\n`);
    const failed = results.find((r) => r.status === "failed");
    if (failed) throw new CliError(`job ${failed.job} failed: ${failed.detail ?? "see the log"}`);
    return results;
  } finally {
    lock.release();
  }
}

export function describeJobResult(r: JobResult): string {
  const counts = Object.entries(flatCounts(r.counts))
    .map(([k, v]) => `${k}=${v}`)
    .join(" ");
  return `${r.job}: ${r.status}${counts ? ` ${counts}` : ""}${r.detail ? ` (${r.detail})` : ""}`;
}

/** Counts as one level of numbers and strings, for log lines and the one-line summary. */
function flatCounts(counts: Record<string, unknown>): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(counts)) {
    if (typeof v === "number" || typeof v === "string") out[k] = v;
    else if (v && typeof v === "object" && !Array.isArray(v)) {
      for (const [k2, v2] of Object.entries(v)) if (typeof v2 === "number") out[`${k}.${k2}`] = v2;
    }
  }
  return out;
}

// ---- the jobs ------------------------------------------------------------------------------------------------

const crawlJob =
  (
    parts: CrawlParts,
    hooks: {
      before?: (store: Store, now: Date, ctx: Context) => Promise<Record<string, number>>;
      after?: (store: Store, now: Date) => Promise<Record<string, number>>;
    } = {},
  ): JobBody =>
  async (ctx, store, opts) => {
    const before = hooks.before ? await hooks.before(store, opts.now(), ctx) : {};
    const summary = await crawlOnce(
      ctx,
      store,
      { replay: opts.replay, sourcesFile: opts.sourcesFile, parts, now: opts.now, progress: false },
      opts.signal,
    );
    const after = hooks.after ? await hooks.after(store, opts.now()) : {};
    const t = summary.totals;
    return {
      status: summary.interrupted ? "interrupted" : "ok",
      crawlRunId: summary.runId,
      counts: {
        ...before,
        ...after,
        polls: t.polls,
        queued: t.queued,
        fetched: t.fetched,
        new: t.new,
        duplicate: t.duplicate,
        skipped: t.skipped,
        failed: t.failed,
        outcomes: await outcomeCounts(store, summary.runId),
      },
    };
  };

const JOBS: Record<JobName, JobBody> = {
  feeds: crawlJob({ feeds: true, search: false, articles: true, comments: false }),
  search: crawlJob({ feeds: false, search: true, articles: true, comments: false }),
  comments: crawlJob(
    { feeds: false, search: false, articles: false, comments: true },
    {
      before: async (store, now, ctx) => ({
        reopened: await reopenDueCommentThreads(store, now, ctx.config.schedule.commentRefresh),
      }),
      // Threads paged for the first time start their refresh clock now.
      after: async (store, now) => ({ firstPasses: await registerCommentPasses(store, now) }),
    },
  ),
  analyze: async (ctx, store, opts) => {
    const r = await analyzeNew(store, {
      signal: opts.signal,
      workers: opts.analyzeWorkers,
      log: ctx.log,
      progress: false,
    });
    return {
      status: r.interrupted || opts.signal?.aborted ? "interrupted" : "ok",
      counts: { documents: r.documents, comments: r.comments, sentences: r.sentences, mentions: r.mentions },
    };
  },
  prices: pricesJob,
  report: async (ctx, store, opts) => {
    const week = previousWeek(isoWeekOf(kstDay(opts.now())));
    // A week without material is not a failure of the job (the report itself refuses blank weeks).
    const start = `${week.start}T00:00:00+09:00`;
    const end = new Date(Date.parse(`${week.end}T00:00:00+09:00`) + 86_400_000).toISOString();
    const material = await store.one<{ n: bigint }>(
      `SELECT (SELECT count(*) FROM documents WHERE published_at >= CAST($1 AS TIMESTAMPTZ) AND published_at < CAST($2 AS TIMESTAMPTZ))
            + (SELECT count(*) FROM comments WHERE written_at >= CAST($1 AS TIMESTAMPTZ) AND written_at < CAST($2 AS TIMESTAMPTZ)) AS n`,
      [start, end],
    );
    if (Number(material?.n ?? 0) === 0) {
      return {
        status: "skipped",
        counts: { week: week.label },
        detail: `nothing published in ${week.label}`,
      };
    }
    const written = await writeReport(store, {
      week: week.label,
      outDir: ctx.config.report.outDir,
      subject: ctx.config.report.subject,
    });
    return {
      status: "ok",
      counts: { week: week.label, files: written.files.length },
      detail: path.join(written.dir, "index.html"),
    };
  },
};

/** Daily bars of the last `schedule.prices.lookbackDays` for every configured ticker; nothing on closed days. */
async function pricesJob(
  ctx: Context,
  store: Store,
  opts: Required<Pick<RunJobOptions, "now">> & RunJobOptions,
): ReturnType<JobBody> {
  await writeReferenceData(store, ctx.config.tickers);
  const today = kstDay(opts.now());
  if (!(await isTradingDay(store, today))) {
    return { status: "skipped", counts: { day: today }, detail: `${today} is not a KRX trading day` };
  }
  const cfg = ctx.config.schedule.prices;
  const from = kstDay(new Date(Date.parse(`${today}T00:00:00Z`) - cfg.lookbackDays * 86_400_000));
  const runId = await startRun(store, "prices");
  const crawlStore = new DuckCrawlStore(store);
  const fetcher = runFetcher(ctx, crawlStore, runId);
  const failed: string[] = [];
  let sessions = 0;
  try {
    for (const t of ctx.config.tickers) {
      if (opts.signal?.aborted) break;
      const got = await fetchAndStorePrices(
        store,
        { fetcher, crawlStore, runId, now: opts.now },
        {
          ticker: t.ticker,
          yahooSymbol: t.yahoo,
          from,
          to: today,
          today,
          naverBase: cfg.naverBase,
          yahooBase: cfg.yahooBase,
        },
      );
      if (!got.bars) {
        failed.push(t.ticker);
        continue;
      }
      sessions += got.bars.length;
    }
  } finally {
    await fetcher.close();
  }
  const status = opts.signal?.aborted ? "interrupted" : failed.length ? "failed" : "ok";
  await finishRun(store, runId, status === "interrupted" ? "interrupted" : status, {
    from,
    to: today,
    failed,
  });
  return {
    status,
    crawlRunId: runId,
    counts: { from, to: today, sessions, failed: failed.length, outcomes: await outcomeCounts(store, runId) },
    detail: failed.length ? `no prices for ${failed.join(", ")}` : null,
  };
}
