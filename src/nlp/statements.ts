/**
 * Tracked statements (data/statements.yaml) and the sentences that mention them.
 *
 * Matching is on morpheme lemmas with the function morphemes dropped (particles, endings, 하다/되다 suffixes,
 * the copula, punctuation), so spacing and particles never matter: IT업계의 비극이라니, IT 업계의 비극이라고 and
 * 업계 비극 all become … 업계 비극 …. Patterns are lemma sequences; `~` allows a short gap.
 *
 * Role: the speaker's own utterance (a quote attributed to one of the statement's aliases, indirect speech
 * with the speaker as subject, a bare quote of the statement, or first-person words) is the `statement`;
 * everything else is a `reaction`, whose stance comes from cue words first and sentiment second.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { z } from "zod";
import { ConfigError } from "../shared/errors.js";
import type { SentimentScore, Stance, StatementMention, TermContribution } from "../shared/types.js";
import { defaultLexiconDir, isEventTerm } from "./lexicon.js";
import type { Morpheme } from "./morph.js";

/** Nouns that name a statement as such, which take no side in a reaction's sentiment. */
const NAMING_NOUNS = new Set(["약속", "공약", "발언", "선언", "다짐", "언급", "표현", "계획", "방침"]);

/** How many content morphemes `~` may skip: enough for 주가가 15만원이 될 때까지 최저임금. */
export const PATTERN_GAP_MAX = 6;

/** A reaction's residual sentiment (its score without the statement's own words) beyond which it is
 * against or support when no cue word decides. About one mild term (|valence| 0.5) either way. */
export const STANCE_SENTIMENT_MARGIN = 0.5;

/** Aliases this short must equal the speaker exactly (그, 카카오), longer ones may be contained in it. */
const SHORT_ALIAS_LENGTH = 3;

type Pattern = Array<string | typeof GAP>;
const GAP = Symbol("gap");

export interface TrackedStatement {
  id: string;
  speaker: string;
  aliases: string[];
  date: string;
  original: string;
  variants: string[];
  /** Compiled `variants`. */
  patterns: Pattern[];
  /** Cue patterns shared by all statements (stance_cues in the file). */
  againstCues: Pattern[];
  supportCues: Pattern[];
}

const StatementSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  speaker: z.string().min(1),
  aliases: z.array(z.string().min(1)).default([]),
  date: z
    .union([z.string(), z.date()])
    .transform((d) => (d instanceof Date ? d.toISOString().slice(0, 10) : d)),
  original: z.string().min(1),
  variants: z.array(z.string().min(1)).min(1),
});

const FileSchema = z.object({
  statements: z.array(StatementSchema).min(1),
  stance_cues: z
    .object({ against: z.array(z.string()).default([]), support: z.array(z.string()).default([]) })
    .default({
      against: [],
      support: [],
    }),
});

export function defaultStatementsFile(): string {
  return path.join(defaultLexiconDir(), "..", "statements.yaml");
}

export function compilePattern(source: string): Pattern {
  return source
    .trim()
    .split(/\s+/)
    .map((p) => (p === "~" ? GAP : p.toLowerCase()));
}

export function parseStatements(text: string, file = "statements.yaml"): TrackedStatement[] {
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (err) {
    throw new ConfigError(`${file}: not valid YAML`, { cause: err });
  }
  const parsed = FileSchema.safeParse(raw);
  if (!parsed.success) throw new ConfigError(`${file}: ${z.prettifyError(parsed.error)}`);
  const againstCues = parsed.data.stance_cues.against.map(compilePattern);
  const supportCues = parsed.data.stance_cues.support.map(compilePattern);
  const ids = new Set<string>();
  return parsed.data.statements.map((s) => {
    if (ids.has(s.id)) throw new ConfigError(`${file}: duplicate statement id ${s.id}`);
    ids.add(s.id);
    return {
      ...s,
      aliases: [s.speaker, ...s.aliases],
      patterns: s.variants.map(compilePattern),
      againstCues,
      supportCues,
    };
  });
}

export function loadStatements(file: string = defaultStatementsFile()): TrackedStatement[] {
  return parseStatements(readFileSync(file, "utf8"), file);
}

/** Tags that carry no content for matching: particles, endings, suffixes, copula, punctuation, symbols. */
function isFunctionMorpheme(m: Morpheme): boolean {
  const t = m.tag;
  return (
    t.startsWith("J") ||
    t.startsWith("E") ||
    t === "XSV" ||
    t === "XSA" ||
    t === "VCP" ||
    (t.startsWith("S") && t !== "SL" && t !== "SN" && t !== "SH")
  );
}

interface ContentToken {
  lemma: string;
  index: number;
}

export function contentTokens(ms: Morpheme[]): ContentToken[] {
  const out: ContentToken[] = [];
  ms.forEach((m, index) => {
    if (!isFunctionMorpheme(m)) out.push({ lemma: m.lemma.toLowerCase(), index });
  });
  return out;
}

/** Where `pattern` first matches in `tokens`: the token positions of its literal parts, or null. */
export function matchPattern(pattern: Pattern, tokens: ContentToken[]): number[] | null {
  const first = pattern[0];
  if (typeof first !== "string") return null;
  for (let start = 0; start < tokens.length; start++) {
    if (tokens[start]!.lemma !== first) continue;
    const hit = matchFrom(pattern, 1, tokens, start + 1, [start]);
    if (hit) return hit;
  }
  return null;
}

function matchFrom(
  pattern: Pattern,
  p: number,
  tokens: ContentToken[],
  t: number,
  acc: number[],
): number[] | null {
  if (p === pattern.length) return acc;
  const part = pattern[p]!;
  if (part === GAP) {
    for (let skip = 0; skip <= PATTERN_GAP_MAX && t + skip <= tokens.length; skip++) {
      const hit = matchFrom(pattern, p + 1, tokens, t + skip, acc);
      if (hit) return hit;
    }
    return null;
  }
  if (tokens[t]?.lemma !== part) return null;
  return matchFrom(pattern, p + 1, tokens, t + 1, [...acc, t]);
}

const compact = (s: string) => s.replace(/\s+/g, "");

export function isAliasOf(statement: TrackedStatement, speaker: string | null): boolean {
  if (speaker === null) return false;
  const who = compact(speaker);
  return statement.aliases.some((a) => {
    const alias = compact(a);
    return alias.length <= SHORT_ALIAS_LENGTH ? who === alias : who.includes(alias);
  });
}

const FIRST_PERSON = new Set(["저", "저희", "제"]);
const INDIRECT_SPEECH =
  /(?:다고|라고|겠다고|ㄴ다고|는다고|다며|라며)\s*(?:\S+\s*){0,2}?\S*(?:했|밝혔|말했|강조했|전했|약속했|선언했)/;

function isOwnUtterance(
  statement: TrackedStatement,
  input: { text: string; ms: Morpheme[]; speaker: string | null; isQuote: boolean },
): "own" | "first-person" | "other" {
  if (input.isQuote) {
    if (input.speaker !== null) return isAliasOf(statement, input.speaker) ? "own" : "other";
    // A bare quote with nothing around it (a lead quote under a headline) is the statement being cited.
    const t = input.text.trim();
    return /^["“'‘]/.test(t) && /["”'’][.!?]?$/.test(t) ? "own" : "other";
  }
  // Indirect speech with the speaker as subject: 남궁 대표는 … 물러난다고 했다.
  const subjectIsSpeaker = statement.aliases.some((a) => {
    if (a.length <= 1) return false; // 그 alone is too common a word to mark a subject outside quotes
    const re = new RegExp(`(?:^|\\s)${a.replace(/\s+/g, "\\s*")}(?:은|는|이|가|도)\\s`);
    return re.test(input.text);
  });
  if (subjectIsSpeaker && INDIRECT_SPEECH.test(input.text)) return "own";
  return input.ms.some((m) => m.tag === "NP" && FIRST_PERSON.has(m.lemma)) ? "first-person" : "other";
}

/** `firstHit`: the token where the statement's words start. */
function stanceOf(
  statement: TrackedStatement,
  tokens: ContentToken[],
  firstHit: number,
  matchedLemmas: Set<string>,
  score: SentimentScore,
  events: ReadonlySet<string>,
): Stance {
  // 무슨 right before the statement's words dismisses it (무슨 업계의 비극이냐, 무슨 반성).
  if (tokens[firstHit - 1]?.lemma === "무슨") return "against";
  const against = statement.againstCues.some((c) => cueHolds(c, tokens, score));
  const support = statement.supportCues.some((c) => cueHolds(c, tokens, score));
  let residual = 0;
  let ownWordsNegated = false;
  for (const term of score.terms) {
    const lemmas = term.term.split("+").map((l) => l.toLowerCase());
    if (lemmas.every((l) => matchedLemmas.has(l))) {
      if (isNegated(term)) ownWordsNegated = true;
      continue;
    }
    // The crisis's own events (장애, 사태의 피해) are what everyone writes about, not a side taken on the
    // statement: 서비스 장애의 책임을 지고 사의를 표명했다 reports the resignation, it does not oppose it. Nor
    // are the words that name a statement as one (약속, 공약, 발언: 남궁 대표가 약속한 인프라 투자 규모는 …).
    const namesOnly = isEventTerm(events, term.term) || NAMING_NOUNS.has(term.term);
    if (namesOnly && !isNegated(term)) continue;
    residual += term.valence;
  }
  if (ownWordsNegated) return "against"; // 업계의 비극이 아니라 카카오의 비극: the statement is denied
  if (against && !support) return "against";
  if (support && !against) return residual <= -2 * STANCE_SENTIMENT_MARGIN ? "against" : "support";
  if (residual <= -STANCE_SENTIMENT_MARGIN) return "against";
  if (residual >= STANCE_SENTIMENT_MARGIN) return "support";
  return "neutral";
}

/**
 * A cue counts when it occurs and the scorer did not negate it (공감 못한다 is not support), also when a variant
 * names the statement with it: in 비극 타령 or 사퇴 쇼 the dismissal is the reaction's, not the statement's.
 */
function cueHolds(cue: Pattern, tokens: ContentToken[], score: SentimentScore): boolean {
  const hit = matchPattern(cue, tokens);
  if (!hit) return false;
  const cueLemmas = cue.filter((p): p is string => typeof p === "string");
  const term = score.terms.find((t) => t.term.toLowerCase() === cueLemmas.join("+"));
  return term === undefined || !isNegated(term);
}

function isNegated(term: TermContribution): boolean {
  return (term.negations ?? 0) > 0;
}

const firstLemmas = new WeakMap<readonly TrackedStatement[], ReadonlySet<string>>();

/** The first word of every pattern of `statements`: a text holding none of them matches no pattern. */
function firstLemmasOf(statements: readonly TrackedStatement[]): ReadonlySet<string> {
  let set = firstLemmas.get(statements);
  if (!set) {
    set = new Set(
      statements.flatMap((s) => s.patterns.map((p) => p[0]).filter((w) => typeof w === "string")),
    );
    firstLemmas.set(statements, set);
  }
  return set;
}

/**
 * Every tracked statement `input` mentions, with its role and (for reactions) stance. `events` are the
 * lexicons' event nouns (news-roles.tsv), which take no side in a reaction's sentiment.
 */
export function findStatementMentions(
  input: {
    text: string;
    ms: Morpheme[];
    speaker: string | null;
    isQuote: boolean;
    score: SentimentScore;
    events: ReadonlySet<string>;
  },
  statements: TrackedStatement[],
): StatementMention[] {
  const tokens = contentTokens(input.ms);
  const out: StatementMention[] = [];
  // Most texts mention no statement: one look at each token against every pattern's first word settles that.
  const firsts = firstLemmasOf(statements);
  if (!tokens.some((t) => firsts.has(t.lemma))) return out;
  for (const statement of statements) {
    let matchedLemmas: Set<string> | null = null;
    let firstHit = -1;
    for (const pattern of statement.patterns) {
      const hit = matchPattern(pattern, tokens);
      if (hit) {
        matchedLemmas = new Set(pattern.filter((p): p is string => typeof p === "string"));
        firstHit = hit[0]!;
        break;
      }
    }
    if (!matchedLemmas) continue;
    const own = isOwnUtterance(statement, input);
    const stance = stanceOf(statement, tokens, firstHit, matchedLemmas, input.score, input.events);
    // First person alone is weak evidence (a commenter may write 저는 … 공감 못 한다): only a first-person
    // sentence that takes no side is read as the speaker restating the statement.
    if (own === "own" || (own === "first-person" && stance === "neutral")) {
      out.push({ statementId: statement.id, role: "statement", stance: "neutral" });
    } else {
      out.push({ statementId: statement.id, role: "reaction", stance });
    }
  }
  return out;
}
