/**
 * Lexicon files (docs/formats.md "Lexicons"): sentiment valences (general.tsv derived from corpora, domain.tsv
 * by hand) and the modifier lists the scorer's rules need (negators, boosters, dampeners, contrast, expressive).
 *
 * Loading is synchronous and cheap (a few thousand lines) so a worker can load it at start-up next to the
 * morpheme analyzer. Domain entries override general ones with the same lemma sequence, which is how a neutral
 * news noun (화재 = 0) overrides a valence the general corpus gave it.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { ConfigError } from "../shared/errors.js";
import { repoPath } from "../shared/paths.js";
import type { Morpheme } from "./morph.js";

export interface LexiconEntry {
  /** As written in the file: `먹통`, `보이다+주다+기+식`. */
  term: string;
  /** Lemmas of the parts. */
  parts: string[];
  /** Tags of the parts, or null for `*` (any). */
  tags: string[] | null;
  valence: number;
  source: string;
  note: string;
  /** Which file it came from (general, domain, negators …). */
  file: string;
}

export interface ModifierList {
  /** Entries matched on a morpheme's lemma (and tag, unless the entry says `*`). */
  byLemma: Map<string, LexiconEntry[]>;
  /** Entries with tags `*`, also matched on the whole word (eojeol) as written. */
  bySurface: Map<string, LexiconEntry>;
}

export interface Lexicons {
  /** Sentiment entries keyed by their first lemma; longest match wins in `matchSentiment`. */
  sentiment: Map<string, LexiconEntry[]>;
  /** Longest n-gram in `sentiment`, bounds the look-ahead. */
  maxParts: number;
  negators: ModifierList;
  boosters: ModifierList;
  dampeners: ModifierList;
  contrast: ModifierList;
  /** Matched on the text (see expressive.tsv's header), longest term first. */
  expressive: LexiconEntry[];
  /** Words with a role in how news reports a crisis (news-roles.tsv): the scorer's report rules read them. */
  news: NewsRoles;
  /** Files actually read, for provenance in reports and `--explain`. */
  files: string[];
}

const HEADER = ["term", "tags", "valence", "source", "note"];

/** news-roles.tsv (docs/formats.md "News roles"). */
export interface NewsRoles {
  /** Nouns naming what happens in the crisis (장애, 피해, 보상, 하락 …). */
  events: ReadonlySet<string>;
  /** Predicates that frame a clause as a reported fact (밝히다, 발표, 예정 …). */
  reports: ReadonlySet<string>;
  /** Procedural head nouns: a sentiment noun before one names a topic (경위, 원인, 관련 …). */
  topicHeads: ReadonlySet<string>;
  /** Predicates of a measured change (하락, 오르다, 줄다 …): with a figure before them they record a number. */
  measures: ReadonlySet<string>;
}

/**
 * Whether a scored term is one of the crisis's event nouns (news-roles.tsv), or a compound ending in one
 * (서비스+장애), as score.ts's isEventNoun reads items (statements.ts: they take no side on a statement).
 */
export function isEventTerm(events: ReadonlySet<string>, term: string): boolean {
  return events.has(term) || events.has(term.slice(term.lastIndexOf("+") + 1));
}

const NEWS_ROLES_HEADER = ["term", "role", "source", "note"];

const SENTIMENT_FILES = ["general.tsv", "domain.tsv"] as const;

/** data/lexicon of the repository. */
export function defaultLexiconDir(): string {
  return repoPath("data", "lexicon");
}

/**
 * The data rows of a lexicon TSV, columns trimmed, each with its 1-based line number for error messages:
 * blank and `#` lines are skipped, and the first other line must be `header`.
 */
function* tsvRows(
  text: string,
  file: string,
  header: readonly string[],
): Generator<{ cols: string[]; line: number }> {
  let sawHeader = false;
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === "" || line.startsWith("#")) continue;
    const cols = line.split("\t").map((c) => c.trim());
    if (!sawHeader) {
      if (header.some((h, k) => cols[k] !== h)) {
        throw new ConfigError(`${file}:${i + 1}: expected header "${header.join("\\t")}"`);
      }
      sawHeader = true;
      continue;
    }
    yield { cols, line: i + 1 };
  }
}

export function parseLexiconTsv(text: string, file: string): LexiconEntry[] {
  const out: LexiconEntry[] = [];
  for (const { cols, line } of tsvRows(text, file, HEADER)) {
    const [term, tags, valence, source, note] = cols;
    const value = Number(valence);
    if (!term || !tags || valence === undefined || valence === "" || !Number.isFinite(value)) {
      throw new ConfigError(`${file}:${line}: need term, tags and a numeric valence`);
    }
    if (Math.abs(value) > 4) throw new ConfigError(`${file}:${line}: valence ${value} outside [-4, 4]`);
    const parts = term.split("+");
    const tagParts = tags === "*" ? null : tags.split("+");
    if (tagParts && tagParts.length !== parts.length) {
      throw new ConfigError(`${file}:${line}: ${parts.length} parts but ${tagParts.length} tags`);
    }
    out.push({ term, parts, tags: tagParts, valence: value, source: source ?? "", note: note ?? "", file });
  }
  return out;
}

export function parseNewsRoles(text: string, file: string): NewsRoles {
  const roles = {
    event: new Set<string>(),
    report: new Set<string>(),
    "topic-head": new Set<string>(),
    measure: new Set<string>(),
  };
  for (const { cols, line } of tsvRows(text, file, NEWS_ROLES_HEADER)) {
    const [term, role] = cols;
    if (!term || role === undefined || !Object.hasOwn(roles, role)) {
      throw new ConfigError(`${file}:${line}: need a term and a role (event, report, topic-head or measure)`);
    }
    roles[role as keyof typeof roles].add(term);
  }
  return {
    events: roles.event,
    reports: roles.report,
    topicHeads: roles["topic-head"],
    measures: roles.measure,
  };
}

/** The text of `dir/name`; null when it is absent and not `required` (then a one-line error). */
function lexiconText(dir: string, name: string, required: boolean): string | null {
  const file = path.join(dir, name);
  if (!existsSync(file)) {
    if (required) throw new ConfigError(`lexicon file missing: ${file}`);
    return null;
  }
  return readFileSync(file, "utf8");
}

function readIfPresent(dir: string, name: string, required: boolean): LexiconEntry[] {
  const text = lexiconText(dir, name, required);
  return text === null ? [] : parseLexiconTsv(text, name);
}

function modifierList(entries: LexiconEntry[]): ModifierList {
  const byLemma = new Map<string, LexiconEntry[]>();
  const bySurface = new Map<string, LexiconEntry>();
  for (const e of entries) {
    const key = e.parts.join("+");
    byLemma.set(key, [...(byLemma.get(key) ?? []), e]);
    if (e.tags === null) bySurface.set(e.term, e);
  }
  return { byLemma, bySurface };
}

export interface LoadLexiconOptions {
  /** Use this file instead of `dir/general.tsv` (tests pin a small general lexicon this way). */
  generalFile?: string;
}

/** Loads every lexicon in `dir`; general.tsv is optional (derived by a separate command), the rest required. */
export function loadLexicons(dir: string = defaultLexiconDir(), options: LoadLexiconOptions = {}): Lexicons {
  const sentimentByTerm = new Map<string, LexiconEntry>();
  const files: string[] = [];
  for (const name of SENTIMENT_FILES) {
    const entries =
      name === "general.tsv" && options.generalFile !== undefined
        ? parseLexiconTsv(readFileSync(options.generalFile, "utf8"), name)
        : readIfPresent(dir, name, name === "domain.tsv");
    if (entries.length > 0) files.push(name);
    // Later files override earlier ones; within the general file the first entry for a term wins.
    for (const e of entries) {
      const key = `${e.parts.join("+")}\t${e.tags?.join("+") ?? "*"}`;
      if (name === "general.tsv" && sentimentByTerm.has(key)) continue;
      sentimentByTerm.set(key, e);
    }
  }
  // A domain entry overrides general entries for the same lemmas whatever their tags: the domain author looked
  // at the word in this domain and decided.
  const domainLemmas = new Set(
    [...sentimentByTerm.values()].filter((e) => e.file === "domain.tsv").map((e) => e.parts.join("+")),
  );
  for (const e of spelledApart([...sentimentByTerm.values()], domainLemmas))
    sentimentByTerm.set(`${e.parts.join("+")}\t${e.tags!.join("+")}`, e);
  const sentiment = new Map<string, LexiconEntry[]>();
  let maxParts = 1;
  for (const e of sentimentByTerm.values()) {
    if (e.file !== "domain.tsv" && domainLemmas.has(e.parts.join("+"))) continue;
    const first = e.parts[0]!;
    sentiment.set(first, [...(sentiment.get(first) ?? []), e]);
    maxParts = Math.max(maxParts, e.parts.length);
  }
  const modifiers = (name: string) => {
    files.push(name);
    return modifierList(readIfPresent(dir, name, true));
  };
  const negators = modifiers("negators.tsv");
  const boosters = modifiers("boosters.tsv");
  const dampeners = modifiers("dampeners.tsv");
  const contrast = modifiers("contrast.tsv");
  files.push("expressive.tsv");
  const expressive = readIfPresent(dir, "expressive.tsv", true).sort((a, b) => b.term.length - a.term.length);
  files.push("news-roles.tsv");
  const news = parseNewsRoles(lexiconText(dir, "news-roles.tsv", true)!, "news-roles.tsv");
  return { sentiment, maxParts, negators, boosters, dampeners, contrast, expressive, news, files };
}

/** An adjective made of a noun and 없다/있다 (재미없다, 어이없다, 멋있다), split into its noun and the predicate. */
const NOUN_PLUS_EXISTENCE = /^(\p{Script=Hangul}+)(없다|있다)$/u;

/**
 * The same adjectives written apart, as comments and news often write them (재미가 없다, 어이가 없네, 손색이
 * 없다, 멋이 있다): a noun+predicate entry with the adjective's value, so the phrase reads as the word does
 * instead of as a negated noun (재미 +0.56 under 없다) or as nothing (어이). Particles may sit between the parts
 * (matchCandidate). A phrase the lexicons already list (대책+없다) keeps its own entry.
 */
function spelledApart(entries: readonly LexiconEntry[], domainLemmas: ReadonlySet<string>): LexiconEntry[] {
  const listed = new Set(entries.map((e) => e.parts.join("+")));
  const out: LexiconEntry[] = [];
  for (const e of entries) {
    if (e.parts.length !== 1 || (e.tags !== null && e.tags[0] !== "VA")) continue;
    if (e.file !== "domain.tsv" && domainLemmas.has(e.parts[0]!)) continue;
    const m = NOUN_PLUS_EXISTENCE.exec(e.parts[0]!);
    if (!m) continue;
    const parts = [m[1]!, m[2]!];
    if (listed.has(parts.join("+"))) continue;
    listed.add(parts.join("+"));
    out.push({
      ...e,
      term: parts.join("+"),
      parts,
      tags: ["NNG", "VA"],
      note: `${e.term} written apart (${m[1]}(이/가) ${m[2]}); ${e.note}`,
    });
  }
  return out;
}

/**
 * Tag classes that count as the same part of speech when matching: the analyzer tags one root NNG in one
 * sentence and XR in the next (불편), and a predicate VV or VA (맞다), so exact tags would miss real uses.
 */
function tagClass(tag: string): string {
  if (tag === "NNG" || tag === "NNP" || tag === "XR" || tag === "NNB" || tag === "NNBC") return "N";
  if (tag === "VV" || tag === "VA" || tag === "VX") return "V";
  if (tag === "MAG" || tag === "MAJ") return "M";
  return tag;
}

export function tagMatches(entryTag: string | undefined, tag: string): boolean {
  return entryTag === undefined || entryTag === tag || tagClass(entryTag) === tagClass(tag);
}

/**
 * Particles, inflectional endings and the 하다/되다 suffixes may sit between the parts of an n-gram
 * (고개를 갸웃, 맞는 말, 이해할 수 없다).
 */
export function isSkippableInNgram(tag: string): boolean {
  return (
    tag.startsWith("J") ||
    tag === "EC" ||
    tag === "EP" ||
    tag === "ETM" ||
    tag === "EF" ||
    tag === "XSV" ||
    tag === "XSA"
  );
}

export interface SentimentMatch {
  entry: LexiconEntry;
  /** Indexes into the morpheme array of every part matched. */
  indexes: number[];
}

/**
 * Whether `s` may change under toLowerCase: Hangul syllables, jamo, digits and ASCII other than A–Z have no
 * case, so the common lemma skips the call (and the string it allocates).
 */
function mayHaveCase(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) {
      if (c >= 0x41 && c <= 0x5a) return true;
    } else if (
      !((c >= 0xac00 && c <= 0xd7a3) || (c >= 0x1100 && c <= 0x11ff) || (c >= 0x3130 && c <= 0x318f))
    )
      return true;
  }
  return false;
}

function lower(s: string): string {
  return mayHaveCase(s) ? s.toLowerCase() : s;
}

/** Each entry's parts lowercased, computed once. */
const lowerParts = new WeakMap<LexiconEntry, string[]>();

function lowerPartsOf(entry: LexiconEntry): string[] {
  let parts = lowerParts.get(entry);
  if (!parts) {
    parts = entry.parts.map((p) => p.toLowerCase());
    lowerParts.set(entry, parts);
  }
  return parts;
}

/**
 * Whether `entry` matches at `start`; the positions of its parts are left in `candidate` (count in
 * `candidate.length`). Most candidates fail, so the caller copies the positions only for a match it keeps.
 */
function matchCandidate(ms: Morpheme[], start: number, entry: LexiconEntry): boolean {
  if (candidate.at.length < entry.parts.length) candidate.at = new Int32Array(entry.parts.length * 2);
  candidate.length = 0;
  const parts = lowerPartsOf(entry);
  let i = start;
  for (let p = 0; p < entry.parts.length; p++) {
    if (p > 0) {
      // A tilde drawing a word out (잘~한다) sits between parts too.
      while (
        i < ms.length &&
        (isSkippableInNgram(ms[i]!.tag) || ms[i]!.surface === "~") &&
        ms[i]!.lemma !== entry.parts[p]
      )
        i++;
    }
    const m = ms[i];
    if (!m || lower(m.lemma) !== parts[p]) return false;
    if (!tagMatches(entry.tags?.[p], m.tag)) return false;
    candidate.at[candidate.length++] = i;
    i++;
  }
  return true;
}

/** matchCandidate's scratch positions (one thread runs one match at a time). */
const candidate = { at: new Int32Array(8), length: 0 };

/** The longest sentiment entry starting at morpheme `start`, or null. */
export function matchSentiment(lex: Lexicons, ms: Morpheme[], start: number): SentimentMatch | null {
  const first = ms[start];
  if (!first) return null;
  const candidates =
    lex.sentiment.get(first.lemma) ??
    (mayHaveCase(first.lemma) ? lex.sentiment.get(first.lemma.toLowerCase()) : undefined);
  if (!candidates) return null;
  let best: SentimentMatch | null = null;
  for (const entry of candidates) {
    if (!matchCandidate(ms, start, entry)) continue;
    const better =
      !best ||
      entry.parts.length > best.entry.parts.length ||
      (entry.parts.length === best.entry.parts.length &&
        exactTags(entry, ms, candidate.at) &&
        !exactTags(best.entry, ms, best.indexes));
    if (better) best = { entry, indexes: Array.from(candidate.at.subarray(0, candidate.length)) };
  }
  return best;
}

/** Whether the entry's tags are exactly those at its positions (`indexes` holds at least one per part). */
function exactTags(entry: LexiconEntry, ms: Morpheme[], indexes: ArrayLike<number>): boolean {
  if (entry.tags === null) return false;
  for (let k = 0; k < entry.parts.length; k++) if (ms[indexes[k]!]!.tag !== entry.tags[k]) return false;
  return true;
}

/** A modifier entry for morpheme `m` (lemma + tag) or for the word it sits in (tags `*` entries). */
export function matchModifier(list: ModifierList, m: Morpheme, wordSurface?: string): LexiconEntry | null {
  const entries = list.byLemma.get(m.lemma);
  if (entries) {
    for (const e of entries) {
      if (e.parts.length === 1 && (e.tags === null || e.tags[0] === m.tag)) return e;
    }
  }
  if (wordSurface !== undefined && list.bySurface.size > 0) {
    const bare = WORD_PUNCTUATION.test(wordSurface)
      ? wordSurface.replace(WORD_PUNCTUATION_RUNS, "")
      : wordSurface;
    const e = list.bySurface.get(bare);
    if (e) return e;
  }
  return null;
}

/** Punctuation stripped from a word before it is looked up whole (test first: most words have none). */
const WORD_PUNCTUATION = /[.,!?…~"'“”‘’()]/;
const WORD_PUNCTUATION_RUNS = /[.,!?…~"'“”‘’()]+/g;
