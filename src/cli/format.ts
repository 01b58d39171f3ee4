/**
 * Printing query results: an aligned table (Hangul and other wide characters take two columns, measured with
 * string-width), CSV (RFC 4180), JSON, or JSON Lines.
 */
import stringWidth from "string-width";

export type OutputFormat = "table" | "csv" | "json" | "jsonl";
export const OUTPUT_FORMATS: readonly OutputFormat[] = ["table", "csv", "json", "jsonl"];

/** JSON-safe value: BigInt → number when exact, else string; Dates → ISO; bytes → hex. */
export function toPlain(v: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (typeof v === "bigint") return Number.isSafeInteger(Number(v)) ? Number(v) : v.toString();
  if (v instanceof Date) return v.toISOString();
  if (v instanceof Uint8Array) return Buffer.from(v).toString("hex");
  if (Array.isArray(v)) return v.map(toPlain);
  if (typeof v === "object") {
    const ctor = (v as object).constructor?.name;
    if (ctor && ctor !== "Object" && typeof (v as { toString?: unknown }).toString === "function")
      return String(v);
    return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, toPlain(x)]));
  }
  return v;
}

function cellText(v: unknown): string {
  const p = toPlain(v);
  if (p === null) return "NULL";
  if (typeof p === "object") return JSON.stringify(p);
  return String(p).replace(/[\r\n\t]+/g, " ");
}

function padEnd(s: string, width: number): string {
  return s + " ".repeat(Math.max(0, width - stringWidth(s)));
}

function padStart(s: string, width: number): string {
  return " ".repeat(Math.max(0, width - stringWidth(s))) + s;
}

/** Cells wider than this are cut with an ellipsis so one long body does not wreck the table. */
const MAX_CELL_WIDTH = 60;

function clip(s: string): string {
  if (stringWidth(s) <= MAX_CELL_WIDTH) return s;
  let out = "";
  for (const ch of s) {
    if (stringWidth(out + ch) > MAX_CELL_WIDTH - 1) break;
    out += ch;
  }
  return `${out}…`;
}

export function formatTable(columns: string[], rows: unknown[][]): string {
  const cells = rows.map((r) => r.map((v) => clip(cellText(v))));
  const numeric = columns.map(
    (_, i) =>
      rows.length > 0 &&
      rows.every((r) => r[i] === null || typeof r[i] === "number" || typeof r[i] === "bigint"),
  );
  const widths = columns.map((c, i) =>
    Math.max(stringWidth(c), ...cells.map((r) => stringWidth(r[i] ?? ""))),
  );
  const line = (vals: string[]) =>
    `│ ${vals.map((v, i) => (numeric[i] ? padStart(v, widths[i]!) : padEnd(v, widths[i]!))).join(" │ ")} │`;
  const rule = (l: string, m: string, r: string) => `${l}${widths.map((w) => "─".repeat(w + 2)).join(m)}${r}`;
  const out = [
    rule("┌", "┬", "┐"),
    line(columns),
    rule("├", "┼", "┤"),
    ...cells.map(line),
    rule("└", "┴", "┘"),
  ];
  out.push(`${rows.length} row${rows.length === 1 ? "" : "s"}`);
  return `${out.join("\n")}\n`;
}

function csvField(v: unknown): string {
  const p = toPlain(v);
  if (p === null) return "";
  const s = typeof p === "object" ? JSON.stringify(p) : String(p);
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** A DATE arrives as a JS Date at UTC midnight: show it as the calendar day it is, not as an instant. */
function datesAsDays(types: readonly string[] | undefined, rows: unknown[][]): unknown[][] {
  const dateCols = (types ?? []).flatMap((t, i) => (t === "DATE" ? [i] : []));
  if (dateCols.length === 0) return rows;
  return rows.map((r) => {
    const copy = [...r];
    for (const i of dateCols) {
      const v = copy[i];
      if (v instanceof Date) copy[i] = v.toISOString().slice(0, 10);
    }
    return copy;
  });
}

export function formatRows(
  format: OutputFormat,
  columns: string[],
  inputRows: unknown[][],
  types?: readonly string[],
): string {
  const rows = datesAsDays(types, inputRows);
  switch (format) {
    case "table":
      return formatTable(columns, rows);
    case "csv":
      return `${[columns.map(csvField).join(","), ...rows.map((r) => r.map(csvField).join(","))].join("\r\n")}\r\n`;
    case "json":
      return `${JSON.stringify(
        rows.map((r) => Object.fromEntries(columns.map((c, i) => [c, toPlain(r[i])]))),
        null,
        2,
      )}\n`;
    case "jsonl":
      return (
        rows
          .map((r) => JSON.stringify(Object.fromEntries(columns.map((c, i) => [c, toPlain(r[i])]))))
          .join("\n") + (rows.length ? "\n" : "")
      );
  }
}
