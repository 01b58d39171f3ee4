/**
 * Which morphemes of a text sit inside a plain negation scope, by the same three Korean positions the
 * scorer's rules know (score.ts): 안/못 before the predicate, -지 않다/못하다/말다 after it, 없다/아니다
 * after a noun, plus the light-verb case where 안/못 negate a noun's predicate (작동이 안 되다, 사과를 안 하다).
 *
 * Two users besides the scorer: the lexicon derivation leaves negated uses out of a term's counts (재미 없다
 * must not make 재미 negative), and the learned model sees negated words as their own features (NEG:재미),
 * so a linear model can learn that a negated positive word is negative instead of averaging the two uses.
 * Pure and cheap: one pass with a look-back of a few morphemes.
 */
import type { Morpheme } from "./morph.js";

/** Content tags a negation can apply to: nouns, roots, predicates and adverbs that carry meaning. */
const CONTENT_TAGS = new Set(["NNG", "NNP", "XR", "VV", "VA", "MAG"]);

/** Light verbs whose negation negates the noun they carry (작동이 안 되다, 사과를 안 하다, 고장이 안 나다). */
const LIGHT_VERBS = new Set(["하다", "되다", "지다", "시키다", "드리다", "나다"]);

const POST_NEGATORS = new Set(["않다", "못하다", "말다"]);
const ABSENCE = new Set(["없다", "아니다", "아니"]);

/** The -지 ending before 않다; kuromoji-ko writes it 지 or, before a particle (좋지가), ㄹ지. */
function isJiEnding(m: Morpheme | undefined): boolean {
  return m !== undefined && (m.lemma === "지" || m.lemma === "ㄹ지") && (m.tag === "EC" || m.tag === "EF");
}

/** 안 or 못 as the pre-verbal negator (MAG). */
export function isPreNegator(m: Morpheme | undefined): boolean {
  return m?.tag === "MAG" && (m.lemma === "안" || m.lemma === "못");
}

/**
 * Whether the morpheme at `i`, right after 안/못, stands where kuromoji-ko lost the verb: it left the bare
 * ending (고장이 안 나요: 나요/EC) or read the verb as 나/NP 이/VCP (안 나네요). The negated predicate is then an
 * unreadable light verb, and the noun before 안 is what it negates (the scorer reads it the same way).
 */
export function lostVerbAt(ms: readonly Morpheme[], i: number): boolean {
  const m = ms[i];
  if (!m) return false;
  return m.tag.startsWith("E") || (m.surface === "나" && m.tag === "NP" && ms[i + 1]?.tag === "VCP");
}

/**
 * A boolean per morpheme: true when it is a content morpheme whose meaning the sentence negates. Scopes
 * are short on purpose (one word for 안/못, the word before -지 않다, the noun phrase before 없다): a wrong
 * long scope would flip words the negation never touched.
 */
export function negationScope(ms: readonly Morpheme[]): boolean[] {
  const negated = new Array<boolean>(ms.length).fill(false);
  const markContentBack = (from: number, minWord: number) => {
    // Marks content morphemes from `from` backwards while they stay within the allowed words and only
    // grammar (particles, endings, suffixes, auxiliaries) stands between them.
    for (let j = from; j >= 0; j--) {
      const x = ms[j]!;
      if (x.word < minWord) break;
      if (CONTENT_TAGS.has(x.tag)) {
        negated[j] = true;
        continue;
      }
      const glue =
        x.tag.startsWith("J") ||
        x.tag.startsWith("E") ||
        x.tag.startsWith("XS") ||
        x.tag === "VX" ||
        LIGHT_VERBS.has(x.lemma);
      if (!glue) break;
    }
  };
  for (let k = 0; k < ms.length; k++) {
    const m = ms[k]!;
    if (isPreNegator(m)) {
      const next = ms[k + 1];
      if (!next || next.word > m.word + 1) continue;
      if (LIGHT_VERBS.has(next.lemma) || lostVerbAt(ms, k + 1)) {
        // 작동이 안 되다: the noun before the negator, across its particle, in the previous word.
        markContentBack(k - 1, m.word - 1);
      } else if (CONTENT_TAGS.has(next.tag)) {
        negated[k + 1] = true;
        // 안 비싸다 / 안 편리하다: a root with its 하다 is one predicate.
      }
      continue;
    }
    if (POST_NEGATORS.has(m.lemma) && (m.tag === "VX" || m.tag === "VV")) {
      let j = k - 1;
      while (j >= 0 && ms[j]!.tag.startsWith("J")) j--;
      if (!isJiEnding(ms[j])) continue;
      // The predicate the -지 ending is attached to, in the same word (편리하지 않다), or one word earlier
      // when an auxiliary carries the ending (추천하고 싶지 않다, 좋아 보이지 않다).
      const auxiliary = ms[j - 1]?.tag === "VX" ? 1 : 0;
      markContentBack(j - 1, ms[j]!.word - auxiliary);
      continue;
    }
    if (ABSENCE.has(m.lemma) && (m.tag === "VA" || m.tag === "VCN")) {
      let j = k - 1;
      while (j >= 0 && ms[j]!.tag.startsWith("J")) j--;
      const before = ms[j];
      if (!before) continue;
      if (before.lemma === "수" && before.tag.startsWith("NN") && ms[j - 1]?.tag === "ETM") {
        // -ㄹ 수 없다 ("cannot"): 이해할 수 없다 negates 이해, in the word before 수.
        markContentBack(j - 2, m.word - 2);
        continue;
      }
      if (before.tag.startsWith("N") || before.tag === "XR") markContentBack(j, m.word - 1);
    }
  }
  return negated;
}

/** Connectives after which the later clause carries the judgement (a subset of contrast.tsv: the strong ones). */
const CONCESSIVE: ReadonlyMap<string, ReadonlySet<string>> = new Map([
  ["EC", new Set(["지만", "는데도"])],
  ["MAJ", new Set(["그러나", "근데", "그런데", "하지만"])],
]);

/**
 * A boolean per morpheme: true when it stands in a clause that a later contrastive connective concedes
 * (불편했지만 복구는 빨랐다: 불편, 하다). The scorer down-weights such clauses (contrast.tsv); the learned model
 * gets them as their own features (`k:` keys, features.ts) so it can learn the same discount from data
 * instead of reading 불편 in a concession like 불편 in a complaint. Segments end at sentence punctuation.
 */
export function concessiveScope(ms: readonly Morpheme[]): boolean[] {
  const conceded = new Array<boolean>(ms.length).fill(false);
  let segmentStart = 0;
  for (let i = 0; i < ms.length; i++) {
    const m = ms[i]!;
    if (m.tag === "SF") {
      segmentStart = i + 1;
      continue;
    }
    if (!CONCESSIVE.get(m.tag)?.has(m.lemma) || i === ms.length - 1) continue;
    for (let j = segmentStart; j < i; j++) conceded[j] = true;
  }
  return conceded;
}

/**
 * Sino-Korean negating prefixes: 불만족, 비호감, 무성의, 몰상식, 미완성. kuromoji-ko tags the prefix XPN, or NNG
 * when the dictionary knows no such compound (불/NNG 친절/NNG); either way it stands in the same word right
 * before the noun it negates.
 */
export const NEGATING_PREFIXES = new Set(["불", "비", "무", "몰", "미"]);

/** Whether morpheme `i` is a noun or root negated by a prefix right before it in the same word. */
export function prefixNegated(ms: readonly Morpheme[], i: number): boolean {
  const m = ms[i];
  const prev = ms[i - 1];
  return (
    m !== undefined &&
    prev !== undefined &&
    (m.tag === "NNG" || m.tag === "XR") &&
    prev.word === m.word &&
    (prev.tag === "XPN" || prev.tag === "NNG") &&
    NEGATING_PREFIXES.has(prev.surface)
  );
}
