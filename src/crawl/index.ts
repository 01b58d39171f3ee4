/**
 * The crawl stage's public surface: what the CLI (and the bench) wire together. Everything else in
 * src/crawl/ is an implementation detail of these.
 */
export {
  googleNewsUrls,
  naverSearchUrls,
  normalizeUrl,
  parseFeed,
  parseNaverSearch,
  urlKey,
} from "./discover.js";
export { createFetcher, type FetcherOptions } from "./fetcher.js";
export { MemoryCrawlStore } from "./memory-store.js";
export {
  commentPageUrl,
  hashUserId,
  naverArticleIds,
  parseCommentPage,
  unwrapJsonp,
} from "./naver-comments.js";
export { appendToArchive, createReplayTransport, type ReplayTransport } from "./replay.js";
export {
  type ArticleHandler,
  type CrawlLog,
  type CrawlOptions,
  type CrawlProgressEvent,
  type CrawlSummary,
  crawlSummaryRows,
  NAVER_COMMENTS_SOURCE_ID,
  runCrawl,
  type SourceSummary,
} from "./runner.js";
export {
  loadSourcesFile,
  type NaverCredentials,
  naverCredentialsFromEnv,
  parseSourcesText,
} from "./sources.js";
export { matchesTopic, matchingTopicIds } from "./topics.js";
export { createHttpTransport, type HttpTransport } from "./transport.js";
export type {
  CommentCursor,
  CrawlStore,
  DiscoveredItem,
  FeedPollState,
  Fetcher,
  FetchRequest,
  FetchResult,
  FrontierEntry,
  Transport,
} from "./types.js";
