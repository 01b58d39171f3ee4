/**
 * Notebook files: Markdown with ```sql blocks. A block asks for a chart in its info string:
 *
 *   ```sql chart=line x=day y=mean_compound series=audience title="일별 감성"
 *
 * Keys: chart = line | bar | area | scatter | hbar; x = the category/x column; y = one or more value
 * columns (comma-separated); series = a column whose values become separate series (long → wide);
 * y2 = a column drawn as a line on a second axis (e.g. the close beside sentiment); stack = true;
 * title = the caption; rows = how many result rows the table shows (default 50); height = chart pixels.
 */

export type ChartType = "line" | "bar" | "area" | "scatter" | "hbar";
export const CHART_TYPES: readonly ChartType[] = ["line", "bar", "area", "scatter", "hbar"];

export interface ChartSpec {
  type: ChartType;
  x: string;
  y: string[];
  series: string | null;
  y2: string | null;
  stack: boolean;
  title: string | null;
  height: number | null;
}

export interface SqlBlock {
  kind: "sql";
  sql: string;
  /** 1-based line of the opening fence, for error messages. */
  line: number;
  chart: ChartSpec | null;
  maxRows: number;
  /** A problem with the info string itself: reported in place like a query error. */
  specError: string | null;
}

export interface ProseBlock {
  kind: "markdown";
  text: string;
}

export type NotebookBlock = SqlBlock | ProseBlock;

/** Rows a table shows unless the block says otherwise: enough to read, short enough to print. */
export const DEFAULT_MAX_ROWS = 50;
const KNOWN_KEYS = new Set(["chart", "x", "y", "series", "y2", "stack", "title", "rows", "height"]);

/** `key=value key="quoted value"` pairs after the language word. */
export function parseInfoString(info: string): Record<string, string> {
  const out: Record<string, string> = {};
  const re = /([A-Za-z0-9_]+)=("([^"]*)"|'([^']*)'|(\S+))/g;
  for (const m of info.matchAll(re)) out[m[1]!] = m[3] ?? m[4] ?? m[5] ?? "";
  return out;
}

function chartSpec(opts: Record<string, string>): {
  chart: ChartSpec | null;
  maxRows: number;
  error: string | null;
} {
  const unknown = Object.keys(opts).filter((k) => !KNOWN_KEYS.has(k));
  const maxRows = opts.rows !== undefined ? Number(opts.rows) : DEFAULT_MAX_ROWS;
  if (unknown.length > 0)
    return {
      chart: null,
      maxRows,
      error: `unknown option ${unknown.map((k) => `"${k}"`).join(", ")} (known: ${[...KNOWN_KEYS].join(", ")})`,
    };
  if (!Number.isInteger(maxRows) || maxRows < 0)
    return { chart: null, maxRows: DEFAULT_MAX_ROWS, error: `rows=${opts.rows}: expected a whole number` };
  if (opts.chart === undefined) {
    const stray = ["x", "y", "series", "y2"].filter((k) => opts[k] !== undefined);
    return { chart: null, maxRows, error: stray.length ? `${stray.join(", ")} given without chart=` : null };
  }
  if (!CHART_TYPES.includes(opts.chart as ChartType)) {
    return { chart: null, maxRows, error: `chart=${opts.chart}: expected one of ${CHART_TYPES.join(", ")}` };
  }
  if (!opts.x || !opts.y) return { chart: null, maxRows, error: `chart=${opts.chart} needs x= and y=` };
  const height = opts.height !== undefined ? Number(opts.height) : null;
  if (height !== null && !(Number.isInteger(height) && height >= 120 && height <= 1200)) {
    return { chart: null, maxRows, error: `height=${opts.height}: expected 120..1200 pixels` };
  }
  return {
    chart: {
      type: opts.chart as ChartType,
      x: opts.x,
      y: opts.y
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean),
      series: opts.series ?? null,
      y2: opts.y2 ?? null,
      stack: opts.stack === "true",
      title: opts.title ?? null,
      height,
    },
    maxRows,
    error: null,
  };
}

export function parseNotebook(source: string): NotebookBlock[] {
  const lines = source.replace(/\r\n?/g, "\n").split("\n");
  const blocks: NotebookBlock[] = [];
  let prose: string[] = [];
  const flush = () => {
    if (prose.some((l) => l.trim() !== "")) blocks.push({ kind: "markdown", text: prose.join("\n") });
    prose = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const open = /^(```+|~~~+)\s*sql\b(.*)$/i.exec(lines[i]!);
    if (!open) {
      prose.push(lines[i]!);
      continue;
    }
    flush();
    const marker = open[1]!;
    const start = i + 1;
    const body: string[] = [];
    i++;
    while (i < lines.length && !lines[i]!.startsWith(marker)) body.push(lines[i++]!);
    const { chart, maxRows, error } = chartSpec(parseInfoString(open[2] ?? ""));
    blocks.push({ kind: "sql", sql: body.join("\n"), line: start, chart, maxRows, specError: error });
  }
  flush();
  return blocks;
}
