/**
 * The linear lattice builder must build exactly the stock kuromoji-ko lattice: same nodes, same order, same
 * positions, on our own sample texts and on generated text (Hangul, jamo, emoji, Hanja, Latin, digits,
 * punctuation, long unknown runs).
 */
import fc from "fast-check";
import { MeCab } from "kuromoji-ko";
import { beforeAll, describe, expect, it } from "vitest";
import {
  installTokenizerShortcuts,
  linearLatticeBuilder,
  stockLatticeBuilder,
} from "../../src/nlp/lattice.js";
import { dictionaryPath, loadMorphAnalyzer, morphemesUncached, morphemesWith } from "../../src/nlp/morph.js";
import { EDGE_TEXTS, sampleTextLines } from "../helpers/sample-text.js";
import { hostileText, koreanProse } from "../hostile/arbitraries.js";

type Build = (s: string) => { eosPos: number; nodesEndAt: unknown[][] };

let stock: Build;
let linear: Build;
let stockMecab: MeCab;

function dump(lattice: ReturnType<Build>): string {
  return JSON.stringify({
    eos: lattice.eosPos,
    ends: lattice.nodesEndAt.map((nodes) =>
      nodes
        ? nodes.map((raw) => {
            const n = raw as Record<string, unknown>;
            return [n.name, n.cost, n.start_pos, n.length, n.type, n.left_id, n.right_id, n.surface_form];
          })
        : null,
    ),
  });
}

beforeAll(async () => {
  // A tokenizer of its own, so installing the linear builder elsewhere cannot change this stock reference.
  stockMecab = await MeCab.create({ engine: "ko", dictPath: dictionaryPath() });
  stock = stockLatticeBuilder(stockMecab) as Build;
  const internals = (stockMecab as unknown as { underlyingTokenizer: { viterbiBuilder: never } })
    .underlyingTokenizer.viterbiBuilder;
  linear = linearLatticeBuilder(internals) as Build;
}, 60_000);

describe("linear lattice builder", () => {
  it("builds the stock lattice for every line of the bundled sample", () => {
    const lines = sampleTextLines();
    expect(lines.length).toBeGreaterThan(300);
    for (const line of lines) expect(dump(linear(line)), line).toBe(dump(stock(line)));
  });

  it("builds the stock lattice on edge cases: empty, one character, emoji, Hanja, long unknown runs", () => {
    for (const c of EDGE_TEXTS) expect(dump(linear(c)), JSON.stringify(c)).toBe(dump(stock(c)));
  });

  it("builds the stock lattice on generated Korean prose and hostile text without lone surrogates", () => {
    const noLoneSurrogate = (s: string) => s.isWellFormed();
    fc.assert(
      fc.property(fc.oneof(koreanProse, hostileText(80)).filter(noLoneSurrogate), (text) => {
        expect(dump(linear(text))).toBe(dump(stock(text)));
      }),
      { numRuns: 300 },
    );
  });

  it("leaves text with a lone surrogate to the stock builder, which rejects it as before", () => {
    const broken = "깨진\uD800글자";
    expect(() => stock(broken)).toThrow();
    expect(() => linear(broken)).toThrow();
  });

  it("is what the shared analyzer runs, and installing it twice changes nothing", async () => {
    const mecab = await loadMorphAnalyzer();
    const builder = (mecab as unknown as { underlyingTokenizer: { viterbiBuilder: { build: unknown } } })
      .underlyingTokenizer.viterbiBuilder;
    const installed = builder.build;
    expect(installed).not.toBe((Object.getPrototypeOf(builder) as { build: unknown }).build);
    installTokenizerShortcuts(mecab);
    expect(builder.build).toBe(installed);
    const text = "카카오 먹통 사태에 대해 대표가 'IT 업계의 비극'이라고 말했다.";
    const ours = mecab.parse(text).map((t) => `${t.surface}/${t.pos.join("+")}`);
    const theirs = stockMecab.parse(text).map((t) => `${t.surface}/${t.pos.join("+")}`);
    expect(ours).toEqual(theirs);
    expect(ours.length).toBeGreaterThan(8);
  });
});

describe("word memory", () => {
  it("gives exactly the whole-text morphemes on the sample, on whitespace and punctuation edge cases", async () => {
    const mecab = await loadMorphAnalyzer();
    const cases = [
      ...sampleTextLines(),
      "  앞에 공백이 두 칸",
      "뒤에 공백\t\t",
      "줄바꿈\n\n사이\r\n단어",
      "마침표.바로 다음.  두 칸 뒤! 물음표?느낌표!",
      "같은 단어 같은 단어 같은 단어",
      "먹통 먹통. 먹통? 먹통",
      `${"긴 문장 ".repeat(120)}끝`,
      "x".repeat(100),
    ];
    for (const text of cases)
      expect(morphemesWith(mecab, text), JSON.stringify(text)).toEqual(morphemesUncached(mecab, text));
  });

  it("gives exactly the whole-text morphemes on generated text, asked twice in a row", async () => {
    const mecab = await loadMorphAnalyzer();
    const spaced = fc
      .array(fc.oneof(koreanProse, fc.constantFrom(" ", "  ", "\t", "\n", ". ", "?", "!", "ㅋㅋ")), {
        maxLength: 12,
      })
      .map((parts) => parts.join(""));
    fc.assert(
      fc.property(fc.oneof(spaced, hostileText(80)), (text) => {
        const expected = morphemesUncached(mecab, text);
        expect(morphemesWith(mecab, text)).toEqual(expected);
        expect(morphemesWith(mecab, text)).toEqual(expected); // now from memory
      }),
      { numRuns: 300 },
    );
  });
});

describe("readings put right after kuromoji-ko", () => {
  let mecab: MeCab;
  beforeAll(async () => {
    mecab = await loadMorphAnalyzer();
  });
  const tags = (text: string) => morphemesWith(mecab, text).map((m) => `${m.lemma}/${m.tag}`);

  it.each([
    [
      "안전하다 is the adjective 'safe' in every form",
      ["서버가 안전하다", "안전한 곳", "훨씬 안전해졌다", "과연 안전할까", "안전하지 않다"],
      "안전/NNG",
      "전하다/VV",
    ],
    [
      "어이 (as in 어이가 없다) is a noun before a particle",
      ["어이가 없네", "하 진짜 어이도 없다", "어이 상실"],
      "어이/NNG",
      "어/IC",
    ],
    [
      "안 joined to a noun at the end of its word is the suffix 案 (보상안)",
      ["한빛 보상안 발표", "보상안은 이번 주 나온다", '보상안 "기대 이상" 호평'],
      "안/NNG",
      "안/MAG",
    ],
    [
      "안전 inside a ministry's name (행정안전부) is 'safety', not 안 + 전부",
      ["행정안전부는 원인을 발표했다", "행정안전부 장관"],
      "안전/NNG",
      "안/MAG",
    ],
    [
      "다시는 on its own is 'never again', not the verb 다시다",
      ['"다시는 멈추지 않게"'],
      "다시/MAG",
      "다시다/VV",
    ],
    [
      "덜 on its own is the adverb 'less', not 덜다 + -ㄹ",
      ["순번이 보이니까 덜 답답하다", "덜 불편했다"],
      "덜/MAG",
      "덜다/VV",
    ],
    [
      "시 on its own ('when, in case of') is the bound noun, not the pre-final ending",
      ["장애 시 보상한다", "GPS 오류 재발 시 자동으로 전환된다"],
      "시/NNB",
      "시/EP",
    ],
    [
      "자사주 (treasury shares) before a space is the noun, not 자다 ('sleep') + 사주",
      ["자사주 소각까지 한다니", "1천억원 규모 자사주 취득 결정", "대표가 자사주 매입에 나섰다"],
      "자사주/NNG",
      "자다/VV",
    ],
    [
      "피해 (damage) between two words is the noun, not 피하다 ('avoid') + 아",
      ["이번 피해 규모는 크다", "장애 피해 접수가 시작됐다", "큰 피해 입었다"],
      "피해/NNG",
      "피하다/VV",
    ],
    [
      "팬 (a fan) is the noun, not 패다 + -ㄴ",
      ["팬 커뮤니티에 올라왔다", "팬 위한 선예매"],
      "팬/NNG",
      "패다/VA",
    ],
    ["잔 (a cup) is the counter, not 잘다 + -ㄴ", ["커피 세 잔 값"], "잔/NNB", "잘다/VA"],
    ["안산 (a city) is a name, not 안 + 살다 + -ㄴ", ["안산 데이터센터 완공되면"], "안산/NNP", "살다/VV"],
    ["쇼 (a show) is the noun, not the copula + 시 + 오", ["사퇴 쇼 잘 봤습니다"], "쇼/NNG", "시/EP"],
  ])("%s, in the word memory as in the stock path", (_what, texts, present, absent) => {
    for (const text of texts) {
      expect(tags(text), text).toContain(present);
      expect(tags(text), text).not.toContain(absent);
      expect(morphemesWith(mecab, text)).toEqual(morphemesUncached(mecab, text));
    }
  });

  it("the readings they replace stay where the text means them", () => {
    expect(tags("소식을 안 전했다")).toEqual(expect.arrayContaining(["안/MAG", "전하다/VV"]));
    expect(tags("어 이거 되네")).toContain("어/IC");
    for (const text of ["보상안줌", "보상 안 줌"]) expect(tags(text), text).toContain("안/MAG");
    expect(tags("문제는 안 전부 고쳤다는 것")).toEqual(expect.arrayContaining(["안/MAG", "전부/NNG"]));
    expect(tags("걱정을 덜었다")).toContain("덜다/VV");
    expect(tags("대표님이 오시면")).toContain("시/EP");
    expect(tags("이제 자야지")).toContain("자다/VV");
  });
});
