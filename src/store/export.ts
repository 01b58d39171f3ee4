/**
 * `yeoron export --parquet DIR`: each table as Parquet, partitioned by day (Hive layout `day=YYYY-MM-DD/`)
 * where the table has a date, readable with `read_parquet('DIR/<table>/**\/*.parquet', hive_partitioning=1)`.
 */
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { quoteIdent, type Store } from "./db.js";

/** The column whose Korean calendar day partitions each table (DESIGN §8: Parquet by day for other engines). */
export const PARTITION_DAY: Record<string, string> = {
  raw_fetches: "fetched_at",
  documents: "published_at",
  comments: "written_at",
  statement_mentions: "published_at",
  outcomes: "recorded_at",
  runs: "started_at",
  scores: "scored_at",
  prices: "day",
};

export interface ExportResult {
  table: string;
  rows: number;
  partitioned: boolean;
  path: string;
}

/** Resolves `child` inside `root`, refusing anything that would escape it. */
export function safeJoin(root: string, child: string): string {
  const base = path.resolve(root);
  const full = path.resolve(base, child);
  if (full !== base && !full.startsWith(base + path.sep)) throw new Error(`path ${child} escapes ${root}`);
  return full;
}

export async function exportParquet(store: Store, dir: string): Promise<ExportResult[]> {
  const outRoot = path.resolve(dir);
  mkdirSync(outRoot, { recursive: true });
  const tables = await store.all<{ table_name: string }>(
    "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main' AND NOT temporary ORDER BY table_name",
  );
  const results: ExportResult[] = [];
  for (const { table_name: table } of tables) {
    const target = safeJoin(outRoot, table);
    rmSync(target, { recursive: true, force: true });
    const n = Number(
      (await store.one<{ n: bigint }>(`SELECT count(*) AS n FROM ${quoteIdent(table)}`))?.n ?? 0,
    );
    const dayCol = PARTITION_DAY[table];
    const lit = (p: string) => `'${p.replaceAll("'", "''")}'`;
    if (dayCol && n > 0) {
      const dayExpr =
        table === "prices"
          ? `strftime(${quoteIdent(dayCol)}, '%Y-%m-%d')`
          : `coalesce(strftime(timezone('Asia/Seoul', ${quoteIdent(dayCol)}), '%Y-%m-%d'), 'unknown')`;
      await store.run(
        `COPY (SELECT *, ${dayExpr} AS ${table === "prices" ? "trading_day" : "day"} FROM ${quoteIdent(table)})
         TO ${lit(target)} (FORMAT parquet, PARTITION_BY (${table === "prices" ? "trading_day" : "day"}), OVERWRITE_OR_IGNORE)`,
      );
      results.push({ table, rows: n, partitioned: true, path: target });
    } else {
      mkdirSync(target, { recursive: true });
      await store.run(
        `COPY ${quoteIdent(table)} TO ${lit(path.join(target, "data.parquet"))} (FORMAT parquet)`,
      );
      results.push({ table, rows: n, partitioned: false, path: target });
    }
  }
  return results;
}
