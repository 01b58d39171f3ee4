/**
 * Extraction for outlets without an adapter: Mozilla Readability on linkedom first, then a plain paragraph
 * baseline for pages Readability refuses or reads badly (table layouts, text in `<td>` with `<br>`).
 */
import { isProbablyReaderable, Readability } from "@mozilla/readability";
import type { CheerioAPI } from "cheerio";
import { parseHTML } from "linkedom";
import { type DomNode, estimateNestingDepth, firstElement, linesOf, loadHtml } from "./html.js";

/**
 * Readability's cost grows steeply with nesting (measured here: depth 100 ≈ 0.3 s, 1,000 ≈ 5 s, 2,000 ≈ 42 s);
 * news pages stay far below 120 levels, so deeper pages go straight to the baseline.
 */
export const MAX_READABILITY_DEPTH = 120;
/** Readability aborts past this many elements; a news page has a few thousand. */
const MAX_READABILITY_ELEMENTS = 30_000;
/**
 * Readability's defaults (500 characters, nodes of 140) are tuned for English; Hangul packs about twice
 * the meaning per character, and Korean news paragraphs often run 60–120 characters.
 */
const READABILITY_CHAR_THRESHOLD = 250;
const READERABLE_MIN_NODE_CHARS = 60;
const READERABLE_MIN_SCORE = 12;

export interface GenericRead {
  title: string | null;
  lines: string[];
  byline: string | null;
}

/** Readability's reading of the page, or null when it declines (not readerable, too deep, nothing found). */
export function readWithReadability(html: string): GenericRead | null {
  if (estimateNestingDepth(html) > MAX_READABILITY_DEPTH) return null;
  try {
    const { document } = parseHTML(html);
    const doc = document as never;
    if (
      !isProbablyReaderable(doc, {
        minContentLength: READERABLE_MIN_NODE_CHARS,
        minScore: READERABLE_MIN_SCORE,
      })
    ) {
      return null;
    }
    const article = new Readability(doc, {
      maxElemsToParse: MAX_READABILITY_ELEMENTS,
      charThreshold: READABILITY_CHAR_THRESHOLD,
    }).parse();
    if (!article?.content) return null;
    const $content = loadHtml(`<body>${article.content}</body>`);
    return {
      title: article.title?.trim() || null,
      lines: linesOf($content("body").get(0) as DomNode | undefined),
      byline: article.byline?.trim() || null,
    };
  } catch {
    // Readability throws on element limits and on DOM shapes linkedom does not emulate; the baseline follows.
    return null;
  }
}

/** Containers of navigation, ads and comments rather than article text. */
const BASELINE_NOISE = [
  "script",
  "style",
  "noscript",
  "nav",
  "header",
  "footer",
  "aside",
  "form",
  "iframe",
  "figure",
  "figcaption",
  "[role=navigation]",
  "[role=banner]",
  "[role=contentinfo]",
  "[class*=comment]",
  "[id*=comment]",
  "[class*=banner]",
  "[class*=sidebar]",
  "[class*=gnb]",
  "[class*=lnb]",
  "[class*=footer]",
  "[class*=header]",
];
/** A line that is shorter and does not end a sentence is a menu item, a label or a date. */
const BASELINE_MIN_LINE_CHARS = 25;
/** Lists and cells mostly made of links are menus. */
const MAX_LINK_SHARE = 0.5;

/**
 * Every line of the page outside the usual chrome containers that reads like prose, in page order. It keeps
 * short lines that end a sentence, so a byline or a one-line paragraph survives.
 */
export function readParagraphBaseline($: CheerioAPI): GenericRead {
  for (const css of BASELINE_NOISE) $(css).remove();
  // Innermost first, so a page-wide wrapper is judged after the menus inside it are gone.
  for (const el of $("ul, ol, table, div, td").toArray().reverse()) {
    const total = linesOf(el as DomNode).join("").length;
    if (total === 0) continue;
    const linked = $(el)
      .find("a")
      .toArray()
      .reduce((sum, a) => sum + linesOf(a as DomNode).join("").length, 0);
    if (linked / total > MAX_LINK_SHARE) $(el).remove();
  }
  const root = firstElement($, ["article", "main", "#content", "body"]);
  const lines = linesOf(root).filter(
    (line) => line.length >= BASELINE_MIN_LINE_CHARS || /[다요][.?!]["'”’]?$|@/.test(line),
  );
  const h1 = $("h1").first().text().trim();
  return { title: h1 || null, lines, byline: null };
}
