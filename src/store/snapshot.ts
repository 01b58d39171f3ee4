/**
 * Readers during writes. DuckDB gives one process the file; no other process can even read it meanwhile
 * (DESIGN §9). So a writer, when it finishes a command (and between batches of a long one), publishes a
 * copy `<db>.snapshot.duckdb` by writing a temp file and renaming it over the old one (atomic on POSIX; a
 * reader that has the old one open keeps its inode). A reader opens the live file read-only when it can,
 * and the snapshot when a writer holds the live file — it never waits and never sees a lock error.
 */
import { existsSync, renameSync, rmSync, statSync } from "node:fs";
import { CliError } from "../shared/errors.js";
import { isLockError, Store } from "./db.js";

export interface ReadHandle {
  store: Store;
  /** "live" = the DB file itself; "snapshot" = the copy published at `snapshotAt` by the last writer. */
  source: "live" | "snapshot";
  snapshotAt: Date | null;
}

export function snapshotPath(dbPath: string): string {
  return `${dbPath.replace(/\.duckdb$/, "")}.snapshot.duckdb`;
}

/** How old the published snapshot is (Infinity when there is none). */
export function snapshotAgeMs(dbPath: string, now = Date.now()): number {
  try {
    return now - statSync(snapshotPath(dbPath)).mtimeMs;
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}

export async function publishSnapshot(store: Store): Promise<void> {
  if (store.readOnly || store.path === ":memory:") return;
  const target = snapshotPath(store.path);
  const tmp = `${target}.tmp-${process.pid}`;
  rmSync(tmp, { force: true });
  await store.run("CHECKPOINT");
  const db = (await store.one<{ name: string }>("SELECT current_database() AS name"))!.name;
  await store.run(`ATTACH '${tmp.replaceAll("'", "''")}' AS yeoron_snapshot`);
  try {
    await store.run(`COPY FROM DATABASE "${db.replaceAll('"', '""')}" TO yeoron_snapshot`);
  } finally {
    await store.run("DETACH yeoron_snapshot");
  }
  rmSync(`${tmp}.wal`, { force: true });
  renameSync(tmp, target);
}

export async function openForReading(dbPath: string): Promise<ReadHandle> {
  if (dbPath !== ":memory:" && !existsSync(dbPath)) {
    throw new CliError(`database ${dbPath} does not exist yet: run \`yeoron init\` first`);
  }
  try {
    return {
      store: await Store.open(dbPath, { readOnly: true, lockWaitMs: 0 }),
      source: "live",
      snapshotAt: null,
    };
  } catch (err) {
    if (!isLockError(err) && !(err instanceof CliError && isLockError(err.cause))) throw err;
    const snap = snapshotPath(dbPath);
    if (!existsSync(snap)) {
      throw new CliError(
        `database ${dbPath} is being written and no snapshot has been published yet; try again when the run ends`,
      );
    }
    const at = statSync(snap).mtime;
    return {
      store: await Store.open(snap, { readOnly: true, lockWaitMs: 0 }),
      source: "snapshot",
      snapshotAt: at,
    };
  }
}
