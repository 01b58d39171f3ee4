import { describe, expect, it } from "vitest";
import { splitSentences } from "../../src/nlp/sentences.js";

describe("splitSentences: boundaries", () => {
  it.each([
    ["서비스가 멈췄다. 복구는 밤늦게 끝났다.", ["서비스가 멈췄다.", "복구는 밤늦게 끝났다."]],
    ["언제 되나요? 벌써 이틀째예요!", ["언제 되나요?", "벌써 이틀째예요!"]],
    ["진짜 어이없죠!! 또 먹통이라니", ["진짜 어이없죠!!", "또 먹통이라니"]],
    ["할 말이 없다... 정말 그렇다", ["할 말이 없다...", "정말 그렇다"]],
    ["첫 줄\n둘째 줄", ["첫 줄", "둘째 줄"]],
    ["주가는 3.5% 내렸다. 거래량은 늘었다.", ["주가는 3.5% 내렸다.", "거래량은 늘었다."]],
  ])("%s", (text, expected) => {
    expect(splitSentences(text).map((s) => s.text)).toEqual(expected);
  });

  it("records each sentence's offset in the input", () => {
    const text = "첫 문장이다.  둘째 문장이다.\n셋째.";
    for (const s of splitSentences(text)) expect(text.slice(s.start, s.start + s.text.length)).toBe(s.text);
  });
});

describe("splitSentences: quotes stay whole, with their speaker", () => {
  const article = [
    "네오톡 서비스가 이틀째 멈췄다. 회사는 21일 분당 본사에서 기자회견을 열었다.",
    '김철수 대표는 "불편을 드려 죄송합니다. 모든 시스템을 다시 점검하겠습니다"라고 말했다. 그는 "이번 일은 업계 전체의 숙제"라면서 "같은 일이 없도록 하겠다"고 강조했다.',
    '한 업계 관계자는 "작은 회사들도 백업은 해둔다. 변명에 불과하다"고 밝혔다.',
    "누리꾼들은 “또 사과냐”, ‘이제 지겹다’며 비판했다.",
    '"처절하게 반성합니다"라고 김 대표는 덧붙였다.',
    "시장은 '관망세'라는 평가다.",
  ].join("\n");
  const sentences = splitSentences(article);
  const find = (needle: string) => {
    const s = sentences.find((x) => x.text.includes(needle));
    if (!s) throw new Error(`no sentence with ${needle}`);
    return s;
  };

  it("never splits inside a quote, even across its own full stops", () => {
    expect(find("불편을 드려").text).toContain('점검하겠습니다"라고 말했다.');
    expect(find("작은 회사들도").text).toContain('변명에 불과하다"고 밝혔다.');
  });

  it.each([
    ["불편을 드려", "김철수 대표"],
    ["업계 전체의 숙제", "김철수 대표"],
    ["작은 회사들도", "업계 관계자"],
    ["또 사과냐", "누리꾼들"],
    ["처절하게 반성합니다", "김 대표"],
  ])("%s → speaker %s, isQuote", (needle, speaker) => {
    const s = find(needle);
    expect(s.speaker).toBe(speaker);
    expect(s.isQuote).toBe(true);
  });

  it.each([
    ['"업계 전체가 돌아봐야 할 비극입니다." 김철수 대표의 말이다.', "김철수 대표"],
    ['"최저임금만 받겠습니다." 김철수 대표가 올해 2월 밝힌 내용이다.', "김철수 대표"],
    ['"저희가 처절하게 반성하겠습니다"라며 김철수 대표는 거듭 고개를 숙였다.', "김철수 대표"],
  ])("a speaker named after the quote: %s", (text, speaker) => {
    expect(splitSentences(text)[0]).toMatchObject({ speaker, isQuote: true });
  });

  it("a quote followed by a sentence that names no speaker keeps none", () => {
    expect(splitSentences('"보여주기식 사퇴 지겹다" 반응은 싸늘했다.')[0]?.speaker).toBeNull();
  });

  it("unquoted sentences and scare quotes have no speaker", () => {
    expect(find("기자회견을 열었다")).toMatchObject({ speaker: null, isQuote: false });
    expect(find("관망세")).toMatchObject({ speaker: null, isQuote: false });
  });

  it("resolves 그는 to the last named person even across unquoted sentences", () => {
    const text = '무거운 분위기 속에 박영희 사장이 입을 열었다. 그는 "책임을 통감한다"고 말했다.';
    const [, quoted] = splitSentences(text);
    expect(quoted?.speaker).toBe("박영희 사장");
  });

  it("a headline quote after a bare name is attributed to it; one before a comment is not", () => {
    expect(splitSentences('네오톡 "이번 일은 업계의 숙제" 언급')[0]?.speaker).toBe("네오톡");
    expect(splitSentences('"업계의 숙제라니…" 업계 반응은 차가웠다')[0]?.speaker).toBeNull();
  });
});
