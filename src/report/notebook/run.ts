/**
 * Runs a notebook against the store and renders one self-contained HTML page: prose, each query, its result
 * table and chart. A failing block shows its error in place and the run goes on; the caller decides the exit
 * code from `failures` (the CLI exits 1 when any block failed).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import type * as echarts from "echarts";
import { describeError } from "../../shared/errors.js";
import type { Store } from "../../store/db.js";
import { runQuery } from "../../store/query.js";
import { FONT_STACK, renderChart } from "../charts.js";
import { type Cell, toCell } from "../datasets.js";
import { escapeHtml } from "../escape.js";
import { fmtKst } from "../model.js";
import { resolveInside, writeAtomic } from "../write.js";
import { renderMarkdownLite } from "./markdown-lite.js";
import { type ChartSpec, type NotebookBlock, parseNotebook, type SqlBlock } from "./parse.js";

export interface RunNotebookOptions {
  /** Shown in the page header; omitted when null (golden files). Default: now. */
  generatedAt?: Date | null;
}

export interface NotebookFailure {
  line: number;
  message: string;
}

export interface NotebookResult {
  title: string;
  html: string;
  blocks: number;
  queries: number;
  failures: NotebookFailure[];
}

const NOTEBOOK_CSS = `
* { box-sizing: border-box; }
html { font-family: ${FONT_STACK}; color: #1b1f24; font-size: 15px; line-height: 1.6; word-break: keep-all; overflow-wrap: anywhere; }
body { margin: 0 auto; max-width: 900px; padding: 28px 24px 48px; }
h1 { font-size: 24px; border-bottom: 3px solid #1f4e8c; padding-bottom: 8px; }
h2 { font-size: 19px; border-left: 5px solid #1f4e8c; padding-left: 10px; margin-top: 30px; }
pre { background: #f5f7fa; border: 1px solid #d8dee4; border-radius: 4px; padding: 8px 10px; overflow-x: auto; font-size: 12.5px; }
pre.sql { border-left: 4px solid #1f4e8c; }
code { font-family: "D2Coding", "Noto Sans Mono CJK KR", ui-monospace, monospace; }
table { border-collapse: collapse; width: 100%; font-size: 13px; margin: 6px 0 4px; }
th, td { border-bottom: 1px solid #d8dee4; padding: 4px 6px; text-align: left; vertical-align: top; }
th { background: #f5f7fa; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.null { color: #9aa4ad; }
.rows { color: #5b6570; font-size: 12.5px; }
.error { border: 1px solid #c0392b; background: #fdf0ee; color: #8e2a1f; padding: 8px 10px; border-radius: 4px; white-space: pre-wrap; }
figure { margin: 10px 0; } figure svg { max-width: 100%; height: auto; display: block; }
figcaption { color: #5b6570; font-size: 13px; }
header .sub { color: #5b6570; }
@page { size: A4; margin: 14mm 12mm; }
@media print { body { max-width: none; padding: 0; } figure, table, .cell { break-inside: avoid; page-break-inside: avoid; } h2 { break-after: avoid; } }
`;

function cellHtml(v: Cell): string {
  if (v === null) return `<td class="null">NULL</td>`;
  if (typeof v === "number")
    return `<td class="num">${escapeHtml(Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(6))))}</td>`;
  return `<td>${escapeHtml(String(v))}</td>`;
}

function resultTable(columns: string[], rows: Cell[][], maxRows: number): string {
  if (maxRows === 0) return "";
  const shown = rows.slice(0, maxRows);
  const head = `<tr>${columns.map((c) => `<th>${escapeHtml(c)}</th>`).join("")}</tr>`;
  const body = shown.map((r) => `<tr>${r.map(cellHtml).join("")}</tr>`).join("\n");
  const more = rows.length > shown.length ? ` (처음 ${shown.length}행만 표시)` : "";
  return `<table><thead>${head}</thead><tbody>\n${body}\n</tbody></table><p class="rows">${rows.length}행${more}</p>`;
}

/** The ECharts option for a block's chart; a column the result lacks is an error in place. */
export function chartOption(spec: ChartSpec, columns: string[], rows: Cell[][]): echarts.EChartsCoreOption {
  const idx = (c: string) => {
    const i = columns.indexOf(c);
    if (i < 0) throw new Error(`chart: column "${c}" is not in the result (columns: ${columns.join(", ")})`);
    return i;
  };
  const xi = idx(spec.x);
  const yis = spec.y.map(idx);
  const si = spec.series ? idx(spec.series) : null;
  const y2i = spec.y2 ? idx(spec.y2) : null;
  const num = (v: Cell | undefined): number | null =>
    typeof v === "number" ? v : v === null || v === undefined ? null : Number(v);
  const categories = [...new Set(rows.map((r) => String(r[xi] ?? "")))];
  const seriesType = spec.type === "area" ? "line" : spec.type === "hbar" ? "bar" : spec.type;
  const extra = {
    ...(spec.type === "area" ? { areaStyle: { opacity: 0.25 } } : {}),
    ...(spec.stack ? { stack: "total" } : {}),
    ...(seriesType === "line" ? { connectNulls: true } : {}),
  };
  const series: Record<string, unknown>[] = [];
  if (spec.type === "scatter") {
    for (const yi of yis)
      series.push({ name: columns[yi], type: "scatter", data: rows.map((r) => [num(r[xi]), num(r[yi])]) });
  } else if (si !== null) {
    const yi = yis[0]!;
    const names = [...new Set(rows.map((r) => String(r[si] ?? "NULL")))];
    for (const name of names) {
      const byX = new Map(
        rows.filter((r) => String(r[si] ?? "NULL") === name).map((r) => [String(r[xi] ?? ""), num(r[yi])]),
      );
      series.push({ name, type: seriesType, data: categories.map((c) => byX.get(c) ?? null), ...extra });
    }
  } else {
    for (const yi of yis) {
      const byX = new Map(rows.map((r) => [String(r[xi] ?? ""), num(r[yi])]));
      series.push({
        name: columns[yi],
        type: seriesType,
        data: categories.map((c) => byX.get(c) ?? null),
        ...extra,
      });
    }
  }
  if (y2i !== null) {
    const byX = new Map(rows.map((r) => [String(r[xi] ?? ""), num(r[y2i])]));
    series.push({
      name: columns[y2i],
      type: "line",
      yAxisIndex: 1,
      data: categories.map((c) => byX.get(c) ?? null),
      lineStyle: { type: "dashed" },
      connectNulls: true,
    });
  }
  const valueAxis = { type: "value", scale: spec.type === "scatter" || spec.type === "line" };
  const categoryAxis = { type: "category", data: categories };
  return {
    legend: { top: 0, type: "scroll" },
    grid: { left: spec.type === "hbar" ? 120 : 60, right: y2i !== null ? 70 : 30, top: 40, bottom: 40 },
    xAxis:
      spec.type === "scatter"
        ? { type: "value", scale: true, name: spec.x }
        : spec.type === "hbar"
          ? valueAxis
          : categoryAxis,
    yAxis:
      spec.type === "hbar"
        ? { ...categoryAxis, inverse: true }
        : y2i !== null
          ? [valueAxis, { type: "value", scale: true, name: spec.y2, splitLine: { show: false } }]
          : valueAxis,
    series,
  };
}

function renderSqlBlock(
  block: SqlBlock,
  result: { columns: string[]; rows: Cell[][] } | null,
  error: string | null,
  chartSvg: string | null,
  index: number,
): string {
  const parts = [
    `<div class="cell" id="cell-${index}">`,
    `<pre class="sql"><code>${escapeHtml(block.sql.trim())}</code></pre>`,
  ];
  if (error) parts.push(`<div class="error" role="alert">오류 (${block.line}행): ${escapeHtml(error)}</div>`);
  if (chartSvg)
    parts.push(
      `<figure class="chart">${chartSvg}${block.chart?.title ? `<figcaption>${escapeHtml(block.chart.title)}</figcaption>` : ""}</figure>`,
    );
  if (result) parts.push(resultTable(result.columns, result.rows, block.maxRows));
  parts.push("</div>");
  return parts.join("\n");
}

function notebookTitle(blocks: NotebookBlock[], file: string): string {
  for (const b of blocks) {
    if (b.kind !== "markdown") continue;
    const m = /^#\s+(.+)$/m.exec(b.text);
    if (m) return m[1]!.trim();
  }
  return path.basename(file, path.extname(file));
}

export async function runNotebook(
  store: Store,
  file: string,
  opts: RunNotebookOptions = {},
): Promise<NotebookResult> {
  const source = readFileSync(file, "utf8");
  const blocks = parseNotebook(source);
  const title = notebookTitle(blocks, file);
  const failures: NotebookFailure[] = [];
  const body: string[] = [];
  let queries = 0;
  for (const block of blocks) {
    if (block.kind === "markdown") {
      body.push(renderMarkdownLite(block.text));
      continue;
    }
    queries++;
    let error = block.specError;
    let result: { columns: string[]; rows: Cell[][] } | null = null;
    let svg: string | null = null;
    if (!error) {
      try {
        const r = await runQuery(store, block.sql);
        result = { columns: r.columns, rows: r.rows.map((row) => row.map(toCell)) };
      } catch (err) {
        error = describeError(err);
      }
    }
    if (!error && result && block.chart) {
      try {
        svg = renderChart(
          `nb${queries}`,
          chartOption(block.chart, result.columns, result.rows),
          760,
          block.chart.height ?? 320,
        );
      } catch (err) {
        error = describeError(err);
      }
    }
    if (error) failures.push({ line: block.line, message: error });
    body.push(renderSqlBlock(block, result, error, svg, queries));
  }
  const generatedAt = opts.generatedAt === null ? null : (opts.generatedAt ?? new Date()).toISOString();
  const status =
    failures.length === 0 ? `쿼리 ${queries}개 모두 성공` : `쿼리 ${queries}개 중 ${failures.length}개 실패`;
  const html = `<!DOCTYPE html>
<html lang="ko">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${escapeHtml(title)}</title>
<style>${NOTEBOOK_CSS}</style>
</head>
<body>
<header><p class="sub">yeoron 노트북 · ${escapeHtml(path.basename(file))} · ${escapeHtml(status)}${generatedAt ? ` · 실행 ${escapeHtml(fmtKst(generatedAt))}` : ""}</p></header>
${body.join("\n")}
</body>
</html>
`;
  return { title, html, blocks: blocks.length, queries, failures };
}

/** Runs the notebook and writes `outDir/NAME.html` (NAME = the notebook's file name without .md). */
export async function writeNotebook(
  store: Store,
  file: string,
  outDir: string,
  opts: RunNotebookOptions = {},
): Promise<NotebookResult & { output: string }> {
  const result = await runNotebook(store, file, opts);
  const name = path
    .basename(file)
    .replace(/\.(md|markdown)$/i, "")
    .replace(/[^A-Za-z0-9_.-]/g, "_")
    .replace(/^[.]+/, "_");
  const output = resolveInside(outDir, `${name || "notebook"}.html`);
  writeAtomic(output, result.html);
  return { ...result, output };
}
