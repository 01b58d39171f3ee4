/**
 * From a fetched page to a stored document: extraction, dedupe against what is already stored, one upsert.
 * Duplicates are stored too, pointing at the first copy (never dropped silently).
 */
import { extractArticle } from "../extract/article.js";
import { bodySimhash, type DedupeIndex, type DedupeKey, dedupeKeyOf } from "../extract/dedupe.js";
import { NotArticleError, ParseError } from "../shared/errors.js";
import type { RawFetch } from "../shared/types.js";
import { saveDocuments } from "./crawl-store.js";
import type { Store } from "./db.js";

/** Earlier documents' dedupe keys, oldest first, loaded once per run and extended as documents arrive. */
export async function loadDedupeKeys(store: Store): Promise<DedupeKey[]> {
  const rows = await store.all<{
    doc_id: string;
    url: string;
    canonical_url: string;
    outlet: string;
    title: string;
    published_at: Date | null;
    simhash: bigint | null;
  }>(
    `SELECT doc_id, url, canonical_url, outlet, title, published_at, simhash FROM documents
     ORDER BY coalesce(published_at, fetched_at), doc_id`,
  );
  return rows.map((r) => ({
    docId: r.doc_id,
    url: r.url,
    canonicalUrl: r.canonical_url,
    outlet: r.outlet,
    title: r.title,
    publishedAt: r.published_at ? new Date(r.published_at) : null,
    simhash: r.simhash === null ? null : BigInt(r.simhash),
  }));
}

/** A crawl commits its writes in groups this far apart: a kill loses at most this much work, redone on rerun. */
export const GROUP_COMMIT_MS = 250;

export interface ExtractAndStoreResult {
  docId: string;
  duplicate: boolean;
}

/**
 * Extracts one fetched page and stores the document (duplicates are stored too, pointing at the first copy).
 * Returns null for a page that is not an article; the caller records the outcome.
 */
export async function extractAndStore(
  store: Store,
  index: DedupeIndex,
  raw: RawFetch,
  html: string,
  sourceId: string,
): Promise<ExtractAndStoreResult | null> {
  let doc: ReturnType<typeof extractArticle>;
  try {
    doc = extractArticle({ html, url: raw.finalUrl, fetchedAt: raw.fetchedAt });
  } catch (err) {
    if (err instanceof NotArticleError || err instanceof ParseError) return null;
    throw err;
  }
  const key = dedupeKeyOf(doc);
  const dup = index.find(key);
  // Indexed before the await below, so a copy handled concurrently finds this original.
  index.add(key);
  await saveDocuments(store, [
    {
      doc,
      sourceId,
      fetchedAt: raw.fetchedAt,
      rawFetchId: raw.fetchId,
      simhash: bodySimhash(doc.paragraphs),
      duplicateOf: dup?.of ?? null,
      duplicateReason: dup?.reason ?? null,
    },
  ]);
  return { docId: doc.docId, duplicate: dup !== null };
}
