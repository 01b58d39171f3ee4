/**
 * Drill: a feed that fails five times, then answers again. Its polls thin out (linear backoff), `yeoron status
 * --json` shows it failing with its last error and the instant it will be tried again, and after it answers it
 * is polled at every slot again and no longer listed. The scheduler runs in-process on a fast-forward clock;
 * status is the real CLI between runs.
 */
import { spawnSync } from "node:child_process";
import { afterEach, describe, expect, it } from "vitest";
import { createContext } from "../../src/cli/context.js";
import { fastForwardClock, runScheduler } from "../../src/cli/schedule.js";
import { FEED_BACKOFF_STEP_MS } from "../../src/crawl/runner.js";
import { DRILL_START, OPS_CLI, type OpsWorkspace, opsWorkspace, query } from "./helpers/ops.js";

let ws: OpsWorkspace | undefined;
afterEach(async () => {
  await ws?.close();
  ws = undefined;
});

const FAILING_POLLS = 5;

interface StatusJson {
  failingSources: {
    sourceId: string;
    kind: string;
    failures: number;
    backingOffUntil: string | null;
    lastError: string | null;
  }[];
  jobs: {
    job: string;
    lastRun: { status: string; outcomes: Record<string, number> } | null;
    nextRunAt: string | null;
  }[];
}

function status(config: string): StatusJson {
  const r = spawnSync(process.execPath, [OPS_CLI, "-c", config, "status", "--json"], {
    encoding: "utf8",
    env: { ...process.env, DOTENV_CONFIG_QUIET: "true" },
  });
  expect(r.stderr).toBe("");
  expect(r.status).toBe(0);
  return JSON.parse(r.stdout) as StatusJson;
}

describe("per-source backoff", () => {
  it("a feed failing five times is polled less often, shown in status, and recovers by itself", async () => {
    ws = await opsWorkspace({
      articles: 3,
      feedRoute:
        (feed) =>
        (_req, res, { hit }) => {
          if (hit <= FAILING_POLLS) {
            res.writeHead(503, { "content-type": "text/plain" });
            res.end("maintenance\n");
            return;
          }
          res.writeHead(200, { "content-type": "application/rss+xml; charset=utf-8" });
          res.end(feed());
        },
    });
    const ctx = createContext({ config: ws.config });
    const clock = fastForwardClock(new Date(DRILL_START));
    const feedHits = () => ws!.server.hitCount("/feed.xml");

    // The first poll fails: status shows the feed, its error, and until when it waits.
    await runScheduler(ctx, { clock, maxRuns: 1 });
    expect(feedHits()).toBe(1);
    let s = status(ws.config);
    expect(s.failingSources).toHaveLength(1);
    const failing = s.failingSources[0]!;
    expect(failing).toMatchObject({ sourceId: "drill-feed", kind: "feed", failures: 1 });
    expect(failing.lastError).toMatch(/503/);
    expect(Date.parse(failing.backingOffUntil!)).toBeGreaterThan(Date.parse(DRILL_START));

    // Run slot by slot until the fifth failure: failure k waits k steps, so the polls thin out linearly.
    const runsAtFailure: number[] = [1];
    let runs = 1;
    while (feedHits() < FAILING_POLLS) {
      const before = feedHits();
      await runScheduler(ctx, { clock, maxRuns: 1 });
      runs++;
      if (feedHits() > before) runsAtFailure.push(runs);
      expect(runs).toBeLessThan(40);
    }
    const gaps = runsAtFailure.slice(1).map((r, i) => r - runsAtFailure[i]!);
    expect(gaps).toEqual([1, 2, 3, 4]);
    s = status(ws.config);
    expect(s.failingSources.map((f) => [f.sourceId, f.failures])).toEqual([["drill-feed", FAILING_POLLS]]);
    const until = Date.parse(s.failingSources[0]!.backingOffUntil!);
    const [last] = await query<{ last: Date }>(ws.db, "SELECT max(started_at) AS last FROM job_runs");
    // Linear: the fifth failure waits five steps from the run that made it.
    const waited = until - new Date(last!.last).getTime();
    expect(waited).toBeGreaterThanOrEqual(FAILING_POLLS * FEED_BACKOFF_STEP_MS);
    expect(waited).toBeLessThan((FAILING_POLLS + 1) * FEED_BACKOFF_STEP_MS);
    // The slot after it is skipped, and status says so.
    await runScheduler(ctx, { clock, maxRuns: 1 });
    runs++;
    expect(feedHits()).toBe(FAILING_POLLS);
    s = status(ws.config);
    expect(s.jobs.find((j) => j.job === "feeds")?.lastRun?.outcomes).toEqual({ skipped: 1 });

    // The site answers again: the next poll after the backoff succeeds and the feed is back to every slot.
    while (feedHits() === FAILING_POLLS) {
      await runScheduler(ctx, { clock, maxRuns: 1 });
      runs++;
      expect(runs).toBeLessThan(60);
    }
    const recoveredAt = feedHits();
    await runScheduler(ctx, { clock, maxRuns: 3 });
    expect(feedHits()).toBe(recoveredAt + 3);
    s = status(ws.config);
    expect(s.failingSources).toEqual([]);
    const docs = await query<{ n: bigint }>(ws.db, "SELECT count(*) AS n FROM documents");
    expect(Number(docs[0]!.n)).toBe(ws.articleCount);
  }, 120_000);
});
