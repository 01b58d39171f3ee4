import type { Command } from "commander";
import { kstMinute } from "../../shared/time.js";
import { collectStatus, type JobStatus } from "../../store/status.js";
import type { Context } from "../context.js";
import { formatTable } from "../format.js";
import { lockHolder } from "../jobs.js";
import { action } from "../program.js";
import { nextRunsFromConfig } from "../schedule.js";

/** A job's row: its last run and when it runs next. */
export interface JobStatusRow extends JobStatus {
  cron: string | null;
  /** From the running scheduler's plan, else computed from the config's cron expression and the wall clock. */
  nextRunAt: string | null;
}

/** Merges the stored job runs with the configured jobs (a job never run yet still gets its next run). */
export function jobRows(
  ctx: Context,
  stored: JobStatus[],
  schedulerRunning: boolean,
  now = new Date(),
): JobStatusRow[] {
  const byJob = new Map(stored.map((j) => [j.job, j]));
  const rows: JobStatusRow[] = [];
  let planned: ReturnType<typeof nextRunsFromConfig> = [];
  try {
    planned = nextRunsFromConfig(ctx, now);
  } catch {
    // An invalid cron expression is reported by `yeoron schedule`; status still shows what ran.
  }
  for (const p of planned) {
    const s = byJob.get(p.job);
    byJob.delete(p.job);
    rows.push({
      job: p.job,
      cron: p.cron,
      lastRun: s?.lastRun ?? null,
      plannedNextRunAt: s?.plannedNextRunAt ?? null,
      nextRunAt:
        schedulerRunning && s?.plannedNextRunAt ? s.plannedNextRunAt : (p.nextRunAt?.toISOString() ?? null),
    });
  }
  // Jobs that ran but are turned off now.
  for (const s of byJob.values()) rows.push({ ...s, cron: null, nextRunAt: null });
  return rows;
}

function kst(iso: string | null | undefined): string | null {
  if (!iso) return null;
  // Operators read Korean time; the JSON keeps UTC instants.
  return kstMinute(iso);
}

function countsText(j: JobStatusRow): string {
  const r = j.lastRun;
  if (!r) return "";
  const parts: string[] = [];
  const outcomes = Object.entries(r.outcomes);
  if (outcomes.length > 0) parts.push(outcomes.map(([k, v]) => `${k}=${v}`).join(" "));
  else if (r.counts) {
    for (const [k, v] of Object.entries(r.counts))
      if (typeof v === "number" || typeof v === "string") parts.push(`${k}=${v}`);
  }
  if (r.detail && r.status !== "ok") parts.push(`(${r.detail})`);
  return parts.join(" ");
}

export function registerStatus(program: Command): void {
  program
    .command("status")
    .description(
      "jobs (last and next run), failing sources, schema and analyzer versions, row counts, DB size",
    )
    .option("--json", "machine-readable output for monitoring")
    .action(
      action(async (ctx, opts: { json?: boolean }) => {
        const holder = lockHolder(ctx.dbPath);
        const scheduler = holder
          ? { running: true, pid: holder.pid, what: holder.what, since: holder.since }
          : { running: false, pid: null, what: null, since: null };
        await ctx.withReader(async (h) => {
          const s = await collectStatus(h.store);
          const source = h.source === "snapshot" ? `snapshot of ${h.snapshotAt?.toISOString()}` : "live";
          const jobs = jobRows(ctx, s.jobs, scheduler.running && scheduler.what === "yeoron schedule");
          if (opts.json) {
            ctx.stdout.write(`${JSON.stringify({ ...s, jobs, scheduler, readFrom: source }, null, 2)}\n`);
            return;
          }
          const mb = s.dbBytes === null ? "?" : (s.dbBytes / 1e6).toFixed(1);
          const who = scheduler.running
            ? `${scheduler.what} running (pid ${scheduler.pid}, since ${scheduler.since})`
            : "not running";
          ctx.stdout.write(
            `database  ${ctx.dbPath} (${mb} MB, read from ${source})\nschema    version ${s.schemaVersion}\nanalyzer  ${s.analyzerVersion ?? "(nothing analysed yet)"}\nscheduler ${who}\n\n`,
          );
          ctx.stdout.write("jobs (times in KST)\n");
          ctx.stdout.write(
            formatTable(
              ["job", "last run", "status", "outcomes", "next run"],
              jobs.map((j) => [
                j.job,
                kst(j.lastRun?.startedAt) ?? "-",
                j.lastRun?.status ?? "never",
                countsText(j),
                kst(j.nextRunAt) ?? "off",
              ]),
            ),
          );
          // A titled table, or a line saying there is nothing to list.
          const section = (title: string, header: string[], rows: unknown[][], empty: string) => {
            ctx.stdout.write(`\n${title}\n`);
            ctx.stdout.write(rows.length === 0 ? `${empty}\n` : formatTable(header, rows));
          };
          section(
            "failing sources",
            ["source", "kind", "failures", "backing off until (KST)", "last error"],
            s.failingSources.map((f) => [
              f.sourceId,
              f.kind,
              f.failures,
              kst(f.backingOffUntil),
              f.lastError,
            ]),
            "(none)",
          );
          ctx.stdout.write("\n");
          ctx.stdout.write(
            formatTable(
              ["table", "rows"],
              s.tables.map((t) => [t.table, t.rows]),
            ),
          );
          section(
            "last runs",
            ["run", "command", "started (UTC)", "finished (UTC)", "status"],
            s.lastRuns.map((r) => [
              r.runId,
              r.command,
              r.startedAt.slice(0, 19),
              r.finishedAt?.slice(0, 19) ?? null,
              r.status,
            ]),
            "(none yet)",
          );
        });
      }),
    );
}
