import { describe, expect, it } from "vitest";
import {
  cleanParagraphs,
  cleanSubtitle,
  isChromeLine,
  isPhotoCaption,
  isSeriesLabel,
  normalizeText,
  parseBylineLine,
  stripTrailingByline,
  stripWireLead,
} from "../../src/extract/clean.js";

describe("normalizeText", () => {
  it("composes decomposed Hangul (NFD from macOS) into NFC", () => {
    const nfd = "카카오 먹통".normalize("NFD");
    expect(nfd).not.toBe("카카오 먹통");
    expect(normalizeText(nfd)).toBe("카카오 먹통");
  });

  it("removes zero-width characters and folds odd spaces", () => {
    expect(normalizeText("카\u200b카오\ufeff  먹통\u00a0사태\u3000 ")).toBe("카카오 먹통 사태");
  });
});

describe("page chrome", () => {
  it.each([
    "기사 스크랩",
    "공유",
    "댓글",
    "클린뷰",
    "프린트",
    "-",
    "번역beta",
    "Translated by kaka i",
    "글자크기 설정",
    "무단 전재 및 재배포 금지",
    "무단전재 및 재배포 금지",
    "Copyright ⓒ 한국경제. All rights reserved. 무단 전재 및 재배포 및 AI학습 이용 금지.",
    "ⓒ 한경닷컴, 무단전재 및 재배포 금지",
    "<저작권자(c) 연합뉴스, 무단 전재-재배포, AI 학습 및 활용 금지>",
    "2022/10/17 15:48 송고",
    "입력 2022.10.21 09:30",
  ])("drops %s", (line) => {
    expect(isChromeLine(line)).toBe(true);
  });

  it.each([
    "-기사 스크랩-공유-댓글-클린뷰-프린트",
    "기사 스크랩 - 공유 - 댓글 - 클린뷰 - 프린트",
    "공유 | 댓글 | 인쇄",
    "기사스크랩 · 공유하기",
    "기사 스크랩 공유 댓글 클린뷰 프린트",
    "AD",
    "Advertisement",
    "광고",
  ])("drops the toolbar or ad label %s", (line) => {
    expect(isChromeLine(line)).toBe(true);
  });

  it("keeps lines that only start like a toolbar", () => {
    expect(isChromeLine("공유 - 카카오가 데이터를 나눠 두지 않았다")).toBe(false);
    expect(isChromeLine("댓글 여론은 싸늘했다.")).toBe(false);
    expect(isChromeLine("광고 매출이 줄었다.")).toBe(false);
  });

  it("keeps prose, including prose that mentions copying or sharing", () => {
    expect(isChromeLine("카카오는 데이터를 여러 센터에 공유하지 않았다.")).toBe(false);
    expect(
      isChromeLine(
        "언론사들은 포털이 기사를 무단 전재했다며 소송을 냈고, 법원은 이 가운데 일부 주장을 받아들여 손해배상을 명령했다. 업계는 이번 판결이 뉴스 유통 구조 전반에 영향을 줄 것으로 보고 있다.",
      ),
    ).toBe(false);
  });
});

describe("series labels", () => {
  it.each([
    "[정하린의 IT 돋보기] 3회",
    "[연재]",
    "【기획】 제2회",
    "〈플랫폼 리포트〉 ②",
    "[데이터센터 안전 점검] (4)",
    "[카카오 먹통 그 후] 2/5",
  ])("recognises %s", (line) => {
    expect(isSeriesLabel(line)).toBe(true);
  });

  it("leaves sub-headlines and prose that open with a bracket alone", () => {
    expect(isSeriesLabel("[단독] 카카오, 보상안 다음 주 발표")).toBe(false);
    expect(isSeriesLabel('[사설] 카카오 먹통 사태, "보여주기식 사퇴"로 끝낼 일 아니다')).toBe(false);
    expect(isSeriesLabel("카카오 3회 연속 장애")).toBe(false);
    expect(isSeriesLabel("[성남=연합뉴스] 카카오가 사과했다.")).toBe(false);
  });
});

describe("cleanSubtitle", () => {
  it("keeps each sub-headline once, in order, without series labels", () => {
    const block = ["[정하린의 IT 돋보기] 3회", "첫 소제목", "둘째 소제목", "첫 소제목", "둘째  소제목"].join(
      "\n",
    );
    expect(cleanSubtitle(block)).toBe("첫 소제목\n둘째 소제목");
  });

  it("is null when nothing is left", () => {
    expect(cleanSubtitle("[연재] 1회\n공유")).toBeNull();
    expect(cleanSubtitle(null)).toBeNull();
  });
});

describe("photo captions", () => {
  it("recognises credits and wire captions", () => {
    expect(isPhotoCaption("카카오 판교 아지트 전경. /사진=한경DB")).toBe(true);
    expect(isPhotoCaption("[카카오 제공]")).toBe(true);
    expect(isPhotoCaption("(성남=연합뉴스) 기자 = 16일 화재 현장. 2022.10.16 photo@yna.co.kr")).toBe(true);
  });

  it("keeps a sentence", () => {
    expect(isPhotoCaption("카카오는 16일 사진 전송 기능을 복구했다고 밝혔다.")).toBe(false);
  });
});

describe("bylines", () => {
  it("parses the common forms", () => {
    expect(parseBylineLine("홍길동 기자 abc@hankyung.com")).toEqual({
      reporters: ["홍길동"],
      emails: ["abc@hankyung.com"],
    });
    expect(parseBylineLine("홍길동 한경닷컴 기자 ABC@Hankyung.com")).toEqual({
      reporters: ["홍길동"],
      emails: ["abc@hankyung.com"],
    });
    expect(parseBylineLine("김철수·이영희 기자")).toEqual({ reporters: ["김철수", "이영희"], emails: [] });
    expect(parseBylineLine("이도윤 기자 (doyoon@hankyung.com)")?.emails).toEqual(["doyoon@hankyung.com"]);
    expect(parseBylineLine("[이메일] tip@example.com")).toEqual({
      reporters: [],
      emails: ["tip@example.com"],
    });
  });

  it("leaves prose that ends in 기자 alone", () => {
    expect(parseBylineLine("회견장을 끝까지 지킨 것은 몇몇 기자")).toBeNull();
    expect(parseBylineLine("남궁 대표는 질문을 받지 않고 자리를 떠났다고 현장에 있던 기자")).toBeNull();
  });

  it("strips a wire dateline and keeps its reporters", () => {
    expect(stripWireLead("(서울=연합뉴스) 홍길동 기자 = 카카오가 사과했다.")).toEqual({
      text: "카카오가 사과했다.",
      reporters: ["홍길동"],
    });
    expect(stripWireLead("[성남=뉴시스]김철수·이영희 기자 = 화재가 났다.").reporters).toEqual([
      "김철수",
      "이영희",
    ]);
    expect(stripWireLead("카카오가 사과했다.").text).toBe("카카오가 사과했다.");
  });

  it("strips a byline glued to the last sentence", () => {
    const r = stripTrailingByline("보상안을 내놓겠다고 밝혔다. 홍길동 기자 gildong@hankyung.com");
    expect(r.text).toBe("보상안을 내놓겠다고 밝혔다.");
    expect(r.byline).toEqual({ reporters: ["홍길동"], emails: ["gildong@hankyung.com"] });
  });
});

describe("cleanParagraphs", () => {
  // Shaped like the seed scrape: title, chrome, sub-headlines twice, body twice with a byline after each.
  const title = "먹통 나흘 만의 사과, 업계는 왜 싸늘했나";
  const heads = ["[기자의 IT 노트] 2회", '"업계 공동의 문제"라는 카카오', "사과에 담기지 않은 책임"];
  const body = [
    "카카오가 서비스 장애 나흘 만에 공개 사과를 했습니다.",
    "남궁 대표는 이번 일을 업계 전체의 문제라고 표현했습니다.",
    '업계 관계자는 "듣기 불편한 말"이라고 했습니다.',
  ];
  const byline = "최가온 한경닷컴 기자 gaon@hankyung.com";
  const lines = [
    title,
    "-",
    "기사 스크랩",
    "-",
    "공유",
    "-",
    "댓글",
    ...heads,
    ...heads,
    ...body,
    byline,
    ...body,
    byline,
  ];

  it("keeps one clean body and moves the byline into fields", () => {
    const cleaned = cleanParagraphs(lines, { title });
    expect(cleaned.paragraphs).toEqual(body);
    expect(cleaned.reporters).toEqual(["최가온"]);
    expect(cleaned.emails).toEqual(["gaon@hankyung.com"]);
    // The series label names the column, not the story: neither body nor subtitle.
    expect(cleaned.subtitle).toBe(heads.slice(1).join("\n"));
  });

  it("treats NFD and zero-width variants of a paragraph as the same paragraph", () => {
    const p = "카카오가 서비스 장애 나흘 만에 공개 사과를 했습니다.";
    const cleaned = cleanParagraphs([p, p.normalize("NFD"), p.replace("서비스", "서\u200b비스")]);
    expect(cleaned.paragraphs).toEqual([p]);
  });

  it("drops the mid-body ad label and the toolbar line of a column", () => {
    const cleaned = cleanParagraphs([
      "[기자의 IT 노트] 2회",
      body[0] as string,
      "AD",
      body[1] as string,
      "-기사 스크랩-공유-댓글-클린뷰-프린트",
      body[2] as string,
    ]);
    expect(cleaned.paragraphs).toEqual(body);
    expect(cleaned.subtitle).toBeNull();
  });

  it("does not repeat a given subtitle in the body", () => {
    const cleaned = cleanParagraphs(["요약 한 줄", "본문 첫 문장입니다."], { subtitle: "요약 한 줄" });
    expect(cleaned.paragraphs).toEqual(["본문 첫 문장입니다."]);
    expect(cleaned.subtitle).toBeNull();
  });
});
