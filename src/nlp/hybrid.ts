/**
 * The final label from both scorers. The lexicon rules explain themselves and know negation and the crisis
 * domain; the learned model knows review language the lexicon never listed. A logistic "stacker" over the
 * two (the lexicon compound and the model's log-odds) decides how much each counts (scripts/train-model.ts).
 *
 * It is fitted on two domains with equal weight: the NSMC validation slice (movie reviews, the model's own
 * domain) and KoBEST SentiNeg dev (shopping reviews, foreign to the model), neither seen by the model or
 * the general lexicon (the lexicon learns from NSMC train and SentiNeg train). Fitted on NSMC alone the
 * lexicon got weight 0.4 against the model's 1.1; on shopping reviews alone 3.1 against 1.3. News and
 * comments are foreign to the model too, so a blend that trusts only in-domain evidence would overrule the
 * rules exactly where they matter.
 */
import { readFileSync } from "node:fs";
import { repoPath } from "../shared/paths.js";
import type { SentimentLabel, SentimentScore } from "../shared/types.js";
import { FACT_EVIDENCE, NEGATION_EVIDENCE, OTHER_EVIDENCE, PLEDGE_EVIDENCE } from "./score.js";

export interface BlendWeights {
  /** Weight of the lexicon compound ([-1, 1]). */
  lexicon: number;
  /** Weight of the model's log-odds, clipped to ±MAX_MODEL_LOGIT. */
  model: number;
  bias: number;
  /**
   * Extra weight of the lexicon compound when a structural rule fired (negation, contrast, rhetorical
   * question: SentimentScore.evidence). The model reads n-grams and cannot see that 불편했지만 puts the weight on the
   * later clause or that 나쁘지 않다 turns 나쁘다 around; where the rules saw such structure their reading
   * deserves more say. Absent (0) in blends fitted before this term existed.
   */
  ruleLexicon?: number;
  /**
   * Extra weight of the lexicon compound when a negation rule fired. When present, `ruleLexicon` applies to
   * the other structural rules only (contrast, rhetorical questions): fitted apart, negation readings earned
   * more trust than the model (+0.2) and contrast/question readings much less (−2.3), where one shared weight
   * gave both −1.6 (NSMC validation + SentiNeg dev). Absent in blends fitted before it existed.
   */
  negationLexicon?: number;
  /** Lexicon-only two-class decision for a compound of exactly 0 (no sentiment term found). */
  lexiconTieLabel: "pos" | "neg";
  /** Where the weights came from (validation accuracy etc.). */
  fittedOn?: Record<string, unknown>;
}

/**
 * Used when data/model/hybrid.json is absent: equal say for a strong lexicon sentence (compound ±0.8)
 * and a confident model (p 0.9 ≈ log-odds 2.2). The fitted weights replace these.
 */
export const DEFAULT_BLEND: BlendWeights = { lexicon: 2.5, model: 1, bias: 0, lexiconTieLabel: "neg" };

/** p of 0.9997 and beyond say nothing more: keeps one over-confident model output from deciding alone. */
export const MAX_MODEL_LOGIT = 8;

/**
 * Three-class output: the blend must reach |compound| ≥ 0.6 (P ≥ 0.8 or ≤ 0.2) to overrule a neutral
 * lexicon reading on its own. The model was trained on two-class reviews, so for news sentences with no
 * sentiment words its P hovers around 0.3–0.7; a narrower band would label plain facts. Checked on KOTE
 * val (comments, three-class, 없음 → neutral; src/eval/main.ts): bands 0.3 / 0.4 / 0.5 / 0.6 / 0.7 gave
 * macro-F1 0.525 / 0.540 / 0.550 / 0.552 / 0.550 with the first blend, and 0.4 / 0.5 / 0.6 / 0.7 give
 * 0.535 / 0.538 / 0.541 / 0.538 with the blend that weighs negation and contrast apart (2026-11-28): 0.6
 * is the best on comments and the more cautious about labelling facts, so both arguments agree.
 */
export const HYBRID_NEUTRAL_BAND = 0.6;

/**
 * The band when the lexicon found no sentiment term at all, or only terms its rules reduced to nothing (a
 * date, a place, who said what, an event in a reported fact): the model alone
 * must reach P ≥ 0.9 or ≤ 0.1. Its P on plain news sentences ran 0.2–0.5 (국정감사에 … 증인으로 채택했다:
 * 0.23, labelled negative with the ordinary band). On KOTE val bands 0.6 / 0.7 / 0.8 / 0.9 for such texts gave
 * macro-F1 0.544 / 0.545 / 0.546 / 0.546: comments lose nothing.
 */
export const NO_TERMS_NEUTRAL_BAND = 0.8;

/**
 * Inside the band, a lexicon reading at least this strong (one clear judgement word: 높이 살 만하다, 모범적인
 * 대응) keeps its label where the blend leans the other way; weaker readings go neutral. The model learnt
 * reviews: on news and comments it reads outage and compensation words as complaints (P 0.1–0.3 for 투명한
 * 태도는 높이 살 만하다). Ours: on the 1548 dev sentences of the time (before batch F joined them) ∞ (always
 * neutral) / 0.4 / 0.3 / 0.25 / 0.2 gave 1310 / 1315 / 1322 / 1329 / 1330 right; on batch F's 300, before
 * its errors were read, 243 / 247 / 248 / 247 / 246.
 */
export const LEXICON_KEEPS_LABEL_IN_BAND = 0.25;

/**
 * A lexicon reading at least this strong keeps its label even where the blend is confident of the other sign.
 * On the 3942 dev sentences the lexicon (≥ 0.6, positive) was right in 4 of the 4 texts where the hybrid said
 * negative; in 0.4–0.6, 3 of 5.
 */
export const LEXICON_OVERRULES_BLEND = 0.6;

/** Just inside VADER's ±0.05 neutral thresholds. */
export const NEUTRAL_COMPOUND_LIMIT = 0.049;

export interface CombineOptions {
  /** Force pos/neg (two-class corpora, `yeoron score --binary`). */
  binary?: boolean;
  weights?: BlendWeights;
}

export function logit(p: number): number {
  const clipped = Math.min(Math.max(p, 1e-6), 1 - 1e-6);
  return Math.max(-MAX_MODEL_LOGIT, Math.min(MAX_MODEL_LOGIT, Math.log(clipped / (1 - clipped))));
}

function sigmoid(x: number): number {
  return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
}

/** The rules' evidence bits, set by the scorer (score.ts), re-exported for the blend's callers. */
export { FACT_EVIDENCE, NEGATION_EVIDENCE, OTHER_EVIDENCE, PLEDGE_EVIDENCE };

/** The lexicon compound's weight for a score whose rules fired as `bits` (SentimentScore.evidence; legacy 0/1 also works). */
export function lexiconWeight(weights: BlendWeights, bits: number): number {
  if (weights.negationLexicon === undefined)
    return (
      weights.lexicon + (weights.ruleLexicon ?? 0) * (bits & (NEGATION_EVIDENCE | OTHER_EVIDENCE) ? 1 : 0)
    );
  const negation = bits & NEGATION_EVIDENCE ? 1 : 0;
  const other = bits & OTHER_EVIDENCE ? 1 : 0;
  return weights.lexicon + (weights.ruleLexicon ?? 0) * other + weights.negationLexicon * negation;
}

/** P(positive) of the blend. `evidence` is the lexicon score's evidence bits (0 when unknown). */
export function blendProbability(
  lexiconCompound: number,
  pPositive: number,
  weights: BlendWeights,
  evidence = 0,
): number {
  return sigmoid(
    weights.bias + lexiconWeight(weights, evidence) * lexiconCompound + weights.model * logit(pPositive),
  );
}

function labelOf(compound: number): SentimentLabel {
  return compound > 0 ? "pos" : compound < 0 ? "neg" : "neu";
}

/** Shares consistent with the compound, as VADER reports them: the blend's mass split pos/neg, the rest neu. */
function sharesFor(compound: number): Pick<SentimentScore, "pos" | "neu" | "neg"> {
  const strength = Math.abs(compound);
  const round = (x: number) => Math.round(x * 1000) / 1000;
  return compound >= 0
    ? { pos: round(strength), neu: round(1 - strength), neg: 0 }
    : { pos: 0, neu: round(1 - strength), neg: round(strength) };
}

/** Lexicon-only two-class decision: the rules' sign, ties broken by the fitted tie label. */
export function lexiconBinaryLabel(
  lexicon: SentimentScore,
  weights: BlendWeights = DEFAULT_BLEND,
): "pos" | "neg" {
  if (lexicon.compound > 0) return "pos";
  if (lexicon.compound < 0) return "neg";
  return weights.lexiconTieLabel;
}

/**
 * The hybrid score: `compound` = 2·P − 1 of the blend; the lexicon's terms are kept so "why" still has an
 * answer. Without `binary` a weak blend defers to the lexicon: neutral stays neutral unless the blend is
 * confident, and a lexicon label is kept when the blend agrees with its sign.
 */
export function combine(
  lexicon: SentimentScore,
  pPositive: number,
  opts: CombineOptions = {},
): SentimentScore {
  const weights = opts.weights ?? DEFAULT_BLEND;
  const evidence = lexicon.evidence ?? 0;
  const compound = 2 * blendProbability(lexicon.compound, pPositive, weights, evidence) - 1;
  let label: SentimentLabel;
  let ruleDecided = false;
  if (opts.binary) {
    label = compound > 0 ? "pos" : compound < 0 ? "neg" : lexiconBinaryLabel(lexicon, weights);
  } else if (lexicon.label !== "neg" && evidence & PLEDGE_EVIDENCE) {
    // A pledge (인프라에 투자하겠다): the model reads -겠다 and investment words as review complaints.
    label = lexicon.label;
    ruleDecided = true;
  } else if (lexicon.label === "neu" && evidence & FACT_EVIDENCE) {
    // The rules read a plain report (장애 원인은 설정 오류로 파악됐다고 전했다). The review-trained model
    // reads its outage words as complaints, whatever the band; the facts stay neutral.
    label = "neu";
  } else if (
    lexicon.label !== "neu" &&
    Math.abs(lexicon.compound) >= LEXICON_OVERRULES_BLEND &&
    labelOf(compound) !== lexicon.label
  ) {
    // A strong lexicon reading (그나마 막혀 있었던 건 정말 다행이다) against the blend's sign: the model read
    // outage words (막히다) as a complaint.
    label = lexicon.label;
    ruleDecided = true;
  } else if (
    Math.abs(compound) >=
    (lexicon.terms.every((t) => t.valence === 0) ? NO_TERMS_NEUTRAL_BAND : HYBRID_NEUTRAL_BAND)
  ) {
    label = labelOf(compound);
  } else if (lexicon.label !== "neu" && labelOf(compound) === lexicon.label) {
    label = lexicon.label;
  } else if (
    lexicon.label !== "neu" &&
    ((evidence & (NEGATION_EVIDENCE | OTHER_EVIDENCE)) !== 0 ||
      Math.abs(lexicon.compound) >= LEXICON_KEEPS_LABEL_IN_BAND)
  ) {
    // Inside the band the blend is unsure; a lexicon reading shaped by negation or contrast (불편했지만 복구는
    // 빨랐다, 나쁘지 않았다) is evidence the n-gram model cannot see, so it decides the label, as does a clear
    // judgement word the review-trained model misreads.
    label = lexicon.label;
    ruleDecided = labelOf(compound) !== lexicon.label;
  } else {
    label = "neu";
  }
  // A neutral label keeps its compound inside VADER's neutral range, so label and compound never disagree
  // and plain facts do not drag a day's mean compound towards the model's prior.
  // When the rules decided against the blend's sign, the rules' compound is shown for the same reason.
  const shown =
    label === "neu"
      ? Math.max(-NEUTRAL_COMPOUND_LIMIT, Math.min(NEUTRAL_COMPOUND_LIMIT, compound))
      : ruleDecided
        ? lexicon.compound
        : compound;
  const rounded = Math.round(shown * 10000) / 10000;
  return { ...sharesFor(rounded), compound: rounded, label, terms: lexicon.terms, evidence };
}

/** Lexicon-only score, with `binary` forcing a pos/neg label. */
export function lexiconOnly(lexicon: SentimentScore, opts: CombineOptions = {}): SentimentScore {
  if (!opts.binary) return lexicon;
  return { ...lexicon, label: lexiconBinaryLabel(lexicon, opts.weights ?? DEFAULT_BLEND) };
}

export interface BlendExample {
  lexiconCompound: number;
  pPositive: number;
  label: 0 | 1;
  /** The lexicon score's evidence bits (default 0). */
  evidence?: number;
  /** Weight in the loss (default 1): lets each domain count equally whatever its size. */
  weight?: number;
}

/**
 * Fit the stacker by gradient descent on log-loss (three parameters, a few thousand rows: plain batch
 * descent converges in a few hundred steps). The tie label is the majority class among rows whose lexicon
 * compound is exactly 0.
 */
export function fitBlend(examples: readonly BlendExample[], steps = 3000, learningRate = 0.5): BlendWeights {
  let a = 0;
  let b = 0;
  let c = 0;
  let r = 0;
  let q = 0;
  const n = Math.max(
    1e-9,
    examples.reduce((sum, ex) => sum + (ex.weight ?? 1), 0),
  );
  for (let step = 0; step < steps; step++) {
    let ga = 0;
    let gb = 0;
    let gc = 0;
    let gr = 0;
    let gq = 0;
    for (const ex of examples) {
      const m = logit(ex.pPositive);
      const bits = ex.evidence ?? 0;
      const other = bits & OTHER_EVIDENCE ? 1 : 0;
      const negation = bits & NEGATION_EVIDENCE ? 1 : 0;
      const x = ex.lexiconCompound;
      const err = (sigmoid(c + (a + r * other + q * negation) * x + b * m) - ex.label) * (ex.weight ?? 1);
      ga += err * x;
      gb += err * m;
      gc += err;
      gr += err * other * x;
      gq += err * negation * x;
    }
    a -= (learningRate * ga) / n;
    b -= (learningRate * gb) / n;
    c -= (learningRate * gc) / n;
    r -= (learningRate * gr) / n;
    q -= (learningRate * gq) / n;
  }
  let tiePos = 0;
  let tieNeg = 0;
  for (const ex of examples) {
    if (ex.lexiconCompound !== 0) continue;
    if (ex.label === 1) tiePos += ex.weight ?? 1;
    else tieNeg += ex.weight ?? 1;
  }
  return {
    lexicon: a,
    model: b,
    bias: c,
    ruleLexicon: r,
    negationLexicon: q,
    lexiconTieLabel: tiePos > tieNeg ? "pos" : "neg",
  };
}

export function defaultBlendPath(): string {
  return repoPath("data", "model", "hybrid.json");
}

/** The fitted blend, or DEFAULT_BLEND when no file exists (a clone before `train-model` ran). */
export function loadBlend(file: string = defaultBlendPath()): BlendWeights {
  try {
    const parsed = JSON.parse(readFileSync(file, "utf8")) as Partial<BlendWeights>;
    if (
      typeof parsed.lexicon !== "number" ||
      typeof parsed.model !== "number" ||
      typeof parsed.bias !== "number"
    ) {
      throw new Error(`${file}: needs numeric lexicon, model and bias`);
    }
    return { ...DEFAULT_BLEND, ...parsed } as BlendWeights;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return DEFAULT_BLEND;
    throw err;
  }
}
