/**
 * `yeoron run`: the whole pipeline once — crawl, prices, analyze, report. `--sample` replays the bundled
 * archive offline (this is `npm start`); `--job NAME` runs one scheduled job once (for system cron).
 */

import { existsSync } from "node:fs";
import path from "node:path";
import type { Command } from "commander";
import { crawlSummaryRows } from "../../crawl/index.js";
import { isoWeekOf } from "../../report/week.js";
import { writeReport } from "../../report/write.js";
import { ConfigError } from "../../shared/errors.js";
import { repoPath } from "../../shared/paths.js";
import { kstDay } from "../../shared/time.js";
import { analyzeNew } from "../../store/analysis.js";
import { loadBundledPrices } from "../../store/prices.js";
import { finishRun, startRun } from "../../store/runs.js";
import { formatTable } from "../format.js";
import { crawlOnce } from "../pipeline.js";
import { action } from "../program.js";
import { abortOnSignals } from "./crawl.js";

/** The bundled sample, found from the installed package (works from any working directory). */
export const SAMPLE_DIR = repoPath("data", "sample");
/** The week of the sample the report is about: the outage, the press conference, the share price fall. */
export const SAMPLE_WEEK = "2022-W42";

interface RunOptions {
  sample?: boolean;
  replay?: string;
  week?: string;
  out?: string;
  job?: string;
}

export function registerRun(program: Command): void {
  program
    .command("run")
    .description(
      "the whole pipeline once: crawl, prices, analyze, weekly report (--sample: offline, bundled data)",
    )
    .option("--sample", "replay the bundled sample archive (no network) and report its main week")
    .option("--replay <dir>", "replay a recorded archive instead of the network")
    .option("--week <week>", "ISO week to report (default: the sample's week, else the current week)")
    .option("--out <dir>", "report directory (default report.outDir in the config)")
    .option(
      "--job <name>",
      "run one scheduled job once, for system cron: feeds, search, comments, prices, analyze, report",
    )
    .action(
      action(async (ctx, opts: RunOptions) => {
        if (opts.sample && opts.replay)
          throw new ConfigError("run: --sample and --replay exclude each other");
        const replay = opts.sample ? SAMPLE_DIR : opts.replay;
        if (replay && !existsSync(path.join(replay, "manifest.jsonl"))) {
          throw new ConfigError(`run: ${replay} has no manifest.jsonl`);
        }
        const week = opts.week ?? (opts.sample ? SAMPLE_WEEK : isoWeekOf(kstDay(new Date())).label);
        const outDir = opts.out ?? ctx.config.report.outDir;
        const { signal, dispose } = abortOnSignals(ctx);
        const started = Date.now();
        try {
          await ctx.withWriter(async (store) => {
            const runId = await startRun(store, "run");
            try {
              ctx.log.info({ replay: replay ?? null }, "crawl");
              const crawl = await crawlOnce(ctx, store, { replay }, signal);
              const rows = crawlSummaryRows(crawl);
              const cols = Object.keys(rows[0] ?? {});
              if (!ctx.quiet)
                ctx.stdout.write(
                  formatTable(
                    cols,
                    rows.map((r) => cols.map((c) => r[c] ?? null)),
                  ),
                );
              if (replay) {
                // Recorded archives come with the real prices of their period (data/prices, with provenance).
                const loaded = await loadBundledPrices(store, { tickers: ctx.config.tickers });
                ctx.log.info(loaded, "bundled prices loaded");
              }
              if (signal.aborted) {
                await finishRun(store, runId, "interrupted", { crawl: crawl.totals });
                return;
              }
              ctx.log.info("analyze");
              const analysis = await analyzeNew(store, { signal, log: ctx.log });
              if (!ctx.quiet)
                ctx.stdout.write(
                  formatTable(
                    ["analyzer", "documents", "comments", "sentences", "statement mentions"],
                    [
                      [
                        analysis.analyzerVersion,
                        analysis.documents,
                        analysis.comments,
                        analysis.sentences,
                        analysis.mentions,
                      ],
                    ],
                  ),
                );
              const report = await writeReport(store, { week, outDir, subject: ctx.config.report.subject });
              await finishRun(store, runId, "ok", { crawl: crawl.totals, analysis, report: report.dir });
              ctx.stdout.write(`report for ${week}: ${path.join(report.dir, "index.html")}\n`);
              ctx.log.info({ seconds: (Date.now() - started) / 1000 }, "run finished");
            } catch (err) {
              await finishRun(store, runId, "failed", { error: String(err) }).catch(() => {});
              throw err;
            }
          });
        } finally {
          dispose();
        }
      }),
    );
}
