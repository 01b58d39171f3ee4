/**
 * Prices, tickers and the trading calendar in the store. Writes are set-based upserts (a re-import of the
 * same file changes nothing; a corrected file replaces the old numbers).
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import {
  fetchFirstAccepted,
  type PriceAttempt,
  type PriceRequestOptions,
  priceRequests,
} from "../crawl/prices.js";
import type { CrawlStore, Fetcher } from "../crawl/types.js";
import { parseOurPriceCsv, parsePrices, readCsv } from "../extract/prices.js";
import { ParseError } from "../shared/errors.js";
import { repoPath } from "../shared/paths.js";
import type { PriceBar } from "../shared/types.js";
import type { Store } from "./db.js";

export type TickerRole = "subject" | "control" | "index";

export interface TickerInfo {
  ticker: string;
  name: string;
  role: TickerRole;
}

export interface Holiday {
  day: string;
  name: string | null;
}

/** From src/store and dist/store alike, the bundled data lives in the repository's data/. */
export const BUNDLED_DATA_DIR = repoPath("data");

/** The sample's tickers when the caller has no config at hand (the same defaults as the config schema). */
export const DEFAULT_TICKERS: readonly TickerInfo[] = [
  { ticker: "035720", name: "카카오", role: "subject" },
  { ticker: "035420", name: "NAVER", role: "control" },
];

/** Stores bars; a bar already stored for (ticker, day) is replaced (a later source may correct it). */
export async function upsertPrices(store: Store, bars: readonly PriceBar[]): Promise<number> {
  await store.upsert(
    "prices",
    ["ticker", "day"],
    bars.map((b) => ({ ...b })),
    "update",
  );
  return bars.length;
}

export async function upsertTickers(store: Store, tickers: readonly TickerInfo[]): Promise<void> {
  await store.upsert(
    "tickers",
    ["ticker"],
    tickers.map((t) => ({ ticker: t.ticker, name: t.name, role: t.role })),
    "update",
  );
}

export async function upsertHolidays(store: Store, holidays: readonly Holiday[]): Promise<void> {
  await store.upsert(
    "trading_holidays",
    ["day"],
    holidays.map((h) => ({ day: h.day, name: h.name })),
    "update",
  );
}

/** A calendar file: `#` provenance lines, then `day,name` rows. */
export function readHolidayFile(file: string): Holiday[] {
  const rows = readCsv(readFileSync(file, "utf8"));
  const header = rows.shift()?.map((h) => h.trim().toLowerCase());
  if (header?.[0] !== "day") throw new ParseError(`${file}: expected a "day,name" header`);
  return rows.map((r) => {
    const day = (r[0] ?? "").trim();
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new ParseError(`${file}: not a day: ${day}`);
    return { day, name: r[1]?.trim() || null };
  });
}

export async function readPrices(
  store: Store,
  ticker: string,
  from?: string,
  to?: string,
): Promise<PriceBar[]> {
  const rows = await store.all<{
    ticker: string;
    day: string;
    open: number;
    high: number;
    low: number;
    close: number;
    volume: bigint | number;
    source: string;
  }>(
    `SELECT ticker, strftime(day, '%Y-%m-%d') AS day, open, high, low, close, volume, source FROM prices
     WHERE ticker = $1 AND day >= COALESCE(CAST($2 AS DATE), DATE '0001-01-01')
       AND day <= COALESCE(CAST($3 AS DATE), DATE '9999-12-31')
     ORDER BY day`,
    [ticker, from ?? null, to ?? null],
  );
  return rows.map((r) => ({ ...r, volume: Number(r.volume) }));
}

export async function readTickers(store: Store): Promise<TickerInfo[]> {
  return store.all<TickerInfo>("SELECT ticker, name, role FROM tickers ORDER BY role DESC, ticker");
}

export interface PriceCoverage {
  ticker: string;
  name: string | null;
  role: string | null;
  sessions: number;
  first: string;
  last: string;
}

export async function priceCoverage(store: Store): Promise<PriceCoverage[]> {
  const rows = await store.all<PriceCoverage & { sessions: bigint }>(
    `SELECT p.ticker, t.name, t.role, count(*) AS sessions,
            strftime(min(p.day), '%Y-%m-%d') AS first, strftime(max(p.day), '%Y-%m-%d') AS last
     FROM prices p LEFT JOIN tickers t USING (ticker) GROUP BY ALL ORDER BY p.ticker`,
  );
  return rows.map((r) => ({ ...r, sessions: Number(r.sessions) }));
}

/** Whether KRX trades on `day`: not a Saturday or Sunday and not a stored holiday. */
export async function isTradingDay(store: Store, day: string): Promise<boolean> {
  const d = new Date(`${day}T00:00:00Z`);
  if (d.getUTCDay() === 0 || d.getUTCDay() === 6) return false;
  const row = await store.one("SELECT 1 FROM trading_holidays WHERE day = CAST($1 AS DATE)", [day]);
  return row === undefined;
}

export interface BundledLoad {
  files: string[];
  bars: number;
  holidays: number;
  tickers: number;
}

/**
 * Loads the bundled offline data: every `data/prices/*.csv`, every `data/calendar/*.csv` and the tickers
 * (the config's when given, else the defaults). Idempotent: the sample pipeline calls it on every run.
 */
export async function loadBundledPrices(
  store: Store,
  opts: { dataDir?: string; tickers?: readonly TickerInfo[] } = {},
): Promise<BundledLoad> {
  const dataDir = opts.dataDir ?? BUNDLED_DATA_DIR;
  const csvIn = (sub: string) => {
    try {
      return readdirSync(path.join(dataDir, sub))
        .filter((f) => f.endsWith(".csv"))
        .sort()
        .map((f) => path.join(dataDir, sub, f));
    } catch {
      return [];
    }
  };
  const priceFiles = csvIn("prices");
  const calendarFiles = csvIn("calendar");
  const bars = priceFiles.flatMap((f) => parseOurPriceCsv(readFileSync(f)));
  const holidays = calendarFiles.flatMap(readHolidayFile);
  const tickers = opts.tickers ?? DEFAULT_TICKERS;
  await store.transaction(async () => {
    await upsertTickers(store, tickers);
    await upsertHolidays(store, holidays);
    await upsertPrices(store, bars);
  });
  return {
    files: [...priceFiles, ...calendarFiles],
    bars: bars.length,
    holidays: holidays.length,
    tickers: tickers.length,
  };
}

/**
 * Rebuilds `sentiment_daily` (migration 002) from the live view `daily_sentiment_live`: the per-day sums the
 * analyst views read. Call it after anything that changes documents, comments or scores (analyze, the sample
 * run, a crawl that adds comments). One set-based statement, about 2 s for 10 M scored comments on 2 cores.
 */
export async function refreshSentimentDaily(store: Store): Promise<{ rows: number }> {
  return store.transaction(async () => {
    await store.run("DELETE FROM sentiment_daily");
    await store.run(
      `INSERT INTO sentiment_daily
       SELECT day, audience, n, n_scored, sum_compound, n_neg, n_pos,
              (SELECT value FROM meta WHERE key = 'analyzer_version'), now()
       FROM daily_sentiment_live`,
    );
    const row = await store.one<{ n: bigint }>("SELECT count(*) AS n FROM sentiment_daily");
    return { rows: Number(row?.n ?? 0) };
  });
}

/** Tickers from config and the bundled KRX calendar go in with any price write, so views know roles and holidays. */
export async function writeReferenceData(store: Store, tickers: readonly TickerInfo[]): Promise<void> {
  await upsertTickers(store, tickers);
  const dir = path.join(BUNDLED_DATA_DIR, "calendar");
  let files: string[] = [];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith(".csv"));
  } catch {
    // a checkout without the calendar: weekends alone mark closed days
  }
  for (const f of files) await upsertHolidays(store, readHolidayFile(path.join(dir, f)));
}

export interface PricesFetched {
  /** The bars kept (within from..to) and stored; null when no source answered with any. */
  bars: PriceBar[] | null;
  attempts: PriceAttempt[];
}

/**
 * One ticker's daily bars from the first source that answers with some (Naver, then Yahoo), with one outcome
 * per source tried recorded for the run, and the bars stored. Shared by `yeoron prices fetch` and the
 * scheduled prices job.
 */
export async function fetchAndStorePrices(
  store: Store,
  crawl: { fetcher: Fetcher; crawlStore: CrawlStore; runId: string; now: () => Date },
  request: PriceRequestOptions,
): Promise<PricesFetched> {
  const { from, to, ticker } = request;
  const got = await fetchFirstAccepted(crawl.fetcher, priceRequests(request), (req, res) => {
    const bars = parsePrices(req.format, res.raw!.body, { ticker, source: req.source }).filter(
      (b) => b.day >= from && b.day <= to,
    );
    return bars.length > 0 ? bars : null;
  });
  for (const a of got.attempts) {
    await crawl.crawlStore.recordOutcome({
      runId: crawl.runId,
      stage: "prices",
      itemKey: `${ticker}:${a.source}`,
      sourceId: `prices-${a.source}`,
      outcome: a.outcome,
      detail: a.detail,
      at: crawl.now(),
    });
  }
  if (got.value) await upsertPrices(store, got.value);
  return { bars: got.value, attempts: got.attempts };
}
