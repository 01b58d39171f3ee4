/**
 * `yeoron score`: one text per line in (a file or stdin), JSON Lines out — the contract evaluation and other
 * tools rely on: {text, label, compound, terms, statements: [{id, role, stance}]}. One output line per input
 * line, in order.
 */
import { createReadStream, existsSync } from "node:fs";
import { createInterface } from "node:readline";
import type { Command } from "commander";
import { createAnalyzer } from "../../nlp/analyzer.js";
import { ConfigError } from "../../shared/errors.js";
import { action } from "../program.js";

interface ScoreOptions {
  file?: string;
  binary?: boolean;
  explain?: boolean;
  lexiconOnly?: boolean;
}

export function registerScore(program: Command): void {
  program
    .command("score")
    .description(
      "score text lines (stdin or --file) and print JSON Lines: label, compound, terms, statements",
    )
    .option("--file <file>", "read lines from this file instead of stdin")
    .option("--binary", "force pos/neg (for two-class corpora)")
    .option("--explain", "add each sentence with its speaker, score and the terms that decided it")
    .option("--lexicon-only", "rules and lexicons only, without the learned complement")
    .action(
      action(async (ctx, opts: ScoreOptions) => {
        if (opts.file && !existsSync(opts.file)) throw new ConfigError(`--file: ${opts.file} does not exist`);
        const analyzer = await createAnalyzer({
          mode: opts.lexiconOnly ? "lexicon" : "hybrid",
          binary: opts.binary,
        });
        const input = opts.file ? createReadStream(opts.file, "utf8") : process.stdin;
        const rl = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
        for await (const raw of rl) {
          const text = raw.normalize("NFC");
          const line: Record<string, unknown> = { ...analyzer.scoreLine(text) };
          if (opts.explain) {
            const a = analyzer.analyzeText(text);
            line.lexiconCompound = a.score.lexiconCompound;
            line.modelProb = a.score.modelProb;
            line.sentences = a.sentences.map((s) => ({
              text: s.text,
              speaker: s.speaker,
              isQuote: s.isQuote,
              label: s.score.label,
              compound: s.score.compound,
              terms: s.score.terms,
              statements: s.statements.map((m) => ({ id: m.statementId, role: m.role, stance: m.stance })),
            }));
          }
          if (!ctx.stdout.write(`${JSON.stringify(line)}\n`))
            await new Promise((r) => ctx.stdout.once("drain", r));
        }
      }),
    );
}
