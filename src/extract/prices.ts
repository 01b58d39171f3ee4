/**
 * Daily price parsers: bytes or text in, `PriceBar[]` out, oldest first. Pure functions, no I/O.
 *
 * Formats (SITES.md "Prices"):
 * - `naver-xml`: Naver's chart XML (`fchart.stock.naver.com/sise.nhn`), EUC-KR, `<item data="YYYYMMDD|o|h|l|c|v" />`.
 * - `yahoo-json`: Yahoo's chart API (`chart.result[0].timestamp[]` + `indicators.quote[0]`).
 * - `krx`: a KRX "개별종목 시세 추이" CSV download, EUC-KR, Korean headers, quoted thousands separators, newest first.
 * - `yahoo-csv`: Date,Open,High,Low,Close[,Adj Close],Volume (also reads FinanceDataReader's Date,…,Volume,Change).
 * - `csv`: ours (`data/prices/*.csv`): `#` provenance lines, then ticker,day,open,high,low,close,volume,source.
 */
import iconv from "iconv-lite";
import { ParseError } from "../shared/errors.js";
import type { PriceBar } from "../shared/types.js";

export type PriceFormat = "naver-xml" | "yahoo-json" | "krx" | "yahoo-csv" | "csv";
export const PRICE_FORMATS: readonly PriceFormat[] = ["naver-xml", "yahoo-json", "krx", "yahoo-csv", "csv"];

/** The columns of our own CSV, in order. */
export const PRICE_CSV_COLUMNS = [
  "ticker",
  "day",
  "open",
  "high",
  "low",
  "close",
  "volume",
  "source",
] as const;

type Input = string | Uint8Array;

/**
 * Bytes → text: UTF-8 when the bytes are valid UTF-8 (a BOM is dropped), otherwise CP949. Korean sites label
 * their files EUC-KR but write CP949 (UHC) syllables EUC-KR cannot encode, so CP949 is the safe superset.
 */
export function decodePriceBytes(input: Input): string {
  if (typeof input === "string") return input.replace(/^\uFEFF/, "");
  const bytes = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  const declared = /encoding\s*=\s*["']([\w-]+)["']/i.exec(bytes.subarray(0, 200).toString("latin1"))?.[1];
  if (declared && !/^utf-?8$/i.test(declared)) return iconv.decode(bytes, "cp949");
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return iconv.decode(bytes, "cp949");
  }
}

/** Guesses the format from the first bytes and the header row. */
export function sniffPriceFormat(input: Input): PriceFormat {
  const text = decodePriceBytes(input).trimStart();
  if (text.startsWith("<")) return "naver-xml";
  if (text.startsWith("{")) return "yahoo-json";
  const header = firstDataLine(text);
  if (header === undefined) throw new ParseError("price file is empty");
  const cols = splitCsvLine(header).map((c) => c.trim().toLowerCase());
  if (cols.includes("일자")) return "krx";
  if (cols[0] === "ticker" && cols.includes("day")) return "csv";
  if (cols[0] === "date" && cols.includes("close")) return "yahoo-csv";
  throw new ParseError(`cannot tell the price format from the header: ${header.slice(0, 80)}`);
}

export interface ParseOptions {
  /** The ticker the bars belong to (Yahoo and KRX files do not say; Naver XML does). */
  ticker?: string;
  /** Recorded in `PriceBar.source`; defaults to the format name. */
  source?: string;
}

export function parsePrices(format: PriceFormat, input: Input, opts: ParseOptions = {}): PriceBar[] {
  switch (format) {
    case "naver-xml":
      return parseNaverChartXml(input, opts);
    case "yahoo-json":
      return parseYahooChartJson(input, opts);
    case "krx":
      return parseKrxCsv(input, opts);
    case "yahoo-csv":
      return parseYahooCsv(input, opts);
    case "csv":
      return parseOurPriceCsv(input);
  }
}

// ---------------------------------------------------------------- Naver chart XML

export function parseNaverChartXml(input: Input, opts: ParseOptions = {}): PriceBar[] {
  const xml = decodePriceBytes(input);
  if (!/<chartdata\b/i.test(xml)) throw new ParseError("Naver chart XML has no <chartdata> element");
  const symbol = /<chartdata\b[^>]*\bsymbol="([^"]+)"/i.exec(xml)?.[1];
  const ticker = opts.ticker ?? symbol;
  if (!ticker) throw new ParseError("Naver chart XML names no symbol and no ticker was given");
  const bars: PriceBar[] = [];
  for (const m of xml.matchAll(/<item\s+data="([^"]*)"/gi)) {
    const fields = m[1]!.split("|");
    if (fields.length < 6)
      throw new ParseError(`Naver chart item has ${fields.length} fields, expected 6: ${m[1]}`);
    const [ymd, open, high, low, close, volume] = fields as [string, string, string, string, string, string];
    const bar = makeBar(ticker, compactDate(ymd), open, high, low, close, volume, opts.source ?? "naver");
    if (bar) bars.push(bar);
  }
  return sortAndCheck(bars);
}

/** The company name Naver's chart XML carries (`<chartdata name="카카오">`), or null. */
export function naverChartName(input: Input): string | null {
  return /<chartdata\b[^>]*\bname="([^"]*)"/i.exec(decodePriceBytes(input))?.[1] ?? null;
}

// ---------------------------------------------------------------- Yahoo chart JSON

interface YahooChart {
  chart?: {
    result?: Array<{
      meta?: { symbol?: string; exchangeTimezoneName?: string };
      timestamp?: number[];
      indicators?: {
        quote?: Array<Record<"open" | "high" | "low" | "close" | "volume", Array<number | null>>>;
      };
    }> | null;
    error?: { code?: string; description?: string } | null;
  };
}

export function parseYahooChartJson(input: Input, opts: ParseOptions = {}): PriceBar[] {
  let doc: YahooChart;
  try {
    doc = JSON.parse(decodePriceBytes(input)) as YahooChart;
  } catch (err) {
    throw new ParseError(`Yahoo chart answer is not JSON: ${(err as Error).message}`);
  }
  const error = doc.chart?.error;
  if (error)
    throw new ParseError(`Yahoo chart error ${error.code ?? "?"}: ${error.description ?? "no description"}`);
  const result = doc.chart?.result?.[0];
  if (!result) throw new ParseError("Yahoo chart answer has no chart.result[0]");
  const ticker = opts.ticker ?? result.meta?.symbol?.replace(/\.(KS|KQ)$/i, "");
  if (!ticker) throw new ParseError("Yahoo chart answer names no symbol and no ticker was given");
  // Yahoo stamps a daily bar with the session's opening instant; its calendar date is the exchange's, not UTC's.
  const timeZone = result.meta?.exchangeTimezoneName ?? "Asia/Seoul";
  const dayOf = dayFormatter(timeZone);
  const quote = result.indicators?.quote?.[0];
  const stamps = result.timestamp ?? [];
  if (stamps.length > 0 && !quote) throw new ParseError("Yahoo chart answer has timestamps but no quote");
  const bars: PriceBar[] = [];
  stamps.forEach((t, i) => {
    const close = quote?.close?.[i];
    // Yahoo writes a row of nulls for sessions it has no trade for (halts, today's unfinished bar).
    if (close === null || close === undefined) return;
    const bar = makeBar(
      ticker,
      dayOf(new Date(t * 1000)),
      quote?.open?.[i],
      quote?.high?.[i],
      quote?.low?.[i],
      close,
      quote?.volume?.[i] ?? 0,
      opts.source ?? "yahoo",
    );
    if (bar) bars.push(bar);
  });
  return sortAndCheck(bars);
}

function dayFormatter(timeZone: string): (d: Date) => string {
  let fmt: Intl.DateTimeFormat;
  try {
    fmt = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" });
  } catch {
    throw new ParseError(`unknown exchange time zone ${timeZone}`);
  }
  return (d) => fmt.format(d);
}

// ---------------------------------------------------------------- CSV formats

/** KRX headers → our fields. KRX names the close 종가 and the date 일자 in every daily download. */
const KRX_COLUMNS = {
  day: "일자",
  open: "시가",
  high: "고가",
  low: "저가",
  close: "종가",
  volume: "거래량",
} as const;

export function parseKrxCsv(input: Input, opts: ParseOptions = {}): PriceBar[] {
  return parseColumnCsv(input, opts, {
    name: "KRX download",
    columns: KRX_COLUMNS,
    date: slashDate,
    source: "krx",
  });
}

const YAHOO_COLUMNS = {
  day: "Date",
  open: "Open",
  high: "High",
  low: "Low",
  close: "Close",
  volume: "Volume",
} as const;

export function parseYahooCsv(input: Input, opts: ParseOptions = {}): PriceBar[] {
  return parseColumnCsv(input, opts, {
    name: "Yahoo CSV",
    columns: YAHOO_COLUMNS,
    date: isoDate,
    source: "yahoo-csv",
  });
}

/** A CSV with one header row naming the columns (KRX, Yahoo): the ticker comes from the caller. */
function parseColumnCsv(
  input: Input,
  opts: ParseOptions,
  format: {
    name: string;
    columns: Record<keyof typeof KRX_COLUMNS, string>;
    date: (s: string) => string;
    source: string;
  },
): PriceBar[] {
  if (!opts.ticker) throw new ParseError(`a ${format.name} does not name its ticker: give --ticker`);
  const rows = readCsv(decodePriceBytes(input));
  const header = rows.shift();
  if (!header) throw new ParseError(`${format.name} is empty`);
  const at = columnIndex(header, format.columns, format.name);
  return sortAndCheck(
    rows.flatMap((r) => {
      const bar = makeBar(
        opts.ticker!,
        format.date(r[at.day] ?? ""),
        r[at.open],
        r[at.high],
        r[at.low],
        r[at.close],
        r[at.volume],
        opts.source ?? format.source,
      );
      return bar ? [bar] : [];
    }),
  );
}

export function parseOurPriceCsv(input: Input): PriceBar[] {
  const rows = readCsv(decodePriceBytes(input));
  const header = rows.shift();
  if (!header) throw new ParseError("price CSV is empty");
  const at = columnIndex(
    header,
    Object.fromEntries(PRICE_CSV_COLUMNS.map((c) => [c, c])) as Record<
      (typeof PRICE_CSV_COLUMNS)[number],
      string
    >,
    "price CSV",
  );
  return sortAndCheck(
    rows.flatMap((r) => {
      const bar = makeBar(
        r[at.ticker] ?? "",
        isoDate(r[at.day] ?? ""),
        r[at.open],
        r[at.high],
        r[at.low],
        r[at.close],
        r[at.volume],
        r[at.source] || "csv",
      );
      return bar ? [bar] : [];
    }),
  );
}

/** Our CSV text for bars, with `#` provenance lines first (each line of `provenance` gets a `# `). */
export function formatPriceCsv(bars: readonly PriceBar[], provenance: string[] = []): string {
  const lines = provenance.map((l) => `# ${l}`.trimEnd());
  lines.push(PRICE_CSV_COLUMNS.join(","));
  for (const b of bars)
    lines.push([b.ticker, b.day, b.open, b.high, b.low, b.close, b.volume, b.source].join(","));
  return `${lines.join("\n")}\n`;
}

/** RFC 4180 rows; blank lines and `#` comment lines (outside quotes, at a line start) are skipped. */
export function readCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  let lineStart = true;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += ch;
      continue;
    }
    if (lineStart && ch === "#") {
      while (i < text.length && text[i] !== "\n") i++;
      continue;
    }
    lineStart = false;
    if (ch === '"') quoted = true;
    else if (ch === ",") {
      row.push(field);
      field = "";
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && text[i + 1] === "\n") i++;
      row.push(field);
      if (row.some((f) => f.trim() !== "")) rows.push(row);
      row = [];
      field = "";
      lineStart = true;
    } else field += ch;
  }
  row.push(field);
  if (row.some((f) => f.trim() !== "")) rows.push(row);
  return rows;
}

function firstDataLine(text: string): string | undefined {
  return text.split(/\r?\n/).find((l) => l.trim() !== "" && !l.startsWith("#"));
}

function splitCsvLine(line: string): string[] {
  return readCsv(line)[0] ?? [];
}

function columnIndex<K extends string>(
  header: string[],
  wanted: Record<K, string>,
  what: string,
): Record<K, number> {
  const names = header.map((h) =>
    h
      .trim()
      .replace(/^\uFEFF/, "")
      .toLowerCase(),
  );
  const out = {} as Record<K, number>;
  for (const [key, name] of Object.entries(wanted) as [K, string][]) {
    const i = names.indexOf(name.toLowerCase());
    if (i < 0) throw new ParseError(`${what} has no "${name}" column (header: ${header.join(",")})`);
    out[key] = i;
  }
  return out;
}

// ---------------------------------------------------------------- fields

/** `48,350` → 48350; empty, `-`, `null` → null. */
export function parseNumber(raw: unknown): number | null {
  if (typeof raw === "number") return Number.isFinite(raw) ? raw : null;
  if (typeof raw !== "string") return null;
  const s = raw.trim().replace(/,/g, "");
  if (s === "" || s === "-" || /^null$/i.test(s)) return null;
  const n = Number(s);
  return Number.isFinite(n) ? n : null;
}

function compactDate(s: string): string {
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(s.trim());
  if (!m) throw new ParseError(`not a YYYYMMDD date: ${s}`);
  return checkedDay(`${m[1]}-${m[2]}-${m[3]}`);
}

function slashDate(s: string): string {
  const m = /^(\d{4})[/.-](\d{1,2})[/.-](\d{1,2})$/.exec(s.trim());
  if (!m) throw new ParseError(`not a date: ${s}`);
  return checkedDay(`${m[1]}-${m[2]!.padStart(2, "0")}-${m[3]!.padStart(2, "0")}`);
}

function isoDate(s: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})/.exec(s.trim());
  if (!m) throw new ParseError(`not a YYYY-MM-DD date: ${s}`);
  return checkedDay(m[1]!);
}

function checkedDay(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== day)
    throw new ParseError(`no such day: ${day}`);
  return day;
}

/**
 * One bar, or null for a day without a close (no trade). A missing open/high/low (a halted session prints 0
 * or nothing) falls back to the close so the bar stays consistent; a close of 0 is not a price.
 */
function makeBar(
  ticker: string,
  day: string,
  open: unknown,
  high: unknown,
  low: unknown,
  close: unknown,
  volume: unknown,
  source: string,
): PriceBar | null {
  if (!ticker) throw new ParseError(`price row for ${day} has no ticker`);
  const c = parseNumber(close);
  if (c === null || c <= 0) return null;
  const orClose = (v: unknown) => {
    const n = parseNumber(v);
    return n === null || n <= 0 ? c : n;
  };
  const bar: PriceBar = {
    ticker,
    day,
    open: orClose(open),
    high: orClose(high),
    low: orClose(low),
    close: c,
    volume: Math.round(parseNumber(volume) ?? 0),
    source,
  };
  if (bar.low > bar.high) throw new ParseError(`${ticker} ${day}: low ${bar.low} above high ${bar.high}`);
  return bar;
}

/** Oldest first; one bar per (ticker, day) — a file that repeats a day with different numbers is an error. */
function sortAndCheck(bars: PriceBar[]): PriceBar[] {
  bars.sort((a, b) =>
    a.ticker === b.ticker ? a.day.localeCompare(b.day) : a.ticker.localeCompare(b.ticker),
  );
  const out: PriceBar[] = [];
  for (const b of bars) {
    const prev = out[out.length - 1];
    if (prev && prev.ticker === b.ticker && prev.day === b.day) {
      if (prev.close !== b.close)
        throw new ParseError(`${b.ticker} ${b.day} appears twice with different closes`);
      continue;
    }
    out.push(b);
  }
  return out;
}

/** Close-to-close simple returns of one ticker's bars (oldest first); the first bar has none. */
export function dailyReturns(
  bars: readonly PriceBar[],
): Array<{ day: string; close: number; ret: number | null }> {
  return bars.map((b, i) => {
    const prev = bars[i - 1];
    return { day: b.day, close: b.close, ret: prev ? b.close / prev.close - 1 : null };
  });
}
