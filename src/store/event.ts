/**
 * Event study and lagged correlation over the price and sentiment views (issue 5, DESIGN §6).
 *
 * Abnormal return AR_t = R_t − E[R_t]. The expected return is, by default, the control ticker's return that day
 * (the "control-adjusted" model: Kakao against NAVER, a peer hit by the same market but not by the fire). When an
 * index series (tickers.role = 'index') is imported, the market model E[R_t] = α + β·R_index,t with α, β fitted
 * by OLS over an estimation window before the event (MacKinlay 1997, "Event Studies in Economics and Finance").
 * CAR is the sum of ARs over the event window; its t statistic uses the standard deviation of AR in the
 * estimation window: t = CAR / (σ_AR · √L).
 *
 * Windows count trading days (rows of the ticker's price series), not calendar days: day 0 is the first
 * trading day on or after the event date (the 15 Oct 2022 fire was a Saturday, so day 0 is Monday 17 Oct).
 */
import { CliError, ConfigError } from "../shared/errors.js";
import type { Store } from "./db.js";

export type ExpectedReturnModel = "control" | "market";

export interface EventStudyOptions {
  ticker: string;
  /** `YYYY-MM-DD` (KST); day 0 is the first trading day on or after it. */
  date: string;
  /** Trading days relative to day 0, inclusive: [-1, 5] = the day before to five days after. */
  window: [number, number];
  /** Default: market when an index series is stored, else control. */
  model?: ExpectedReturnModel;
  /**
   * Estimation window, trading days relative to day 0, inclusive. Default [-120, -11]: about half a year,
   * ending two weeks before the event so the run-up does not leak into "normal" (MacKinlay's usual choice).
   * When the series starts later, whatever part of the window exists is used.
   */
  estimation?: [number, number];
}

export interface EventRow {
  rel: number;
  day: string;
  close: number;
  ret: number | null;
  /** The benchmark's return that day: the control's (control model) or the index's (market model). */
  benchmarkRet: number | null;
  expected: number | null;
  abnormal: number | null;
  car: number | null;
}

export interface EventStudy {
  ticker: string;
  eventDay: string;
  model: ExpectedReturnModel;
  benchmark: string;
  /** Market model only. */
  alpha: number | null;
  beta: number | null;
  /** Standard deviation of AR over the estimation window (null when fewer than MIN_ESTIMATION_DAYS). */
  sigma: number | null;
  estimationDays: number;
  rows: EventRow[];
  car: number | null;
  tStat: number | null;
}

/**
 * Fewer estimation days than this and no σ or β is reported: with under ten points an OLS beta is mostly noise.
 * (The bundled sample starts 2022-09-01, so a 10-17 event has 30 estimation days.)
 */
export const MIN_ESTIMATION_DAYS = 10;
/** A σ below this is floating-point residue of an exact fit, not a spread of returns: no t statistic. */
const SIGMA_EPSILON = 1e-12;
const DEFAULT_ESTIMATION: [number, number] = [-120, -11];

interface SeriesRow {
  day: string;
  close: number;
  ret: number | null;
}

async function series(store: Store, ticker: string): Promise<SeriesRow[]> {
  return store.all<SeriesRow>(
    `SELECT strftime(day, '%Y-%m-%d') AS day, close, "return" AS ret FROM price_returns WHERE ticker = $1 ORDER BY day`,
    [ticker],
  );
}

/** Mean return per day over the tickers with `role` (one control or index is usual; several are averaged). */
async function benchmarkSeries(
  store: Store,
  role: "control" | "index",
): Promise<{ name: string; byDay: Map<string, number> }> {
  const names = await store.all<{ ticker: string; name: string }>(
    "SELECT ticker, name FROM tickers WHERE role = $1 AND ticker IN (SELECT ticker FROM prices) ORDER BY ticker",
    [role],
  );
  const rows = await store.all<{ day: string; ret: number }>(
    `SELECT strftime(day, '%Y-%m-%d') AS day, avg("return") AS ret FROM price_returns
     WHERE role = $1 AND "return" IS NOT NULL GROUP BY day`,
    [role],
  );
  return {
    name: names.map((n) => `${n.name} (${n.ticker})`).join(", "),
    byDay: new Map(rows.map((r) => [r.day, r.ret])),
  };
}

export async function hasIndexSeries(store: Store): Promise<boolean> {
  const row = await store.one(
    "SELECT 1 FROM tickers t WHERE role = 'index' AND EXISTS (SELECT 1 FROM prices p WHERE p.ticker = t.ticker)",
  );
  return row !== undefined;
}

export async function eventStudy(store: Store, opts: EventStudyOptions): Promise<EventStudy> {
  const [from, to] = opts.window;
  if (from > to) throw new ConfigError(`event window ${from},${to}: the start is after the end`);
  const [estFrom, estTo] = opts.estimation ?? DEFAULT_ESTIMATION;
  if (estFrom > estTo)
    throw new ConfigError(`estimation window ${estFrom},${estTo}: the start is after the end`);
  if (estTo >= from)
    throw new ConfigError(`estimation window must end before the event window (${estTo} ≥ ${from})`);

  const model = opts.model ?? ((await hasIndexSeries(store)) ? "market" : "control");
  const rows = await series(store, opts.ticker);
  if (rows.length === 0)
    throw new CliError(`no prices stored for ${opts.ticker}: run \`yeoron prices fetch\` or import`);
  const zero = rows.findIndex((r) => r.day >= opts.date);
  if (zero < 0)
    throw new CliError(
      `no trading day of ${opts.ticker} on or after ${opts.date} (last is ${rows.at(-1)!.day})`,
    );

  const bench = await benchmarkSeries(store, model === "market" ? "index" : "control");
  if (bench.byDay.size === 0) {
    throw new CliError(
      model === "market"
        ? "market model: no index series (a ticker with role 'index') has prices"
        : "control model: no control ticker (role 'control' in config tickers) has prices",
    );
  }

  const slice = (a: number, b: number) => rows.slice(Math.max(0, zero + a), Math.max(0, zero + b + 1));
  const paired = (rs: SeriesRow[]) =>
    rs.flatMap((r) => {
      const m = bench.byDay.get(r.day);
      return r.ret !== null && m !== undefined ? [{ r: r.ret, m }] : [];
    });
  const est = paired(slice(estFrom, estTo));

  let alpha: number | null = null;
  let beta: number | null = null;
  let expectedOf: (m: number) => number = (m) => m;
  const residuals: number[] = [];
  if (model === "market") {
    if (est.length < MIN_ESTIMATION_DAYS) {
      throw new CliError(
        `market model needs ${MIN_ESTIMATION_DAYS} estimation days with returns; found ${est.length}`,
      );
    }
    const fit = ols(
      est.map((p) => p.m),
      est.map((p) => p.r),
    );
    alpha = fit.alpha;
    beta = fit.beta;
    expectedOf = (m) => fit.alpha + fit.beta * m;
    for (const p of est) residuals.push(p.r - expectedOf(p.m));
  } else {
    for (const p of est) residuals.push(p.r - p.m);
  }
  // σ of AR: for the market model the regression's residual standard error (OLS residuals have mean 0;
  // two parameters were fitted, so n − 2 degrees of freedom), for the control model the sample sd (n − 1).
  let sigma: number | null = null;
  if (residuals.length >= MIN_ESTIMATION_DAYS) {
    const centre = model === "market" ? 0 : mean(residuals);
    const dof = residuals.length - (model === "market" ? 2 : 1);
    sigma = Math.sqrt(residuals.reduce((s, e) => s + (e - centre) ** 2, 0) / dof);
  }

  const out: EventRow[] = [];
  let car: number | null = null;
  let counted = 0;
  for (let rel = from; rel <= to; rel++) {
    const r = rows[zero + rel];
    if (!r) continue;
    const m = bench.byDay.get(r.day) ?? null;
    const expected = m === null ? null : expectedOf(m);
    const abnormal = r.ret === null || expected === null ? null : r.ret - expected;
    if (abnormal !== null) {
      car = (car ?? 0) + abnormal;
      counted++;
    }
    out.push({ rel, day: r.day, close: r.close, ret: r.ret, benchmarkRet: m, expected, abnormal, car });
  }
  return {
    ticker: opts.ticker,
    eventDay: rows[zero]!.day,
    model,
    benchmark: bench.name,
    alpha,
    beta,
    sigma,
    estimationDays: est.length,
    rows: out,
    car,
    tStat:
      car !== null && sigma !== null && sigma > SIGMA_EPSILON && counted > 0
        ? car / (sigma * Math.sqrt(counted))
        : null,
  };
}

// ---------------------------------------------------------------- lagged correlation

export interface LagCorrelation {
  /** Trading days from sentiment to return: lag 1 = today's sentiment against the next trading day's return. */
  lag: number;
  n: number;
  r: number | null;
}

export interface LagOptions {
  audience?: "public" | "press";
  /** Which return: raw, or control-adjusted abnormal. */
  measure?: "return" | "abnormal_return";
  /** Negative lags ask whether the return came first (price leads sentiment). Default 0. */
  minLag?: number;
}

/**
 * Pearson correlation of daily mean sentiment (on trading days, weekend news counted on Monday) with returns
 * `lag` trading days later, for lag = minLag … maxLag. Days without scored items are left out, not zero-filled.
 */
export async function laggedCorrelation(
  store: Store,
  ticker: string,
  maxLag: number,
  opts: LagOptions = {},
): Promise<LagCorrelation[]> {
  const audience = opts.audience ?? "public";
  const measure = opts.measure ?? "return";
  const sentimentCol = audience === "public" ? "public_mean" : "press_mean";
  const rows = await store.all<{ s: number | null; r: number | null }>(
    `SELECT ${sentimentCol} AS s, ${measure === "return" ? '"return"' : "abnormal_return"} AS r
     FROM sentiment_vs_price WHERE ticker = $1 ORDER BY day`,
    [ticker],
  );
  const out: LagCorrelation[] = [];
  for (let lag = opts.minLag ?? 0; lag <= maxLag; lag++) {
    const xs: number[] = [];
    const ys: number[] = [];
    rows.forEach((row, t) => {
      const later = rows[t + lag];
      if (row.s === null || later === undefined || later.r === null) return;
      xs.push(row.s);
      ys.push(later.r);
    });
    out.push({ lag, n: xs.length, r: pearson(xs, ys) });
  }
  return out;
}

// ---------------------------------------------------------------- statistics

export function mean(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

/** Pearson's r; null with fewer than 3 pairs or a constant series (undefined correlation). */
export function pearson(xs: readonly number[], ys: readonly number[]): number | null {
  const n = Math.min(xs.length, ys.length);
  if (n < 3) return null;
  const mx = mean(xs.slice(0, n));
  const my = mean(ys.slice(0, n));
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = xs[i]! - mx;
    const dy = ys[i]! - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (sxx === 0 || syy === 0) return null;
  return sxy / Math.sqrt(sxx * syy);
}

/** Ordinary least squares y = α + βx. */
export function ols(xs: readonly number[], ys: readonly number[]): { alpha: number; beta: number } {
  const mx = mean(xs);
  const my = mean(ys);
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < xs.length; i++) {
    sxy += (xs[i]! - mx) * (ys[i]! - my);
    sxx += (xs[i]! - mx) ** 2;
  }
  if (sxx === 0) throw new CliError("market model: the index return is constant over the estimation window");
  const beta = sxy / sxx;
  return { alpha: my - beta * mx, beta };
}
