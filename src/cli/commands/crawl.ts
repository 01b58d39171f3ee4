import { readFileSync } from "node:fs";
import path from "node:path";
import type { Command } from "commander";
import { decodeBody } from "../../crawl/charset.js";
import { crawlSummaryRows, createFetcher, createHttpTransport } from "../../crawl/index.js";
import { extractArticle } from "../../extract/article.js";
import { isSiteId, SITE_ADAPTERS } from "../../extract/sites/index.js";
import { CliError, ConfigError } from "../../shared/errors.js";
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
    .description(
      "extract one saved page, or fetch one URL (politely), and print the document as JSON; nothing is stored",
    )
    .argument("<file|url>", "an HTML file, or an http(s) URL to fetch")
    .option(
      "--url <url>",
      "the saved page's original URL (chooses the site adapter; default: a local placeholder)",
    )
    .option("--site <site>", `force an adapter: ${Object.keys(SITE_ADAPTERS).join(", ")}`)
    .action(
      action(async (ctx, target: string, opts: { url?: string; site?: string }) => {
        if (opts.site !== undefined && !isSiteId(opts.site)) {
          throw new ConfigError(
            `--site: "${opts.site}" — expected one of ${Object.keys(SITE_ADAPTERS).join(", ")}`,
          );
        }
        let html: string;
        let url: string;
        let fetchedAt = new Date();
        if (/^https?:\/\//i.test(target)) {
          // The same polite fetcher as a crawl: robots.txt, User-Agent, retries, charset detection.
          const fetcher = createFetcher({
            settings: ctx.config.fetch,
            transport: createHttpTransport(),
            runId: "extract",
            saveRaw: async () => {},
            log: ctx.log,
          });
          try {
            const r = await fetcher.fetch({ url: target, kind: "article", sourceId: "extract" });
            if (r.outcome !== "ok" || r.text === undefined || !r.raw) {
              throw new CliError(`${target}: ${r.outcome}${r.detail ? ` (${r.detail})` : ""}`);
            }
            html = r.text;
            url = r.raw.finalUrl;
            fetchedAt = r.raw.fetchedAt;
          } finally {
            await fetcher.close();
          }
        } else {
          let bytes: Buffer;
          try {
            bytes = readFileSync(target);
          } catch (err) {
            throw new ConfigError(
              `${target}: cannot read (${(err as NodeJS.ErrnoException).code ?? "error"})`,
            );
          }
          html = decodeBody(bytes, null).text;
          // Extraction wants an http(s) URL; a saved page without --url gets a placeholder on localhost.
          url = opts.url ?? `http://localhost/${encodeURIComponent(path.basename(target))}`;
        }
        const doc = extractArticle({ html, url, fetchedAt, site: opts.site as never });
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
