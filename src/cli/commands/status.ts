import type { Command } from "commander";
import { collectStatus } from "../../store/status.js";
import { formatTable } from "../format.js";
import { action } from "../program.js";

export function registerStatus(program: Command): void {
  program
    .command("status")
    .description("schema version, row counts per table, last runs")
    .option("--json", "machine-readable output for monitoring")
    .action(
      action(async (ctx, opts: { json?: boolean }) => {
        await ctx.withReader(async (h) => {
          const s = await collectStatus(h.store);
          const source = h.source === "snapshot" ? `snapshot of ${h.snapshotAt?.toISOString()}` : "live";
          if (opts.json) {
            ctx.stdout.write(`${JSON.stringify({ ...s, readFrom: source }, null, 2)}\n`);
            return;
          }
          const mb = s.dbBytes === null ? "?" : (s.dbBytes / 1e6).toFixed(1);
          ctx.stdout.write(
            `database  ${ctx.dbPath} (${mb} MB, read from ${source})\nschema    version ${s.schemaVersion}\nanalyzer  ${s.analyzerVersion ?? "(nothing analysed yet)"}\n\n`,
          );
          ctx.stdout.write(
            formatTable(
              ["table", "rows"],
              s.tables.map((t) => [t.table, t.rows]),
            ),
          );
          ctx.stdout.write("\nlast runs\n");
          if (s.lastRuns.length === 0) ctx.stdout.write("(none yet)\n");
          else
            ctx.stdout.write(
              formatTable(
                ["run", "command", "started (UTC)", "finished (UTC)", "status"],
                s.lastRuns.map((r) => [
                  r.runId,
                  r.command,
                  r.startedAt.slice(0, 19),
                  r.finishedAt?.slice(0, 19) ?? null,
                  r.status,
                ]),
              ),
            );
        });
      }),
    );
}
