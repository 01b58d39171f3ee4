/**
 * Duplicate detection (DESIGN §4, issue 3 item 5). A duplicate is recorded with the document it copies
 * (`duplicate_of`, `duplicate_reason`), never dropped: the caller stores it and decides what counts.
 *
 * Three rules, cheapest and surest first:
 * - `url`: the same normalized URL (or a canonical URL pointing at an earlier document);
 * - `title`: the same normalized title from the same outlet within TITLE_WINDOW_DAYS (re-posts, [종합] updates);
 * - `simhash`: 64-bit SimHash of the body within SIMHASH_MAX_DISTANCE bits (wire copies across outlets), or
 *   within SIMHASH_SAME_TITLE_MAX_DISTANCE when the normalized titles are equal too.
 */
import type { ArticleDocument } from "../shared/types.js";
import { normalizeText } from "./clean.js";
import { normalizeUrl } from "./url.js";

/** An update of a story ("[종합]", "(2보)") usually follows within a day; three days covers weekends. */
export const TITLE_WINDOW_DAYS = 3;
/**
 * Manku, Jain and Das Sarma ("Detecting near-duplicates for web crawling", WWW 2007) chose k = 3 for 64-bit
 * SimHash over whole web pages. Our bodies are short (400–1,000 characters after cleaning), so one edited
 * word moves a larger share of the shingles. Measured on the fixture bodies (test/fixtures/pages): a
 * one-word edit moves 0–4 bits, a two-word edit 1–5, dropping the last paragraph 3–12; two different
 * articles on the same outage differ by 21–38 bits (28 pairs). k = 3 would miss half of the two-word edits
 * a republishing outlet makes to a wire lede; k = 6 catches them and stays 15 bits clear of the closest
 * different-article pair. Heavier rewrites are not duplicates for our purposes: they carry the outlet's own
 * words, which the sentiment stage should see.
 */
export const SIMHASH_MAX_DISTANCE = 6;
/**
 * A copy under the same headline may differ more: an outlet that republishes a wire story keeps its title
 * (punctuation aside) and often adds a closing line of its own, which moves 3–12 bits (measured as above;
 * in the bundled sample, one added line to a five-paragraph story moved 9). Different stories on the same
 * outage stayed 14 bits or more apart in the sample, and a shared headline on top of that leaves little
 * doubt.
 */
export const SIMHASH_SAME_TITLE_MAX_DISTANCE = 12;
/**
 * Below this many characters (spaces removed) a body has too few shingles for SimHash to mean much: a
 * three-line brief shifts many bits with one edit, and two briefs can collide by chance.
 */
export const SIMHASH_MIN_CHARS = 200;
/** Character n-gram size: 3 Hangul syllables are about one content morpheme plus a particle. */
const SHINGLE_SIZE = 3;

const DAY_MS = 86_400_000;

/** Tags in front of or after a headline that do not change which story it is. */
const BRACKETED = /\[[^\]]{0,30}\]|【[^】]{0,30}】|〔[^〕]{0,30}〕/g;
const PAREN_TAGS =
  /\((?:종합|속보|단독|상보|\d+보|종합\d*보?|일문일답|인터뷰|포토|영상|사진|그래픽|르포|팩트체크)\)/g;

/** A title reduced to what says which story it is: no [단독]/[속보]/[종합]/(2보) tags, punctuation or spaces. */
export function normalizeTitle(title: string): string {
  return normalizeText(title)
    .replace(BRACKETED, "")
    .replace(PAREN_TAGS, "")
    .replace(/[^\p{L}\p{N}]+/gu, "")
    .toLowerCase();
}

const MASK_32 = 0xffffffff;
const TWO_POW_32 = 2 ** 32;

/**
 * 64-bit FNV-1a over the UTF-16 code units of a string (two bytes each, low byte first), as [hi, lo] uint32s.
 * The 64-bit prime 2^40 + 0x1b3 is split into h·0x1b3 + (h << 40) so it runs on doubles without BigInt.
 */
function fnv1a64(text: string): [number, number] {
  let hi = 0xcbf29ce4;
  let lo = 0x84222325;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    for (const byte of [unit & 0xff, unit >>> 8]) {
      lo = (lo ^ byte) >>> 0;
      const loProduct = lo * 0x1b3;
      const carry = Math.floor(loProduct / TWO_POW_32);
      hi = (Math.imul(hi, 0x1b3) + carry + ((lo << 8) >>> 0)) >>> 0;
      lo = loProduct >>> 0;
    }
  }
  return [hi & MASK_32, lo & MASK_32];
}

/** Text as SimHash sees it: NFC, letters and digits only, lower-case. */
function shingleText(text: string): string {
  return normalizeText(text)
    .replace(/[^\p{L}\p{N}]+/gu, "")
    .toLowerCase();
}

/**
 * 64-bit SimHash (Charikar 2002) over character 3-grams of the text with spaces and punctuation removed,
 * each shingle weighted by its count. Equal texts give equal hashes; a small edit moves few bits.
 */
export function simhash64(text: string): bigint {
  const chars = shingleText(text);
  const counts = new Map<string, number>();
  if (chars.length < SHINGLE_SIZE) {
    if (chars.length > 0) counts.set(chars, 1);
  } else {
    for (let i = 0; i + SHINGLE_SIZE <= chars.length; i++) {
      const shingle = chars.slice(i, i + SHINGLE_SIZE);
      counts.set(shingle, (counts.get(shingle) ?? 0) + 1);
    }
  }
  const weights = new Float64Array(64);
  for (const [shingle, count] of counts) {
    const [hi, lo] = fnv1a64(shingle);
    for (let bit = 0; bit < 32; bit++) {
      weights[bit] = (weights[bit] ?? 0) + ((lo >>> bit) & 1 ? count : -count);
      weights[bit + 32] = (weights[bit + 32] ?? 0) + ((hi >>> bit) & 1 ? count : -count);
    }
  }
  let hash = 0n;
  for (let bit = 63; bit >= 0; bit--) {
    hash = (hash << 1n) | ((weights[bit] ?? 0) > 0 ? 1n : 0n);
  }
  return hash;
}

/** Number of differing bits between two 64-bit hashes. */
export function hamming(a: bigint, b: bigint): number {
  let x = BigInt.asUintN(64, a ^ b);
  let count = 0;
  while (x !== 0n) {
    x &= x - 1n;
    count += 1;
  }
  return count;
}

/** What dedupe needs to know about a document. */
export interface DedupeKey {
  docId: string;
  url: string;
  canonicalUrl?: string | null;
  outlet: string;
  title: string;
  publishedAt: Date | null;
  /** SimHash of the body; null when the body is shorter than SIMHASH_MIN_CHARS. */
  simhash: bigint | null;
  /** The document this one was recorded as a copy of, when known: it is never the copy's original. */
  duplicateOf?: string | null;
}

export type DuplicateReason = "url" | "title" | "simhash";

export interface Duplicate {
  of: string;
  reason: DuplicateReason;
}

/** The body SimHash of a document, or null when it is too short to compare. */
export function bodySimhash(paragraphs: readonly string[]): bigint | null {
  const text = paragraphs.join("\n");
  return shingleText(text).length >= SIMHASH_MIN_CHARS ? simhash64(text) : null;
}

export function dedupeKeyOf(doc: ArticleDocument): DedupeKey {
  return {
    docId: doc.docId,
    url: doc.url,
    canonicalUrl: doc.canonicalUrl,
    outlet: doc.outlet,
    title: doc.title,
    publishedAt: doc.publishedAt,
    simhash: bodySimhash(doc.paragraphs),
  };
}

function urlKeys(key: DedupeKey): Set<string> {
  const keys = new Set<string>();
  for (const u of [key.url, key.canonicalUrl]) {
    if (!u) continue;
    try {
      keys.add(normalizeUrl(u));
    } catch {
      // A malformed canonical link on the page does not make the document unusable.
    }
  }
  return keys;
}

/**
 * The earlier document the candidate duplicates, or null. Rules are tried in order (url, title, simhash);
 * within a rule the first matching entry of `earlier` wins, so pass earlier documents oldest first to point
 * every copy at the original. When re-processing a stored document, leave its own record out of `earlier`:
 * the url rule would otherwise find it.
 */
export function findDuplicate(candidate: DedupeKey, allEarlier: readonly DedupeKey[]): Duplicate | null {
  // Pointing back at one's own copy would make two documents each the other's duplicate.
  const earlier = allEarlier.filter((e) => e.duplicateOf !== candidate.docId);
  const candidateUrls = urlKeys(candidate);
  for (const e of earlier) {
    if (e.docId === candidate.docId) return { of: originalOf(e), reason: "url" };
    for (const u of urlKeys(e)) if (candidateUrls.has(u)) return { of: originalOf(e), reason: "url" };
  }

  const title = normalizeTitle(candidate.title);
  const outlet = normalizeText(candidate.outlet);
  if (title !== "" && candidate.publishedAt) {
    for (const e of earlier) {
      if (!e.publishedAt || normalizeText(e.outlet) !== outlet) continue;
      if (!withinTitleWindow(e, candidate)) continue;
      if (normalizeTitle(e.title) === title) return { of: originalOf(e), reason: "title" };
    }
  }

  if (candidate.simhash !== null) {
    for (const e of earlier) {
      if (e.simhash === null) continue;
      const sameTitle = title !== "" && normalizeTitle(e.title) === title && withinTitleWindow(e, candidate);
      const limit = sameTitle ? SIMHASH_SAME_TITLE_MAX_DISTANCE : SIMHASH_MAX_DISTANCE;
      if (hamming(e.simhash, candidate.simhash) <= limit) return { of: originalOf(e), reason: "simhash" };
    }
  }
  return null;
}

/** A copy of a copy points at the first one, so `coalesce(duplicate_of, doc_id)` groups a story in one step. */
function originalOf(key: DedupeKey): string {
  return key.duplicateOf ?? key.docId;
}

/** Within TITLE_WINDOW_DAYS of each other; a missing date does not rule a pair out. */
function withinTitleWindow(a: DedupeKey, b: DedupeKey): boolean {
  if (!a.publishedAt || !b.publishedAt) return true;
  return Math.abs(a.publishedAt.getTime() - b.publishedAt.getTime()) <= TITLE_WINDOW_DAYS * DAY_MS;
}

/** SimHash split into this many 8-bit bands: two hashes within SIMHASH_MAX_DISTANCE bits share at least
 * 8 − 6 = 2 whole bands (pigeonhole), so looking up each band finds every near-duplicate candidate. */
const BANDS = 8;

function bandKeys(h: bigint): string[] {
  const out: string[] = [];
  for (let b = 0; b < BANDS; b++) out.push(`${b}:${(h >> BigInt(b * 8)) & 0xffn}`);
  return out;
}

/**
 * `findDuplicate` over many earlier documents without comparing against all of them: earlier keys are indexed
 * by normalized URL, normalized title and SimHash band, and only the candidates found there are handed to
 * `findDuplicate` (oldest first), so the answer is the same as over the whole list.
 */
export class DedupeIndex {
  private readonly keys: DedupeKey[] = [];
  private readonly order = new Map<string, number>();
  private readonly byUrl = new Map<string, number[]>();
  private readonly byTitle = new Map<string, number[]>();
  private readonly byBand = new Map<string, number[]>();
  /** What `find` decided for documents not yet added, so `add` can record whose copy each one is. */
  private readonly verdicts = new Map<string, string | null>();

  constructor(earlier: readonly DedupeKey[] = []) {
    for (const k of earlier) this.add(k);
  }

  get size(): number {
    return this.keys.length;
  }

  has(docId: string): boolean {
    return this.order.has(docId);
  }

  add(key: DedupeKey): void {
    if (this.order.has(key.docId)) return;
    const i = this.keys.length;
    const verdict = this.verdicts.get(key.docId);
    this.keys.push(
      key.duplicateOf === undefined && verdict !== undefined ? { ...key, duplicateOf: verdict } : key,
    );
    this.order.set(key.docId, i);
    const push = (m: Map<string, number[]>, k: string) => {
      const list = m.get(k);
      if (list) list.push(i);
      else m.set(k, [i]);
    };
    for (const u of urlKeys(key)) push(this.byUrl, u);
    const t = normalizeTitle(key.title);
    if (t) push(this.byTitle, t);
    if (key.simhash !== null) for (const b of bandKeys(key.simhash)) push(this.byBand, b);
  }

  /**
   * The earlier document `candidate` duplicates (never itself), or null. A document already in the index
   * (fetched again under another source, or re-extracted) is judged against the documents indexed before it
   * only, so it keeps the verdict it had and never turns into a copy of its own copy.
   */
  find(candidate: DedupeKey): Duplicate | null {
    const own = this.order.get(candidate.docId);
    const found = new Set<number>();
    for (const u of urlKeys(candidate)) for (const i of this.byUrl.get(u) ?? []) found.add(i);
    for (const i of this.byTitle.get(normalizeTitle(candidate.title)) ?? []) found.add(i);
    if (candidate.simhash !== null)
      for (const b of bandKeys(candidate.simhash)) for (const i of this.byBand.get(b) ?? []) found.add(i);
    const subset = [...found]
      .filter((i) => own === undefined || i < own)
      .sort((a, b) => a - b)
      .map((i) => this.keys[i]!)
      .filter((k) => k.docId !== candidate.docId);
    const verdict = findDuplicate(candidate, subset);
    if (own === undefined) this.verdicts.set(candidate.docId, verdict?.of ?? null);
    return verdict;
  }
}
