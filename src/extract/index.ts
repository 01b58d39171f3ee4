/** The extract stage's public surface: pure functions from page text to documents and duplicate verdicts. */
export { type ExtractInput, extractArticle } from "./article.js";
export {
  type CleanedBody,
  cleanParagraphs,
  cleanSubtitle,
  isChromeLine,
  isPhotoCaption,
  isSeriesLabel,
  normalizeText,
  parseBylineLine,
} from "./clean.js";
export {
  bodySimhash,
  type DedupeKey,
  type Duplicate,
  type DuplicateReason,
  dedupeKeyOf,
  findDuplicate,
  hamming,
  normalizeTitle,
  SIMHASH_MAX_DISTANCE,
  SIMHASH_MIN_CHARS,
  SIMHASH_SAME_TITLE_MAX_DISTANCE,
  simhash64,
  TITLE_WINDOW_DAYS,
} from "./dedupe.js";
export { MAX_HTML_CHARS, MAX_NESTING_DEPTH } from "./html.js";
export { detectSite, isSiteId, SITE_IDS, type SiteId } from "./sites/index.js";
export { clampToFetch, parseKstDateTime, withSecondsFrom } from "./time.js";
export { docIdFor, naverArticleIds, normalizeUrl } from "./url.js";
