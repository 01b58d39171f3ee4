/**
 * Soak (issue 7): `yeoron schedule` as a real process on a fast-forward clock against loopback servers, for at
 * least `jobRuns` scheduled job runs. The news site grows (a new article every few feed polls, so analysis has
 * work), the search endpoint fails now and then (so backoff comes and goes), the chart endpoint answers prices.
 * The child's RSS is sampled from /proc while it runs; afterwards the DB is checked: no two job runs overlap,
 * every article the site listed is stored exactly once and scored, and the job count matches what the
 * scheduler reported.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { repoPath } from "../shared/paths.js";
import { Store } from "../store/db.js";

export interface SoakOptions {
  /** Working directory (DB, config, reports). */
  dir: string;
  /** Stop after this many job runs (default 500). */
  jobRuns?: number;
  /** The CLI to run (default dist/cli/main.js); must know `schedule`. */
  cliEntry?: string;
  /** RSS sampling interval in ms (default 200). */
  sampleEveryMs?: number;
  /** Run analysis after every crawl job, as the default config does (default true). */
  analyze?: boolean;
}

export interface SoakResult {
  jobRuns: number;
  overlaps: number;
  rssSamplesMb: number[];
  peakRssMb: number;
  /** Least-squares slope of RSS against job runs completed, per 100 runs, after the first 10% (warm-up). */
  slopeMbPerHundredRuns: number;
  /** Peak RSS in the first and the last quarter of the run: a leak shows as a rising last quarter. */
  firstQuarterPeakMb: number;
  lastQuarterPeakMb: number;
  /** Peak RSS in each block of 100 job runs, in order: a leak climbs block after block, a plateau does not. */
  peakByHundredRunsMb: number[];
  byJob: Record<string, number>;
  byStatus: Record<string, number>;
  articlesListed: number;
  documents: number;
  documentsScored: number;
  /** Virtual time covered, in days. */
  simulatedDays: number;
  wallSeconds: number;
  /** Problems found by the checks (empty when the soak is clean). */
  problems: string[];
}

/** A new article appears on the site every this many feed polls: analysis then has something to do. */
const POLLS_PER_NEW_ARTICLE = 4;
/** Share of the runs counted as warm-up and left out of the RSS trend. */
const WARM_UP_SHARE = 0.1;
/** Every this-many-th search request fails with 503: the search source backs off and recovers. */
const SEARCH_FAILS_EVERY = 5;

function listen(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<Server> {
  const server = createServer(handler);
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve(server));
  });
}

function origin(server: Server): string {
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function title(i: number): string {
  return `카카오 먹통 후속 보도 ${i}`;
}

function articlePage(i: number): string {
  const words = [
    "복구",
    "보상",
    "데이터센터",
    "이중화",
    "판교",
    "서버",
    "장애",
    "사과",
    "점검",
    "대책",
    "불편",
    "재발",
  ];
  const paragraphs = Array.from({ length: 5 }, (_, p) =>
    Array.from(
      { length: 14 },
      (_, w) => `${words[(i * 5 + p * 7 + w) % words.length]}${(i * 37 + p * 11 + w) % 101}`,
    ).join(" "),
  );
  return (
    `<!doctype html><html lang="ko"><head><meta charset="utf-8"><title>${title(i)}</title></head><body><article>` +
    `<h1>${title(i)}</h1>${paragraphs.map((p) => `<p>${p}. 이용자 불만이 이어졌다.</p>`).join("")}</article></body></html>`
  );
}

function rss(base: string, ids: number[]): string {
  const items = ids
    .map(
      (i) =>
        `<item><title>${title(i)}</title><link>${base}/article/${i}</link><description>${title(i)}</description>` +
        `<pubDate>${new Date(Date.UTC(2022, 9, 16) + i * 600_000).toUTCString()}</pubDate></item>`,
    )
    .join("");
  return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>soak</title><link>${base}/</link><description>soak</description>${items}</channel></rss>`;
}

function chartXml(): string {
  // A fortnight of made-up bars around the run's start; the parser only needs the shape.
  const rows: string[] = [];
  for (let d = 0; d < 40; d++) {
    const day = new Date(Date.UTC(2022, 9, 10 + d));
    if (day.getUTCDay() === 0 || day.getUTCDay() === 6) continue;
    const ymd = day.toISOString().slice(0, 10).replaceAll("-", "");
    const close = 48_000 + ((d * 1_337) % 4_000);
    rows.push(
      `<item data="${ymd}|${close - 300}|${close + 500}|${close - 800}|${close}|${1_000_000 + d * 12_345}" />`,
    );
  }
  return `<?xml version="1.0" encoding="UTF-8" ?><protocol><chartdata symbol="035720" name="kakao" count="${rows.length}" timeframe="day" precision="0" origintime="19990104">${rows.join("")}</chartdata></protocol>`;
}

function vmRssMb(pid: number): number | null {
  try {
    const m = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
}

function slope(xs: number[], ys: number[]): number {
  const n = xs.length;
  if (n < 2) return 0;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    num += (xs[i]! - mx) * (ys[i]! - my);
    den += (xs[i]! - mx) ** 2;
  }
  return den === 0 ? 0 : num / den;
}

function peakPerBlock(runs: number[], mb: number[], block: number): number[] {
  const peaks: number[] = [];
  for (let i = 0; i < runs.length; i++) {
    const b = Math.floor(runs[i]! / block);
    peaks[b] = Math.max(peaks[b] ?? 0, mb[i]!);
  }
  return Array.from(peaks, (p) => p ?? 0);
}

export async function benchSoak(opts: SoakOptions): Promise<SoakResult> {
  const target = opts.jobRuns ?? 500;
  const cli = opts.cliEntry ?? repoPath("dist", "cli", "main.js");
  const started = Date.now();

  let feedPolls = 0;
  let searchHits = 0;
  const listed = new Set<number>();
  const news = await listen((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    if (url.pathname === "/robots.txt")
      return res.writeHead(200, { "content-type": "text/plain" }).end("User-agent: *\nAllow: /\n");
    if (url.pathname === "/feed.xml") {
      feedPolls++;
      const count = 3 + Math.floor(feedPolls / POLLS_PER_NEW_ARTICLE);
      const ids = Array.from({ length: Math.min(count, 30) }, (_, k) => count - k);
      for (const i of ids) listed.add(i);
      return res
        .writeHead(200, { "content-type": "application/rss+xml; charset=utf-8" })
        .end(rss(origin(news), ids));
    }
    if (url.pathname === "/search") {
      searchHits++;
      if (searchHits % SEARCH_FAILS_EVERY === 0)
        return res.writeHead(503, { "content-type": "text/plain" }).end("busy\n");
      // Search finds the site's first articles again: all duplicates of what the feed brought.
      for (const i of [1, 2, 3]) listed.add(i);
      return res
        .writeHead(200, { "content-type": "application/rss+xml; charset=utf-8" })
        .end(rss(origin(news), [1, 2, 3]));
    }
    if (url.pathname === "/sise.nhn")
      return res.writeHead(200, { "content-type": "text/xml; charset=utf-8" }).end(chartXml());
    const m = /^\/article\/(\d+)$/.exec(url.pathname);
    if (m)
      return res
        .writeHead(200, { "content-type": "text/html; charset=utf-8" })
        .end(articlePage(Number(m[1])));
    res.writeHead(404, { "content-type": "text/plain" }).end("no\n");
  });
  const base = origin(news);

  const db = path.join(opts.dir, "soak.duckdb");
  const sources = path.join(opts.dir, "soak-sources.yaml");
  const config = path.join(opts.dir, "soak-config.yaml");
  writeFileSync(
    sources,
    [
      "topics: [{ id: kakao, keywords: [카카오 먹통] }]",
      "sources:",
      `  - { id: soak-feed, type: feed, url: "${base}/feed.xml" }`,
      `  - { id: soak-search, type: google-news, queries: [카카오 먹통], baseUrl: "${base}/search" }`,
      "comments: { naver: { enabled: false } }",
      "",
    ].join("\n"),
  );
  writeFileSync(
    config,
    [
      `db: ${db}`,
      `sources: ${sources}`,
      "logLevel: info",
      "fetch: { minHostIntervalMs: 0, maxTries: 1, timeoutMs: 5000 }",
      "tickers: [{ ticker: '035720', name: kakao }]",
      `report: { outDir: ${path.join(opts.dir, "soak-reports")} }`,
      "schedule:",
      `  analyzeAfterCrawl: ${opts.analyze ?? true}`,
      `  prices: { naverBase: "${base}/sise.nhn", yahooBase: "${base}/chart" }`,
      "",
    ].join("\n"),
  );

  const child: ChildProcess = spawn(
    process.execPath,
    [
      cli,
      "-c",
      config,
      "schedule",
      "--clock-speed",
      "max",
      "--clock-start",
      "2022-10-16T00:00:00+09:00",
      "--max-runs",
      String(target),
    ],
    { env: { ...process.env, DOTENV_CONFIG_QUIET: "true" }, stdio: ["ignore", "pipe", "pipe"] },
  );
  let finishedJobs = 0;
  let summaryLine = "";
  let errText = "";
  const onLines = (chunk: Buffer) => {
    const text = chunk.toString("utf8");
    finishedJobs += text.split('"msg":"job finished"').length - 1;
    const m = /scheduler stopped[^\n]*/.exec(text);
    if (m) summaryLine = m[0];
    if (/"level":(50|60)/.test(text)) errText += text;
  };
  child.stdout?.on("data", onLines);
  child.stderr?.on("data", onLines);
  const rssSamplesMb: number[] = [];
  const runsAtSample: number[] = [];
  const timer = setInterval(() => {
    const mb = child.pid ? vmRssMb(child.pid) : null;
    if (mb !== null) {
      rssSamplesMb.push(Math.round(mb * 10) / 10);
      runsAtSample.push(finishedJobs);
    }
  }, opts.sampleEveryMs ?? 200);
  const exitCode = await new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  clearInterval(timer);
  await new Promise<void>((r) => news.close(() => r()));

  const problems: string[] = [];
  if (exitCode !== 0) problems.push(`scheduler exited with ${exitCode}`);
  if (errText) problems.push(`errors logged: ${errText.slice(0, 300)}`);

  const store = await Store.open(db, { readOnly: true });
  let result: Omit<
    SoakResult,
    | "rssSamplesMb"
    | "peakRssMb"
    | "slopeMbPerHundredRuns"
    | "firstQuarterPeakMb"
    | "lastQuarterPeakMb"
    | "peakByHundredRunsMb"
    | "wallSeconds"
    | "problems"
  >;
  try {
    const runs = await store.all<{
      job: string;
      status: string;
      started_at: Date;
      finished_at: Date | null;
      pid: number;
    }>("SELECT job, status, started_at, finished_at, pid FROM job_runs ORDER BY started_at, job_run_id");
    // One loop runs the jobs: any two runs overlapping in time, of the same job or not, is a fault.
    let overlaps = 0;
    for (let i = 1; i < runs.length; i++) {
      const prev = runs[i - 1]!;
      if (!prev.finished_at || new Date(prev.finished_at).getTime() > new Date(runs[i]!.started_at).getTime())
        overlaps++;
    }
    const byJob: Record<string, number> = {};
    const byStatus: Record<string, number> = {};
    for (const r of runs) {
      byJob[r.job] = (byJob[r.job] ?? 0) + 1;
      byStatus[r.status] = (byStatus[r.status] ?? 0) + 1;
    }
    const docs = await store.one<{ n: bigint; urls: bigint }>(
      "SELECT count(*) AS n, count(DISTINCT url) AS urls FROM documents",
    );
    const scored = await store.one<{ n: bigint }>(
      "SELECT count(DISTINCT item_id) AS n FROM scores WHERE item_kind = 'document'",
    );
    const span = runs.length
      ? new Date(runs.at(-1)!.started_at).getTime() - new Date(runs[0]!.started_at).getTime()
      : 0;
    const documents = Number(docs?.n ?? 0);
    if (runs.length !== target) problems.push(`${runs.length} job runs recorded, ${target} asked for`);
    if (finishedJobs !== runs.length)
      problems.push(`${finishedJobs} jobs logged as finished, ${runs.length} recorded`);
    if (!summaryLine.includes(`${target} job runs`))
      problems.push(`scheduler summary: ${summaryLine || "(none)"}`);
    if (Number(docs?.urls ?? 0) !== documents) problems.push("a URL stored twice");
    result = {
      jobRuns: runs.length,
      overlaps,
      byJob,
      byStatus,
      articlesListed: listed.size,
      documents,
      documentsScored: Number(scored?.n ?? 0),
      simulatedDays: Math.round((span / 86_400_000) * 10) / 10,
    };
  } finally {
    store.close();
  }
  // The last feed poll may list an article the run stopped before fetching; everything older must be in.
  if (result.documents < result.articlesListed - 1)
    problems.push(`${result.documents} documents for ${result.articlesListed} listed articles`);
  if ((opts.analyze ?? true) && result.documentsScored < result.documents - 1)
    problems.push(`${result.documentsScored} of ${result.documents} documents scored`);
  if (result.overlaps > 0) problems.push(`${result.overlaps} overlapping job runs`);

  const q = Math.max(1, Math.floor(rssSamplesMb.length / 4));
  // The trend is taken after the first WARM_UP_SHARE of the runs: loading modules and the first DuckDB opens
  // raise RSS once, which is not growth.
  const warm = runsAtSample.findIndex((r) => r >= target * WARM_UP_SHARE);
  const from = Math.max(warm, 0);
  return {
    ...result,
    rssSamplesMb,
    peakRssMb: Math.max(0, ...rssSamplesMb),
    slopeMbPerHundredRuns:
      Math.round(slope(runsAtSample.slice(from), rssSamplesMb.slice(from)) * 100 * 100) / 100,
    firstQuarterPeakMb: Math.max(0, ...rssSamplesMb.slice(0, q)),
    peakByHundredRunsMb: peakPerBlock(runsAtSample, rssSamplesMb, 100),
    lastQuarterPeakMb: Math.max(0, ...rssSamplesMb.slice(-q)),
    wallSeconds: Math.round((Date.now() - started) / 100) / 10,
    problems,
  };
}
