import path from "node:path";
import type { Command } from "commander";
import { writeNotebook } from "../../report/notebook/run.js";
import { CliError, ConfigError } from "../../shared/errors.js";
import { action } from "../program.js";

export function registerNotebook(program: Command): void {
  program
    .command("notebook")
    .description(
      "run a Markdown notebook's ```sql blocks against the DB and write HTML with tables and charts",
    )
    .argument("<file>", "notebook, e.g. notebooks/outage-week.md")
    .option("--out <dir>", "output directory (default <report.outDir>/notebooks)")
    .action(
      action(async (ctx, file: string, opts: { out?: string }) => {
        if (!/\.(md|markdown)$/i.test(file)) throw new ConfigError(`notebook: ${file} is not a .md file`);
        const outDir = opts.out ?? path.join(ctx.config.report.outDir, "notebooks");
        await ctx.withReader(async (h) => {
          let result: Awaited<ReturnType<typeof writeNotebook>>;
          try {
            result = await writeNotebook(h.store, file, outDir);
          } catch (err) {
            if ((err as NodeJS.ErrnoException).code === "ENOENT")
              throw new ConfigError(`notebook: cannot read ${file}`);
            throw err;
          }
          ctx.stdout.write(`${result.output}\n`);
          if (result.failures.length > 0) {
            const first = result.failures[0]!;
            throw new CliError(
              `${file}: ${result.failures.length} of ${result.queries} blocks failed (first at line ${first.line}: ${first.message}); errors are shown in ${result.output}`,
            );
          }
        });
      }),
    );
}
