/**
 * What a site adapter is: one table of selectors per site (SITES.md), each field a list of probes tried in
 * order, best first, so a layout change falls through to the next probe instead of failing the page.
 */
import type { CheerioAPI } from "cheerio";
import type { ExtractionMethod } from "../../shared/types.js";
import { type DomNode, linesOf, textOf } from "../html.js";

export type SiteId = "naver" | "daum" | "hankyung" | "yonhap";

/** A CSS selector and, optionally, the attribute to read (its text otherwise). */
export type Probe = readonly [css: string, attribute?: string];

export interface SiteSelectors {
  title: readonly Probe[];
  /** Sub-headline or summary block; its lines become the subtitle. */
  subtitle: readonly Probe[];
  /** Body containers, best first; the first one present is read. */
  body: readonly string[];
  /** When set, only these elements inside the body container are read (Daum's typed paragraphs). */
  bodyParagraphs?: readonly string[];
  /** Removed from the body before reading it: photo blocks, captions, tables, ads, summaries. */
  bodyNoise: readonly string[];
  published: readonly Probe[];
  modified: readonly Probe[];
  outlet: readonly Probe[];
  /** Elements naming the reporters (`홍길동 기자`). */
  reporters: readonly Probe[];
  /** Byline blocks outside the body (`홍길동 기자 (abc@x.com)`), read for names and e-mails. */
  bylines: readonly Probe[];
  section: readonly Probe[];
}

export interface SiteAdapter {
  site: SiteId;
  method: ExtractionMethod;
  /** Used when the page does not name its press. */
  defaultOutlet: string;
  /** Whether the URL is an article page of this site. */
  matches(url: URL): boolean;
  selectors: SiteSelectors;
}

/** What an adapter read from a page, before cleaning. */
export interface PageFields {
  title: string | null;
  subtitle: string | null;
  lines: string[];
  publishedText: string | null;
  modifiedText: string | null;
  outlet: string | null;
  reporterTexts: string[];
  bylineTexts: string[];
  section: string | null;
}

function probeValue($: CheerioAPI, el: unknown, attribute: string | undefined): string {
  if (attribute)
    return (
      $(el as never)
        .attr(attribute)
        ?.trim() ?? ""
    );
  return textOf(el as DomNode);
}

/** The first non-empty value among the probes. */
export function probeFirst($: CheerioAPI, probes: readonly Probe[]): string | null {
  for (const [css, attribute] of probes) {
    for (const el of $(css).toArray()) {
      const value = probeValue($, el, attribute);
      if (value !== "") return value;
    }
  }
  return null;
}

/** Every non-empty value of the first probe that yields any. */
export function probeAll($: CheerioAPI, probes: readonly Probe[]): string[] {
  for (const [css, attribute] of probes) {
    const values = $(css)
      .toArray()
      .map((el) => probeValue($, el, attribute))
      .filter((v) => v !== "");
    if (values.length > 0) return values;
  }
  return [];
}

/** Lines of the first probe element that yields text (sub-headlines keep their `<br>` breaks). */
function probeLines($: CheerioAPI, probes: readonly Probe[]): string | null {
  for (const [css, attribute] of probes) {
    for (const el of $(css).toArray()) {
      const value = attribute ? probeValue($, el, attribute) : linesOf(el as DomNode).join("\n");
      if (value !== "") return value;
    }
  }
  return null;
}

/**
 * Ad slots every site's body may hold whatever its own markup: AdSense `<ins>`, and elements whose class
 * starts with `ad-`/`ad_` (`ad-wrap`, `ad-label`, `ad_area`). Matching whole class tokens keeps
 * `head-line` or `thread-…` safe.
 */
const COMMON_BODY_NOISE = [
  "ins.adsbygoogle",
  "[class^='ad-']",
  "[class*=' ad-']",
  "[class^='ad_']",
  "[class*=' ad_']",
] as const;

/**
 * Reads a page with a site's selector table. Reads every field before touching the body, then removes the
 * body noise (this mutates `$`; callers that fall back to another method parse the page again).
 */
export function readWithSelectors($: CheerioAPI, selectors: SiteSelectors): PageFields {
  const fields: PageFields = {
    title: probeFirst($, selectors.title),
    subtitle: probeLines($, selectors.subtitle),
    lines: [],
    publishedText: probeFirst($, selectors.published),
    modifiedText: probeFirst($, selectors.modified),
    outlet: probeFirst($, selectors.outlet),
    reporterTexts: probeAll($, selectors.reporters),
    bylineTexts: probeAll($, selectors.bylines),
    section: probeFirst($, selectors.section),
  };
  for (const css of selectors.body) {
    const container = $(css).first();
    if (container.length === 0) continue;
    for (const noise of [...COMMON_BODY_NOISE, ...selectors.bodyNoise]) container.find(noise).remove();
    if (selectors.bodyParagraphs) {
      for (const css2 of selectors.bodyParagraphs) {
        const paragraphs = container.find(css2).toArray();
        if (paragraphs.length === 0) continue;
        fields.lines = paragraphs.flatMap((p) => linesOf(p as DomNode));
        break;
      }
    }
    if (fields.lines.length === 0) fields.lines = linesOf(container.get(0) as DomNode);
    if (fields.lines.length > 0) break;
  }
  return fields;
}
