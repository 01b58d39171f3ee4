/** What `yeoron status` shows: schema, row counts, recent runs, DB size. */
import { statSync } from "node:fs";
import type { Store } from "./db.js";

export interface StatusReport {
  db: string;
  dbBytes: number | null;
  schemaVersion: number;
  analyzerVersion: string | null;
  tables: { table: string; rows: number }[];
  lastRuns: { runId: string; command: string; startedAt: string; finishedAt: string | null; status: string; summary: unknown }[];
}

export async function collectStatus(store: Store): Promise<StatusReport> {
  const tables = await store.all<{ table_name: string; n: bigint }>(
    `SELECT table_name, estimated_size AS n FROM duckdb_tables() WHERE schema_name = 'main' AND NOT temporary ORDER BY table_name`,
  );
  const counts: { table: string; rows: number }[] = [];
  for (const t of tables) {
    // estimated_size can lag deletes; an exact count is cheap at our sizes.
    const r = await store.one<{ n: bigint }>(`SELECT count(*) AS n FROM "${t.table_name.replaceAll('"', '""')}"`);
    counts.push({ table: t.table_name, rows: Number(r?.n ?? 0) });
  }
  const hasRuns = tables.some((t) => t.table_name === "runs");
  const runs = hasRuns
    ? await store.all<{ run_id: string; command: string; started_at: Date; finished_at: Date | null; status: string; summary: string | null }>(
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
  };
}
