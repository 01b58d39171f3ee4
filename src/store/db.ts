/**
 * The one place that opens DuckDB. A `Store` is a connection plus the few things every stage needs:
 * migrations, set-based bulk upserts through the Appender, and plain queries.
 *
 * DuckDB lets one process open a file for writing and then no other process may open it at all
 * (DESIGN §9). Writers therefore wait for a short-lived reader's lock to go away (`lockWaitMs`) instead of
 * failing, and publish a snapshot copy that readers use while a writer holds the file (see snapshot.ts).
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import {
  blobValue,
  type DuckDBAppender,
  type DuckDBConnection,
  DuckDBDataChunk,
  DuckDBDateValue,
  DuckDBInstance,
  type DuckDBType,
  DuckDBTypeId,
  type DuckDBValue,
  listValue,
} from "@duckdb/node-api";
import { CliError } from "../shared/errors.js";
import { repoPath } from "../shared/paths.js";

/** How long a writer waits for another process's lock before giving up (a `yeoron sql` read takes well under it). */
export const DEFAULT_LOCK_WAIT_MS = 30_000;

export interface OpenOptions {
  readOnly?: boolean;
  /** Wait this long for a conflicting lock held by another process; 0 fails at once. */
  lockWaitMs?: number;
  /** Apply pending migrations and views (writers only). Default true for writers. */
  migrate?: boolean;
}

export type Row = Record<string, unknown>;
export type ConflictPolicy = "ignore" | "update";

/** From src/store and dist/store alike, the SQL lives in the repository's src/store. */
const SQL_DIR = repoPath("src", "store");

export function isLockError(err: unknown): boolean {
  return err instanceof Error && /Could not set lock|Conflicting lock/i.test(err.message);
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

export class Store {
  private stagePlans = new Map<string, { select: string; create: string }>();
  /**
   * Writes share one connection. Two async flows interleaving there would share a transaction (a rollback in
   * one would undo the other) or a staging table, so every write runs exclusively, in call order.
   * Re-entrant: a write inside `transaction(fn)` runs at once.
   */
  private writeChain: Promise<unknown> = Promise.resolve();
  private readonly inWrite = new AsyncLocalStorage<true>();

  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    if (this.inWrite.getStore()) return fn();
    const next = this.writeChain.then(() =>
      this.inWrite.run(true, async () => {
        if (this.group && !this.group.open) {
          await this.conn.run("BEGIN TRANSACTION");
          this.group.open = true;
          // Outside the write context: a timer created here would inherit it and commit out of turn.
          const ms = this.group.intervalMs;
          this.group.timer = this.inWrite.exit(() => setTimeout(() => void this.flush().catch(() => {}), ms));
        }
        return fn();
      }),
    );
    this.writeChain = next.catch(() => {});
    return next;
  }

  /**
   * Group commit: each DuckDB commit costs milliseconds (it syncs the WAL), so a crawl writing a few rows per
   * page would spend most of its time committing. Inside `withGroupCommit`, writes share one transaction
   * committed every `intervalMs`. Order is kept, so a kill loses at most the last interval's writes — work
   * the frontier still shows as queued and a rerun redoes; nothing is half-written.
   */
  private group: { intervalMs: number; open: boolean; timer: NodeJS.Timeout | null } | null = null;

  async withGroupCommit<T>(intervalMs: number, fn: () => Promise<T>): Promise<T> {
    if (this.group) return fn();
    this.group = { intervalMs, open: false, timer: null };
    try {
      return await fn();
    } finally {
      await this.flush();
      this.group = null;
    }
  }

  /** Commits the open group transaction (deferred rows first), if any. */
  async flush(): Promise<void> {
    await this.exclusiveNoGroup(async () => {
      const g = this.group;
      if (!g?.open) return;
      if (g.timer) clearTimeout(g.timer);
      g.timer = null;
      const pending = [...this.deferred.values()];
      this.deferred.clear();
      try {
        for (const d of pending) await this.upsertNow(d.table, d.key, d.rows, d.policy);
        await this.conn.run("COMMIT");
      } catch (err) {
        await this.conn.run("ROLLBACK").catch(() => {});
        throw err;
      } finally {
        g.open = false;
      }
    });
  }

  private readonly deferred = new Map<
    string,
    { table: string; key: readonly string[]; rows: Row[]; policy: ConflictPolicy }
  >();

  /**
   * Like `upsert`, but inside a group commit the rows wait in memory and go in with one bulk upsert per table
   * just before the group's COMMIT. For tables the running job does not read back (raw responses, outcomes,
   * documents whose dedupe keys it holds in memory). Outside a group commit it is `upsert`.
   */
  async upsertDeferred(
    table: string,
    key: readonly string[],
    rows: readonly Row[],
    policy: ConflictPolicy = "ignore",
  ): Promise<void> {
    if (!this.group) return this.upsert(table, key, rows, policy);
    if (rows.length === 0) return;
    await this.exclusive(async () => {
      const id = `${table}\u0000${policy}\u0000${Object.keys(rows[0]!).join(",")}`;
      const d = this.deferred.get(id);
      if (d) d.rows.push(...rows);
      else this.deferred.set(id, { table, key, rows: [...rows], policy });
    });
  }

  private exclusiveNoGroup<T>(fn: () => Promise<T>): Promise<T> {
    if (this.inWrite.getStore()) return fn();
    const next = this.writeChain.then(() => this.inWrite.run(true, fn));
    this.writeChain = next.catch(() => {});
    return next;
  }
  private constructor(
    readonly path: string,
    readonly readOnly: boolean,
    private readonly instance: DuckDBInstance,
    readonly conn: DuckDBConnection,
  ) {}

  static async open(dbPath: string, opts: OpenOptions = {}): Promise<Store> {
    const readOnly = opts.readOnly ?? false;
    if (dbPath !== ":memory:" && !readOnly)
      mkdirSync(path.dirname(path.resolve(dbPath)), { recursive: true });
    const deadline = Date.now() + (opts.lockWaitMs ?? (readOnly ? 0 : DEFAULT_LOCK_WAIT_MS));
    let delay = 50;
    for (;;) {
      try {
        const instance = await DuckDBInstance.create(dbPath, readOnly ? { access_mode: "READ_ONLY" } : {});
        const conn = await instance.connect();
        // Timestamps print as UTC; KST appears only where a view or report converts on purpose.
        await conn.run("SET TimeZone = 'UTC'");
        const store = new Store(dbPath, readOnly, instance, conn);
        if (!readOnly && (opts.migrate ?? true)) await store.migrate();
        return store;
      } catch (err) {
        if (isLockError(err) && Date.now() < deadline) {
          await sleep(delay);
          delay = Math.min(delay * 2, 1000);
          continue;
        }
        if (isLockError(err)) {
          throw new CliError(`database ${dbPath} is locked by another yeoron process (${lockHolder(err)})`, {
            cause: err,
          });
        }
        if (
          err instanceof Error &&
          /Cannot open database .* in read-only mode|does not exist/i.test(err.message)
        ) {
          throw new CliError(`database ${dbPath} does not exist yet: run \`yeoron init\` first`, {
            cause: err,
          });
        }
        throw err;
      }
    }
  }

  close(): void {
    this.conn.closeSync();
    this.instance.closeSync();
  }

  /** Rows as plain JS objects (BigInt where DuckDB gives 64-bit integers). */
  async all<T = Row>(sql: string, params?: unknown[] | Record<string, unknown>): Promise<T[]> {
    const reader = await this.conn.runAndReadAll(sql, params as never);
    return reader.getRowObjectsJS() as T[];
  }

  async one<T = Row>(sql: string, params?: unknown[] | Record<string, unknown>): Promise<T | undefined> {
    return (await this.all<T>(sql, params))[0];
  }

  async run(sql: string, params?: unknown[] | Record<string, unknown>): Promise<void> {
    await this.exclusive(() => this.conn.run(sql, params as never));
  }

  /** Runs `fn` in a transaction: all of it or none of it lands (a kill between the two leaves nothing half-done). */
  async transaction<T>(fn: () => Promise<T>): Promise<T> {
    return this.exclusive(async () => {
      // Inside a group commit the group's transaction already makes fn all-or-nothing with its neighbours.
      if (this.group?.open) return fn();
      await this.conn.run("BEGIN TRANSACTION");
      try {
        const out = await fn();
        await this.conn.run("COMMIT");
        return out;
      } catch (err) {
        await this.conn.run("ROLLBACK").catch(() => {});
        throw err;
      }
    });
  }

  // ---------------------------------------------------------------- migrations

  async schemaVersion(): Promise<number> {
    const exists = await this.one<{ n: bigint }>(
      "SELECT count(*) AS n FROM duckdb_tables() WHERE table_name = 'schema_version' AND schema_name = 'main'",
    );
    if (!exists || Number(exists.n) === 0) return 0;
    const row = await this.one<{ v: number | null }>("SELECT max(version) AS v FROM schema_version");
    return row?.v ?? 0;
  }

  /** Applies numbered migrations not yet applied, each in its own transaction, then (re)creates the views. */
  async migrate(): Promise<{ applied: number[]; version: number }> {
    await this.run(
      `CREATE TABLE IF NOT EXISTS schema_version (
         version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMPTZ NOT NULL)`,
    );
    await this.run("CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR)");
    const current = await this.schemaVersion();
    const applied: number[] = [];
    for (const m of listMigrations()) {
      if (m.version <= current) continue;
      await this.transaction(async () => {
        await this.conn.run(m.sql);
        await this.run("INSERT INTO schema_version VALUES ($1, $2, now())", [m.version, m.name]);
      });
      applied.push(m.version);
    }
    await this.applyViews();
    return { applied, version: await this.schemaVersion() };
  }

  /** Views are code, not data: re-created whenever their SQL changed (hash kept in `meta`). */
  private async applyViews(): Promise<void> {
    const sql = listViewFiles()
      .map((f) => readFileSync(f, "utf8"))
      .join("\n;\n");
    const hash = createHash("sha256").update(sql).digest("hex");
    const row = await this.one<{ value: string }>("SELECT value FROM meta WHERE key = 'views_hash'");
    if (row?.value === hash) return;
    await this.transaction(async () => {
      if (sql.trim()) await this.conn.run(sql);
      await this.run("INSERT OR REPLACE INTO meta VALUES ('views_hash', $1)", [hash]);
    });
  }

  async getMeta(key: string): Promise<string | null> {
    const row = await this.one<{ value: string }>("SELECT value FROM meta WHERE key = $1", [key]);
    return row?.value ?? null;
  }

  async setMeta(key: string, value: string): Promise<void> {
    await this.run("INSERT OR REPLACE INTO meta VALUES ($1, $2)", [key, value]);
  }

  // ---------------------------------------------------------------- bulk writes

  /**
   * Set-based idempotent write: rows go through the Appender into a temp staging table, then one
   * `INSERT … SELECT … ON CONFLICT` moves them (DESIGN §6: row-by-row INSERT is ~250× slower).
   * Rows repeated within one batch keep the last copy.
   */
  async upsert(
    table: string,
    key: readonly string[],
    rows: readonly Row[],
    policy: ConflictPolicy = "ignore",
  ): Promise<void> {
    if (rows.length === 0) return;
    await this.exclusive(() => this.upsertNow(table, key, rows, policy));
  }

  private async upsertNow(
    table: string,
    key: readonly string[],
    rows: readonly Row[],
    policy: ConflictPolicy,
  ): Promise<void> {
    const columns = Object.keys(rows[0]!);
    const repeated = hasDuplicateKeys(rows, key);
    if (rows.length <= SMALL_BATCH_ROWS && !repeated)
      return this.upsertValues(table, key, columns, rows, policy);
    const { stage, select } = await this.stageRows(table, columns, rows, repeated);
    const cols = columns.map(quoteIdent).join(", ");
    const keyList = key.map(quoteIdent).join(", ");
    const onConflict = conflictClause(key, columns, policy);
    // Keeping only the last copy of a repeated key costs as much as the insert itself; skip that window
    // (and the order column it needs) when the batch's keys are unique.
    const source = repeated
      ? `(SELECT * FROM (SELECT *, row_number() OVER (PARTITION BY ${keyList} ORDER BY _ord DESC) AS _rn FROM temp.${stage}) WHERE _rn = 1)`
      : `temp.${stage}`;
    await this.conn.run(
      `INSERT INTO ${quoteIdent(table)} (${cols}) SELECT ${select} FROM ${source} ${onConflict}`,
    );
  }

  /**
   * A handful of rows (one page's raw response, one outcome) go in one parameterized multi-row INSERT: a
   * staging table costs more than it saves below SMALL_BATCH_ROWS.
   */
  private async upsertValues(
    table: string,
    key: readonly string[],
    columns: string[],
    rows: readonly Row[],
    policy: ConflictPolicy,
  ): Promise<void> {
    const types = await this.columnTypes(table);
    const params: unknown[] = [];
    const tuples = rows.map((row) => {
      const slots = columns.map((c) => {
        params.push(toParam(row[c], types.get(c)));
        const t = types.get(c);
        return `CAST($${params.length} AS ${t === "JSON" ? "JSON" : t})`;
      });
      return `(${slots.join(", ")})`;
    });
    await this.conn.run(
      `INSERT INTO ${quoteIdent(table)} (${columns.map(quoteIdent).join(", ")}) VALUES ${tuples.join(", ")} ${conflictClause(key, columns, policy)}`,
      params as never,
    );
  }

  private typeCache = new Map<string, Map<string, string>>();

  private async columnTypes(table: string): Promise<Map<string, string>> {
    let m = this.typeCache.get(table);
    if (!m) {
      const rows = await this.all<{ column_name: string; data_type: string }>(
        "SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = $1 AND schema_name = 'main'",
        [table],
      );
      m = new Map(rows.map((r) => [r.column_name, r.data_type]));
      this.typeCache.set(table, m);
    }
    return m;
  }

  /** How a batch of `columns` is staged for `table`: the staging table's columns and the SELECT that converts back. */
  private async stagePlan(table: string, columns: string[], withOrder: boolean) {
    const stage = `_stage_${table}_${createHash("sha1")
      .update(`${columns.join(",")}|${withOrder}`)
      .digest("hex")
      .slice(0, 8)}`;
    let plan = this.stagePlans.get(stage);
    if (!plan) {
      const typeOf = await this.columnTypes(table);
      const isInstant = (c: string) => typeOf.get(c) === "TIMESTAMP WITH TIME ZONE";
      const defs = columns.map((c) => {
        const t = typeOf.get(c);
        if (!t) throw new CliError(`table ${table} has no column ${c}`);
        return `${quoteIdent(c)} ${isInstant(c) ? "DOUBLE" : t}`;
      });
      const select = columns
        .map((c) =>
          isInstant(c)
            ? `make_timestamptz(CAST(round(${quoteIdent(c)} * 1000) AS BIGINT)) AS ${quoteIdent(c)}`
            : quoteIdent(c),
        )
        .join(", ");
      if (withOrder) defs.push("_ord INTEGER");
      plan = { select, create: `CREATE OR REPLACE TEMP TABLE ${stage} (${defs.join(", ")})` };
      this.stagePlans.set(stage, plan);
    }
    return { stage, ...plan };
  }

  /**
   * Appends rows into temp.<stage> in columnar chunks of 2048 (DuckDB's vector size; faster than one append
   * call per value) and returns the stage name plus the SELECT list that converts staged values to the
   * target's types. Instants are staged as epoch milliseconds (DOUBLE): making a TIMESTAMPTZ value object per
   * cell in JS costs more than converting a whole vector in SQL.
   */
  private async stageRows(
    table: string,
    columns: string[],
    rows: readonly Row[],
    withOrder: boolean,
  ): Promise<{ stage: string; select: string }> {
    const plan = await this.stagePlan(table, columns, withOrder);
    // A fresh table each batch: DELETE would leave the old rows' storage behind and every later batch
    // would scan it again (measured: 3× slower inserts over ten batches).
    await this.conn.run(plan.create);
    appendRows(await this.conn.createAppender(plan.stage, "main", "temp"), columns, rows, withOrder);
    return { stage: plan.stage, select: plan.select };
  }
}

/** Appends rows through an Appender in columnar chunks of 2048, then closes it. */
function appendRows(
  appender: DuckDBAppender,
  columns: string[],
  rows: readonly Row[],
  withOrder: boolean,
): void {
  try {
    const types = columns.map((_, i) => appender.columnType(i));
    const convert = types.map((t) => cellConverter(t));
    const allTypes = withOrder ? [...types, appender.columnType(columns.length)] : types;
    for (let off = 0; off < rows.length; off += CHUNK_ROWS) {
      const n = Math.min(CHUNK_ROWS, rows.length - off);
      const cols: DuckDBValue[][] = columns.map(() => new Array<DuckDBValue>(n));
      for (let r = 0; r < n; r++) {
        const row = rows[off + r]!;
        for (let i = 0; i < columns.length; i++) cols[i]![r] = convert[i]!(row[columns[i]!]);
      }
      if (withOrder) cols.push(Array.from({ length: n }, (_, r) => off + r));
      const chunk = DuckDBDataChunk.create(allTypes, n);
      chunk.setColumns(cols);
      appender.appendDataChunk(chunk);
    }
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
}

/** Up to this many rows an upsert is one parameterized INSERT … VALUES instead of Appender + staging. */
const SMALL_BATCH_ROWS = 32;

function conflictClause(key: readonly string[], columns: readonly string[], policy: ConflictPolicy): string {
  const updates = columns.filter((c) => !key.includes(c));
  if (policy !== "update" || updates.length === 0) return "ON CONFLICT DO NOTHING";
  const keyList = key.map(quoteIdent).join(", ");
  return `ON CONFLICT (${keyList}) DO UPDATE SET ${updates.map((c) => `${quoteIdent(c)} = excluded.${quoteIdent(c)}`).join(", ")}`;
}

/** A JS value as a bound parameter for a column of DuckDB type `type` (cast in SQL). */
function toParam(v: unknown, type: string | undefined): unknown {
  if (v === null || v === undefined) return null;
  if (type === "TIMESTAMP WITH TIME ZONE") return new Date(toEpochMs(v)).toISOString();
  if (type === "BLOB") return blobValue(v as Uint8Array);
  // An empty list has no item type to infer: bind it as text and let the CAST give it one.
  if (type === "VARCHAR[]")
    return (v as unknown[]).length === 0 ? "[]" : listValue((v as unknown[]).map(String));
  if (type === "UBIGINT" || type === "BIGINT") return BigInt(v as number | bigint);
  if (type === "JSON" || type === "VARCHAR") return typeof v === "string" ? v : JSON.stringify(v);
  if (type === "DATE") return v instanceof Date ? v.toISOString().slice(0, 10) : String(v);
  return v;
}

/** DuckDB's STANDARD_VECTOR_SIZE: a data chunk holds at most this many rows. */
const CHUNK_ROWS = 2048;

type Converter = (v: unknown) => DuckDBValue;

/** One converter per staged column, chosen once from its type. */
function cellConverter(type: DuckDBType): Converter {
  const orNull =
    (f: Converter): Converter =>
    (v) =>
      v === null || v === undefined ? null : f(v);
  switch (type.typeId) {
    case DuckDBTypeId.VARCHAR:
      return orNull((v) => (typeof v === "string" ? v : JSON.stringify(v)));
    case DuckDBTypeId.INTEGER:
      return orNull((v) => Number(v));
    case DuckDBTypeId.DOUBLE:
      // also carries staged instants: Date / ISO string → epoch ms
      return orNull((v) => (typeof v === "number" ? v : toEpochMs(v)));
    case DuckDBTypeId.BIGINT:
    case DuckDBTypeId.UBIGINT:
      return orNull((v) => BigInt(v as number | bigint));
    case DuckDBTypeId.BOOLEAN:
      return orNull((v) => Boolean(v));
    case DuckDBTypeId.BLOB:
      return orNull((v) => blobValue(v as Uint8Array));
    case DuckDBTypeId.DATE:
      return orNull((v) => toDate(v));
    case DuckDBTypeId.LIST:
      return orNull((v) => listValue((v as unknown[]).map(String)));
    default:
      return orNull((v) => String(v));
  }
}

export function toEpochMs(v: unknown): number {
  const ms = v instanceof Date ? v.getTime() : typeof v === "number" ? v : Date.parse(String(v));
  if (!Number.isFinite(ms)) throw new CliError(`not a valid time: ${String(v)}`);
  return ms;
}

function toDate(v: unknown): DuckDBDateValue {
  const s = v instanceof Date ? v.toISOString().slice(0, 10) : String(v);
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(s);
  if (!m) throw new CliError(`not a valid date: ${s}`);
  return DuckDBDateValue.fromParts({ year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) });
}

function hasDuplicateKeys(rows: readonly Row[], key: readonly string[]): boolean {
  const seen = new Set<string>();
  for (const r of rows) {
    const k = key.length === 1 ? String(r[key[0]!]) : key.map((c) => String(r[c])).join("\u0000");
    if (seen.has(k)) return true;
    seen.add(k);
  }
  return false;
}

export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** `NNN_name.sql` files in src/store/migrations, in order. */
export function listMigrations(): Migration[] {
  const dir = path.join(SQL_DIR, "migrations");
  return readdirSync(dir)
    .filter((f) => /^\d{3}_.+\.sql$/.test(f))
    .sort()
    .map((f) => ({
      version: Number(f.slice(0, 3)),
      name: f.slice(4, -4),
      sql: readFileSync(path.join(dir, f), "utf8"),
    }));
}

/** View definitions, applied in file-name order (a later file may use an earlier view). */
export function listViewFiles(): string[] {
  const dir = path.join(SQL_DIR, "views");
  try {
    return readdirSync(dir)
      .filter((f) => f.endsWith(".sql"))
      .sort()
      .map((f) => path.join(dir, f));
  } catch {
    return [];
  }
}

function lockHolder(err: unknown): string {
  const m = /Conflicting lock is held in (.+?) \(PID (\d+)\)/.exec(err instanceof Error ? err.message : "");
  return m ? `${path.basename(m[1]!)} pid ${m[2]}` : "unknown process";
}
