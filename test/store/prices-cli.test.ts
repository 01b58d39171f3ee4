/**
 * `yeoron prices …` and `yeoron event` through commander, before the lead wires them into program.ts:
 * the real program with the two commands registered on top, stdout captured.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { CommanderError } from "commander";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildProgram } from "../../src/cli/program.js";
import { YeoronError } from "../../src/shared/errors.js";
import { Store } from "../../src/store/db.js";

const fixtures = path.join(import.meta.dirname, "..", "fixtures", "prices");
let dir: string;
let config: string;
let server: Server;
let base: string;
const hits: string[] = [];

async function runCli(db: string, args: string[]): Promise<{ code: number; out: string }> {
  const program = buildProgram();
  const exitOverride = (c: typeof program) => {
    c.exitOverride();
    for (const sub of c.commands) exitOverride(sub);
  };
  exitOverride(program);
  program.configureOutput({ writeOut: () => {}, writeErr: () => {} });
  let out = "";
  const original = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string | Uint8Array) => {
    out += typeof chunk === "string" ? chunk : Buffer.from(chunk).toString();
    return true;
  }) as typeof process.stdout.write;
  try {
    await program.parseAsync(["node", "yeoron", "--config", config, "--db", db, ...args]);
    return { code: 0, out };
  } catch (err) {
    if (err instanceof CommanderError) return { code: err.exitCode === 0 ? 0 : 2, out };
    return { code: err instanceof YeoronError ? err.exitCode : 1, out: `${out}${String(err)}` };
  } finally {
    process.stdout.write = original;
  }
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "yeoron-prices-"));
  config = path.join(dir, "yeoron.config.yaml");
  writeFileSync(
    config,
    [
      "logLevel: silent",
      "fetch:",
      "  minHostIntervalMs: 0",
      "  maxTries: 1",
      "  backoffBaseMs: 0",
      "  respectRobots: false",
      "  timeoutMs: 5000",
    ].join("\n"),
  );
  server = createServer((req, res) => {
    hits.push(req.url ?? "");
    if (req.url?.startsWith("/naver-down")) {
      res.writeHead(503).end("busy");
    } else if (req.url?.startsWith("/naver")) {
      res
        .writeHead(200, { "content-type": "text/xml; charset=EUC-KR" })
        .end(readFileSync(path.join(fixtures, "naver-035720.xml")));
    } else if (req.url?.startsWith("/yahoo/035720.KS")) {
      res
        .writeHead(200, { "content-type": "application/json" })
        .end(readFileSync(path.join(fixtures, "yahoo-035720.json")));
    } else res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((r) => server.close(r));
  rmSync(dir, { recursive: true, force: true });
});

async function query<T>(db: string, sql: string): Promise<T[]> {
  const s = await Store.open(db, { readOnly: true });
  try {
    return await s.all<T>(sql);
  } finally {
    s.close();
  }
}

describe("yeoron prices import", () => {
  it("imports a KRX download with --ticker, sniffing the format", async () => {
    const db = path.join(dir, "import.duckdb");
    const r = await runCli(db, [
      "prices",
      "import",
      path.join(fixtures, "krx-035720.csv"),
      "--ticker",
      "035720",
    ]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/035720.*5.*2022-10-12.*2022-10-18/);
    const rows = await query<{ close: number; source: string }>(
      db,
      "SELECT close, source FROM prices WHERE day = '2022-10-17'",
    );
    expect(rows).toEqual([{ close: 48350, source: "import:krx" }]);
    // config tickers and the bundled calendar came along
    expect(await query(db, "SELECT ticker, role FROM tickers ORDER BY ticker")).toEqual([
      { ticker: "035420", role: "control" },
      { ticker: "035720", role: "subject" },
    ]);
    expect((await query(db, "SELECT count(*)::INTEGER AS n FROM trading_holidays"))[0]).toEqual({ n: 14 });
  });

  it("is bad usage (exit 2) without --ticker for a KRX file, or for an unreadable file", async () => {
    const db = path.join(dir, "import2.duckdb");
    expect((await runCli(db, ["prices", "import", path.join(fixtures, "krx-035720.csv")])).code).toBe(2);
    expect(
      (await runCli(db, ["prices", "import", path.join(dir, "missing.csv"), "--ticker", "1"])).code,
    ).toBe(2);
  });
});

describe("yeoron prices fetch", () => {
  it("falls back to Yahoo when Naver fails, and records both outcomes and the raw responses", async () => {
    const db = path.join(dir, "fetch.duckdb");
    const r = await runCli(db, [
      "prices",
      "fetch",
      "--ticker",
      "035720",
      "--from",
      "2022-10-01",
      "--to",
      "2022-10-31",
      "--naver-base",
      `${base}/naver-down/sise.nhn`,
      "--yahoo-base",
      `${base}/yahoo`,
    ]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/035720.*5.*2022-10-12.*2022-10-18.*yahoo/);
    expect(hits.some((h) => h.startsWith("/naver-down/sise.nhn?symbol=035720&timeframe=day&count="))).toBe(
      true,
    );
    expect(hits.some((h) => /^\/yahoo\/035720\.KS\?period1=\d+&period2=\d+&interval=1d$/.test(h))).toBe(true);
    const outcomes = await query<{ item_key: string; outcome: string }>(
      db,
      "SELECT item_key, outcome FROM outcomes WHERE stage = 'prices' ORDER BY item_key",
    );
    expect(outcomes).toEqual([
      { item_key: "035720:naver", outcome: "http-5xx" },
      { item_key: "035720:yahoo", outcome: "ok" },
    ]);
    expect(
      (
        await query<{ n: number }>(db, "SELECT count(*)::INTEGER AS n FROM raw_fetches WHERE kind = 'prices'")
      )[0]!.n,
    ).toBe(2);
    expect(await query(db, "SELECT close, source FROM prices WHERE day = '2022-10-17'")).toEqual([
      { close: 48350, source: "yahoo" },
    ]);
  });

  it("takes Naver's EUC-KR XML when it answers, keeping only the asked range", async () => {
    const db = path.join(dir, "fetch2.duckdb");
    const r = await runCli(db, [
      "prices",
      "fetch",
      "-t",
      "035720",
      "--from",
      "2022-10-13",
      "--to",
      "2022-10-17",
      "--naver-base",
      `${base}/naver/sise.nhn`,
      "--yahoo-base",
      `${base}/yahoo`,
    ]);
    expect(r.code).toBe(0);
    expect(await query(db, "SELECT strftime(day, '%m-%d') AS d, source FROM prices ORDER BY day")).toEqual([
      { d: "10-13", source: "naver" },
      { d: "10-14", source: "naver" },
      { d: "10-17", source: "naver" },
    ]);
  });

  it("fails (exit 1) when no source has the ticker", async () => {
    const db = path.join(dir, "fetch3.duckdb");
    const r = await runCli(db, [
      "prices",
      "fetch",
      "-t",
      "999999",
      "--naver-base",
      `${base}/naver-down/sise.nhn`,
      "--yahoo-base",
      `${base}/yahoo`,
    ]);
    expect(r.code).toBe(1);
  });
});

describe("bundled sample prices, sentiment_vs_price and yeoron event", () => {
  const db = () => path.join(dir, "sample.duckdb");

  it("loads the bundled files: Kakao closed 48,350 (−5.93 %) on 2022-10-17", async () => {
    expect((await runCli(db(), ["prices", "bundled"])).code).toBe(0);
    const r = await runCli(db(), [
      "sql",
      "--format",
      "json",
      "SELECT close, return_pct, abnormal_return FROM sentiment_vs_price WHERE ticker='035720' AND day='2022-10-17'",
    ]);
    expect(r.code).toBe(0);
    const [row] = JSON.parse(r.out) as Array<{ close: number; return_pct: number; abnormal_return: number }>;
    expect(row!.close).toBe(48350);
    expect(row!.return_pct).toBe(-5.93);
    // NAVER rose 0.91 % that day: Kakao's control-adjusted return is −5.93 − 0.91 ≈ −6.84 %
    expect(row!.abnormal_return).toBeCloseTo(48350 / 51400 - 167000 / 165500, 12);
    const list = await runCli(db(), ["prices", "list"]);
    expect(list.out).toMatch(/035720.*카카오.*subject.*82.*2022-09-01.*2022-12-29/);
  });

  it("event: day 0 is Monday 10-17 for the Saturday fire, with CAR over -1..+5", async () => {
    const r = await runCli(db(), ["event", "--date", "2022-10-15", "--window", "-1,+5", "--format", "json"]);
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.out) as Array<Record<string, number | string>>;
    expect(rows.map((x) => x.rel)).toEqual([-1, 0, 1, 2, 3, 4, 5]);
    expect(rows[1]).toMatchObject({
      day: "2022-10-17",
      close: 48350,
      "return_%": -5.93,
      "benchmark_%": 0.91,
      "ar_%": -6.84,
    });
    const table = await runCli(db(), ["event", "--date", "2022-10-15", "--window=-1,+5"]);
    expect(table.out).toMatch(/day 0 = 2022-10-17; model control against NAVER \(035420\)/);
    expect(table.out).toMatch(/CAR\[-1,5\] = -?\d/);
  });

  it("event --lag-corr prints one row per lag; bad windows are usage errors", async () => {
    const r = await runCli(db(), ["event", "--lag-corr", "2", "--format", "json"]);
    expect(r.code).toBe(0);
    expect((JSON.parse(r.out) as Array<{ lag: number }>).map((x) => x.lag)).toEqual([0, 1, 2]);
    expect((await runCli(db(), ["event", "--date", "2022-10-15", "--window", "5,-1"])).code).toBe(2);
    expect((await runCli(db(), ["event", "--window", "-1,+5"])).code).toBe(2);
  });
});
