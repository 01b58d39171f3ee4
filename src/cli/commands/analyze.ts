import type { Command } from "commander";
import { ConfigError } from "../../shared/errors.js";
import { analyzeNew } from "../../store/analysis.js";
import { formatTable } from "../format.js";
import { action } from "../program.js";
import { abortOnSignals } from "./crawl.js";

export function registerAnalyze(program: Command): void {
  program
    .command("analyze")
    .description(
      "score every document and comment not yet scored by this analyzer version (worker pool over all cores)",
    )
    .option("--workers <n>", "worker threads (default: cores, at most 4)")
    .option("--lexicon-only", "rules and lexicons only, without the learned complement")
    .action(
      action(async (ctx, opts: { workers?: string; lexiconOnly?: boolean }) => {
        const workers = opts.workers === undefined ? undefined : Number(opts.workers);
        if (workers !== undefined && (!Number.isInteger(workers) || workers < 1 || workers > 32)) {
          throw new ConfigError(`--workers: "${opts.workers}" — expected a whole number from 1 to 32`);
        }
        const { signal, dispose } = abortOnSignals(ctx);
        try {
          await ctx.withWriter(async (store) => {
            const s = await analyzeNew(store, {
              signal,
              workers,
              mode: opts.lexiconOnly ? "lexicon" : "hybrid",
              log: ctx.log,
            });
            ctx.stdout.write(
              formatTable(
                ["analyzer", "documents", "comments", "sentences", "statement mentions"],
                [[s.analyzerVersion, s.documents, s.comments, s.sentences, s.mentions]],
              ),
            );
            if (s.interrupted) ctx.stdout.write("interrupted: run the same command again to continue\n");
          });
        } finally {
          dispose();
        }
      }),
    );
}
