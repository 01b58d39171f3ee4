import type { MeCab } from "kuromoji-ko";
import { beforeAll, describe, expect, it } from "vitest";
import { loadMorphAnalyzer, morphemesWith } from "../../src/nlp/morph.js";
import { concessiveScope, negationScope } from "../../src/nlp/negation.js";

let mecab: MeCab;
beforeAll(async () => {
  mecab = await loadMorphAnalyzer();
});

/** Lemmas the scope marks, in order. */
function marked(text: string, scope: typeof negationScope): string[] {
  const ms = morphemesWith(mecab, text);
  const flags = scope(ms);
  return ms.filter((_, i) => flags[i]).map((m) => m.lemma);
}

describe("negationScope", () => {
  it.each([
    ["서비스가 안 좋다", ["좋다"]],
    ["이게 딱히 좋지가 않아요", ["좋다"]],
    ["복구가 원활하지 못했다", ["원활"]],
    ["추천하고 싶지 않아요", ["추천"]],
    ["결제가 안 된다", ["결제"]],
    ["데이터 유실 문제는 없다", ["문제"]],
    ["이해할 수 없다", ["이해"]],
    ["고장이 안 나요", ["고장"]],
    ["접속 오류가 안 나요", ["오류"]],
    ["이번엔 오류가 안 나네요", ["오류"]],
  ] as const)("%s → %j", (text, expected) => {
    expect(marked(text, negationScope)).toEqual(expected);
  });

  it("marks nothing in a sentence without a negator", () => {
    expect(marked("복구가 빨라서 다행이다", negationScope)).toEqual([]);
  });
});

describe("concessiveScope", () => {
  it("marks the clause before -지만 and nothing after it", () => {
    const lemmas = marked("불편했지만 복구는 빨랐다", concessiveScope);
    expect(lemmas).toContain("불편");
    expect(lemmas).not.toContain("복구");
    expect(lemmas).not.toContain("빠르다");
  });

  it("ends at the sentence boundary", () => {
    expect(marked("느렸다. 그러나 복구는 됐다", concessiveScope)).toEqual([]);
  });
});
