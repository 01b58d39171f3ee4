/**
 * Writes one week's report: DIR/WEEK/index.html, report.md, charts/*.svg, data/*.csv. Each file is written
 * to a temp name and renamed, so a reader (or a browser refresh) never sees half a report.
 */
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { CliError } from "../shared/errors.js";
import type { Store } from "../store/db.js";
import { reportCharts } from "./charts.js";
import { toCsv } from "./escape.js";
import { renderHtml } from "./html.js";
import { renderMarkdown } from "./markdown.js";
import { buildWeeklyReport, type ReportModel, type ReportOptions } from "./model.js";
import { parseIsoWeek } from "./week.js";

export interface WriteReportOptions extends Omit<ReportOptions, "week"> {
  week: string;
  outDir: string;
}

export interface WrittenReport {
  dir: string;
  /** Absolute paths, index.html first. */
  files: string[];
  model: ReportModel;
}

/** A file name we generate: letters, digits, `_-.` only, no leading dot. */
const SAFE_FILE = /^[A-Za-z0-9_-][A-Za-z0-9_.-]*$/;

/** `base/rel` when it stays inside `base`; anything else is a bug or an attack, never a write. */
export function resolveInside(base: string, ...parts: string[]): string {
  for (const p of parts)
    if (!SAFE_FILE.test(p)) throw new CliError(`refusing unsafe file name ${JSON.stringify(p)}`);
  const root = path.resolve(base);
  const target = path.resolve(root, ...parts);
  if (target !== root && !target.startsWith(root + path.sep))
    throw new CliError(`refusing to write outside ${root}: ${target}`);
  return target;
}

export function writeAtomic(file: string, content: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, content);
  renameSync(tmp, file);
}

export async function writeReport(store: Store, opts: WriteReportOptions): Promise<WrittenReport> {
  const week = parseIsoWeek(opts.week); // validated before it becomes a directory name
  const model = await buildWeeklyReport(store, { ...opts, week: week.label });
  const charts = reportCharts(model);
  const dir = resolveInside(opts.outDir, week.label);
  const files: string[] = [];
  const put = (content: string, ...parts: string[]) => {
    const file = resolveInside(dir, ...parts);
    writeAtomic(file, content);
    files.push(file);
  };
  put(renderHtml(model, charts), "index.html");
  put(renderMarkdown(model, charts).markdown, "report.md");
  for (const c of charts)
    put(`<?xml version="1.0" encoding="UTF-8"?>\n${c.svg}\n`, "charts", `${c.name}.svg`);
  for (const d of model.datasets)
    put(
      toCsv(
        d.columns,
        d.rows.map((r) => d.columns.map((c) => r[c])),
      ),
      "data",
      `${d.name}.csv`,
    );
  return { dir, files, model };
}
