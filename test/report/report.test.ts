import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import * as cheerio from "cheerio";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { buildProgram } from "../../src/cli/program.js";
import { buildWeeklyReport } from "../../src/report/model.js";
import { writeReport } from "../../src/report/write.js";
import { CliError, ConfigError, YeoronError } from "../../src/shared/errors.js";
import type { Store } from "../../src/store/db.js";
import { buildFixtureDb, HOSTILE_COMMENT, HOSTILE_TITLE } from "../helpers/fixture-db.js";
import { expectGolden } from "./golden.js";

const FIXTURES = path.resolve("test/fixtures/report");
const EVAL_FILE = path.join(FIXTURES, "eval-latest.json");

let store: Store;
let hostile: Store;
let out: string;

beforeAll(async () => {
  store = await buildFixtureDb();
  hostile = await buildFixtureDb(":memory:", { hostile: true });
  out = mkdtempSync(path.join(tmpdir(), "yeoron-report-"));
});

afterAll(() => {
  store.close();
  hostile.close();
  rmSync(out, { recursive: true, force: true });
});

describe("weekly report", () => {
  it("matches the golden report.md", async () => {
    const written = await writeReport(store, {
      week: "2022-W42",
      outDir: out,
      generatedAt: null,
      evalFile: EVAL_FILE,
    });
    expectGolden(readFileSync(path.join(written.dir, "report.md"), "utf8"), path.join(FIXTURES, "report.md"));
  });

  it("writes index.html, report.md, every chart it references and a CSV per table", async () => {
    const written = await writeReport(store, {
      week: "2022-W42",
      outDir: out,
      generatedAt: null,
      evalFile: null,
    });
    expect(written.dir).toBe(path.join(out, "2022-W42"));
    expect(written.files[0]).toBe(path.join(written.dir, "index.html"));
    const md = readFileSync(path.join(written.dir, "report.md"), "utf8");
    const referenced = [...md.matchAll(/\]\((charts\/[a-z_]+\.svg)\)/g)].map((m) => m[1]!);
    expect(referenced.length).toBeGreaterThanOrEqual(3);
    for (const ref of referenced) {
      const svg = readFileSync(path.join(written.dir, ref), "utf8");
      expect(svg).toMatch(/<svg[^>]+xmlns="http:\/\/www.w3.org\/2000\/svg"/);
      expect((svg.match(/<path /g) ?? []).length).toBeGreaterThan(5);
    }
    const csvs = readdirSync(path.join(written.dir, "data")).sort();
    expect(csvs).toEqual(written.model.datasets.map((d) => `${d.name}.csv`).sort());
    const daily = readFileSync(path.join(written.dir, "data", "daily_sentiment_price.csv"), "utf8");
    expect(daily.split("\r\n")[0]).toBe(
      "\uFEFFday,n_articles,press_mean,press_neg_share,n_comments,public_mean,public_neg_share,close,subject_return,volume",
    );
    expect(daily).toContain("2022-10-17,1,-0.62,1,2,-0.435,1,48350,");
    expect(md).toContain("성능 평가(npm run eval)는 아직 실행되지 않았다");
  });

  it("computes the headline and the event study from the DB", async () => {
    const m = await buildWeeklyReport(store, { week: "2022-W42", generatedAt: null, evalFile: EVAL_FILE });
    const fig = Object.fromEntries(m.headline.map((f) => [f.key, [f.current, f.previous]]));
    // 4 articles this week (the regional copy is a duplicate of one), 3 last week; 9 comments (one deleted).
    expect(fig.articles).toEqual([4, 3]);
    expect(fig.comments).toEqual([9, 3]);
    expect(m.event?.eventDay).toBe("2022-10-17");
    const day0 = m.event!.rows.find((r) => r.rel_day === 0)!;
    expect(day0.subject_return).toBeCloseTo(48350 / 51400 - 1, 10);
    expect(day0.abnormal_return).toBeCloseTo(48350 / 51400 - 166500 / 167500, 10);
    expect(m.event!.rows.map((r) => r.rel_day)).toEqual([-1, 0, 1, 2, 3, 4, 5]);
    const tragedy = m.statements.find((s) => s.statement_id === "it-industry-tragedy")!;
    expect(tragedy.mentions).toBe(6);
    expect(tragedy.reactions.map((r) => r.kind)).toEqual(["comment", "comment", "sentence"]);
    expect(tragedy.reactions[2]!.citations).toBe(2);
    expect(m.methodology.evalFigures).toContainEqual({ name: "nsmc.hybridAccuracy", value: 0.874 });
    expect(m.keywords.map((k) => k.term)).toContain("비극");
    expect(m.keywords.map((k) => k.term)).not.toContain("있다");
  });

  it("fails loudly on a week with no data instead of drawing blank charts", async () => {
    await expect(writeReport(store, { week: "2022-W50", outDir: out })).rejects.toThrow(
      new CliError("no articles or comments for 2022-W50 in DB"),
    );
    expect(existsSync(path.join(out, "2022-W50"))).toBe(false);
  });

  it("refuses a week label that could leave the output directory", async () => {
    await expect(writeReport(store, { week: "../../2022-W42", outDir: out })).rejects.toBeInstanceOf(
      ConfigError,
    );
  });
});

describe("hostile scraped text", () => {
  it("shows as text in HTML, with no script, event handler or javascript: link", async () => {
    const written = await writeReport(hostile, {
      week: "2022-W42",
      outDir: path.join(out, "hostile"),
      generatedAt: null,
      evalFile: null,
    });
    const html = readFileSync(path.join(written.dir, "index.html"), "utf8");
    const $ = cheerio.load(html);
    expect($("script").length).toBe(0);
    expect($("img").length).toBe(0);
    $("*").each((_, el) => {
      for (const name of Object.keys((el as { attribs?: Record<string, string> }).attribs ?? {}))
        expect(name).not.toMatch(/^on/i);
    });
    $("a").each((_, el) => expect($(el).attr("href")).toMatch(/^https?:\/\//));
    expect(
      $("td")
        .toArray()
        .map((td) => $(td).text()),
    ).toContain(HOSTILE_COMMENT);
    expect($("body").text()).toContain(HOSTILE_TITLE);
  });

  it("shows as text in Markdown: no raw HTML, no link that is not http(s)", async () => {
    const written = await writeReport(hostile, {
      week: "2022-W42",
      outDir: path.join(out, "hostile-md"),
      generatedAt: null,
      evalFile: null,
    });
    const md = readFileSync(path.join(written.dir, "report.md"), "utf8");
    expect(md).not.toMatch(/(?<!\\)<[a-z/!]/i);
    for (const m of md.matchAll(/(?<!\\)\]\(([^)]*)\)/g)) expect(m[1]).toMatch(/^(https?:\/\/|charts\/)/);
    expect(md).not.toMatch(/(?<!\\)\]\(javascript:/i);
    expect(md).toContain('\\<script\\>alert("xss")\\</script\\>');
    expect(md).toContain("\\[여기\\](javascript:alert(2)) \\| 먹통 책임져라");
  });

  it("cannot break out of a CSV cell or become a spreadsheet formula", async () => {
    const written = await writeReport(hostile, {
      week: "2022-W42",
      outDir: path.join(out, "hostile-csv"),
      generatedAt: null,
      evalFile: null,
    });
    const csv = readFileSync(path.join(written.dir, "data", "most_negative_comments.csv"), "utf8");
    expect(csv).toContain(`"<script>alert(""xss"")</script>`);
  });
});

describe("yeoron report", () => {
  async function runCli(args: string[]): Promise<{ code: number; stdout: string; error: string }> {
    const program = buildProgram();
    for (const cmd of program.commands) cmd.exitOverride();
    let stdout = "";
    const spy = vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
      stdout += String(chunk);
      return true;
    });
    try {
      await program.parseAsync(["node", "yeoron", ...args]);
      return { code: 0, stdout, error: "" };
    } catch (err) {
      return {
        code: err instanceof YeoronError ? err.exitCode : 2,
        stdout,
        error: err instanceof Error ? err.message : String(err),
      };
    } finally {
      spy.mockRestore();
    }
  }

  it("prints the path of index.html, and exits 1 with a clear message on an empty week", async () => {
    const dbFile = path.join(out, "cli.duckdb");
    (await buildFixtureDb(dbFile)).close();
    const ok = await runCli([
      "--db",
      dbFile,
      "-q",
      "report",
      "--week",
      "2022-W42",
      "--out",
      path.join(out, "cli"),
    ]);
    expect(ok).toEqual({
      code: 0,
      stdout: `${path.join(out, "cli", "2022-W42", "index.html")}\n`,
      error: "",
    });
    expect(existsSync(path.join(out, "cli", "2022-W42", "report.md"))).toBe(true);
    const empty = await runCli([
      "--db",
      dbFile,
      "-q",
      "report",
      "--week",
      "2022-W50",
      "--out",
      path.join(out, "cli"),
    ]);
    expect(empty).toEqual({ code: 1, stdout: "", error: "no articles or comments for 2022-W50 in DB" });
    const bad = await runCli([
      "--db",
      dbFile,
      "-q",
      "report",
      "--week",
      "2022-42",
      "--out",
      path.join(out, "cli"),
    ]);
    expect(bad.code).toBe(2);
  });
});
