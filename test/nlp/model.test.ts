import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { extractFeatures, featureKeys, fnv1a, hashKeys } from "../../src/nlp/features.js";
import { createLinearModel, decodeModel, encodeModel, trainLogistic } from "../../src/nlp/model.js";
import type { Morpheme } from "../../src/nlp/morph.js";

/** Hand-made morphemes: one NNG per space-separated word, so the test needs no dictionary. */
function words(text: string): Morpheme[] {
  return text.split(" ").map((w, i) => ({ surface: w, lemma: w, tag: "NNG", word: i }));
}

describe("features", () => {
  it("FNV-1a matches the published test vectors", () => {
    expect(fnv1a("")).toBe(0x811c9dc5);
    expect(fnv1a("a")).toBe(0xe40c292c);
    expect(fnv1a("foobar")).toBe(0xbf9cf968);
  });

  it("hashes the same text to the same sorted, L2-normalised indices every time", () => {
    const text = "복구 빠름 만족";
    const a = extractFeatures(words(text), text, 16);
    const b = extractFeatures(words(text), text, 16);
    expect(Array.from(a.indices)).toEqual(Array.from(b.indices));
    expect(Array.from(a.indices)).toEqual([...a.indices].sort((x, y) => x - y));
    expect(new Set(a.indices).size).toBe(a.indices.length);
    expect(a.indices.every((i) => i < 2 ** 16)).toBe(true);
    const norm = Math.sqrt(a.values.reduce((s, v) => s + v * v, 0));
    expect(norm).toBeCloseTo(1, 5);
  });

  it("gives exactly the buckets of the key strings, for short texts and for long ones (radix-sorted)", () => {
    const word = fc.oneof(
      fc.constantFrom("먹통", "사태", "ㅋㅋㅋㅋ", "좋다", "😀", "𠀀", "IT", "!!", "대표가"),
      fc.string({ minLength: 1, maxLength: 6 }).map((w) => w.replace(/\s/g, "") || "x"),
    );
    const text = fc.array(word, { minLength: 1, maxLength: 120, size: "max" }).map((ws) => ws.join(" "));
    let long = 0;
    fc.assert(
      fc.property(text, fc.constantFrom(14, 22), (t, bits) => {
        const ms = words(t);
        const fast = extractFeatures(ms, t, bits);
        const slow = hashKeys(featureKeys(ms, t), bits);
        if (featureKeys(ms, t).length >= 128) long++;
        expect(Array.from(fast.indices)).toEqual(Array.from(slow.indices));
        expect(Array.from(fast.values)).toEqual(Array.from(slow.values));
      }),
      { numRuns: 300 },
    );
    expect(long).toBeGreaterThan(100);
  });

  it("builds morpheme n-grams, char n-grams over the space-stripped text and words", () => {
    const keys = featureKeys(words("먹통 사태"), "먹통 사태");
    expect(keys).toContain("m:먹통/NNG");
    expect(keys).toContain("b:먹통/NNG|사태/NNG");
    expect(keys).toContain("c2:통사"); // across the removed space
    expect(keys).toContain("w:사태");
    expect(keys).not.toContain("c2:통 ");
  });

  it("caps character runs so ㅋㅋㅋㅋㅋ and ㅋㅋㅋ share their features", () => {
    const long = featureKeys([], "ㅋㅋㅋㅋㅋㅋ").filter((k) => k.startsWith("c"));
    const short = featureKeys([], "ㅋㅋㅋ").filter((k) => k.startsWith("c"));
    expect(long).toEqual(short);
  });
});

describe("logistic model", () => {
  // Toy reviews we wrote: the sentiment word alone separates the classes.
  const positive = [
    "복구 빠름 만족",
    "대응 신속 만족",
    "보상 충분 감사",
    "서비스 정상 만족",
    "안내 친절 감사",
  ];
  const negative = [
    "복구 지연 불만",
    "대응 늦음 실망",
    "보상 부족 불만",
    "서비스 먹통 실망",
    "안내 엉망 분노",
  ];
  const texts = [...positive, ...negative];
  const labels = texts.map((_, i) => (i < positive.length ? 1 : 0));
  const xs = texts.map((t) => hashKeys(featureKeys(words(t), t), 14));

  it("learns a linearly separable toy set and generalises to unseen combinations", () => {
    const model = trainLogistic(xs, labels, { bits: 14, epochs: 30, learningRate: 0.5, seed: 1 });
    texts.forEach((t, i) => {
      const p = model.predictProba(xs[i]!);
      expect(labels[i] === 1 ? p > 0.5 : p < 0.5, t).toBe(true);
    });
    const unseenPos = "장애 복구 감사";
    const unseenNeg = "장애 복구 실망";
    const pPos = model.predictProba(hashKeys(featureKeys(words(unseenPos), unseenPos), 14));
    const pNeg = model.predictProba(hashKeys(featureKeys(words(unseenNeg), unseenNeg), 14));
    expect(pPos).toBeGreaterThan(pNeg);
  });

  it("is reproducible for a fixed seed and survives the int8 file format", () => {
    const a = trainLogistic(xs, labels, { bits: 14, epochs: 5, seed: 7 });
    const b = trainLogistic(xs, labels, { bits: 14, epochs: 5, seed: 7 });
    expect(Array.from(a.weights)).toEqual(Array.from(b.weights));
    const decoded = decodeModel(encodeModel(a));
    expect(decoded.metadata.bits).toBe(14);
    expect(decoded.metadata.bias).toBeCloseTo(a.metadata.bias, 10);
    for (const x of xs) expect(decoded.predictProba(x)).toBeCloseTo(a.predictProba(x), 1);
  });

  it("reads an int8 file into margins bit for bit equal to those of its float32 weights", () => {
    const a = trainLogistic(xs, labels, { bits: 14, epochs: 5, seed: 7 });
    const decoded = decodeModel(encodeModel(a));
    const float32 = createLinearModel(Float32Array.from(decoded.weights), { ...decoded.metadata });
    for (const x of xs) expect(Object.is(decoded.margin(x), float32.margin(x))).toBe(true);
    const all = {
      indices: Uint32Array.from({ length: 2 ** 14 }, (_, i) => i),
      values: new Float32Array(2 ** 14),
    };
    all.values.fill(0.37);
    expect(decoded.margin(all)).toBe(float32.margin(all));
  });

  it("refuses a file that is not a model", () => {
    expect(() => decodeModel(new Uint8Array([1, 2, 3]))).toThrow();
  });
});
