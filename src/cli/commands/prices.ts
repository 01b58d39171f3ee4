import { readFileSync } from "node:fs";
import { type Command, Option } from "commander";
import { kstDay, type PriceSourceId } from "../../crawl/prices.js";
import { PRICE_FORMATS, type PriceFormat, parsePrices, sniffPriceFormat } from "../../extract/prices.js";
import { CliError, ConfigError } from "../../shared/errors.js";
import type { PriceBar } from "../../shared/types.js";
import { DuckCrawlStore } from "../../store/crawl-store.js";
import {
  fetchAndStorePrices,
  loadBundledPrices,
  priceCoverage,
  upsertPrices,
  writeReferenceData,
} from "../../store/prices.js";
import { finishRun, newRunId, startRun } from "../../store/runs.js";
import { formatTable } from "../format.js";
import { runFetcher } from "../pipeline.js";
import { action } from "../program.js";

/** Without --from, fetch about a year back: enough for a 120-session estimation window before recent events. */
const DEFAULT_LOOKBACK_DAYS = 400;

interface FetchOptions {
  ticker?: string[];
  from?: string;
  to?: string;
  naverBase?: string;
  yahooBase?: string;
  only?: PriceSourceId;
}

interface ImportOptions {
  ticker?: string;
  format?: PriceFormat;
}

function checkDay(flag: string, v: string | undefined): string | undefined {
  if (v === undefined) return undefined;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v) || Number.isNaN(Date.parse(`${v}T00:00:00Z`))) {
    throw new ConfigError(`${flag}: "${v}" — expected a day YYYY-MM-DD`);
  }
  return v;
}

function checkUrl(flag: string, v: string | undefined): string | undefined {
  if (v === undefined) return undefined;
  try {
    new URL(v);
  } catch {
    throw new ConfigError(`${flag}: "${v}" — expected an absolute URL`);
  }
  return v;
}

function summaryRows(bars: readonly PriceBar[]): unknown[][] {
  const by = new Map<string, PriceBar[]>();
  for (const b of bars) by.set(b.ticker, [...(by.get(b.ticker) ?? []), b]);
  return [...by].map(([t, bs]) => [
    t,
    bs.length,
    bs[0]!.day,
    bs.at(-1)!.day,
    bs.at(-1)!.close,
    bs[0]!.source,
  ]);
}

export function registerPrices(program: Command): void {
  const prices = program.command("prices").description("daily stock prices: fetch, import, list");

  prices
    .command("fetch")
    .description(
      "fetch daily prices from Naver's chart XML (Yahoo's chart API as the fallback) and store them",
    )
    .option("-t, --ticker <code...>", "KRX code(s), e.g. 035720 (default: every ticker in the config)")
    .option("--from <day>", `first day, YYYY-MM-DD (default ${DEFAULT_LOOKBACK_DAYS} days ago)`)
    .option("--to <day>", "last day, YYYY-MM-DD (default today in Seoul)")
    .option("--naver-base <url>", "Naver chart endpoint (a mirror or test server)")
    .option("--yahoo-base <url>", "Yahoo chart endpoint, without the symbol")
    .addOption(new Option("--only <source>", "ask one source only").choices(["naver", "yahoo"]))
    .action(
      action(async (ctx, opts: FetchOptions) => {
        const today = kstDay(new Date());
        const to = checkDay("--to", opts.to) ?? today;
        const from =
          checkDay("--from", opts.from) ??
          kstDay(new Date(Date.parse(`${to}T00:00:00Z`) - DEFAULT_LOOKBACK_DAYS * 86_400_000));
        if (from > to) throw new ConfigError(`--from ${from} is after --to ${to}`);
        const naverBase = checkUrl("--naver-base", opts.naverBase);
        const yahooBase = checkUrl("--yahoo-base", opts.yahooBase);
        const wanted = opts.ticker ?? ctx.config.tickers.map((t) => t.ticker);
        const failed: string[] = [];
        await ctx.withWriter(async (store) => {
          const runId = await startRun(store, "prices", newRunId("prices"));
          const crawlStore = new DuckCrawlStore(store);
          const fetcher = runFetcher(ctx, crawlStore, runId);
          const rows: unknown[][] = [];
          try {
            await writeReferenceData(store, ctx.config.tickers);
            for (const ticker of wanted) {
              const cfg = ctx.config.tickers.find((t) => t.ticker === ticker);
              const got = await fetchAndStorePrices(
                store,
                { fetcher, crawlStore, runId, now: () => new Date() },
                { ticker, yahooSymbol: cfg?.yahoo, from, to, today, naverBase, yahooBase, only: opts.only },
              );
              for (const a of got.attempts) {
                if (a.outcome !== "ok")
                  ctx.log.warn(
                    { ticker, source: a.source, outcome: a.outcome, detail: a.detail },
                    "price source failed",
                  );
              }
              if (!got.bars) {
                failed.push(ticker);
                rows.push([
                  ticker,
                  0,
                  null,
                  null,
                  null,
                  got.attempts.map((a) => `${a.source}:${a.outcome}`).join(" "),
                ]);
                continue;
              }
              rows.push(...summaryRows(got.bars));
            }
          } finally {
            await fetcher.close();
            await finishRun(store, runId, failed.length ? "failed" : "ok", {
              tickers: wanted,
              failed,
              from,
              to,
            });
          }
          ctx.stdout.write(
            formatTable(["ticker", "sessions", "first", "last", "last close", "source"], rows),
          );
        });
        if (failed.length)
          throw new CliError(`no prices for ${failed.join(", ")} from any source (see the warnings)`);
      }),
    );

  prices
    .command("import")
    .description(
      "store prices from a file: Naver chart XML, Yahoo chart JSON, a KRX CSV download, a Yahoo CSV or ours",
    )
    .argument("<file>", "the file (EUC-KR or UTF-8)")
    .option("-t, --ticker <code>", "the ticker the file is for (KRX and Yahoo CSVs do not say)")
    .addOption(
      new Option("--format <format>", "file format (default: sniffed)").choices(PRICE_FORMATS as string[]),
    )
    .action(
      action(async (ctx, file: string, opts: ImportOptions) => {
        let bytes: Buffer;
        try {
          bytes = readFileSync(file);
        } catch (err) {
          throw new ConfigError(`${file}: cannot read (${(err as NodeJS.ErrnoException).code ?? "error"})`);
        }
        let bars: PriceBar[];
        try {
          const format = opts.format ?? sniffPriceFormat(bytes);
          if ((format === "krx" || format === "yahoo-csv") && !opts.ticker) {
            throw new ConfigError(`${file}: a ${format} file does not name its ticker: give --ticker`);
          }
          bars = parsePrices(format, bytes, { ticker: opts.ticker, source: `import:${format}` });
        } catch (err) {
          if (err instanceof ConfigError) throw err;
          throw new ConfigError(`${file}: ${err instanceof Error ? err.message : String(err)}`);
        }
        if (bars.length === 0) throw new CliError(`${file}: no price rows`);
        await ctx.withWriter(async (store) => {
          await store.transaction(async () => {
            await writeReferenceData(store, ctx.config.tickers);
            await upsertPrices(store, bars);
          });
        });
        ctx.stdout.write(
          formatTable(["ticker", "sessions", "first", "last", "last close", "source"], summaryRows(bars)),
        );
      }),
    );

  prices
    .command("bundled")
    .description("load the bundled offline prices (data/prices/*.csv) and the KRX calendar")
    .action(
      action(async (ctx) => {
        const r = await ctx.withWriter((store) => loadBundledPrices(store, { tickers: ctx.config.tickers }));
        ctx.stdout.write(
          `${r.bars} sessions from ${r.files.length} files, ${r.holidays} holidays, ${r.tickers} tickers\n`,
        );
      }),
    );

  prices
    .command("list")
    .description("stored prices per ticker: sessions, first and last day")
    .action(
      action(async (ctx) => {
        await ctx.withReader(async (h) => {
          const cov = await priceCoverage(h.store);
          ctx.stdout.write(
            formatTable(
              ["ticker", "name", "role", "sessions", "first", "last"],
              cov.map((c) => [c.ticker, c.name, c.role, c.sessions, c.first, c.last]),
            ),
          );
        });
      }),
    );
}
