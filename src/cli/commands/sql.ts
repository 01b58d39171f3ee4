import { appendFileSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { type Command, Option } from "commander";
import { CliError, ConfigError } from "../../shared/errors.js";
import { Store } from "../../store/db.js";
import { runQuery } from "../../store/query.js";
import type { Context } from "../context.js";
import { formatRows, OUTPUT_FORMATS, type OutputFormat } from "../format.js";
import { action } from "../program.js";

interface SqlOptions {
  format: OutputFormat;
  write?: boolean;
}

export function registerSql(program: Command): void {
  program
    .command("sql")
    .description("run SQL against the DB (read-only unless --write); with no query, an interactive prompt")
    .argument("[query]", "SQL to run; several statements separated by ; print the last result")
    .addOption(
      new Option("-f, --format <format>", "output format")
        .choices(OUTPUT_FORMATS as string[])
        .default("table"),
    )
    .option("--write", "open the DB for writing (waits for a running writer to finish)")
    .action(
      action(async (ctx, query: string | undefined, opts: SqlOptions) => {
        if (query !== undefined && query.trim() === "") throw new ConfigError("sql: the query is empty");
        if (opts.write) {
          const store = await Store.open(ctx.dbPath);
          try {
            await runAndPrint(ctx, store, query, opts.format);
          } finally {
            store.close();
          }
          return;
        }
        await ctx.withReader(async (h) => {
          if (h.source === "snapshot") {
            ctx.log.info(
              { snapshotAt: h.snapshotAt?.toISOString() },
              "a writer holds the DB: reading the latest snapshot",
            );
          }
          await runAndPrint(ctx, h.store, query, opts.format);
        });
      }),
    );
}

async function runAndPrint(
  ctx: Context,
  store: Store,
  query: string | undefined,
  format: OutputFormat,
): Promise<void> {
  if (query !== undefined) {
    const r = await runQuery(store, query);
    ctx.stdout.write(formatRows(format, r.columns, r.rows, r.types));
    return;
  }
  await repl(ctx, store, format);
}

const HISTORY_FILE = path.join(homedir(), ".yeoron_sql_history");
const HISTORY_SIZE = 500;

/** A small REPL: statements end with `;`, history in ~/.yeoron_sql_history, errors print and the prompt goes on. */
async function repl(ctx: Context, store: Store, format: OutputFormat): Promise<void> {
  let history: string[] = [];
  try {
    history = readFileSync(HISTORY_FILE, "utf8").split("\n").filter(Boolean).reverse().slice(0, HISTORY_SIZE);
  } catch {
    // no history yet
  }
  const rl = createInterface({
    input: process.stdin,
    output: process.stdout,
    terminal: Boolean(process.stdin.isTTY),
    history,
    historySize: HISTORY_SIZE,
    prompt: "yeoron> ",
  });
  let buffer = "";
  rl.prompt();
  for await (const line of rl) {
    buffer += (buffer ? "\n" : "") + line;
    if (!buffer.trim().endsWith(";")) {
      if (buffer.trim() === "") buffer = "";
      rl.setPrompt(buffer ? "   ...> " : "yeoron> ");
      rl.prompt();
      continue;
    }
    const sql = buffer;
    buffer = "";
    try {
      appendFileSync(HISTORY_FILE, `${sql.replace(/\n/g, " ")}\n`);
    } catch {
      // history is a convenience
    }
    try {
      const r = await runQuery(store, sql);
      ctx.stdout.write(formatRows(format, r.columns, r.rows, r.types));
    } catch (err) {
      ctx.stderr.write(`error: ${err instanceof CliError ? err.message : String(err)}\n`);
    }
    rl.setPrompt("yeoron> ");
    rl.prompt();
  }
}
