/**
 * Export and report paths stay inside their target directory, and commenter ids are stored only as salted
 * hashes: the sample archive is replayed with the built CLI and every text column of every table is searched
 * for the raw `userIdNo` values of the recorded comment pages.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { beforeAll, describe, expect, it } from "vitest";
import { resolveInside } from "../../src/report/write.js";
import { CliError } from "../../src/shared/errors.js";
import { safeJoin } from "../../src/store/export.js";
import { REPO, runCli, tempDir } from "../helpers/cli.js";

const SAMPLE = path.join(REPO, "data", "sample");

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

describe("paths cannot escape their target directory", () => {
  const root = path.resolve("/tmp/yeoron-out");

  it("safeJoin refuses traversal and absolute paths, accepts children", () => {
    for (const bad of [
      "..",
      "../x",
      "a/../../x",
      "/etc/passwd",
      `..${path.sep}..${path.sep}etc`,
      "a/b/../../../c",
    ]) {
      expect(() => safeJoin(root, bad), bad).toThrow(/escapes/);
    }
    expect(safeJoin(root, "comments")).toBe(path.join(root, "comments"));
    expect(safeJoin(root, "a/../b")).toBe(path.join(root, "b"));
  });

  it("resolveInside refuses anything but plain generated file names", () => {
    for (const bad of ["..", "../x", ".hidden", "a/b", "/etc", "", "x\u0000y", "..\\x"]) {
      expect(() => resolveInside(root, bad), JSON.stringify(bad)).toThrow(CliError);
    }
    expect(resolveInside(root, "charts", "daily.svg")).toBe(path.join(root, "charts", "daily.svg"));
  });

  it("report --week ../../etc is a usage error and writes nothing", () => {
    const dir = tempDir("yeoron-week-");
    const out = path.join(dir, "reports");
    expect(runCli(["--db", path.join(dir, "y.duckdb"), "init"]).code).toBe(0);
    for (const week of ["../../etc", "2022-W42/../../x", "..", "/etc/cron.d"]) {
      const r = runCli(["--db", path.join(dir, "y.duckdb"), "report", "--week", week, "--out", out]);
      expect(r.code, `${week}: ${r.stderr}`).toBe(2);
    }
    // Only the database (and its snapshot) exist: no report directory anywhere.
    expect(filesUnder(dir).filter((f) => !path.basename(f).startsWith("y."))).toEqual([]);
  });
});

/** Raw user ids of every comment in the recorded comment pages. */
function sampleUserIds(): string[] {
  const ids = new Set<string>();
  for (const file of filesUnder(path.join(SAMPLE, "bodies", "comments"))) {
    for (const m of readFileSync(file, "utf8").matchAll(/"userIdNo"\s*:\s*"?([^",}]+)"?/g))
      if (m[1]) ids.add(m[1]);
  }
  return [...ids];
}

interface Column {
  table: string;
  column: string;
}

async function textColumns(
  db: string,
): Promise<{ columns: Column[]; values: (c: Column) => Promise<string[]> }> {
  const instance = await DuckDBInstance.create(db, { access_mode: "READ_ONLY" });
  const conn = await instance.connect();
  const read = async (sql: string) => (await conn.runAndReadAll(sql)).getRowObjectsJS();
  const rows = await read(
    `SELECT table_name AS "table", column_name AS "column" FROM duckdb_columns()
     WHERE schema_name = 'main' AND NOT internal
       AND (data_type LIKE 'VARCHAR%' OR data_type = 'JSON' OR data_type = 'BLOB')
       AND table_name IN (SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main')`,
  );
  return {
    columns: rows as unknown as Column[],
    values: async ({ table, column }) => {
      const q = (s: string) => `"${s.replaceAll('"', '""')}"`;
      const out = await read(`SELECT ${q(column)} AS v FROM ${q(table)} WHERE ${q(column)} IS NOT NULL`);
      // Raw responses are BLOBs: read their bytes as the UTF-8 text they are.
      return out.map((r) => (r.v instanceof Uint8Array ? Buffer.from(r.v).toString("utf8") : String(r.v)));
    },
  };
}

describe("commenter ids are stored only as salted hashes", () => {
  const dir = tempDir("yeoron-ids-");
  const dbA = path.join(dir, "a.duckdb");
  const dbB = path.join(dir, "b.duckdb");

  beforeAll(() => {
    for (const [db, salt] of [
      [dbA, "first-salt-0001"],
      [dbB, "second-salt-0002"],
    ] as const) {
      const r = runCli(["--db", db, "crawl", "--replay", "data/sample"], { env: { YEORON_SALT: salt } });
      expect(r.code, r.stderr).toBe(0);
    }
  });

  it("no raw userIdNo appears in any text, JSON or BLOB column of any table (raw responses included)", async () => {
    const ids = sampleUserIds();
    expect(ids.length).toBeGreaterThan(10);
    const { columns, values } = await textColumns(dbA);
    expect(columns.some((c) => c.table === "comments" && c.column === "user_hash")).toBe(true);
    expect(columns.some((c) => c.table === "raw_fetches" && c.column === "body")).toBe(true);
    const leaks: string[] = [];
    for (const col of columns) {
      for (const v of await values(col)) {
        // An id inside a longer token (a hash, a URL) is a coincidence only when it is a substring of hex.
        for (const id of ids)
          if (new RegExp(`(?<![A-Za-z0-9])${id}(?![A-Za-z0-9])`).test(v))
            leaks.push(`${col.table}.${col.column}: ${id}`);
      }
    }
    expect(leaks).toEqual([]);
    const hashes = await values({ table: "comments", column: "user_hash" });
    expect(hashes.length).toBeGreaterThan(0);
    for (const h of hashes) expect(h).toMatch(/^[0-9a-f]{64}$/);
  });

  it("export --parquet writes only inside its directory", () => {
    const before = new Set(filesUnder(dir));
    const out = path.join(dir, "export");
    const r = runCli(["--db", dbA, "export", "--parquet", out]);
    expect(r.code, r.stderr).toBe(0);
    const added = filesUnder(dir).filter((f) => !before.has(f));
    expect(added.some((f) => f.endsWith(".parquet"))).toBe(true);
    // The DB's own snapshot and WAL files may change; every new file is under the export directory.
    expect(added.filter((f) => !f.startsWith(out + path.sep) && !f.startsWith(dbA))).toEqual([]);
  });

  it("user_hash changes when YEORON_SALT changes", async () => {
    const hashesOf = async (db: string) => {
      const { values } = await textColumns(db);
      return new Set(await values({ table: "comments", column: "user_hash" }));
    };
    const a = await hashesOf(dbA);
    const b = await hashesOf(dbB);
    expect(a.size).toBeGreaterThan(0);
    expect(b.size).toBe(a.size);
    expect([...a].filter((h) => b.has(h))).toEqual([]);
  });
});
