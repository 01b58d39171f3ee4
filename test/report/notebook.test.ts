import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import * as cheerio from "cheerio";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { buildProgram } from "../../src/cli/program.js";
import { parseNotebook } from "../../src/report/notebook/parse.js";
import { runNotebook, writeNotebook } from "../../src/report/notebook/run.js";
import { YeoronError } from "../../src/shared/errors.js";
import type { Store } from "../../src/store/db.js";
import { buildFixtureDb } from "../helpers/fixture-db.js";
import { expectGolden } from "./golden.js";

const FIXTURES = path.resolve("test/fixtures/report");
let store: Store;
let out: string;

beforeAll(async () => {
  store = await buildFixtureDb();
  out = mkdtempSync(path.join(tmpdir(), "yeoron-notebook-"));
});

afterAll(() => {
  store.close();
  rmSync(out, { recursive: true, force: true });
});

describe("notebook syntax", () => {
  it("reads chart requests from the info string", () => {
    const blocks = parseNotebook(
      '# t\n\n```sql chart=line x=day y=a,b series=audience title="일별 감성" rows=5\nSELECT 1;\n```\n',
    );
    expect(blocks[1]).toMatchObject({
      kind: "sql",
      line: 3,
      maxRows: 5,
      specError: null,
      chart: { type: "line", x: "day", y: ["a", "b"], series: "audience", title: "일별 감성", stack: false },
    });
  });

  it.each([
    ["chart=pie x=a y=b", /chart=pie: expected one of/],
    ["chart=bar x=a", /needs x= and y=/],
    ["colour=red", /unknown option "colour"/],
    ["x=a y=b", /given without chart=/],
  ])("flags %s", (info, message) => {
    const [block] = parseNotebook(`\`\`\`sql ${info}\nSELECT 1;\n\`\`\``);
    expect(block?.kind === "sql" && block.specError).toMatch(message);
  });
});

describe("running notebooks", () => {
  it("matches the golden HTML, errors shown in place", async () => {
    const r = await runNotebook(store, path.join(FIXTURES, "notebook.md"), { generatedAt: null });
    expectGolden(r.html, path.join(FIXTURES, "notebook.html"));
    expect(r.queries).toBe(5);
    expect(r.failures.map((f) => f.line)).toEqual([24, 30]);
    expect(r.failures[0]!.message).toMatch(/no_such_column/);
    expect(r.failures[1]!.message).toMatch(/column "nothing" is not in the result/);
    const $ = cheerio.load(r.html);
    expect($(".error").length).toBe(2);
    // The block after the failures still ran: its table has the three rows it asked for.
    expect($(".cell").last().find("tbody tr").length).toBe(3);
    expect($("figure.chart svg").length).toBe(2);
    expect($("a").attr("href")).toBe("https://example.org/docs");
  });

  it.each(["outage-week", "statement-reactions", "sentiment-vs-price"])(
    "notebooks/%s.md runs cleanly on the fixture DB",
    async (name) => {
      const r = await writeNotebook(store, path.resolve("notebooks", `${name}.md`), out, {
        generatedAt: null,
      });
      expect(r.failures).toEqual([]);
      expect(r.queries).toBeGreaterThanOrEqual(3);
      const $ = cheerio.load(readFileSync(r.output, "utf8"));
      expect($("figure.chart svg").length).toBeGreaterThanOrEqual(2);
      expect($("figure.chart svg path").length).toBeGreaterThan(10);
    },
  );

  it("escapes result values in tables and chart labels", async () => {
    const file = path.join(out, "hostile.md");
    const { writeFileSync } = await import("node:fs");
    writeFileSync(
      file,
      "```sql chart=bar x=label y=n\nSELECT '<script>alert(1)</script>' AS label, 1 AS n;\n```\n",
    );
    const r = await runNotebook(store, file, { generatedAt: null });
    expect(r.failures).toEqual([]);
    expect(r.html).not.toContain("<script>");
    expect(r.html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
  });
});

describe("yeoron notebook", () => {
  it("writes the HTML, prints its path and exits 1 when a block failed", async () => {
    const dbFile = path.join(out, "nb.duckdb");
    (await buildFixtureDb(dbFile)).close();
    const program = buildProgram();
    for (const cmd of program.commands) cmd.exitOverride();
    let stdout = "";
    const spy = vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
      stdout += String(chunk);
      return true;
    });
    let error: unknown = null;
    try {
      await program.parseAsync([
        "node",
        "yeoron",
        "--db",
        dbFile,
        "-q",
        "notebook",
        path.join(FIXTURES, "notebook.md"),
        "--out",
        out,
      ]);
    } catch (err) {
      error = err;
    } finally {
      spy.mockRestore();
    }
    expect(stdout).toBe(`${path.join(out, "notebook.html")}\n`);
    expect(error).toBeInstanceOf(YeoronError);
    expect((error as YeoronError).exitCode).toBe(1);
    expect((error as Error).message).toMatch(/2 of 5 blocks failed \(first at line 24/);
    expect(readFileSync(path.join(out, "notebook.html"), "utf8")).toContain('class="error"');
  });
});
