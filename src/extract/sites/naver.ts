/**
 * Naver News article pages, layout of mid-2022 onwards (October 2022 articles use it), with the older
 * `#articleBodyContents` layout as a fallback. Selectors: SITES.md (KoreaNewsCrawler, N2H4).
 */
import { naverArticleIds } from "../url.js";
import type { SiteAdapter } from "./adapter.js";

export const naverAdapter: SiteAdapter = {
  site: "naver",
  method: "naver",
  defaultOutlet: "네이버 뉴스",
  matches: (url) => naverArticleIds(url) !== null,
  selectors: {
    title: [
      ["h2.media_end_head_headline"],
      ["#title_area span"],
      ["#title_area"],
      ["#articleTitle"],
      ['meta[property="og:title"]', "content"],
    ],
    subtitle: [["strong.media_end_summary"]],
    body: ["article#dic_area", "#dic_area", "#articleBodyContents", "#newsct_article"],
    bodyNoise: [
      ".end_photo_org",
      ".nbd_im_w",
      "em.img_desc",
      ".img_desc",
      "table.nbd_table",
      "strong.media_end_summary",
      ".vod_player_wrap",
      "._VOD_PLAYER_WRAP",
      ".ab_photo",
      ".media_end_correction",
      ".artical-btm",
      "#ad_body",
      "[class*='_ad_']",
    ],
    published: [
      ["span._ARTICLE_DATE_TIME", "data-date-time"],
      [".media_end_head_info_datestamp_time", "data-date-time"],
      ["span.t11"],
    ],
    modified: [
      ["span._ARTICLE_MODIFY_DATE_TIME", "data-modify-date-time"],
      [".media_end_head_info_datestamp_time", "data-modify-date-time"],
    ],
    outlet: [
      [".media_end_head_top_logo_img", "alt"],
      [".media_end_head_top_logo_img", "title"],
      // The pre-2022 layout.
      [".press_logo img", "alt"],
      ['meta[property="og:article:author"]', "content"],
      ['meta[name="twitter:creator"]', "content"],
    ],
    reporters: [[".media_end_head_journalist_name"], [".byline_s"]],
    bylines: [[".byline_s"], [".byline p"], [".media_end_head_journalist_layer_name"]],
    section: [[".media_end_categorize_item"], ['meta[property="article:section"]', "content"]],
  },
};
