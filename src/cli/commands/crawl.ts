import { readFileSync } from "node:fs";
import type { Command } from "commander";
import { decodeBody } from "../../crawl/charset.js";
import { crawlSummaryRows } from "../../crawl/index.js";
import { extractArticle } from "../../extract/article.js";
import { isSiteId, SITE_ADAPTERS } from "../../extract/sites/index.js";
import { ConfigError } from "../../shared/errors.js";
import type { Context } from "../context.js";
import { formatTable } from "../format.js";
import { type CrawlCommandOptions, crawlOnce, reprocessStored } from "../pipeline.js";
import { action } from "../program.js";

/** SIGINT/SIGTERM finish the item in hand, then the run stops cleanly (a rerun continues). */
export function abortOnSignals(ctx: Context): { signal: AbortSignal; dispose: () => void } {
  const ac = new AbortController();
  const onSignal = (sig: NodeJS.Signals) => {
    if (ac.signal.aborted) return;
    ctx.log.warn({ signal: sig }, "stopping after the current item");
    ac.abort();
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  return {
    signal: ac.signal,
    dispose: () => {
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
    },
  };
}

export function registerCrawl(program: Command): void {
  program
    .command("crawl")
    .description("fetch feeds, searches, article pages and comments; store raw responses, then documents")
    .option("--source <id>", "crawl one source of the sources file")
    .option("--since <date>", "follow only items published on or after this day (KST, YYYY-MM-DD)")
    .option("--replay <dir>", "replay a recorded archive instead of the network (e.g. data/sample)")
    .option("--sources <file>", "sources file (default: the replay archive's own, else the config's)")
    .action(
      action(async (ctx, opts: CrawlCommandOptions & { sources?: string }) => {
        const { signal, dispose } = abortOnSignals(ctx);
        try {
          await ctx.withWriter(async (store) => {
            const summary = await crawlOnce(ctx, store, { ...opts, sourcesFile: opts.sources }, signal);
            const rows = crawlSummaryRows(summary);
            const cols = Object.keys(rows[0] ?? {});
            ctx.stdout.write(
              formatTable(
                cols,
                rows.map((r) => cols.map((c) => r[c] ?? null)),
              ),
            );
            if (summary.interrupted)
              ctx.stdout.write("interrupted: run the same command again to continue\n");
          });
        } finally {
          dispose();
        }
      }),
    );

  program
    .command("extract")
    .description("extract one saved page or fetched URL and print the document as JSON (nothing is stored)")
    .argument("<file>", "an HTML file")
    .option("--url <url>", "the page's URL (chooses the site adapter; default file://…)")
    .option("--site <site>", `force an adapter: ${Object.keys(SITE_ADAPTERS).join(", ")}`)
    .action(
      action(async (ctx, file: string, opts: { url?: string; site?: string }) => {
        if (opts.site !== undefined && !isSiteId(opts.site)) {
          throw new ConfigError(
            `--site: "${opts.site}" — expected one of ${Object.keys(SITE_ADAPTERS).join(", ")}`,
          );
        }
        let bytes: Buffer;
        try {
          bytes = readFileSync(file);
        } catch (err) {
          throw new ConfigError(`${file}: cannot read (${(err as NodeJS.ErrnoException).code ?? "error"})`);
        }
        const { text } = decodeBody(bytes, null);
        const doc = extractArticle({
          html: text,
          url: opts.url ?? `file://${file}`,
          fetchedAt: new Date(),
          site: opts.site as never,
        });
        ctx.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
      }),
    );

  program
    .command("reprocess")
    .description("re-extract every stored article page from its raw response (no network)")
    .action(
      action(async (ctx) => {
        await ctx.withWriter(async (store) => {
          const r = await reprocessStored(ctx, store);
          ctx.stdout.write(
            formatTable(
              ["pages", "stored", "duplicates", "not articles"],
              [[r.seen, r.stored, r.duplicates, r.notArticle]],
            ),
          );
        });
      }),
    );
}
