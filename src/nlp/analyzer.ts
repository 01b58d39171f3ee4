/**
 * The one entry point the later stages call: text in, scores, sentences and statement mentions out.
 * It loads kuromoji-ko, the lexicons, the model and the statements once per process (a worker holds one
 * analyzer), and combines the lexicon rules with the learned complement (hybrid.ts).
 *
 * The document score: sentences are scored by the rules one by one and averaged (score.ts scoreDocument);
 * the model reads the whole text, as it was trained on whole reviews; `combine` blends the two.
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { repoPath } from "../shared/paths.js";
import type { SentimentScore, StatementMention, TermContribution } from "../shared/types.js";
import { scratchFeatures } from "./features.js";
import { type BlendWeights, combine, defaultBlendPath, lexiconOnly, loadBlend } from "./hybrid.js";
import { defaultLexiconDir, type Lexicons, loadLexicons } from "./lexicon.js";
import { defaultModelPath, type LinearModel, loadModel } from "./model.js";
import { loadMorphAnalyzer, type Morpheme, morphemesWith } from "./morph.js";
import { isNewsHeadline, scoreDocument, scoreMorphemes } from "./score.js";
import { splitSentences } from "./sentences.js";
import {
  defaultStatementsFile,
  findStatementMentions,
  loadStatements,
  type TrackedStatement,
} from "./statements.js";

/**
 * Bump when the scoring code changes in a way the data files do not show (a new rule, a new constant).
 * Changes to lexicons, model or statements change `analyzerVersion()` by themselves through the content hash.
 */
export const ANALYZER_CODE_REVISION = 64;

const DATA_DIR = repoPath("data");

/** sha256 over the analyzer's data files (name + bytes, sorted by name): lexicons, model, statements. */
export function analyzerDataHash(dataDir: string = DATA_DIR): string {
  const hash = createHash("sha256");
  const files: string[] = [];
  for (const sub of ["lexicon", "model"]) {
    const dir = path.join(dataDir, sub);
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir).sort()) {
      // metadata.json and PROVENANCE.md describe the model; they do not change a score.
      if (name.endsWith(".md") || name === "metadata.json") continue;
      files.push(path.join(sub, name));
    }
  }
  if (existsSync(path.join(dataDir, "statements.yaml"))) files.push("statements.yaml");
  for (const rel of files) {
    hash.update(`${rel}\n`);
    hash.update(readFileSync(path.join(dataDir, rel)));
  }
  return hash.digest("hex").slice(0, 12);
}

export type AnalyzerMode = "hybrid" | "lexicon";

let baseVersion: string | undefined;

/**
 * Stored with every score (DESIGN §1: scores keyed by item id and analyzer version): `r{code}-{data hash}`,
 * with `-lex` in lexicon mode (its scores differ, so they are keyed apart). A changed lexicon entry, retrained
 * model or edited statement gives a new version, so `yeoron analyze` rescores instead of keeping stale rows.
 * Hashing reads about 2.5 MB, so it happens on first use, not when a command merely imports this module.
 */
export function analyzerVersion(mode: AnalyzerMode = "hybrid"): string {
  baseVersion ??= `r${ANALYZER_CODE_REVISION}-${analyzerDataHash()}`;
  return mode === "lexicon" ? `${baseVersion}-lex` : baseVersion;
}

export interface AnalyzerOptions {
  /** `hybrid` (default): lexicon rules + learned model; `lexicon`: the rules alone. */
  mode?: AnalyzerMode;
  /** Force pos/neg labels (two-class corpora, `yeoron score --binary`). */
  binary?: boolean;
  lexiconDir?: string;
  modelFile?: string;
  blendFile?: string;
  statementsFile?: string;
}

export interface DocumentScore extends SentimentScore {
  /** The rules' document compound, whatever the mode. */
  lexiconCompound: number;
  /** The rules' own label (three-class, VADER thresholds). */
  lexiconLabel: SentimentScore["label"];
  /** The model's P(positive) for the whole text; null in lexicon mode. */
  modelProb: number | null;
}

export interface SentenceAnalysis {
  text: string;
  speaker: string | null;
  isQuote: boolean;
  /** Offset of the sentence in the analysed text. */
  start: number;
  score: SentimentScore;
  statements: StatementMention[];
}

export interface TextAnalysis {
  score: DocumentScore;
  sentences: SentenceAnalysis[];
  /** Every mention in the text, one per statement and role. */
  statements: StatementMention[];
}

/** One line of `yeoron score` (the evaluation contract, issue 4 §6). */
export interface ScoreLine {
  text: string;
  label: SentimentScore["label"];
  compound: number;
  terms: TermContribution[];
  statements: { id: string; role: StatementMention["role"]; stance: StatementMention["stance"] }[];
}

export interface Analyzer {
  readonly mode: AnalyzerMode;
  readonly binary: boolean;
  /** `analyzerVersion(mode)`. */
  readonly version: string;
  /**
   * `sentences: false` (callers that keep only the document's score and mentions, such as comments in
   * `yeoron analyze`): the result's `sentences` is empty, which spares the model one pass per sentence of a
   * multi-sentence text. The document's score and mentions are the same either way.
   */
  analyzeText(text: string, opts?: { sentences?: boolean }): TextAnalysis;
  scoreLine(text: string): ScoreLine;
}

/** Per-process caches: several analyzers (hybrid and lexicon, binary or not) share one copy of each file. */
const lexiconCache = new Map<string, Lexicons>();
const modelCache = new Map<string, LinearModel>();
const statementCache = new Map<string, TrackedStatement[]>();

function cached<T>(cache: Map<string, T>, key: string, load: () => T): T {
  let value = cache.get(key);
  if (value === undefined) {
    value = load();
    cache.set(key, value);
  }
  return value;
}

/**
 * Sentences a text may have for its mentions to take the side the whole text takes: a comment often names the
 * statement in one sentence and judges it in the next (김범수는 가만있고 남궁훈만 사퇴? 꼬리 자르기 아니냐). A
 * longer text (an article) moves on to other things, so its sentences keep their own stances.
 */
const SHORT_TEXT_SENTENCES = 3;

/**
 * A reaction its own sentence leaves neutral takes the side the whole short text takes (`whole`: the mentions
 * of the text read as one sentence, asked for only when needed). Returns new objects: the sentences keep
 * theirs.
 */
function sidesOfShortText(mentions: StatementMention[], whole: () => StatementMention[]): StatementMention[] {
  if (!mentions.some((m) => m.role === "reaction" && m.stance === "neutral")) return mentions;
  const sides = whole();
  return mentions.map((m) => {
    if (m.role !== "reaction" || m.stance !== "neutral") return m;
    const w = sides.find((x) => x.statementId === m.statementId && x.role === "reaction");
    return w && w.stance !== "neutral" ? { ...m, stance: w.stance } : m;
  });
}

function uniqueMentions(mentions: StatementMention[]): StatementMention[] {
  const seen = new Map<string, StatementMention>();
  for (const m of mentions) {
    const key = `${m.statementId}\t${m.role}`;
    const prev = seen.get(key);
    // A reaction that is against or in support in any sentence says more than a neutral one.
    if (!prev || (prev.stance === "neutral" && m.stance !== "neutral")) seen.set(key, m);
  }
  return [...seen.values()];
}

export async function createAnalyzer(opts: AnalyzerOptions = {}): Promise<Analyzer> {
  const mode = opts.mode ?? "hybrid";
  const binary = opts.binary ?? false;
  const mecab = await loadMorphAnalyzer();
  const lexiconDir = opts.lexiconDir ?? defaultLexiconDir();
  const lex = cached(lexiconCache, lexiconDir, () => loadLexicons(lexiconDir));
  const statementsFile = opts.statementsFile ?? defaultStatementsFile();
  const statements = cached(statementCache, statementsFile, () => loadStatements(statementsFile));
  const blend: BlendWeights = loadBlend(opts.blendFile ?? defaultBlendPath());
  const modelFile = opts.modelFile ?? defaultModelPath();
  const model = mode === "hybrid" ? cached(modelCache, modelFile, () => loadModel(modelFile)) : null;

  const finalScore = (lexicon: SentimentScore, p: number | null): SentimentScore =>
    p === null
      ? lexiconOnly(lexicon, { binary, weights: blend })
      : combine(lexicon, p, { binary, weights: blend });

  const analyzeText = (text: string, opts: { sentences?: boolean } = {}): TextAnalysis => {
    const sentences = splitSentences(text);
    // A tagged news headline ([속보] …) may be split at its ellipsis: all of its first line is the headline.
    const newline = text.indexOf("\n");
    const headlineEnd = !isNewsHeadline(text) ? -1 : newline >= 0 ? newline : text.length;
    const keepSentences = opts.sentences !== false;
    // One sentence: its probability is the document's, so it is computed either way.
    const sentenceProbsNeeded = keepSentences || sentences.length === 1;
    // Each sentence's morphemes; joined into the document's only when the model needs them (several sentences).
    const sentenceMorphemes: Morpheme[][] = [];
    const lexiconScores: SentimentScore[] = [];
    const analysed: SentenceAnalysis[] = [];
    const sentenceMentions: StatementMention[] = [];
    const sentenceProbs: number[] = [];
    for (const sentence of sentences) {
      const ms = morphemesWith(mecab, sentence.text);
      sentenceMorphemes.push(ms);
      const lexicon = scoreMorphemes(ms, sentence.text, lex, { headline: sentence.start < headlineEnd });
      lexiconScores.push(lexicon);
      const p =
        model && sentenceProbsNeeded
          ? model.predictProba(scratchFeatures(ms, sentence.text, model.metadata.bits))
          : null;
      if (p !== null) sentenceProbs.push(p);
      const mentions = findStatementMentions(
        {
          text: sentence.text,
          ms,
          speaker: sentence.speaker,
          isQuote: sentence.isQuote,
          score: lexicon,
          events: lex.news.events,
        },
        statements,
      );
      sentenceMentions.push(...mentions);
      // A sentence's own final score only when the caller keeps the sentences (comments in `analyze` do not).
      if (keepSentences)
        analysed.push({
          text: sentence.text,
          speaker: sentence.speaker,
          isQuote: sentence.isQuote,
          start: sentence.start,
          score: finalScore(lexicon, p),
          statements: mentions,
        });
    }
    const docLexicon = scoreDocument(lexiconScores);
    // One sentence (most comments and reviews): the sentence's probability is the document's.
    const docProb =
      model === null
        ? null
        : sentenceProbs.length === 1
          ? sentenceProbs[0]!
          : model.predictProba(scratchFeatures(sentenceMorphemes.flat(), text, model.metadata.bits));
    const docScore = finalScore(docLexicon, docProb);
    // The text's mentions read as one sentence: asked for only by a short text with a neutral reaction.
    const wholeText = () =>
      findStatementMentions(
        {
          text,
          ms: sentenceMorphemes.flat(),
          speaker: null,
          isQuote: false,
          score: docLexicon,
          events: lex.news.events,
        },
        statements,
      );
    const short = sentences.length > 1 && sentences.length <= SHORT_TEXT_SENTENCES;
    const mentions = uniqueMentions(short ? sidesOfShortText(sentenceMentions, wholeText) : sentenceMentions);
    return {
      score: {
        ...docScore,
        lexiconCompound: docLexicon.compound,
        lexiconLabel: docLexicon.label,
        modelProb: docProb,
      },
      sentences: analysed,
      statements: mentions,
    };
  };

  return {
    mode,
    binary,
    version: analyzerVersion(mode),
    analyzeText,
    scoreLine(text: string): ScoreLine {
      const result = analyzeText(text);
      return {
        text,
        label: result.score.label,
        compound: result.score.compound,
        terms: result.score.terms,
        statements: result.statements.map((m) => ({ id: m.statementId, role: m.role, stance: m.stance })),
      };
    },
  };
}
