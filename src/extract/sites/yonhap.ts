/** Yonhap (연합뉴스) article pages (`www.yna.co.kr/view/AKR…`), 2022 layout first, newer one as fallback. */
import type { SiteAdapter } from "./adapter.js";

export const yonhapAdapter: SiteAdapter = {
  site: "yonhap",
  method: "yonhap",
  defaultOutlet: "연합뉴스",
  matches: (url) =>
    /^(?:www\.|m\.)?yna\.co\.kr$/.test(url.hostname) && /^\/view\/AKR\d{8,}\/?$/.test(url.pathname),
  selectors: {
    title: [
      [".title-article01 h1.tit"],
      ["h1.tit01"],
      ["strong.tit-news"],
      ['meta[property="og:title"]', "content"],
    ],
    subtitle: [[".story-news .stit"], [".title-article01 .stit"]],
    body: [".story-news.article", ".story-news", "article.story-news"],
    bodyParagraphs: ["p"],
    bodyNoise: [
      ".txt-copyright",
      ".adrs",
      ".comp-box",
      "figure",
      "figcaption",
      ".stit",
      ".related-zone",
      ".aside-box",
      ".banner-0",
    ],
    published: [
      [".update-time", "data-published-time"],
      ['meta[property="article:published_time"]', "content"],
    ],
    modified: [['meta[property="article:modified_time"]', "content"]],
    outlet: [['meta[property="og:site_name"]', "content"]],
    reporters: [[".writer-zone01 .tit-name"], [".tit-name"]],
    bylines: [[".story-news .adrs"]],
    section: [['meta[property="article:section"]', "content"], [".nav-path01 .txt"]],
  },
};
