import Parser from "rss-parser";
import type { GoogleNewsSource, NaverSearchSource } from "../shared/config.js";
import { EXIT_FAILED, ParseError } from "../shared/errors.js";
import { naverArticleIds } from "./naver-comments.js";
import type { DiscoveredItem } from "./types.js";

// `source` carries the outlet of a Google News item (its title ends with " - outlet").
const feedParser: Parser<Record<string, never>, { source?: unknown }> = new Parser({
  customFields: { item: ["source"] },
});

/** Items of an RSS 2.0, RSS 1.0 or Atom document. Items without a usable http(s) link are dropped. */
export async function parseFeed(xml: string, sourceId: string): Promise<DiscoveredItem[]> {
  let feed: Awaited<ReturnType<typeof feedParser.parseString>>;
  try {
    feed = await feedParser.parseString(xml);
  } catch (err) {
    const reason = err instanceof Error ? (err.message.split("\n")[0] ?? err.message) : String(err);
    throw new ParseError(`${sourceId}: not a feed: ${reason}`, EXIT_FAILED, { cause: err });
  }
  const items: DiscoveredItem[] = [];
  for (const item of feed.items ?? []) {
    const url = absoluteHttpUrl(item.link ?? item.guid, feed.link);
    if (!url) continue;
    let title = cleanText(item.title ?? "");
    const outlet = typeof item.source === "string" ? item.source.trim() : "";
    // Google News appends the outlet to every headline; the headline alone is what topics and dedupe compare.
    if (outlet && title.endsWith(` - ${outlet}`)) title = title.slice(0, -` - ${outlet}`.length).trim();
    const description = cleanText(item.contentSnippet ?? stripTags(item.summary ?? item.content ?? ""));
    items.push({
      url,
      title,
      ...(description ? { description } : {}),
      publishedAt: parseDate(item.isoDate ?? item.pubDate),
      sourceId,
    });
  }
  return items;
}

interface NaverSearchItem {
  title?: unknown;
  originallink?: unknown;
  link?: unknown;
  description?: unknown;
  pubDate?: unknown;
}

/**
 * Items of a Naver Search API news response (`text` or already-parsed JSON). The Naver-hosted copy is preferred
 * because only it has the comment section; the outlet's own page is the fallback.
 */
export function parseNaverSearch(json: unknown, sourceId: string): DiscoveredItem[] {
  let data = json;
  if (typeof json === "string") {
    try {
      data = JSON.parse(json);
    } catch (err) {
      throw new ParseError(`${sourceId}: Naver search response is not JSON`, EXIT_FAILED, { cause: err });
    }
  }
  if (data === null || typeof data !== "object") {
    throw new ParseError(`${sourceId}: Naver search response is not an object`);
  }
  const record = data as { items?: unknown; errorMessage?: unknown; errorCode?: unknown };
  if (!Array.isArray(record.items)) {
    if (typeof record.errorMessage === "string") {
      throw new ParseError(
        `${sourceId}: Naver search error ${String(record.errorCode)}: ${record.errorMessage}`,
      );
    }
    throw new ParseError(`${sourceId}: Naver search response has no items list`);
  }
  const items: DiscoveredItem[] = [];
  for (const raw of record.items as NaverSearchItem[]) {
    if (raw === null || typeof raw !== "object") continue;
    const link = typeof raw.link === "string" ? raw.link : "";
    const original = typeof raw.originallink === "string" ? raw.originallink : "";
    const url =
      (naverArticleIds(link) ? absoluteHttpUrl(link) : null) ??
      absoluteHttpUrl(original) ??
      absoluteHttpUrl(link);
    if (!url) continue;
    const description = typeof raw.description === "string" ? cleanText(stripTags(raw.description)) : "";
    items.push({
      url,
      title: typeof raw.title === "string" ? cleanText(stripTags(raw.title)) : "",
      ...(description ? { description } : {}),
      publishedAt: typeof raw.pubDate === "string" ? parseRfc822(raw.pubDate) : null,
      sourceId,
    });
  }
  return items;
}

/** Naver's API caps `start` at 1000 (SITES.md: at most 1,100 results per query). */
const NAVER_SEARCH_MAX_START = 1000;

/** One URL per query and result page: start = 1, 1 + display, … while start ≤ 1000. */
export function naverSearchUrls(source: NaverSearchSource): string[] {
  const urls: string[] = [];
  for (const query of source.queries) {
    for (let page = 0; page < source.pages; page++) {
      const start = 1 + page * source.display;
      if (start > NAVER_SEARCH_MAX_START) break;
      const url = new URL(source.baseUrl);
      url.searchParams.set("query", query);
      url.searchParams.set("display", String(source.display));
      url.searchParams.set("start", String(start));
      url.searchParams.set("sort", source.sort);
      urls.push(url.toString());
    }
  }
  return urls;
}

/** One Google News RSS search URL per query, with the date window as `after:`/`before:` operators. */
export function googleNewsUrls(source: GoogleNewsSource): string[] {
  return source.queries.map((query) => {
    const terms = [query.trim()];
    if (source.after) terms.push(`after:${source.after}`);
    if (source.before) terms.push(`before:${source.before}`);
    const url = new URL(source.baseUrl);
    url.searchParams.set("q", terms.join(" "));
    url.searchParams.set("hl", "ko");
    url.searchParams.set("gl", "KR");
    url.searchParams.set("ceid", "KR:ko");
    return url.toString();
  });
}

/** The frontier's key for a URL: the same sha256 of the normalized URL that identifies its document. */
export { docIdFor as urlKey, normalizeUrl } from "./url.js";

function absoluteHttpUrl(link: string | undefined, base?: string): string | null {
  if (!link) return null;
  try {
    const url = base ? new URL(link.trim(), base) : new URL(link.trim());
    return url.protocol === "http:" || url.protocol === "https:" ? url.toString() : null;
  } catch {
    return null;
  }
}

const NAMED_ENTITIES: Record<string, string> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  nbsp: " ",
  middot: "·",
  hellip: "…",
  lsquo: "‘",
  rsquo: "’",
  ldquo: "“",
  rdquo: "”",
};

/** Decodes the entities Naver and feeds put in titles (`&quot;`, `&amp;`, `&#39;`, `&#x27;`). */
export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/giu, (whole, name: string) => {
    if (name[0] === "#") {
      const code =
        name[1] === "x" || name[1] === "X" ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1));
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED_ENTITIES[name.toLowerCase()] ?? whole;
  });
}

function stripTags(html: string): string {
  return html.replace(/<[^>]*>/gu, "");
}

/** Entities decoded, NFC, whitespace collapsed. */
function cleanText(text: string): string {
  return decodeEntities(text).normalize("NFC").replace(/\s+/gu, " ").trim();
}

function parseDate(value: string | undefined): Date | null {
  if (!value) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

const MONTHS: Record<string, number> = {
  jan: 0,
  feb: 1,
  mar: 2,
  apr: 3,
  may: 4,
  jun: 5,
  jul: 6,
  aug: 7,
  sep: 8,
  oct: 9,
  nov: 10,
  dec: 11,
};

/** RFC 822 date as Naver sends it: `Mon, 17 Oct 2022 14:30:00 +0900`. Parsed by hand, not by `Date`'s heuristics. */
export function parseRfc822(value: string): Date | null {
  const match =
    /^\s*(?:[A-Za-z]{3},\s*)?(\d{1,2})\s+([A-Za-z]{3})\s+(\d{4})\s+(\d{2}):(\d{2})(?::(\d{2}))?\s+([+-])(\d{2})(\d{2})\s*$/u.exec(
      value,
    );
  if (!match) return parseDate(value);
  const [, day, monthName, year, hour, minute, second, sign, offH, offM] = match;
  const month = MONTHS[(monthName ?? "").toLowerCase()];
  if (month === undefined) return null;
  const offsetMinutes = (sign === "-" ? -1 : 1) * (Number(offH) * 60 + Number(offM));
  const utc = Date.UTC(Number(year), month, Number(day), Number(hour), Number(minute), Number(second ?? 0));
  return new Date(utc - offsetMinutes * 60_000);
}
