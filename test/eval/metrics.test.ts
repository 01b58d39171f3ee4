import { describe, expect, it } from "vitest";
import { kotePolarity, kotePolarityByTie } from "../../src/eval/main.js";
import { accuracy, macroF1, rocAuc } from "../../src/eval/metrics.js";

describe("accuracy", () => {
  it("counts matches", () => {
    expect(accuracy([1, 0, 1, 1], [1, 1, 1, 0])).toBe(0.5);
    expect(Number.isNaN(accuracy([], []))).toBe(true);
    expect(() => accuracy([1], [])).toThrow();
  });
});

describe("macroF1", () => {
  it("averages per-class F1 worked by hand", () => {
    // gold:      a a a b b c
    // predicted: a a b b c c
    // a: tp 2 fp 0 fn 1 → P 1, R 2/3, F1 0.8
    // b: tp 1 fp 1 fn 1 → P 1/2, R 1/2, F1 0.5
    // c: tp 1 fp 1 fn 0 → P 1/2, R 1, F1 2/3
    const r = macroF1(["a", "a", "a", "b", "b", "c"], ["a", "a", "b", "b", "c", "c"], ["a", "b", "c"]);
    expect(r.perClass.get("a")!.f1).toBeCloseTo(0.8, 10);
    expect(r.perClass.get("b")!.f1).toBeCloseTo(0.5, 10);
    expect(r.perClass.get("c")!.f1).toBeCloseTo(2 / 3, 10);
    expect(r.macroF1).toBeCloseTo((0.8 + 0.5 + 2 / 3) / 3, 10);
  });

  it("gives a class never predicted F1 0", () => {
    expect(macroF1(["a", "b"], ["a", "a"], ["a", "b"]).macroF1).toBeCloseTo((2 / 3 + 0) / 2, 10);
  });
});

describe("rocAuc", () => {
  it("is 1 for a perfect ranking and 0 for a reversed one", () => {
    expect(rocAuc([0.1, 0.2, 0.8, 0.9], [false, false, true, true])).toBe(1);
    expect(rocAuc([0.9, 0.8, 0.2, 0.1], [false, false, true, true])).toBe(0);
  });

  it("counts pairs worked by hand, ties as half", () => {
    // positives 0.8, 0.4; negatives 0.5, 0.4, 0.1. Pairs (pos > neg): 0.8 beats all 3;
    // 0.4 beats 0.1, ties 0.4 (½), loses to 0.5 → (3 + 1 + 0.5) / 6 = 0.75
    expect(rocAuc([0.8, 0.4, 0.5, 0.4, 0.1], [true, true, false, false, false])).toBeCloseTo(0.75, 10);
  });

  it("is NaN when a class is empty", () => {
    expect(Number.isNaN(rocAuc([0.1, 0.2], [true, true]))).toBe(true);
  });
});

describe("KOTE polarity mapping", () => {
  it("counts positive against negative emotions; neutral ones do not count", () => {
    expect(kotePolarity([1, 4, 0])).toBe("pos"); // 환영/호의, 고마움 vs 불평/불만
    expect(kotePolarity([0, 6, 42])).toBe("neg"); // 불평/불만, 화남/분노 vs 기쁨
    expect(kotePolarity([24, 39])).toBe("neu"); // 없음, 놀람
    expect(kotePolarity([42, 22])).toBe("neu"); // one each
  });

  it("makes a row neutral when any annotator chose 없음, whatever the other annotators chose", () => {
    expect(kotePolarity([0, 6, 22, 24])).toBe("neu"); // 불평/불만, 화남/분노, 짜증 + 없음
    expect(kotePolarity([1, 4, 24])).toBe("neu"); // 환영/호의, 고마움 + 없음
  });

  it("keeps the old tie-only mapping for comparison: 없음 does not count there", () => {
    expect(kotePolarityByTie([0, 6, 22, 24])).toBe("neg");
    expect(kotePolarityByTie([1, 4, 24])).toBe("pos");
    expect(kotePolarityByTie([24])).toBe("neu");
    expect(kotePolarityByTie([42, 22])).toBe("neu");
  });
});
