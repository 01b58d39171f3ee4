/** Ad-hoc SQL for `yeoron sql`, notebooks and reports: columns plus rows as JS values. */
import { CliError } from "../shared/errors.js";
import type { Store } from "./db.js";

export interface QueryResult {
  columns: string[];
  /** DuckDB type of each column (`DATE`, `TIMESTAMP WITH TIME ZONE`, `VARCHAR` …). */
  types: string[];
  rows: unknown[][];
}

export async function runQuery(
  store: Store,
  sql: string,
  params?: unknown[] | Record<string, unknown>,
): Promise<QueryResult> {
  try {
    const statements = await store.conn.extractStatements(sql);
    const n = statements.count;
    if (n === 0) throw new CliError("no SQL statement to run");
    for (let i = 0; i < n - 1; i++) {
      const p = await statements.prepare(i);
      await p.run();
    }
    const last = await statements.prepare(n - 1);
    if (params) last.bind(params as never);
    const reader = await last.runAndReadAll();
    return {
      columns: reader.columnNames(),
      types: reader.columnTypes().map((t) => t.toString()),
      rows: reader.getRowsJS() as unknown[][],
    };
  } catch (err) {
    if (err instanceof CliError) throw err;
    // DuckDB errors carry the query and a caret diagram after the first line; one line is enough here.
    const msg = (err instanceof Error ? err.message.split("\n")[0]! : String(err)).replace(
      /^Failed to extract statements: /,
      "",
    );
    throw new CliError(msg, { cause: err });
  }
}
