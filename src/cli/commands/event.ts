import { type Command, Option } from "commander";
import { ConfigError } from "../../shared/errors.js";
import { type ExpectedReturnModel, eventStudy, laggedCorrelation } from "../../store/event.js";
import { formatRows, OUTPUT_FORMATS, type OutputFormat } from "../format.js";
import { action } from "../program.js";

interface EventOptions {
  date?: string;
  window: string;
  estimation?: string;
  ticker?: string;
  model?: ExpectedReturnModel;
  lagCorr?: string | true;
  audience: "public" | "press";
  measure: "return" | "abnormal_return";
  format: OutputFormat;
}

/** Lags asked for when `--lag-corr` has no number: a trading week. */
const DEFAULT_MAX_LAG = 5;

/** `-1,+5` → [-1, 5]. */
export function parseWindow(flag: string, v: string): [number, number] {
  const m = /^\s*([+-]?\d+)\s*,\s*([+-]?\d+)\s*$/.exec(v);
  if (!m) throw new ConfigError(`${flag}: "${v}" — expected two trading-day offsets like -1,+5`);
  const a = Number(m[1]);
  const b = Number(m[2]);
  if (a > b) throw new ConfigError(`${flag}: "${v}" — the start is after the end`);
  return [a, b];
}

const pct = (x: number | null) => (x === null ? null : Math.round(x * 10000) / 100);

export function registerEvent(program: Command): void {
  program
    .command("event")
    .description(
      "event study: abnormal returns against the control ticker (or a market model when an index is stored) and CAR",
    )
    .option("--date <day>", "event date YYYY-MM-DD (KST); day 0 is the first trading day on or after it")
    .option("--window <a,b>", "event window in trading days around day 0", "-1,+5")
    .option("--estimation <a,b>", "estimation window in trading days (default -120,-11)")
    .option("-t, --ticker <code>", "the ticker (default: report.subject in the config)")
    .addOption(
      new Option("--model <model>", "expected-return model (default: market if an index is stored)").choices([
        "control",
        "market",
      ]),
    )
    .option(
      "--lag-corr [maxLag]",
      "instead: correlation of daily sentiment with returns 0..maxLag trading days later",
    )
    .addOption(
      new Option("--audience <who>", "sentiment for --lag-corr")
        .choices(["public", "press"])
        .default("public"),
    )
    .addOption(
      new Option("--measure <m>", "returns for --lag-corr")
        .choices(["return", "abnormal_return"])
        .default("return"),
    )
    .addOption(
      new Option("-f, --format <format>", "output format")
        .choices(OUTPUT_FORMATS as string[])
        .default("table"),
    )
    .action(
      action(async (ctx, opts: EventOptions) => {
        const ticker = opts.ticker ?? ctx.config.report.subject;
        if (opts.lagCorr !== undefined) {
          const maxLag = opts.lagCorr === true ? DEFAULT_MAX_LAG : Number(opts.lagCorr);
          if (!Number.isInteger(maxLag) || maxLag < 0 || maxLag > 60) {
            throw new ConfigError(
              `--lag-corr: "${opts.lagCorr}" — expected a whole number of trading days 0..60`,
            );
          }
          await ctx.withReader(async (h) => {
            const rows = await laggedCorrelation(h.store, ticker, maxLag, {
              audience: opts.audience,
              measure: opts.measure,
            });
            ctx.stdout.write(
              formatRows(
                opts.format,
                ["lag", "n", "r"],
                rows.map((r) => [r.lag, r.n, r.r === null ? null : Math.round(r.r * 1000) / 1000]),
              ),
            );
          });
          return;
        }
        if (!opts.date) throw new ConfigError("event: give --date YYYY-MM-DD (or --lag-corr)");
        if (!/^\d{4}-\d{2}-\d{2}$/.test(opts.date))
          throw new ConfigError(`--date: "${opts.date}" — expected YYYY-MM-DD`);
        const window = parseWindow("--window", opts.window);
        const estimation = opts.estimation ? parseWindow("--estimation", opts.estimation) : undefined;
        await ctx.withReader(async (h) => {
          const study = await eventStudy(h.store, {
            ticker,
            date: opts.date!,
            window,
            estimation,
            model: opts.model,
          });
          const rows = study.rows.map((r) => [
            r.rel,
            r.day,
            r.close,
            pct(r.ret),
            pct(r.benchmarkRet),
            pct(r.expected),
            pct(r.abnormal),
            pct(r.car),
          ]);
          ctx.stdout.write(
            formatRows(
              opts.format,
              ["rel", "day", "close", "return_%", "benchmark_%", "expected_%", "ar_%", "car_%"],
              rows,
            ),
          );
          if (opts.format === "table") {
            const fit =
              study.model === "market"
                ? `, alpha ${study.alpha?.toExponential(3)}, beta ${study.beta?.toFixed(3)}`
                : "";
            ctx.stdout.write(
              `${study.ticker}: day 0 = ${study.eventDay}; model ${study.model} against ${study.benchmark}${fit}; ` +
                `CAR[${window[0]},${window[1]}] = ${pct(study.car)} %` +
                (study.tStat === null
                  ? ` (no t statistic: ${study.estimationDays} estimation days)\n`
                  : `, t = ${study.tStat.toFixed(2)} (σ_AR ${pct(study.sigma)} % over ${study.estimationDays} estimation days)\n`),
            );
          }
        });
      }),
    );
}
