/**
 * Keywords rising against the previous week: TF-IDF (natural's TfIdf) over morphemes, one TF-IDF document per
 * KST day of the two weeks. A word said every day of both weeks ("카카오") gets a low idf; a word that appears
 * on a few days of this week only gets a high one. A keyword's weekly weight is the sum of its daily TF-IDF;
 * "rise" is this week's weight minus last week's.
 */
// The submodule alone: the package entry loads dotenv and prints to stdout (DESIGN §9).

import type { MeCab } from "kuromoji-ko";
import tfidfModule from "natural/lib/natural/tfidf/index.js";
import { loadMorphAnalyzer, morphemesWith } from "../nlp/morph.js";

export interface KeywordText {
  period: "current" | "previous";
  day: string;
  text: string;
}

export interface RisingKeyword {
  term: string;
  tag: string;
  current_count: number;
  previous_count: number;
  current_tfidf: number;
  previous_tfidf: number;
  rise: number;
}

const NOUN_TAGS = new Set(["NNG", "NNP", "XR"]);
const PREDICATE_TAGS = new Set(["VV", "VA"]);

/**
 * Predicates and nouns that carry no news of their own in Korean articles and comments (copulas, light verbs,
 * reporting verbs, time words): they would top every week's list.
 */
const STOP_TERMS = new Set([
  "있다",
  "없다",
  "되다",
  "하다",
  "같다",
  "보다",
  "않다",
  "이다",
  "아니다",
  "밝히다",
  "말하다",
  "대하다",
  "위하다",
  "통하다",
  "따르다",
  "이번",
  "지난",
  "오늘",
  "어제",
  "내일",
  "기자",
  "뉴스",
  "관련",
  "가운데",
  "이후",
  "이상",
  "정도",
]);

/** A term must appear at least this often this week: one stray mention is not a trend. */
const MIN_CURRENT_COUNT = 2;
export const DEFAULT_KEYWORD_LIMIT = 12;

/** Content morphemes of a text as `lemma` strings (nouns of two or more syllables, and predicates). */
export function contentTerms(mecab: MeCab, text: string): { term: string; tag: string }[] {
  const out: { term: string; tag: string }[] = [];
  for (const m of morphemesWith(mecab, text)) {
    if (NOUN_TAGS.has(m.tag)) {
      // One-syllable nouns in news text are mostly fragments (수, 것 are NNB; 등, 중 leak in as NNG).
      if ([...m.lemma].length < 2) continue;
    } else if (!PREDICATE_TAGS.has(m.tag)) continue;
    if (STOP_TERMS.has(m.lemma)) continue;
    out.push({ term: m.lemma, tag: m.tag });
  }
  return out;
}

export async function risingKeywords(
  texts: readonly KeywordText[],
  limit = DEFAULT_KEYWORD_LIMIT,
): Promise<RisingKeyword[]> {
  if (texts.length === 0) return [];
  const mecab = await loadMorphAnalyzer();
  const byDay = new Map<string, { period: KeywordText["period"]; terms: string[] }>();
  const tagOf = new Map<string, string>();
  const counts = { current: new Map<string, number>(), previous: new Map<string, number>() };
  for (const t of texts) {
    const day = byDay.get(t.day) ?? { period: t.period, terms: [] };
    byDay.set(t.day, day);
    for (const { term, tag } of contentTerms(mecab, t.text)) {
      day.terms.push(term);
      if (!tagOf.has(term)) tagOf.set(term, tag);
      counts[t.period].set(term, (counts[t.period].get(term) ?? 0) + 1);
    }
  }
  const tfidf = new tfidfModule.TfIdf();
  const days = [...byDay.entries()].sort(([a], [b]) => a.localeCompare(b));
  for (const [day, d] of days) tfidf.addDocument(d.terms, day);
  const weight = (term: string, period: KeywordText["period"]): number =>
    days.reduce((sum, [, d], i) => (d.period === period ? sum + tfidf.tfidf([term], i) : sum), 0);
  const rising: RisingKeyword[] = [];
  for (const [term, current] of counts.current) {
    if (current < MIN_CURRENT_COUNT) continue;
    const cur = weight(term, "current");
    const prev = weight(term, "previous");
    if (cur - prev <= 0) continue;
    rising.push({
      term,
      tag: tagOf.get(term) ?? "",
      current_count: current,
      previous_count: counts.previous.get(term) ?? 0,
      current_tfidf: round4(cur),
      previous_tfidf: round4(prev),
      rise: round4(cur - prev),
    });
  }
  rising.sort((a, b) => b.rise - a.rise || a.term.localeCompare(b.term));
  return rising.slice(0, limit);
}

/** Four decimals: enough to rank, and stable across platforms for golden files. */
function round4(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}
