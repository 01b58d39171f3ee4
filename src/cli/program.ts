/**
 * The `yeoron` command tree. Each command file registers itself; errors carry their exit code
 * (0 ok, 1 failed, 2 bad usage or config) and print one line (the stack only with --verbose).
 */
import { Command, CommanderError, Option } from "commander";
import { describeError, EXIT_FAILED, EXIT_USAGE, YeoronError } from "../shared/errors.js";
import { registerAnalyze } from "./commands/analyze.js";
import { registerCrawl } from "./commands/crawl.js";
import { registerEvent } from "./commands/event.js";
import { registerExport } from "./commands/export.js";
import { registerInit } from "./commands/init.js";
import { registerNotebook } from "./commands/notebook.js";
import { registerPrices } from "./commands/prices.js";
import { registerReport } from "./commands/report.js";
import { registerRun } from "./commands/run.js";
import { registerSchedule } from "./commands/schedule.js";
import { registerScore } from "./commands/score.js";
import { registerSql } from "./commands/sql.js";
import { registerStatus } from "./commands/status.js";
import { type Context, createContext, type GlobalOptions } from "./context.js";

export const VERSION = "0.1.0";

let current: Command | undefined;

/** Wraps a command body: builds the context from the global options and maps errors to exit codes. */
export function action<A extends unknown[]>(fn: (ctx: Context, ...args: A) => Promise<void>) {
  return async (...args: A): Promise<void> => {
    const global = (current?.opts() ?? {}) as GlobalOptions;
    const ctx = createContext(global);
    await fn(ctx, ...args);
  };
}

export function buildProgram(): Command {
  const program = new Command("yeoron");
  current = program;
  program
    .description(
      "Korean press-and-public sentiment beside the stock price: crawl, extract, score, store, report",
    )
    .version(VERSION)
    .addOption(new Option("-c, --config <file>", "config file (default ./yeoron.config.yaml when present)"))
    .addOption(new Option("--db <file>", "DuckDB file (default data/yeoron.duckdb; env YEORON_DB)"))
    .option("-v, --verbose", "debug logging and stack traces")
    .option("-q, --quiet", "warnings and errors only")
    .showHelpAfterError("(run with --help for usage)")
    .exitOverride();
  program.configureOutput({ outputError: (str, write) => write(str) });
  registerInit(program);
  registerStatus(program);
  registerRun(program);
  registerSchedule(program);
  registerCrawl(program);
  registerAnalyze(program);
  registerScore(program);
  registerSql(program);
  registerExport(program);
  registerPrices(program);
  registerEvent(program);
  registerReport(program);
  registerNotebook(program);
  for (const cmd of program.commands) cmd.exitOverride();
  return program;
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version exit through here with code 0.
      if (err.exitCode === 0) return 0;
      return EXIT_USAGE;
    }
    const verbose = argv.includes("--verbose") || argv.includes("-v");
    process.stderr.write(`yeoron: ${describeError(err, verbose)}\n`);
    return err instanceof YeoronError ? err.exitCode : EXIT_FAILED;
  }
}
