import { describe, expect, it } from "vitest";
import {
  type BlendWeights,
  blendProbability,
  combine,
  FACT_EVIDENCE,
  fitBlend,
  HYBRID_NEUTRAL_BAND,
  LEXICON_KEEPS_LABEL_IN_BAND,
  LEXICON_OVERRULES_BLEND,
  lexiconOnly,
  lexiconWeight,
  NEGATION_EVIDENCE,
  NEUTRAL_COMPOUND_LIMIT,
  OTHER_EVIDENCE,
  PLEDGE_EVIDENCE,
} from "../../src/nlp/hybrid.js";
import type { SentimentScore } from "../../src/shared/types.js";

const weights: BlendWeights = { lexicon: 1.7, model: 1.1, bias: 0, lexiconTieLabel: "neg" };

function lex(
  compound: number,
  terms: SentimentScore["terms"] = [{ term: "먹통", tag: "NNG", valence: -2.2 }],
  evidence = 0,
): SentimentScore {
  const label = compound >= 0.05 ? "pos" : compound <= -0.05 ? "neg" : "neu";
  return { compound, label, pos: 0, neu: 1, neg: 0, terms, evidence };
}

describe("combine", () => {
  it("a strong negative lexicon reading outweighs a mildly positive model", () => {
    const s = combine(lex(-0.9), 0.6, { weights });
    expect(s.label).toBe("neg");
    expect(s.compound).toBeLessThan(0);
    expect(s.terms).toHaveLength(1); // the lexicon's explanation survives
  });

  it("a confident model decides when the lexicon found nothing", () => {
    expect(combine(lex(0), 0.98, { weights }).label).toBe("pos");
    expect(combine(lex(0), 0.02, { weights }).label).toBe("neg");
  });

  it("an unsure model on a sentence without sentiment words stays neutral, compound inside ±0.05", () => {
    const s = combine(lex(0), 0.35, { weights });
    expect(s.label).toBe("neu");
    expect(Math.abs(s.compound)).toBeLessThanOrEqual(NEUTRAL_COMPOUND_LIMIT);
  });

  it("a weak lexicon label is kept when the blend agrees in sign, dropped to neu when not", () => {
    expect(combine(lex(-0.2), 0.45, { weights }).label).toBe("neg");
    expect(combine(lex(-0.2), 0.7, { weights }).label).toBe("neu");
  });

  it("binary always answers pos or neg, following the blend's sign", () => {
    expect(combine(lex(0), 0.45, { weights, binary: true }).label).toBe("neg");
    expect(combine(lex(0), 0.55, { weights, binary: true }).label).toBe("pos");
    expect(combine(lex(0.3), 0.4, { weights, binary: true }).label).toBe(
      blendProbability(0.3, 0.4, weights) >= 0.5 ? "pos" : "neg",
    );
  });

  it("lexicon-only binary breaks a zero compound with the fitted tie label", () => {
    expect(lexiconOnly(lex(0), { binary: true, weights }).label).toBe("neg");
    expect(lexiconOnly(lex(0), { binary: true, weights: { ...weights, lexiconTieLabel: "pos" } }).label).toBe(
      "pos",
    );
    expect(lexiconOnly(lex(0)).label).toBe("neu");
  });

  it("a strong lexicon reading keeps its label against a confident opposite blend, a weaker one does not", () => {
    const strong = lex(0.7, [{ term: "다행", tag: "NNG", valence: 3.1 }]);
    expect(strong.compound).toBeGreaterThanOrEqual(LEXICON_OVERRULES_BLEND);
    expect(2 * blendProbability(strong.compound, 0.01, weights) - 1).toBeLessThan(-HYBRID_NEUTRAL_BAND);
    const s = combine(strong, 0.01, { weights });
    expect(s.label).toBe("pos");
    expect(s.compound).toBeGreaterThan(0);
    expect(combine(lex(0.5, [{ term: "다행", tag: "NNG", valence: 1.8 }]), 0.01, { weights }).label).toBe(
      "neg",
    );
  });

  it("extreme model probabilities are clipped, so they cannot outvote a strong lexicon alone", () => {
    const p = blendProbability(-1, 1, { ...weights, model: 0.2 });
    expect(Number.isFinite(p)).toBe(true);
    expect(p).toBeLessThan(0.5);
  });
});

describe("fitBlend", () => {
  it("learns to trust the lexicon when only the lexicon carries the label", () => {
    const examples = Array.from({ length: 200 }, (_, i) => {
      const label = (i % 2) as 0 | 1;
      return { lexiconCompound: label === 1 ? 0.6 : -0.6, pPositive: 0.3 + ((i * 7) % 5) / 10, label };
    });
    const fitted = fitBlend(examples);
    expect(fitted.lexicon).toBeGreaterThan(1);
    expect(Math.abs(fitted.model)).toBeLessThan(fitted.lexicon);
  });

  it("counts weighted examples by their weight (the tie label follows the heavier class)", () => {
    const examples = [
      { lexiconCompound: 0, pPositive: 0.5, label: 1 as const, weight: 3 },
      { lexiconCompound: 0, pPositive: 0.5, label: 0 as const, weight: 1 },
      { lexiconCompound: 0, pPositive: 0.5, label: 0 as const, weight: 1 },
    ];
    expect(fitBlend(examples, 10).lexiconTieLabel).toBe("pos");
  });
});

describe("rule evidence", () => {
  const contrast: SentimentScore = {
    compound: 0.36,
    label: "pos",
    pos: 0,
    neu: 1,
    neg: 0,
    terms: [
      { term: "불편", tag: "NNG", valence: -0.9, rule: "before contrast 지만 ×0.5" },
      { term: "빠르다", tag: "VA", valence: 1.5, rule: "after contrast 지만 ×1.5" },
    ],
    evidence: OTHER_EVIDENCE,
  };

  it("lets a rule-shaped lexicon label stand against a weak opposite blend, sign-consistent", () => {
    const s = combine(contrast, 0.3, { weights });
    expect(Math.abs(2 * blendProbability(0.36, 0.3, weights, 1) - 1)).toBeLessThan(0.5);
    expect(s.label).toBe("pos");
    expect(s.compound).toBeGreaterThan(0);
  });

  it("lets a plain lexicon reading stand that way only when it is clear", () => {
    const plain = { ...contrast, terms: [{ term: "빠르다", tag: "VA", valence: 1.5 }], evidence: 0 };
    expect(plain.compound).toBeGreaterThanOrEqual(LEXICON_KEEPS_LABEL_IN_BAND);
    expect(combine(plain, 0.3, { weights }).label).toBe("pos");
    const weak = { ...plain, compound: 0.15, terms: [{ term: "빠르다", tag: "VA", valence: 0.6 }] };
    expect(weak.compound).toBeLessThan(LEXICON_KEEPS_LABEL_IN_BAND);
    const blend = 2 * blendProbability(weak.compound, 0.3, weights) - 1;
    expect(blend).toBeLessThan(0);
    expect(Math.abs(blend)).toBeLessThan(HYBRID_NEUTRAL_BAND);
    expect(combine(weak, 0.3, { weights }).label).toBe("neu");
  });

  it("adds ruleLexicon to the lexicon weight only when evidence is 1", () => {
    const w = { ...weights, ruleLexicon: 1 };
    expect(blendProbability(0.5, 0.5, w, 1)).toBeGreaterThan(blendProbability(0.5, 0.5, w, 0));
    expect(blendProbability(0.5, 0.5, w, 0)).toBeCloseTo(blendProbability(0.5, 0.5, weights), 10);
  });
});

describe("negation and other structure weighed apart", () => {
  it("a blend with negationLexicon weighs the two kinds with their own weights", () => {
    const w = { ...weights, ruleLexicon: -1, negationLexicon: 0.5 };
    expect(lexiconWeight(w, 0)).toBeCloseTo(1.7, 10);
    expect(lexiconWeight(w, NEGATION_EVIDENCE)).toBeCloseTo(2.2, 10);
    expect(lexiconWeight(w, OTHER_EVIDENCE)).toBeCloseTo(0.7, 10);
    expect(lexiconWeight(w, NEGATION_EVIDENCE | OTHER_EVIDENCE)).toBeCloseTo(1.2, 10);
  });

  it("an older blend without negationLexicon applies ruleLexicon to any structural rule", () => {
    const w = { ...weights, ruleLexicon: -1 };
    expect(lexiconWeight(w, NEGATION_EVIDENCE)).toBeCloseTo(0.7, 10);
    expect(lexiconWeight(w, OTHER_EVIDENCE)).toBeCloseTo(0.7, 10);
  });

  it("fitBlend learns trust for negation readings and distrust for contrast readings when the data say so", () => {
    // Negated readings are right, contrast readings are wrong, the model is a coin toss throughout.
    const examples = [];
    for (let i = 0; i < 200; i++) {
      const label = (i % 2) as 0 | 1;
      const sign = label === 1 ? 1 : -1;
      examples.push({ lexiconCompound: 0.5 * sign, pPositive: 0.5, label, evidence: NEGATION_EVIDENCE });
      examples.push({ lexiconCompound: -0.5 * sign, pPositive: 0.5, label, evidence: OTHER_EVIDENCE });
      examples.push({ lexiconCompound: 0.3 * sign, pPositive: 0.5, label, evidence: 0 });
    }
    const fitted = fitBlend(examples, 500);
    expect(fitted.negationLexicon).toBeGreaterThan(0);
    expect(fitted.ruleLexicon).toBeLessThan(0);
    expect(lexiconWeight(fitted, OTHER_EVIDENCE)).toBeLessThan(0);
  });
});

describe("a text with no sentiment term", () => {
  const bare: SentimentScore = { compound: 0, label: "neu", pos: 0, neu: 1, neg: 0, terms: [] };
  it("needs a surer model for a label than a text the lexicon has read", () => {
    // Same blend, same model P: the plain fact stays neutral, the text with terms that sum to 0 does not.
    const withTerms: SentimentScore = {
      ...bare,
      terms: [
        { term: "복구", tag: "NNG", valence: 1 },
        { term: "불편", tag: "NNG", valence: -1 },
      ],
    };
    expect(Math.abs(combine(bare, 0.15, { weights }).compound)).toBeLessThan(0.05);
    expect(combine(bare, 0.15, { weights }).label).toBe("neu");
    expect(combine(withTerms, 0.15, { weights }).label).toBe("neg");
    expect(combine(bare, 0.02, { weights }).label).toBe("neg");
  });

  it("keeps a plain report neutral however sure the model is", () => {
    const report = lex(
      0,
      [{ term: "장애", tag: "NNG", valence: 0, rule: "an event in a reported fact (밝혔다) ×0" }],
      FACT_EVIDENCE,
    );
    expect(combine(report, 0.01, { weights }).label).toBe("neu");
    expect(combine(report, 0.99, { weights }).label).toBe("neu");
    // Two-class output still decides.
    expect(combine(report, 0.01, { weights, binary: true }).label).toBe("neg");
  });

  it("lets a pledge's own words decide unless they are negative", () => {
    const pledge = lex(
      0.08,
      [
        { term: "투자", tag: "NNG", valence: 0.3 },
        { term: "(pledge)", tag: "RULE", valence: 0, rule: "a pledge, judged by its own words" },
      ],
      PLEDGE_EVIDENCE,
    );
    // The review model is sure it is a complaint; without the pledge mark it would win.
    expect(combine(lex(0.08, [pledge.terms[0]!]), 0.03, { weights }).label).toBe("neg");
    expect(combine(pledge, 0.03, { weights }).label).toBe("pos");
    const threat = lex(-0.5, pledge.terms, PLEDGE_EVIDENCE);
    expect(combine(threat, 0.9, { weights }).label).not.toBe("neg");
  });

  it("keeps a plain polite question neutral too", () => {
    const question = lex(
      0,
      [{ term: "(question)", tag: "RULE", valence: 0, rule: "asks, judges nothing" }],
      FACT_EVIDENCE,
    );
    expect(combine(question, 0.04, { weights }).label).toBe("neu");
  });

  it("a plain report elsewhere in the text does not let the rules overrule an unsure blend", () => {
    // Lexicon mildly positive, model mildly negative: inside the band the label is neutral, as with no rule.
    const lexicon = lex(
      0.2,
      [
        { term: "감사", tag: "NNG", valence: 0.8 },
        { term: "오류", tag: "NNG", valence: 0, rule: "names a topic (오류 신고) ×0" },
      ],
      FACT_EVIDENCE,
    );
    const plain = lex(0.2, [lexicon.terms[0]!]);
    expect(combine(lexicon, 0.33, { weights }).label).toBe(combine(plain, 0.33, { weights }).label);
  });

  it("counts terms worth nothing as no terms", () => {
    const reduced: SentimentScore = { ...bare, terms: [{ term: "장애", tag: "NNG", valence: 0 }] };
    expect(combine(reduced, 0.15, { weights }).label).toBe("neu");
    expect(combine(reduced, 0.02, { weights }).label).toBe("neg");
  });
});
