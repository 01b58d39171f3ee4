import path from "node:path";
import type { MeCab } from "kuromoji-ko";
import { beforeAll, describe, expect, it } from "vitest";
import { type Lexicons, loadLexicons } from "../../src/nlp/lexicon.js";
import { loadMorphAnalyzer, morphemesWith } from "../../src/nlp/morph.js";
import {
  FACT_EVIDENCE,
  isNewsHeadline,
  NEGATION_EVIDENCE,
  NEGATIVE_THRESHOLD,
  normalizeScore,
  OTHER_EVIDENCE,
  PLEDGE_EVIDENCE,
  POSITIVE_THRESHOLD,
  scoreDocument,
  scoreMorphemes,
} from "../../src/nlp/score.js";
import type { SentimentLabel, SentimentScore, TermContribution } from "../../src/shared/types.js";
import { generalLexiconFile } from "../helpers/lexicon.js";

const GENERAL = path.join(import.meta.dirname, "..", "fixtures", "nlp", "general-small.tsv");

let mecab: MeCab;
let lex: Lexicons;
const score = (text: string): SentimentScore => scoreMorphemes(morphemesWith(mecab, text), text, lex);

/**
 * Scores `text` and checks its label, and that a term matching `fired` is among its terms (or, with
 * `present` false, that none is).
 */
function expectReading(
  text: string,
  label: SentimentLabel,
  fired: (t: TermContribution) => unknown,
  present = true,
): void {
  const s = score(text);
  expect(s.label, text).toBe(label);
  expect(s.terms.some(fired), text).toBe(present);
}

beforeAll(async () => {
  mecab = await loadMorphAnalyzer();
  lex = loadLexicons(undefined, { generalFile: GENERAL });
});

describe("negation before and after the predicate", () => {
  it.each([
    ["안 좋다", "neg"],
    ["서비스가 안좋아요", "neg"],
    ["좋지 않다", "neg"],
    ["복구가 원활하지 못했다", "neg"],
    ["이번 대응은 신속하지 않았다", "neg"],
    ["데이터 유실 문제는 없다", "pos"],
    ["문제없이 정상화됐다", "pos"],
    ["회사는 끝내 사과를 안 했다", "neg"],
    ["회사는 끝내 사과를 하지 않았다", "neg"],
    ["좋아 보이지 않는다", "neg"],
    ["대응이 딱히 좋지가 않았다", "neg"],
    ["이제 카카오를 신뢰하고 싶지 않다", "neg"],
    ["고장이 안 나요", "pos"],
    ["이제는 접속 오류가 안 나요", "pos"],
    ["이번엔 오류가 안 나네요", "pos"],
  ] as const)("%s → %s", (text, label) => {
    expectReading(text, label, (t) => t.rule?.includes("negated"));
  });

  it.each([
    ["좋지 않다", "좋다", 1],
    ["좋다", "좋다", undefined],
    ["불만족스럽지 않았다", "만족", 2],
    ["실망하지 않을 수 없다", "실망", undefined],
  ] as const)("%s: %s carries its count of negations (%s)", (text, term, negations) => {
    expect(score(text).terms.find((t) => t.term === term)?.negations).toBe(negations);
  });

  it("a negated word keeps only part of its strength", () => {
    expect(Math.abs(score("안 좋다").compound)).toBeLessThan(Math.abs(score("나쁘다").compound));
  });
});

describe("double negation", () => {
  it.each(["나쁘지 않다", "대처가 나쁘지는 않았다", "그렇게 불편하지 않았다"])(
    "%s → mildly positive",
    (text) => {
      const s = score(text);
      expect(s.label).toBe("pos");
      expect(s.compound).toBeLessThan(score("좋다").compound);
    },
  );
});

describe("contrast weights the later clause", () => {
  it("처음엔 … -는데 weighs the first clause as 'but' does", () => {
    const s = score("처음엔 화났는데 보상 받고 나니 만족함");
    expect(s.label).toBe("pos");
    expect(s.terms.find((t) => t.term === "화나다")!.rule).toContain("×0.5");
    // Without 처음 the weak connective keeps its own weight.
    expect(score("화났는데 보상 받고 나니 만족함").terms.find((t) => t.term === "화나다")!.rule).toContain(
      "×0.75",
    );
  });

  it("건 after a number is the counter, not 것은 contracted", () => {
    const s = score("신고가 2천 건 넘게 들어왔지만 처리는 느리다");
    expect(s.terms.some((t) => t.rule?.includes("contrast 건"))).toBe(false);
    expect(s.terms.some((t) => t.rule?.includes("contrast 지만"))).toBe(true);
    expect(score("면제해준 건 칭찬할 만하다").terms.some((t) => t.rule?.includes("contrast 건"))).toBe(true);
  });

  it.each([
    ["불편했지만 복구는 빨랐다", "pos"],
    ["처음엔 불편했지만 정상화가 신속했다", "pos"],
    ["복구는 빨랐지만 데이터 유실이 심각하다", "neg"],
    ["사과는 했다. 그러나 보상은 쥐꼬리다", "neg"],
    ["보상안은 나왔다 근데 너무 늦었다", "neg"],
  ] as const)("%s → %s", (text, label) => {
    expect(score(text).label).toBe(label);
  });

  it.each(["빠르게 복구를 약속한 점은 유감이다", "빠르게 복구를 약속한 건 유감이다"])(
    "%s: the verdict after 점은 / 건 (the fact that …) decides",
    (text) => {
      const s = score(text);
      expect(s.label).toBe("neg");
      expect(s.terms.find((t) => t.term === "유감")?.rule).toMatch(/after contrast/);
    },
  );

  it("marks which side of the connective each term was on", () => {
    const rules = score("불편했지만 복구는 빨랐다").terms.map((t) => t.rule ?? "");
    expect(rules.some((r) => r.includes("before contrast"))).toBe(true);
    expect(rules.some((r) => r.includes("after contrast"))).toBe(true);
  });
});

describe("boosters and dampeners", () => {
  it.each([
    ["너무 한심하다", "한심하다"],
    ["정말 황당하다", "황당하다"],
    ["진짜 지겹다", "지겹다"],
    ["매우 신속한 복구", "신속한 복구"],
  ])("%s is stronger than %s", (boosted, plain) => {
    expect(Math.abs(score(boosted).compound)).toBeGreaterThan(Math.abs(score(plain).compound));
    expect(score(boosted).terms.some((t) => t.rule?.includes("boosted"))).toBe(true);
  });

  it.each([
    ["좀 불편하다", "불편하다"],
    ["다소 미흡했다", "미흡했다"],
    ["약간 실망스럽다", "실망스럽다"],
  ])("%s is weaker than %s", (damped, plain) => {
    expect(Math.abs(score(damped).compound)).toBeLessThan(Math.abs(score(plain).compound));
    expect(score(damped).label).toBe(score(plain).label);
  });
});

describe("a question ending in the negator asserts what it negates", () => {
  it.each([
    ["이 정도면 신속한 대응 아닌가요?", "pos"],
    ["이만하면 좋은 거 아닌가", "pos"],
    ["이건 명백한 책임 회피 아닌가요?", "neg"],
    ["너무 불편하지 않나요?", "neg"],
  ] as const)("%s → %s", (text, label) => {
    const s = score(text);
    expect(s.label).toBe(label);
    expect(s.terms.some((t) => t.rule?.includes("negated"))).toBe(false);
    expect(s.terms.some((t) => t.term === "(rhetorical question)")).toBe(false);
  });

  it("the same words as a statement are negated", () => {
    expect(score("만족한 건 아니다").label).toBe("neg");
    expect(score("좋은 거 아니다").label).toBe("neg");
  });

  it.each(["회사가 먼저 사과해야 하지 않나?", "보상을 더 줘야 하는 거 아닌가", "좋은 거 아니죠"])(
    "%s stays negative (a demand, an agreement)",
    (text) => {
      expect(score(text).label).toBe("neg");
    },
  );
});

describe("verbs of losing reverse what is lost", () => {
  it.each([
    ["이번 일로 카카오에 대한 신뢰를 잃었다", "neg"],
    ["믿음이 완전히 깨졌다", "neg"],
    ["이용자들의 걱정이 사라졌다", "pos"],
    ["이번에는 재발을 막겠다", "pos"],
    ["발 빠른 공지로 더 큰 불편은 피했다", "pos"],
    ["보상안이 나오자 불만이 누그러졌다", "pos"],
    ["늑장 공지가 신뢰를 깎았다", "neg"],
  ] as const)("%s → %s", (text, label) => {
    const s = score(text);
    expect(s.label).toBe(label);
    expect(
      s.terms.some((t) => /what (is lost|is prevented|is avoided|eases|is worn away)/.test(t.rule ?? "")),
    ).toBe(true);
  });

  it("a noun before 에 is where the verb goes, not what it loses (위기에 빠졌다)", () => {
    const s = score("회사가 위기에 빠졌다");
    expect(s.label).toBe("neg");
    expect(s.terms.some((t) => t.rule?.includes("what is left out"))).toBe(false);
    expect(score("거품이 빠졌다").terms.some((t) => t.rule?.includes("what is left out"))).toBe(true);
  });

  it("easing reverses only a bad noun", () => {
    expect(score("보상안이 나오자 불만이 풀렸다").label).toBe("pos");
    const s = score("보상 받고 나니 신뢰가 풀렸다");
    expect(s.terms.some((t) => t.rule?.includes("what is resolved"))).toBe(false);
  });

  it("a loss that did not happen leaves the noun alone", () => {
    const s = score("그래도 신뢰를 잃지 않았다");
    expect(s.label).toBe("pos");
    expect(s.terms.some((t) => t.rule?.includes("what is lost"))).toBe(false);
  });

  it.each(["이번 사태로 불신을 피할 수 없다", "불신을 피하기 어렵다", "불신을 막을 수 없었다"])(
    "%s: what could not be avoided or prevented happened",
    (text) => {
      expectReading(text, "neg", (t) => /what is (prevented|avoided)/.test(t.rule ?? ""), false);
    },
  );

  it.each([
    ["시장 예상치를 웃돌며 우려를 불식시켰다", "우려", "불식"],
    ["하루 만에 접속 문제를 해결했다", "문제", "해결"],
    ["불안을 해소했다", "불안", "해소"],
  ])("%s: a noun of remedy with 하다/시키다 reverses its bad object", (text, object, remedy) => {
    const s = score(text);
    expect(s.label).toBe("pos");
    expect(s.terms.find((t) => t.term === object)?.rule).toContain(`negated by ${remedy}`);
  });

  it.each(["접속 문제를 해결하지 못했다", "불안을 해소할 수 없었다"])(
    "%s: a remedy denied leaves the object bad",
    (text) => {
      expect(score(text).terms.find((t) => t.term === "문제" || t.term === "불안")?.valence).toBeLessThan(0);
    },
  );

  it("without a particle the noun is a topic, not an object dealt with (문제 해결이 시급하다)", () => {
    expect(score("문제 해결이 시급하다").terms.some((t) => t.rule?.includes("negated by 해결"))).toBe(false);
  });

  it.each([
    ["결제 오류를 잡고 수수료를 면제해 줬다", "오류", "pos"],
    ["접속 문제를 고쳤다", "문제", "pos"],
  ])("%s: fixing reverses a bad object", (text, object, label) => {
    const s = score(text);
    expect(s.label).toBe(label);
    expect(s.terms.find((t) => t.term === object)!.valence).toBeGreaterThan(0);
  });

  it("a verb of prevention loses its own negative value when it reverses its object", () => {
    const s = score("시스템을 복구해 추가 혼란을 막았다");
    expect(s.label).toBe("pos");
    expect(s.terms.find((t) => t.term === "혼란")!.valence).toBeGreaterThan(0);
    expect(s.terms.find((t) => t.term === "막다")?.valence ?? 0).toBe(0);
  });

  it("피해 (damage) after a noun is not the verb 피하다, whatever kuromoji-ko says", () => {
    // kuromoji-ko reads 장애 피해 as 장애 + 피하/VV + 아; morph.ts reads the word as the noun 피해, so 장애
    // is not reversed by "avoiding" it, and both name which reports (장애 피해 신고).
    const s = score("장애 피해 신고가 쏟아졌다");
    expect(s.terms.some((t) => t.term === "피해")).toBe(true);
    expect(s.terms.some((t) => t.rule?.includes("what is avoided"))).toBe(false);
    expect(score("큰 피해 입었다").label).toBe("neg");
  });
});

describe("안 되다 / 못 하다 with nothing rated before them: it does not work", () => {
  it.each(["로그인이 안 돼요", "송금을 못 했어요", "카톡 안 됨"])("%s → neg", (text) => {
    expectReading(text, "neg", (t) => t.rule === "does not work (nothing rated before it)");
  });

  it("a rated noun before them is negated instead", () => {
    const s = score("복구가 안 됐다");
    expect(s.terms.find((t) => t.term === "복구")?.rule).toContain("object of the light verb");
    expect(s.terms.some((t) => t.rule?.startsWith("does not work"))).toBe(false);
  });
});

describe("-기 어렵다 and 못하다 after its object: not done", () => {
  it.each([
    ["이번 분기 반등은 기대하기 어렵다", "기대"],
    ["이런 회사는 신뢰하기 힘들다", "신뢰"],
    ["사흘째 복구를 못하고 있다", "복구"],
  ] as const)("%s", (text, term) => {
    const s = score(text);
    expect(s.label).toBe("neg");
    expect(s.terms.find((t) => t.term === term)?.rule).toMatch(/hard to|못하다 \(after its object\)/);
  });
});

describe("praise beside ㅉㅉ is irony", () => {
  it("turns the praise around", () => {
    const s = score("참 훌륭한 대응이다 ㅉㅉ");
    expect(s.label).toBe("neg");
    expect(s.terms.find((t) => t.term === "훌륭")?.rule).toContain("irony");
  });

  it.each([
    ["잘한다 잘해 이제 데이터까지 날리겠네", "twice in a row"],
    ["대단하다 대단해 나흘째 먹통인 메신저", "twice in a row"],
    ["참 잘~한다 이 회사", "drawn out with ~"],
  ] as const)("%s: mocking praise", (text, how) => {
    expectReading(text, "neg", (t) => t.rule?.includes("irony") && t.rule.includes(how));
  });

  it("praise said once, without a tilde, stays praise", () => {
    const s = score("위기 대응 하나는 대단하다");
    expect(s.label).toBe("pos");
    expect(s.terms.some((t) => t.rule?.includes("irony"))).toBe(false);
  });

  it("ㅋㅋ alone is not contempt enough", () => {
    expect(score("복구 빨라서 좋네 ㅋㅋ").terms.some((t) => t.rule?.includes("irony"))).toBe(false);
  });
});

describe("-더라도 puts the weight on the main clause", () => {
  it("손해를 보더라도 … 박수 reads as approval", () => {
    const s = score("손해를 보더라도 안전을 택한 결정에 박수를 보낸다");
    expect(s.label).toBe("pos");
    expect(s.terms.find((t) => t.term === "손해")?.rule).toContain("before contrast 더라도");
  });
});

describe("rules that must leave other readings alone", () => {
  it("-지를 못하다 is still -지 못하다", () => {
    const s = score("대응이 좋지를 못했다");
    expect(s.label).toBe("neg");
    expect(s.terms.find((t) => t.term === "좋다")?.rule).toContain("-지 못하다");
  });

  it("-기 어렵지 않다 is not hard", () => {
    const s = score("이 정도면 신뢰하기 어렵지 않다");
    expect(s.terms.some((t) => t.rule?.includes("hard to"))).toBe(false);
    expect(s.terms.find((t) => t.term === "신뢰")?.valence).toBeGreaterThan(0);
  });

  it("a report that was not made is no plain fact", () => {
    for (const text of ["장애 복구 일정은 아직도 공지하지 않았다", "피해 규모는 끝내 밝히지 못했다"]) {
      const s = score(text);
      expect(
        s.terms.some((t) => t.rule?.includes("reported fact")),
        text,
      ).toBe(false);
    }
  });

  it("a tilde after the praise is not mockery, nor is a curse beside it", () => {
    expect(score("와 대단~").terms.some((t) => t.rule?.includes("irony"))).toBe(false);
    expect(score("ㅆㅂ 진짜 훌륭하다").terms.some((t) => t.rule?.includes("irony"))).toBe(false);
  });
});

describe("a pledge is marked for the hybrid", () => {
  it.each(["서버 이중화에 투자하겠다", "피해 가게에는 전액 보상하겠습니다", "새 센터는 직접 짓겠다."])(
    "%s",
    (text) => {
      expect(score(text).terms.some((t) => t.term === "(pledge)")).toBe(true);
    },
  );

  it.each([
    "다시는 안 쓰겠다",
    "책임은 지지 않겠다",
    "내일은 비가 오겠네",
    "회사는 센터를 짓겠다고 발표했다",
  ])("%s: no pledge in its own voice", (text) => {
    expect(score(text).terms.some((t) => t.term === "(pledge)")).toBe(false);
  });
});

describe("X-ㄹ 게 아니라 says X should not be done", () => {
  it("a bad X stays criticism", () => {
    const s = score("변명부터 할 게 아니라 사과부터 해야지");
    expect(s.label).toBe("neg");
    expect(s.terms.find((t) => t.term === "변명")?.rule).toContain("still criticism");
  });

  it("a good X is negated", () => {
    expect(score("칭찬할 게 아니라 꾸짖어야 한다").terms.find((t) => t.term === "칭찬")?.rule).toContain(
      "negated",
    );
  });
});

describe("what cannot be found or seen is denied", () => {
  it.each([
    ["해명에서 책임감은 찾을 수 없었다", "책임+감"],
    ["성의라고는 찾아볼 수가 없다", "성의"],
    ["어디에도 반성의 기미는 찾아볼 수 없다", "반성"],
    ["반성하는 기색이 전혀 보이지 않는다", "반성"],
    ["진정성이 전혀 느껴지지 않는다", "진정+성"],
  ] as const)("%s", (text, term) => {
    const s = score(text);
    expect(s.label).toBe("neg");
    expect(s.terms.find((t) => t.term === term)?.rule).toMatch(/negated/);
  });

  it("a sign that is seen stays as it is", () => {
    expect(score("반성하는 모습을 보였다").label).toBe("pos");
  });
});

describe("a clause whose predicate is doubt does not assert its good words", () => {
  it.each([
    "약속한 보상이 제대로 이뤄질지 의문이다",
    "이번 개편이 성공할지는 미지수다",
    "사과의 진정성이 의심스럽다",
    "단체는 사과의 진정성에 의문을 제기했다",
    "소비자들은 진정성에 의문을 품었다",
  ])("%s → neg", (text) => {
    expectReading(text, "neg", (t) => t.rule?.startsWith("doubted by"));
  });

  it("only the clause after a contrast is doubted", () => {
    const s = score("복구는 신속했지만 재발 방지가 이뤄질지는 의문이다");
    expect(s.terms.find((t) => t.term === "신속")?.rule ?? "").not.toContain("doubted");
    expect(s.terms.find((t) => t.term === "재발+방지")?.rule).toContain("doubted");
  });

  it("doubt that is not the predicate doubts nothing", () => {
    const s = score("의문이 풀리자 신뢰가 돌아왔다");
    expect(s.terms.some((t) => t.rule?.startsWith("doubted"))).toBe(false);
  });
});

describe("a word of degree between a noun and 없다", () => {
  it.each([
    ["사과문에 진정성이 하나도 없다", "neg"],
    ["대응에 책임감이 전혀 없다", "neg"],
    ["갈아탔는데 불편한 거 하나도 없음", "pos"],
    ["사과문에 진정성 1도 없음", "neg"],
  ] as const)("%s → %s", (text, label) => {
    expectReading(text, label, (t) => t.rule?.includes("negated by 없다"));
  });
});

describe("더 … -ㄹ 수 없다 is a superlative", () => {
  it.each([
    ["이보다 더 무책임할 수는 없다", "neg"],
    ["이보다 더 신속할 수는 없다", "pos"],
  ] as const)("%s → %s", (text, label) => {
    expectReading(text, label, (t) => t.rule?.includes("superlative"));
  });

  it("without 더 it is still a negation", () => {
    expect(score("신속할 수는 없다").label).toBe("neg");
  });
});

describe("없다 after a noun phrase", () => {
  it("a bound noun standing as its own word belongs to the phrase it ends", () => {
    const s = score("믿을 게 없다");
    expect(s.label).toBe("neg");
    expect(s.terms.find((t) => t.term === "믿다")?.rule).toContain("negated by 없다");
  });

  it("a predicate with an adverbial ending modifies 없다 instead of being negated by it", () => {
    // 좋게 없다 is not a natural phrase; the point is the shape: -게 + 없다 leaves the predicate as it is.
    const adverbial = score("편하게 없다");
    expect(adverbial.terms.find((t) => t.term === "편하다")?.rule ?? "").not.toContain("negated");
    expect(score("편한 게 없다").terms.find((t) => t.term === "편하다")?.rule).toContain("negated");
  });
});

describe("rhetorical questions read as criticism", () => {
  it.each([
    "이게 말이 되냐?",
    "대표라면 끝까지 책임질 순 없느냐",
    "도대체 복구는 언제 되나요?",
    "이런 회사를 누가 신뢰할 수 있을까요?",
    "더 나은 대책을 내놨어야 하지 않을까요",
  ])("%s → neg", (text) => {
    expectReading(text, "neg", (t) => t.term === "(rhetorical question)");
  });

  it.each([
    ["하루 만에 신속하게 복구하다니!", "pos"],
    ["이제야 보상안을 내놓다니 한심하다", "neg"],
  ] as const)("-다니 is an exclamation, not a question: %s → %s", (text, label) => {
    expectReading(text, label, (t) => t.term === "(rhetorical question)", false);
  });

  it.each(["보상으로 쿠폰 한 장이냐;;", "그 약속 믿는 사람 아직도 있음?"])(
    "%s: a strong ending before ;; and 아직도 (still) make a rhetorical question",
    (text) => {
      expectReading(text, "neg", (t) => t.term === "(rhetorical question)");
    },
  );

  it.each(["대표 사퇴 발표는 몇 시에 했어요?", "결제 실패한 건은 자동으로 취소되나요?"])(
    "%s: a polite question with a bad word in it asks, it does not attack",
    (text) => {
      const s = score(text);
      expect(s.terms.some((t) => t.term === "(rhetorical question)")).toBe(false);
      expect(s.terms.some((t) => t.rule === "asks, judges nothing")).toBe(true);
    },
  );

  it("-나 after a predicate ends a question without a question mark; 언제나 does not", () => {
    expect(score("도대체 책임질 사람은 없나").terms.some((t) => t.term === "(rhetorical question)")).toBe(
      true,
    );
    expect(score("서비스가 정상화되나").terms.find((t) => t.term === "정상+화")?.rule).toContain(
      "in a question",
    );
    expect(score("카카오는 언제나 신속하다").terms.some((t) => t.rule?.includes("question"))).toBe(false);
  });

  it.each(["보상 신청 어디서 함?", "통신사 장애 몇시부터였음?", "면제 대상인지 어떻게 확인함?"])(
    "%s: a comment's nominal question (-음?, -임?) asks too; event nouns and 어떻게 (how) do not make it an attack",
    (text) => {
      const s = score(text);
      expect(s.terms.some((t) => t.term === "(rhetorical question)")).toBe(false);
      expect(s.terms.some((t) => t.rule === "asks, judges nothing")).toBe(true);
    },
  );

  it.each([
    "중복 결제 건은 자동으로 취소되는 건가요 아니면 따로 신청해야 하나요?",
    "계약 해지를 원하는 사람은 위약금 없이 해지할 수 있나요?",
  ])("%s: 아니면 (or) and 없이 (without) do not make a polite question rhetorical", (text) => {
    const s = score(text);
    expect(s.terms.some((t) => t.term === "(rhetorical question)")).toBe(false);
    expect(s.terms.some((t) => t.rule === "asks, judges nothing")).toBe(true);
  });

  it("대체 as a noun (a substitute) is no 'on earth'", () => {
    const asks = score("숙박비나 대체 교통비도 보상받을 수 있나요?");
    expect(asks.terms.some((t) => t.term === "(rhetorical question)")).toBe(false);
    expect(score("대체 언제 복구되는 거냐").terms.some((t) => t.term === "(rhetorical question)")).toBe(true);
  });

  it.each([
    "보상이 이모티콘 몇 개인 게 말이 됨?",
    "보상으로 쿠폰 한 장 주는 거 실화임?",
    "어떻게 이럴 수가 있나요?",
  ])(
    "%s: disbelief (말이 되다, 실화) and 어떻게 이럴 수가 (how could) make even such a question rhetorical",
    (text) => {
      expectReading(text, "neg", (t) => t.term === "(rhetorical question)");
    },
  );

  it.each(["개인정보가 또 샜는데 또 믿으라고?", "이걸 보상이라고?", "이중화 했다며?"])(
    "%s: a question echoing a claim or a demand is indignation",
    (text) => {
      expectReading(text, "neg", (t) => t.term === "(rhetorical question)");
    },
  );

  it("an echo ending without a question mark is a plain report", () => {
    expect(score("회사는 내일 복구된다고 밝혔다").terms.some((t) => t.term === "(rhetorical question)")).toBe(
      false,
    );
  });

  it("a question that asks names the crisis's events without judging them", () => {
    const s = score("통신사 장애 몇시부터였음?");
    expect(s.label).toBe("neu");
    expect(s.terms.find((t) => t.term === "장애")?.rule).toBe("an event in a question that asks ×0");
    expect(s.evidence).toBe(FACT_EVIDENCE);
    // In a rhetorical one the event keeps its weight.
    expect(
      score("장애가 또 났는데 왜 아무도 책임 안 지냐?").terms.find((t) => t.term === "장애")?.valence,
    ).toBeLessThan(0);
  });

  it("in a question that asks, 안 되다 alone asks whether a service works", () => {
    const s = score("그럼 카카오뱅크도 안되는거임?");
    expect(s.terms.some((t) => t.term === "(rhetorical question)")).toBe(false);
    expect(score("책임질 순 없나요?").terms.some((t) => t.term === "(rhetorical question)")).toBe(true);
  });

  it("-죠 with a question mark asks (114 맞죠?); a negated -죠? still asserts (좋지 않죠?)", () => {
    expect(score("통신사 고객센터 번호 114 맞죠?").terms.some((t) => t.rule === "asks, judges nothing")).toBe(
      true,
    );
    expect(score("좋지 않죠?").label).toBe("neg");
  });

  it("a nominal ending without a question mark is no question", () => {
    expect(score("카톡 다시 됨").terms.some((t) => t.rule === "asks, judges nothing")).toBe(false);
  });

  it("a plain question without cues is not criticism, and its positive words count half", () => {
    const question = score("서비스는 정상화되었나요?");
    expect(question.terms.some((t) => t.term === "(rhetorical question)")).toBe(false);
    expect(question.compound).toBeLessThan(score("서비스는 정상화되었다").compound);
  });
});

describe("expressive tokens and punctuation", () => {
  it("ㅋㅋ in a hostile comment pushes it further negative", () => {
    const plain = score("보상이라고 준 게 쥐꼬리네");
    const laughing = score("보상이라고 준 게 쥐꼬리네 ㅋㅋㅋㅋㅋ");
    expect(plain.label).toBe("neg");
    expect(laughing.compound).toBeLessThan(plain.compound);
    expect(laughing.terms.some((t) => t.term === "ㅋㅋ")).toBe(true);
  });

  it("a long run of ㅋ counts once", () => {
    const short = score("먹통 또 먹통 ㅋㅋ").terms.filter((t) => t.term === "ㅋㅋ");
    const long = score("먹통 또 먹통 ㅋㅋㅋㅋㅋㅋㅋㅋ").terms.filter((t) => t.term === "ㅋㅋ");
    expect(long).toHaveLength(short.length);
  });

  it("ㅠㅠ alone is sad, not neutral", () => {
    expect(score("카톡이 안 돼서 일을 못했어요 ㅠㅠ").label).toBe("neg");
  });

  it("repeated exclamation marks amplify in the direction of the sentence", () => {
    expect(score("정말 최악이다!!!").compound).toBeLessThan(score("정말 최악이다").compound);
    expect(score("복구 신속했다!!").compound).toBeGreaterThan(score("복구 신속했다").compound);
  });
});

describe("neutral news sentences", () => {
  it.each([
    "네오톡은 21일 오후 분당 본사에서 기자회견을 열었다.",
    "회사는 경기도 안산과 세종에 데이터센터 두 곳을 운영하고 있다.",
    "이날 주가는 4만8500원에 거래를 마쳤다.",
    "화재는 오후 3시 19분 전기실 배터리에서 시작됐다.",
  ])("%s → neu", (text) => {
    const s = score(text);
    expect(s.label).toBe("neu");
    expect(s.neu).toBeGreaterThan(0.9);
  });

  it.each([
    ["회사는 오늘 오후 장애 경위를 설명했다.", "names a topic"],
    ["정부는 장애 원인 조사에 나섰다.", "names a topic"],
    ["통신사는 다음 주 장애 복구 계획을 발표할 예정이다.", "names a topic"],
    ["메일 서비스는 새벽 4시부터 복구를 진행했다.", "an event in a reported fact"],
    ["주가는 장 초반 3% 하락한 채 마감했다.", "an event in a reported fact"],
    ["대표는 오전 회견에서 사과문을 낭독했다.", "names a topic"],
    ["운영사는 서버 문제가 원인이었다고 설명했다.", "an event in a reported fact"],
    ["지금 메신저 복구됐대요", "an event in a reported fact"],
    ["송금 서비스는 내일 재개된다고 합니다", "an event in a reported fact"],
    ["회사는 향후 5년간 인프라에 수천억 원을 투자하겠다고 발표했다.", "a weak word in a reported fact"],
    ["이 회사 주가는 리콜 발표 당일 1.2% 하락했다.", "an event in a reported fact"],
    ["코스피는 장 초반 3% 넘게 급락했다.", "an event in a reported fact"],
    ["주가는 하루 만에 5천 원 떨어졌다.", "a weak word in a reported fact"],
    ["시스템은 29일 오전 6시 복구됐다.", "an event in a reported fact"],
    ["회사는 서버 점검 중 오류가 발생했다고 해명했다.", "an event in a reported fact"],
    ["신축 아파트 지하주차장 지붕 일부가 새벽 4시께 붕괴했다.", "an event in a reported fact"],
    ["역주행 원인은 구동 체인 파손으로 추정된다.", "an event in a reported fact"],
  ] as const)("%s: an event noun or a weak word in a plain report judges nothing", (text, rule) => {
    expectReading(text, "neu", (t) => t.rule?.startsWith(rule) && t.valence === 0);
  });

  it.each([
    ["최악의 장애 경위를 설명했다", "a word of judgement beside the event keeps it"],
    ["허술한 보상 기준을 발표할 예정이다", "a word of judgement beside the event keeps it"],
    ["장애가 또 발생했다니 어이가 없다", "a word of judgement beside the event keeps it"],
    ["복구는 진행했다지만 불편은 여전하다", "a word of judgement beside the event keeps it"],
    ["복구가 늦어서 다들 짜증난대요", "a word of judgement beside the event keeps it"],
    ["주가가 하락했다", "a change with no figure is not a measured one"],
    ["주가가 크게 하락했다", "a change with no figure is not a measured one"],
    ["주가가 30% 떨어졌다 최악이다", "a figure does not turn a judgement into a fact"],
    ["주가가 8% 급락했다니 어이가 없다", "a figure does not turn a judgement into a fact"],
  ] as const)("%s: %s", (text, _why) => {
    expectReading(text, "neg", (t) => t.rule?.includes("in a reported fact"), false);
  });

  it.each([
    "운영사 측은 접속자가 몰렸다고 설명했다.",
    "유심 교체에는 1인당 평균 10분 정도가 걸린다고 회사는 설명했다.",
  ])("%s: a report with no rated word is marked a fact for the hybrid", (text) => {
    const s = score(text);
    expect(s.label).toBe("neu");
    expect(s.evidence! & FACT_EVIDENCE).toBe(FACT_EVIDENCE);
    expect(s.terms).toEqual([expect.objectContaining({ term: "(report)", valence: 0 })]);
  });

  it("a sentence that reports nothing is not marked a fact", () => {
    expect((score("접속자가 몰렸네").evidence ?? 0) & FACT_EVIDENCE).toBe(0);
  });

  it("a sentence narrated in the plain past with nothing rated is", () => {
    expect((score("접속자가 몰렸다.").evidence ?? 0) & FACT_EVIDENCE).toBe(FACT_EVIDENCE);
  });

  it("a strong word in a reported fact still judges", () => {
    const s = score("회사 측은 이번 대응이 허술했다고 밝혔다");
    expect(s.label).toBe("neg");
    expect(s.terms.some((t) => t.rule?.includes("in a reported fact"))).toBe(false);
  });
});

describe("output shape", () => {
  it("explains a negative score by its terms", () => {
    const s = score("보여주기식 사퇴는 이제 지겹다");
    expect(s.label).toBe("neg");
    const terms = s.terms.map((t) => t.term);
    expect(terms).toContain("보이다+주다+기+식");
    expect(terms).toContain("지겹다");
    expect(s.pos + s.neu + s.neg).toBeCloseTo(1, 2);
    expect(s.compound).toBeGreaterThanOrEqual(-1);
  });

  it("thresholds and normalisation follow VADER", () => {
    expect(POSITIVE_THRESHOLD).toBe(0.05);
    expect(NEGATIVE_THRESHOLD).toBe(-0.05);
    expect(normalizeScore(4)).toBeCloseTo(4 / Math.sqrt(16 + 15), 6);
    expect(normalizeScore(-1000)).toBeGreaterThanOrEqual(-1);
  });

  it("a document with a few damning sentences among facts reads negative", () => {
    const sentences = [
      "네오톡은 21일 기자회견을 열었다.",
      "행사는 분당 본사에서 진행됐다.",
      "회사는 보상안을 다음 주에 발표한다.",
      "하지만 누리꾼들은 황당하다는 반응이다.",
      "업계에서는 어불성설이라는 평가가 나온다.",
    ].map(score);
    const doc = scoreDocument(sentences);
    expect(doc.label).toBe("neg");
    expect(doc.terms.length).toBe(sentences.reduce((n, s) => n + s.terms.length, 0));
    expect(scoreDocument([]).label).toBe("neu");
  });

  it("a sentence whose terms the rules reduced to nothing weighs like one without terms", () => {
    const fact = score("회사는 장애 원인을 조사하고 있다고 밝혔다.");
    expect(fact.terms.length).toBeGreaterThan(0);
    expect(fact.terms.every((t) => t.valence === 0)).toBe(true);
    const bare = score("회사 본사는 분당에 있다.");
    expect(bare.terms).toEqual([]);
    const damning = score("누리꾼들은 황당하다는 반응이다.");
    expect(scoreDocument([fact, damning]).compound).toBe(scoreDocument([bare, damning]).compound);
  });
});

describe("refusing responsibility", () => {
  it("reads 책임을 지지 않았다 as negative although kuromoji-ko tags 지지 as the noun 'support'", () => {
    const s = score("경영진은 책임을 지지 않았다");
    expect(s.label).toBe("neg");
    expect(s.terms.map((t) => t.term)).not.toContain("지지");
  });
});

describe("a negation binds to the first predicate after it", () => {
  it.each([
    ["오늘은 안가서 좋다", "pos"],
    ["못 가서 아쉽다", "neg"],
    ["서비스가 안좋아요", "neg"],
  ] as const)("%s → %s", (text, label) => {
    expect(score(text).label).toBe(label);
  });

  it("안 하다 negates its noun object, not a predicate before that noun", () => {
    const s = score("공지가 빨라서 헛걸음은 안 했다");
    expect(s.terms.find((t) => t.term === "빠르다")?.rule ?? "").not.toContain("negated");
    expect(s.label).toBe("pos");
    expect(score("사과를 안 했다").terms.find((t) => t.term === "사과")?.rule).toContain(
      "object of the light verb",
    );
  });
});

describe("negating prefixes 불- 비- 무- 몰- 미-", () => {
  let prefixLex: Lexicons;
  const scoreWith = (text: string) => scoreMorphemes(morphemesWith(mecab, text), text, prefixLex);
  beforeAll(() => {
    const file = generalLexiconFile([
      ["친절", "NNG", 1.5, "kind"],
      ["완성", "NNG", 1.2, "completed"],
      ["상식", "NNG", 0.8, "common sense"],
    ]);
    prefixLex = loadLexicons(undefined, { generalFile: file });
  });

  it.each([
    ["직원이 불친절했다", "neg"],
    ["직원이 친절했다", "pos"],
    ["불친절한 상담", "neg"],
    ["몰상식한 해명", "neg"],
    ["미완성 대책", "neg"],
  ] as const)("%s → %s", (text, label) => {
    expect(scoreWith(text).label).toBe(label);
  });

  it("says which prefix negated the noun", () => {
    const terms = scoreWith("직원이 불친절했다").terms;
    expect(terms.find((t) => t.term === "친절")?.rule).toMatch(/prefix 불-/);
  });

  it("a prefix in another word negates nothing", () => {
    expect(scoreWith("비 오는 날에도 직원이 친절했다").label).toBe("pos");
  });
});

describe("별로 as a verdict", () => {
  it.each([
    ["대응이 별로예요", "neg"],
    ["생각보다 별로", "neg"],
    ["별로 좋지 않다", "neg"],
  ] as const)("%s → %s", (text, label) => {
    expect(score(text).label).toBe(label);
  });

  it("dampens instead of judging when a predicate follows", () => {
    expect(score("피해 신고는 별로 없다").terms.some((t) => t.rule === "별로 as a verdict")).toBe(false);
    expect(score("대응이 별로예요").terms.some((t) => t.rule === "별로 as a verdict")).toBe(true);
  });

  it("-별로 after a noun is 'per', not a verdict", () => {
    const s = score("카드사별로 취소 반영 시점이 다를 수 있다고 공지했다.");
    expect(s.terms.some((t) => t.rule === "별로 as a verdict")).toBe(false);
    expect(s.label).toBe("neu");
  });
});

describe("a noun+없다 adjective written apart reads as the adjective", () => {
  it.each([
    ["어이가 없네", "어이+없다"],
    ["어이도 없고", "어이+없다"],
    ["어처구니가 없다", "어처구니+없다"],
  ])("%s → %s", (text, term) => {
    const s = score(text);
    expect(s.label).toBe("neg");
    expect(s.terms.map((t) => t.term)).toEqual([term]);
  });

  it("the apart form takes the adjective's value instead of negating the noun", () => {
    const file = generalLexiconFile([
      ["재미", "NNG", 0.6, "fun"],
      ["재미없다", "VA", -3, "dull"],
    ]);
    const apart = loadLexicons(undefined, { generalFile: file });
    const s = scoreMorphemes(morphemesWith(mecab, "재미가 없다"), "재미가 없다", apart);
    expect(s.terms).toEqual([expect.objectContaining({ term: "재미+없다", valence: -3 })]);
    // The noun alone keeps its own value.
    expect(scoreMorphemes(morphemesWith(mecab, "재미가 있다"), "재미가 있다", apart).label).toBe("pos");
  });
});

describe("an event noun in front of another noun names which one", () => {
  it.each([
    "교통공사는 장애 시간 동안 승객을 무임으로 통과시켰다.",
    "교통카드 장애 노선은 2호선과 7호선 등 4개다.",
  ])("%s → neu", (text) => {
    expectReading(text, "neu", (t) => t.rule?.startsWith("names a topic"));
  });

  it("the event noun as the head keeps its value", () => {
    expect(score("또 장애가 났다").terms.find((t) => t.term === "장애")!.valence).toBeLessThan(0);
  });

  it.each(["장애 사흘째인데 공지 한 줄 없다", "장애 3일째 복구 소식 없음"])(
    "%s: a count of days says how long, not which one",
    (text) => {
      const s = score(text);
      expect(s.terms.find((t) => t.term === "장애")!.valence).toBeLessThan(0);
      expect(s.label).toBe("neg");
    },
  );

  it("a judging word beside it still judges", () => {
    expect(score("최악의 장애 사태").label).toBe("neg");
  });

  it("it no longer weighs against the good news it describes", () => {
    expect(score("주가는 사고 이전 수준을 회복했다").label).toBe("pos");
  });
});

describe("a verb of occurring, negated, denies its subject", () => {
  it.each(["인명 피해는 발생하지 않았다", "접속 문제가 생기지 않았다", "큰 사고는 일어나지 않았다"])(
    "%s → pos",
    (text) => {
      expectReading(text, "pos", (t) => t.rule === "negated by -지 않다");
    },
  );

  it("occurring without the negation stays bad", () => {
    expect(
      score("인명 피해가 발생했다").terms.find((t) => t.term === "피해")?.valence ?? -1,
    ).toBeLessThanOrEqual(0);
  });
});

describe("thanks for hard work", () => {
  it.each(["밤새 복구한 엔지니어분들 진짜 고생하셨습니다 ㅠㅠ", "고생하신 직원분들 감사합니다"])(
    "%s → pos",
    (text) => {
      expect(score(text).label).toBe("pos");
    },
  );

  it("hardship without the honorific is still hardship", () => {
    expect(score("이틀 동안 고생했다").label).toBe("neg");
  });
});

describe("evidence: which structural rules fired, for the hybrid", () => {
  it.each([
    ["불편했지만 복구는 빨랐다", OTHER_EVIDENCE],
    ["서비스가 안 좋다", NEGATION_EVIDENCE],
    ["대처가 너무 좋다", 0],
    ["회사는 오늘 오후 장애 경위를 설명했다.", FACT_EVIDENCE],
    ["보상 어디서 신청해요?", FACT_EVIDENCE],
    ["서버 이중화에 투자하겠다", PLEDGE_EVIDENCE],
    ["좋지 않았지만 복구는 빨랐다", NEGATION_EVIDENCE | OTHER_EVIDENCE],
  ] as const)("%s → %i", (text, bits) => {
    expect(score(text).evidence).toBe(bits);
  });

  it("a document carries every sentence's bits", () => {
    const doc = scoreDocument([score("서비스가 안 좋다"), score("보상 어디서 신청해요?")]);
    expect(doc.evidence).toBe(NEGATION_EVIDENCE | FACT_EVIDENCE);
  });
});

describe("-지 않을 수 없다 affirms (cannot help but)", () => {
  it.each([
    ["이번 대응을 보면 실망하지 않을 수 없다.", "neg"],
    ["이런 해명이라면 불신하지 않을 수가 없다", "neg"],
    ["밤새 복구한 걸 보면 믿지 않을 수 없었다.", "pos"],
  ] as const)("%s → %s", (text, label) => {
    expectReading(text, label, (t) => t.rule?.startsWith("affirmed by -지"));
  });

  it("a single -지 않다 still negates", () => {
    expectReading("실망하지 않았다.", "pos", (t) => t.rule === "negated by -지 않다");
  });

  it("신뢰를 잃지 않을 수 없다: what is lost is lost", () => {
    const s = score("이런 상황이면 신뢰를 잃지 않을 수 없다.");
    expect(s.label).toBe("neg");
    expect(s.terms.find((t) => t.term === "신뢰")?.valence).toBeLessThan(0);
  });
});

describe("아니다 after the head of a clause negates the clause's predicate", () => {
  it.each([
    ["지금은 좋아할 일이 아니다.", "neg"],
    ["아직 안심할 때가 아니다.", "neg"],
    ["만족할 상황은 아니다.", "neg"],
    ["걱정할 문제는 아니다.", "pos"],
    ["나쁜 일만은 아니다.", "pos"],
  ] as const)("%s → %s", (text, label) => {
    expectReading(text, label, (t) => t.rule === "negated by 아니다 (after the noun)");
  });

  it("문제 heading the clause judges nothing: 해결될 문제가 아니다 is not 'no problem'", () => {
    const s = score("사과 한 번으로 해결될 문제가 아니다.");
    expect(s.label).toBe("neg");
    expect(Math.abs(s.terms.find((t) => t.term === "문제")?.valence ?? 1)).toBe(0);
  });

  it("문제가 아니다 with no clause before it is still 'no problem'", () => {
    expectReading("속도는 문제가 아니다", "pos", (t) => t.term === "문제" && t.valence > 0);
  });
});

describe("pretence: a good thing done as a show", () => {
  it.each(["경영진은 책임지는 척만 한다.", "반성하는 시늉만 내고 끝났다", "겉으로만 사과하는 흉내를 냈다"])(
    "%s → neg",
    (text) => {
      expectReading(text, "neg", (t) => t.rule?.startsWith("negated by pretended"));
    },
  );

  it("a bad thing pretended keeps its sign", () => {
    expectReading("피해를 입은 척 한다", "neg", (t) => t.rule?.startsWith("negated by pretended"), false);
  });
});

describe("무슨 … 있다 asks what there is, and says there is none", () => {
  it.each(["이제 와서 보상이 무슨 의미가 있어요", "쿠폰 몇 장 주는 게 무슨 소용이 있나"])(
    "%s → neg",
    (text) => {
      expectReading(text, "neg", (t) => t.term === "(rhetorical question)");
    },
  );

  it("무슨 in a clause that does not end in 있다 asks nothing", () => {
    expectReading(
      "무슨 일이 있었는지 설명하겠다고 밝혔다.",
      "neu",
      (t) => t.term === "(rhetorical question)",
      false,
    );
  });
});

describe("a noun before a procedural head across a particle names a topic", () => {
  it.each([
    "국회는 이번 사태와 관련해 대표를 증인으로 불렀다.",
    "증권사는 전산 장애에 대비해 비상 주문 창구를 마련해야 한다.",
    "피해를 신고한 가게는 3천 곳이다.",
  ])("%s → neu", (text) => {
    expectReading(text, "neu", (t) => t.rule?.startsWith("names a topic") && t.valence === 0);
  });

  it("any other noun after a particle is no head", () => {
    expectReading("장애에 분노했다", "neg", (t) => t.rule?.startsWith("names a topic"), false);
  });
});

describe("the company's own words, reported plainly", () => {
  it.each([
    '회사 측은 "요금 인상은 불편을 줄이기 위한 결정"이라고 설명했다.',
    "대표는 이번 장애를 '업계 전체의 비극'이라고 표현했다.",
    "카카오 측은 “복구에 최선을 다하겠다”고 밝혔다.",
    '김 대표는 "고객 탓을 한 적은 없다"고 답했다.',
  ])("%s → neu", (text) => {
    expectReading(text, "neu", (t) => t.rule?.includes("the company's own words") === true);
  });

  it.each([
    ['업계 관계자는 "비극이라니 어이가 없다"고 비판했다.', "a verb of judging"],
    ['한 이용자는 "보상이 최악"이라고 말했다.', "someone else's words"],
  ] as const)("%s: %s is a reaction and keeps its sentiment", (text, _who) => {
    expectReading(text, "neg", (t) => t.rule?.startsWith("the company's own words"), false);
  });
});

describe("-ㄴ 바 있다 records what its verb says", () => {
  it("지연이 발생한 바 있다 is a reported event", () => {
    expectReading("지난해에도 접수 첫날 지연이 발생한 바 있다.", "neu", (t) =>
      t.rule?.startsWith("an event in a reported fact"),
    );
  });
});

describe("a tagged news headline reports", () => {
  it.each([
    "[속보] 메신저 전면 먹통…결제·택시 호출도 멈춰",
    "[단독] 은행 앱 장애 원인은 인증 서버 과부하",
    "[종합] 주가 급락…시가총액 2조 원 증발",
  ])("%s → neu", (text) => {
    expectReading(text, "neu", (t) => t.term === "(headline)");
  });

  it.each(["[사설] 반복되는 먹통, 이번에도 최악의 대응", "[칼럼] 최악의 대응이 신뢰를 무너뜨렸다"])(
    "%s: an opinion tag is no headline",
    (text) => {
      expectReading(text, "neg", (t) => t.term === "(headline)", false);
    },
  );

  it("a headline's words are zeroed only in the headline", () => {
    expect(isNewsHeadline("[속보] 서비스 장애")).toBe(true);
    expect(isNewsHeadline("장애 [속보]")).toBe(false);
    expectReading("먹통이라니 최악이다", "neg", (t) => t.term === "(headline)", false);
  });
});

describe("-기로 하다 reports a decision", () => {
  it.each(["회사는 장애 당일 수수료를 면제하기로 했다.", "위원회는 매주 복구 현황을 공개하기로 했다."])(
    "%s → neu",
    (text) => {
      const s = score(text);
      expect(s.label).toBe("neu");
      expect(s.evidence! & FACT_EVIDENCE).toBe(FACT_EVIDENCE);
    },
  );

  it("a judgement beside the decision stays", () => {
    expect(score("최악의 보상안을 내놓기로 했다").label).toBe("neg");
  });
});

describe("an event noun before a comma modifies nothing", () => {
  it("반복되는 먹통, 사과로 …: 먹통 keeps its value", () => {
    expectReading("또 먹통, 보상은 쿠폰 한 장", "neg", (t) => t.term === "먹통" && t.valence < 0);
    expectReading(
      "또 먹통 보상은 쿠폰 한 장",
      "neu",
      (t) => t.term === "먹통" && t.rule?.startsWith("names a topic"),
    );
  });
});

describe("an event noun as the time of something else", () => {
  it("장애 중에도 … 도움이 됐다: the outage is the frame", () => {
    expectReading("장애 중에도 담당자가 상황을 알려줘서 좋았다", "pos", (t) =>
      t.rule?.startsWith("the time of"),
    );
  });

  it("장애 때문에 is a cause, not a time", () => {
    expectReading("장애 때문에 주문을 망쳤다", "neg", (t) => t.rule?.startsWith("the time of"), false);
  });
});

describe("망 after a noun in the same word is a network", () => {
  it.each(["통신망 장애 원인을 조사했다고 밝혔다.", "내부망 접속이 막혔다고 회사는 설명했다."])(
    "%s → neu",
    (text) => {
      expectReading(text, "neu", (t) => t.rule?.startsWith("a network"));
    },
  );

  it("망 on its own is still the slang for ruined", () => {
    expectReading("이번 업데이트는 완전 망", "neg", (t) => t.rule?.startsWith("a network"), false);
  });
});

describe("quoted words named as a remark judge nothing", () => {
  it.each([
    '대표의 "IT 업계의 비극" 발언은 기자회견 질의응답 중에 나왔다.',
    "대표는 이날 '업계의 비극'이라는 표현을 사용했다.",
  ])("%s → neu", (text) => {
    expectReading(text, "neu", (t) => t.rule?.startsWith("named as a remark"));
  });

  it("what the sentence says of the remark stays", () => {
    expectReading("'비극'이라는 말 자체가 최악이다", "neg", (t) => t.term === "최악" && t.valence < 0);
  });
});

describe("a clause narrated in the plain past reports its events", () => {
  it.each(["이번 장애로 택시 호출과 송금도 멈췄다.", "메신저는 화재 여파로 10시간 넘게 먹통이 됐다."])(
    "%s → neu",
    (text) => {
      expectReading(text, "neu", (t) => t.rule?.startsWith("an event in a reported fact"));
    },
  );

  it.each(["또 먹통이네", "메신저가 먹통이 됐음"])("%s: a comment's ending is no narration", (text) => {
    expectReading(text, "neg", (t) => t.rule?.startsWith("an event in a reported fact"), false);
  });

  it("a judging word in narration stays", () => {
    expectReading("대응은 최악이었다.", "neg", (t) => t.rule?.includes("in a reported fact"), false);
  });
});

describe("making a loss good, and sizes denied", () => {
  it.each(["보상금으로 손실을 메워줬다", "회사가 손실을 보전해 줬다"])("%s → pos", (text) => {
    expectReading(text, "pos", (t) => t.rule?.includes("what is made good"));
  });

  it("filling a neutral noun is no remedy", () => {
    expectReading("빈자리를 메웠다", "neu", (t) => t.rule?.includes("what is made good"), false);
  });

  it.each(["피해는 크지 않았다", "불만이 많지 않았다"])("%s: a size denied denies its subject", (text) => {
    expectReading(text, "pos", (t) => t.rule === "negated by -지 않다");
  });
});

describe("와/과 달리: contrary to", () => {
  it.each([
    ["우려와 달리 피해는 크지 않았다", "pos"],
    ["기대와 달리 실망스러웠다", "neg"],
  ] as const)("%s → %s", (text, label) => {
    expectReading(text, label, (t) => t.rule?.endsWith("달리 (contrary to)"));
  });
});

describe("greatness praised with the honorific -시- mocks", () => {
  it.each(["이 와중에 요금 인상이라니 참 대단하십니다", "배짱 하나는 정말 대단하시네요"])(
    "%s → neg",
    (text) => {
      expectReading(text, "neg", (t) => t.rule?.includes("irony: greatness praised with -시-"));
    },
  );

  it("대단하다 without it, and 잘하셨습니다, stay praise", () => {
    expectReading("복구 속도는 정말 대단하다", "pos", (t) => t.rule?.includes("irony"), false);
    expectReading("이번 대응은 잘하셨습니다", "pos", (t) => t.rule?.includes("irony"), false);
  });
});

describe("-다더니 / -라더니: a claim, then what happened", () => {
  it.each(["정상화 사흘이라더니 일주일째 감감무소식이네", "완벽하게 복구했다더니 오늘 또 먹통"])(
    "%s → neg",
    (text) => {
      expectReading(text, "neg", (t) => t.rule?.includes("before contrast") && t.rule.includes("더니"));
    },
  );
});

describe("덜 (less) weakly reverses the predicate after it", () => {
  it.each([
    ["대기 순번이 보이니까 덜 답답하다", "pos"],
    ["예전보다 덜 좋다", "neg"],
  ] as const)("%s → %s", (text, label) => {
    expectReading(text, label, (t) => t.rule === "negated by 덜 (before the predicate)");
  });
});

describe("줄다 reverses what is reduced", () => {
  it.each([
    ["설명을 들으니 불안이 많이 줄었다", "pos"],
    ["만족이 줄었다", "neg"],
  ] as const)("%s → %s", (text, label) => {
    expectReading(text, label, (t) => t.rule?.includes("what is reduced"));
  });

  it("a count that fell is a reported figure", () => {
    expectReading("이용자가 3만 명 줄었다", "neu", (t) => t.rule?.includes("what is reduced"), false);
  });
});

describe("a negation with -아도 asks leave, not a rhetorical question", () => {
  it.each(["앱을 다시 설치하지 않아도 되나요?", "매장에 안 가도 되나요?"])("%s → neu", (text) => {
    expectReading(text, "neu", (t) => t.term === "(question)");
  });

  it("a plain negated question still attacks", () => {
    expectReading("사과도 안 하나요?", "neg", (t) => t.term === "(rhetorical question)");
  });
});

describe("-었어야 reproaches", () => {
  it.each(["고객한테 먼저 연락했어야지", "애초에 터지지 말았어야지", "미리 대비했어야 했다"])(
    "%s → neg",
    (text) => {
      expectReading(text, "neg", (t) => t.term === "(should have)");
    },
  );

  it("its good words are not asserted", () => {
    expectReading("진작 만족스럽게 고쳤어야지", "neg", (t) => t.rule?.includes("should have"));
  });
});

describe("betraying and breaking reverse what is lost", () => {
  it.each(["고객의 신뢰를 저버렸다", "이용자 믿음을 깨뜨렸다"])("%s → neg", (text) => {
    expectReading(text, "neg", (t) => t.rule?.includes("what is lost"));
  });
});

describe("N이 안 가다: N does not come", () => {
  it.each(["설명이 부실해서 만족이 안 갑니다", "이번 해명은 신뢰가 안 가네", "만족이 안 간다"])(
    "%s → neg",
    (text) => {
      expectReading(text, "neg", (t) => t.rule === "negated by 안 가다 (what does not come)");
    },
  );

  it("안 가다 with a place is going, not coming", () => {
    expectReading("만족스러운 학교에 안 가요", "pos", (t) => t.rule?.includes("what does not come"), false);
  });
});

describe("an unrated object with its particle is what the light verb's negation takes", () => {
  it("접속 장애로 신고를 못 한 납세자: the outage is not negated", () => {
    const s = score("장애로 신고를 못 한 사람");
    expect(s.terms.find((t) => t.term === "장애")?.rule ?? "").not.toContain("object of the light verb");
  });

  it("사과를 안 했다 still negates the apology", () => {
    expectReading("끝까지 사과를 안 했다", "neg", (t) => t.rule?.includes("object of the light verb"));
  });
});

describe("-다는데: hearsay set against the writer's own words", () => {
  it("전문가들은 괜찮다는데 … 걱정된다 → neg", () => {
    expectReading("전문가들은 좋다는데 나는 솔직히 걱정이다", "neg", (t) =>
      t.rule?.includes("before contrast 다는데"),
    );
  });
});

describe("more verbs of reporting", () => {
  it.each([
    '국세청장은 "재발 방지 대책을 마련하겠다"고 말했다.',
    "공격 조직은 복구 대가로 가상자산을 요구한 것으로 알려졌다.",
    "증권사는 사고 비용이 2분기 실적에 반영될 것으로 예상했다.",
  ])("%s → neu", (text) => {
    expect(score(text).label).toBe("neu");
  });
});

describe("questions that ask, not attack", () => {
  it("아니라 sets X against Y, it does not negate the question", () => {
    expectReading("보상금은 현금이 아니라 이용권 형태로 지급되나요?", "neu", (t) => t.term === "(question)");
  });

  it("뭐 with a particle in a polite question asks which", () => {
    const s = score("둘 중에 뭐가 더 빠른가요?");
    expect(s.terms.map((t) => t.term)).toContain("(question)");
    expect(s.terms.map((t) => t.term)).not.toContain("(rhetorical question)");
  });

  it("뭐 하는 거냐 still attacks", () => {
    expectReading("이게 뭐 하는 거냐?", "neg", (t) => t.term === "(rhetorical question)");
  });
});

describe("a word asked about in an embedded question is not asserted", () => {
  it.each(["보상이 만족스러운 건지 모르겠다", "그 발언이 좋았는지를 두고 논쟁이 벌어졌다"])("%s", (text) => {
    expect(score(text).terms.some((t) => t.rule?.startsWith("asked about"))).toBe(true);
    expect(score(text).label).not.toBe("pos");
  });

  it("얼마나 … 했는지 asserts", () => {
    expectReading("얼마나 불편했는지 모른다", "neg", (t) => t.rule?.startsWith("asked about"), false);
  });

  it("ㄹ지 before a particle is the -지 of a negation", () => {
    expectReading("좋지가 않다", "neg", (t) => t.rule?.startsWith("asked about"), false);
  });
});

describe("-겠다 on a verb of knowing or feeling is no pledge", () => {
  it.each(["진짜 미치겠다", "뭐가 문제인지 모르겠다"])("%s", (text) => {
    expect(score(text).terms.some((t) => t.term === "(pledge)")).toBe(false);
  });

  it("미치겠다 is exasperation", () => {
    expect(score("메일이 안 열려서 진짜 미치겠다").label).toBe("neg");
  });
});

describe("a comma after 아닌가 ends the question that asserts", () => {
  it("꼬리 자르기 아닌가, …: the blame stands", () => {
    expectReading(
      "결국 꼬리 자르기 아닌가, 진짜 책임자는 따로 있다",
      "neg",
      (t) => t.rule?.includes("negated by 아니다"),
      false,
    );
  });
});

describe("적다 (few) reverses its subject; 피해 본 is suffering", () => {
  it("혼란은 적었다 → pos", () => {
    expectReading("안내 덕에 혼란은 적었다", "pos", (t) => t.rule?.includes("what is small"));
  });

  it("피해 본 자영업자: not avoiding", () => {
    const s = score("비극은 피해 본 자영업자들이 겪었다");
    expect(s.terms.some((t) => t.rule?.includes("what is avoided"))).toBe(false);
  });
});

describe("what does not work, asked about", () => {
  it("호출이 안 될 때 쓸 앱은 어떤 게 있나요? → neu", () => {
    expectReading("호출이 안 될 때 쓸 수 있는 앱은 어떤 게 있나요?", "neu", (t) =>
      t.rule?.endsWith("in a question that asks ×0"),
    );
  });

  it("카톡 안 됨 and 왜 안 되나요? still complain", () => {
    expect(score("카톡 안 됨").label).toBe("neg");
    expect(score("왜 안 되나요?").label).toBe("neg");
  });
});

describe("한마디 (a single word) before 없다", () => {
  it.each(["사과 한마디 없다", "끝까지 사과 한마디도 없었다"])("%s → neg", (text) => {
    expectReading(text, "neg", (t) => t.term === "사과" && t.rule === "negated by 없다 (after the noun)");
  });
});

describe("r53: only, reported negative questions, 이렇게 … -ㄹ 수가 없다, a negation inside a relative clause", () => {
  it.each(["변명밖에 안 된다", "핑계로밖에 안 보인다"])("%s: X밖에 + negation affirms X", (text) => {
    expectReading(text, "neg", (t) => t.rule?.startsWith("only (밖에"));
  });

  it("X 아니냐는 의심 asserts X", () => {
    const s = score("꼬리 자르기 아니냐는 의심이 나온다");
    expect(s.terms.find((t) => t.term === "꼬리+자르다+기")?.valence).toBeLessThan(0);
  });

  it("이렇게 반가울 수가 없네요 is a superlative", () => {
    expectReading("다시 되니까 이렇게 좋을 수가 없네요", "pos", (t) => t.rule?.startsWith("superlative"));
  });

  it("결제 못 한 경우도 포함되나요? asks", () => {
    expectReading(
      "해외에서 결제 못 한 경우도 보상 대상에 포함되나요?",
      "neu",
      (t) => t.term === "(question)",
    );
  });

  it("피해는 확인되지 않았다 denies 피해", () => {
    expectReading(
      "추가 피해는 확인되지 않았다",
      "pos",
      (t) => t.term === "피해" && t.rule === "negated by -지 않다",
    );
  });
});

describe("-ㄹ 수밖에 없다 affirms (cannot but)", () => {
  it.each([
    ["이런 식이면 만족할 수밖에 없다", "pos"],
    ["이러니 실망할 수밖에 없다", "neg"],
  ] as const)("%s → %s", (text, label) => {
    const s = score(text);
    expect(s.label).toBe(label);
    expect(s.terms.some((t) => t.rule?.includes("-ㄹ 수 없다"))).toBe(false);
  });
});

describe("r55: a cause, how very, never again, pretence, the company's words said while acting, 시, narration", () => {
  it("-는 탓에 is a connective of cause; 탓 as a noun of its own stays blame", () => {
    expectReading(
      "데이터망을 쓰는 탓에 결제가 한때 지연됐다.",
      "neu",
      (t) => t.rule === "a cause (는 탓에) ×0",
    );
    expect(score("외부 탓으로 돌렸다").label).toBe("neg");
  });

  it("얼마나 X-ㄴ지 모르다: 모르다 adds emphasis, no blame", () => {
    const file = generalLexiconFile([
      ["모르다", "VV", -1.0, "does not know"],
      ["안도", "NNG", 1.5, "relief"],
    ]);
    const withDunno = loadLexicons(undefined, { generalFile: file });
    const read = (text: string) => scoreMorphemes(morphemesWith(mecab, text), text, withDunno);
    const how = read("다시 되는 거 보고 얼마나 안도했는지 몰라요");
    expect(how.label).toBe("pos");
    expect(Math.abs(how.terms.find((t) => t.term === "모르다")?.valence ?? 1)).toBe(0);
    expect(read("뭐가 문제인지 모르겠다").terms.find((t) => t.term === "모르다")?.valence).toBeLessThan(0);
  });

  it.each(["다신 안 씀", "다시는 이용하지 않겠습니다"])("%s turns a customer away → neg", (text) => {
    expectReading(text, "neg", (t) => t.term === "(never again)");
  });

  it.each([
    "다시는 이런 일이 일어나지 않도록 하겠습니다",
    "다시는 불편을 드리지 않겠습니다",
    "다시 안 되면 연락 주세요",
  ])("%s is no refusal", (text) => {
    expect(score(text).terms.some((t) => t.term === "(never again)")).toBe(false);
  });

  it("척하다 read as one auxiliary is pretence too", () => {
    expectReading(
      "책임지는 척하면서 자리는 지킨다",
      "neg",
      (t) => t.rule === "negated by pretended (는 척하)",
    );
  });

  it("the company's words quoted with -며 (\"…\"며 고개를 숙였다) judge nothing; a critic's stay", () => {
    expectReading('대표는 "이번 사태를 처절하게 반성한다"며 고개를 숙였다.', "neu", (t) =>
      t.rule?.startsWith("the company's own words"),
    );
    expect(score('업계 관계자는 "무책임한 남 탓"이라며 비판했다.').label).toBe("neg");
  });

  it("an event before 시 (in case of) is a frame", () => {
    expectReading(
      "GPS 오류 재발 시 자동으로 전환된다",
      "neu",
      (t) => t.rule === "the time of something else (재발 시) ×0",
    );
  });

  it("a narrated event denied is still narration; with nothing rated it is not marked a fact", () => {
    expectReading("오류로 일부 배달 건의 수수료가 정산되지 않았다.", "neu", (t) =>
      t.rule?.startsWith("an event in a reported fact"),
    );
    expect(score("고객센터는 전화도 받지 않았다.").terms.some((t) => t.term === "(report)")).toBe(false);
  });

  it("a negated weak word in a reported fact judges nothing; said plainly it still does", () => {
    expectReading("복구가 쉽지 않은 것으로 확인됐다.", "neu", (t) =>
      t.rule?.endsWith("a weak word in a reported fact (확인) ×0"),
    );
    expect(score("복구가 쉽지 않다.").terms.find((t) => t.term === "쉽다")?.valence).toBeLessThan(0);
  });
});

describe("누가 … -는데 without a question mark asks who will", () => {
  it.each(["우리 시간이랑 기름값은 누가 주는데", "그럼 누구 책임인데"])("%s → neg", (text) => {
    expectReading(text, "neg", (t) => t.term === "(rhetorical question)");
  });

  it("a final -는데 without 누가 trails off a statement", () => {
    expect(score("복구는 빨랐는데").terms.some((t) => t.term === "(rhetorical question)")).toBe(false);
  });
});

describe("constructions that turn, strengthen or empty a word", () => {
  let cLex: Lexicons;
  const read = (text: string) => scoreMorphemes(morphemesWith(mecab, text), text, cLex);
  const rule = (text: string, term: string) => read(text).terms.find((t) => t.term === term)?.rule ?? "";
  beforeAll(() => {
    const file = generalLexiconFile([
      ["혁신", "NNG", 1.3, "innovation"],
      ["빠르다", "VA", 1.5, "fast"],
      ["깔끔", "XR", 2.3, "neat"],
      ["망하다", "VV", -2.5, "to go bust"],
      ["뿔", "NNG", -3.5, "horn (개뿔)"],
      ["비극", "NNG", -2.0, "tragedy"],
      ["좋다", "VA", 2.3, "good"],
    ]);
    cLex = loadLexicons(undefined, { generalFile: file });
  });

  it("X는 무슨 / X는 개뿔 dismisses a good X; a bad X dismissed counts for nothing", () => {
    expect(read("혁신은 무슨, 작년 모델 그대로네").label).toBe("neg");
    expect(rule("망하기는 개뿔", "망하다")).toBe("dismissed (는 개뿔) ×0");
    expect(rule("망하기는 개뿔", "뿔")).toBe("개뿔 (a dismissal) ×0");
    expect(rule("비극은 무슨, 인재지", "비극")).toBe("dismissed (은 무슨) ×0");
    // 무슨 that goes on to ask (무슨 방식으로) dismisses nothing.
    expect(rule("혁신은 무슨 방식으로 하나요?", "혁신")).not.toContain("dismissed");
  });

  it.each([
    ["불편은커녕 예전보다 쾌적해졌어요", "불편", "pos"],
    ["혁신은커녕 있던 기능도 뺐다", "혁신", "neg"],
  ] as const)("%s: X는커녕 negates X", (text, term, label) => {
    expect(rule(text, term)).toMatch(/^negated by far from/);
    expect(read(text).label).toBe(label);
  });

  it("-ㄹ 리가 없다 negates its predicate, and its 없다 nothing else", () => {
    const s = read("이 팀이 만든 앱이 버벅거릴 리가 없다");
    expect(s.label).toBe("pos");
    expect(s.terms.find((t) => t.term === "버벅")?.rule).toBe("negated by cannot be (-ㄹ 리가 없다)");
  });

  it.each([
    ["화면이 깔끔하기 그지없다", "pos"],
    ["설치 기사님이 친절하기 짝이 없었다", "pos"],
    ["대응이 한심하기 이를 데 없다", "neg"],
  ] as const)("%s: -기 그지없다 strengthens (%s)", (text, label) => {
    const s = read(text);
    expect(s.label).toBe(label);
    expect(s.terms.some((t) => t.rule?.endsWith("(no end to it)"))).toBe(true);
    expect(s.terms.some((t) => t.rule?.startsWith("negated"))).toBe(false);
  });

  it("말도 안 되게 before a predicate is an intensifier, not a complaint", () => {
    expect(rule("말도 안 되게 싸다", "말+안+되다")).toBe("말도 안 되게 (unbelievably) ×0");
    expect(read("이건 말도 안 된다").label).toBe("neg");
  });

  it("-었으면 좋았을 텐데 regrets what did not happen; a wish keeps its 좋다", () => {
    const s = read("보상이 조금만 더 빨랐으면 좋았을 텐데");
    expect(s.label).toBe("neg");
    expect(s.terms.find((t) => t.term === "빠르다")?.rule).toBe(
      "negated by wished for in a regret (-었으면 좋았을 텐데)",
    );
    expect(
      read("제도가 제대로 자리 잡았으면 좋겠다").terms.find((t) => t.term === "좋다")?.valence,
    ).toBeGreaterThan(0);
  });
});

describe("the plain past as kuromoji-ko contracts it", () => {
  it("줬다 (주다 + ㅓㅆ) narrates like 주었다", () => {
    expectReading("회사는 이용자에게 보상 쿠폰을 줬다.", "neu", (t) => t.term === "(report)");
  });
});

describe("r56: the written 'but', despite, the progressive, and -면 안 되다", () => {
  it.each([
    ["회사 측은 사과했으나 피해자들은 소송을 준비 중이다", "으나"],
    ["혼란에도 불구하고 대응은 신속했다", "불구"],
  ])("%s: the clause after %s decides", (text, connective) => {
    expect(score(text).terms.some((t) => t.rule?.startsWith(`after contrast ${connective}`))).toBe(true);
  });

  it("-고 있다 is the progressive: the verb before it is the clause's predicate", () => {
    expectReading("일각에서는 대표 사퇴론까지 거론되고 있다.", "neu", (t) =>
      t.rule?.startsWith("an event in a reported fact (거론)"),
    );
  });

  it.each([
    ["이번 사태는 경영진이 책임지지 않으면 안 된다.", "neg"],
    ["다시는 이런 사고가 나면 안 된다", "neg"],
  ] as const)("%s: -면 안 되다 forbids or demands, it negates nothing", (text, label) => {
    const s = score(text);
    expect(s.label).toBe(label);
    expect(s.terms.some((t) => t.rule?.includes("안 되다"))).toBe(false);
  });

  it("기대 이하 is below expectations; 이하 after a figure is a bound", () => {
    expect(score("품질은 기대 이하였다").label).toBe("neg");
    expect(score("3시간 이하 장애는 보상 대상이 아니다").terms.some((t) => t.term === "이하")).toBe(false);
  });
});

describe("a comment's nominal ending with a question word asks without its mark", () => {
  it.each(["경쟁사는 멀쩡하던데 여긴 대체 뭐함", "보상은 왜 안 함"])("%s → neg", (text) => {
    expectReading(text, "neg", (t) => t.term === "(rhetorical question)");
  });

  it.each(["오늘 점심 뭐 먹음", "대체 교통비 지급함"])("%s is no question", (text) => {
    expect(score(text).terms.some((t) => t.term === "(rhetorical question)")).toBe(false);
  });
});

describe("r57: need, worth, until, echoes, 'that is something', decimals and a few verbs of losing", () => {
  it("-ㄹ 필요 없다 negates the predicate; after a bad one it reassures", () => {
    expectReading("보상 비용은 미미해서 크게 걱정할 필요 없다", "pos", (t) => t.rule?.includes("no need to"));
    expectReading("이번 보상에는 기대할 필요 없다", "neg", (t) => t.rule?.includes("no need to"));
  });

  it("-ㄹ 만하다 is worth it, and strengthens a rated predicate before it", () => {
    expectReading("발언을 철회한 것은 평가할 만하다.", "pos", (t) => t.term === "만+하다" && t.valence > 0);
    expectReading("이 정도면 비판받을 만하다", "neg", (t) => t.rule?.includes("boosted by -ㄹ 만하다"));
    // 만 + 하다 after a noun is "only do": worth nothing.
    expect(score("사과만 하고 끝냈다").terms.find((t) => t.term === "만+하다")?.valence ?? 0).toBe(0);
  });

  it("-ㄹ 때까지 names a state not yet reached", () => {
    expectReading("대표는 주가가 회복될 때까지 최저임금만 받겠다고 밝혔다.", "neu", (t) =>
      t.rule?.startsWith("until"),
    );
  });

  it("a polite echo question (-라고요?, -다고요?) is indignation", () => {
    expectReading("일요일 밤에 터져서 다행이라고요?", "neg", (t) => t.term === "(rhetorical question)");
  });

  it("-ㄴ 게 어디냐 grants what was done; asking where is no such thing", () => {
    expectReading("결항 안 시킨 것만 해도 어디냐.", "pos", (t) => t.term === "(that is something)");
    expectReading("사과한 게 어디야", "pos", (t) => t.term === "(that is something)");
    expect(score("본사가 어디야").terms.some((t) => t.term === "(that is something)")).toBe(false);
  });

  it("a decimal point ends no clause: the figure before a measured change is seen", () => {
    const s = score("주가는 이달 들어 21.3% 하락했으며 업종 지수는 1.1% 내렸다.");
    expect(s.label).toBe("neu");
    expect(s.terms.find((t) => t.term === "하락")?.rule).toContain("in a reported fact");
  });

  it("자사주 (treasury shares) is not 자다 (sleep), and a buyback disclosed is a fact", () => {
    expect(score("자사주 소각까지 한다니").terms.some((t) => t.term === "자다")).toBe(false);
    expectReading("회사는 500억원 규모의 자사주 매입 계획을 공시했다.", "neu", (t) =>
      t.rule?.startsWith("an event in a reported fact"),
    );
  });

  it.each([
    ["손실을 줄였다", "pos", "줄이다"],
    ["신뢰를 잊은 업계", "neg", "잊다"],
    ["불안이 다소 누그러졌다", "pos", "누그러지다"],
  ] as const)("%s: what %s loses is reversed", (text, label, verb) => {
    expectReading(text, label, (t) => t.rule?.startsWith(`negated by ${verb}`));
  });

  it("'anyone who …?' (-는 분?) asks the other readers", () => {
    expectReading("지금 접속 되시는 분?", "neu", (t) => t.term === "(question)");
  });

  it.each([
    ["다른 은행보다 보상은 확실히 낫다", "pos"],
    ["보상이 예전보다 낫지 않다", "neg"],
  ] as const)("%s: 낫다 is better", (text, label) => {
    expect(score(text).label).toBe(label);
  });

  it("-려다가 (was about to, but): the clause after it weighs more", () => {
    expect(
      score("탈퇴하려다가 남기로 함").terms.some((t) => t.rule?.includes("before contrast 려다가")),
    ).toBe(true);
  });
});

describe("r58: narration across a contrast, corrections, conditions in questions, retorts", () => {
  it("a contrast between two of the crisis's events in narration is still a reported fact", () => {
    expectReading("네이버는 같은 화재로 일부 서비스에 장애가 발생했으나 대부분 당일 복구됐다.", "neu", (t) =>
      t.rule?.includes("in a reported fact"),
    );
    // With a judging word the contrast weighs as before.
    expect(score("장애는 길었지만 복구는 빨랐다.").label).toBe("pos");
  });

  it.each([
    ["이건 사고가 아니라 인재다", "사고"],
    ["단순한 실수가 아니라 참사다", "실수"],
  ])("%s: X가 아니라 Y of one sign corrects a word (%s counts for nothing)", (text, corrected) => {
    const s = score(text);
    expect(s.label).toBe("neg");
    expect(Math.abs(s.terms.find((t) => t.term === corrected)?.valence ?? 1)).toBe(0);
  });

  it("a negation inside a condition does not make a question rhetorical", () => {
    expectReading("메일이 안 보이면 스팸함도 확인해 봐야 하나요?", "neu", (t) => t.term === "(question)");
    expectReading("왜 보상을 안 해주나요?", "neg", (t) => t.term === "(rhetorical question)");
  });

  it.each([
    '한 의원은 "점심시간에 기간망을 건드리는 게 말이 되느냐"고 따졌다.',
    "그는 '이게 최선이냐'고 반문했다.",
  ])("%s: a question reported as a retort criticises", (text) => {
    expectReading(text, "neg", (t) => t.rule?.startsWith("a retort reported"));
  });

  it("a question reported as asked is no retort", () => {
    expect(
      score("의원들은 대책이 있느냐고 물었다.").terms.some((t) => t.term === "(rhetorical question)"),
    ).toBe(false);
  });

  it("-ㄴ 게 어디임, the nominal ending, grants too", () => {
    expectReading("금액은 작아도 챙겨준게 어디임", "pos", (t) => t.term === "(that is something)");
  });

  it("날아가다 loses what it takes", () => {
    expectReading("쌓아 온 신뢰가 완전히 날아갔다", "neg", (t) => t.rule?.startsWith("negated by 날아가다"));
  });

  it("-ㄴ 것 같지 않다 (does not seem) negates the clause before 것 같다", () => {
    expectReading("대표이사 사퇴도 극적 효과가 있는 것 같진 않아 보입니다.", "neg", (t) =>
      t.rule?.includes("does not seem"),
    );
  });

  it("-면 뭐해 / 뭐함 (what's the use) denies what the condition grants", () => {
    expectReading("복구가 빠르기만 하면 뭐함 내용이 없는데", "neg", (t) =>
      t.rule?.includes("what's the use"),
    );
  });

  it("-ㄹ 이유 없다 (no reason to) negates, also through a verb that carries a noun (욕 먹을)", () => {
    expectReading("현장 엔지니어들은 비판 받을 이유 없다", "pos", (t) =>
      t.rule?.includes("no need to (-ㄹ 이유 없다)"),
    );
  });

  it("뭐 before a verb other than 하다 asks which (다른 앱 뭐 쓰세요?)", () => {
    expectReading("카카오T 대신 다른 택시앱 뭐 쓰세요?", "neu", (t) => t.term === "(question)");
    expectReading("대체 뭐 하는 거예요?", "neg", (t) => t.term === "(rhetorical question)");
  });
});

describe("r60: never, -더니, checking what was heard, laughter at praise, nouns however tagged", () => {
  it("-ㄴ 적 없다 (never) negates; after 이렇게 it is a superlative", () => {
    expectReading("장애 기간에도 불편한 적 없다", "pos", (t) => t.rule?.includes("never (-ㄴ 적 없다)"));
    expectReading("이렇게 실망한 적은 없었다", "neg", (t) => t.rule?.includes("never so much"));
  });

  it("-더니 leads on; it is no question though it ends in 니", () => {
    expect(score("팬 위한 선예매라더니").terms.some((t) => t.term === "(rhetorical question)")).toBe(false);
  });

  it("a question that checks what was heard is no attack, negation or not", () => {
    expectReading(
      "카카오뱅크는 이번에 별 영향 없었다고 하던데 맞나요?",
      "neu",
      (t) => t.term === "(question)",
    );
    // A plain -던데 is the writer's own observation, not hearsay: the negated question still attacks.
    const observed = score("표정은 담담하던데 사과는 안 했나요?");
    expect(observed.terms.some((t) => t.term === "(rhetorical question)")).toBe(true);
  });

  it("greatness laughed at beside a clear fault is irony", () => {
    expectReading("대단한 리더십이네요 사고 나니까 바로 퇴장하시고ㅋㅋ", "neg", (t) =>
      t.rule?.includes("praise laughed at beside a fault"),
    );
    expect(score("연기 대단하다 ㅋㅋ").label).toBe("pos");
  });

  it("an event noun names which one before a noun tagged NNP or a prefixed noun", () => {
    expectReading("환불과 별도로 피해 이용자에게 1만 원 상당의 쿠폰이 지급된다.", "neu", (t) =>
      t.rule?.startsWith("names a topic (피해"),
    );
  });

  it("누구나 (anyone) is no question word", () => {
    expect(
      score("실수는 누구나 한다 이번 기회에 제대로 고치면 된다 응원함").terms.some(
        (t) => t.term === "(rhetorical question)",
      ),
    ).toBe(false);
  });

  it("없나요? asks whether there is any; 왜 still attacks", () => {
    expectReading("후임 대표는 아직 정해진거 없나요?", "neu", (t) => t.term === "(question)");
    expectReading("왜 사과는 없나요?", "neg", (t) => t.term === "(rhetorical question)");
  });

  it("what a comment says it read in the news is passed on (…다고 기사에 나옴, …다는 기사 봤음)", () => {
    expectReading("사퇴하고 비대위에서 재발방지 쪽 맡는다고 기사에 나옴", "neu", (t) =>
      t.rule?.includes("in a reported fact (나오)"),
    );
  });

  it("-는 거지 is 것 + 이지, a mild accusation, not 거지 'beggar'", () => {
    const t = score("이쯤 되면 시간 끄는 거지").terms.find((x) => x.term === "거지");
    expect(t?.rule).toContain("an accusation");
    expect(t?.valence).toBeGreaterThan(-1);
  });
});
