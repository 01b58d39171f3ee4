/**
 * Where daily prices come from and how they are fetched (SITES.md "Prices"): Naver's chart XML first, Yahoo's
 * chart API as the fallback. Only URLs and fetching live here; the bytes are parsed by src/extract/prices.ts,
 * which the caller hands in as `accept` (crawl comes before extract, so it cannot import it).
 */
import type { OutcomeKind } from "../shared/types.js";
import type { Fetcher, FetchResult } from "./types.js";

export const NAVER_CHART_BASE = "https://fchart.stock.naver.com/sise.nhn";
export const YAHOO_CHART_BASE = "https://query2.finance.yahoo.com/v8/finance/chart";

export { kstDay } from "../shared/time.js";

/** Seconds since the epoch at 00:00 KST of `day`. */
function kstMidnightSeconds(day: string): number {
  return Date.parse(`${day}T00:00:00+09:00`) / 1000;
}

/**
 * Naver's `count` is a number of sessions back from today, not a date range. Calendar days since `from` (plus
 * a week of slack) over-asks by about 40 % on weekends and holidays, which costs a few KB; the caller filters.
 */
export function naverCountSince(from: string, today: string): number {
  const days = Math.ceil((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
  return Math.max(1, days + 7);
}

export function naverChartUrl(symbol: string, count: number, base = NAVER_CHART_BASE): string {
  const u = new URL(base);
  u.searchParams.set("symbol", symbol);
  u.searchParams.set("timeframe", "day");
  u.searchParams.set("count", String(count));
  u.searchParams.set("requestType", "0");
  return u.toString();
}

/** `period2` is exclusive, so it is the midnight after `to`. */
export function yahooChartUrl(symbol: string, from: string, to: string, base = YAHOO_CHART_BASE): string {
  const u = new URL(`${base.replace(/\/+$/, "")}/${encodeURIComponent(symbol)}`);
  u.searchParams.set("period1", String(kstMidnightSeconds(from)));
  u.searchParams.set("period2", String(kstMidnightSeconds(to) + 86_400));
  u.searchParams.set("interval", "1d");
  return u.toString();
}

/** KOSPI listings are `<code>.KS` on Yahoo (KOSDAQ ones `.KQ`: give `yahoo:` in the config ticker). */
export function yahooSymbolFor(ticker: string): string {
  return /^\d{6}$/.test(ticker) ? `${ticker}.KS` : ticker;
}

export type PriceSourceId = "naver" | "yahoo";

export interface PriceRequest {
  source: PriceSourceId;
  url: string;
  /** The parser that reads this answer (a name from src/extract/prices.ts). */
  format: "naver-xml" | "yahoo-json";
}

export interface PriceRequestOptions {
  ticker: string;
  yahooSymbol?: string;
  from: string;
  to: string;
  today: string;
  naverBase?: string;
  yahooBase?: string;
  /** Ask one source only. */
  only?: PriceSourceId;
}

/** The requests to try, in order. */
export function priceRequests(o: PriceRequestOptions): PriceRequest[] {
  const all: PriceRequest[] = [
    {
      source: "naver",
      url: naverChartUrl(o.ticker, naverCountSince(o.from, o.today), o.naverBase),
      format: "naver-xml",
    },
    {
      source: "yahoo",
      url: yahooChartUrl(o.yahooSymbol ?? yahooSymbolFor(o.ticker), o.from, o.to, o.yahooBase),
      format: "yahoo-json",
    },
  ];
  return o.only ? all.filter((r) => r.source === o.only) : all;
}

export interface PriceAttempt {
  source: PriceSourceId;
  url: string;
  outcome: OutcomeKind;
  detail?: string;
  fetchId?: string;
}

/**
 * Tries each request in order until `accept` takes an answer (returns non-null). `accept` parses and may throw:
 * that answer is recorded as `parse-error` and the next source is tried.
 */
export async function fetchFirstAccepted<T>(
  fetcher: Fetcher,
  requests: readonly PriceRequest[],
  accept: (req: PriceRequest, result: FetchResult) => T | null,
  sourceId = "prices",
): Promise<{ value: T | null; from: PriceRequest | null; attempts: PriceAttempt[] }> {
  const attempts: PriceAttempt[] = [];
  for (const req of requests) {
    const result = await fetcher.fetch({
      url: req.url,
      kind: "prices",
      sourceId: `${sourceId}-${req.source}`,
    });
    const base = { source: req.source, url: req.url, fetchId: result.raw?.fetchId };
    if (result.outcome !== "ok" || !result.raw) {
      attempts.push({ ...base, outcome: result.outcome, detail: result.detail });
      continue;
    }
    try {
      const value = accept(req, result);
      if (value !== null) {
        attempts.push({ ...base, outcome: "ok" });
        return { value, from: req, attempts };
      }
      attempts.push({ ...base, outcome: "skipped", detail: "no sessions in the requested range" });
    } catch (err) {
      attempts.push({
        ...base,
        outcome: "parse-error",
        detail: err instanceof Error ? err.message : String(err),
      });
    }
  }
  return { value: null, from: null, attempts };
}
