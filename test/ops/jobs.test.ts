/**
 * The scheduler's jobs one by one, in-process, on an injected clock: comment refresh by article age over the
 * bundled sample (replayed offline), prices only on KRX trading days, the one-shot form's lock, the config's
 * cron validation, and the plan of next runs.
 */
import { spawn, spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createContext } from "../../src/cli/context.js";
import { acquireLock, executeJob, lockPath, runJob } from "../../src/cli/jobs.js";
import { nextRunsFromConfig } from "../../src/cli/schedule.js";
import { loadAppConfig } from "../../src/shared/app-config.js";
import { ConfigError } from "../../src/shared/errors.js";
import { Store } from "../../src/store/db.js";
import { readHolidayFile } from "../../src/store/prices.js";
import { REPO, tempDir } from "../helpers/cli.js";
import { type FixtureServer, startFixtureServer } from "../helpers/server.js";
import { OPS_CLI } from "./helpers/ops.js";

const SAMPLE = path.join(REPO, "data", "sample");
const HOUR = 3_600_000;

let server: FixtureServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function workspace(extra: string[] = []): { dir: string; db: string; config: string } {
  const dir = tempDir("yeoron-jobs-");
  const db = path.join(dir, "y.duckdb");
  const config = path.join(dir, "yeoron.config.yaml");
  writeFileSync(
    config,
    [`db: ${db}`, "logLevel: silent", `report: { outDir: ${path.join(dir, "reports")} }`, ...extra, ""].join(
      "\n",
    ),
  );
  return { dir, db, config };
}

async function read<T>(db: string, sql: string): Promise<T[]> {
  const store = await Store.open(db, { readOnly: true });
  try {
    return await store.all<T>(sql);
  } finally {
    store.close();
  }
}

describe("comments job: refresh by article age", () => {
  it("pages young threads again at their tier's interval, older ones less often, and stores nothing twice", async () => {
    const ws = workspace(["schedule: { analyzeAfterCrawl: false }"]);
    const ctx = createContext({ config: ws.config });
    // Discover and fetch the sample with the clock anywhere; the refresh clock starts with the comments job.
    const boot = new Date("2022-10-29T00:00:00+09:00");
    for (const job of ["feeds", "search"] as const) {
      const r = await executeJob(ctx, job, { replay: SAMPLE, now: () => boot });
      expect(r.status).toBe("ok");
    }
    const threads = await read<{ doc_id: string; published: Date }>(
      ws.db,
      "SELECT c.doc_id, coalesce(d.published_at, d.fetched_at) AS published FROM comment_cursor c JOIN documents d USING (doc_id)",
    );
    expect(threads.length).toBeGreaterThan(3);
    // Start two hours after the newest article, so every tier has members (the sample spans two weeks).
    const newest = Math.max(...threads.map((t) => new Date(t.published).getTime()));
    const t0 = newest + 2 * HOUR;
    let now = new Date(t0);
    const first = await executeJob(ctx, "comments", { replay: SAMPLE, now: () => now });
    expect(first.status).toBe("ok");
    expect(first.counts.firstPasses).toBe(threads.length);
    const [{ n: stored }] = (await read<{ n: bigint }>(ws.db, "SELECT count(*) AS n FROM comments")) as [
      { n: bigint },
    ];
    expect(Number(stored)).toBeGreaterThan(0);

    // The tiers (1 h under a day, 3 h under three days, 6 h under a week) simulated here, thread by thread.
    const lastPass = new Map(threads.map((t) => [t.doc_id, t0]));
    const simulate = (at: number) => {
      let due = 0;
      for (const t of threads) {
        const age = (at - new Date(t.published).getTime()) / HOUR;
        const every = age < 0 ? null : age < 24 ? 1 : age < 72 ? 3 : age < 168 ? 6 : null;
        if (every !== null && at - lastPass.get(t.doc_id)! >= every * HOUR) {
          lastPass.set(t.doc_id, at);
          due++;
        }
      }
      return due;
    };
    const reopened: number[] = [];
    const expected: number[] = [];
    // Half an hour, an hour, three hours, six hours and a day after the first pass.
    for (const after of [0.5, 1.01, 3.02, 6.03, 24.04]) {
      now = new Date(t0 + after * HOUR);
      const r = await executeJob(ctx, "comments", { replay: SAMPLE, now: () => now });
      expect(r.status).toBe("ok");
      reopened.push(r.counts.reopened as number);
      expected.push(simulate(now.getTime()));
    }
    expect(reopened).toEqual(expected);
    expect(expected[0]).toBe(0);
    // Young threads come back more often than old ones: the hourly check catches fewer than the six-hourly.
    expect(expected[1]!).toBeGreaterThan(0);
    expect(expected[3]!).toBeGreaterThan(expected[1]!);

    // Refreshing re-read the same comments: none stored twice, every cursor finished again.
    const [{ n: after }] = (await read<{ n: bigint }>(ws.db, "SELECT count(*) AS n FROM comments")) as [
      { n: bigint },
    ];
    expect(after).toBe(stored);
    const open = await read<{ n: bigint }>(ws.db, "SELECT count(*) AS n FROM comment_cursor WHERE NOT done");
    expect(Number(open[0]!.n)).toBe(0);
    const passes = await read<{ refreshes: number; n: bigint }>(
      ws.db,
      "SELECT refreshes, count(*) AS n FROM comment_refresh GROUP BY refreshes ORDER BY refreshes",
    );
    expect(passes.reduce((s, p) => s + Number(p.n), 0)).toBe(threads.length);
    expect(passes.reduce((s, p) => s + p.refreshes * Number(p.n), 0)).toBe(
      expected.reduce((a, b) => a + b, 0),
    );
  }, 120_000);
});

describe("prices job", () => {
  it("is skipped on weekends and KRX holidays, and stores the day's bars on a trading day", async () => {
    const naverXml = readFileSync(path.join(REPO, "test", "fixtures", "prices", "naver-035720.xml"));
    server = await startFixtureServer({
      routes: {
        "/sise.nhn": (_req, res) => {
          res.writeHead(200, { "content-type": "text/xml; charset=EUC-KR" });
          res.end(naverXml);
        },
      },
    });
    const ws = workspace([
      "fetch: { minHostIntervalMs: 0, maxTries: 1 }",
      "tickers: [{ ticker: '035720', name: 카카오 }]",
      `schedule: { prices: { naverBase: '${server.url}/sise.nhn', yahooBase: '${server.url}/chart' } }`,
    ]);
    const ctx = createContext({ config: ws.config });
    const holidays = readHolidayFile(path.join(REPO, "data", "calendar", "krx-holidays-2022.csv"));
    const weekdayHoliday = holidays.find((h) => h.day.startsWith("2022-10"))!;
    for (const day of [weekdayHoliday.day, "2022-10-16" /* a Sunday */]) {
      const r = await executeJob(ctx, "prices", { now: () => new Date(`${day}T16:30:00+09:00`) });
      expect(r.status).toBe("skipped");
      expect(r.detail).toContain(day);
    }
    expect(server.hitCount("/sise.nhn")).toBe(0);

    const r = await executeJob(ctx, "prices", { now: () => new Date("2022-10-18T16:30:00+09:00") });
    expect(r.status).toBe("ok");
    expect(server.hitCount("/sise.nhn")).toBe(1);
    const bars = await read<{ day: string }>(
      ws.db,
      "SELECT CAST(day AS VARCHAR) AS day FROM prices ORDER BY day",
    );
    const inFile = [...naverXml.toString("latin1").matchAll(/data="(\d{4})(\d{2})(\d{2})\|/g)].map(
      (m) => `${m[1]}-${m[2]}-${m[3]}`,
    );
    expect(bars.map((b) => b.day)).toEqual(inFile.filter((d) => d >= "2022-10-08" && d <= "2022-10-18"));
  }, 60_000);
});

describe("one-shot jobs and the lock", () => {
  it("`run --job` refuses while another job runner holds the DB, and runs once it is free", async () => {
    const ws = workspace(["schedule: { analyzeAfterCrawl: false }"]);
    const ctx = createContext({ config: ws.config });
    const lines: string[] = [];
    ctx.stdout = { write: (s: string) => lines.push(s) } as unknown as NodeJS.WritableStream;
    const holder = spawn(process.execPath, ["-e", "setTimeout(() => {}, 60000)"]);
    try {
      writeFileSync(lockPath(ws.db), `${holder.pid}\nyeoron schedule\n2022-10-16T00:00:00Z\n`);
      await expect(runJob(ctx, "feeds", { replay: SAMPLE })).rejects.toThrow(
        new RegExp(`yeoron schedule \\(pid ${holder.pid}\\) is already running`),
      );
    } finally {
      holder.kill("SIGKILL");
      await new Promise((r) => holder.once("exit", r));
    }
    // Its process gone, the lock is stale: the job runs and leaves no lock behind.
    const results = await runJob(ctx, "feeds", { replay: SAMPLE });
    expect(results.map((r) => [r.job, r.status])).toEqual([["feeds", "ok"]]);
    expect(lines.join("")).toMatch(/^feeds: ok .*new=\d+/);
    expect(() => acquireLock(ws.db, "test").release()).not.toThrow();
    await expect(runJob(ctx, "nonsense")).rejects.toBeInstanceOf(ConfigError);
  }, 60_000);
});

describe("schedule config", () => {
  it("rejects an invalid cron expression with the key named, and plans the defaults in Korean time", () => {
    const ws = workspace(["schedule: { jobs: { feeds: '61 * * * *' } }"]);
    expect(() => loadAppConfig(ws.config)).toThrow(
      /schedule\.jobs\.feeds: "61 \* \* \* \*" — expected a cron expression/,
    );

    const ok = workspace();
    const ctx = createContext({ config: ok.config });
    // Friday 2022-10-14 16:00 KST.
    const from = new Date("2022-10-14T07:00:00Z");
    const plan = Object.fromEntries(
      nextRunsFromConfig(ctx, from).map((p) => [p.job, p.nextRunAt?.toISOString()]),
    );
    expect(plan).toEqual({
      feeds: "2022-10-14T07:15:00.000Z",
      search: "2022-10-14T07:05:00.000Z",
      comments: "2022-10-14T07:35:00.000Z",
      prices: "2022-10-14T07:30:00.000Z", // 16:30 KST the same day
      report: "2022-10-16T22:00:00.000Z", // Monday 07:00 KST
    });
  });
});

describe("yeoron status", () => {
  it("prints each job's last and next run, the failing sources, versions, row counts and DB size", async () => {
    const ws = workspace(["schedule: { analyzeAfterCrawl: false }"]);
    const ctx = createContext({ config: ws.config });
    ctx.stdout = { write: () => true } as unknown as NodeJS.WritableStream;
    await runJob(ctx, "feeds", { replay: SAMPLE, now: () => new Date("2022-10-17T09:15:00+09:00") });
    const r = spawnSync(process.execPath, [OPS_CLI, "-c", ws.config, "status"], {
      encoding: "utf8",
      env: { ...process.env, DOTENV_CONFIG_QUIET: "true" },
    });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/schema\s+version \d+/);
    expect(r.stdout).toMatch(/scheduler not running/);
    const feeds = r.stdout.split("\n").find((l) => /^│ feeds /.test(l));
    expect(feeds).toMatch(/2022-10-17 09:15 │ ok +│ .*ok=\d+/);
    // Never-run jobs are listed with their next run from the config.
    expect(r.stdout.split("\n").find((l) => /^│ report /.test(l))).toMatch(
      /│ never +│ +│ \d{4}-\d{2}-\d{2} 07:00 │/,
    );
    expect(r.stdout).toMatch(/failing sources\n\(none\)/);
    const json = JSON.parse(
      spawnSync(process.execPath, [OPS_CLI, "-c", ws.config, "status", "--json"], {
        encoding: "utf8",
        env: { ...process.env, DOTENV_CONFIG_QUIET: "true" },
      }).stdout,
    ) as {
      dbBytes: number;
      tables: { table: string; rows: number }[];
      jobs: { job: string; nextRunAt: string | null }[];
    };
    expect(json.dbBytes).toBeGreaterThan(0);
    const docs = await read<{ n: bigint }>(ws.db, "SELECT count(*) AS n FROM documents");
    expect(json.tables.find((t) => t.table === "documents")?.rows).toBe(Number(docs[0]!.n));
    expect(json.jobs.map((j) => j.job)).toEqual(["feeds", "search", "comments", "prices", "report"]);
  }, 60_000);
});
