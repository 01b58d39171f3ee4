/**
 * Every scraped string (titles, comments, sentences, outlet names, URLs) reaches HTML, Markdown, SVG and CSV
 * only through these functions. A comment may hold `<script>`, `<img onerror=…>` or `[x](javascript:…)`;
 * it must come out as the text it is, and only http(s) URLs ever become links.
 */

const HTML_ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

export function escapeHtml(text: unknown): string {
  return String(text ?? "").replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

/** An absolute http(s) URL, normalized by the URL parser; anything else (javascript:, data:, relative) is null. */
export function safeHttpUrl(raw: unknown): string | null {
  if (typeof raw !== "string" || raw.trim() === "") return null;
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return null;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return null;
  return url.href;
}

/** `<a>` to an http(s) URL, or the escaped text alone when the URL is not one. */
export function htmlLink(text: string, url: unknown): string {
  const href = safeHttpUrl(url);
  if (!href) return escapeHtml(text);
  return `<a href="${escapeHtml(href)}" rel="noopener noreferrer nofollow">${escapeHtml(text)}</a>`;
}

/**
 * Markdown inline text: the punctuation that Markdown (CommonMark + GFM tables) gives an inline meaning is
 * backslash-escaped, so `[x](javascript:…)`, `<script>` and `|` stay text; a leading list or heading marker
 * too. With every `[` and `]` escaped no link or image can open, so `(`, `)`, `!`, `.`, `-`, `:` stay as they
 * are and the raw file reads well in an e-mail.
 * Line breaks fold to spaces.
 */
export function escapeMarkdown(text: unknown): string {
  return String(text ?? "")
    .replace(/[\r\n\t]+/g, " ")
    .replace(/[\\`*_[\]<>#|~&$]/g, (c) => `\\${c}`)
    .replace(
      /^(\s*)([-+=]|\d+(?=[.)]))/,
      (_m, sp: string, lead: string) => `${sp}${/^\d/.test(lead) ? `${lead}\\` : `\\${lead}`}`,
    );
}

/** Link destination in `<…>` form cannot hold `<`, `>` or line breaks; percent-encode them (and spaces, parens). */
function markdownDestination(href: string): string {
  return href.replace(/[<>\s()]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`);
}

export function markdownLink(text: string, url: unknown): string {
  const href = safeHttpUrl(url);
  if (!href) return escapeMarkdown(text);
  return `[${escapeMarkdown(text)}](${markdownDestination(href)})`;
}

/**
 * RFC 4180 cell. Strings that a spreadsheet would run as a formula (=, +, -, @, tab, CR at the start) get a
 * leading apostrophe: a PR team opens these CSVs in Excel, and a comment is attacker-controlled text.
 */
export function csvCell(v: unknown): string {
  if (v === null || v === undefined) return "";
  let s: string;
  if (typeof v === "number" || typeof v === "bigint" || typeof v === "boolean") s = String(v);
  else if (v instanceof Date) s = v.toISOString();
  else if (typeof v === "object") s = JSON.stringify(v);
  else {
    s = String(v);
    if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  }
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** UTF-8 with a BOM, so Excel opens Korean text correctly; CRLF rows as RFC 4180 says. */
export function toCsv(columns: readonly string[], rows: readonly (readonly unknown[])[]): string {
  const lines = [columns.map(csvCell).join(","), ...rows.map((r) => r.map(csvCell).join(","))];
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}
