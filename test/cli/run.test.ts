import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runCli, tempDir } from "../helpers/cli.js";

/** The bundled sample, end to end, as `npm start` runs it (offline replay). */
describe("yeoron run --sample", () => {
  let dir: string;
  let db: string;
  let first: ReturnType<typeof runCli>;
  const count = (sql: string) =>
    JSON.parse(runCli(["--db", db, "sql", "--format", "json", sql]).stdout)[0].n as number;

  beforeAll(() => {
    dir = tempDir();
    db = path.join(dir, "y.duckdb");
    first = runCli(["--db", db, "--quiet", "run", "--sample", "--out", path.join(dir, "reports")]);
  }, 180_000);

  it("crawls, analyses and reports the sample's week, ending with the report's path", () => {
    expect(first.code, first.stderr).toBe(0);
    const last = first.stdout.trim().split("\n").at(-1) ?? "";
    expect(last).toMatch(/^report for 2022-W42: .*index\.html$/);
    const file = last.replace(/^report for 2022-W42: /, "");
    expect(existsSync(file)).toBe(true);
    expect(readFileSync(file, "utf8")).toContain("<svg");
  });

  it("stores every sample article and comment, each once, with duplicates recorded", () => {
    expect(count("SELECT count(*) AS n FROM documents")).toBe(30);
    expect(count("SELECT count(*) AS n FROM comments")).toBe(490);
    expect(
      count("SELECT count(*) AS n FROM documents WHERE duplicate_of IS NOT NULL"),
    ).toBeGreaterThanOrEqual(3);
    // every live comment and every document is scored by the current analyzer
    expect(
      count(
        "SELECT count(*) AS n FROM comments c WHERE NOT is_deleted AND contents <> '' AND NOT EXISTS (SELECT 1 FROM current_scores s WHERE s.item_id = c.comment_id)",
      ),
    ).toBe(0);
    expect(
      count(
        "SELECT count(*) AS n FROM documents d WHERE NOT EXISTS (SELECT 1 FROM current_scores s WHERE s.item_id = d.doc_id)",
      ),
    ).toBe(0);
  });

  it("finds the tracked statements and reactions to them", () => {
    expect(count("SELECT count(DISTINCT statement_id) AS n FROM statement_mentions")).toBeGreaterThanOrEqual(
      4,
    );
    expect(
      count(
        "SELECT count(*) AS n FROM statement_mentions WHERE statement_id = 'it-industry-tragedy' AND role = 'reaction' AND stance = 'against'",
      ),
    ).toBeGreaterThan(5);
  });

  it("sets sentiment beside the real price path: Kakao closed 48,350 (−5.93%) on 2022-10-17", () => {
    const r = runCli([
      "--db",
      db,
      "sql",
      "--format",
      "json",
      "SELECT close, round(return_pct, 2) AS ret FROM sentiment_vs_price WHERE ticker = '035720' AND day = '2022-10-17'",
    ]);
    expect(JSON.parse(r.stdout)).toEqual([{ close: 48350, ret: -5.93 }]);
  });

  it("a second run changes nothing: no new documents, comments or scores", () => {
    const before = ["documents", "comments", "scores", "statement_mentions", "sentences", "prices"].map((t) =>
      count(`SELECT count(*) AS n FROM ${t}`),
    );
    const again = runCli(["--db", db, "--quiet", "run", "--sample", "--out", path.join(dir, "reports")]);
    expect(again.code, again.stderr).toBe(0);
    const after = ["documents", "comments", "scores", "statement_mentions", "sentences", "prices"].map((t) =>
      count(`SELECT count(*) AS n FROM ${t}`),
    );
    expect(after).toEqual(before);
  }, 120_000);
});

describe("yeoron score", () => {
  it("writes one JSON line per input line with label, compound, terms and statements", () => {
    const lines = [
      "복구는 빨랐지만 정말 불편했다",
      "불편했지만 복구는 빨랐다",
      "카카오는 19일 판교에서 기자회견을 열었다.",
      "남궁 대표가 IT업계의 비극이라니 어불성설이다 ㅋㅋ",
    ];
    const r = runCli(["score"], { input: `${lines.join("\n")}\n` });
    expect(r.code, r.stderr).toBe(0);
    const out = r.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(out.map((o) => o.text)).toEqual(lines);
    for (const o of out) {
      expect(o.compound).toBeGreaterThanOrEqual(-1);
      expect(o.compound).toBeLessThanOrEqual(1);
      expect(Array.isArray(o.terms)).toBe(true);
    }
    expect(out[0].label).toBe("neg");
    expect(out[1].label).toBe("pos");
    expect(out[2].label).toBe("neu");
    expect(out[3].label).toBe("neg");
    expect(out[3].statements).toContainEqual({
      id: "it-industry-tragedy",
      role: "reaction",
      stance: "against",
    });
  });

  it("--binary never says neu; --explain adds sentences", () => {
    const r = runCli(["score", "--binary", "--explain"], {
      input: "카카오는 19일 판교에서 기자회견을 열었다.\n",
    });
    const o = JSON.parse(r.stdout.trim());
    expect(["pos", "neg"]).toContain(o.label);
    expect(o.sentences).toHaveLength(1);
  });
});
