/**
 * The store stage's public surface: the only code that imports DuckDB. Commands, the report and the benches
 * use these; everything else in src/store/ is an implementation detail of them.
 */
export { type AnalyzeSummary, analyzeNew } from "./analysis.js";
export { DuckCrawlStore, rawFromRow, type StoredDocument, saveDocuments } from "./crawl-store.js";
export { type ConflictPolicy, type Row, Store } from "./db.js";
export { extractAndStore, GROUP_COMMIT_MS, loadDedupeKeys } from "./documents.js";
export { eventStudy, laggedCorrelation } from "./event.js";
export { exportParquet, safeJoin } from "./export.js";
export {
  loadBundledPrices,
  readPrices,
  refreshSentimentDaily,
  upsertPrices,
  writeReferenceData,
} from "./prices.js";
export { type QueryResult, runQuery } from "./query.js";
export { finishRun, newRunId, startRun } from "./runs.js";
export { openForReading, publishSnapshot, type ReadHandle, snapshotPath } from "./snapshot.js";
export { collectStatus } from "./status.js";
