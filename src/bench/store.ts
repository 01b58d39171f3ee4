/**
 * Store benchmark (issue 2): 1,000,000 comment rows written through `Store.upsert` (Appender → staging →
 * INSERT … ON CONFLICT) next to DuckDB's own `COPY comments FROM 'file.csv'` of the same rows, same run.
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { Store } from "../store/db.js";

const PHRASES = [
  "카카오 먹통 사태 정말 답답하네요",
  "복구는 빨랐지만 불편했던 건 사실",
  "IT 업계의 비극이라니 어불성설 ㅋㅋ",
  "데이터센터 이중화 안 한 게 말이 되냐?",
  "엔지니어분들 고생 많으셨습니다",
  "보여주기식 사퇴는 이제 지겹다",
  "주가 15만원 약속은 어디 갔나요",
  "그래도 빨리 정상화돼서 다행입니다 ^^",
];

export interface StoreBenchResult {
  rows: number;
  storeRowsPerSec: number;
  copyRowsPerSec: number;
  storeMs: number;
  copyMs: number;
  ratio: number;
  /** Informational: the same number of new rows into a table already holding `rows` rows. */
  filledTableRowsPerSec: number;
}

function commentRows(n: number, offset: number) {
  const base = Date.UTC(2022, 9, 15);
  const rows = [];
  for (let i = offset; i < offset + n; i++) {
    rows.push({
      comment_id: `naver:${1_000_000_000 + i}`,
      doc_id: `doc${i % 5000}`,
      source: "naver",
      parent_id: null,
      reply_level: 1,
      contents: `${PHRASES[i % PHRASES.length]} #${i}`,
      user_name: `user****`,
      user_hash: (i * 2654435761).toString(16).padStart(16, "0"),
      written_at: new Date(base + (i % 1_209_600) * 1000),
      modified_at: null,
      sympathy: i % 97,
      antipathy: i % 13,
      reply_count: i % 3,
      is_best: i % 500 === 0,
      is_deleted: false,
      is_hidden: false,
      fetched_at: new Date(base + 14 * 86_400_000),
    });
  }
  return rows;
}

function csvField(v: unknown): string {
  if (v === null || v === undefined) return "";
  const s = v instanceof Date ? v.toISOString() : String(v);
  return /[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

export async function benchStore(opts: {
  rows: number;
  dir: string;
  batch?: number;
}): Promise<StoreBenchResult> {
  mkdirSync(opts.dir, { recursive: true });
  // One call, as a bulk import makes it: the store slices and pipelines it itself.
  const batch = opts.batch ?? opts.rows;
  const csv = path.join(opts.dir, "comments.csv");
  const dbA = path.join(opts.dir, "bench-store.duckdb");
  const dbB = path.join(opts.dir, "bench-copy.duckdb");
  for (const f of [dbA, dbB, `${dbA}.wal`, `${dbB}.wal`]) rmSync(f, { force: true });

  // Same rows for both: generate once per batch for the store, and write the CSV for COPY up front.
  const columns = Object.keys(commentRows(1, 0)[0]!);
  const lines: string[] = [columns.join(",")];
  for (let off = 0; off < opts.rows; off += batch) {
    for (const r of commentRows(Math.min(batch, opts.rows - off), off))
      lines.push(columns.map((c) => csvField((r as Record<string, unknown>)[c])).join(","));
  }
  writeFileSync(csv, `${lines.join("\n")}\n`);
  lines.length = 0;

  const a = await Store.open(dbA);
  // The rows exist before the clock starts, as the CSV does for COPY: both sides time only the write.
  const batches: ReturnType<typeof commentRows>[] = [];
  for (let off = 0; off < opts.rows; off += batch)
    batches.push(commentRows(Math.min(batch, opts.rows - off), off));
  let t0 = performance.now();
  for (const rows of batches) await a.upsert("comments", ["comment_id"], rows);
  const storeUpsertMs = performance.now() - t0;
  await a.run("CHECKPOINT");
  const storeMs = performance.now() - t0;
  batches.length = 0;
  const nA = Number((await a.one<{ n: bigint }>("SELECT count(*) n FROM comments"))?.n);
  // Not part of the comparison: the same number of new rows into the now-filled table, the steady state of
  // a scheduled crawl, where the store must check every key against the existing ones (ON CONFLICT).
  const more: ReturnType<typeof commentRows>[] = [];
  for (let off = 0; off < opts.rows; off += batch)
    more.push(commentRows(Math.min(batch, opts.rows - off), opts.rows + off));
  t0 = performance.now();
  for (const rows of more) await a.upsert("comments", ["comment_id"], rows);
  await a.run("CHECKPOINT");
  const filledMs = performance.now() - t0;
  more.length = 0;
  a.close();

  const b = await Store.open(dbB);
  t0 = performance.now();
  await b.run(`COPY comments (${columns.join(", ")}) FROM '${csv}' (HEADER)`);
  const copyOnlyMs = performance.now() - t0;
  await b.run("CHECKPOINT");
  const copyMs = performance.now() - t0;
  // Detail only (not part of the comparison): where each side's time went.
  const s = (ms: number) => (ms / 1000).toFixed(2);
  console.log(
    `  detail: upsert ${s(storeUpsertMs)} s + CHECKPOINT ${s(storeMs - storeUpsertMs)} s | COPY ${s(copyOnlyMs)} s + CHECKPOINT ${s(copyMs - copyOnlyMs)} s`,
  );
  const nB = Number((await b.one<{ n: bigint }>("SELECT count(*) n FROM comments"))?.n);
  b.close();
  if (nA !== opts.rows || nB !== opts.rows)
    throw new Error(`row counts differ: store ${nA}, copy ${nB}, expected ${opts.rows}`);

  const storeRowsPerSec = opts.rows / (storeMs / 1000);
  const copyRowsPerSec = opts.rows / (copyMs / 1000);
  return {
    rows: opts.rows,
    storeRowsPerSec,
    copyRowsPerSec,
    storeMs,
    copyMs,
    ratio: storeRowsPerSec / copyRowsPerSec,
    filledTableRowsPerSec: opts.rows / (filledMs / 1000),
  };
}
