/**
 * Turns the shared reference prices (../shared/data/stocks, see its PROVENANCE.md) into the bundled
 * `data/prices/<ticker>.csv` the offline sample loads. The output is derived, not a byte copy: rows are
 * re-parsed, cut to the sample's window, checked (trading calendar, the 2022-10-17 close the press reported,
 * the source's own Change column) and written in our CSV layout with a provenance header.
 *
 *   npx tsx scripts/import-shared-prices.ts [SHARED_STOCKS_DIR]
 */
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { dailyReturns, formatPriceCsv, parseYahooCsv, readCsv } from "../src/extract/prices.js";
import type { PriceBar } from "../src/shared/types.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const sharedDir = path.resolve(process.argv[2] ?? path.join(root, "..", "shared", "data", "stocks"));

/** The sample's window: the first session of September to the last session of 2022 (12-30 was a holiday). */
const FIRST_DAY = "2022-09-01";
const LAST_DAY = "2022-12-29";

const SOURCES = [
  {
    ticker: "035720",
    name: "카카오",
    file: "035720_2022H2.csv",
    sha256: "e27521baad2379e2afc7f8f3a6f7302380018cdc2e998ebc1455e3c6f13f6fad",
  },
  {
    ticker: "035420",
    name: "NAVER",
    file: "035420_2022H2.csv",
    sha256: "693d6143f0ba4afd253bc142365268d2dd8fc5790375116f2c0fc1e7a6df0e79",
  },
] as const;

/** Facts reported by the press (PROVENANCE.md "Cross-checks"), checked so a wrong file never ships. */
const KNOWN_CLOSES: Array<{ ticker: string; day: string; close: number; pct?: string }> = [
  { ticker: "035720", day: "2022-10-14", close: 51400 },
  { ticker: "035720", day: "2022-10-17", close: 48350, pct: "-5.93" },
  { ticker: "035720", day: "2022-10-07", close: 50900, pct: "-7.12" },
  { ticker: "035420", day: "2022-10-17", close: 167000, pct: "0.91" },
  { ticker: "035420", day: "2022-10-07", close: 160000, pct: "-4.19" },
];

function fail(msg: string): never {
  process.stderr.write(`import-shared-prices: ${msg}\n`);
  process.exit(1);
}

function tradingDays(from: string, to: string): string[] {
  const holidays = new Set(
    readCsv(readFileSync(path.join(root, "data", "calendar", "krx-holidays-2022.csv"), "utf8"))
      .slice(1)
      .map((r) => r[0]!),
  );
  const days: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) {
    const d = new Date(t);
    const iso = d.toISOString().slice(0, 10);
    if (d.getUTCDay() !== 0 && d.getUTCDay() !== 6 && !holidays.has(iso)) days.push(iso);
  }
  return days;
}

const expectedDays = tradingDays(FIRST_DAY, LAST_DAY);
for (const src of SOURCES) {
  const file = path.join(sharedDir, src.file);
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    fail(`cannot read ${file} (give the shared stocks directory as the first argument)`);
  }
  const sha = createHash("sha256").update(bytes).digest("hex");
  if (sha !== src.sha256) fail(`${src.file}: sha256 ${sha} differs from PROVENANCE.md (${src.sha256})`);

  const bars: PriceBar[] = parseYahooCsv(bytes, { ticker: src.ticker, source: "naver-fchart" }).filter(
    (b) => b.day >= FIRST_DAY && b.day <= LAST_DAY,
  );
  const days = bars.map((b) => b.day);
  if (days.join() !== expectedDays.join()) {
    const missing = expectedDays.filter((d) => !days.includes(d));
    const extra = days.filter((d) => !expectedDays.includes(d));
    fail(
      `${src.file}: sessions differ from the KRX calendar (missing ${missing.join(" ")}; extra ${extra.join(" ")})`,
    );
  }

  // The source's Change column is pandas' pct_change of Close; ours must agree to rounding.
  const change = new Map(
    readCsv(bytes.toString("utf8"))
      .slice(1)
      .map((r) => [r[0]!, Number(r[6])]),
  );
  for (const r of dailyReturns(bars).slice(1)) {
    const theirs = change.get(r.day);
    if (theirs === undefined || Math.abs(theirs - r.ret!) > 1e-9)
      fail(`${src.ticker} ${r.day}: return ${r.ret} ≠ ${theirs}`);
  }
  const returns = new Map(dailyReturns(bars).map((r) => [r.day, r]));
  for (const k of KNOWN_CLOSES.filter((k) => k.ticker === src.ticker)) {
    const r = returns.get(k.day);
    if (r?.close !== k.close) fail(`${src.ticker} ${k.day}: close ${r?.close} ≠ ${k.close}`);
    if (k.pct && (r.ret! * 100).toFixed(2) !== k.pct)
      fail(`${src.ticker} ${k.day}: return ${r.ret} ≠ ${k.pct} %`);
  }

  const out = path.join(root, "data", "prices", `${src.ticker}.csv`);
  writeFileSync(
    out,
    formatPriceCsv(bars, [
      `${src.name} (${src.ticker}) daily KRX prices, ${FIRST_DAY} .. ${LAST_DAY}, ${bars.length} sessions, KRW, split-adjusted`,
      "(no corporate action in this window, so equal to the raw prints).",
      `Derived by scripts/import-shared-prices.ts from ../shared/data/stocks/${src.file} (sha256 ${src.sha256}),`,
      "itself an extract of GitHub gyuchang1/stock_anal stock_data/ at commit a80edcb8d81e467418516165b45d67f538e57612,",
      "which FinanceDataReader fetched from Naver's chart endpoint (fchart.stock.naver.com/sise.nhn). That repository",
      "has no license: prices are public market facts; re-fetch from a primary source (yeoron prices fetch) before",
      "publishing. Checked against the KRX 2022 calendar (data/calendar/krx-holidays-2022.csv) and press reports",
      "(Kakao 2022-10-17 close 48,350, -5.93 %). Columns: see docs/formats.md / src/extract/prices.ts.",
    ]),
  );
  process.stdout.write(`${out}: ${bars.length} sessions ${bars[0]!.day} .. ${bars.at(-1)!.day}\n`);
}
