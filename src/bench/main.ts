/**
 * `npm run bench`: every benchmark the issues ask for, one section each, figures printed as they come and
 * saved to `.bench/results.json`. `npm run bench -- store crawl` runs only those sections.
 * Sections that need ../shared/data say so and are skipped; the others always run.
 */
process.env.DOTENV_CONFIG_QUIET ??= "true";

import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

type Section = { name: string; what: string; run: (dir: string) => Promise<Record<string, unknown>> };

const fmt = (n: number, digits = 1) =>
  n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });

const SECTIONS: Section[] = [
  {
    name: "store",
    what: "1,000,000 comment rows through Store.upsert vs DuckDB's COPY FROM CSV (target: store ≥ 0.5 × COPY)",
    run: async (dir) => {
      const { benchStore } = await import("./store.js");
      const r = await benchStore({ rows: 1_000_000, dir });
      console.log(
        `  store ${fmt(r.storeRowsPerSec, 0)} rows/s (${fmt(r.storeMs / 1000, 2)} s) | COPY ${fmt(r.copyRowsPerSec, 0)} rows/s (${fmt(r.copyMs / 1000, 2)} s) | ratio ${fmt(r.ratio, 2)}`,
      );
      return { ...r };
    },
  },
  {
    name: "crawl",
    what: "crawl + extract + store, 2,000 pages on 20 loopback hosts, politeness 0 (targets: ≥ 100 pages/s, peak RSS < 400 MB)",
    run: async (dir) => {
      const { benchCrawl } = await import("./crawl.js");
      const r = await benchCrawl({ hosts: 20, pagesPerHost: 100, dir });
      console.log(
        `  ${fmt(r.pagesPerSec)} pages/s (${r.pages} pages in ${fmt(r.seconds, 2)} s), peak RSS ${fmt(r.peakRssMb, 0)} MB, ${r.documents} documents`,
      );
      return { ...r };
    },
  },
  {
    name: "analyze",
    what: "yeoron analyze over the 50,000 NSMC test reviews on 2 workers vs bare single-thread kuromoji-ko (target: ≥ 1.5×) — needs ../shared/data",
    run: async (dir) => {
      const { benchAnalyze } = await import("./analyze.js");
      const r = await benchAnalyze({ dir, workers: 2 });
      console.log(
        `  analyze ${fmt(r.analyzeDocsPerSec, 0)} docs/s, ${fmt(r.analyzeMBPerSec, 3)} MB/s (${fmt(r.analyzeSeconds, 1)} s incl. worker start) | bare tokenizer ${fmt(r.bareDocsPerSec, 0)} docs/s | ${fmt(r.speedup, 2)}× | peak RSS ${fmt(r.peakRssMb, 0)} MB`,
      );
      return { ...r };
    },
  },
  {
    name: "views",
    what: "sentiment_vs_price and weekly_summary over 100,000 articles and 10,000,000 scored comments (target: < 1 s each)",
    run: async (dir) => {
      const { benchViews } = await import("./views.js");
      const r = await benchViews({ articles: 100_000, comments: 10_000_000, dir });
      console.log(
        `  sentiment_vs_price ${fmt(r.sentimentVsPriceMs)} ms | weekly_summary ${fmt(r.weeklySummaryMs)} ms | DB ${fmt(r.dbBytes / 1e9, 2)} GB | generate ${fmt(r.generateMs / 1000, 0)} s, refresh ${fmt(r.refreshMs / 1000, 1)} s`,
      );
      return { ...r };
    },
  },
];

async function main(): Promise<void> {
  const wanted = process.argv.slice(2).filter((a) => !a.startsWith("-"));
  const unknown = wanted.filter((w) => !SECTIONS.some((s) => s.name === w));
  if (unknown.length) {
    console.error(
      `bench: unknown section ${unknown.join(", ")}; sections: ${SECTIONS.map((s) => s.name).join(", ")}`,
    );
    process.exit(2);
  }
  const root = path.join(tmpdir(), `yeoron-bench-${process.pid}`);
  const results: Record<string, unknown> = { date: new Date().toISOString(), node: process.version };
  let failed = false;
  for (const s of SECTIONS) {
    if (wanted.length && !wanted.includes(s.name)) continue;
    console.log(`\n## ${s.name}: ${s.what}`);
    const dir = path.join(root, s.name);
    mkdirSync(dir, { recursive: true });
    try {
      results[s.name] = await s.run(dir);
    } catch (err) {
      const msg = (err instanceof Error ? err.message.split("\n")[0] : String(err)) ?? "";
      if (/shared\/data|shared data/i.test(msg)) {
        console.log(`  skipped: ${msg}`);
        results[s.name] = { skipped: msg };
      } else {
        console.log(`  FAILED: ${msg}`);
        results[s.name] = { failed: msg };
        failed = true;
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  rmSync(root, { recursive: true, force: true });
  mkdirSync(".bench", { recursive: true });
  writeFileSync(path.join(".bench", "results.json"), `${JSON.stringify(results, null, 2)}\n`);
  console.log("\nfigures saved to .bench/results.json");
  if (failed) process.exit(1);
}

await main();
