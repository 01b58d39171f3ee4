import { describe, expect, it } from "vitest";
import { analyzerDataHash, analyzerVersion, createAnalyzer } from "../../src/nlp/analyzer.js";

describe("analyzer", () => {
  it("has a version derived from the data files", () => {
    expect(analyzerVersion()).toMatch(/^r\d+-[0-9a-f]{12}$/);
    expect(analyzerVersion().endsWith(analyzerDataHash())).toBe(true);
    expect(analyzerVersion("lexicon")).toBe(`${analyzerVersion()}-lex`);
  });

  it("scores a line in the yeoron score JSON Lines shape", async () => {
    const analyzer = await createAnalyzer();
    // Our own sentence, modelled on outage comments.
    const line = analyzer.scoreLine("이번 카카오 먹통 사태는 정말 최악이다. 보상도 엉망이고 실망스럽다.");
    expect(Object.keys(line).sort()).toEqual(["compound", "label", "statements", "terms", "text"]);
    expect(line.label).toBe("neg");
    expect(line.compound).toBeLessThan(-0.05);
    expect(line.terms.length).toBeGreaterThan(0);
  });

  it("keeps sentences with their scores and gives the model probability in hybrid mode only", async () => {
    const text = "서비스가 하루 만에 복구됐다. 빠른 대응에 감사하다.";
    const hybrid = (await createAnalyzer()).analyzeText(text);
    expect(hybrid.sentences.length).toBe(2);
    expect(hybrid.score.modelProb).toBeGreaterThan(0);
    expect(hybrid.score.modelProb).toBeLessThan(1);
    const lexicon = (await createAnalyzer({ mode: "lexicon" })).analyzeText(text);
    expect(lexicon.score.modelProb).toBeNull();
    expect(lexicon.score.compound).toBe(lexicon.score.lexiconCompound);
  });

  it("forces pos/neg with binary", async () => {
    const analyzer = await createAnalyzer({ binary: true });
    expect(["pos", "neg"]).toContain(analyzer.scoreLine("16일 오전 회의가 열렸다.").label);
  });

  it("a short text's reaction takes the side the whole text takes; an article's sentence keeps its own", async () => {
    const analyzer = await createAnalyzer();
    // Our own comment: the resignation is named in one sentence and judged in the next.
    const comment = analyzer.analyzeText("김범수는 가만있고 남궁훈만 사퇴? 꼬리 자르기 아니냐");
    expect(comment.statements).toContainEqual({
      statementId: "resignation",
      role: "reaction",
      stance: "against",
    });
    expect(comment.sentences[0]!.statements).toContainEqual({
      statementId: "resignation",
      role: "reaction",
      stance: "neutral",
    });
    const article = analyzer.analyzeText(
      "판교 화재로 카카오 서비스가 멈췄다. 남궁훈 대표가 사퇴했다. 회사는 보상안을 발표했다. 이용자들은 분통을 터뜨렸다. 꼬리 자르기라는 비판이 거셌다.",
    );
    expect(article.statements).toContainEqual({
      statementId: "resignation",
      role: "reaction",
      stance: "neutral",
    });
  });

  it("finds a tracked statement mention and reports it as a reaction when someone else speaks", async () => {
    const analyzer = await createAnalyzer();
    const line = analyzer.scoreLine("업계의 비극이라니, 남 탓만 하는 변명으로 들린다.");
    expect(line.statements).toContainEqual(
      expect.objectContaining({ id: "it-industry-tragedy", role: "reaction" }),
    );
  });

  it("gives reporting verbs and news nouns no valence of their own (the words of a plain news sentence)", async () => {
    const analyzer = await createAnalyzer({ mode: "lexicon" });
    // Our own news-style sentences: who said what, when, where; no judgement in them.
    for (const text of [
      "회사는 오후 뉴스에서 장애 원인을 공개하겠다고 밝혔다",
      "업계에 따르면 직원들이 주말 동안 복구 작업을 진행했다",
    ]) {
      const terms = analyzer.analyzeText(text).score.terms.map((t) => t.term);
      for (const word of ["밝히다", "뉴스", "원인", "공개", "따르다", "직원", "주말", "작업", "진행"])
        expect(terms, text).not.toContain(word);
    }
  });

  it("reads a prohibition of something bad as criticism, not praise", async () => {
    const analyzer = await createAnalyzer({ mode: "lexicon" });
    const s = analyzer.analyzeText("남 탓하지 말고 사과부터 해라").score;
    expect(s.label).toBe("neg");
    expect(s.terms.some((t) => t.rule?.includes("prohibited by -지 말다"))).toBe(true);
    // A prohibited good thing still turns around.
    expect(analyzer.analyzeText("더 이상 기대하지 마라").score.label).toBe("neg");
  });

  it("reads outage-reaction idioms: thanks for hard work, passing the buck, sincerity not felt", async () => {
    const analyzer = await createAnalyzer({ mode: "lexicon" });
    expect(analyzer.analyzeText("밤새 복구한 직원분들 고생 많으셨습니다").score.label).toBe("pos");
    expect(analyzer.analyzeText("두 회사가 서로 책임을 떠넘기고 있다").score.label).toBe("neg");
    expect(analyzer.analyzeText("대표가 사과는 했지만 진정성이 느껴지지 않는다").score.label).toBe("neg");
  });

  it("reads 마음에 들다 / 마음에 안 들다 and product-quality nouns", async () => {
    const analyzer = await createAnalyzer({ mode: "lexicon" });
    expect(analyzer.analyzeText("이번 보상안은 마음에 안 든다").score.label).toBe("neg");
    expect(analyzer.analyzeText("새 기능이 마음에 들어요").score.label).toBe("pos");
    expect(analyzer.analyzeText("서버 고장으로 데이터 일부가 파손됐다").score.label).toBe("neg");
  });
});
