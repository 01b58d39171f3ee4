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
import { endianness } from "node:os";
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
import duckdb from "@duckdb/node-bindings";
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
    return this.exclusive(() => this.atomically(fn));
  }

  /**
   * `fn` in a transaction of its own, or in the one already open (a group commit's or `transaction`'s, which
   * make it all-or-nothing with its neighbours). Callers hold the write queue.
   */
  private async atomically<T>(fn: () => Promise<T>): Promise<T> {
    if (this.group?.open || this.inTransaction) return fn();
    await this.conn.run("BEGIN TRANSACTION");
    this.inTransaction = true;
    try {
      const out = await fn();
      await this.conn.run("COMMIT");
      return out;
    } catch (err) {
      await this.conn.run("ROLLBACK").catch(() => {});
      throw err;
    } finally {
      this.inTransaction = false;
    }
  }

  /** Set while `atomically` holds an open transaction (the group commit has its own flag). */
  private inTransaction = false;

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
    if (rows.length <= SMALL_BATCH_ROWS && !hasDuplicateKeys(rows, key))
      return this.upsertValues(table, key, columns, rows, policy);
    const { stage, select } = await this.stageRows(table, columns, rows);
    // The probe and the INSERT it chooses must see the same table: one transaction (the caller's if open).
    await this.atomically(() => this.moveStaged(table, key, columns, policy, stage, select));
  }

  /** Moves a staged batch into `table`: one set-based INSERT, shaped by what a probe of both tables finds. */
  private async moveStaged(
    table: string,
    key: readonly string[],
    columns: readonly string[],
    policy: ConflictPolicy,
    stage: string,
    select: string,
  ): Promise<void> {
    const keyList = key.map(quoteIdent).join(", ");
    // Both answers come from DuckDB's own multi-threaded operators: a JS Set over a million keys cost ~0.7 s.
    // GROUP BY puts NULL keys together, as PARTITION BY below does.
    const probe = await this.one<{ repeated: boolean; empty: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM temp.${stage} GROUP BY ${keyList} HAVING count(*) > 1) AS repeated,
              NOT EXISTS (SELECT 1 FROM ${quoteIdent(table)}) AS empty`,
    );
    const repeated = probe?.repeated ?? true;
    // With nothing in the table and no key twice in the batch there is nothing to conflict with, so a plain
    // INSERT writes exactly what ON CONFLICT would; it skips the per-row conflict check and may use DuckDB's
    // parallel insert, which ON CONFLICT never does (measured: ~1.3 s instead of ~2.3 s for 1 M comments).
    const onConflict = probe?.empty && !repeated ? "" : conflictClause(key, columns, policy);
    // Keeping only the last copy of a repeated key costs as much as the insert itself; skip that window
    // when the batch's keys are unique.
    const source = repeated
      ? `(SELECT * FROM (SELECT *, row_number() OVER (PARTITION BY ${keyList} ORDER BY _ord DESC) AS _rn FROM temp.${stage}) WHERE _rn = 1)`
      : `temp.${stage}`;
    const cols = columns.map(quoteIdent).join(", ");
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
  private async stagePlan(table: string, columns: string[]) {
    const stage = `_stage_${table}_${createHash("sha1").update(columns.join(",")).digest("hex").slice(0, 8)}`;
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
      // Every batch carries its row order: whether a key repeats (and the last copy must win) is only
      // known after staging, from the probe in moveStaged.
      defs.push("_ord INTEGER");
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
  ): Promise<{ stage: string; select: string }> {
    const plan = await this.stagePlan(table, columns);
    // A fresh table each batch: DELETE would leave the old rows' storage behind and every later batch
    // would scan it again (measured: 3× slower inserts over ten batches).
    await this.conn.run(plan.create);
    appendRows(await this.conn.createAppender(plan.stage, "main", "temp"), columns, rows);
    return { stage: plan.stage, select: plan.select };
  }
}

/**
 * Appends rows plus their batch position (`_ord`) through an Appender in columnar chunks of 2048, then closes
 * it. One chunk is reused for every 2048 rows, and each column is written straight into its vector: the
 * generic path (an array of values per column, then a vector wrapper that sets one validity bit with BigInt
 * arithmetic and assigns every string with its own native call) was most of an upsert's JS time.
 */
function appendRows(appender: DuckDBAppender, columns: string[], rows: readonly Row[]): void {
  try {
    const types = columns.map((_, i) => appender.columnType(i));
    const writers = types.map((t, i) => columnWriter(t, columns[i]!));
    writers.push(orderWriter());
    const chunk = DuckDBDataChunk.create([...types, appender.columnType(columns.length)]);
    for (let off = 0; off < rows.length; off += CHUNK_ROWS) {
      const n = Math.min(CHUNK_ROWS, rows.length - off);
      // Reset drops the previous chunk's string heap (the Appender has copied it), so memory stays one chunk.
      chunk.reset();
      chunk.rowCount = n;
      for (let i = 0; i < writers.length; i++) writers[i]!(chunk, i, rows, off, n);
      appender.appendDataChunk(chunk);
    }
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
}

/** Writes rows[off, off + n) of one staged column into vector `index` of `chunk` (whose row count is n). */
type ColumnWriter = (
  chunk: DuckDBDataChunk,
  index: number,
  rows: readonly Row[],
  off: number,
  n: number,
) => void;

/**
 * A chunk's NULLs for one column, as DuckDB's validity bitmap (bit r of little-endian 64-bit words; 1 = valid).
 * Only a column that has a NULL in the chunk gets a bitmap; without one DuckDB reads every row as valid.
 */
class NullMask {
  private readonly bits = new Uint8Array(CHUNK_ROWS / 8);
  private any = false;

  start(): void {
    this.any = false;
  }

  setNull(r: number): void {
    if (!this.any) {
      this.bits.fill(0xff);
      this.any = true;
    }
    this.bits[r >> 3]! &= ~(1 << (r & 7));
  }

  writeTo(vector: duckdb.Vector, n: number): void {
    if (!this.any) return;
    duckdb.vector_ensure_validity_writable(vector);
    duckdb.copy_data_to_vector_validity(vector, 0, this.bits.buffer, 0, Math.ceil(n / 64) * 8);
  }
}

/** Fixed-width columns: values go into a typed array, then one copy into the vector. */
function fixedWriter<A extends Int32Array | Float64Array | Uint8Array | BigInt64Array | BigUint64Array>(
  name: string,
  items: A,
  set: (items: A, r: number, v: unknown) => void,
): ColumnWriter {
  const nulls = new NullMask();
  return (chunk, index, rows, off, n) => {
    const vector = duckdb.data_chunk_get_vector(chunk.chunk, index);
    nulls.start();
    for (let r = 0; r < n; r++) {
      const v = rows[off + r]![name];
      if (v === null || v === undefined) nulls.setNull(r);
      else set(items, r, v);
    }
    duckdb.copy_data_to_vector(vector, 0, items.buffer as ArrayBuffer, 0, n * items.BYTES_PER_ELEMENT);
    nulls.writeTo(vector, n);
  };
}

/**
 * DuckDB's string_t (duckdb_string_t in the C API) is 16 bytes: a 4-byte length, then either the string
 * itself when it fits in 12 bytes, or its first 4 bytes and a pointer to the rest.
 */
const STRING_T_BYTES = 16;
const INLINE_STRING_BYTES = 12;
const TWO_POW_32 = 2 ** 32;

/**
 * Long strings of a chunk are handed to DuckDB in pieces of at most this many bytes (unless one string is
 * longer), so a column of long texts never needs one huge JS buffer or one huge DuckDB string.
 */
const STRING_SEGMENT_BYTES = 8 * 1024 * 1024;

/**
 * VARCHAR. Assigning strings one by one costs a native call each (~150–250 ns: most of an upsert's JS time
 * for a comment batch), so a chunk's column is encoded to UTF-8 in JS instead: strings of up to 12 bytes go
 * inline into their string_t slots, and longer ones are laid end to end in a buffer that one native call
 * copies into the vector's string heap (parked in some slot); each long slot then points into that copy.
 * The heap lives until `chunk.reset()`, after the Appender has copied the chunk. All slots are copied in
 * last, over the parking slots too.
 */
function varcharWriter(name: string): ColumnWriter {
  const slots = new Uint8Array(CHUNK_ROWS * STRING_T_BYTES);
  const slotWords = new Uint32Array(slots.buffer);
  // 64 KiB holds a typical chunk of comment texts; a larger chunk grows it and keeps it for the batch.
  let heap = Buffer.allocUnsafe(64 * 1024);
  const longSlots = new Int32Array(CHUNK_ROWS);
  const longStarts = new Int32Array(CHUNK_ROWS);
  const nulls = new NullMask();
  return (chunk, index, rows, off, n) => {
    const vector = duckdb.data_chunk_get_vector(chunk.chunk, index);
    nulls.start();
    let used = 0;
    let longCount = 0;
    let placed = 0;
    let parked = 0;
    /** Copies the pending long strings into DuckDB and points their slots at the copy. */
    const park = () => {
      const slot = parked++;
      duckdb.vector_assign_string_element_len(vector, slot, heap.subarray(0, used));
      const head = duckdb.vector_get_data(vector, (slot + 1) * STRING_T_BYTES);
      const at = new DataView(head.buffer, head.byteOffset + slot * STRING_T_BYTES, STRING_T_BYTES);
      const low = at.getUint32(8, true);
      const high = at.getUint32(12, true);
      for (; placed < longCount; placed++) {
        const word = (longSlots[placed]! >> 2) + 2;
        const address = low + longStarts[placed]!;
        slotWords[word] = address % TWO_POW_32;
        slotWords[word + 1] = high + (address >= TWO_POW_32 ? 1 : 0);
      }
      used = 0;
    };
    for (let r = 0; r < n; r++) {
      const v = rows[off + r]![name];
      const s = v === null || v === undefined ? undefined : typeof v === "string" ? v : JSON.stringify(v);
      const base = r * STRING_T_BYTES;
      if (s === undefined) {
        nulls.setNull(r);
        slots.fill(0, base, base + STRING_T_BYTES);
        continue;
      }
      // A UTF-16 code unit never takes more than 3 UTF-8 bytes.
      const most = 3 * s.length;
      if (used > 0 && used + most > STRING_SEGMENT_BYTES) park();
      if (used + most > heap.length) {
        const grown = Buffer.allocUnsafe(Math.max(heap.length * 2, used + most));
        grown.set(heap.subarray(0, used));
        heap = grown;
      }
      // Node's own UTF-8 writer; a lone surrogate becomes U+FFFD, as in every other string DuckDB gets from us.
      const end = used + heap.write(s, used);
      const len = end - used;
      slotWords[base >> 2] = len;
      if (len <= INLINE_STRING_BYTES) {
        for (let i = 0; i < len; i++) slots[base + 4 + i] = heap[used + i]!;
        // DuckDB compares inlined strings by all 16 bytes, so the unused tail must be zero.
        slots.fill(0, base + 4 + len, base + STRING_T_BYTES);
      } else {
        for (let i = 0; i < 4; i++) slots[base + 4 + i] = heap[used + i]!;
        longSlots[longCount] = base;
        longStarts[longCount++] = used;
        used = end;
      }
    }
    if (used > 0) park();
    duckdb.copy_data_to_vector(vector, 0, slots.buffer, 0, n * STRING_T_BYTES);
    nulls.writeTo(vector, n);
  };
}

/** The batch position of each row, which keeps the last copy of a key repeated within the batch. */
function orderWriter(): ColumnWriter {
  const items = new Int32Array(CHUNK_ROWS);
  return (chunk, index, _rows, off, n) => {
    for (let r = 0; r < n; r++) items[r] = off + r;
    duckdb.copy_data_to_vector(duckdb.data_chunk_get_vector(chunk.chunk, index), 0, items.buffer, 0, n * 4);
  };
}

/** The writer for one staged column, chosen once from its type; rarer types go through the vector wrappers. */
function columnWriter(type: DuckDBType, name: string): ColumnWriter {
  // The writers lay out DuckDB's memory as x64 and arm64 (every platform @duckdb/node-api ships for) do.
  if (endianness() !== "LE") return wrapperWriter(type, name);
  switch (type.typeId) {
    case DuckDBTypeId.VARCHAR:
      return varcharWriter(name);
    case DuckDBTypeId.INTEGER:
      return fixedWriter(name, new Int32Array(CHUNK_ROWS), (a, r, v) => {
        a[r] = Number(v);
      });
    case DuckDBTypeId.DOUBLE:
      // also carries staged instants: Date / ISO string → epoch ms
      return fixedWriter(name, new Float64Array(CHUNK_ROWS), (a, r, v) => {
        a[r] = typeof v === "number" ? v : toEpochMs(v);
      });
    case DuckDBTypeId.BIGINT:
      return fixedWriter(name, new BigInt64Array(CHUNK_ROWS), (a, r, v) => {
        a[r] = BigInt(v as number | bigint);
      });
    case DuckDBTypeId.UBIGINT:
      return fixedWriter(name, new BigUint64Array(CHUNK_ROWS), (a, r, v) => {
        a[r] = BigInt(v as number | bigint);
      });
    case DuckDBTypeId.BOOLEAN:
      return fixedWriter(name, new Uint8Array(CHUNK_ROWS), (a, r, v) => {
        a[r] = v ? 1 : 0;
      });
    default:
      return wrapperWriter(type, name);
  }
}

/** Any type, through @duckdb/node-api's vector wrappers (one value object per cell). */
function wrapperWriter(type: DuckDBType, name: string): ColumnWriter {
  const convert = cellConverter(type);
  return (chunk, index, rows, off, n) => {
    const vector = chunk.getColumnVector(index);
    for (let r = 0; r < n; r++) vector.setItem(r, convert(rows[off + r]![name]));
    vector.flush();
  };
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
