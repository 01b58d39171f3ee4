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
  return { score, mentions: findStatementMentions({ text, ms, speaker, isQuote, score }, statements) };
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
  ])("%s → %s", (text, id) => {
    expect(only(analyse(text).mentions, id)).toHaveLength(1);
  });

  it("does not fire on unrelated text", () => {
    expect(analyse("업계 전반의 실적이 좋아졌다").mentions).toEqual([]);
    expect(analyse("최저임금 인상 논의가 시작됐다").mentions).toEqual([]);
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
      return { score, mentions: findStatementMentions({ ...s, ms, score }, statements) };
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
    const mentions = findStatementMentions({ ...quoted, ms, score }, statements);
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
  ] as const)("%s → reaction %s", (text, stance) => {
    const mention = only(analyse(text).mentions, "it-industry-tragedy")[0];
    expect(mention).toEqual({ statementId: "it-industry-tragedy", role: "reaction", stance });
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
