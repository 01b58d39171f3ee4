import path from "node:path";
import type { Command } from "commander";
import { writeReport } from "../../report/write.js";
import { ConfigError } from "../../shared/errors.js";
import { action } from "../program.js";

interface ReportOptions {
  week: string;
  out?: string;
  subject?: string;
}

export function registerReport(program: Command): void {
  program
    .command("report")
    .description(
      "write the weekly report (index.html, report.md, charts/*.svg, data/*.csv) and print the path of index.html",
    )
    .requiredOption("--week <week>", "ISO week in Korean time, e.g. 2022-W42")
    .option(
      "--out <dir>",
      "output directory (the report goes to DIR/WEEK/; default report.outDir in the config)",
    )
    .option("--subject <ticker>", "ticker the report follows (default report.subject in the config)")
    .action(
      action(async (ctx, opts: ReportOptions) => {
        const outDir = opts.out ?? ctx.config.report.outDir;
        if (!outDir.trim()) throw new ConfigError("report: --out needs a directory");
        await ctx.withReader(async (h) => {
          if (h.source === "snapshot") {
            ctx.log.info(
              { snapshotAt: h.snapshotAt?.toISOString() },
              "a writer holds the DB: reporting from the latest snapshot",
            );
          }
          const started = Date.now();
          const written = await writeReport(h.store, {
            week: opts.week,
            outDir,
            subject: opts.subject ?? ctx.config.report.subject,
          });
          ctx.log.debug({ files: written.files.length, ms: Date.now() - started }, "report written");
          ctx.stdout.write(`${path.join(written.dir, "index.html")}\n`);
        });
      }),
    );
}
