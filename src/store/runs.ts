/** One row per command run, so `yeoron status` and the scheduler can say what ran, when, and how it ended. */
import { randomUUID } from "node:crypto";
import type { Store } from "./db.js";

export function newRunId(command: string, now = new Date()): string {
  // Sortable and readable: 20221017T060000Z-crawl-1a2b3c
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d+Z$/, "Z");
  return `${stamp}-${command}-${randomUUID().slice(0, 6)}`;
}

export async function startRun(store: Store, command: string, runId = newRunId(command)): Promise<string> {
  await store.upsert(
    "runs",
    ["run_id"],
    [{ run_id: runId, command, started_at: new Date(), finished_at: null, status: "running", summary: null }],
    "update",
  );
  return runId;
}

export async function finishRun(
  store: Store,
  runId: string,
  status: "ok" | "failed" | "interrupted",
  summary: unknown,
): Promise<void> {
  await store.run("UPDATE runs SET finished_at = now(), status = $2, summary = $3 WHERE run_id = $1", [
    runId,
    status,
    JSON.stringify(summary ?? null),
  ]);
}

/** Runs left `running` by a process that died (kill -9) are marked so on the next start. */
export async function markAbandonedRuns(store: Store, command: string): Promise<number> {
  const r = await store.one<{ n: bigint }>(
    "SELECT count(*) AS n FROM runs WHERE status = 'running' AND command = $1",
    [command],
  );
  await store.run("UPDATE runs SET status = 'interrupted' WHERE status = 'running' AND command = $1", [
    command,
  ]);
  return Number(r?.n ?? 0);
}
