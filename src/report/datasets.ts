/**
 * One SQL file per dataset in src/report/queries (STYLE: Evidence), named as the table it makes. Parameters are
 * DuckDB named parameters ($start, $end, $prev_start, $prev_end, $subject); a file gets only those it uses.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { CliError } from "../shared/errors.js";
import { repoPath } from "../shared/paths.js";
import type { Store } from "../store/db.js";

/** From src/report and dist/report alike, the SQL lives in the repository's src/report/queries. */
export const QUERY_DIR = repoPath("src", "report", "queries");

export type Cell = string | number | boolean | null;

export interface Dataset {
  name: string;
  columns: string[];
  rows: Record<string, Cell>[];
}

const DAY_MS = 86_400_000;

/** Report values as plain JSON-like cells: 64-bit integers → numbers, DATEs → `YYYY-MM-DD`, instants → ISO. */
export function toCell(v: unknown): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === "bigint") return Number(v);
  if (typeof v === "number") return Number.isFinite(v) ? v : null;
  if (typeof v === "string" || typeof v === "boolean") return v;
  if (v instanceof Date) return v.getTime() % DAY_MS === 0 ? v.toISOString().slice(0, 10) : v.toISOString();
  return String(v);
}

export function readQuery(name: string): string {
  if (!/^[a-z0-9_]+$/.test(name)) throw new CliError(`not a report query name: ${name}`);
  return readFileSync(path.join(QUERY_DIR, `${name}.sql`), "utf8");
}

export async function runDataset(
  store: Store,
  name: string,
  params: Record<string, string>,
): Promise<Dataset> {
  const sql = readQuery(name);
  const used = Object.fromEntries(Object.entries(params).filter(([k]) => new RegExp(`\\$${k}\\b`).test(sql)));
  try {
    const reader = await store.conn.runAndReadAll(sql, used as never);
    const columns = reader.columnNames();
    const rows = (reader.getRowObjectsJS() as Record<string, unknown>[]).map((r) =>
      Object.fromEntries(columns.map((c) => [c, toCell(r[c])])),
    );
    return { name, columns, rows };
  } catch (err) {
    const msg = err instanceof Error ? err.message.split("\n")[0] : String(err);
    throw new CliError(`report query ${name}.sql failed: ${msg}`, { cause: err });
  }
}
