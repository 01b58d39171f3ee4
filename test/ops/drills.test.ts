/**
 * Fault drills (issue 7): the scheduler as a real process on a compressed clock, against a loopback news site.
 * SIGKILL mid-crawl then restart; SIGTERM mid-crawl; an analyst reading while it writes; a second scheduler
 * on the same DB; a stale lock left by a killed one.
 */

import { spawnSync } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { lockPath } from "../../src/cli/jobs.js";
import { runCliAsync } from "../helpers/cli.js";
import {
  articleHits,
  OPS_CLI,
  type OpsWorkspace,
  opsWorkspace,
  query,
  startScheduler,
  waitFor,
} from "./helpers/ops.js";

let ws: OpsWorkspace | undefined;
afterEach(async () => {
  await ws?.close();
  ws = undefined;
});

/** The bound the issue sets for a clean stop after SIGTERM. */
const CLEAN_EXIT_MS = 10_000;

async function countsOf(db: string) {
  const [docs] = await query<{ n: bigint; urls: bigint }>(
    db,
    "SELECT count(*) AS n, count(DISTINCT url) AS urls FROM documents",
  );
  const frontier = await query<{ state: string; n: bigint }>(
    db,
    "SELECT state, count(*) AS n FROM frontier GROUP BY state",
  );
  return {
    documents: Number(docs?.n ?? 0),
    distinctUrls: Number(docs?.urls ?? 0),
    frontier: Object.fromEntries(frontier.map((r) => [r.state, Number(r.n)])),
  };
}

describe("scheduler fault drills", () => {
  it("SIGKILL during a scheduled crawl, then a restart: every article stored once, none lost", async () => {
    ws = await opsWorkspace({ articles: 30, articleDelayMs: 60 });
    const first = startScheduler(ws);
    const w = ws;
    await waitFor(() => articleHits(w) >= 10, 30_000, "ten article fetches");
    first.child.kill("SIGKILL");
    const killed = await first.exited;
    expect(killed.signal).toBe("SIGKILL");
    // Killed mid-crawl: the lock is left behind and not every article is in yet.
    expect(existsSync(lockPath(ws.db))).toBe(true);
    const hitsAtKill = articleHits(ws);
    expect(hitsAtKill).toBeLessThan(ws.articleCount);

    const second = startScheduler(ws, ["--max-runs", "2"]);
    const done = await second.exited;
    expect(second.stderr()).not.toMatch(/already running/);
    expect(done.code).toBe(0);

    const c = await countsOf(ws.db);
    expect(c.documents).toBe(ws.articleCount);
    expect(c.distinctUrls).toBe(ws.articleCount);
    expect(c.frontier).toEqual({ done: ws.articleCount });
    // The killed run is marked as such, the restarted ones finished.
    // (Both schedulers' clocks started at the same instant: tell their runs apart by pid.)
    const runs = await query<{ status: string; pid: number }>(
      ws.db,
      "SELECT status, pid FROM job_runs ORDER BY started_at",
    );
    expect(runs.filter((r) => r.pid === first.child.pid).map((r) => r.status)).toEqual(["interrupted"]);
    expect(runs.filter((r) => r.pid === second.child.pid).map((r) => r.status)).toEqual(["ok", "ok"]);
    expect(existsSync(lockPath(ws.db))).toBe(false);
  }, 90_000);

  it("SIGTERM: the articles in hand are finished and stored, the DB closed, exit 0 within 10 s", async () => {
    ws = await opsWorkspace({ articles: 40, articleDelayMs: 80 });
    const s = startScheduler(ws);
    const w = ws;
    await waitFor(() => articleHits(w) >= 6, 30_000, "six article fetches");
    const sentAt = Date.now();
    s.child.kill("SIGTERM");
    const exit = await Promise.race([
      s.exited,
      new Promise<null>((r) => setTimeout(() => r(null), CLEAN_EXIT_MS)),
    ]);
    if (exit === null) s.child.kill("SIGKILL");
    expect(exit).toEqual({ code: 0, signal: null });
    expect(Date.now() - sentAt).toBeLessThan(CLEAN_EXIT_MS);
    expect(s.stdout()).toMatch(/scheduler stopped \(signal\)/);

    // Every page the site answered was stored (the ones in flight at SIGTERM included); nothing was started after.
    const hits = articleHits(ws);
    expect(hits).toBeLessThan(ws.articleCount);
    const c = await countsOf(ws.db);
    expect(c.documents).toBe(hits);
    expect(c.frontier.done).toBe(hits);
    expect(c.frontier.queued).toBe(ws.articleCount - hits);
    const runs = await query<{ status: string }>(ws.db, "SELECT status FROM job_runs");
    expect(runs.map((r) => r.status)).toEqual(["interrupted"]);
    expect(existsSync(lockPath(ws.db))).toBe(false);
  }, 60_000);

  it("an analyst reads with `yeoron sql` while the scheduler writes: both succeed", async () => {
    ws = await opsWorkspace({ articles: 25, articleDelayMs: 30 });
    const s = startScheduler(ws, ["--max-runs", "6"]);
    const w = ws;
    await waitFor(() => articleHits(w) >= 1, 30_000, "the first article fetch");
    const reads: { code: number; stdout: string; stderr: string }[] = [];
    let schedulerDone = false;
    void s.exited.then(() => {
      schedulerDone = true;
    });
    // Read until the scheduler ends (at least three reads, some of them while a job holds the DB).
    while (!schedulerDone || reads.length < 3) {
      reads.push(
        await runCliAsync(["--db", ws.db, "sql", "SELECT count(*) AS n FROM documents", "--format", "csv"]),
      );
    }
    const exit = await s.exited;
    expect(exit.code).toBe(0);
    for (const r of reads) {
      expect(r.stderr).not.toMatch(/lock|error/i);
      expect(r.code).toBe(0);
    }
    // Each read saw a whole number of documents, never more than the site has.
    const seen = reads.map((r) => Number(r.stdout.trim().split("\n")[1]));
    for (const n of seen) {
      expect(Number.isInteger(n)).toBe(true);
      expect(n).toBeLessThanOrEqual(ws.articleCount);
    }
    expect((await countsOf(ws.db)).documents).toBe(ws.articleCount);
  }, 120_000);

  it("a second scheduler on the same DB refuses with one line and exit 1; a stale lock is taken over", async () => {
    ws = await opsWorkspace({ articles: 30, articleDelayMs: 100 });
    const s = startScheduler(ws);
    const w = ws;
    await waitFor(() => articleHits(w) >= 1, 30_000, "the first article fetch");
    const refused = spawnSync(
      process.execPath,
      [OPS_CLI, "-c", ws.config, "schedule", "--clock-speed", "max"],
      {
        encoding: "utf8",
        env: { ...process.env, DOTENV_CONFIG_QUIET: "true" },
      },
    );
    expect(refused.status).toBe(1);
    const lines = refused.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      new RegExp(`already running on .*\\(pid ${s.child.pid}\\)|\\(pid ${s.child.pid}\\) is already running`),
    );
    s.child.kill("SIGTERM");
    expect((await s.exited).code).toBe(0);

    // A lock whose process is gone: the next scheduler takes it over.
    const gone = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], {
      encoding: "utf8",
    });
    writeFileSync(lockPath(ws.db), `${gone.stdout}\nyeoron schedule\n2022-10-16T00:00:00Z\n`);
    const next = startScheduler(ws, ["--max-runs", "1"]);
    expect((await next.exited).code).toBe(0);
    expect(next.stderr()).toBe("");
    expect(existsSync(lockPath(ws.db))).toBe(false);
  }, 90_000);
});
