/** The report stage's public API: weekly reports and notebooks over the store. */
export { type Chart, FONT_STACK, renderChart, reportCharts } from "./charts.js";
export { escapeHtml, escapeMarkdown, htmlLink, markdownLink, safeHttpUrl, toCsv } from "./escape.js";
export { renderHtml } from "./html.js";
export { renderMarkdown } from "./markdown.js";
export { buildWeeklyReport, type ReportModel, type ReportOptions } from "./model.js";
export { type NotebookResult, type RunNotebookOptions, runNotebook, writeNotebook } from "./notebook/run.js";
export { isoWeekOf, parseIsoWeek, previousWeek, WEEK_PATTERN } from "./week.js";
export { resolveInside, type WriteReportOptions, type WrittenReport, writeReport } from "./write.js";
