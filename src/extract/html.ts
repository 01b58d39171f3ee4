/**
 * HTML plumbing shared by the site adapters and the generic fallback: a guarded parse, and an iterative
 * walk that turns an element into text lines. Iterative on purpose: cheerio's `.text()` recurses and
 * overflows the stack at a few thousand levels of nesting, and a hostile page must not crash extraction.
 */
import { type CheerioAPI, load } from "cheerio";
import { ParseError } from "../shared/errors.js";

/** Larger than any news page we have seen (Naver ≈ 0.3 MB) and than the fetcher's default body cap (5 MB). */
export const MAX_HTML_CHARS = 8_000_000;
/**
 * parse5 slows down quadratically with nesting (measured here: 3,000 levels 0.08 s, 100,000 levels 55 s);
 * real article pages stay under about 60 levels.
 */
export const MAX_NESTING_DEPTH = 2_000;

/** The structural part of a domhandler node that this module reads (cheerio does not re-export the types). */
export interface DomNode {
  type: string;
  name?: string;
  data?: string;
  attribs?: Record<string, string>;
  children?: DomNode[];
}

/** Elements that never nest content we want and whose closing tag is often omitted. */
const VOID_OR_IMPLIED = new Set([
  "area",
  "base",
  "br",
  "col",
  "embed",
  "hr",
  "img",
  "input",
  "link",
  "meta",
  "param",
  "source",
  "track",
  "wbr",
  "p",
  "li",
  "td",
  "th",
  "tr",
  "dt",
  "dd",
  "option",
]);

/**
 * An upper estimate of element nesting from the tag sequence alone, in one linear pass, so a page can be
 * refused before a parser spends minutes on it.
 */
export function estimateNestingDepth(html: string): number {
  const tag = /<(\/?)([a-zA-Z][a-zA-Z0-9-]*)[^>]*?(\/?)>/g;
  let depth = 0;
  let max = 0;
  for (let m = tag.exec(html); m !== null; m = tag.exec(html)) {
    const name = (m[2] ?? "").toLowerCase();
    if (VOID_OR_IMPLIED.has(name) || m[3] === "/") continue;
    if (m[1] === "/") depth = Math.max(0, depth - 1);
    else {
      depth += 1;
      if (depth > max) max = depth;
    }
  }
  return max;
}

/** Parses a page, refusing input no article page could be (ParseError → outcome `parse-error`). */
export function loadHtml(html: unknown): CheerioAPI {
  if (typeof html !== "string") throw new ParseError("page is not text");
  if (html.trim() === "") throw new ParseError("page is empty");
  if (html.length > MAX_HTML_CHARS) {
    throw new ParseError(`page has ${html.length} characters, more than ${MAX_HTML_CHARS}`);
  }
  const depth = estimateNestingDepth(html);
  if (depth > MAX_NESTING_DEPTH) {
    throw new ParseError(`page nests elements ${depth} deep, more than ${MAX_NESTING_DEPTH}`);
  }
  try {
    return load(html);
  } catch (err) {
    throw new ParseError("HTML could not be parsed", undefined, { cause: err });
  }
}

/** Elements whose text is never article text. */
const SKIPPED_ELEMENTS = new Set([
  "script",
  "style",
  "noscript",
  "template",
  "iframe",
  "svg",
  "button",
  "select",
  "textarea",
  "input",
  "head",
  "object",
  "video",
  "audio",
  "canvas",
]);

/** Elements that end a line of text. */
const BLOCK_ELEMENTS = new Set([
  "address",
  "article",
  "aside",
  "blockquote",
  "center",
  "dd",
  "div",
  "dl",
  "dt",
  "figcaption",
  "figure",
  "footer",
  "form",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "header",
  "hr",
  "li",
  "main",
  "nav",
  "ol",
  "p",
  "pre",
  "section",
  "table",
  "td",
  "th",
  "tr",
  "ul",
]);

/**
 * The text of an element as lines: a new line at every block element and every `<br>`. Naver bodies
 * separate paragraphs with `<br><br>` more often than `<p>`, so both count; empty lines are dropped.
 * Whitespace inside a line is collapsed; no other cleaning happens here.
 */
export function linesOf(root: DomNode | undefined): string[] {
  if (!root) return [];
  const lines: string[] = [];
  let current = "";
  const flush = () => {
    const line = current.replace(/\s+/g, " ").trim();
    if (line !== "") lines.push(line);
    current = "";
  };
  // Entries are nodes to enter, or `null` markers that close a block element after its children.
  const stack: (DomNode | null)[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (node === null) {
      flush();
      continue;
    }
    if (node === undefined) continue;
    if (node.type === "text") {
      current += node.data ?? "";
      continue;
    }
    // domhandler gives <script> and <style> their own types, so only "tag" and "root" hold text we want.
    if (node.type !== "tag" && node.type !== "root") continue;
    const name = node.name?.toLowerCase() ?? "";
    if (SKIPPED_ELEMENTS.has(name)) continue;
    if (name === "br") {
      flush();
      continue;
    }
    const isBlock = BLOCK_ELEMENTS.has(name);
    if (isBlock) {
      flush();
      stack.push(null);
    }
    const children = node.children ?? [];
    for (let i = children.length - 1; i >= 0; i--) {
      const child = children[i];
      if (child) stack.push(child);
    }
  }
  flush();
  return lines;
}

/** Text of an element on one line (iterative, see `linesOf`). */
export function textOf(root: DomNode | undefined): string {
  return linesOf(root).join(" ").trim();
}

/** The first non-empty text among the selectors, in order: each site lists its selectors best first. */
export function firstText($: CheerioAPI, selectors: readonly string[]): string | null {
  for (const selector of selectors) {
    for (const el of $(selector).toArray()) {
      const text = textOf(el as DomNode);
      if (text !== "") return text;
    }
  }
  return null;
}

/** The first non-empty attribute value among `[selector, attribute]` pairs, in order. */
export function firstAttr($: CheerioAPI, pairs: readonly (readonly [string, string])[]): string | null {
  for (const [selector, attribute] of pairs) {
    for (const el of $(selector).toArray()) {
      const value = $(el).attr(attribute)?.trim();
      if (value) return value;
    }
  }
  return null;
}

/** `<meta property|name|itemprop=KEY content>` for the first key present. */
export function metaContent($: CheerioAPI, keys: readonly string[]): string | null {
  for (const key of keys) {
    const pairs: [string, string][] = [
      [`meta[property="${key}"]`, "content"],
      [`meta[name="${key}"]`, "content"],
      [`meta[itemprop="${key}"]`, "content"],
    ];
    const value = firstAttr($, pairs);
    if (value) return value;
  }
  return null;
}

/** The first element matched by any of the selectors, in order. */
export function firstElement($: CheerioAPI, selectors: readonly string[]): DomNode | undefined {
  for (const selector of selectors) {
    const el = $(selector).first().get(0);
    if (el) return el as DomNode;
  }
  return undefined;
}

/** Values from JSON-LD blocks (`datePublished`, `author` …); malformed blocks are ignored. */
export function jsonLdValues($: CheerioAPI, key: string): unknown[] {
  const values: unknown[] = [];
  for (const el of $('script[type="application/ld+json"]').toArray().slice(0, 20)) {
    const raw = $(el).text();
    // A JSON-LD block is small; a huge one is not metadata worth parsing.
    if (raw.length > 200_000) continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      continue;
    }
    const queue: unknown[] = [parsed];
    let visited = 0;
    while (queue.length > 0 && visited < 1_000) {
      visited += 1;
      const item = queue.shift();
      if (Array.isArray(item)) queue.push(...item);
      else if (item && typeof item === "object") {
        const record = item as Record<string, unknown>;
        if (key in record) values.push(record[key]);
        if (Array.isArray(record["@graph"])) queue.push(...record["@graph"]);
      }
    }
  }
  return values;
}
