/** Daum News article pages (`v.daum.net/v/{YYYYMMDDHHMMSSmmm}`). Selectors: SITES.md. */
import type { SiteAdapter } from "./adapter.js";

export const daumAdapter: SiteAdapter = {
  site: "daum",
  method: "daum",
  defaultOutlet: "다음뉴스",
  matches: (url) =>
    /^(?:m\.)?v\.daum\.net$/.test(url.hostname) && /^\/v\/[0-9A-Za-z]+\/?$/.test(url.pathname),
  selectors: {
    title: [["h3.tit_view"], [".head_view .tit_view"], ['meta[property="og:title"]', "content"]],
    subtitle: [["strong.summary_view"]],
    body: ["div.article_view section", "div.article_view", "#harmonyContainer"],
    bodyParagraphs: ['p[dmcf-ptype="general"]', "p"],
    bodyNoise: [
      "figure",
      "figcaption.txt_caption",
      ".txt_caption",
      "img.thumb_g_article",
      "strong.summary_view",
      ".link_figure",
      "table",
    ],
    // "입력 2022. 10. 17. 14:42": the first num_date is the publication, the one under "수정" the change.
    published: [
      ["span.info_view span.txt_info:contains('입력') span.num_date"],
      ["span.num_date"],
      ['meta[property="og:regDate"]', "content"],
    ],
    modified: [["span.info_view span.txt_info:contains('수정') span.num_date"]],
    outlet: [
      ['meta[property="og:article:author"]', "content"],
      ["#kakaoServiceLogo"],
      [".info_cp .thumb_g", "alt"],
      [".link_cp img", "alt"],
    ],
    // The first txt_info is the reporter when present; a date one is filtered out by the name check.
    reporters: [["span.info_view > span.txt_info:first-child"]],
    bylines: [],
    section: [['meta[property="article:section"]', "content"], ["#kakaoBody .screen_out"]],
  },
};
