/**
 * What every command gets: the loaded config, a logger, where to print, and a way to open the store.
 * Side effects are passed in (STYLE: Observable Framework) so commands are testable.
 */
import { type AppConfig, loadAppConfig } from "../shared/app-config.js";
import { createLogger, type Logger } from "../shared/log.js";
import { Store } from "../store/db.js";
import { openForReading, publishSnapshot, type ReadHandle, snapshotAgeMs } from "../store/snapshot.js";

export interface GlobalOptions {
  config?: string;
  db?: string;
  verbose?: boolean;
  quiet?: boolean;
}

export interface Context {
  config: AppConfig & { file: string | null };
  dbPath: string;
  log: Logger;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  verbose: boolean;
  quiet: boolean;
  /**
   * Opens the DB for writing (migrations applied) and publishes a reader snapshot when done — or, with
   * `snapshotMaxAgeMs`, only when the published one is older than that (frequent scheduled jobs).
   */
  withWriter<T>(fn: (store: Store) => Promise<T>, opts?: { snapshotMaxAgeMs?: number }): Promise<T>;
  /** Opens the live DB read-only, or the latest snapshot while a writer holds it. */
  withReader<T>(fn: (handle: ReadHandle) => Promise<T>): Promise<T>;
}

export function createContext(opts: GlobalOptions): Context {
  const config = loadAppConfig(opts.config);
  const level = opts.verbose ? "debug" : opts.quiet ? "warn" : config.logLevel;
  const log = createLogger({ level });
  const dbPath = opts.db ?? config.db;
  return {
    config,
    dbPath,
    log,
    stdout: process.stdout,
    stderr: process.stderr,
    verbose: Boolean(opts.verbose),
    quiet: Boolean(opts.quiet),
    async withWriter(fn, opts = {}) {
      const store = await Store.open(dbPath);
      let ok = false;
      try {
        const out = await fn(store);
        ok = true;
        return out;
      } finally {
        const stale = opts.snapshotMaxAgeMs === undefined || snapshotAgeMs(dbPath) >= opts.snapshotMaxAgeMs;
        if (ok && dbPath !== ":memory:" && stale)
          await publishSnapshot(store).catch((err) =>
            log.warn({ err: String(err) }, "snapshot not published"),
          );
        store.close();
      }
    },
    async withReader(fn) {
      const handle = await openForReading(dbPath);
      try {
        return await fn(handle);
      } finally {
        handle.store.close();
      }
    },
  };
}
