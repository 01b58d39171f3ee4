/**
 * A workspace for the scheduler's fault drills: a loopback news site (a feed listing N articles, each answered
 * after a delay so a crawl is still running when a signal arrives), a sources file and a config pointing at it,
 * and a way to start `yeoron schedule` as a real process on a compressed clock.
 */
import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Store } from "../../../src/store/db.js";
import { CLI, tempDir } from "../../helpers/cli.js";
import { type FixtureServer, type RouteHandler, startFixtureServer } from "../../helpers/server.js";

/** The built CLI with `schedule` registered (see cli-entry.mjs). */
export const OPS_CLI = path.join(path.dirname(fileURLToPath(import.meta.url)), "cli-entry.mjs");

/** A Sunday in the outage week, in Korean time: the clock of the drills. */
export const DRILL_START = "2022-10-16T00:00:00+09:00";

export interface OpsWorkspace {
  dir: string;
  db: string;
  config: string;
  sources: string;
  server: FixtureServer;
  articleCount: number;
  close(): Promise<void>;
}

export function articleTitle(i: number): string {
  return `카카오 먹통 사태 ${i}일차 점검 기사`;
}

function articlePage(i: number): string {
  // Each page its own words, so no two are taken for wire copies of each other.
  const words = ["복구", "보상", "데이터센터", "이중화", "판교", "서버", "장애", "사과", "점검", "대책"];
  const body = Array.from({ length: 4 }, (_, p) =>
    Array.from(
      { length: 12 },
      (_, w) => `${words[(i * 7 + p * 3 + w) % words.length]}${(i * 31 + p * 17 + w) % 97}`,
    ).join(" "),
  );
  return (
    `<!doctype html><html lang="ko"><head><meta charset="utf-8"><title>${articleTitle(i)}</title></head>` +
    `<body><article><h1>${articleTitle(i)}</h1>${body.map((b) => `<p>${b} 기사 ${i}번의 문단이다.</p>`).join("")}` +
    "</article></body></html>"
  );
}

function feedXml(origin: string, count: number): string {
  const items = Array.from({ length: count }, (_, k) => {
    const i = k + 1;
    const date = new Date(Date.UTC(2022, 9, 15, 9, 0) - i * 60_000).toUTCString();
    return `<item><title>${articleTitle(i)}</title><link>${origin}/article/${i}</link><description>${articleTitle(i)}</description><pubDate>${date}</pubDate></item>`;
  }).join("");
  return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>드릴 뉴스</title><link>${origin}/</link><description>훈련용</description>${items}</channel></rss>`;
}

export interface WorkspaceOptions {
  articles: number;
  /** Each article page is answered after this long. */
  articleDelayMs?: number;
  /** Replace the feed route (e.g. one that fails five times first). */
  feedRoute?: (feed: () => string) => RouteHandler;
  /** Cron expressions; jobs not named are off. */
  jobs?: Record<string, string>;
  analyzeAfterCrawl?: boolean;
}

export async function opsWorkspace(opts: WorkspaceOptions): Promise<OpsWorkspace> {
  const dir = tempDir("yeoron-ops-");
  const delay = opts.articleDelayMs ?? 0;
  let origin = "";
  const feed = () => feedXml(origin, opts.articles);
  const routes: Record<string, RouteHandler> = {
    "/feed.xml": opts.feedRoute
      ? opts.feedRoute(feed)
      : (_req, res) => {
          res.writeHead(200, { "content-type": "application/rss+xml; charset=utf-8" });
          res.end(feed());
        },
    "/article/*": (_req, res, { url }) => {
      const i = Number(url.pathname.split("/").pop());
      setTimeout(() => {
        if (res.destroyed) return;
        res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
        res.end(articlePage(i));
      }, delay);
    },
  };
  const server = await startFixtureServer({ routes });
  origin = server.url;
  const sources = path.join(dir, "sources.yaml");
  writeFileSync(
    sources,
    [
      "topics:",
      "  - id: kakao-outage",
      "    keywords: [카카오 먹통]",
      "sources:",
      "  - id: drill-feed",
      "    type: feed",
      `    url: ${server.url}/feed.xml`,
      "comments:",
      "  naver:",
      "    enabled: false",
      "",
    ].join("\n"),
  );
  const db = path.join(dir, "yeoron.duckdb");
  const config = path.join(dir, "yeoron.config.yaml");
  const jobs = {
    feeds: false,
    search: false,
    comments: false,
    prices: false,
    report: false,
    analyze: false,
    ...(opts.jobs ?? { feeds: "*/15 * * * *" }),
  };
  writeFileSync(
    config,
    [
      `db: ${db}`,
      `sources: ${sources}`,
      "logLevel: warn",
      // One try per request: a failing feed is one failed poll, and a drill stays short.
      "fetch: { minHostIntervalMs: 0, maxTries: 1, timeoutMs: 5000, backoffBaseMs: 0 }",
      `report: { outDir: ${path.join(dir, "reports")} }`,
      "schedule:",
      `  analyzeAfterCrawl: ${opts.analyzeAfterCrawl ?? false}`,
      "  jobs:",
      ...Object.entries(jobs).map(([k, v]) => `    ${k}: ${v === false ? "false" : JSON.stringify(v)}`),
      "",
    ].join("\n"),
  );
  return { dir, db, config, sources, server, articleCount: opts.articles, close: () => server.close() };
}

export interface RunningScheduler {
  child: ChildProcessWithoutNullStreams;
  stdout(): string;
  stderr(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function startScheduler(ws: OpsWorkspace, extra: string[] = []): RunningScheduler {
  if (!existsSync(CLI)) throw new Error(`${CLI} missing: run \`npm run build\` first (npm test does)`);
  const child = spawn(
    process.execPath,
    [OPS_CLI, "-c", ws.config, "schedule", "--clock-speed", "max", "--clock-start", DRILL_START, ...extra],
    { env: { ...cleanEnv(), DOTENV_CONFIG_QUIET: "true" } },
  );
  let out = "";
  let err = "";
  child.stdout.on("data", (d) => (out += d));
  child.stderr.on("data", (d) => (err += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on("exit", (code, signal) => resolve({ code, signal })),
  );
  return { child, stdout: () => out, stderr: () => err, exited };
}

function cleanEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(YEORON_|NAVER_)/.test(k)));
}

/** Polls `cond` every 20 ms until it holds; throws after `ms`. */
export async function waitFor(cond: () => boolean, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Reads the DB after the scheduler has exited. */
export async function query<T>(db: string, sql: string): Promise<T[]> {
  const store = await Store.open(db, { readOnly: true });
  try {
    return await store.all<T>(sql);
  } finally {
    store.close();
  }
}

export function articleHits(ws: OpsWorkspace): number {
  let n = 0;
  for (const [p, hits] of ws.server.hits) if (p.startsWith("/article/")) n += hits;
  return n;
}
