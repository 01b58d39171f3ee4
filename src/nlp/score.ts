/**
 * The lexicon scorer: VADER's rules (Hutto & Gilbert 2014, vaderSentiment.py) re-cut for Korean word order.
 *
 * Korean puts the predicate last and negates in three places (안/못 before it, -지 않다 after it, 없다/아니다
 * after a noun), marks contrast with an ending (-지만) as often as with a word (하지만), and asks rhetorical
 * questions (…냐?) where English would assert. Each rule below says which of these it handles. Input is the
 * normalized morphemes of one text (src/nlp/morph.ts); a text with several sentences is scored segment by
 * segment (segments end at . ! ? …) for the rules that are clause-bound (contrast, questions) and summed.
 *
 * Every number the rules use is here, with where it came from.
 */
import type { SentimentLabel, SentimentScore, TermContribution } from "../shared/types.js";
import {
  type LexiconEntry,
  type Lexicons,
  matchModifier,
  matchSentiment,
  type NewsRoles,
} from "./lexicon.js";
import type { Morpheme } from "./morph.js";
import { isPreNegator, lostVerbAt, prefixNegated } from "./negation.js";
import { QUOTE_MARKS } from "./sentences.js";

/** VADER: compound ≥ 0.05 is positive, ≤ -0.05 negative (vaderSentiment README, "scoring"). */
export const POSITIVE_THRESHOLD = 0.05;
export const NEGATIVE_THRESHOLD = -0.05;

/** VADER's normalisation constant: compound = s / sqrt(s² + α) "approximates the max expected value". */
export const NORMALIZE_ALPHA = 15;

/** VADER's N_SCALAR: a negated term keeps 74% of its strength, reversed. Per-entry values in negators.tsv. */
export const DEFAULT_NEGATION_SCALAR = -0.74;

/** VADER scales a booster 1, 0.95, 0.9 by how many words before the sentiment word it stands. */
export const BOOSTER_DISTANCE_DECAY = [1, 0.95, 0.9] as const;

/** VADER looks three words back for boosters; Korean adverbs sit before the predicate in the same range. */
export const MODIFIER_WINDOW_WORDS = 3;

/**
 * Words between 안/못 and the predicate it negates. Korean pre-verbal negation binds to the next predicate,
 * in the same word (안좋다) or the next (안 좋다); 잘 안 된다 needs one more.
 */
export const PRE_NEGATION_WINDOW_WORDS = 1;

/** 없다 negates the noun right before it (문제(가) 없다): same word or the one before. */
export const ABSENCE_WINDOW_WORDS = 1;

/** 아니다 negates a noun phrase that can end one word earlier (잘한 게 아니다). */
export const COPULA_NEGATION_WINDOW_WORDS = 2;

/** 안 했다 after a sentiment noun (사과를 안 했다): how far back the light verb's object may be. */
export const LIGHT_VERB_OBJECT_WINDOW_WORDS = 2;

/**
 * Verbs of perceiving and finding: negating them denies what is perceived (진정성이 느껴지지 않는다, 반성의
 * 기미를 찾아볼 수 없다).
 */
const PERCEPTION_VERBS = new Set(["느끼다", "보이다", "찾다", "찾아보다"]);

/**
 * Nouns of a visible sign: what they show is the word before them, so a denied sign denies it (반성의 기미가
 * 보이지 않는다, 사과하는 모습은 찾아볼 수 없다, 미안한 기색이 없다).
 */
const SIGN_NOUNS = new Set(["기미", "기색", "낌새", "모습"]);

/** 1 when the morpheme at `i`, particles skipped backwards, is a sign noun; else 0 (a word count). */
function signNounAt(ms: Morpheme[], i: number): number {
  const p = beforeParticles(ms, i);
  return p >= 0 && ms[p]!.tag === "NNG" && SIGN_NOUNS.has(ms[p]!.lemma) ? 1 : 0;
}

/** Index of the first morpheme of the word that holds index `i`. */
function wordStart(ms: Morpheme[], i: number): number {
  let k = i;
  while (k > 0 && ms[k - 1]!.word === ms[i]!.word) k--;
  return k;
}

/** The index of the last morpheme of the word at `i`. */
function wordEnd(ms: Morpheme[], i: number): number {
  let k = i;
  while (k + 1 < ms.length && ms[k + 1]!.word === ms[i]!.word) k++;
  return k;
}

/**
 * The index of the last morpheme in [from, to] before the trailing punctuation and symbols (tags S…); `from`
 * when there is nothing else.
 */
function lastBeforeSymbols(ms: Morpheme[], from: number, to: number): number {
  let k = to;
  while (k > from && ms[k]!.tag.startsWith("S")) k--;
  return k;
}

/**
 * How many words (0–2) just before the word starting at `i` stand between a denied predicate and the noun it
 * denies: a word of degree (진정성이 전혀 느껴지지 않는다) and, before a verb of perceiving, a sign noun
 * (반성의 기미가 보이지 않는다, 반성의 기미는 전혀 찾아볼 수 없다).
 */
function wordsBeforePredicate(ms: Morpheme[], i: number, perceiving: boolean): number {
  let n = 0;
  let start = i;
  for (let step = 0; step < 2 && start > 0; step++) {
    const last = beforeParticles(ms, start - 1);
    if (last < 0) break;
    const first = wordStart(ms, last);
    const sign = perceiving && first === last && signNounAt(ms, last) === 1;
    if (!sign && !isDegreeWord(ms, first)) break;
    n++;
    start = first;
  }
  return n;
}

/** 것 and its contractions as kuromoji-ko leaves them (게 and 건 are often tagged EC). */
const BOUND_NOUN_SURFACES = new Set(["것", "게", "건", "거", "걸"]);
/**
 * Nouns that head an adnominal clause the way a bound noun does, so that 아니다 after them negates the clause's
 * predicate (웃을 일이 아니다, 사과 한마디로 끝날 문제가 아니다, 안심할 때가 아니다), and the head itself judges
 * nothing: 문제 there is "a matter", not a problem.
 */
const CLAUSE_HEAD_NOUNS = new Set(["일", "문제", "때", "상황", "단계", "수준"]);

/**
 * Verbs of losing (and 막다, preventing): the noun they take (subject or object) is lost, which reverses it like
 * a negation (신뢰를 잃다, 믿음이 깨지다, 희망이 사라지다 are bad; 걱정이 사라지다, 재발을 막다 are good). The
 * verb keeps its own valence.
 */
const LOSS_VERBS: ReadonlyMap<string, string> = new Map([
  ["잃다", "what is lost"],
  ["잃어버리다", "what is lost"],
  ["깨지다", "what is lost"],
  ["무너지다", "what is lost"],
  ["무너뜨리다", "what is lost"],
  ["깨뜨리다", "what is lost"],
  ["저버리다", "what is lost"],
  ["사라지다", "what is lost"],
  // Preventing and avoiding reverse their object the same way: 재발을 막다 and 혼란을 피하다 are good news,
  // 성장을 막다 bad.
  ["막다", "what is prevented"],
  ["피하다", "what is avoided"],
  // Lessening too: 걱정을 덜다, 부담을 덜다 are relief; and easing, resolving, wearing away (불만이 누그러졌다,
  // 오해가 풀렸다 are good news, 신뢰를 깎아 먹었다 bad).
  ["덜다", "what is lessened"],
  // 불안이 줄었다 and 피해가 줄어들었다 are good news, 재미가 줄었다 bad.
  ["줄다", "what is reduced"],
  ["줄어들다", "what is reduced"],
  ["줄이다", "what is reduced"],
  // Forgetting too: 교훈을 잊었다 is bad news, 아픔을 잊었다 good.
  ["잊다", "what is forgotten"],
  ["날아가다", "what is lost"],
  ["누그러지다", "what eases"],
  ["풀리다", "what is resolved"],
  ["깎다", "what is worn away"],
  // Fixing and catching: 오류를 잡았다, 불길을 잡았다, 문제를 고쳤다 are good news (only a bad noun, below).
  ["잡다", "what is caught and fixed"],
  ["고치다", "what is fixed"],
  ["바로잡다", "what is put right"],
  // Filling: 손실을 메워줬다 makes the loss good (only a bad noun: 빈자리를 메웠다 is plain).
  ["메우다", "what is made good"],
  ["메꾸다", "what is made good"],
  // Left out: 재발 방지책이 빠져 있었다 is bad news, 거품이 빠졌다 good.
  ["빠지다", "what is left out"],
]);
/**
 * Loss verbs that reverse their noun only across a particle: kuromoji-ko reads the noun 피해 (damage) after
 * another noun as 피하/VV + 아 (장애 피해 접수 → "avoiding the outage"), while 혼란을 피했다 has its particle.
 */
const LOSS_VERBS_AFTER_PARTICLE = new Set(["피하다"]);
/**
 * Adjectives of fewness, read like 줄다: 혼란은 적었다 is good news, 재미가 적다 bad. 작다 ("small") was
 * tried too and cost 9 NSMC validation reviews (reviews call a film's scale small).
 */
const SMALL_ADJECTIVES = new Set(["적다"]);
/**
 * Nouns of remedy that do the same as verbs with 하다/시키다/되다 (우려를 불식시켰다, 불안을 해소했다, 접속 문제를
 * 해결했다, 혼란을 수습했다, 위기를 극복했다): their bad object is dealt with, so it reverses. Only across a
 * particle: 문제 해결 (no particle) is mostly a topic (문제 해결이 시급하다).
 */
const REMEDY_NOUNS: ReadonlyMap<string, string> = new Map([
  ["불식", "what is dispelled"],
  ["해소", "what is resolved"],
  ["해결", "what is solved"],
  ["수습", "what is brought under control"],
  ["극복", "what is overcome"],
  ["타개", "what is broken through"],
  ["만회", "what is made up for"],
  ["보전", "what is made good"],
]);
const REMEDY_SUFFIXES = new Set(["하다", "시키다", "되다"]);
/**
 * Verbs of easing and fixing reverse only a bad noun: 불만이 누그러졌다 is good, 마음이 풀렸다 stays good;
 * 오류를 잡았다 is good, 기회를 잡았다 stays good.
 */
const EASING_VERBS = new Set(["누그러지다", "풀리다", "잡다", "고치다", "바로잡다", "메우다", "메꾸다"]);
const POST_NEGATOR_LEMMAS = new Set(["않다", "못하다"]);
/** -기 어렵다 / -기 힘들다 ("hard to"): a loss or an avoidance that is hard to achieve did not happen. */
const HARD_LEMMAS = new Set(["어렵다", "힘들다"]);

/**
 * Predicates of occurring, of being found, and of size: negated, they deny their subject (사고는 일어나지 않았다,
 * 피해는 발생하지 않았다, 피해는 확인되지 않았다, 피해 신고는 접수되지 않았다; 피해는 크지 않았다, 불만이 많지
 * 않았다). 보고 is listed too, though kuromoji-ko mostly reads 보고되지 as 보다 + 고 + 되다.
 */
const OCCURRENCE_PREDICATES = new Set([
  "발생",
  "일어나다",
  "생기다",
  "크다",
  "많다",
  "보고",
  "확인",
  "발견",
  "접수",
]);

/** Light verbs whose negation negates the sentiment noun they carry (사과를 안 하다, 책임을 못 지다, 고장이 안 나다). */
const LIGHT_VERBS = new Set(["하다", "되다", "지다", "시키다", "있다", "내다", "드리다", "나다"]);

/**
 * VADER's "but" rule weights (0.5 before, 1.5 after) are the default; contrast.tsv gives each connective
 * its before-weight and the after-weight is 2 - before, so the total weight of a two-clause sentence stays 2.
 */
export const CONTRAST_TOTAL_WEIGHT = 2;

/**
 * 처음엔 … -는데 ("at first …, but"): the writer says the first clause is what they felt before, so even the
 * weak connectives (-는데, 0.75) weigh it as 'but' does (지만, 0.5). Ours: all 12 such dev sentences are
 * judged by their later clause (처음엔 화났는데 보상안 보니까 나쁘지 않네요).
 */
export const FIRST_THEN_BEFORE_WEIGHT = 0.5;

/**
 * Rhetorical questions in comments (이게 말이 되냐?, 책임질 순 없느냐) are criticism. Ours, measured on our own
 * outage-comment test sentences: a fixed push of -1.2 (about one mildly negative word) plus flipping any
 * positive term in the question with the negation scalar (잘한다고 할 수 있나? asserts the opposite).
 */
export const RHETORICAL_QUESTION_VALENCE = -1.2;

/** A genuine question asserts nothing: positive words in it count half (언제 복구되나요?). Ours. */
export const GENUINE_QUESTION_POSITIVE_WEIGHT = 0.5;

/** Words that turn a question rhetorical (why, how on earth, who, what kind of, is this …; also 아직도, "still"). */
const RHETORICAL_CUES = new Set([
  "왜",
  "도대체",
  "대체",
  "과연",
  "어떻게",
  "누가",
  "누구",
  "무슨",
  "어찌",
  "뭐",
  "언제까지",
]);

/**
 * 안 되다 / 못 하다 with no rated word before them (카톡 안 됨, 결제가 안 된다, 결제를 못 했다): in outage
 * comments the service or the user's errand does not work. Ours: a mildly negative word.
 */
export const NOT_WORKING_VALENCE = -1.0;

/**
 * Expressive tokens of contempt: praise beside them is irony. Only ㅉㅉ (tsk tsk). Not ㅋㅋ (laughter, also
 * ridicule) or ㅠㅠ; not curses (ㅅㅂ, ㅆㅂ), which intensify praise as often as scorn (ㅆㅂ 진짜 재밌다); and
 * not ㅡㅡ, which NSMC reviewers aim at other raters (재밌는데 평점이 왜 이래ㅡㅡ): counting it cost lexicon-only
 * NSMC validation 0.0002.
 */
const CONTEMPT_TOKENS = new Set(["ㅉㅉ"]);
/**
 * -다던데 / -라던데 / -다고 하던데 / -다는데: what the writer heard, which a question after it checks (…라던데
 * 맞나요?). A plain -던데 is the writer's own observation (표정은 담담하던데 그게 반성 맞나요?).
 */
const HEARD_THAT = /([다라]던데|[다라]는데|[다라]고\s*하던데)/;

/** Laughter tokens: mocked praise (MOCKED_PRAISE) beside one of them and a clear fault is irony. */
const LAUGHTER_TOKENS = new Set(["ㅋㅋ", "ㅎㅎ"]);

/**
 * Praise that comment writers repeat or draw out to mock (잘한다 잘해, 대단하다 대단해, 참 잘~한다). Only these:
 * reviewers repeat 최고 or 재밌다 and mean it.
 */
const MOCKED_PRAISE = new Set(["대단", "잘+하다", "훌륭", "장하다", "장+하다"]);
const NOT_WORKING = new Map([
  ["안", "되다"],
  ["못", "하다"],
]);

/**
 * 별로 ("not particularly") is a dampener before a predicate (별로 좋지 않다) but a verdict on its own: 별로다,
 * 별로예요, 생각보다 별로 mean "not good". Ours: about 아쉽다's strength in the derived lexicon (-1.0) plus a
 * half, because as a whole-sentence verdict it carries the judgement alone.
 */
export const BYEOLLO_VERDICT_VALENCE = -1.5;

/** VADER: each "!" adds 0.292 in the direction of the sum, at most 4 of them. */
export const EXCLAMATION_INCREMENT = 0.292;
export const MAX_EXCLAMATIONS = 4;

/** VADER: 2–3 "?" add 0.18 each, more add 0.96 — in the direction of the sum. */
export const QUESTION_MARK_INCREMENT = 0.18;
export const QUESTION_MARK_CAP = 0.96;

/**
 * Ours: ㅋㅋ or ㅡㅡ after a negative sentence strengthens it (ridicule), by this fraction of the rest of the
 * sentence's sum, once per segment. 0.2 keeps a lone ㅋㅋ from outweighing the words.
 */
export const EXPRESSIVE_NEGATIVE_AMPLIFIER = 0.2;

/** Weight of a sentence with no sentiment terms in a document mean (scoreDocument). Ours: news bodies are
 * mostly factual sentences; with weight 1 they would drown the few sentences that carry the judgement. */
export const NEUTRAL_SENTENCE_WEIGHT = 0.25;

/** What a sentiment noun counts for when it only names a topic (news-roles.tsv topic heads). Ours: nothing. */
export const TOPIC_MODIFIER_WEIGHT = 0;

/** What an event noun counts for in a reported fact with no word of judgement. Ours: nothing. */
export const REPORTED_EVENT_WEIGHT = 0;

/**
 * In a reported fact, a word no stronger than this that no rule touched is not a judgement either (회사는
 * 인프라에 투자하겠다고 발표했다: 투자 +0.3; 안내가 필요하다고 전했다: 필요 +0.68). Ours: on the 1008 dev
 * sentences 0.5 / 0.7 / 1.0 / 1.5 gained 3 / 4 / 8 / 8 (hybrid) and 4 / 6 / 15 / 14 (lexicon only), alike on
 * the first 648 and the last 360; NSMC validation unchanged.
 */
export const REPORTED_WEAK_WORD_LIMIT = 1.0;

/**
 * A measured change (news-roles.tsv `measure`: 하락, 오르다, 줄다) records a number when a figure stands this
 * many words or fewer before it (주가는 1.2% 하락했다, 장 초반 3% 넘게 급락했다, 오전 7시부터 사이트 접속이
 * 지연됐다): the clause is then a reported fact. Ours: windows 3 / 4 / 5 gave 2066 / 2067 / 2068 of the 2446
 * dev sentences and 236 / 237 / 237 of batch I's 300; 4 leaves room for the figure, its unit and a place.
 */
export const MEASURE_FIGURE_WINDOW_WORDS = 4;

interface Item {
  entry: LexiconEntry;
  indexes: number[];
  start: number;
  end: number;
  firstWord: number;
  lastWord: number;
  valence: number;
  rules: string[];
  negations: number;
  /** How many of `negations` a negator made: 안/못 before the predicate, -지 않다/못하다/말다 after it. */
  negatorNegations: number;
  /** Which structural rules shaped this item (the *_EVIDENCE bits below). */
  evidence: number;
}

/**
 * Which rules fired, as bits in SentimentScore.evidence: the hybrid (hybrid.ts) weighs the rules' reading by
 * them, since the n-gram model cannot see what they saw. NEGATION_EVIDENCE: a term was negated.
 * OTHER_EVIDENCE: a contrast weighted a term, or a rhetorical question turned praise around.
 * FACT_EVIDENCE: a plain report, a named topic or a question that asks. PLEDGE_EVIDENCE: a pledge in its own voice.
 */
export const NEGATION_EVIDENCE = 1;
export const OTHER_EVIDENCE = 2;
export const FACT_EVIDENCE = 4;
export const PLEDGE_EVIDENCE = 8;

export function normalizeScore(sum: number): number {
  if (sum === 0) return 0;
  const c = sum / Math.sqrt(sum * sum + NORMALIZE_ALPHA);
  return Math.max(-1, Math.min(1, c));
}

export function labelFor(compound: number): SentimentLabel {
  if (compound >= POSITIVE_THRESHOLD) return "pos";
  if (compound <= NEGATIVE_THRESHOLD) return "neg";
  return "neu";
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;

/** Words (eojeols) of the text as written, aligned with Morpheme.word when the counts agree. */
function wordSurfaces(text: string, ms: Morpheme[]): string[] | undefined {
  const words = text.trim().split(/\s+/).filter(Boolean);
  const last = ms[ms.length - 1];
  return last && last.word === words.length - 1 ? words : undefined;
}

const SEGMENT_END = /^[.!?…。？！]+$/;

/**
 * Whether word `w` ends in a comma or a list mark (먹통, 아닌가, 인상·): kuromoji-ko drops these, so the rules
 * that must not read across one look at the word as written (`words`, from wordSurfaces).
 */
function endsInComma(words: string[] | undefined, w: number): boolean {
  return /[,，、·]$/.test(words?.[w] ?? "");
}

/** Whether `i` is the point of a decimal number (21.3%: kuromoji-ko reads 21/SN ./SF 3/SN), inside its word. */
function decimalPointAt(ms: Morpheme[], i: number): boolean {
  const m = ms[i]!;
  const before = ms[i - 1];
  const after = ms[i + 1];
  return (
    m.surface === "." &&
    before?.tag === "SN" &&
    after?.tag === "SN" &&
    before.word === m.word &&
    after.word === m.word
  );
}

/** Segments: morpheme index ranges ending at sentence-final punctuation (not at a decimal point). */
function segmentsOf(ms: Morpheme[]): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let start = 0;
  for (let i = 0; i < ms.length; i++) {
    const m = ms[i]!;
    if (decimalPointAt(ms, i)) continue;
    if (m.tag === "SF" || SEGMENT_END.test(m.surface)) {
      // A run of punctuation stays with its segment (?!, ...).
      while (i + 1 < ms.length && (ms[i + 1]!.tag === "SF" || SEGMENT_END.test(ms[i + 1]!.surface))) i++;
      out.push([start, i]);
      start = i + 1;
    }
  }
  if (start < ms.length) out.push([start, ms.length - 1]);
  return out;
}

/**
 * A question whose last predicate is the negator 아니다 or -지 않다 (훌륭한 거 아닌가요?, 너무 늦지 않았나?)
 * asserts what it negates: the speaker expects "yes, it is". Such a negation is not applied, and the
 * question is an assertion rather than a rhetorical attack or a genuine question. 죠/지요 are left out:
 * 좋지 않죠 agrees that it is not good. Returns whether the negator at `k` ends such a question.
 */
function endsNegativeQuestion(ms: Morpheme[], k: number, words?: string[]): boolean {
  const m = ms[k]!;
  if (!((m.tag === "VCN" && m.lemma === "아니다") || (m.tag === "VX" && m.lemma === "않다"))) return false;
  let tail = "";
  let j = k + 1;
  while (j < ms.length && ms[j]!.tag.startsWith("E")) tail += ms[j++]!.surface;
  // X 아니냐는 의심 / 지적 ("the suspicion that it is X"): a negative question reported, which asserts X.
  if (m.tag === "VCN" && /^(이)?냐(는|고)$/.test(tail)) return true;
  let mark = false;
  while (j < ms.length && (ms[j]!.tag === "SF" || SEGMENT_END.test(ms[j]!.surface))) {
    if (/[?？]/.test(ms[j]!.surface)) mark = true;
    j++;
  }
  // Only endings and the segment's final punctuation may follow the negator, or a comma, which kuromoji-ko
  // drops (꼬리 자르기 아닌가, 진짜 책임자는 따로 있잖아).
  const comma = ms[j]?.word !== m.word && endsInComma(words, m.word);
  if (j < ms.length && ms[j - 1]!.tag !== "SF" && !SEGMENT_END.test(ms[j - 1]!.surface) && !comma)
    return false;
  if (/(죠|지요)$/.test(tail)) return false;
  // -아야 하지 않나 / -아야 하는 거 아닌가 ("shouldn't they …?") demands what was not done: criticism, left
  // to the question rules.
  let b = beforeParticles(ms, k - 1);
  const before =
    m.tag === "VX"
      ? ms[b]?.lemma === "지"
      : BOUND_NOUN_SURFACES.has(ms[b]?.surface ?? "") && ms[--b]?.tag === "ETM";
  if (before && ms[b - 1]?.lemma === "하다" && /야$/.test(ms[b - 2]?.surface ?? "")) return false;
  return mark || NEGATIVE_QUESTION_ENDING.test(tail);
}

/**
 * Question endings after 아니/않 (아닌가, 아니냐, 않나요, 않습니까, 않은가, 않니). Not -ㄹ까: 내놨어야 하지 않을까요
 * is a demand, and 좋지 않을까 a guess.
 */
const NEGATIVE_QUESTION_ENDING = /(ㄴ가|는가|은가|냐|느냐|나|나요|가요|니|ㅂ니까|습니까|니까)$/;

function findItems(ms: Morpheme[], lex: Lexicons): { items: Item[]; consumed: Set<number> } {
  const items: Item[] = [];
  const consumed = new Set<number>();
  for (let i = 0; i < ms.length; i++) {
    if (consumed.has(i)) continue;
    const match = matchSentiment(lex, ms, i);
    if (!match) continue;
    for (const ix of match.indexes) consumed.add(ix);
    if (match.entry.valence === 0) continue; // a deliberate neutral: blocks shorter matches, scores nothing
    const end = match.indexes[match.indexes.length - 1]!;
    items.push({
      entry: match.entry,
      indexes: match.indexes,
      start: i,
      end,
      firstWord: ms[i]!.word,
      lastWord: ms[end]!.word,
      valence: match.entry.valence,
      rules: [],
      negations: 0,
      negatorNegations: 0,
      evidence: 0,
    });
  }
  return { items, consumed };
}

/** Nouns counting days (사흘째, 며칠): after an event noun they say how long it lasts (applyTopicModifiers). */
const DURATION_NOUNS = new Set([
  "하루",
  "이틀",
  "사흘",
  "나흘",
  "닷새",
  "엿새",
  "이레",
  "열흘",
  "며칠",
  "보름",
]);

/**
 * Tags that open a news desk's headline ([속보], [단독], [종합], [2보], [마감시황] …), as Korean news sites print
 * them. Opinion tags ([사설], [칼럼], [기자수첩], [시론]) are left out on purpose: those pieces judge. In the
 * outage sentences we wrote, 23 of 28 headlines with a news tag were labelled neutral; the scorer read 16 of
 * them as judgements.
 */
export function isNewsHeadline(text: string): boolean {
  return NEWS_HEADLINE_TAG.test(text);
}

const NEWS_HEADLINE_TAG =
  /^\s*[[［](속보|단독|종합|\d보|전문|시황|마감시황|특징주|이슈|현장|르포|포토|영상|인터뷰|공시|브리핑)[\]］]/;

/**
 * Bound nouns of time after an event noun (장애 중, 먹통 동안; 시 "when, in case of": 재발 시 자동 전환): 때문
 * (cause) is not one.
 */
const TIME_FRAME_NOUNS = new Set(["중", "동안", "당시", "직후", "시"]);

/** Particles a procedural head may follow a noun across: 와/과 (JKB, JC), 에 (JKB), 을/를 (JKO). */
const TOPIC_PARTICLES = new Set(["JKB", "JC", "JKO"]);

/**
 * A sentiment noun right before a procedural head noun names a topic, it does not judge (장애 관련 문의, 장애
 * 경위를 설명했다, 화재 원인 조사, 사고 현황 점검): news reports are full of them, and in the outage sentences we
 * wrote they made plain facts read negative. The heads are news-roles.tsv's `topic-head` rows.
 */
function applyTopicModifiers(
  ms: Morpheme[],
  items: Item[],
  news: NewsRoles,
  words: string[] | undefined,
): void {
  for (const it of items) {
    if (it.indexes.length !== 1 || ms[it.end]!.tag !== "NNG") continue;
    // Across a particle only a procedural head counts (이번 사태와 관련해, 장애에 대비해, 피해를 신고했다).
    const particle = TOPIC_PARTICLES.has(ms[it.end + 1]?.tag ?? "") ? ms[it.end + 1] : undefined;
    if (particle) {
      const head = ms[it.end + 2];
      if (head?.tag !== "NNG" || head.word !== particle.word + 1 || !news.topicHeads.has(head.lemma))
        continue;
      judgesNothing(
        it,
        TOPIC_MODIFIER_WEIGHT,
        `names a topic (${ms[it.end]!.surface}${particle.surface} ${head.surface}) ×${TOPIC_MODIFIER_WEIGHT}`,
      );
      continue;
    }
    const head = ms[it.end + 1];
    // An event as the time of something else (장애 중에도 안내는 이어졌다, 먹통 동안): a frame, not a judgement.
    if (head?.tag === "NNB" && TIME_FRAME_NOUNS.has(head.lemma) && isEventNoun(news.events, ms, it)) {
      judgesNothing(
        it,
        TOPIC_MODIFIER_WEIGHT,
        `the time of something else (${ms[it.end]!.surface} ${head.surface}) ×0`,
      );
      continue;
    }
    // A noun, however kuromoji-ko tags it: NNP (피해 이용자/NNP) or a prefix before one (피해 소/XPN 상공인).
    const nounHead =
      head?.tag === "NNG" ||
      head?.tag === "NNP" ||
      (head?.tag === "XPN" && ms[it.end + 2]?.tag === "NNG" && ms[it.end + 2]!.word === head.word);
    if (!head || !nounHead || head.word - ms[it.end]!.word > 1) continue;
    // 사과 한마디 없다: 한마디 counts the noun, it does not name a topic.
    if (isOneWordAt(ms, it.end + 1)) continue;
    // kuromoji-ko drops a comma: 반복되는 먹통, 사과로 끝낼 일 is a list, not 먹통 modifying 사과.
    if (head.word !== ms[it.end]!.word && endsInComma(words, ms[it.end]!.word)) continue;
    // Any noun after one of the crisis's event nouns makes it a modifier of that noun (피해 규모, 장애 시간,
    // 피해 소상공인, 사고 이전 수준): it names which one, as the procedural heads do for any noun.
    if (!news.topicHeads.has(head.lemma) && !isEventNoun(news.events, ms, it)) continue;
    // A count of days says how long it has lasted, not which one (먹통 사흘째인데, 장애 3일째): the event stands.
    if (DURATION_NOUNS.has(head.lemma) || ms[it.end + 2]?.lemma === "째") continue;
    judgesNothing(
      it,
      TOPIC_MODIFIER_WEIGHT,
      `names a topic (${ms[it.end]!.surface} ${head.surface}) ×${TOPIC_MODIFIER_WEIGHT}`,
    );
  }
}

/** An item that states or asks about something rather than judging it: weighed by `weight` (0), marked a fact. */
function judgesNothing(it: Item, weight: number, rule: string): void {
  it.valence *= weight;
  it.rules.push(rule);
  it.evidence |= FACT_EVIDENCE;
}

function applyBoosters(ms: Morpheme[], items: Item[], lex: Lexicons, words: string[] | undefined): void {
  if (items.length === 0) return;
  const inItem = new Uint8Array(ms.length);
  for (const it of items) for (const ix of it.indexes) inItem[ix] = 1;
  for (const item of items) {
    // Each word is looked up whole once: the window walks back, so a word is new when its number drops.
    let lastWord = -1;
    for (let j = item.start - 1; j >= 0; j--) {
      const m = ms[j]!;
      const distance = item.firstWord - m.word;
      if (distance >= MODIFIER_WINDOW_WORDS || inItem[j] === 1 || m.tag === "SF") break;
      let surface: string | undefined;
      if (words && m.word !== lastWord) {
        lastWord = m.word;
        surface = words[m.word];
      }
      const mod = matchModifier(lex.boosters, m, surface) ?? matchModifier(lex.dampeners, m, surface);
      if (!mod) continue;
      const scale = BOOSTER_DISTANCE_DECAY[distance] ?? 0.9;
      const delta = mod.valence * scale * Math.sign(item.valence);
      item.valence += delta;
      item.rules.push(`${mod.valence > 0 ? "boosted" : "dampened"} by ${mod.term}`);
    }
  }
}

/** `byNegator`: the negation is 안/못 or -지 않다/못하다/말다's, not a prefix's, a pretence's or a verb's. */
function negate(item: Item, scalar: number, how: string, byNegator = false): void {
  item.valence *= scalar;
  item.negations++;
  if (byNegator) item.negatorNegations++;
  item.rules.push(`negated by ${how}`);
  item.evidence |= NEGATION_EVIDENCE;
}

/**
 * Nouns that, written after one of these nouns in the same word, end a compound with a sense of their own: 망
 * is a network there (통신망, 전송망, 내부망), not the slang 망 ("ruined") that reviews rated -3.3 (개망,
 * 스토리망 stay slang, so the first halves are listed).
 */
const COMPOUND_TAIL_SENSES = new Map([
  [
    "망",
    {
      sense: "a network",
      heads: new Set(
        "통신 전송 전산 인터넷 내부 외부 유선 무선 이동 철도 교통 도로 유통 판매 배송 물류 폐쇄 백본 광 행정 공공 업무 전력 송전 정보 연락 지하철 가스 방송 금융 결제 보안 감시 데이터 네트워크 서비스".split(
          " ",
        ),
      ),
    },
  ],
]);

/** An item that is such a compound tail (COMPOUND_TAIL_SENSES) judges nothing. */
function applyCompoundTails(ms: Morpheme[], items: Item[]): void {
  for (const it of items) {
    const tail = it.indexes.length === 1 ? COMPOUND_TAIL_SENSES.get(ms[it.start]!.lemma) : undefined;
    const before = ms[it.start - 1];
    if (
      !tail ||
      ms[it.start]!.tag !== "NNG" ||
      before?.word !== ms[it.start]!.word ||
      !tail.heads.has(before.lemma)
    )
      continue;
    judgesNothing(it, 0, `${tail.sense} (${before.surface}${ms[it.start]!.surface}) ×0`);
  }
}

/**
 * 탓 after a noun modifier and before 에/으로 is a connective of cause (데이터망을 쓰는 탓에 결제가 지연됐다,
 * 수요가 몰린 탓으로): the clause it joins says what went wrong. It is blame only as a noun of its own (남 탓,
 * 외부 탓만 한다, 누구 탓이냐).
 */
function applyCausalTat(ms: Morpheme[], items: Item[]): void {
  for (const it of items) {
    const m = ms[it.start]!;
    if (it.indexes.length !== 1 || m.lemma !== "탓" || ms[it.start - 1]?.tag !== "ETM") continue;
    const after = ms[it.start + 1];
    if (after?.tag !== "JKB" || (after.surface !== "에" && after.surface !== "으로")) continue;
    judgesNothing(it, 0, `a cause (${ms[it.start - 1]!.surface} ${m.surface}${after.surface}) ×0`);
  }
}

/** The morpheme index after an item's predicate suffixes (XSV/XSA: 버벅+거리, 친절+하) and a nominal -기. */
function afterStem(ms: Morpheme[], it: Item): number {
  let p = it.end + 1;
  while (ms[p]?.tag === "XSV" || ms[p]?.tag === "XSA") p++;
  if (ms[p]?.tag === "ETN" && ms[p]!.surface === "기") p++;
  return p;
}

/**
 * The lexicon's -ㄹ 만하다 ("worth doing"), as kuromoji-ko reads it: 만/NNB + 하다/XSA, 만/JX + 하다/VV (before a
 * full stop), or 만하다/VX.
 */
const WORTH_TERMS = new Set(["만+하다", "만하다"]);
/** Verbs that carry a noun's judgement to -ㄹ 만하다 besides the light verbs (비판받을 만하다, 욕 들을 만하다). */
const WORTH_LIGHT_VERBS = new Set(["받다", "당하다", "듣다", "사다"]);
/** Verbs that carry a noun's judgement to an -ㄹ ending (욕 먹을 이유 없다, 비판 받을 리가 없다). */
const CARRIER_VERBS = new Set([...WORTH_LIGHT_VERBS, "먹다"]);

/** Verbs (or nouns with 하다) that report a question as a retort or a protest, not as a request. */
const RETORT_VERBS = new Set([
  "따지다",
  "반문",
  "항의",
  "꼬집다",
  "지적",
  "비판",
  "질타",
  "되묻다",
  "쏘아붙이다",
]);

/**
 * The index of a quoted question's ending right before a verb of retort in [from, to], or -1: -냐고 (알리지
 * 않았느냐고 항의했다), or -냐 with the quotation closed and the particle 고 ("말이 되느냐"고 따졌다).
 */
function retortAt(ms: Morpheme[], from: number, to: number): number {
  for (let k = from; k < to; k++) {
    const m = ms[k]!;
    if (!m.tag.startsWith("E") || !/냐(고)?$/.test(m.surface)) continue;
    let v = k + 1;
    if (!m.surface.endsWith("고")) {
      while (v < to && isQuoteMark(ms[v]!)) v++;
      if (ms[v]?.tag !== "JKQ") continue;
      v++;
    }
    if (v <= to && RETORT_VERBS.has(ms[v]!.lemma)) return k;
  }
  return -1;
}

/** A retort reported or -면 뭐해 in [from, to]: where it is and the rule text, or null. */
function turnedQuestionAt(ms: Morpheme[], from: number, to: number): { at: number; why: string } | null {
  const retort = retortAt(ms, from, to);
  if (retort >= 0) return { at: retort, why: `a retort reported (-${ms[retort]!.surface})` };
  const whatUse = whatUseAt(ms, from, to);
  if (whatUse >= 0) return { at: whatUse, why: "what's the use (-면 뭐해)" };
  return null;
}

/** The index of 뭐 in -면 뭐해 / 뭐함 / 뭐하나 ("what's the use if …") in [from, to], or -1. */
function whatUseAt(ms: Morpheme[], from: number, to: number): number {
  for (let k = from + 1; k < to; k++) {
    if (ms[k]!.lemma === "뭐" && ms[k + 1]!.lemma === "하다" && isConditionalEnding(ms[k - 1])) return k;
  }
  return -1;
}

/**
 * Whether the negator at `k` negates a condition: -지 않으면 (않다 + 으면), or 안/못 before a predicate whose word
 * ends in -면 (안 보이면, 못 받으면).
 */
function negatesCondition(ms: Morpheme[], k: number): boolean {
  if (ms[k]!.tag !== "MAG") return isConditionalEnding(ms[k + 1]);
  return ms[k + 1] !== undefined && isConditionalEnding(ms[wordEnd(ms, k + 1)]);
}

/** The conditional ending -면/-으면 (안 보이면, 이러면, 했으면). */
function isConditionalEnding(m: Morpheme | undefined): boolean {
  return m?.tag === "EC" && (m.surface === "면" || m.surface === "으면");
}

/** The prospective adnominal ending -ㄹ/-을 (평가할 만하다, 회복될 때까지, 걱정할 필요 없다). */
function isProspectiveEnding(m: Morpheme | undefined): boolean {
  return m?.tag === "ETM" && (m.surface === "ㄹ" || m.surface === "을");
}

/** Whether the item's word ends in -ㄹ/-을 before 때까지 ("until"). */
function untilAfter(ms: Morpheme[], it: Item): boolean {
  const word = ms[it.end]!.word;
  let q = it.end + 1;
  while (ms[q] && ms[q]!.word === word && ms[q]!.tag !== "ETM") q++;
  const ending = ms[q];
  if (ending?.word !== word || !isProspectiveEnding(ending)) return false;
  return ms[q + 1]?.lemma === "때" && ms[q + 2]?.surface === "까지" && ms[q + 2]!.word === ms[q + 1]!.word;
}

/** What -는 거지 ("so that's what they are doing") counts for: a mild accusation (about 그냥's -0.5 and more). */
export const SO_THATS_IT_VALENCE = -0.8;

/** Adverbs that make -ㄴ 적 없다 a superlative (이렇게 실망한 적은 없었다). */
const SO_MUCH = new Set(["이렇게", "이토록", "이만큼", "이처럼", "그렇게", "그토록"]);

/**
 * The index of 없다 when the -ㄴ/-은/-던 ending at `e` begins -ㄴ 적(이/은) 없다, or -1. kuromoji-ko reads 적 as
 * 적/NNB, 적/XSN (then 이/VCP) or 적다/VA (then 은/ETM: 실망한 적은 없었다).
 */
function neverAt(ms: Morpheme[], e: number): number {
  const ending = ms[e];
  if (
    ending?.tag !== "ETM" ||
    !(ending.surface === "ㄴ" || ending.surface === "은" || ending.surface === "던")
  )
    return -1;
  const jeok = ms[e + 1];
  if (!(jeok?.lemma === "적" || (jeok?.lemma === "적다" && jeok.surface === "적"))) return -1;
  let q = e + 2;
  while (ms[q] && (ms[q]!.tag.startsWith("J") || ms[q]!.tag === "VCP" || ms[q]!.surface === "은")) q++;
  return ms[q]?.lemma === "없다" && ms[q]!.word <= jeok.word + 1 ? q : -1;
}

/** Topic particles a dismissed word takes (혁신은 무슨, 비싸긴 무슨, 망하기는 개뿔). */
const DISMISSAL_PARTICLES = new Set(["은", "는", "ㄴ", "이란", "란"]);

/**
 * Constructions that turn, strengthen or empty a word, each with its own shape:
 * - dismissal: X는 무슨 (ending its clause), X는 개뿔 ("X, my foot": 혁신은 무슨) negates a good X; a bad X
 *   dismissed is mostly an excuse rejected (비극은 무슨, 인재지), so it counts for nothing;
 * - X는커녕 ("far from X": 보상은커녕, 불편은커녕) negates X, the clause after it says the rest;
 * - -ㄹ 리가 없다 / -ㄹ 턱이 없다 ("cannot be": 버벅거릴 리가 없다) negates the predicate, and its 없다 negates
 *   nothing else;
 * - -기 짝이 없다 / -기 그지없다 / -기 이를 데 없다 ("no end to it": 친절하기 짝이 없었다) strengthens the
 *   predicate, and its 없다 negates nothing;
 * - 말도 안 되게 before a predicate ("unbelievably": 말도 안 되게 싸다) is an intensifier, not a complaint: it
 *   counts for nothing, and the predicate says which way;
 * - -었으면 좋았을 텐데 is a regret: its 좋다 praises nothing, and the good words it wished for were not so
 *   (더 빨랐으면 좋았을 텐데). A wish (-었으면 좋겠다) keeps its 좋다: our sentences with one were mostly hopeful.
 */
function applyConstructions(
  ms: Morpheme[],
  items: Item[],
  consumed: Set<number>,
  words: string[] | undefined,
): void {
  for (const it of items) {
    // -는 거지 / -ㄴ 거지 ("so that's what they are doing") is 것 + 이지, which kuromoji-ko reads as 거지
    // ("beggar", rated -2.22 from reviews' 거지같다). In comments it mostly accuses (시간 끄는 거지, 고객을 호구로
    // 보는 거지): a mild negative, not an insult.
    if (it.entry.term === "거지" && ms[it.start - 1]?.tag === "ETM") {
      it.valence = SO_THATS_IT_VALENCE;
      it.rules.push("-는 거지 (것 + 이지): an accusation, not 'beggar'");
      continue;
    }
    const p = afterStem(ms, it);
    const particle = ms[p];
    const next = ms[p + 1];
    if (particle?.tag === "JX" && particle.surface.endsWith("커녕")) {
      negate(it, DEFAULT_NEGATION_SCALAR, `far from (${particle.surface})`);
      continue;
    }
    if (particle?.tag === "JX" && DISMISSAL_PARTICLES.has(particle.surface) && next) {
      const whatEnd =
        next.tag === "MM" &&
        next.lemma === "무슨" &&
        (ms[p + 2] === undefined || ms[p + 2]!.tag.startsWith("S") || endsInComma(words, next.word));
      const myFoot = next.lemma === "개" && ms[p + 2]?.lemma === "뿔" && ms[p + 2]!.word === next.word;
      if (whatEnd || myFoot) {
        const how = `${particle.surface} ${myFoot ? "개뿔" : "무슨"}`;
        // A bad word dismissed is mostly an excuse rejected (비극은 무슨, 인재지): it judges nothing either way.
        if (it.valence < 0) judgesNothing(it, 0, `dismissed (${how}) ×0`);
        else negate(it, DEFAULT_NEGATION_SCALAR, `dismissed (${how})`);
        const horn = myFoot ? items.find((o) => o.start === p + 2) : undefined;
        if (horn) judgesNothing(horn, 0, "개뿔 (a dismissal) ×0");
        continue;
      }
    }
    // A noun's judgement carried by a verb (욕 먹을, 비판 받을) reaches the -ㄹ ending after that verb.
    const e =
      ms[p]?.tag === "VV" && CARRIER_VERBS.has(ms[p]!.lemma) && isNounItem(ms, it) && ms[p + 1]?.tag === "ETM"
        ? p + 1
        : p;
    const ending = ms[e];
    const after = ms[e + 1];
    if (ending && isProspectiveEnding(ending) && after) {
      // -ㄹ 리가 없다 (kuromoji-ko reads 리가 as one noun, or 리 + 가), -ㄹ 턱이 없다.
      let none = -1;
      if (after.surface === "리가" && ms[e + 2]?.lemma === "없다") none = e + 2;
      else if (
        (after.lemma === "리" || after.lemma === "턱") &&
        ms[e + 2]?.tag === "JKS" &&
        ms[e + 3]?.lemma === "없다"
      )
        none = e + 3;
      if (none > 0) {
        negate(it, DEFAULT_NEGATION_SCALAR, `cannot be (-${ending.surface} ${after.surface} 없다)`);
        consumed.add(none);
        continue;
      }
      // -ㄹ 필요(가) 없다 ("no need to": 걱정할 필요 없다, 기대할 필요 없다) and -ㄹ 이유(가) 없다 ("no reason
      // to": 욕 먹을 이유 없다) negate the predicate. After a bad one they reassure, so 필요 없다 ("needless")
      // then judges nothing.
      const needless =
        (after.lemma === "필요" || after.lemma === "이유") &&
        (ms[e + 2]?.lemma === "없다" || (ms[e + 2]?.tag === "JKS" && ms[e + 3]?.lemma === "없다"));
      if (needless) {
        const bad = it.valence < 0;
        negate(it, DEFAULT_NEGATION_SCALAR, `no need to (-ㄹ ${after.lemma} 없다)`);
        const need = items.find((o) => o.start === e + 1);
        if (bad && need) judgesNothing(need, 0, "no need to worry (-ㄹ 필요 없다) ×0");
        continue;
      }
    }
    // -ㄴ 적(이) 없다 ("never": 불편한 적 없다, 문제가 된 적은 없다) negates the predicate, and its 없다
    // negates nothing else; after 이렇게/이토록 ("never this disappointed") it is a superlative.
    const never = neverAt(ms, e);
    if (never > 0) {
      if (SO_MUCH.has(ms[it.start - 1]?.lemma ?? "")) {
        it.valence *= NO_END_BOOST;
        it.rules.push("boosted by -ㄴ 적 없다 after 이렇게 (never so much)");
      } else negate(it, DEFAULT_NEGATION_SCALAR, "never (-ㄴ 적 없다)");
      consumed.add(never);
      continue;
    }
    // -ㄹ 때까지 ("until": 주가가 회복될 때까지, 정상화될 때까지) names a state not yet reached: the pledge or
    // the wait around it says which way the sentence goes, not this word.
    if (untilAfter(ms, it)) {
      judgesNothing(it, 0, "until (-ㄹ 때까지): not yet so ×0");
      continue;
    }
    // -ㄹ 만하다 ("worth doing": 평가할 만하다) is itself a mild good word; after a rated predicate it only
    // strengthens that predicate (칭찬할 만하다, 욕먹을 만하다).
    if (WORTH_TERMS.has(it.entry.term)) {
      // 만/JX + 하다/VV is "only do" (사과만 하고) unless an -ㄹ ending comes first (평가할 만하다.).
      if (ms[it.start]!.tag === "JX" && !isProspectiveEnding(ms[it.start - 1])) {
        judgesNothing(it, 0, "만 (only), not -ㄹ 만하다 ×0");
        continue;
      }
      let q = it.start - 1;
      while (q >= 0 && (ms[q]!.tag === "ETM" || ms[q]!.tag === "XSV" || ms[q]!.tag === "XSA")) q--;
      // Through a light verb to its noun: 비판(을) 받을 만하다, 욕 들을 만하다.
      const carrier = ms[q]?.lemma ?? "";
      if (!items.some((o) => o.end === q) && (LIGHT_VERBS.has(carrier) || WORTH_LIGHT_VERBS.has(carrier))) {
        q--;
        while (q >= 0 && ms[q]!.tag.startsWith("J")) q--;
      }
      const rated = items.find((o) => o !== it && o.end === q && o.valence !== 0);
      if (rated) {
        rated.valence *= NO_END_BOOST;
        rated.rules.push(`boosted by -ㄹ 만하다 (worth it)`);
        judgesNothing(it, 0, "strengthens the predicate before it ×0");
      }
      continue;
    }
    if (ms[p - 1]?.tag === "ETN" && ms[p - 1]!.surface === "기") {
      let none = -1;
      let name = "";
      if (particle?.lemma === "그지없다") [none, name] = [p, "그지없다"];
      else if (particle?.lemma === "짝" && next?.tag === "JKS" && ms[p + 2]?.lemma === "없다")
        [none, name] = [p + 2, "짝이 없다"];
      else if (particle?.lemma === "짝" && next?.lemma === "없다") [none, name] = [p + 1, "짝 없다"];
      else if (
        particle?.lemma === "이" &&
        next?.surface === "를" &&
        ms[p + 2]?.lemma === "데" &&
        ms[p + 3]?.lemma === "없다"
      )
        [none, name] = [p + 3, "이를 데 없다"];
      if (none > 0) {
        it.valence *= NO_END_BOOST;
        it.rules.push(`boosted by -기 ${name} (no end to it)`);
        consumed.add(none);
        continue;
      }
    }
    if (it.entry.term === "말+안+되다" && ms[it.end + 1]?.tag === "EC" && ms[it.end + 1]!.surface === "게") {
      judgesNothing(it, 0, "말도 안 되게 (unbelievably) ×0");
      continue;
    }
    const m = ms[it.start]!;
    if (m.lemma === "좋다" && it.indexes.length === 1 && isConditionalEnding(ms[it.start - 1])) {
      if (!isPastMarker(ms[it.start - 2])) continue;
      const regret =
        isPastMarker(ms[it.start + 1]) && ms[it.start + 2]?.tag === "ETM" && ms[it.start + 3]?.lemma === "터";
      if (!regret) continue;
      judgesNothing(it, 0, "a regret (-었으면 좋았을 텐데) ×0");
      for (const o of items)
        if (o !== it && o.end < it.start - 1 && o.lastWord >= m.word - 3 && o.valence > 0)
          negate(o, DEFAULT_NEGATION_SCALAR, "wished for in a regret (-었으면 좋았을 텐데)");
    }
  }
}

/**
 * A noun before 와/과 달리 ("contrary to") did not come true: 우려와 달리 이탈은 적었다 is good news, 기대와
 * 달리 실망스러웠다 bad.
 */
function applyContraryTo(ms: Morpheme[], items: Item[]): void {
  for (const it of items) {
    const particle = ms[it.end + 1];
    const unlike = ms[it.end + 2];
    if (!isNounItem(ms, it) || (particle?.surface !== "와" && particle?.surface !== "과")) continue;
    if (unlike?.surface !== "달리" || unlike.word !== particle.word + 1) continue;
    negate(it, DEFAULT_NEGATION_SCALAR, `${particle.surface} 달리 (contrary to)`);
  }
}

/** Endings of an embedded question: 적절했는지, 충분한 건지, 지켜질지 ("whether"). */
const EMBEDDED_QUESTION_ENDINGS = new Set(["는지", "은지", "ㄴ지", "을지", "던지", "ㄹ지"]);

/**
 * A word whose predicate ends in an embedded question (발언이 적절했는지를 두고 논쟁이 벌어졌다, 보상이 충분한
 * 건지 모르겠다) is asked about, not asserted: it judges nothing. Not after 얼마나 ("how very": 얼마나 불편했는지
 * 아느냐), which asserts.
 */
function applyEmbeddedQuestions(ms: Morpheme[], items: Item[]): void {
  for (const it of items) {
    if (it.valence === 0) continue;
    let p = it.end + 1;
    while (
      ms[p] &&
      (ms[p]!.tag === "XSV" ||
        ms[p]!.tag === "XSA" ||
        ms[p]!.tag === "EP" ||
        ms[p]!.tag === "VCP" ||
        ms[p]!.tag === "ETM" ||
        (ms[p]!.tag === "NNB" && (ms[p]!.lemma === "거" || ms[p]!.lemma === "것")))
    )
      p++;
    const ending = ms[p];
    if (ending?.tag !== "EC" || !EMBEDDED_QUESTION_ENDINGS.has(ending.surface)) continue;
    // ㄹ지 is also the -지 of a negation before a particle (좋지가 않다): only as an ending of its own.
    if (ending.surface === "ㄹ지" && (ms[p + 1]?.tag.startsWith("J") || ms[p + 1]?.tag === "VX")) continue;
    let how = false;
    for (let k = it.start - 1; k >= 0 && ms[k]!.word >= ms[it.start]!.word - 3 && !how; k--)
      how = ms[k]!.lemma === "얼마나";
    if (how) {
      // 얼마나 X-ㄴ지 모르다 ("you cannot think how X"): 모르다 adds the emphasis, not a judgement of its own.
      const dunno = items.find((o) => o.start === p + 1 && ms[o.start]!.lemma === "모르다");
      if (dunno) judgesNothing(dunno, 0, `얼마나 …${ending.surface} 모르다 (how very) ×0`);
      continue;
    }
    judgesNothing(it, 0, `asked about (${ending.surface}) ×0`);
  }
}

/** Nouns of pretence: a good thing done as a show (책임지는 척, 반성하는 시늉, 사과하는 흉내) is not done. */
const PRETENCE_NOUNS = new Set(["척", "체", "시늉", "흉내"]);
const PRETENCE_VERBS = new Set(["척하다", "체하다"]);

/**
 * A positive predicate before a noun of pretence (책임지는 척만 한다, 반성하는 시늉만 냈다) is negated: the
 * writer says it is put on. A negative one keeps its sign (아픈 척, 피해자인 척 is still blame).
 */
function applyPretence(ms: Morpheme[], items: Item[]): void {
  for (const it of items) {
    if (it.valence <= 0) continue;
    const p = afterStem(ms, it);
    const noun = ms[p + 1];
    // kuromoji-ko reads 척하다/체하다 as one auxiliary too (책임지는 척하면서).
    const pretence =
      noun !== undefined &&
      ((PRETENCE_NOUNS.has(noun.lemma) && noun.tag.startsWith("NN")) ||
        (noun.tag === "VX" && PRETENCE_VERBS.has(noun.lemma)));
    if (ms[p]?.tag !== "ETM" || !pretence) continue;
    negate(it, DEFAULT_NEGATION_SCALAR, `pretended (${ms[p]!.surface} ${noun.surface})`);
  }
}

/**
 * A positive noun under a negating prefix (불만족, 비호감, 무성의) is negated like 안 before a predicate. A
 * negative one keeps its sign: 무책임 is no less blame than 책임 in crisis news.
 */
function applyPrefixNegation(ms: Morpheme[], items: Item[], consumed: Set<number>): void {
  for (const item of items) {
    if (item.valence <= 0 || consumed.has(item.start - 1) || !prefixNegated(ms, item.start)) continue;
    negate(item, DEFAULT_NEGATION_SCALAR, `the prefix ${ms[item.start - 1]!.surface}-`);
  }
}

/** Applies the three Korean negation positions; returns whether any negator occurred (for question rules). */
function applyNegation(
  ms: Morpheme[],
  items: Item[],
  consumed: Set<number>,
  lex: Lexicons,
  extra: TermContribution[],
  words: string[] | undefined,
  notWorkingAt: Map<TermContribution, number>,
): boolean {
  let any = false;
  // X밖에 안/못/없다 ("nothing but X": 책임 회피로밖에 안 보인다, 사과밖에 안 했다) affirms X.
  const negateUnlessOnly = (it: Item, scalar: number, how: string, byNegator = false) => {
    if (onlyBefore(ms, it)) {
      it.rules.push(`only (밖에 with ${how})`);
      return;
    }
    negate(it, scalar, how, byNegator);
  };
  // Lookups by position instead of scans over every item: a long text with many negators was quadratic.
  // An item's words grow with its positions, so the nearest item is also the one with the latest word.
  // Built on first use: most texts have no negator.
  let byEnd: Item[] | undefined;
  let itemByEnd: Map<number, Item> | undefined;
  const itemEndingBefore = (k: number, minWord: number): Item | undefined => {
    byEnd ??= [...items].sort((a, b) => a.end - b.end);
    const best = byEnd[lastIndexWhere(byEnd, (it) => it.end < k)];
    return best && best.lastWord >= minWord ? best : undefined;
  };
  for (let k = 0; k < ms.length; k++) {
    const m = ms[k]!;
    // A verb of losing may itself be a lexicon term (잃다, 깨지다): checked before the consumed positions.
    const remedy =
      m.tag === "NNG" &&
      REMEDY_NOUNS.has(m.lemma) &&
      (ms[k + 1]?.tag === "XSV" || ms[k + 1]?.tag === "XSA") &&
      REMEDY_SUFFIXES.has(ms[k + 1]!.lemma);
    if (remedy) {
      // v: the predicate (the suffix), where the negation of the remedy would sit (해결하지 못했다).
      const v = k + 1;
      const target = itemEndingBefore(k, m.word - 1);
      const gap = target ? ms.slice(target.end + 1, k) : [];
      if (
        !reversalDenied(ms, k, v) &&
        target &&
        target.valence < 0 &&
        target.negations === 0 &&
        isNounItem(ms, target) &&
        gap.length > 0 &&
        gap.every((x) => x.tag.startsWith("J") || x.tag === "XSN") &&
        gap.some((x) => x.tag.startsWith("J"))
      )
        negateUnlessOnly(target, DEFAULT_NEGATION_SCALAR, `${m.lemma} (${REMEDY_NOUNS.get(m.lemma)})`);
    }
    // 피해 본 / 피해를 입은 (suffered damage) can come out as 피하/VV + 아 (avoid): not a verb of avoiding.
    const sufferedDamage =
      m.lemma === "피하다" &&
      ms[k + 1]?.surface === "아" &&
      ms[k + 2]?.word === m.word + 1 &&
      (ms[k + 2]?.lemma === "보다" || ms[k + 2]?.lemma === "입다");
    if (
      ((m.tag === "VV" && LOSS_VERBS.has(m.lemma)) || (m.tag === "VA" && SMALL_ADJECTIVES.has(m.lemma))) &&
      !sufferedDamage
    ) {
      // The noun before a verb of losing is what is lost: 신뢰를 잃었다, 믿음이 완전히 깨졌다, 걱정이 사라졌다.
      const j = beforeParticles(ms, k - 1);
      const degree = j >= 0 && ms[j]!.word === m.word - 1 && isDegreeWord(ms, wordStart(ms, j)) ? 1 : 0;
      const target = itemEndingBefore(k, m.word - 1 - degree);
      const gap = target ? ms.slice(target.end + 1, k) : [];
      // A loss that did not happen (신뢰를 잃지 않았다, 안 깨졌다, 비판을 피할 수 없다) leaves the noun as it is.
      if (
        !reversalDenied(ms, k, k) &&
        target &&
        isNounItem(ms, target) &&
        (!LOSS_VERBS_AFTER_PARTICLE.has(m.lemma) || gap.some((x) => x.tag.startsWith("J"))) &&
        // An adverbial particle makes the noun where the verb goes, not what it loses (위기에 빠졌다, 혼란으로
        // 빠져들었다: fallen into a crisis).
        !gap.some((x) => x.tag === "JKB") &&
        (!EASING_VERBS.has(m.lemma) || target.valence < 0) &&
        target.negations === 0 &&
        gap.every((x) => x.tag.startsWith("J") || x.tag === "XSN" || (degree === 1 && x.word === m.word - 1))
      ) {
        negateUnlessOnly(
          target,
          DEFAULT_NEGATION_SCALAR,
          `${m.lemma} (${LOSS_VERBS.get(m.lemma) ?? "what is small"})`,
        );
        // The verb's own value is the reversal just applied (막다 -0.87 from reviews: 혼란을 막았다 is good).
        const own = items.find((it) => it.start === k && it.end === k);
        if (own && own.valence < 0 && target.valence > 0) {
          own.valence = 0;
          own.rules.push("its value is the reversal of its object");
        }
      }
      continue;
    }
    // -기 어렵다 / -기 힘들다 ("hard to"): what is hard to do is not done (기대하기 어렵다, 납득하기 어렵다).
    // 어렵다 is often a lexicon term itself: checked before the consumed positions; it keeps its own value.
    // Not when the difficulty is itself denied (만족하기 어렵지 않았다, 안 어렵다).
    if (
      HARD_LEMMAS.has(m.lemma) &&
      ms[k - 1]?.tag === "ETN" &&
      ms[k - 1]!.surface === "기" &&
      !negatedAfter(ms, k) &&
      !isPreNegator(ms[k - 2])
    ) {
      const target = itemEndingBefore(k - 1, m.word - 1);
      if (target && target.negations === 0 && onlyLightVerbsBetween(ms, target.end, k - 1))
        negateUnlessOnly(target, DEFAULT_NEGATION_SCALAR, `-기 ${m.lemma} (hard to)`);
    }
    if (consumed.has(k)) continue; // part of a lexicon n-gram such as 말+안+되다 or 성의+없다
    const neg = matchModifier(lex.negators, m);
    if (!neg) continue;
    any = true;
    if (m.tag === "MAG" && m.lemma !== "없이") {
      // -면 안 되다 ("must not": 이러면 안 된다) and -지 않으면 안 되다 ("must": 책임지지 않으면 안 된다) forbid
      // or demand: the condition reads as it stands, and this 안 되다 neither negates it nor says something
      // does not work.
      if (m.lemma === "안" && ms[k + 1]?.lemma === "되다" && isConditionalEnding(ms[k - 1])) continue;
      // A verb of perceiving after 안/못 denies what is (not) perceived, the noun before the negator:
      // 진정성이 안 보인다, 책임감이 전혀 안 느껴진다.
      const perceived = ms[k + 1];
      if (perceived?.tag === "VV" && PERCEPTION_VERBS.has(perceived.lemma)) {
        const between = wordsBeforePredicate(ms, k, true);
        const seen = itemEndingBefore(k, m.word - LIGHT_VERB_OBJECT_WINDOW_WORDS - between);
        if (seen && isNounItem(ms, seen) && onlyLightVerbsBetween(ms, seen.end, k))
          negateUnlessOnly(
            seen,
            neg.valence,
            `${m.surface} ${perceived.lemma} (what is not perceived)`,
            isPreNegator(m),
          );
        continue;
      }
      // Pre-verbal 안/못: the next predicate, or — when that predicate is a light verb — its object noun.
      const after = items[lastIndexWhere(items, (it) => it.start <= k) + 1];
      const next = after && after.firstWord <= m.word + PRE_NEGATION_WINDOW_WORDS ? after : undefined;
      const between = next ? ms.slice(k + 1, next.start) : [];
      // 안/못 binds to the first predicate after it: when that is a word the lexicon does not rate (안 가,
      // 못 봤다), the negation is spent on it and a sentiment word further on stays as it is.
      // N이 안 가다 ("N does not come": 납득이 안 간다, 믿음이 안 가요) denies N, as a light verb does. kuromoji-ko
      // often misreads that verb (갑니다: 가/XSN, 가요: 이/VCP + 가요, 가네: NNP), so the word is read as written.
      const nextWord = words?.[m.word + 1];
      const goes =
        ms[k - 1]?.tag === "JKS" &&
        (ms[k + 1]?.lemma === "가다" ||
          (ms[k + 1]?.word === m.word + 1 && nextWord !== undefined && /^(가|간|갈|갑)/.test(nextWord)));
      const spentOn = goes
        ? undefined
        : between.find((x) => (x.tag === "VV" || x.tag === "VA") && !LIGHT_VERBS.has(x.lemma));
      if (next && !goes && !spentOn && !between.some((x) => LIGHT_VERBS.has(x.lemma))) {
        negateUnlessOnly(next, neg.valence, `${m.surface} (before the predicate)`, isPreNegator(m));
        continue;
      }
      if (spentOn) continue;
      const verb = ms[k + 1];
      // Also where kuromoji-ko lost the verb after 안 (negation.ts lostVerbAt), in the next word.
      if (
        verb &&
        (goes || LIGHT_VERBS.has(verb.lemma) || (verb.word === m.word + 1 && lostVerbAt(ms, k + 1)))
      ) {
        const found = itemEndingBefore(k, m.word - LIGHT_VERB_OBJECT_WINDOW_WORDS);
        // A predicate before an unrated noun is not the object: the noun is (공지가 빨라서 헛걸음은 안 했다);
        // nor is any item before an unrated noun with its object particle (접속 장애로 신고를 못 한 납세자).
        const gap = found ? ms.slice(found.end + 1, k) : [];
        const isNoun = (x: Morpheme | undefined) => x?.tag === "NNG" || x?.tag === "NNP";
        const object =
          found &&
          ((!isNounItem(ms, found) && gap.some(isNoun)) ||
            gap.some((x, i) => isNoun(x) && gap[i + 1]?.tag === "JKO"))
            ? undefined
            : found;
        if (object)
          negateUnlessOnly(
            object,
            neg.valence,
            goes
              ? `${m.surface} 가다 (what does not come)`
              : `${m.surface} ${verb.lemma} (object of the light verb)`,
            isPreNegator(m),
          );
        else if (NOT_WORKING.get(m.lemma) === verb.lemma && verb.word === m.word + 1) {
          const notWorking: TermContribution = {
            term: `${m.surface} ${verb.lemma}`,
            tag: "RULE",
            valence: NOT_WORKING_VALENCE,
            rule: "does not work (nothing rated before it)",
          };
          extra.push(notWorking);
          notWorkingAt.set(notWorking, k);
        }
      }
      continue;
    }
    if (endsNegativeQuestion(ms, k, words)) continue;
    // 못하다 written as one word right after its object (복구를 못하는, 사과를 못했다): the object is not done.
    // (-지를 못하다 has 를 there too, after the ending: it goes on to the -지 못하다 reading below.)
    if (m.lemma === "못하다" && ms[k - 1]?.tag === "JKO") {
      const target = itemEndingBefore(k - 1, m.word - 1);
      if (target && isNounItem(ms, target) && target.end === k - 2) {
        negateUnlessOnly(target, neg.valence, "못하다 (after its object)");
        continue;
      }
    }
    if (m.tag === "VX" || m.tag === "VV") {
      // -지 않다 / -지 못하다 / -지 말다: needs the -지 ending (possibly with a particle: -지는, -지도).
      const j = beforeParticles(ms, k - 1);
      // kuromoji-ko tags this 지 EC or EF depending on the verb, and writes it ㄹ지 before a particle
      // (좋지가 않다 → 좋/VA ㄹ지/EC 가/JKS 않/VX).
      const ji = ms[j];
      if (!ji || (ji.lemma !== "지" && ji.lemma !== "ㄹ지") || !(ji.tag === "EC" || ji.tag === "EF"))
        continue;
      // -ㄴ 것 같지 않다 ("does not seem to": 효과가 있는 것 같지 않다) negates the clause before 것 같다.
      if (
        m.lemma === "않다" &&
        ms[j - 1]?.lemma === "같다" &&
        (ms[j - 2]?.lemma === "것" || ms[j - 2]?.surface === "거") &&
        ms[j - 3]?.tag === "ETM"
      ) {
        const seemed = itemEndingBefore(j - 3, ms[j - 3]!.word - 1);
        if (seemed && onlyLightVerbsBetween(ms, seemed.end, j - 3)) {
          negateUnlessOnly(seemed, neg.valence, "-ㄴ 것 같지 않다 (does not seem)");
          continue;
        }
      }
      // An auxiliary carrying the ending (신뢰하고 싶지 않다) puts the predicate one word further back.
      // A perceiving verb does too, whichever tag kuromoji gives it (좋아 보이지 않는다: 보이/VV).
      const verbStart = wordStart(ms, j);
      const perceiving = PERCEPTION_VERBS.has(ms[verbStart]!.lemma);
      const auxiliary = ms[j - 1]?.tag === "VX" || PERCEPTION_VERBS.has(ms[j - 1]?.lemma ?? "") ? 1 : 0;
      // A word of degree or a sign noun may stand before the verb (진정성이 전혀 느껴지지 않는다, 반성의
      // 기미가 보이지 않는다).
      const between = ms[verbStart]!.tag.startsWith("V")
        ? wordsBeforePredicate(ms, verbStart, perceiving)
        : 0;
      // So does a light verb (사과를 하지 않았다, 도움이 되지 않는다): its noun is a word before it.
      const lightVerb =
        LIGHT_VERBS.has(ms[j - 1]?.lemma ?? "") && ms[j - 1]?.tag !== "XSV" && ms[j - 1]?.tag !== "XSA"
          ? 1
          : 0;
      // And a verb of occurring (피해는 발생하지 않았다, 문제가 생기지 않았다): what did not occur is its subject.
      const occurring = OCCURRENCE_PREDICATES.has(ms[verbStart]!.lemma) ? 1 : 0;
      const target = itemEndingBefore(j, m.word - 1 - auxiliary - lightVerb - between - occurring);
      if (!target || !onlyLightVerbsBetween(ms, target.end, j)) continue;
      // A prohibition of something bad (남 탓하지 마라, 거짓말하지 말고) is still criticism: it says the bad
      // thing is being done. Only a prohibited good thing turns around (기대하지 마라).
      if (m.lemma === "말다" && target.valence < 0) {
        target.rules.push("prohibited by -지 말다 (still criticism)");
        continue;
      }
      if (cannotNot(ms, k)) {
        target.rules.push(`affirmed by -지 ${neg.term}-ㄹ 수 없다 (cannot help but)`);
        target.evidence |= OTHER_EVIDENCE;
        continue;
      }
      negateUnlessOnly(target, neg.valence, `-지 ${neg.term}`, true);
      continue;
    }
    // 없다 / 아니다 after a noun, or 없다 in -ㄹ 수 없다 ("cannot").
    const j = beforeParticles(ms, k - 1);
    const before = ms[j];
    if (before && before.lemma === "수" && ms[j - 1]?.tag === "ETM") {
      // -ㄹ 수밖에 없다 ("cannot but": 불안할 수밖에 없다) affirms what it says.
      if (ms[k - 1]?.surface === "밖에") continue;
      // -지 않을 수 없다 was read at its 않다 (cannotNot): the double negation affirms.
      if (POST_NEGATOR_LEMMAS.has(ms[j - 2]?.lemma ?? "")) continue;
      // The verb before -ㄹ 수 may be one of perceiving: what cannot be found is the word before it.
      const perceived = PERCEPTION_VERBS.has(ms[j - 2]?.lemma ?? "")
        ? 1 + wordsBeforePredicate(ms, wordStart(ms, j - 2), true)
        : 0;
      const target = itemEndingBefore(j - 1, m.word - 2 - perceived);
      if (!target || !onlyLightVerbsBetween(ms, target.end, j - 1)) continue;
      // 더 X-ㄹ 수 없다 ("could not be more X") is a superlative, not a negation: 이보다 더 무책임할 순 없다.
      let p = target.start - 1;
      while (p >= 0 && ms[p]!.tag === "XPN") p--;
      // So is 이렇게 X-ㄹ 수가 없다 ("could not be more X": 이렇게 반가울 수가 없네요).
      // (kuromoji-ko reads 이렇게 as the adverb or as 이렇다 + 게).
      const more = (x: Morpheme | undefined) =>
        (x?.lemma === "더" || x?.lemma === "이렇게" || x?.lemma === "이보다") &&
        (x.tag === "MAG" || x.tag === "NNG");
      const thisMuch = ms[p]?.surface === "게" && ms[p - 1]?.lemma === "이렇다";
      if (more(ms[p]) || more(ms[target.start]) || thisMuch) {
        target.rules.push("superlative: 더 … -ㄹ 수 없다");
        continue;
      }
      negateUnlessOnly(target, neg.valence, "-ㄹ 수 없다");
      continue;
    }
    // A bound noun standing as its own word (재미있는 게 없다, 좋은 건 아니다) is part of the noun phrase, and
    // a word of degree may stand between it and the negator (진정성이 하나도 없다, 불편한 거 하나도 없음).
    let extraWords = 0;
    let degreeWord = -1;
    for (let w = j; w >= 0 && ms[w]!.word === m.word - 1 - extraWords && extraWords < 2; ) {
      if (degreeWord < 0 && isDegreeWord(ms, wordStart(ms, w))) degreeWord = ms[w]!.word;
      else if (
        !BOUND_NOUN_SURFACES.has(ms[w]!.surface) &&
        signNounAt(ms, w) === 0 &&
        !(m.tag === "VCN" && clauseHeadAt(ms, w))
      )
        break;
      extraWords++;
      // On to the last non-particle morpheme of the word before.
      w--;
      while (w >= 0 && ms[w]!.word === m.word - extraWords) w--;
      w = beforeParticles(ms, w);
    }
    const window = (m.tag === "VCN" ? COPULA_NEGATION_WINDOW_WORDS : ABSENCE_WINDOW_WORDS) + extraWords;
    let target = itemEndingBefore(k, m.word - window);
    // The head of a clause (끝날 문제가 아니다) is not what is denied: the clause's predicate is.
    const clauseHead = m.tag === "VCN" && j >= 0 && clauseHeadAt(ms, j) ? j : -1;
    if (target && clauseHead >= 0 && target.start <= clauseHead && target.end >= clauseHead) {
      judgesNothing(target, 0, `heads a clause (${ms[j - 1]!.surface} ${ms[j]!.surface}) ×0`);
      target = itemEndingBefore(target.start, m.word - window);
    }
    if (!target) continue;
    const gapStart = target.end + 1;
    const gap = ms.slice(gapStart, k);
    const nounGap = gap.every(
      (x, i) =>
        x.tag.startsWith("J") ||
        x.tag.startsWith("E") ||
        x.tag === "NNB" ||
        x.lemma === "것" ||
        (x.tag === "NNG" && SIGN_NOUNS.has(x.lemma)) ||
        LIGHT_VERBS.has(x.lemma) ||
        x.tag === "XSN" ||
        x.word === degreeWord ||
        gapStart + i === clauseHead,
    );
    if (!nounGap) continue;
    // A predicate is negated by 없다/아니다 only as a noun phrase (재미있는 게 없다, 좋은 건 아니다: kuromoji-ko
    // tags 게/건 EC there, so the adnominal ending is the mark); with an adverbial ending it modifies the
    // negator instead (재미 더럽게 없다: "terribly lacking in fun").
    const endTag = ms[target.end]!.tag;
    const predicate = endTag === "VV" || endTag === "VA" || endTag === "XSV" || endTag === "XSA";
    if (
      predicate &&
      !gap.some((x) => x.tag === "NNB" || x.tag === "ETN" || x.tag === "ETM" || x.lemma === "것")
    )
      continue;
    // X-ㄹ 게 아니라 ("instead of X, …": 남 탓부터 할 게 아니라 사과했어야지) says X should not be done, and
    // that it was: a bad X stays criticism, as with -지 말다.
    if (
      m.tag === "VCN" &&
      ms[k + 1]?.surface === "라" &&
      target.valence < 0 &&
      gap.some((x) => x.tag === "ETM" && x.surface === "ㄹ")
    ) {
      target.rules.push("-ㄹ 게 아니라: what should not be done (still criticism)");
      continue;
    }
    // X가 아니라 Y with X and Y of one sign (사고가 아니라 인재다, 실수가 아니라 참사다) corrects a word, it does
    // not deny a judgement: X then counts for nothing, and Y says which way.
    if (m.tag === "VCN" && ms[k + 1]?.surface === "라") {
      const instead = items.find((o) => o.start > k + 1 && o.valence !== 0);
      if (
        instead &&
        ms[instead.start]!.word <= m.word + 2 &&
        Math.sign(instead.valence) === Math.sign(target.valence)
      ) {
        judgesNothing(target, 0, "X가 아니라 Y of the same sign: a correction ×0");
        continue;
      }
    }
    negateUnlessOnly(target, neg.valence, `${neg.term} (after the noun)`);
    // 없다 scopes over the whole compound noun phrase: 데이터 유실 문제(는) 없다 negates 유실 too.
    let head = target;
    for (;;) {
      itemByEnd ??= new Map(items.map((it) => [it.end, it]));
      const before = itemByEnd.get(head.start - 1);
      const prev = before && isNounItem(ms, before) && before.negations === 0 ? before : undefined;
      if (!prev) break;
      negateUnlessOnly(prev, neg.valence, `${neg.term} (same noun phrase)`);
      head = prev;
    }
  }
  return any;
}

/** Adverbs of degree that may stand between a noun and 없다 without changing what 없다 negates. */
const DEGREE_ADVERBS = new Set([
  "전혀",
  "너무",
  "정말",
  "진짜",
  "참",
  "도무지",
  "영",
  "아예",
  "딱히",
  "거의",
  "별로",
  "좀",
  "많이",
  "완전히",
  "완전",
  "모두",
  "다소",
  "조금",
  "상당히",
]);

/**
 * Whether the morpheme at `j` begins a word that is only a degree adverb (전혀, 너무), 하나도/조금도/1도
 * (kuromoji-ko: 하나/NR, 조금/MAG or 1/SN, then 도), or a noun with 만큼도 ("not even …'s worth": 눈곱만큼도,
 * 티끌만큼도).
 */
function isDegreeWord(ms: Morpheme[], j: number): boolean {
  const m = ms[j]!;
  if (ms[j - 1]?.word === m.word) return false;
  if (m.tag === "MAG" && DEGREE_ADVERBS.has(m.lemma)) return ms[j + 1]?.word !== m.word;
  const withDo = ms[j + 1]?.surface === "도" && ms[j + 1]?.word === m.word;
  // 1도 is comment shorthand for 하나도 (진정성 1도 없음).
  if (withDo && (m.lemma === "하나" || m.lemma === "조금" || (m.tag === "SN" && m.surface === "1")))
    return true;
  // 한마디 ("a single word": 사과 한마디 없다), as kuromoji-ko reads it (한/NNG 마디/NNG).
  if (isOneWordAt(ms, j)) return true;
  if (!m.tag.startsWith("NN")) return false;
  let end = j;
  while (ms[end + 1]?.word === m.word) end++;
  return end - j >= 2 && ms[end]!.surface === "도" && ms[end - 1]!.surface === "만큼";
}

/** Whether 밖에 ("nothing but") follows the item, maybe after 로/으로, in its word: what a negation then affirms. */
function onlyBefore(ms: Morpheme[], it: Item): boolean {
  const word = ms[it.end]!.word;
  for (let j = it.end + 1; ms[j] && ms[j]!.word === word; j++) {
    if (ms[j]!.surface === "밖에") return true;
    if (!ms[j]!.tag.startsWith("J")) return false;
  }
  return false;
}

/** Whether 한마디 ("a single word") starts at `j`: 한 + 마디 in one word. */
function isOneWordAt(ms: Morpheme[], j: number): boolean {
  return ms[j]?.lemma === "한" && ms[j + 1]?.lemma === "마디" && ms[j + 1]?.word === ms[j]!.word;
}

/** The last index at or before `i` that is not a particle (J*), or -1. */
function beforeParticles(ms: Morpheme[], i: number): number {
  let j = i;
  while (j >= 0 && ms[j]!.tag.startsWith("J")) j--;
  return j;
}

/** -지 않다 / -지 못하다 right after the predicate at `k` (신뢰를 잃지 않았다, 어렵지 않다). */
function negatedAfter(ms: Morpheme[], k: number): boolean {
  return (
    ms[k + 1]?.lemma === "지" && POST_NEGATOR_LEMMAS.has(ms[k + 2]?.lemma ?? "") && !cannotNot(ms, k + 2)
  );
}

/**
 * Whether the post-negator at `k` (않다, 못하다) is itself denied by -ㄹ 수 없다: -지 않을 수 없다 ("cannot help
 * but": 실망하지 않을 수 없다, 신뢰를 잃지 않을 수가 없다) affirms what it would have negated.
 */
function cannotNot(ms: Morpheme[], k: number): boolean {
  return (
    ms[k + 1]?.tag === "ETM" && ms[k + 2]?.lemma === "수" && ms[afterParticles(ms, k + 3)]?.lemma === "없다"
  );
}

/** Whether the noun at `w` heads an adnominal clause (CLAUSE_HEAD_NOUNS right after an -ㄴ/-ㄹ ending). */
function clauseHeadAt(ms: Morpheme[], w: number): boolean {
  const m = ms[w]!;
  return m.tag === "NNG" && CLAUSE_HEAD_NOUNS.has(m.lemma) && ms[w - 1]?.tag === "ETM";
}

/**
 * Whether a verb of losing or a noun of remedy starting at `k`, with its predicate at `predicate`, is denied, so
 * that its object keeps its value: 안/못 before it, -지 않다/못하다 after it (신뢰를 잃지 않았다, 문제를 해결하지
 * 못했다), -ㄹ 수 없다 (비판을 피할 수 없다) or -기 어렵다 (불신을 피하기 어렵다).
 */
function reversalDenied(ms: Morpheme[], k: number, predicate: number): boolean {
  return (
    isPreNegator(ms[k - 1]) ||
    negatedAfter(ms, predicate) ||
    (ms[predicate + 1]?.tag === "ETM" &&
      ms[predicate + 2]?.lemma === "수" &&
      ms[afterParticles(ms, predicate + 3)]?.lemma === "없다") ||
    (ms[predicate + 1]?.tag === "ETN" && HARD_LEMMAS.has(ms[predicate + 2]?.lemma ?? ""))
  );
}

/** The first index from `i` on that is not a particle. */
function afterParticles(ms: Morpheme[], i: number): number {
  let j = i;
  while (j < ms.length && ms[j]!.tag.startsWith("J")) j++;
  return j;
}

/** Index of the last element of `sorted` that satisfies `pred` (true for a prefix of it), or -1. */
function lastIndexWhere<T>(sorted: readonly T[], pred: (x: T) => boolean): number {
  let lo = 0;
  let hi = sorted.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (pred(sorted[mid]!)) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

function isNounItem(ms: Morpheme[], it: Item): boolean {
  const tag = ms[it.end]!.tag;
  return tag.startsWith("N") || tag === "XR" || tag === "XSN";
}

function onlyLightVerbsBetween(ms: Morpheme[], from: number, to: number): boolean {
  for (let i = from + 1; i < to; i++) {
    const x = ms[i]!;
    // A word of degree (전혀, 하나도, 눈곱만큼도) may stand anywhere in between: skip it whole.
    if (ms[i - 1]?.word !== x.word && isDegreeWord(ms, i)) {
      while (ms[i + 1]?.word === x.word) i++;
      continue;
    }
    // Auxiliaries (VX) too: 추천하고 싶지 않다, 좋아 보이지 않는다 negate 추천 and 좋다; verbs of
    // perceiving: 진정성이 느껴지지 않는다, 반성의 기미가 보이지 않는다 deny the quality perceived; and the
    // quotative copula of a topic (진정성이라고는 찾아볼 수 없다: "as for sincerity, none to be found").
    if (
      !(
        LIGHT_VERBS.has(x.lemma) ||
        (x.tag === "VCP" && ms[i + 1]?.surface.startsWith("라") === true) ||
        (x.tag === "NNG" && SIGN_NOUNS.has(x.lemma)) ||
        PERCEPTION_VERBS.has(x.lemma) ||
        OCCURRENCE_PREDICATES.has(x.lemma) ||
        x.tag.startsWith("E") ||
        x.tag.startsWith("X") ||
        x.tag.startsWith("J") ||
        x.tag === "VX"
      )
    )
      return false;
  }
  return true;
}

/** Whether 처음 ("at first") stands in the clause before the contrast at `contrast`. */
function firstThenAt(ms: Morpheme[], from: number, contrast: number): boolean {
  for (let k = from; k < contrast; k++) if (ms[k]!.lemma === "처음") return true;
  return false;
}

/** The last contrastive connective in [from, to], with its before-weight. */
function lastContrast(ms: Morpheme[], from: number, to: number, lex: Lexicons, words: string[] | undefined) {
  let found: { index: number; entry: LexiconEntry } | undefined;
  let lastWord = -1;
  for (let i = from; i <= to; i++) {
    const m = ms[i]!;
    let surface: string | undefined;
    if (words && m.word !== lastWord) {
      lastWord = m.word;
      surface = words[m.word];
    }
    const e = matchModifier(lex.contrast, m, surface);
    // A connective at the very end of the segment has no later clause to favour. After a number, 건 is the
    // counter (2천 건 이상), not 것은 contracted.
    if (e && i < to && !(i > from && (ms[i - 1]!.tag === "SN" || ms[i - 1]!.tag === "NR")))
      found = { index: i, entry: e };
  }
  return found;
}

const STRONG_QUESTION = /(냐|느냐|니|랴|는가|ㄴ가|은가|던가|냐고요?|겠어)\s*[?？!~.ㅋㅎ;ㅡㅠㅜ]*$/;
/**
 * A question that echoes what was said, with a question mark (또 믿으라고?, 이걸 보상이라고?, 이중화 했다며?),
 * polite or not (다행이라고요?, 최선을 다했다고요?): indignation at a claim or a demand, not a request for an answer.
 */
const ECHO_QUESTION = /(라고|다고|다며|라며|다면서|라면서)요?\s*[?？]+[?？!~.ㅋㅎ;ㅡㅠㅜ\s]*$/;
/**
 * -다니 / -라니 end an exclamation of surprise (이제야 보다니, 비극이라니), not a question: the words say which
 * way it goes. Without a question mark they are not read as questions. On NSMC validation lexicon-only
 * 0.8045 → 0.8051 and SentiNeg dev 0.905 → 0.9075; KOTE val macro-F1 unchanged.
 */
const EXCLAMATIVE_ENDING = /[다라]니\s*[!~.ㅋㅎ]*$/;
/** -더니 ("and then": 선예매라더니, 복구됐다더니) ends a clause that leads on, not a question, though it ends in 니. */
const THEN_ENDING = /더니\s*[!~.ㅋㅎ;]*$/;
const POLITE_QUESTION = /(나요|까요|가요|을까|ㄹ까|습니까|니까|죠|나|지요)\s*[?？!~.ㅋㅎ]*$/;

/**
 * Whether the negator at `k` negates a predicate inside a relative clause (결제 못 한 경우도 포함되나요?, 안
 * 쓴 포인트는 어떻게 되나요?): the -ㄴ/-는/-ㄹ ending makes it describe a noun, not deny what is asked.
 */
function negatesInsideRelativeClause(ms: Morpheme[], k: number): boolean {
  if (POST_NEGATOR_LEMMAS.has(ms[k]!.lemma)) return ms[k + 1]?.tag === "ETM";
  if (!isPreNegator(ms[k])) return false;
  const word = ms[k + 1]?.word;
  for (let j = k + 1; ms[j] && ms[j]!.word === word; j++) if (ms[j]!.tag === "ETM") return true;
  return false;
}

/** -아도/-어도/-도 as a connective ending: "even if". */
function isConcessiveEnding(m: Morpheme | undefined): boolean {
  return (
    m?.tag === "EC" &&
    (m.surface === "아도" || m.surface === "어도" || m.surface === "여도" || m.surface === "도")
  );
}

/**
 * Whether the negator at `k` negates a predicate that ends in -아도 ("even without": 않아도, 안 가도): such a
 * clause grants or asks leave, it does not deny what the question asks.
 */
function concessiveNegation(ms: Morpheme[], k: number): boolean {
  if (POST_NEGATOR_LEMMAS.has(ms[k]!.lemma)) return isConcessiveEnding(ms[k + 1]);
  if (!isPreNegator(ms[k])) return false;
  let j = k + 1;
  while (ms[j] && ms[j]!.word === ms[k + 1]?.word && !ms[j]!.tag.startsWith("E")) j++;
  return isConcessiveEnding(ms[j]);
}

/** The informal -는데 that ends a question (누가 주는데, 왜 안 되는데). */
const DE_ENDING = /(는데|은데|ㄴ데|던데)\s*[!~.ㅋㅎ;ㅡㅠㅜ]*$/;

/**
 * Whether the clause [from, to] asks with 누가/누구 and ends in -는데 without a question mark (기름값은 누가
 * 주는데, 그럼 누구 책임인데): "who will", asked of no one. Without 누가 a final -는데 trails off a statement
 * (좋긴 한데), so only who counts.
 */
function whoDeAt(ms: Morpheme[], from: number, to: number, segText: string): boolean {
  if (!DE_ENDING.test(segText)) return false;
  for (let k = from; k <= to; k++) if (ms[k]!.lemma === "누구" && ms[k]!.tag === "NP") return true;
  return false;
}

/**
 * Whether the clause ending in the predicate at `predicate` asks "what … is there" (무슨 의미가 있어요, 환불이
 * 무슨 소용이 있나): 무슨/뭔 within the two words before a final 있다. Without a question mark it is still a
 * question, and one that says there is none.
 */
function whatIsThereAt(ms: Morpheme[], from: number, predicate: number): boolean {
  const p = ms[predicate];
  if (p?.lemma !== "있다") return false;
  for (let k = predicate - 1; k >= from && ms[k]!.word >= p.word - 2; k--)
    if (ms[k]!.tag === "MM" && (ms[k]!.lemma === "무슨" || ms[k]!.surface === "뭔")) return true;
  return false;
}

/** 어떻게 before these asks how anyone could (어떻게 이럴 수가 있나요?, 어떻게 그렇게 말하나요?). */
const HOW_COULD = new Set(["이렇다", "그렇다", "저렇다", "이러다", "그러다", "이렇게", "그렇게"]);

/** Whether the segment's last word ends in the nominal ending -ㅁ/-음 (됨, 있음, 몇임, 했음), as comments ask. */
function nominalEnding(ms: Morpheme[], from: number, to: number): boolean {
  const k = lastBeforeSymbols(ms, from, to);
  // -는 분? / -신 분? ("anyone who …?": 접속 되시는 분?, 아시는 분?) asks the other readers.
  if (ms[k]!.lemma === "분" && ms[k]!.tag === "NNB" && ms[k - 1]?.tag === "ETM") return true;
  // kuromoji-ko tags the -ㅁ of 뭐함 as an ending (EC), of 안 됨 as a nominalizer (ETN).
  return (
    (ms[k]!.tag === "ETN" || ms[k]!.tag === "EC") && (ms[k]!.surface === "ㅁ" || ms[k]!.surface === "음")
  );
}

/**
 * Question words that make a comment's nominal ending a question without its mark (보상은 왜 안 함, 누가 책임짐);
 * 뭐 only after 대체 (여긴 대체 뭐함): alone it is as often "something" (점심 뭐 먹음).
 */
const NOMINAL_QUESTION_WORDS = new Set(["왜", "누구", "도대체"]);
/** Words a question asks with; 대체 before one is "on earth", whatever kuromoji-ko tags it. */
const QUESTION_WORDS = new Set(["왜", "뭐", "누구", "무슨", "어디", "언제"]);

/**
 * Whether the clause [from, to] asks with a question word and ends in a comment's nominal -ㅁ (여긴 대체 뭐함,
 * 보상은 왜 안 줌): such a question needs no question mark.
 */
function nominalQuestionAt(ms: Morpheme[], from: number, to: number): boolean {
  if (!nominalEnding(ms, from, to)) return false;
  for (let k = from; k <= to; k++) {
    const m = ms[k]!;
    if (NOMINAL_QUESTION_WORDS.has(m.lemma) && !indefiniteAt(ms, k)) return true;
    if (m.lemma === "대체" && QUESTION_WORDS.has(ms[k + 1]?.lemma ?? "")) return true;
  }
  return false;
}

/**
 * Whether the question word at `k` is indefinite, with -나/-든/-라도 joined to it (누구나 한다, 언제든, 뭐라도):
 * "anyone", "any time", not a question.
 */
function indefiniteAt(ms: Morpheme[], k: number): boolean {
  const next = ms[k + 1];
  return (
    next?.tag === "JX" &&
    next.word === ms[k]!.word &&
    (next.surface === "나" ||
      next.surface === "이나" ||
      next.surface.startsWith("든") ||
      next.surface === "라도")
  );
}

/** Whether the segment ends in a polite question form (-요, -습니까, or -죠 with its question mark). */
function politeEnding(segText: string): boolean {
  // -죠 asks only with its question mark (통신사 번호 114 맞죠?); without it, it agrees (그렇죠).
  return /(?:(?:요|습니까|니까)\s*[?？!~.ㅋㅎ]*|죠\s*[?？]+[!~.ㅋㅎ]*)$/.test(segText);
}

/**
 * The interrogative ending -나 after a predicate ends the segment (약속은 어떻게 됐나, 이게 맞나): a question
 * even without a question mark. The word-final 나 of 언제나 or 그러나 is not an ending, so it does not count.
 */
function endsInNa(ms: Morpheme[], from: number, to: number): boolean {
  let k = to;
  while (k > from && (ms[k]!.tag === "SF" || ms[k]!.tag === "SY" || ms[k]!.tag === "SE")) k--;
  const m = ms[k]!;
  const prev = ms[k - 1];
  return (
    m.surface === "나" &&
    (m.tag === "EC" || m.tag === "EF") &&
    prev !== undefined &&
    k > from &&
    (PREDICATE_TAGS.has(prev.tag) || prev.tag === "EP" || prev.tag === "VCP")
  );
}

function segmentText(ms: Morpheme[], from: number, to: number): string {
  // Rebuild the segment's ending from surfaces: enough for the question-ending patterns.
  let s = "";
  let word = ms[from]?.word ?? 0;
  for (let i = from; i <= to; i++) {
    const m = ms[i]!;
    if (m.word !== word) {
      s += " ";
      word = m.word;
    }
    s += m.surface;
  }
  return s;
}

/** Counts runs, so ㅋㅋㅋㅋ is one ㅋㅋ and a lone ㅠ is not part of ㅠㅠ. */
function collapseRuns(text: string): string {
  return text.replace(/([ㅋㅎㅠㅜㅡ^;.!?ㄷㅉ])\1+/g, "$1$1");
}

/** Compiled patterns per entry: building two RegExps per entry per sentence cost more than matching them. */
const expressivePatterns = new WeakMap<LexiconEntry, RegExp>();

function expressivePattern(e: LexiconEntry): RegExp {
  let pattern = expressivePatterns.get(e);
  if (!pattern) {
    const isSyllable = /[가-힣]/.test(e.term);
    pattern = isSyllable
      ? new RegExp(`(^|[\\s.,!?~])${escapeRegExp(e.term)}(?=$|[\\s.,!?~])`, "g")
      : new RegExp(escapeRegExp(e.term), "g");
    expressivePatterns.set(e, pattern);
  }
  return pattern;
}

function findExpressive(text: string, lex: Lexicons): LexiconEntry[] {
  let rest = collapseRuns(text.normalize("NFC"));
  const found: LexiconEntry[] = [];
  for (const e of lex.expressive) {
    // Every pattern contains the term literally: without it in the text there is nothing to replace.
    if (!rest.includes(e.term)) continue;
    // String.replace with a global pattern starts at 0 and resets lastIndex, so the shared RegExp is safe.
    rest = rest.replace(expressivePattern(e), (all, lead: string | undefined) => {
      found.push(e);
      return `${lead ?? ""} `.padEnd(all.length, " ");
    });
  }
  return found;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

const PREDICATE_TAGS = new Set(["VV", "VA", "VX", "XSV", "XSA"]);

/**
 * Positions of 별로 (kuromoji-ko: 별로/MAG, or 별/XSN|NNG + 로) with no predicate and no sentiment term after it
 * in its own word or the next, that is, 별로 as the verdict itself rather than dampening what follows.
 */
function byeolloVerdicts(ms: Morpheme[], items: Item[]): readonly number[] {
  let out: number[] | undefined;
  for (let k = 0; k < ms.length; k++) {
    const m = ms[k]!;
    const whole = m.lemma === "별로" && m.tag === "MAG";
    // 별 + 로 read apart counts only at the start of a word: 카드사별로 ("per card company") is the suffix 별.
    const split =
      m.surface === "별" &&
      ms[k + 1]?.surface === "로" &&
      ms[k + 1]?.word === m.word &&
      (k === 0 || ms[k - 1]!.word !== m.word);
    if (!whole && !split) continue;
    const from = whole ? k + 1 : k + 2;
    let verdict = true;
    for (let j = from; j < ms.length && ms[j]!.word <= m.word + 1; j++) {
      if (ms[j]!.tag === "SF") break;
      if (PREDICATE_TAGS.has(ms[j]!.tag)) verdict = false;
    }
    if (verdict && items.some((it) => it.start >= from && it.firstWord <= m.word + 1)) verdict = false;
    if (!verdict) continue;
    out ??= [];
    out.push(k);
  }
  return out ?? NONE;
}

const NONE: readonly number[] = [];

/** Index of the clause's last predicate stem (endings, copula, suffixes and punctuation skipped), or -1. */
function lastPredicateAt(ms: Morpheme[], from: number, to: number): number {
  let p = to;
  while (p >= from && isClauseTail(ms[p]!.tag, true)) p--;
  // -고 있다, the progressive (검토하고 있다, 거론되고 있다; kuromoji-ko tags this 있다 VA or VX): the predicate
  // is the verb before it.
  if (p > from && ms[p]!.lemma === "있다" && ms[p - 1]!.tag === "EC" && ms[p - 1]!.surface === "고") {
    let q = p - 1;
    while (q >= from && isClauseTail(ms[q]!.tag, true)) q--;
    if (q >= from) p = q;
  }
  return p;
}

/**
 * Tags that may follow a clause's predicate stem: endings (E*), punctuation and symbols (S*), particles (J*),
 * the copula, and the 하다/스럽다 suffixes (XSA; with `verbal`, also XSV and auxiliaries).
 */
function isClauseTail(tag: string, verbal: boolean): boolean {
  const c = tag.charCodeAt(0);
  if (c === 69 /* E */ || c === 83 /* S */ || c === 74 /* J */) return true;
  if (tag === "VCP" || tag === "XSA") return true;
  return verbal && (tag === "VX" || tag.startsWith("XS"));
}

/**
 * Whether the clause [from, to] ends in a pledge made in its own voice: an action verb (VV, or a noun + 하다)
 * with -겠 and a declarative ending in the clause's last word (투자하겠다, 보상하겠습니다), not negated (다시는
 * 안 쓰겠다, 하지 않겠다 are refusals, read by the rules as they are). A pledge reported by someone else (투자하겠다고
 * 발표했다) is a report, left to the rules for those.
 */
function pledgeIn(ms: Morpheme[], from: number, to: number): boolean {
  const last = lastBeforeSymbols(ms, from, to);
  for (let k = from + 1; k <= last; k++) {
    const m = ms[k]!;
    if (m.tag !== "EP" || m.surface !== "겠" || m.word !== ms[last]!.word) continue;
    const verb = ms[k - 1]!;
    if (verb.tag !== "VV" && verb.tag !== "XSV") continue;
    // -겠다 on a verb of knowing or feeling is a state, not a pledge (모르겠다, 미치겠다, 죽겠다).
    if (NOT_PLEDGE_VERBS.has(verb.lemma)) continue;
    if (!/^(다|습니다|ㅂ니다)$/.test(ms[k + 1]?.surface ?? "")) continue;
    const negated = isPreNegator(ms[wordStart(ms, k) - 1]) || POST_NEGATOR_LEMMAS.has(verb.lemma);
    if (!negated) return true;
  }
  return false;
}

/** Verbs whose -겠다 says how the writer is, not what they will do (모르겠다, 미치겠다, 돌겠다, 죽겠다). */
const NOT_PLEDGE_VERBS = new Set(["모르다", "알다", "미치다", "돌다", "죽다", "환장하다", "살다", "울다"]);

/** Endings of reported speech, the way comments pass news on (복구됐대요, 장애 났대, 재개됐답니다). */
const HEARSAY_ENDINGS = new Set(["대요", "래요", "대", "래", "답니다", "랍니다", "다네요", "라네요"]);

/**
 * Whether the predicate at `predicate` is a measured change or an event, dated or counted: a number (SN) in
 * the clause at most MEASURE_FIGURE_WINDOW_WORDS words before it (주가는 1.2% 하락했다, 시스템은 29일 오전
 * 6시 복구됐다, 연휴 첫날 47편 결항).
 */
function measuredChangeAt(ms: Morpheme[], predicate: number, from: number, news: NewsRoles): boolean {
  const p = ms[predicate]!;
  if (!news.measures.has(p.lemma) && !news.events.has(p.lemma)) return false;
  for (let k = predicate - 1; k >= from && ms[k]!.word >= p.word - MEASURE_FIGURE_WINDOW_WORDS; k--)
    if (ms[k]!.tag === "SN") return true;
  return false;
}

/**
 * Whether the clause [.., to] whose predicate is at `predicate` passes on what was said: a hearsay ending
 * (복구됐대요), or 하다 after a quoting -다고/-라고 (재개된다고 합니다).
 */
function hearsayAt(ms: Morpheme[], predicate: number, to: number): boolean {
  const last = lastBeforeSymbols(ms, predicate, to);
  if (HEARSAY_ENDINGS.has(ms[last]!.surface) && ms[last]!.tag.startsWith("E")) return true;
  if (newsRelayedAt(ms, predicate)) return true;
  const quote = ms[predicate - 1];
  return (
    ms[predicate]!.lemma === "하다" &&
    quote?.tag === "EC" &&
    (quote.surface.endsWith("다고") || quote.surface.endsWith("라고"))
  );
}

/** Nouns for the news itself (기사, 뉴스): what a comment says it read there is passed on. */
const NEWS_NOUNS = new Set(["기사", "뉴스", "보도", "속보", "공지"]);
const RELAY_VERBS = new Set(["나오다", "뜨다", "보다"]);

/**
 * Whether the predicate at `predicate` relays the news: a news noun just before 나오다/뜨다/보다, after a
 * quoting -다고/-라고 or -다는/-라는 (맡는다고 기사에 나옴, 대량 매도했다는 기사 봤음).
 */
function newsRelayedAt(ms: Morpheme[], predicate: number): boolean {
  if (!RELAY_VERBS.has(ms[predicate]!.lemma)) return false;
  let n = predicate - 1;
  while (n >= 0 && ms[n]!.tag.startsWith("J")) n--;
  if (n < 1 || !NEWS_NOUNS.has(ms[n]!.lemma)) return false;
  const quote = ms[n - 1]!;
  return (quote.tag === "EC" || quote.tag === "ETM") && /^(ㄴ|는)?[다라][고는]$/.test(quote.surface);
}

/**
 * Whether the clause ends in the plain declarative past, the narration of news (-었다/-았다/-였다 with the
 * final ending 다): comments mostly end otherwise (-네, -음, -요, ㅋㅋ).
 */
function plainPastAt(ms: Morpheme[], predicate: number, to: number): boolean {
  const last = lastBeforeSymbols(ms, predicate, to);
  return ms[last]!.surface === "다" && ms[last]!.tag === "EF" && isPastMarker(ms[last - 1]);
}

/**
 * The past-tense marker -었-/-았-/-였- (했다, 멈췄다, 했어야지), also as kuromoji-ko writes it contracted into
 * the stem's vowel (줬으면 → 주다 + ㅓㅆ, 뻔했다 → 뻔하다 + ㅕㅆ).
 */
function isPastMarker(m: Morpheme | undefined): boolean {
  return (
    m?.tag === "EP" &&
    (m.surface === "었" || m.surface === "았" || m.surface === "였" || m.surface.endsWith("ㅆ"))
  );
}

/**
 * Whether the predicate at `predicate` is -기로 하다, a decision reported (환불하기로 했다, 위원장직은 유지하기로
 * 했다, 매주 현황을 공개하기로 했다). In the outage sentences we wrote all 31 such sentences were plain facts, and
 * the review-trained model read 20 of them as complaints or praise.
 */
function decidedAt(ms: Morpheme[], predicate: number): boolean {
  return (
    ms[predicate]!.lemma === "하다" &&
    ms[predicate - 1]?.lemma === "로" &&
    ms[predicate - 2]?.surface === "기"
  );
}

/**
 * Whether the report at `predicate` is denied: a negator after its stem (공지하지 않았다, 밝히지 못했다) or
 * 안/못 before its word (안 알려줬다). A report not made is a complaint, not a fact.
 */
function reportDenied(ms: Morpheme[], predicate: number, to: number): boolean {
  for (let k = predicate + 1; k <= to; k++)
    if (POST_NEGATOR_LEMMAS.has(ms[k]!.lemma) || ms[k]!.lemma === "없다") return true;
  return isPreNegator(ms[wordStart(ms, predicate) - 1]);
}

/**
 * Whether the item's one rule is a negator's (안/못 before it, -지 않다/못하다 after it): in a reported fact a
 * weak word so negated is reported too (작동하지 않은 것으로 확인됐다), while a prefix (몰상식한 해명) or
 * pretence (사과하는 흉내를 냈다) is the writer's own judgement.
 */
function negatedOnlyByNegator(it: Item): boolean {
  return it.rules.length === 1 && it.negations === 1 && it.negatorNegations === 1;
}

/** Whether an item is one of the crisis's event nouns, or ends in one as a noun (news-roles.tsv `event`). */
function isEventNoun(events: ReadonlySet<string>, ms: Morpheme[], it: Item): boolean {
  return events.has(it.entry.term) || (ms[it.end]!.tag === "NNG" && events.has(ms[it.end]!.lemma));
}

/** Verbs that pass on what someone said without judging it (…라고 말했다, 밝혔다, 설명했다, 답했다, 표현했다). */
const PLAIN_SPEECH_VERBS = new Set([
  "말",
  "말하다",
  "밝히다",
  "설명",
  "답",
  "답하다",
  "전하다",
  "표현",
  "강조",
  "언급",
  "해명",
]);
/** Who speaks for the company: 회사 측은, 카카오 측은, 대표는, 경영진은. */
const COMPANY_SIDE_NOUNS = new Set(["측", "사측", "회사", "대표", "사장", "회장", "경영진"]);

/**
 * Where the clause [from, predicate] reports the company's own words plainly (회사 측은 "…"이라고 말했다, 대표는
 * 이번 사태를 'IT 업계의 비극'이라고 표현했다): the quote's bounds [open, close], else null. The words are the
 * company's, and a plain verb of saying adds no judgement of the writer's; what others say of it (업계 관계자는
 * "…"라고 비판했다) is a reaction, and stays. The speaker is a company-side noun before the quote with its subject
 * or topic particle.
 */
function companyQuoteAt(
  ms: Morpheme[],
  from: number,
  predicate: number,
  quotes: ReadonlyArray<QuoteSpan>,
): QuoteSpan | null {
  if (predicate < from + 3) return null;
  const quoting = ms[predicate - 1]!;
  const said =
    PLAIN_SPEECH_VERBS.has(ms[predicate]!.lemma) &&
    (quoting.tag === "JKQ" || (quoting.tag === "EC" && quoting.surface.endsWith("고")));
  // Or the quote is the company's words said while doing what the clause tells ("…"며 고개를 숙였다, "…"라며
  // 사과했다): -며 after a quote says "saying".
  const saying = ([, close]: QuoteSpan) => {
    const after = ms[close + 1]?.tag === "VCP" ? ms[close + 2] : ms[close + 1];
    return after?.tag === "EC" && after.surface.endsWith("며") && close + 2 < predicate;
  };
  const span = quotes.find((q) => q[0] > from && ((said && q[1] === predicate - 2) || (!said && saying(q))));
  if (!span) return null;
  const [open] = span;
  for (let k = from; k < open - 1; k++) {
    const next = ms[k + 1]!;
    if (
      COMPANY_SIDE_NOUNS.has(ms[k]!.lemma) &&
      ms[k]!.tag.startsWith("NN") &&
      (next.tag === "JX" || next.tag === "JKS")
    )
      return span;
  }
  return null;
}

/** Nouns that name a remark: a quote before one is named, not said ("IT 업계의 비극" 발언, '비극'이라는 표현). */
const REMARK_NOUNS = new Set(["발언", "표현", "말", "문구", "단어", "언급", "대목", "망언"]);

/**
 * Quoted words named as a remark (대표의 "IT 업계의 비극" 발언은 …, "비극"이라는 표현을 썼다) judge nothing
 * themselves: the sentence is about the remark, and what it says of it lies outside the quote (… 발언은 남 탓이다).
 */
function applyNamedRemarks(ms: Morpheme[], items: Item[], quotes: ReadonlyArray<QuoteSpan>): void {
  for (const [open, close] of quotes) {
    // Straight after the quote, or after 이라는/라는/는 (not 이라고, which quotes what was said).
    let h = close + 1;
    if (ms[h]?.tag === "VCP" && ms[h + 1]?.tag === "ETM") h += 2;
    else if (ms[h]?.tag === "ETM" || ms[h]?.surface === "는") h++;
    const head = ms[h];
    if (head?.tag === "NNG" && REMARK_NOUNS.has(head.lemma))
      for (const it of items)
        if (it.start > open && it.end < close && it.valence !== 0)
          judgesNothing(it, 0, `named as a remark (…${ms[close]!.surface} ${head.surface}) ×0`);
  }
}

/** A quotation's marks: [open, close] morpheme indexes. */
type QuoteSpan = readonly [number, number];

/**
 * The text's quotations, in order: a mark opens one (an opening mark, SSO, always does) and the next mark
 * closes it. Read once per text by the rules about quoted words. kuromoji-ko tags brackets SSO/SSC too, so a
 * bracketed aside counts as a quotation here (isQuoteMark).
 */
function quoteSpans(ms: Morpheme[]): QuoteSpan[] {
  const spans: QuoteSpan[] = [];
  let open = -1;
  for (let k = 0; k < ms.length; k++) {
    if (!isQuoteMark(ms[k]!)) continue;
    if (open < 0 || ms[k]!.tag === "SSO") open = k;
    else {
      spans.push([open, k]);
      open = -1;
    }
  }
  return spans;
}

/** A quotation mark as kuromoji-ko tags it: SSO/SSC (which brackets share), or SY for the straight quotes. */
function isQuoteMark(m: Morpheme): boolean {
  return m.tag === "SSO" || m.tag === "SSC" || (m.tag === "SY" && QUOTE_MARKS.has(m.surface));
}

/**
 * What "that alone is something" (…한 게 어디냐, 결항 안 시킨 것만 해도 어디야) counts for: grudging praise, about
 * one mild good word (낫다 1.0, 다행 0.9).
 */
export const THAT_IS_SOMETHING_VALENCE = 1.0;

/** The words before 어디 in "X한 게 어디냐": the bound noun (게, 거, 것, 건) or -어도 (것만 해도 어디냐). */
const SOMETHING_HEADS = new Set(["게", "거", "것", "건"]);

/**
 * Whether the clause [from, to] ends in "that alone is something": a bound noun or -아도/-어도, then 어디 with
 * the copula and a plain question ending (사과한 게 어디야, 결항 안 시킨 것만 해도 어디냐). Asked of what was
 * done, it grants it; it is no rhetorical attack and no request for a place.
 */
function thatIsSomethingAt(ms: Morpheme[], from: number, to: number): boolean {
  const last = lastBeforeSymbols(ms, from, to);
  const ending = ms[last]!;
  // A comment's nominal ending counts too (챙겨준 게 어디임).
  const nominal = ending.tag === "ETN" && (ending.surface === "ㅁ" || ending.surface === "임");
  if (!nominal && (!ending.tag.startsWith("E") || !/^(이?냐|이?야|[에예]요|ㅔ요)$/.test(ending.surface)))
    return false;
  const where = ms[last - 2];
  if (where?.lemma !== "어디" || ms[last - 1]!.tag !== "VCP" || last - 2 <= from) return false;
  let head = ms[last - 3]!;
  // 게 as kuromoji-ko sometimes reads it: 것 + 이/JKS.
  if (head.tag === "JKS" && head.surface === "이" && last - 3 > from) head = ms[last - 4]!;
  return SOMETHING_HEADS.has(head.surface) || (head.tag === "EC" && /[아어]도$/.test(head.surface));
}

/**
 * What "never again" (다신 안 씀, 다시는 이용하지 않겠다) counts for on its own: a customer turned away, about
 * as much as one clear word of disappointment (실망 -1.6).
 */
export const NEVER_AGAIN_VALENCE = -1.5;

/**
 * Whether the clause [from, to] says "never again": 다시 with a topic particle (다시는, 다신), then a negator
 * (안/못 before a predicate, -지 않다/못하다 after one) with nothing rated in between (다신 안 씀, 다시는 안 탄다,
 * 다시는 이용하지 않겠습니다). Not a purpose (다시는 이런 일이 일어나지 않도록: a pledge), and not where a
 * rated word is negated (다시는 불편을 드리지 않겠다 is read by the negation rules).
 */
function neverAgainAt(ms: Morpheme[], from: number, to: number, items: readonly Item[]): boolean {
  for (let k = from; k < to; k++) {
    if (ms[k]!.lemma !== "다시" || ms[k]!.tag !== "MAG" || ms[k + 1]?.tag !== "JX") continue;
    if (ms[k + 1]!.surface !== "는" && ms[k + 1]!.surface !== "ㄴ") continue;
    for (let j = k + 2; j <= to; j++) {
      const m = ms[j]!;
      const negator = isPreNegator(m) || (m.tag === "VX" && POST_NEGATOR_LEMMAS.has(m.lemma));
      if (!negator) continue;
      if (items.some((it) => it.start > k && it.start <= j + 2 && it.valence !== 0)) return false;
      // The negated word's ending: -도록/-게 make it a purpose or a wish, not a refusal.
      for (let e = j + 1; e <= to && ms[e]!.word <= m.word + 1; e++)
        if (ms[e]!.tag === "EC" && (ms[e]!.surface === "도록" || ms[e]!.surface === "게")) return false;
      return true;
    }
    return false;
  }
  return false;
}

/** What a reproach (-었어야지) counts for on its own: about one clear word of blame (아쉽다 -1.0, 늑장 -1.8). */
export const SHOULD_HAVE_VALENCE = -1.2;

/** How much -기 그지없다 / -기 짝이 없다 strengthens the word before it: about as much as 정말 does. */
export const NO_END_BOOST = 1.3;

/** Index of a past -어야 (했어야지, 말았어야 했다, 했어야죠) in [from, to], else -1. */
function shouldHaveAt(ms: Morpheme[], from: number, to: number): number {
  for (let k = from; k < to; k++) {
    const m = ms[k]!;
    if (!isPastMarker(m)) continue;
    const next = ms[k + 1]!;
    if (next.tag.startsWith("E") && (next.surface.startsWith("어야") || next.surface.startsWith("아야")))
      return k;
  }
  return -1;
}

/** Nouns of doubt that can be a clause's predicate (의문이다, 의심스럽다). */
const DOUBT_NOUNS = new Set(["의문", "의심"]);
/** Verbs that voice a doubt as their object (의문을 제기했다, 의문을 품었다, 의문을 던졌다). */
const DOUBT_RAISING = new Set(["제기", "품다", "던지다"]);

/**
 * Where the clause [from, to] ends in a predicate of doubt: the index of the doubt noun, else -1. Endings,
 * the copula, -스럽다 and punctuation after it are skipped; 미지수 comes out of kuromoji-ko as 미지 + 수다; a
 * doubt voiced by a verb (의문을 제기했다) counts as one stated.
 */
function doubtAt(ms: Morpheme[], from: number, to: number): number {
  let p = to;
  while (p >= from && isClauseTail(ms[p]!.tag, false)) p--;
  if (p < from) return -1;
  const m = ms[p]!;
  if (m.tag === "NNG" && DOUBT_NOUNS.has(m.lemma)) return p;
  if ((m.surface === "수다" || m.surface === "수") && ms[p - 1]?.lemma === "미지") return p - 1;
  // A doubt voiced (진정성에 의문을 제기했다): the doubt noun is the verb's object.
  const verb = m.tag === "XSV" ? p - 1 : p;
  if (verb > from && DOUBT_RAISING.has(ms[verb]!.lemma)) {
    let j = verb - 1;
    while (j > from && ms[j]!.tag.startsWith("J")) j--;
    if (ms[j]!.tag === "NNG" && DOUBT_NOUNS.has(ms[j]!.lemma)) return j;
  }
  return -1;
}

/**
 * Scores one text from its morphemes. `text` is the same text (used for punctuation and emoticons).
 * `headline`: the text is (part of) a tagged news headline; by default, when it starts with a tag itself.
 */
export function scoreMorphemes(
  ms: Morpheme[],
  text: string,
  lex: Lexicons,
  opts: { headline?: boolean } = {},
): SentimentScore {
  const words = wordSurfaces(text, ms);
  const { items, consumed } = findItems(ms, lex);
  applyCompoundTails(ms, items);
  const quotes = quoteSpans(ms);
  applyNamedRemarks(ms, items, quotes);
  applyTopicModifiers(ms, items, lex.news, words);
  applyBoosters(ms, items, lex, words);
  applyPrefixNegation(ms, items, consumed);
  applyPretence(ms, items);
  applyEmbeddedQuestions(ms, items);
  applyContraryTo(ms, items);
  applyCausalTat(ms, items);
  applyConstructions(ms, items, consumed, words);
  const extra: TermContribution[] = [];
  // Evidence bits of the extra terms (pledge, asking question); the items carry their own.
  let evidence = 0;
  /** A clause-level reading of the rules (a reproach, a retort …): a term of its own, and structural evidence. */
  const ruleReading = (term: string, valence: number, rule: string) => {
    extra.push({ term, tag: "RULE", valence, rule });
    evidence |= OTHER_EVIDENCE;
  };
  // Where each "does not work" term stands (its 안/못), for the question rules below.
  const notWorkingAt = new Map<TermContribution, number>();
  const negationPresent = applyNegation(ms, items, consumed, lex, extra, words, notWorkingAt);

  // Items are in text order and segments too: one cursor walks both (filtering per segment was quadratic).
  let firstItem = 0;
  for (const [from, to] of segmentsOf(ms)) {
    while (firstItem < items.length && items[firstItem]!.start < from) firstItem++;
    const inSegment: Item[] = [];
    for (let k = firstItem; k < items.length && items[k]!.start <= to; k++)
      if (items[k]!.end <= to) inSegment.push(items[k]!);
    const contrast = lastContrast(ms, from, to, lex, words);
    if (contrast && inSegment.length > 0) {
      const before = firstThenAt(ms, from, contrast.index)
        ? Math.min(contrast.entry.valence, FIRST_THEN_BEFORE_WEIGHT)
        : contrast.entry.valence;
      const after = CONTRAST_TOTAL_WEIGHT - before;
      for (const it of inSegment) {
        if (it.end < contrast.index) {
          it.valence *= before;
          it.rules.push(`before contrast ${contrast.entry.term} ×${before}`);
          it.evidence |= OTHER_EVIDENCE;
        } else if (it.start > contrast.index) {
          it.valence *= after;
          it.rules.push(`after contrast ${contrast.entry.term} ×${after}`);
          it.evidence |= OTHER_EVIDENCE;
        }
      }
    }
    const segText = segmentText(ms, from, to).trim();
    const hasQuestionMark = /[?？]/.test(segText);
    // A reported fact (its predicate announces, schedules or records) whose only sentiment words are the
    // crisis's event nouns judges nothing: 장애 원인은 설정 오류로 파악됐다고 회사 측은 전했다.
    let predicate = lastPredicateAt(ms, from, to);
    // -ㄴ 바 있다 ("has happened before": 지연이 발생한 바 있다) records what the verb before it says.
    if (predicate > from + 2 && ms[predicate]!.lemma === "있다" && ms[predicate - 1]!.lemma === "바")
      predicate = lastPredicateAt(ms, from, predicate - 2);
    const quote = predicate >= 0 ? companyQuoteAt(ms, from, predicate, quotes) : null;
    if (quote)
      for (const it of inSegment)
        if (it.start > quote[0] && it.end < quote[1] && it.valence !== 0)
          judgesNothing(it, 0, `the company's own words, reported (${ms[predicate]!.surface}) ×0`);
    const framed =
      predicate >= 0 &&
      (lex.news.reports.has(ms[predicate]!.lemma) ||
        hearsayAt(ms, predicate, to) ||
        decidedAt(ms, predicate) ||
        measuredChangeAt(ms, predicate, from, lex.news));
    // A clause narrated in the plain past (서비스가 10시간 넘게 먹통이 됐다, 결제도 멈췄다) reports too, but
    // only its event nouns go: a weak word there is more often the writer's (해명은 궁색했다, 탓만 했다).
    const narrated = !framed && predicate >= 0 && plainPastAt(ms, predicate, to);
    // A report denied (공지하지 않았다) is a complaint; a narrated event denied (수수료가 정산되지 않았다) is
    // still narration, but with nothing rated it is left to the model (고객센터는 전화도 받지 않았다).
    const denied = predicate >= 0 && reportDenied(ms, predicate, to);
    // A contrast is mostly the writer weighing one side against the other, unless both sides only name the
    // crisis's events (장애가 발생했으나 대부분 당일 복구됐다: narration).
    const onlyEvents =
      inSegment.length > 0 &&
      inSegment.every((it) => isEventNoun(lex.news.events, ms, it) && it.negations === 0);
    const reported =
      (!contrast || onlyEvents) && (framed || narrated) && (!denied || narrated) && !hasQuestionMark;
    if (reported && inSegment.length === 0 && !denied) {
      // Nothing rated at all (과부하가 발생했다고 설명했다): marked, so the hybrid keeps it neutral too.
      extra.push({ term: "(report)", tag: "RULE", valence: 0, rule: "a reported fact, judges nothing" });
      evidence |= FACT_EVIDENCE;
    } else if (
      reported &&
      inSegment.every(
        (it) =>
          (isEventNoun(lex.news.events, ms, it) && it.negations === 0) ||
          it.valence === 0 ||
          (Math.abs(it.valence) <= REPORTED_WEAK_WORD_LIMIT &&
            (it.rules.length === 0 || negatedOnlyByNegator(it)) &&
            !narrated),
      )
    )
      for (const it of inSegment) {
        if (it.valence === 0) continue;
        const what = isEventNoun(lex.news.events, ms, it) ? "an event" : "a weak word";
        judgesNothing(
          it,
          REPORTED_EVENT_WEIGHT,
          `${what} in a reported fact (${ms[predicate]!.surface}) ×${REPORTED_EVENT_WEIGHT}`,
        );
      }
    // A clause whose predicate is doubt (지켜질지 의문이다, 진정성이 의심스럽다, 성공할지는 미지수다) does not
    // assert the good things it names: they are doubted, as in a rhetorical question. Only the clause after a
    // contrast is (복구는 빨랐지만 재발 방지가 될지는 의문이다).
    const doubt = doubtAt(ms, from, to);
    if (doubt >= 0)
      for (const it of inSegment) {
        if (it.end >= doubt || it.valence <= 0 || (contrast && it.start < contrast.index)) continue;
        it.valence *= DEFAULT_NEGATION_SCALAR;
        it.rules.push(`doubted by ${ms[doubt]!.surface}`);
      }
    // -었어야지 / -었어야 했다 ("should have": 먼저 연락했어야지, 터지지 말았어야지) reproaches: what should
    // have been done was not, so its good words are not asserted, and the clause blames.
    const should = shouldHaveAt(ms, from, to);
    if (should >= 0) {
      for (const it of inSegment) {
        if (it.end >= should || it.valence <= 0 || (contrast && it.start < contrast.index)) continue;
        negate(it, DEFAULT_NEGATION_SCALAR, "should have (-었어야)");
      }
      ruleReading("(should have)", SHOULD_HAVE_VALENCE, "a reproach");
    }
    if (neverAgainAt(ms, from, to, inSegment))
      ruleReading("(never again)", NEVER_AGAIN_VALENCE, "turns away");
    // Questions that attack whatever their ending: one quoted as a retort (말이 되느냐고 따졌다, 이게 최선이냐고
    // 반문했다) and -면 뭐해 ("what's the use if": 빠르기만 하면 뭐함). What they name before them is asserted as
    // its opposite, and they criticise.
    const turned = turnedQuestionAt(ms, from, to);
    if (turned) {
      for (const it of inSegment)
        if (it.end < turned.at && it.valence > 0) negate(it, DEFAULT_NEGATION_SCALAR, turned.why);
      ruleReading("(rhetorical question)", RHETORICAL_QUESTION_VALENCE, turned.why);
      continue;
    }
    if (thatIsSomethingAt(ms, from, to)) {
      ruleReading("(that is something)", THAT_IS_SOMETHING_VALENCE, "grants what was done (-ㄴ 게 어디냐)");
      continue;
    }
    const strong =
      (STRONG_QUESTION.test(segText) && !EXCLAMATIVE_ENDING.test(segText) && !THEN_ENDING.test(segText)) ||
      ECHO_QUESTION.test(segText);
    const polite =
      (POLITE_QUESTION.test(segText) && (hasQuestionMark || /까요|습니까/.test(segText))) ||
      endsInNa(ms, from, to);
    const isQuestion =
      hasQuestionMark ||
      strong ||
      polite ||
      whatIsThereAt(ms, from, predicate) ||
      whoDeAt(ms, from, to, segText) ||
      nominalQuestionAt(ms, from, to);
    if (!isQuestion) {
      // A pledge (인프라에 투자하겠다, 보상하겠습니다) is judged by its own words: the hybrid does not let the
      // review-trained model, which reads -겠다 and 투자 as complaints, overrule them (hybrid.ts).
      if (pledgeIn(ms, from, to)) {
        extra.push({ term: "(pledge)", tag: "RULE", valence: 0, rule: "a pledge, judged by its own words" });
        evidence |= PLEDGE_EVIDENCE;
      }
      continue;
    }
    // 훌륭한 거 아닌가요?: an assertion of what the question negates (endsNegativeQuestion); nothing to adjust.
    let assertion = false;
    for (let k = from; k <= to; k++) if (endsNegativeQuestion(ms, k, words)) assertion = true;
    if (assertion) continue;
    // A polite question (-나요, -가요, -ㄹ까요, -습니까) or a comment's nominal one (-음?, -임?, -됨?: 보상 신청
    //어디서 함?) asks for a fact at least as often as it attacks.
    const asks = politeEnding(segText) || (hasQuestionMark && nominalEnding(ms, from, to));
    // Whether the segment holds a negator; in a question that asks, 안/못 되다 alone does not count, since it
    // asks whether a service works (카카오뱅크도 안되는거임?).
    let segmentNegated = false;
    let askingNegated = false;
    for (let k = from; k <= to && !askingNegated; k++) {
      const m = ms[k]!;
      if (consumed.has(k) || matchModifier(lex.negators, m) === null) continue;
      // 아니면 ("or": 취소되나요 아니면 신청해야 하나요?) and 없이 ("without") negate no predicate, nor does
      // a negation with -아도 ("even without": 재설치하지 않아도 되나요?, 안 가도 되나요?), which asks leave.
      if ((m.lemma === "아니다" && ms[k + 1]?.surface === "면") || m.lemma === "없이") continue;
      if (concessiveNegation(ms, k) || negatesInsideRelativeClause(ms, k)) continue;
      // Nor does a negation in a condition (메일이 안 보이면 스팸함도 확인해 봐야 하나요?): it says when to ask.
      if (negatesCondition(ms, k)) continue;
      // Nor does 아니라 ("not X but Y": 현금이 아니라 이용권으로 주나요?), which only sets X against Y.
      if (m.lemma === "아니다" && ms[k + 1]?.surface === "라") continue;
      segmentNegated = true;
      // Nor does 없다 (정해진 거 없나요?, 방법 없나요?): it asks whether there is any; but -ㄹ 수 없나요 ("can't
      // you?": 책임질 순 없나요?) attacks.
      const cannot =
        ms[k - 1]?.lemma === "수" || (ms[k - 1]?.tag.startsWith("J") === true && ms[k - 2]?.lemma === "수");
      askingNegated = !(isPreNegator(m) && ms[k + 1]?.lemma === "되다") && (m.lemma !== "없다" || cannot);
    }
    let cue = false;
    for (let k = from; k <= to && !cue; k++) {
      const m = ms[k]!;
      // 아직도 comes out of kuromoji-ko as 아직 + 도.
      const still = m.lemma === "아직" && ms[k + 1]?.surface === "도" && ms[k + 1]?.word === m.word;
      // In such a question 어떻게 asks how (어떻게 확인함?), unless it asks how anyone could (어떻게 이럴 수가);
      // kuromoji-ko mostly reads it as 어떻다 + 게.
      const howAt =
        m.surface === "어떻게" ? k + 1 : m.lemma === "어떻다" && ms[k + 1]?.surface === "게" ? k + 2 : -1;
      const howCould = howAt > 0 && HOW_COULD.has(ms[howAt]?.lemma ?? "");
      const how = howAt > 0 && asks && !howCould;
      // 대체 is "on earth" only as an adverb: the noun is a substitute (대체 교통비, 대체편). Before a question
      // word it is the adverb, whatever kuromoji-ko tags it (대체 뭐함).
      const substitute = m.lemma === "대체" && m.tag !== "MAG" && !QUESTION_WORDS.has(ms[k + 1]?.lemma ?? "");
      // In a question that asks, 뭐 asks which (라인이랑 텔레그램 중에 뭐가 나음?); it attacks with 하다 (뭐 하는 거냐).
      // So it does before a verb other than 하다 (다른 앱 뭐 쓰세요?).
      const after = ms[k + 1];
      const which =
        asks &&
        m.lemma === "뭐" &&
        (after?.tag.startsWith("J") === true || (after?.tag === "VV" && after.lemma !== "하다"));
      cue =
        ((RHETORICAL_CUES.has(m.lemma) || RHETORICAL_CUES.has(m.surface)) &&
          !how &&
          !substitute &&
          !which &&
          !indefiniteAt(ms, k)) ||
        howCould ||
        still;
    }
    // "Does this make sense?" and "is this real?" are never asked for an answer (말이 됨?, 이게 실화임?).
    let disbelief = inSegment.some((it) => it.entry.term === "말+되다");
    for (let k = from; k <= to && !disbelief; k++) disbelief = ms[k]!.lemma === "실화";
    // The crisis's own event nouns do not make a question an attack (통신사 장애 몇시부터였음?).
    const segSum = inSegment.reduce(
      (s, it) => s + (isEventNoun(lex.news.events, ms, it) ? 0 : it.valence),
      0,
    );
    // A polite or nominal question with a bad word in it is most often a real one in comments (사퇴 발표 몇 시에
    // 했어요?, 결제 실패한 건 자동 취소되나요?): only cues and negation make it rhetorical (책임질 순 없나요?).
    // A question that checks what was heard (영향 없었다고 하던데 맞나요?, SK 건물이라던데 카카오 소유는 아니었던
    // 거죠?): what it repeats, negations included, is the fact checked, not an attack.
    const checking = asks && HEARD_THAT.test(segText);
    const rhetorical =
      strong ||
      cue ||
      disbelief ||
      (!checking && negationPresent && (asks ? askingNegated : segmentNegated)) ||
      (segSum < 0 && !asks);
    for (const it of inSegment) {
      // A question that asks names the crisis's events to ask about them (통신사 장애 몇시부터였음?, 장애
      // 언제 복구되나요?): like a reported fact, it judges nothing.
      if (
        !rhetorical &&
        asks &&
        it.valence !== 0 &&
        it.negations === 0 &&
        isEventNoun(lex.news.events, ms, it)
      ) {
        judgesNothing(
          it,
          REPORTED_EVENT_WEIGHT,
          `an event in a question that asks ×${REPORTED_EVENT_WEIGHT}`,
        );
        continue;
      }
      if (it.valence <= 0) continue;
      if (rhetorical) {
        it.valence *= DEFAULT_NEGATION_SCALAR;
        it.rules.push("asserted as its opposite by a rhetorical question");
        it.evidence |= OTHER_EVIDENCE;
      } else {
        it.valence *= GENUINE_QUESTION_POSITIVE_WEIGHT;
        it.rules.push(`in a question ×${GENUINE_QUESTION_POSITIVE_WEIGHT}`);
      }
    }
    if (rhetorical) {
      extra.push({
        term: "(rhetorical question)",
        tag: "RULE",
        valence: RHETORICAL_QUESTION_VALENCE,
        rule: `question ending: ${segText.slice(-8)}`,
      });
    } else if (asks) {
      // A polite question that is not rhetorical asks for a fact (보상 어디서 신청해요?): the hybrid keeps a
      // text made only of such questions neutral (hybrid.ts FACT_EVIDENCE), as it does plain reports. What
      // does not work is asked about too (호출이 안 될 때 쓸 앱은 어떤 게 있나요?).
      for (const [t, at] of notWorkingAt) {
        if (at < from || at > to || t.valence === 0) continue;
        t.valence = 0;
        t.rule = `${t.rule}; in a question that asks ×0`;
      }
      extra.push({ term: "(question)", tag: "RULE", valence: 0, rule: "asks, judges nothing" });
      evidence |= FACT_EVIDENCE;
    }
  }

  for (const k of byeolloVerdicts(ms, items))
    extra.push({
      term: "별로",
      tag: ms[k]!.tag,
      valence: BYEOLLO_VERDICT_VALENCE,
      rule: "별로 as a verdict",
    });

  const expressive = findExpressive(text, lex);
  // Praise said twice in a row (대단하다 대단해, 잘한다 잘해) or drawn out with a tilde (참 잘~한다) mocks; so
  // does greatness laughed at beside a clear fault (대단한 리더십이네요 사고 나니까 바로 퇴장하시고ㅋㅋ).
  const laughing = expressive.some((e) => LAUGHTER_TOKENS.has(e.term));
  for (const it of items) {
    if (it.valence <= 0 || !MOCKED_PRAISE.has(it.entry.term)) continue;
    const twice = items.some(
      (o) => o !== it && o.entry === it.entry && Math.abs(o.firstWord - it.firstWord) === 1,
    );
    let drawnOut = false;
    for (let k = it.start; k <= it.end; k++) if (ms[k]!.surface === "~") drawnOut = true;
    // Greatness praised with the honorific -시- (대단하십니다, 훌륭하시네요): a commenter bowing to the company
    // mocks it. Not 잘하셨습니다, which thanks as often.
    let bowing = false;
    if (it.entry.term !== "잘+하다")
      for (let k = it.end + 1; k < ms.length && ms[k]!.word === ms[it.end]!.word && !bowing; k++)
        bowing = ms[k]!.tag === "EP" && ms[k]!.lemma === "시";
    const laughedAt = laughing && items.some((o) => o !== it && o.valence <= -1);
    if (!twice && !drawnOut && !bowing && !laughedAt) continue;
    it.valence *= DEFAULT_NEGATION_SCALAR;
    it.rules.push(
      twice
        ? "irony: praise said twice in a row"
        : drawnOut
          ? "irony: praise drawn out with ~"
          : bowing
            ? "irony: greatness praised with -시-"
            : "irony: praise laughed at beside a fault",
    );
  }
  // Praise beside a token of contempt (대단하다 대단해 … ㅉㅉ) is irony: it says the opposite.
  if (expressive.some((e) => CONTEMPT_TOKENS.has(e.term)))
    for (const it of items) {
      if (it.valence <= 0) continue;
      it.valence *= DEFAULT_NEGATION_SCALAR;
      it.rules.push("irony: praise beside a token of contempt");
    }

  // A wire headline ([속보], [단독], [종합] …) reports: its words name what happened, not the desk's judgement
  // (an opinion tag such as [사설] or [칼럼] is not one). A word the headline negates stays.
  if (opts.headline ?? isNewsHeadline(text)) {
    for (const it of items)
      if (it.valence !== 0 && it.negations === 0) judgesNothing(it, 0, "in a news headline ×0");
    extra.push({ term: "(headline)", tag: "RULE", valence: 0, rule: "a news headline, judges nothing" });
    evidence |= FACT_EVIDENCE;
  }

  let sum = items.reduce((s, it) => s + it.valence, 0) + extra.reduce((s, t) => s + t.valence, 0);

  let expressiveSum = 0;
  for (const e of expressive) {
    expressiveSum += e.valence;
    extra.push({ term: e.term, tag: tagOf(e), valence: e.valence, rule: "expressive" });
  }
  if (sum < 0 && expressive.some((e) => e.valence < 0)) {
    const amplify = sum * EXPRESSIVE_NEGATIVE_AMPLIFIER;
    sum += amplify;
    extra.push({
      term: "(ridicule)",
      tag: "RULE",
      valence: round3(amplify),
      rule: "expressive amplifies negativity",
    });
  }
  sum += expressiveSum;

  const exclamations = Math.min(countOf(text, "!", "！"), MAX_EXCLAMATIONS);
  const questionMarks = countOf(text, "?", "？");
  let emphasis = exclamations * EXCLAMATION_INCREMENT;
  if (questionMarks > 1)
    emphasis += questionMarks <= 3 ? questionMarks * QUESTION_MARK_INCREMENT : QUESTION_MARK_CAP;
  if (sum !== 0 && emphasis > 0) {
    const signed = emphasis * Math.sign(sum);
    sum += signed;
    extra.push({ term: "!?", tag: "SF", valence: round3(signed), rule: "repeated punctuation" });
  }

  const terms: TermContribution[] = items.map((it) => ({
    term: it.entry.term,
    tag: tagOf(it.entry),
    valence: round3(it.valence),
    ...(it.rules.length > 0 ? { rule: it.rules.join("; ") } : {}),
    ...(it.negations > 0 ? { negations: it.negations } : {}),
  }));
  terms.push(...extra);

  for (const it of items) evidence |= it.evidence;
  const compound = round3(normalizeScore(sum));
  return { compound, label: labelFor(compound), ...shares(terms, ms, items), terms, evidence };
}

/** How often either of two characters occurs in `text`. */
function countOf(text: string, a: string, b: string): number {
  const ca = a.charCodeAt(0);
  const cb = b.charCodeAt(0);
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === ca || c === cb) n++;
  }
  return n;
}

/** An entry's tags as a term shows them (NNG+VV, or * for any), made once per entry. */
const tagStrings = new WeakMap<LexiconEntry, string>();
function tagOf(entry: LexiconEntry): string {
  let tag = tagStrings.get(entry);
  if (tag === undefined) {
    tag = entry.tags?.join("+") ?? "*";
    tagStrings.set(entry, tag);
  }
  return tag;
}

/** VADER's pos/neu/neg proportions: each sentiment term adds |v| + 1 to its side, each plain word 1 to neu. */
function shares(terms: TermContribution[], ms: Morpheme[], items: Item[]) {
  let pos = 0;
  let neg = 0;
  for (const t of terms) {
    if (t.valence > 0) pos += t.valence + 1;
    else if (t.valence < 0) neg += -t.valence + 1;
  }
  // Items come in text order, so their first words never decrease: distinct ones are counted in one pass.
  let wordsWithTerms = 0;
  for (let k = 0; k < items.length; k++)
    if (k === 0 || items[k]!.firstWord !== items[k - 1]!.firstWord) wordsWithTerms++;
  const wordCount = ms.length > 0 ? ms[ms.length - 1]!.word + 1 : 0;
  const neu = Math.max(0, wordCount - wordsWithTerms);
  const total = pos + neg + neu;
  if (total === 0) return { pos: 0, neu: 1, neg: 0 };
  return { pos: round3(pos / total), neu: round3(neu / total), neg: round3(neg / total) };
}

/**
 * A document's score from its sentences: a weighted mean of compounds in which sentences without any
 * sentiment term weigh NEUTRAL_SENTENCE_WEIGHT, so a long factual article with three damning sentences
 * still reads negative. Terms are concatenated so the document can be explained too.
 */
export function scoreDocument(sentenceScores: SentimentScore[]): SentimentScore {
  if (sentenceScores.length === 0) return { compound: 0, label: "neu", pos: 0, neu: 1, neg: 0, terms: [] };
  let weighted = 0;
  let weights = 0;
  let pos = 0;
  let neu = 0;
  let neg = 0;
  for (const s of sentenceScores) {
    // Terms the rules reduced to nothing (an event in a reported fact) leave a sentence neutral too.
    const w = s.terms.every((t) => t.valence === 0) ? NEUTRAL_SENTENCE_WEIGHT : 1;
    weighted += s.compound * w;
    weights += w;
    pos += s.pos;
    neu += s.neu;
    neg += s.neg;
  }
  const n = sentenceScores.length;
  const compound = round3(weighted / weights);
  return {
    compound,
    label: labelFor(compound),
    pos: round3(pos / n),
    neu: round3(neu / n),
    neg: round3(neg / n),
    terms: sentenceScores.flatMap((s) => s.terms),
    evidence: sentenceScores.reduce((bits, s) => bits | (s.evidence ?? 0), 0),
  };
}
