import { describe, expect, it } from "vitest";
import { matchesTopic, matchingTopicIds, normalizeForMatch } from "../../src/crawl/topics.js";
import type { Topic } from "../../src/shared/config.js";

const topics: Topic[] = [
  { id: "kakao-outage", keywords: ["카카오 먹통", "카카오 데이터센터 화재"] },
  { id: "ceo-statement", keywords: ["IT 업계의 비극", "남궁훈 사과"] },
];

describe("matchesTopic", () => {
  it("ignores spacing on both sides", () => {
    expect(matchesTopic("카카오먹통 사흘째", topics)).toBe(true);
    expect(matchesTopic("카카오 서비스 이틀째 먹통", topics)).toBe(true);
    expect(matchesTopic('남궁훈 대표 "IT업계의 비극"', topics)).toBe(true);
  });

  it("needs every word of one set, not words spread over different sets", () => {
    expect(matchesTopic("카카오 주가 하락", topics)).toBe(false);
    // 먹통 from one set and 남궁훈 from another do not make a match.
    expect(matchesTopic("남궁훈 먹통", topics)).toBe(false);
    expect(matchesTopic("데이터센터 화재 점검 강화", topics)).toBe(false);
    expect(matchesTopic("카카오 데이터센터 화재 원인", topics)).toBe(true);
  });

  it("matches after NFC, so decomposed Hangul from a feed still matches", () => {
    const decomposed = "카카오 먹통".normalize("NFD");
    expect(decomposed).not.toBe("카카오 먹통");
    expect(matchesTopic(decomposed, topics)).toBe(true);
  });

  it("is case-insensitive for Latin words", () => {
    expect(matchesTopic("it 업계의 비극 발언", topics)).toBe(true);
  });

  it("reports which topics matched", () => {
    expect(matchingTopicIds("카카오 먹통에 남궁훈 사과", topics)).toEqual(["kakao-outage", "ceo-statement"]);
    expect(matchingTopicIds("날씨 맑음", topics)).toEqual([]);
  });

  it("never matches on an empty or blank keyword set", () => {
    expect(matchesTopic("아무 제목", [{ id: "blank", keywords: ["   "] }])).toBe(false);
  });

  it("normalizes by removing all whitespace", () => {
    expect(normalizeForMatch(" 카카오\t먹통\n IT ")).toBe("카카오먹통it");
  });
});
