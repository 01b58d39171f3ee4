/**
 * One news page in, one cleaned ArticleDocument out. The site adapter chosen by URL (or by `site`) reads the
 * page first; when it finds no title or no body (a layout change, a page of another kind), Readability
 * tries, then the paragraph baseline. The document records which of them produced it.
 */
import type { CheerioAPI } from "cheerio";
import { NotArticleError, ParseError } from "../shared/errors.js";
import type { ArticleDocument, ExtractionMethod } from "../shared/types.js";
import {
  cleanParagraphs,
  cleanSubtitle,
  emailsIn,
  normalizeText,
  parseBylineLine,
  reporterNames,
  unique,
} from "./clean.js";
import { type GenericRead, readParagraphBaseline, readWithReadability } from "./generic.js";
import { type DomNode, firstAttr, jsonLdValues, linesOf, loadHtml, metaContent } from "./html.js";
import { type PageFields, readWithSelectors } from "./sites/adapter.js";
import { detectSite, isSiteId, SITE_ADAPTERS, type SiteId } from "./sites/index.js";
import { clampToFetch, parseKstDateTime, withSecondsFrom } from "./time.js";
import { docIdFor } from "./url.js";

export interface ExtractInput {
  html: string;
  /** The URL the page was fetched from (after redirects). */
  url: string;
  fetchedAt: Date;
  /** Forces an adapter (from config) instead of choosing by URL. */
  site?: SiteId;
}

/**
 * Readability sometimes returns a navigation block as "the article"; a body shorter than this is treated
 * as a miss and the baseline tries instead. About two Korean sentences.
 */
const MIN_READABILITY_BODY_CHARS = 100;

/** What the page says about itself in meta tags and JSON-LD, read before any adapter edits the tree. */
interface PageMeta {
  canonicalUrl: string;
  title: string | null;
  siteName: string | null;
  publishedText: string | null;
  modifiedText: string | null;
  section: string | null;
}

function httpUrlOrNull(href: string | null, base: string): string | null {
  if (!href) return null;
  try {
    const resolved = new URL(href, base);
    resolved.hash = "";
    return resolved.protocol === "http:" || resolved.protocol === "https:" ? resolved.toString() : null;
  } catch {
    return null;
  }
}

function firstString(values: unknown[]): string | null {
  for (const v of values) if (typeof v === "string" && v.trim() !== "") return v.trim();
  return null;
}

function readPageMeta($: CheerioAPI, url: string): PageMeta {
  const canonical =
    httpUrlOrNull(firstAttr($, [['link[rel="canonical"]', "href"]]), url) ??
    httpUrlOrNull(metaContent($, ["og:url"]), url) ??
    // A fragment never names another page.
    url.replace(/#.*$/, "");
  return {
    canonicalUrl: canonical,
    title: metaContent($, ["og:title", "twitter:title"]),
    siteName: metaContent($, ["og:site_name", "application-name"]),
    publishedText:
      metaContent($, [
        "article:published_time",
        "og:article:published_time",
        "datePublished",
        "pubdate",
        // Daum: `20221015201233`, the only place its page keeps the seconds.
        "og:regDate",
      ]) ??
      firstString(jsonLdValues($, "datePublished")) ??
      firstAttr($, [["time[datetime]", "datetime"]]) ??
      visibleDateText($),
    modifiedText:
      metaContent($, ["article:modified_time", "og:updated_time", "dateModified"]) ??
      firstString(jsonLdValues($, "dateModified")),
    section: metaContent($, ["article:section"]),
  };
}

/** How many lines from the top a printed date may sit; article dates come before the body. */
const MAX_DATE_SCAN_LINES = 400;

/** A date printed as text near a label (`입력`, `등록일`, `기사입력`, `작성일`, `승인`). */
function visibleDateText($: CheerioAPI): string | null {
  const lines = linesOf($("body").get(0) as DomNode | undefined).slice(0, MAX_DATE_SCAN_LINES);
  for (const line of lines) {
    const m =
      /(?:입력|등록일?|기사입력|작성일|승인|게재)\s*:?\s*(\d{4}[-./]\s*\d{1,2}[-./]\s*\d{1,2}.{0,20})/.exec(
        line,
      );
    if (m?.[1]) return m[1];
  }
  return null;
}

/** `한국경제 | 네이버` (Naver's og:article:author) names the press before the bar. */
function outletName(text: string | null): string | null {
  if (!text) return null;
  const name = normalizeText(text.split("|")[0] ?? "");
  return name === "" ? null : name;
}

function hostOutlet(url: string): string {
  try {
    return new URL(url).hostname.replace(/^www\./, "");
  } catch {
    return "unknown";
  }
}

/** `<title>제목 :: 신문이름</title>` split into the headline and, after the last separator, the site's name. */
function splitTitleTag($: CheerioAPI): { title: string | null; siteName: string | null } {
  const text = normalizeText($("title").first().text());
  if (text === "") return { title: null, siteName: null };
  const m = /^(.{8,}?)\s+(?:[-|:·]|::)\s+([^-|:·]{1,20})$/.exec(text);
  return m?.[1] && m[2] ? { title: m[1], siteName: m[2].trim() } : { title: text, siteName: null };
}

interface Assembly {
  method: ExtractionMethod;
  fields: PageFields;
  defaultOutlet: string;
}

function assemble(input: ExtractInput, docId: string, meta: PageMeta, a: Assembly): ArticleDocument | null {
  const title = normalizeText(a.fields.title ?? "");
  if (title === "") return null;
  const givenSubtitle = cleanSubtitle(a.fields.subtitle) ?? "";
  const cleaned = cleanParagraphs(a.fields.lines, { title, subtitle: givenSubtitle || null });
  if (cleaned.paragraphs.length === 0) return null;

  const bylines = a.fields.bylineTexts.map(parseBylineLine);
  const reporters = unique([
    ...a.fields.reporterTexts.flatMap(reporterNames),
    ...bylines.flatMap((b) => b?.reporters ?? []),
    ...cleaned.reporters,
  ]);
  const emails = unique([
    ...a.fields.bylineTexts.flatMap(emailsIn),
    ...a.fields.reporterTexts.flatMap(emailsIn),
    ...cleaned.emails,
  ]);
  const published = withSecondsFrom(
    parseKstDateTime(a.fields.publishedText),
    parseKstDateTime(meta.publishedText),
  );
  const modified = withSecondsFrom(
    parseKstDateTime(a.fields.modifiedText),
    parseKstDateTime(meta.modifiedText),
  );
  const section = normalizeText(a.fields.section ?? meta.section ?? "");

  return {
    docId,
    url: input.url.trim(),
    canonicalUrl: meta.canonicalUrl,
    outlet: outletName(a.fields.outlet) ?? outletName(meta.siteName) ?? a.defaultOutlet,
    title,
    subtitle: givenSubtitle || cleaned.subtitle,
    paragraphs: cleaned.paragraphs,
    publishedAt: clampToFetch(published, input.fetchedAt),
    modifiedAt: clampToFetch(modified, input.fetchedAt),
    reporters,
    emails,
    section: section === "" ? null : section,
    method: a.method,
  };
}

function genericFields(read: GenericRead, title: string | null): PageFields {
  return {
    title,
    subtitle: null,
    lines: read.lines,
    publishedText: null,
    modifiedText: null,
    outlet: null,
    reporterTexts: read.byline ? [read.byline] : [],
    bylineTexts: [],
    section: null,
  };
}

function validate(input: ExtractInput): void {
  if (input === null || typeof input !== "object") throw new ParseError("no input");
  if (typeof input.html !== "string") throw new ParseError("page is not text");
  if (typeof input.url !== "string") throw new ParseError("URL is not text");
  if (!(input.fetchedAt instanceof Date) || Number.isNaN(input.fetchedAt.getTime())) {
    throw new ParseError("fetchedAt is not a valid date");
  }
  if (input.site !== undefined && !isSiteId(input.site))
    throw new ParseError(`unknown site: ${String(input.site)}`);
}

/**
 * Extracts and cleans one article page. Throws ParseError for input that cannot be a page (not text, empty,
 * larger than MAX_HTML_CHARS, nested past MAX_NESTING_DEPTH, a URL that is not http(s)) and NotArticleError
 * when no method finds both a title and a body.
 */
export function extractArticle(input: ExtractInput): ArticleDocument {
  validate(input);
  const docId = docIdFor(input.url);
  const $ = loadHtml(input.html);
  const meta = readPageMeta($, input.url.trim());
  const hostName = hostOutlet(input.url);

  const site = input.site ?? detectSite(input.url.trim());
  let pageForBaseline: CheerioAPI | null = $;
  if (site) {
    const adapter = SITE_ADAPTERS[site];
    const fields = readWithSelectors($, adapter.selectors);
    fields.title ??= meta.title;
    // The adapter edited the tree; the baseline needs the page as served.
    pageForBaseline = null;
    const doc = assemble(input, docId, meta, {
      method: adapter.method,
      fields,
      defaultOutlet: adapter.defaultOutlet,
    });
    if (doc) return doc;
  }

  const readable = readWithReadability(input.html);
  if (readable) {
    const fields = genericFields(readable, meta.title ?? readable.title);
    const doc = assemble(input, docId, meta, { method: "readability", fields, defaultOutlet: hostName });
    if (doc && doc.paragraphs.join("").length >= MIN_READABILITY_BODY_CHARS) return doc;
  }

  const page = pageForBaseline ?? loadHtml(input.html);
  const titleTag = splitTitleTag(page);
  const baseline = readParagraphBaseline(page);
  const fields = genericFields(baseline, meta.title ?? baseline.title ?? titleTag.title);
  const doc = assemble(input, docId, meta, {
    method: "paragraphs",
    fields,
    defaultOutlet: titleTag.siteName ?? hostName,
  });
  if (doc) return doc;

  throw new NotArticleError(`no article title and body found in ${input.url.slice(0, 200)}`);
}
