/** URL identity lives in the crawl stage (the frontier keys URLs the same way documents are keyed). */
export { docIdFor, naverArticleIds, normalizeUrl } from "../crawl/url.js";
