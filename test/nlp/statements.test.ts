import path from "node:path";
import type { MeCab } from "kuromoji-ko";
import { beforeAll, describe, expect, it } from "vitest";
import { type Lexicons, loadLexicons } from "../../src/nlp/lexicon.js";
import { loadMorphAnalyzer, morphemesWith } from "../../src/nlp/morph.js";
import { scoreMorphemes } from "../../src/nlp/score.js";
import { splitSentences } from "../../src/nlp/sentences.js";
import {
  findStatementMentions,
  loadStatements,
  parseStatements,
  type TrackedStatement,
} from "../../src/nlp/statements.js";
import { ConfigError } from "../../src/shared/errors.js";
import type { SentimentScore, StatementMention } from "../../src/shared/types.js";

const GENERAL = path.join(import.meta.dirname, "..", "fixtures", "nlp", "general-small.tsv");

let mecab: MeCab;
let lex: Lexicons;
let statements: TrackedStatement[];

beforeAll(async () => {
  mecab = await loadMorphAnalyzer();
  lex = loadLexicons(undefined, { generalFile: GENERAL });
  statements = loadStatements();
});

function analyse(text: string, speaker: string | null = null, isQuote = false) {
  const ms = morphemesWith(mecab, text);
  const score = scoreMorphemes(ms, text, lex);
  return {
    score,
    mentions: findStatementMentions(
      { text, ms, speaker, isQuote, score, events: lex.news.events },
      statements,
    ),
  };
}

const only = (mentions: StatementMention[], id: string) => mentions.filter((m) => m.statementId === id);

describe("statements.yaml", () => {
  it("tracks the five required statements with speaker, date and variants", () => {
    const ids = statements.map((s) => s.id);
    expect(ids).toEqual(
      expect.arrayContaining([
        "it-industry-tragedy",
        "resignation",
        "apology",
        "minimum-wage-pledge",
        "infra-investment",
      ]),
    );
    for (const s of statements) {
      expect(s.speaker).toBe("남궁훈");
      expect(s.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(s.aliases).toEqual(expect.arrayContaining(["남궁훈", "남궁 대표", "그"]));
      expect(s.patterns.length).toBeGreaterThan(0);
    }
  });

  it("rejects a file without variants", () => {
    const bad =
      "statements:\n  - id: x\n    speaker: a\n    date: 2022-10-19\n    original: b\n    variants: []\n";
    expect(() => parseStatements(bad)).toThrow(ConfigError);
  });
});

describe("mentions regardless of spacing and particles", () => {
  it.each([
    "IT업계의 비극이라니 할 말이 없다",
    "업계 비극 타령 그만",
    "업계의 비극이라고?",
    "그게 왜 IT 업계의 비극이라고 하는지",
    "it업계 비극",
  ])("%s → it-industry-tragedy", (text) => {
    expect(only(analyse(text).mentions, "it-industry-tragedy")).toHaveLength(1);
  });

  it.each([
    ["대표이사직에서 물러나도 소용없다", "resignation"],
    ["대표직을 내려놓는다고 끝나나", "resignation"],
    ["처절한 반성은 어디 갔나", "apology"],
    ["주가 15만원 될 때까지 최저임금 받겠다더니", "minimum-wage-pledge"],
    ["인프라 투자로 재발을 막겠다는 약속", "infra-investment"],
    ["재발 방지를 위해 인프라에 대규모로 투자한다고 했다", "infra-investment"],
    ["남궁 대표는 IT 업계에 있어 비극적인 사건이라고 했다", "it-industry-tragedy"],
    ["남궁훈 대표가 사의를 표명했다", "resignation"],
    ["물러난다더니 비대위에 그대로 남았네", "resignation"],
    ["반성은 처절하게, 보상은 찔끔", "apology"],
    ["남궁 대표의 사과는 늦었다", "apology"],
    ["주가 15만원 전까지 최저시급만 받겠다던 그 약속", "minimum-wage-pledge"],
    ["자체 데이터센터 짓는다는 계획은 늦었지만 맞다", "infra-investment"],
    ["안산에 짓고 있는 자체 데이터센터를 앞당기겠다", "infra-investment"],
    ["카카오는 자체 데이터센터 구축을 서두르기로 했다", "infra-investment"],
    ['"카카오만의 사건이 아니다"라니, 무슨 소리인지 모르겠다', "it-industry-tragedy"],
    ["사퇴 쇼 잘 봤습니다", "resignation"],
    ["대표 물러나도 회사에는 그대로 남는다던데", "resignation"],
    ["남궁훈 대표는 머리 숙여 사죄했다", "apology"],
    ["안산 데이터센터 완공되면 이런 사태는 줄어들 거라 본다", "infra-investment"],
  ])("%s → %s", (text, id) => {
    expect(only(analyse(text).mentions, id)).toHaveLength(1);
  });

  it("does not fire on unrelated text", () => {
    expect(analyse("업계 전반의 실적이 좋아졌다").mentions).toEqual([]);
    expect(analyse("최저임금 인상 논의가 시작됐다").mentions).toEqual([]);
    expect(analyse("국회의원 사퇴 요구가 나왔다").mentions).toEqual([]);
    expect(analyse("대표의 사과 영상이 올라왔다").mentions).toEqual([]);
    // Another company's own data centre is no mention of Kakao's pledge to build one.
    expect(analyse("네이버 역시 춘천에 자체 데이터센터를 두고 있다").mentions).toEqual([]);
  });
});

describe("role and stance", () => {
  it("the CEO's own quote is the statement; an insider's reaction is against and negative", () => {
    const text = [
      '남궁 대표는 "이것은 회사의 비극이면서 IT 업계의 비극이라고 본다"고 말했다.',
      '한 업계 관계자는 "업계의 비극이라는 말은 어불성설이고 상당히 불편하다"고 지적했다.',
    ].join(" ");
    const [own, insider] = splitSentences(text).map((s) => {
      const ms = morphemesWith(mecab, s.text);
      const score = scoreMorphemes(ms, s.text, lex);
      return {
        score,
        mentions: findStatementMentions({ ...s, ms, score, events: lex.news.events }, statements),
      };
    });
    expect(only(own!.mentions, "it-industry-tragedy")).toEqual([
      { statementId: "it-industry-tragedy", role: "statement", stance: "neutral" },
    ]);
    expect(only(insider!.mentions, "it-industry-tragedy")).toEqual([
      { statementId: "it-industry-tragedy", role: "reaction", stance: "against" },
    ]);
    expect(insider!.score.label).toBe("neg");
  });

  it("그 resolved by the splitter still counts as the speaker", () => {
    const text = '남궁 대표가 먼저 고개를 숙였다. 그는 "대표이사직에서 물러나겠다"고 밝혔다.';
    const quoted = splitSentences(text)[1]!;
    const ms = morphemesWith(mecab, quoted.text);
    const score = scoreMorphemes(ms, quoted.text, lex);
    const mentions = findStatementMentions({ ...quoted, ms, score, events: lex.news.events }, statements);
    expect(only(mentions, "resignation")[0]?.role).toBe("statement");
  });

  it.each([
    ["업계의 비극이라니 남탓도 정도가 있지", "against"],
    ["IT 업계의 비극이라는 말 자기 연민 아닌가", "against"],
    ["업계의 비극이 아니라 그냥 카카오의 실수다", "against"],
    ["IT 업계의 비극이라는 말에 공감한다", "support"],
    ["업계 비극이라는 말은 맞는 말이다", "support"],
    ["업계의 비극이라는 말에 공감할 수 없다", "against"],
    ["기자회견에서 업계의 비극이라는 표현이 나왔다", "neutral"],
    ["업계 비극이라고 물타기하지 마세요", "against"],
    ["업계의 비극이라며 멀쩡한 회사들까지 싸잡아 끌어들였다", "against"],
    // A cue inside the words that name the statement (비극 타령, 비극 운운) is still the reaction's own.
    ["비극 타령할 시간에 서버나 이중화하시죠", "against"],
    ["업계 비극 운운하는 건 이제 그만", "against"],
  ] as const)("%s → reaction %s", (text, stance) => {
    const mention = only(analyse(text).mentions, "it-industry-tragedy")[0];
    expect(mention).toEqual({ statementId: "it-industry-tragedy", role: "reaction", stance });
  });

  it("the words that name a statement as one take no side (남궁 대표가 약속한 …)", () => {
    expect(
      only(
        analyse("남궁 대표가 약속한 인프라 투자 규모는 아직 공개되지 않았다.").mentions,
        "infra-investment",
      ),
    ).toEqual([{ statementId: "infra-investment", role: "reaction", stance: "neutral" }]);
  });

  it("a doubt that the resignation works is against it", () => {
    expect(
      only(analyse("대표이사 사퇴도 극적 효과가 있는 것 같진 않아보입니다.").mentions, "resignation"),
    ).toEqual([{ statementId: "resignation", role: "reaction", stance: "against" }]);
  });

  it("the crisis's own events in a report take no side (사태의 피해, 장애)", () => {
    const mention = only(
      analyse("서비스 장애의 책임을 지고 남궁훈 대표가 사의를 표명했다").mentions,
      "resignation",
    )[0];
    expect(mention).toEqual({ statementId: "resignation", role: "reaction", stance: "neutral" });
  });

  it("무슨 right before the statement's words dismisses it", () => {
    expect(only(analyse("무슨 업계의 비극, 카카오의 비극이지").mentions, "it-industry-tragedy")).toEqual([
      { statementId: "it-industry-tragedy", role: "reaction", stance: "against" },
    ]);
    expect(
      only(analyse("업계의 비극이라는 표현이 나왔다").mentions, "it-industry-tragedy")[0]?.stance,
    ).not.toBe("against");
  });

  it("a commenter quoted by a reporter is a reaction, not the statement", () => {
    const { mentions, score } = analyse('누리꾼들은 "보여주기식 사퇴 지겹다"며 비판했다', "누리꾼들", true);
    expect(only(mentions, "resignation")).toEqual([
      { statementId: "resignation", role: "reaction", stance: "against" },
    ]);
    expect(score.label).toBe("neg" satisfies SentimentScore["label"]);
  });

  it("indirect speech with the speaker as subject is the statement", () => {
    const { mentions } = analyse("남궁 대표는 이날 대표이사직에서 물러난다고 밝혔다");
    expect(only(mentions, "resignation")[0]?.role).toBe("statement");
  });
});
