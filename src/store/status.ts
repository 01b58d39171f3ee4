/** What `yeoron status` shows: schema, row counts, recent runs, DB size, jobs and failing sources. */
import { statSync } from "node:fs";
import type { Store } from "./db.js";
import { type JobRunRecord, lastJobRuns, outcomeCounts, readNextRuns } from "./schedule-state.js";

export interface JobStatus {
  job: string;
  lastRun: {
    trigger: string;
    startedAt: string;
    finishedAt: string | null;
    status: string;
    counts: Record<string, unknown> | null;
    /** Outcome counts of the crawl (or price fetch) the run made: ok, not-modified, http-5xx … */
    outcomes: Record<string, number>;
    detail: string | null;
  } | null;
  /** As planned by the running scheduler (null when none wrote a plan). */
  plannedNextRunAt: string | null;
}

export interface FailingSource {
  sourceId: string;
  /** The feed URL, or `search:<id>` for a search source. */
  url: string;
  kind: "feed" | "search";
  failures: number;
  /** Not polled before this instant (linear backoff, capped). */
  backingOffUntil: string | null;
  lastError: string | null;
  lastStatus: number | null;
  lastPolledAt: string | null;
}

export interface StatusReport {
  db: string;
  dbBytes: number | null;
  schemaVersion: number;
  analyzerVersion: string | null;
  tables: { table: string; rows: number }[];
  lastRuns: {
    runId: string;
    command: string;
    startedAt: string;
    finishedAt: string | null;
    status: string;
    summary: unknown;
  }[];
  jobs: JobStatus[];
  failingSources: FailingSource[];
}

export async function collectStatus(store: Store): Promise<StatusReport> {
  const tables = await store.all<{ table_name: string; n: bigint }>(
    `SELECT table_name, estimated_size AS n FROM duckdb_tables() WHERE schema_name = 'main' AND NOT temporary ORDER BY table_name`,
  );
  const counts: { table: string; rows: number }[] = [];
  for (const t of tables) {
    // estimated_size can lag deletes; an exact count is cheap at our sizes.
    const r = await store.one<{ n: bigint }>(
      `SELECT count(*) AS n FROM "${t.table_name.replaceAll('"', '""')}"`,
    );
    counts.push({ table: t.table_name, rows: Number(r?.n ?? 0) });
  }
  const hasRuns = tables.some((t) => t.table_name === "runs");
  const runs = hasRuns
    ? await store.all<{
        run_id: string;
        command: string;
        started_at: Date;
        finished_at: Date | null;
        status: string;
        summary: string | null;
      }>(
        "SELECT run_id, command, started_at, finished_at, status, summary FROM runs ORDER BY started_at DESC LIMIT 10",
      )
    : [];
  let dbBytes: number | null = null;
  try {
    dbBytes = statSync(store.path).size;
  } catch {
    dbBytes = null;
  }
  const hasMeta = tables.some((t) => t.table_name === "meta");
  const has = (name: string) => tables.some((t) => t.table_name === name);
  const jobs = has("job_runs") && has("job_state") ? await collectJobs(store) : [];
  const failingSources = has("feed_state") ? await collectFailingSources(store) : [];
  return {
    db: store.path,
    dbBytes,
    schemaVersion: await store.schemaVersion(),
    analyzerVersion: hasMeta ? await store.getMeta("analyzer_version") : null,
    tables: counts,
    lastRuns: runs.map((r) => ({
      runId: r.run_id,
      command: r.command,
      startedAt: new Date(r.started_at).toISOString(),
      finishedAt: r.finished_at ? new Date(r.finished_at).toISOString() : null,
      status: r.status,
      summary: r.summary ? JSON.parse(r.summary) : null,
    })),
    jobs,
    failingSources,
  };
}

async function collectJobs(store: Store): Promise<JobStatus[]> {
  const last = new Map<string, JobRunRecord>((await lastJobRuns(store)).map((r) => [r.job, r]));
  const planned = await readNextRuns(store);
  const names = [...new Set([...last.keys(), ...planned.keys()])].sort();
  const out: JobStatus[] = [];
  for (const job of names) {
    const r = last.get(job);
    out.push({
      job,
      lastRun: r
        ? {
            trigger: r.trigger,
            startedAt: r.startedAt.toISOString(),
            finishedAt: r.finishedAt?.toISOString() ?? null,
            status: r.status,
            counts: r.counts,
            outcomes: r.crawlRunId ? await outcomeCounts(store, r.crawlRunId) : {},
            detail: r.detail,
          }
        : null,
      plannedNextRunAt: planned.get(job)?.toISOString() ?? null,
    });
  }
  return out;
}

/** Feeds and search sources whose last poll failed (feed_state.failures > 0), worst first. */
async function collectFailingSources(store: Store): Promise<FailingSource[]> {
  const rows = await store.all<{
    source_id: string;
    url: string;
    failures: number;
    next_poll_at: Date | null;
    last_error: string | null;
    last_status: number | null;
    last_polled_at: Date | null;
  }>(
    `SELECT source_id, url, failures, next_poll_at, last_error, last_status, last_polled_at
     FROM feed_state WHERE failures > 0 ORDER BY failures DESC, source_id, url`,
  );
  const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
  return rows.map((r) => ({
    sourceId: r.source_id,
    url: r.url,
    kind: r.url.startsWith("search:") ? "search" : "feed",
    failures: r.failures,
    backingOffUntil: iso(r.next_poll_at),
    lastError: r.last_error,
    lastStatus: r.last_status,
    lastPolledAt: iso(r.last_polled_at),
  }));
}
