/**
 * Readers during writes (issue 5 item 4), with two real processes: a writer that opens the DB, upserts a batch
 * of price rows, publishes the reader snapshot and closes, in a loop; and readers running the built CLI
 * (`node dist/cli/main.js sql …`) in a loop meanwhile. Every read must exit 0 and the writer must finish.
 */
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "..", "..");
const cli = path.join(root, "dist", "cli", "main.js");
/** Enough rounds that reads land while the writer holds the file and while it does not. */
const WRITER_ROUNDS = 12;
const ROWS_PER_ROUND = 5_000;

let dir: string;

beforeAll(() => {
  if (!existsSync(cli) || !existsSync(path.join(root, "dist", "store", "snapshot.js"))) {
    // tsc emits even when another file has a type error; the exit status is not ours to judge here.
    try {
      execFileSync("npx", ["tsc", "-p", "tsconfig.build.json"], { cwd: root, stdio: "ignore" });
    } catch {}
  }
  dir = mkdtempSync(path.join(tmpdir(), "yeoron-readers-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const writerScript = (db: string, rounds: number) => `
  const { Store } = await import(${JSON.stringify(path.join(root, "dist", "store", "db.js"))});
  const { publishSnapshot } = await import(${JSON.stringify(path.join(root, "dist", "store", "snapshot.js"))});
  for (let round = 0; round < ${rounds}; round++) {
    const store = await Store.open(${JSON.stringify(db)});
    const rows = [];
    for (let i = 0; i < ${ROWS_PER_ROUND}; i++) {
      const day = new Date(Date.UTC(2000, 0, 1) + (round * ${ROWS_PER_ROUND} + i) * 86400000).toISOString().slice(0, 10);
      rows.push({ ticker: "W", day, open: 1, high: 1, low: 1, close: round + 1, volume: i, source: "writer" });
    }
    await store.upsert("prices", ["ticker", "day"], rows, "update");
    // hold the file a little, as a real batch would
    await new Promise((r) => setTimeout(r, 150));
    await publishSnapshot(store);
    store.close();
    process.stdout.write("round " + round + "\\n");
  }
`;

function runNode(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, {
      cwd: dir,
      env: { ...process.env, YEORON_LOG_LEVEL: "warn" },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("a reader during writes", () => {
  it("every `yeoron sql` read succeeds while another process writes in a loop, and the writer finishes", async () => {
    const db = path.join(dir, "live.duckdb");
    // a first write so the DB and its snapshot exist before the race starts
    const first = await runNode(["--input-type=module", "-e", writerScript(db, 1)]);
    expect(first.code).toBe(0);

    let writerDone = false;
    const writer = runNode(["--input-type=module", "-e", writerScript(db, WRITER_ROUNDS)]).then((r) => {
      writerDone = true;
      return r;
    });
    const reads: Array<{ code: number | null; stdout: string; stderr: string }> = [];
    while (!writerDone || reads.length < 3) {
      reads.push(
        await runNode([
          cli,
          "--db",
          db,
          "sql",
          "--format",
          "csv",
          "SELECT count(*) AS n, max(close) AS m FROM prices",
        ]),
      );
    }
    const w = await writer;
    expect(w.stderr).toBe("");
    expect(w.code).toBe(0);
    expect(w.stdout.trim().split("\n")).toHaveLength(WRITER_ROUNDS);
    const failures = reads.filter((r) => r.code !== 0);
    expect(failures.map((f) => f.stderr)).toEqual([]);
    // every read saw a consistent state: whole rounds only (live or the snapshot of the last finished round)
    for (const r of reads) {
      const [, line] = r.stdout.trim().split(/\r?\n/);
      const [n, m] = line!.split(",").map(Number);
      expect(n).toBe(m! * ROWS_PER_ROUND);
    }
    // the reads went on during the writes, not only after them
    expect(reads.length).toBeGreaterThanOrEqual(3);
  });
});
