/**
 * Scheduler bookkeeping in DuckDB (migration 003): one row per job run, the planned next run of each job, and
 * when each comment thread was last paged again. Instants come from the caller's clock (the scheduler's,
 * compressed in tests and the soak), never from SQL `now()`.
 */
import { randomUUID } from "node:crypto";
import type { Store } from "./db.js";

export type JobRunStatus = "running" | "ok" | "failed" | "interrupted" | "skipped";

export interface JobRunRecord {
  jobRunId: string;
  job: string;
  trigger: string;
  scheduledFor: Date | null;
  startedAt: Date;
  finishedAt: Date | null;
  status: JobRunStatus;
  crawlRunId: string | null;
  counts: Record<string, unknown> | null;
  detail: string | null;
  pid: number;
}

export function newJobRunId(job: string, at: Date): string {
  const stamp = at
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d+Z$/, "Z");
  return `${stamp}-${job}-${randomUUID().slice(0, 6)}`;
}

export async function startJobRun(
  store: Store,
  r: { job: string; trigger: string; scheduledFor: Date | null; startedAt: Date },
): Promise<string> {
  const id = newJobRunId(r.job, r.startedAt);
  await store.upsert(
    "job_runs",
    ["job_run_id"],
    [
      {
        job_run_id: id,
        job: r.job,
        trigger: r.trigger,
        scheduled_for: r.scheduledFor,
        started_at: r.startedAt,
        finished_at: null,
        status: "running",
        crawl_run_id: null,
        counts: null,
        detail: null,
        pid: process.pid,
      },
    ],
  );
  return id;
}

export async function finishJobRun(
  store: Store,
  id: string,
  r: {
    finishedAt: Date;
    status: Exclude<JobRunStatus, "running">;
    crawlRunId?: string | null;
    counts?: Record<string, unknown> | null;
    detail?: string | null;
  },
): Promise<void> {
  await store.run(
    `UPDATE job_runs SET finished_at = CAST($2 AS TIMESTAMPTZ), status = $3, crawl_run_id = $4, counts = CAST($5 AS JSON), detail = $6
     WHERE job_run_id = $1`,
    [
      id,
      r.finishedAt.toISOString(),
      r.status,
      r.crawlRunId ?? null,
      r.counts ? JSON.stringify(r.counts) : null,
      r.detail ?? null,
    ],
  );
}

/** Job runs left `running` by a process that is gone (kill -9) are marked interrupted when the next one starts. */
export async function markAbandonedJobRuns(store: Store, isAlive: (pid: number) => boolean): Promise<number> {
  const rows = await store.all<{ job_run_id: string; pid: number }>(
    "SELECT job_run_id, pid FROM job_runs WHERE status = 'running'",
  );
  let n = 0;
  for (const r of rows) {
    if (r.pid !== process.pid && isAlive(r.pid)) continue;
    await store.run(
      "UPDATE job_runs SET status = 'interrupted', detail = 'the process running it stopped without finishing' WHERE job_run_id = $1",
      [r.job_run_id],
    );
    n++;
  }
  return n;
}

interface JobRunRow {
  job_run_id: string;
  job: string;
  trigger: string;
  scheduled_for: Date | null;
  started_at: Date;
  finished_at: Date | null;
  status: JobRunStatus;
  crawl_run_id: string | null;
  counts: string | null;
  detail: string | null;
  pid: number;
}

function fromRow(r: JobRunRow): JobRunRecord {
  return {
    jobRunId: r.job_run_id,
    job: r.job,
    trigger: r.trigger,
    scheduledFor: r.scheduled_for ? new Date(r.scheduled_for) : null,
    startedAt: new Date(r.started_at),
    finishedAt: r.finished_at ? new Date(r.finished_at) : null,
    status: r.status,
    crawlRunId: r.crawl_run_id,
    counts: r.counts ? (JSON.parse(r.counts) as Record<string, unknown>) : null,
    detail: r.detail,
    pid: r.pid,
  };
}

/** The latest run of each job (by start time). */
export async function lastJobRuns(store: Store): Promise<JobRunRecord[]> {
  const rows = await store.all<JobRunRow>(
    `SELECT job_run_id, job, trigger, scheduled_for, started_at, finished_at, status, crawl_run_id,
            CAST(counts AS VARCHAR) AS counts, detail, pid
     FROM job_runs QUALIFY row_number() OVER (PARTITION BY job ORDER BY started_at DESC, job_run_id DESC) = 1
     ORDER BY job`,
  );
  return rows.map(fromRow);
}

/** Every job run in start order (the soak and the fault drills check overlaps and counts with it). */
export async function allJobRuns(store: Store): Promise<JobRunRecord[]> {
  const rows = await store.all<JobRunRow>(
    `SELECT job_run_id, job, trigger, scheduled_for, started_at, finished_at, status, crawl_run_id,
            CAST(counts AS VARCHAR) AS counts, detail, pid
     FROM job_runs ORDER BY started_at, job_run_id`,
  );
  return rows.map(fromRow);
}

/** Outcome counts of one crawl run, e.g. { ok: 12, "not-modified": 2, "http-5xx": 1 }. */
export async function outcomeCounts(store: Store, crawlRunId: string): Promise<Record<string, number>> {
  const rows = await store.all<{ outcome: string; n: bigint }>(
    "SELECT outcome, count(*) AS n FROM outcomes WHERE run_id = $1 GROUP BY outcome ORDER BY outcome",
    [crawlRunId],
  );
  return Object.fromEntries(rows.map((r) => [r.outcome, Number(r.n)]));
}

export async function setNextRuns(
  store: Store,
  plans: readonly { job: string; cron: string; nextRunAt: Date | null }[],
  at: Date,
): Promise<void> {
  await store.upsert(
    "job_state",
    ["job"],
    plans.map((p) => ({ job: p.job, cron: p.cron, next_run_at: p.nextRunAt, updated_at: at })),
    "update",
  );
}

export async function readNextRuns(store: Store): Promise<Map<string, Date | null>> {
  const rows = await store.all<{ job: string; next_run_at: Date | null }>(
    "SELECT job, next_run_at FROM job_state",
  );
  return new Map(rows.map((r) => [r.job, r.next_run_at ? new Date(r.next_run_at) : null]));
}

export interface RefreshTier {
  maxAgeHours: number;
  everyHours: number;
}

/**
 * Records the first full pass of every finished thread not yet known to the refresh bookkeeping, at `now` (the
 * scheduler's clock): the refresh intervals count from it. Called after each comments job.
 */
export async function registerCommentPasses(store: Store, now: Date): Promise<number> {
  const r = await store.one<{ n: bigint }>(
    `SELECT count(*) AS n FROM comment_cursor c
     WHERE c.done AND NOT EXISTS (SELECT 1 FROM comment_refresh r WHERE r.doc_id = c.doc_id)`,
  );
  await store.run(
    `INSERT INTO comment_refresh (doc_id, refreshed_at, refreshes)
     SELECT c.doc_id, CAST($1 AS TIMESTAMPTZ), 0 FROM comment_cursor c
     WHERE c.done AND NOT EXISTS (SELECT 1 FROM comment_refresh r WHERE r.doc_id = c.doc_id)`,
    [now.toISOString()],
  );
  return Number(r?.n ?? 0);
}

/**
 * Re-opens the comment cursors of finished Naver threads that are due for another pass: the article is younger
 * than the oldest tier and its last pass is at least its tier's interval ago. The article's age counts from its
 * publication (its fetch when the page gave no date). Returns how many were re-opened. The crawl then pages
 * them from page 1 again; comments are upserted by id, so counts and flags update and nothing is stored twice.
 */
export async function reopenDueCommentThreads(
  store: Store,
  now: Date,
  tiers: readonly RefreshTier[],
): Promise<number> {
  if (tiers.length === 0) return 0;
  const sorted = [...tiers].sort((a, b) => a.maxAgeHours - b.maxAgeHours);
  // A CASE over the tiers: the interval that applies to an article of this age, in hours.
  const cases = sorted
    .map((t) => `WHEN age_h < ${Number(t.maxAgeHours)} THEN ${Number(t.everyHours)}`)
    .join(" ");
  const nowIso = now.toISOString();
  const due = await store.all<{ doc_id: string }>(
    `WITH threads AS (
       SELECT c.doc_id,
              date_diff('second', coalesce(d.published_at, d.fetched_at), CAST($1 AS TIMESTAMPTZ)) / 3600.0 AS age_h,
              r.refreshed_at AS last_pass
       FROM comment_cursor c
       JOIN documents d ON d.doc_id = c.doc_id
       JOIN comment_refresh r ON r.doc_id = c.doc_id
       WHERE c.done)
     SELECT doc_id FROM threads
     WHERE age_h >= 0 AND (CASE ${cases} ELSE NULL END) IS NOT NULL
       AND date_diff('second', last_pass, CAST($1 AS TIMESTAMPTZ)) >= (CASE ${cases} ELSE NULL END) * 3600
     ORDER BY doc_id`,
    [nowIso],
  );
  if (due.length === 0) return 0;
  const ids = JSON.stringify(due.map((d) => d.doc_id));
  await store.transaction(async () => {
    await store.run(
      `UPDATE comment_refresh SET refreshed_at = CAST($1 AS TIMESTAMPTZ), refreshes = refreshes + 1
       WHERE doc_id IN (SELECT unnest(from_json($2, '["VARCHAR"]')))`,
      [nowIso, ids],
    );
    await store.run(
      `UPDATE comment_cursor SET next_page = 1, done = false
       WHERE doc_id IN (SELECT unnest(from_json($1, '["VARCHAR"]')))`,
      [ids],
    );
  });
  return due.length;
}
