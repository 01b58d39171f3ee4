/**
 * `npm run bench`: every benchmark the issues ask for, one section each, figures printed as they come and
 * saved to `.bench/results.json`. `npm run bench -- store crawl` runs only those sections.
 * Sections that need ../shared/data say so and are skipped; the others always run.
 */
process.env.DOTENV_CONFIG_QUIET ??= "true";

import { spawn } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

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
      console.log(
        `  (informational) 1,000,000 more new rows into the filled table, ON CONFLICT path: ${fmt(r.filledTableRowsPerSec, 0)} rows/s`,
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
        `  analyze ${fmt(r.analyzeDocsPerSec, 0)} docs/s, ${fmt(r.analyzeMBPerSec, 3)} MB/s (${fmt(r.analyzeSeconds, 1)} s incl. worker start) | bare kuromoji-ko ${fmt(r.bareDocsPerSec, 0)} docs/s (second pass ${fmt(r.bareSecondPassDocsPerSec, 0)}; with yeoron's linear lattice builder ${fmt(r.linearDocsPerSec, 0)}) | ${fmt(r.speedup, 2)}× bare (${fmt(r.analyzeDocsPerSec / r.bareSecondPassDocsPerSec, 2)}× its second pass) | peak RSS ${fmt(r.peakRssMb, 0)} MB`,
      );
      console.log(
        `  the worker pool alone, without DuckDB: ${fmt(r.poolDocsPerSec, 0)} docs/s (${fmt(r.poolSeconds, 1)} s incl. worker start), ${fmt(r.poolDocsPerSec / r.bareDocsPerSec, 2)}× bare`,
      );
      console.log(
        `  one worker's share (${fmt(r.shareDocs, 0)} texts) analysed alone on one thread: ${fmt(r.shareSeconds, 2)} s, ${fmt(r.shareDocsPerSec, 0)} docs/s | ${r.workers} such workers with nothing else running: at most ${fmt(r.ceiling, 2)}× bare`,
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
  {
    name: "soak",
    what: "the scheduler against loopback servers on a compressed clock, 500 job runs with analysis (targets: no overlap, flat peak RSS)",
    run: async (dir) => {
      const { benchSoak } = await import("./soak.js");
      const r = await benchSoak({ dir, jobRuns: 500 });
      console.log(
        `  ${r.jobRuns} job runs, ${r.overlaps} overlaps | peak RSS ${fmt(r.peakRssMb, 0)} MB | per 100 runs: ${r.peakByHundredRunsMb.map((m) => fmt(m, 0)).join(" → ")} MB | slope ${fmt(r.slopeMbPerHundredRuns, 1)} MB/100 runs | documents ${r.documents}, scored ${r.documentsScored}`,
      );
      const { rssSamplesMb: _samples, ...rest } = r;
      return rest;
    },
  },
];

/**
 * Each section runs in its own process, so one section's memory (1 M rows held for the store bench, the
 * analyzer's dictionaries) does not show up in the next one's peak RSS.
 */
function runSectionInChild(name: string, dir: string): Promise<Record<string, unknown>> {
  const out = path.join(dir, "result.json");
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [fileURLToPath(import.meta.url), "--child", name, dir], {
      stdio: ["ignore", "inherit", "inherit"],
    });
    child.on("error", reject);
    child.on("close", (code) => {
      if (code !== 0) return reject(new Error(`section ${name} exited with code ${code}`));
      resolve(JSON.parse(readFileSync(out, "utf8")) as Record<string, unknown>);
    });
  });
}

async function child(name: string, dir: string): Promise<void> {
  const section = SECTIONS.find((s) => s.name === name)!;
  let result: Record<string, unknown>;
  try {
    result = await section.run(dir);
  } catch (err) {
    const msg = (err instanceof Error ? err.message.split("\n")[0] : String(err)) ?? "";
    result = /shared\/data|shared data/i.test(msg) ? { skipped: msg } : { failed: msg };
    console.log(`  ${"skipped" in result ? "skipped" : "FAILED"}: ${msg}`);
  }
  writeFileSync(
    path.join(dir, "result.json"),
    JSON.stringify(result, (_k, v) => (typeof v === "bigint" ? Number(v) : v)),
  );
}

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
      results[s.name] = await runSectionInChild(s.name, dir);
      if ("failed" in (results[s.name] as object)) failed = true;
    } catch (err) {
      console.log(`  FAILED: ${err instanceof Error ? err.message : String(err)}`);
      results[s.name] = { failed: String(err) };
      failed = true;
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

const childAt = process.argv.indexOf("--child");
if (childAt >= 0) await child(process.argv[childAt + 1]!, process.argv[childAt + 2]!);
else await main();
