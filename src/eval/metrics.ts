/**
 * The evaluation's metric functions, written out so the figures in `npm run eval` can be checked by hand
 * (test/eval/metrics.test.ts works small cases through).
 */
import type { StanceRow } from "./datasets.js";

/** Share of positions where `predicted` equals `gold`; NaN for no rows (a missing figure, not a perfect one). */
export function accuracy<T>(gold: readonly T[], predicted: readonly T[]): number {
  if (gold.length !== predicted.length)
    throw new Error(`accuracy: ${gold.length} gold vs ${predicted.length} predicted`);
  if (gold.length === 0) return Number.NaN;
  let correct = 0;
  for (let i = 0; i < gold.length; i++) if (gold[i] === predicted[i]) correct++;
  return correct / gold.length;
}

export interface ClassReport {
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

/**
 * Macro-F1 over `classes`: the unweighted mean of per-class F1, so a rare class counts as much as a common
 * one. A class never predicted and never gold has F1 0 here (scikit-learn's zero_division=0).
 */
export function macroF1<T>(
  gold: readonly T[],
  predicted: readonly T[],
  classes: readonly T[],
): { macroF1: number; perClass: Map<T, ClassReport> } {
  if (gold.length !== predicted.length)
    throw new Error(`macroF1: ${gold.length} gold vs ${predicted.length} predicted`);
  const perClass = new Map<T, ClassReport>();
  let sum = 0;
  for (const c of classes) {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (let i = 0; i < gold.length; i++) {
      const g = gold[i] === c;
      const p = predicted[i] === c;
      if (g && p) tp++;
      else if (p) fp++;
      else if (g) fn++;
    }
    const precision = tp + fp === 0 ? 0 : tp / (tp + fp);
    const recall = tp + fn === 0 ? 0 : tp / (tp + fn);
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    perClass.set(c, { precision, recall, f1, support: tp + fn });
    sum += f1;
  }
  return { macroF1: classes.length === 0 ? Number.NaN : sum / classes.length, perClass };
}

/**
 * ROC AUC: the probability that a random positive scores higher than a random negative, ties counting
 * half (Mann–Whitney U over average ranks). NaN when either class is empty.
 */
export function rocAuc(scores: readonly number[], positive: readonly boolean[]): number {
  if (scores.length !== positive.length)
    throw new Error(`rocAuc: ${scores.length} scores vs ${positive.length} labels`);
  const order = Array.from(scores.keys()).sort((a, b) => scores[a]! - scores[b]!);
  let rankSumPositive = 0;
  let nPositive = 0;
  let i = 0;
  while (i < order.length) {
    let j = i;
    while (j + 1 < order.length && scores[order[j + 1]!] === scores[order[i]!]) j++;
    const averageRank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) {
      if (positive[order[k]!]) {
        rankSumPositive += averageRank;
        nPositive++;
      }
    }
    i = j + 1;
  }
  const nNegative = scores.length - nPositive;
  if (nPositive === 0 || nNegative === 0) return Number.NaN;
  return (rankSumPositive - (nPositive * (nPositive + 1)) / 2) / (nPositive * nNegative);
}

/**
 * How many rows have their statement found, and how many also get the right role and stance; `mentions[i]`
 * are the mentions the analyzer found in `rows[i].text`.
 */
export function stanceAgreement(
  rows: readonly StanceRow[],
  mentions: ReadonlyArray<ReadonlyArray<{ statementId: string; role: string; stance: string }>>,
): { found: number; right: number; misses: string[] } {
  let found = 0;
  let right = 0;
  const misses: string[] = [];
  for (const [i, r] of rows.entries()) {
    const ms = (mentions[i] ?? []).filter((m) => m.statementId === r.statementId);
    if (ms.length > 0) found++;
    if (ms.some((m) => m.role === r.role && m.stance === r.stance)) right++;
    else
      misses.push(
        `${r.statementId} ${r.role}/${r.stance} → ${ms.map((m) => `${m.role}/${m.stance}`).join(",") || "not found"}: ${r.text}`,
      );
  }
  return { found, right, misses };
}
