import type { Command } from "commander";
import { ConfigError } from "../../shared/errors.js";
import { exportParquet } from "../../store/export.js";
import { formatTable } from "../format.js";
import { action } from "../program.js";

export function registerExport(program: Command): void {
  program
    .command("export")
    .description(
      "write every table as Parquet, partitioned by Korean day where the table has a date (Hive layout)",
    )
    .requiredOption("--parquet <dir>", "target directory (each table in DIR/<table>/)")
    .action(
      action(async (ctx, opts: { parquet: string }) => {
        if (!opts.parquet.trim()) throw new ConfigError("export: --parquet needs a directory");
        await ctx.withReader(async (h) => {
          const results = await exportParquet(h.store, opts.parquet);
          if (!ctx.quiet)
            ctx.stdout.write(
              formatTable(
                ["table", "rows", "partitioned by day", "path"],
                results.map((r) => [r.table, r.rows, r.partitioned ? "yes" : "no", r.path]),
              ),
            );
        });
      }),
    );
}
