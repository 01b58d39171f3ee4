/**
 * Hankyung (한국경제) article pages (`www.hankyung.com/article/{YYYYMMDD}{NNNN}`, a trailing letter on
 * premium pages). The body id is stable; title and times fall back to the meta tags (SITES.md).
 */
import type { SiteAdapter } from "./adapter.js";

export const hankyungAdapter: SiteAdapter = {
  site: "hankyung",
  method: "hankyung",
  defaultOutlet: "한국경제",
  matches: (url) =>
    /^(?:www\.|m\.)?hankyung\.com$/.test(url.hostname) &&
    /^\/article\/\d{10,14}[A-Za-z]?\/?$/.test(url.pathname),
  selectors: {
    title: [["h1.headline"], [".article-tit"], ['meta[property="og:title"]', "content"]],
    subtitle: [["#articletxt .summary"], [".article-body-wrap .summary"], [".sub-title"]],
    body: ["div#articletxt", "#articletxt", ".article-body"],
    bodyNoise: [
      "figure",
      ".article-figure",
      ".figure-caption",
      "figcaption",
      ".summary",
      ".ad-area",
      ".ad",
      "[class*='banner']",
      "table",
    ],
    published: [
      ['meta[property="article:published_time"]', "content"],
      [".datetime .item:first-child .txt-date:last-child"],
      [".date-published .num"],
    ],
    modified: [
      ['meta[property="article:modified_time"]', "content"],
      [".datetime .item:nth-child(2) .txt-date:last-child"],
    ],
    outlet: [['meta[property="og:site_name"]', "content"]],
    reporters: [[".author .name"], [".author-detail .name"], ['meta[name="author"]', "content"]],
    bylines: [[".author .email"], [".author-detail .email"]],
    section: [['meta[property="article:section"]', "content"], [".article-category"]],
  },
};
