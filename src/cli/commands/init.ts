import type { Command } from "commander";
import { Store } from "../../store/db.js";
import { publishSnapshot } from "../../store/snapshot.js";
import { action } from "../program.js";

export function registerInit(program: Command): void {
  program
    .command("init")
    .description("create the DuckDB file or migrate it to the current schema (safe to run again)")
    .action(
      action(async (ctx) => {
        const store = await Store.open(ctx.dbPath, { migrate: false });
        try {
          const before = await store.schemaVersion();
          const { applied, version } = await store.migrate();
          await publishSnapshot(store);
          const what = applied.length ? `applied ${applied.join(", ")}` : "already up to date";
          ctx.stdout.write(`${ctx.dbPath}: schema version ${version} (was ${before}; ${what})\n`);
        } finally {
          store.close();
        }
      }),
    );
}
