import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { CLI, runCli, runCliAsync, tempDir } from "../helpers/cli.js";
import { startFixtureServer } from "../helpers/server.js";

describe("yeoron CLI", () => {
  let dir: string;
  let db: string;
  beforeAll(() => {
    dir = tempDir();
    db = path.join(dir, "t.duckdb");
    const r = runCli(["--db", db, "init"]);
    expect(r.code, r.stderr).toBe(0);
  });

  it("--help lists the commands and exits 0; every command has --help", () => {
    const r = runCli(["--help"]);
    expect(r.code).toBe(0);
    for (const c of ["init", "status", "sql", "export"])
      expect(r.stdout).toMatch(new RegExp(`^\\s+${c}\\b`, "m"));
    for (const c of ["init", "status", "sql", "export"]) {
      const h = runCli([c, "--help"]);
      expect(h.code).toBe(0);
      expect(h.stdout).toContain(`Usage: yeoron ${c}`);
    }
  });

  it("an unknown command or option is bad usage: exit 2", () => {
    expect(runCli(["frobnicate"]).code).toBe(2);
    expect(runCli(["sql", "--format", "xml", "SELECT 1"]).code).toBe(2);
  });

  it("a bad config fails with exit 2 and one line naming the key, the value and what was expected", () => {
    const cfg = path.join(dir, "bad.yaml");
    writeFileSync(cfg, "db: x.duckdb\nfetch:\n  concurrency: lots\n");
    const r = runCli(["--config", cfg, "status"]);
    expect(r.code).toBe(2);
    const lines = r.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain("fetch.concurrency");
    expect(lines[0]).toContain('"lots"');
    expect(lines[0]).toMatch(/expected number/);

    writeFileSync(cfg, "db: x.duckdb\nfetchh: {}\n");
    const r2 = runCli(["--config", cfg, "status"]);
    expect(r2.code).toBe(2);
    expect(r2.stderr.trim().split("\n")).toHaveLength(1);
    expect(r2.stderr).toContain('unknown key "fetchh"');

    const r3 = runCli(["--config", path.join(dir, "missing.yaml"), "status"]);
    expect(r3.code).toBe(2);
    expect(r3.stderr).toContain("does not exist");
  });

  it("an environment override with a bad value is named in one line", () => {
    const r = runCli(["--db", db, "status"], { env: { YEORON_LOG_LEVEL: "loud" } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("YEORON_LOG_LEVEL");
  });

  it("migrations applied twice change nothing", () => {
    const before = runCli([
      "--db",
      db,
      "sql",
      "--format",
      "json",
      "SELECT version, name FROM schema_version ORDER BY version",
    ]);
    const again = runCli(["--db", db, "init"]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain("already up to date");
    const after = runCli([
      "--db",
      db,
      "sql",
      "--format",
      "json",
      "SELECT version, name FROM schema_version ORDER BY version",
    ]);
    expect(after.stdout).toBe(before.stdout);
    const tables = runCli([
      "--db",
      db,
      "sql",
      "--format",
      "csv",
      "SELECT count(*) AS n FROM duckdb_tables() WHERE NOT temporary",
    ]);
    const views = runCli([
      "--db",
      db,
      "sql",
      "--format",
      "csv",
      "SELECT count(*) AS n FROM duckdb_views() WHERE NOT internal",
    ]);
    runCli(["--db", db, "init"]);
    expect(
      runCli([
        "--db",
        db,
        "sql",
        "--format",
        "csv",
        "SELECT count(*) AS n FROM duckdb_tables() WHERE NOT temporary",
      ]).stdout,
    ).toBe(tables.stdout);
    expect(
      runCli([
        "--db",
        db,
        "sql",
        "--format",
        "csv",
        "SELECT count(*) AS n FROM duckdb_views() WHERE NOT internal",
      ]).stdout,
    ).toBe(views.stdout);
  });

  it("sql prints table, csv, json and jsonl", () => {
    const q = "SELECT 1 AS n, '카카오' AS name UNION ALL SELECT 2, 'a,\"b\"' ORDER BY n";
    const table = runCli(["--db", db, "sql", q]);
    expect(table.code).toBe(0);
    expect(table.stdout).toContain("│ 카카오");
    expect(table.stdout).toContain("2 rows");
    const csv = runCli(["--db", db, "sql", "--format", "csv", q]);
    expect(csv.stdout).toBe('n,name\r\n1,카카오\r\n2,"a,""b"""\r\n');
    const json = runCli(["--db", db, "sql", "--format", "json", q]);
    expect(JSON.parse(json.stdout)).toEqual([
      { n: 1, name: "카카오" },
      { n: 2, name: 'a,"b"' },
    ]);
    const jsonl = runCli(["--db", db, "sql", "--format", "jsonl", q]);
    expect(
      jsonl.stdout
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l)),
    ).toEqual([
      { n: 1, name: "카카오" },
      { n: 2, name: 'a,"b"' },
    ]);
  });

  it("DATE columns print as calendar days, not instants", () => {
    const r = runCli([
      "--db",
      db,
      "sql",
      "--format",
      "csv",
      "SELECT DATE '2022-10-17' AS d, TIMESTAMPTZ '2022-10-17 06:30:00+00' AS t",
    ]);
    expect(r.stdout).toBe("d,t\r\n2022-10-17,2022-10-17T06:30:00.000Z\r\n");
  });

  it("a reader that closes the pipe early (| head) is not an error", () => {
    const r = spawnSync(
      "bash",
      [
        "-c",
        `"${process.execPath}" "${CLI}" --db "${db}" sql --format csv "SELECT * FROM range(300000)" | head -n 1; exit \${PIPESTATUS[0]}`,
      ],
      { encoding: "utf8", env: { ...process.env, DOTENV_CONFIG_QUIET: "true" } },
    );
    expect(r.stdout.trim()).toBe("range");
    expect(r.stderr).not.toMatch(/EPIPE|Unhandled/);
    expect(r.status).toBe(0);
  });

  it("Korean and wide characters line up in table output", () => {
    const r = runCli([
      "--db",
      db,
      "sql",
      "SELECT '카카오 먹통' AS title, 1 AS n UNION ALL SELECT 'abc', 22 ORDER BY n",
    ]);
    const rows = r.stdout.split("\n").filter((l) => l.startsWith("│"));
    // Every row's right border sits in the same terminal column (Hangul counts two).
    const widths = rows.map((l) =>
      [...l].reduce((w, ch) => w + (/[\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3]/.test(ch) ? 2 : 1), 0),
    );
    expect(new Set(widths).size).toBe(1);
  });

  it("a DuckDB error is one line and exit 1", () => {
    const r = runCli(["--db", db, "sql", "SELECT * FROM no_such_table"]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toContain("no_such_table");
  });

  it("sql is read-only unless --write", () => {
    const r = runCli(["--db", db, "sql", "CREATE TABLE scratch (x INTEGER)"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/read-only/i);
    const w = runCli(["--db", db, "sql", "--write", "CREATE TABLE IF NOT EXISTS scratch (x INTEGER)"]);
    expect(w.code, w.stderr).toBe(0);
  });

  it("Korean text round-trips byte-exact and NFC is kept", () => {
    const nfc = "카카오 먹통… IT 업계의 비극?! ㅋㅋ 😡";
    const nfd = "한글".normalize("NFD");
    const w = runCli([
      "--db",
      db,
      "sql",
      "--write",
      `CREATE OR REPLACE TABLE rt AS SELECT '${nfc}' AS a, '${nfd}' AS b`,
    ]);
    expect(w.code, w.stderr).toBe(0);
    const r = runCli(["--db", db, "sql", "--format", "json", "SELECT a, b FROM rt"]);
    const [row] = JSON.parse(r.stdout);
    expect(Buffer.from(row.a, "utf8").equals(Buffer.from(nfc, "utf8"))).toBe(true);
    // NFD input is stored as given (the store does not silently re-normalize); extraction normalizes to NFC.
    expect(row.b).toBe(nfd);
    expect(row.b).not.toBe("한글");
  });

  it("status prints schema version and row counts; --json is machine-readable", () => {
    const r = runCli(["--db", db, "status"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/schema\s+version \d+/);
    const j = JSON.parse(runCli(["--db", db, "status", "--json"]).stdout);
    expect(j.schemaVersion).toBeGreaterThanOrEqual(1);
    expect(j.tables.map((t: { table: string }) => t.table)).toContain("comments");
  });

  it("a missing DB is one clear line, exit 1", () => {
    const r = runCli(["--db", path.join(dir, "nope.duckdb"), "status"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("yeoron init");
  });

  it("export --parquet writes Hive-partitioned Parquet that DuckDB reads back with the same counts", () => {
    const seed = `
      INSERT INTO comments (comment_id, doc_id, source, contents, written_at, fetched_at)
      SELECT 'naver:' || i, 'd' || (i % 3), 'naver', '댓글 ' || i,
             TIMESTAMPTZ '2022-10-15 12:00:00+00' + to_days(CAST(i % 4 AS INTEGER)), now()
      FROM range(40) t(i) ON CONFLICT DO NOTHING`;
    expect(runCli(["--db", db, "sql", "--write", seed]).code).toBe(0);
    const out = path.join(dir, "pq");
    const r = runCli(["--db", db, "export", "--parquet", out]);
    expect(r.code, r.stderr).toBe(0);
    const check = runCli([
      "--db",
      db,
      "sql",
      "--format",
      "json",
      `SELECT (SELECT count(*) FROM read_parquet('${out}/comments/**/*.parquet', hive_partitioning = 1)) AS pq,
              (SELECT count(*) FROM comments) AS live,
              (SELECT count(DISTINCT day) FROM read_parquet('${out}/comments/**/*.parquet', hive_partitioning = 1)) AS days,
              (SELECT count(*) FROM read_parquet('${out}/schema_version/**/*.parquet')) AS sv`,
    ]);
    const [row] = JSON.parse(check.stdout);
    expect(row.pq).toBe(40);
    expect(row.live).toBe(40);
    expect(row.days).toBe(4);
    expect(row.sv).toBeGreaterThanOrEqual(1);
  });
});

describe("yeoron extract", () => {
  it("extracts a saved page given as a file", () => {
    const r = runCli(["extract", "test/fixtures/pages/generic-1/source.html"]);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.title.length).toBeGreaterThan(0);
    expect(doc.paragraphs.length).toBeGreaterThan(0);
  });

  it("fetches a URL politely (robots.txt first) and extracts it", async () => {
    const server = await startFixtureServer();
    try {
      const r = await runCliAsync(["extract", `${server.url}/article/outage-1`]);
      expect(r.code, r.stderr).toBe(0);
      const doc = JSON.parse(r.stdout);
      expect(doc.url).toBe(`${server.url}/article/outage-1`);
      expect(doc.paragraphs.length).toBeGreaterThan(0);
      expect(server.hitCount("/robots.txt")).toBe(1);
    } finally {
      await server.close();
    }
  });

  it("a missing file is bad usage (exit 2), a failed fetch is exit 1", async () => {
    expect(runCli(["extract", "no/such/file.html"]).code).toBe(2);
    const server = await startFixtureServer();
    try {
      const r = await runCliAsync(["extract", `${server.url}/no-such-page`]);
      expect(r.code).toBe(1);
      expect(r.stderr.trim().split("\n").at(-1)).toMatch(/http-4xx/);
    } finally {
      await server.close();
    }
  });
});
