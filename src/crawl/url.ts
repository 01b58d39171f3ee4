/**
 * URL identity. A document's id is the sha256 of its normalized URL (DESIGN §1), so two links to the same
 * article (tracking parameters, the old Naver `read.naver` form, a mobile host) must normalize alike.
 * `normalizeUrl` makes an identity key, not a URL to fetch: fetch the URL you were given.
 */
import { createHash } from "node:crypto";
import { ParseError } from "../shared/errors.js";

/** Parameters that say how a reader arrived, never which article it is. */
const TRACKING_PARAMS = new Set([
  "fbclid",
  "gclid",
  "dclid",
  "gbraid",
  "wbraid",
  "msclkid",
  "yclid",
  "igshid",
  "mc_cid",
  "mc_eid",
  "_ga",
  "_gl",
  "ref",
  "ref_src",
  "referrer",
  "from",
  "cmpid",
  "ocid",
  "ncid",
]);

/** Per-host parameters that are tracking or layout on that site but could identify content elsewhere. */
const HOST_TRACKING_PARAMS: Record<string, readonly string[]> = {
  // sid = section id, mode/type = list layout; oid/aid identify the article and are kept.
  "n.news.naver.com": ["sid", "sid1", "sid2", "mode", "type", "rankingtype", "ntype", "cds", "lfrom"],
  "news.naver.com": ["sid", "sid1", "sid2", "mode", "mid", "type", "rankingtype", "ntype", "cds", "lfrom"],
  // Daum marks the referring surface with f=o|m and x_trkm.
  "v.daum.net": ["f", "x_trkm"],
  // Yonhap tags links from its apps and partners with input=….
  "www.yna.co.kr": ["input", "section", "site"],
  "www.hankyung.com": ["kwd", "page", "type"],
};

/** Mobile hosts that serve the same article under the same path. */
const MOBILE_HOSTS: Record<string, string> = {
  "m.news.naver.com": "n.news.naver.com",
  "m.yna.co.kr": "www.yna.co.kr",
  "yna.co.kr": "www.yna.co.kr",
  "m.hankyung.com": "www.hankyung.com",
  "hankyung.com": "www.hankyung.com",
  "m.v.daum.net": "v.daum.net",
};

const NAVER_HOSTS = new Set(["n.news.naver.com", "news.naver.com", "m.news.naver.com"]);

/** `https://n.news.naver.com/article/{oid}/{aid}` for any Naver News article URL form, else null. */
export function naverArticleIds(url: URL): { oid: string; aid: string } | null {
  if (!NAVER_HOSTS.has(url.hostname)) return null;
  const path = url.pathname.replace(/\/+$/, "");
  const byPath = /^\/(?:mnews\/)?article\/(\d{3})\/(\d{6,12})$/.exec(path);
  if (byPath?.[1] && byPath[2]) return { oid: byPath[1], aid: byPath[2] };
  if (/^\/main\/read\.(?:naver|nhn)$/.test(path) || /^\/read\.(?:naver|nhn)$/.test(path)) {
    const oid = url.searchParams.get("oid");
    const aid = url.searchParams.get("aid");
    if (oid && aid && /^\d{3}$/.test(oid) && /^\d{6,12}$/.test(aid)) return { oid, aid };
  }
  return null;
}

function parse(url: string): URL {
  if (typeof url !== "string" || url.trim() === "") throw new ParseError("URL is empty");
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch (err) {
    throw new ParseError(`not a URL: ${url.slice(0, 200)}`, undefined, { cause: err });
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
    throw new ParseError(`not an http(s) URL: ${url.slice(0, 200)}`);
  }
  return parsed;
}

/**
 * Lower-cased scheme and host, no fragment, no tracking parameters, remaining parameters sorted, no
 * trailing slash; Naver's `read.naver?oid=&aid=` and `/mnews/article/…` become `n.news.naver.com/article/…`.
 * Throws ParseError when the string is not an http(s) URL.
 */
export function normalizeUrl(url: string): string {
  const parsed = parse(url);
  const naver = naverArticleIds(parsed);
  if (naver) return `https://n.news.naver.com/article/${naver.oid}/${naver.aid}`;

  const host = MOBILE_HOSTS[parsed.hostname] ?? parsed.hostname;
  const hostDrops = new Set(HOST_TRACKING_PARAMS[host] ?? []);
  const kept: [string, string][] = [];
  for (const [key, value] of parsed.searchParams) {
    const lower = key.toLowerCase();
    if (lower.startsWith("utm_") || TRACKING_PARAMS.has(lower) || hostDrops.has(lower)) continue;
    kept.push([key, value]);
  }
  kept.sort(([a, av], [b, bv]) => (a === b ? (av < bv ? -1 : av > bv ? 1 : 0) : a < b ? -1 : 1));
  const query = kept.length > 0 ? `?${new URLSearchParams(kept).toString()}` : "";
  const port = parsed.port ? `:${parsed.port}` : "";
  const path = parsed.pathname.replace(/\/+$/, "");
  return `${parsed.protocol}//${host}${port}${path}${query}`;
}

/** sha256 hex of the normalized URL: the document id (DESIGN §1). */
export function docIdFor(url: string): string {
  return createHash("sha256").update(normalizeUrl(url)).digest("hex");
}
