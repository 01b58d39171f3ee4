/**
 * A small, deterministic DB for report and notebook tests: two ISO weeks (2022-W41 and 2022-W42) of articles,
 * comments, scores, statement reactions, prices and crawl outcomes. Every text is written for this fixture
 * (fictional outlets and commenters); prices are rounded, hand-made values around the real path.
 * Pass `hostile: true` to add a comment and an article title that try to inject markup and links.
 */
import { Store } from "../../src/store/db.js";
import { refreshSentimentDaily } from "../../src/store/prices.js";

export const FIXTURE_ANALYZER = "fixture-1";

/** The hostile strings, exported so tests can look for them as text. */
export const HOSTILE_COMMENT =
  '<script>alert("xss")</script><img src=x onerror=alert(1)> 사과문 보러가기 [여기](javascript:alert(2)) | 먹통 책임져라';
export const HOSTILE_TITLE = '<b onmouseover="alert(3)">단독</b> 카카오 "먹통" 보상안 ](javascript:alert(4))';

interface DocSpec {
  id: string;
  outlet: string;
  source: string;
  at: string; // UTC ISO instant
  title: string;
  body: string;
  compound: number;
  duplicateOf?: string;
  url?: string;
}

interface CommentSpec {
  id: string;
  doc: string;
  at: string;
  text: string;
  likes: number;
  dislikes: number;
  compound: number;
}

function label(compound: number): "neg" | "neu" | "pos" {
  return compound <= -0.05 ? "neg" : compound >= 0.05 ? "pos" : "neu";
}

const DOCS: DocSpec[] = [
  // 2022-W41 (10-10 … 10-16 KST)
  {
    id: "doc-w41-a",
    outlet: "한빛일보",
    source: "naver-search",
    at: "2022-10-13T01:00:00Z",
    title: "카카오 3분기 실적 전망 무난",
    body: "증권가는 카카오의 3분기 실적이 시장 예상에 부합할 것으로 본다.\n\n광고 매출은 소폭 늘었다.",
    compound: 0.2,
  },
  {
    id: "doc-w41-b",
    outlet: "누리경제",
    source: "google-news",
    at: "2022-10-15T09:00:00Z",
    title: "판교 데이터센터 화재로 카카오 서비스 멈춰",
    body: "판교의 한 데이터센터에서 화재가 나 카카오톡 등 주요 서비스가 멈췄다.\n\n카카오는 복구 작업을 진행 중이라고 밝혔다.",
    compound: -0.55,
  },
  {
    id: "doc-w41-c",
    outlet: "한빛일보",
    source: "naver-search",
    at: "2022-10-16T03:00:00Z",
    title: "카카오 먹통 이틀째 이어져",
    body: "카카오 서비스 장애가 이틀째 이어지고 있다.\n\n이용자 불편이 커지고 있다.",
    compound: -0.6,
  },
  // 2022-W42 (10-17 … 10-23 KST)
  {
    id: "doc-w42-a",
    outlet: "한빛일보",
    source: "naver-search",
    at: "2022-10-17T00:30:00Z",
    title: "카카오 주가 급락, 먹통 사태 여파",
    body: "카카오 주가가 먹통 사태 여파로 크게 떨어졌다.\n\n투자자들은 보상 규모를 주시하고 있다.",
    compound: -0.62,
  },
  {
    id: "doc-w42-b",
    outlet: "누리경제",
    source: "google-news",
    at: "2022-10-19T02:00:00Z",
    title: "남궁훈 대표 사퇴, 비상대책위원장 맡아",
    body: "남궁훈 대표가 서비스 장애의 책임을 지고 대표직에서 물러나기로 했다.\n\n그는 비상대책위원회를 이끌며 재발 방지에 힘쓰겠다고 밝혔다.",
    compound: -0.3,
  },
  {
    id: "doc-w42-c",
    outlet: "바른뉴스",
    source: "naver-search",
    at: "2022-10-20T05:00:00Z",
    title: '업계 "IT 업계의 비극이라는 말은 책임 회피"',
    body: "IT 업계의 비극이라는 표현을 두고 업계 관계자는 책임을 떠넘기는 말이라고 지적했다.\n\n다른 관계자도 비극이라는 말이 불편하다고 했다.",
    compound: -0.7,
  },
  {
    id: "doc-w42-c-copy",
    outlet: "바른뉴스 지역판",
    source: "google-news",
    at: "2022-10-20T06:00:00Z",
    title: '업계 "IT 업계의 비극이라는 말은 책임 회피"',
    body: "IT 업계의 비극이라는 표현을 두고 업계 관계자는 책임을 떠넘기는 말이라고 지적했다.",
    compound: -0.7,
    duplicateOf: "doc-w42-c",
  },
  {
    id: "doc-w42-d",
    outlet: "누리경제",
    source: "google-news",
    at: "2022-10-21T01:00:00Z",
    title: "카카오, 피해 보상 기준 마련 착수",
    body: "카카오가 서비스 장애 피해 보상 기준을 마련하기 시작했다.\n\n보상 대상과 규모는 다음 달 발표한다.",
    compound: 0.25,
  },
];

const COMMENTS: CommentSpec[] = [
  {
    id: "naver:1001",
    doc: "doc-w41-b",
    at: "2022-10-15T10:00:00Z",
    text: "화재 대비가 이렇게 허술했다니",
    likes: 40,
    dislikes: 2,
    compound: -0.5,
  },
  {
    id: "naver:1002",
    doc: "doc-w41-c",
    at: "2022-10-16T04:00:00Z",
    text: "주말 내내 먹통이라 답답하다",
    likes: 25,
    dislikes: 1,
    compound: -0.45,
  },
  {
    id: "naver:1003",
    doc: "doc-w41-c",
    at: "2022-10-16T05:00:00Z",
    text: "복구하는 직원들 고생 많네요",
    likes: 12,
    dislikes: 0,
    compound: 0.4,
  },
  {
    id: "naver:2001",
    doc: "doc-w42-a",
    at: "2022-10-17T01:00:00Z",
    text: "먹통 한 번에 주가가 이렇게 빠지나",
    likes: 88,
    dislikes: 3,
    compound: -0.52,
  },
  {
    id: "naver:2002",
    doc: "doc-w42-a",
    at: "2022-10-17T02:00:00Z",
    text: "보상부터 제대로 해라",
    likes: 61,
    dislikes: 4,
    compound: -0.35,
  },
  {
    id: "naver:2003",
    doc: "doc-w42-b",
    at: "2022-10-19T03:00:00Z",
    text: "사퇴는 보여주기식 아니냐 지겹다",
    likes: 140,
    dislikes: 9,
    compound: -0.71,
  },
  {
    id: "naver:2004",
    doc: "doc-w42-b",
    at: "2022-10-19T04:00:00Z",
    text: "그래도 책임지는 모습은 좋다",
    likes: 35,
    dislikes: 20,
    compound: 0.48,
  },
  {
    id: "naver:2005",
    doc: "doc-w42-c",
    at: "2022-10-20T06:30:00Z",
    text: "IT업계의 비극이라니 남탓도 정도껏",
    likes: 210,
    dislikes: 5,
    compound: -0.8,
  },
  {
    id: "naver:2006",
    doc: "doc-w42-c",
    at: "2022-10-20T07:00:00Z",
    text: "업계 비극이라는 말에 동의한다 다들 조심해야",
    likes: 15,
    dislikes: 30,
    compound: 0.3,
  },
  {
    id: "naver:2007",
    doc: "doc-w42-c",
    at: "2022-10-20T08:00:00Z",
    text: "비극은 이용자들이 겪었지 회사가 아니다",
    likes: 97,
    dislikes: 2,
    compound: -0.6,
  },
  {
    id: "naver:2008",
    doc: "doc-w42-d",
    at: "2022-10-21T02:00:00Z",
    text: "보상 기준 빨리 나와서 다행이다",
    likes: 44,
    dislikes: 6,
    compound: 0.55,
  },
  {
    id: "naver:2009",
    doc: "doc-w42-d",
    at: "2022-10-22T03:00:00Z",
    text: "복구 빨랐던 건 인정",
    likes: 18,
    dislikes: 3,
    compound: 0.35,
  },
  {
    id: "naver:2010",
    doc: "doc-w42-d",
    at: "2022-10-22T04:00:00Z",
    text: "삭제된 댓글입니다",
    likes: 0,
    dislikes: 0,
    compound: 0,
  },
];

/** Sentences that react to a statement: [sentence id, doc, text, statement, stance, compound]. */
const SENTENCE_REACTIONS: [string, string, string, string, "against" | "support" | "neutral", number][] = [
  [
    "doc-w42-c#0",
    "doc-w42-c",
    "IT 업계의 비극이라는 표현을 두고 업계 관계자는 책임을 떠넘기는 말이라고 지적했다.",
    "it-industry-tragedy",
    "against",
    -0.6,
  ],
  [
    "doc-w42-c#1",
    "doc-w42-c",
    "다른 관계자도 비극이라는 말이 불편하다고 했다.",
    "it-industry-tragedy",
    "against",
    -0.5,
  ],
  [
    "doc-w42-c-copy#0",
    "doc-w42-c-copy",
    "IT 업계의 비극이라는 표현을 두고 업계 관계자는 책임을 떠넘기는 말이라고 지적했다.",
    "it-industry-tragedy",
    "against",
    -0.6,
  ],
  [
    "doc-w42-b#0",
    "doc-w42-b",
    "남궁훈 대표가 서비스 장애의 책임을 지고 대표직에서 물러나기로 했다.",
    "resignation",
    "neutral",
    -0.1,
  ],
];

/** Comments that react to a statement: [comment id, statement, stance]. */
const COMMENT_REACTIONS: [string, string, "against" | "support" | "neutral"][] = [
  ["naver:2005", "it-industry-tragedy", "against"],
  ["naver:2006", "it-industry-tragedy", "support"],
  ["naver:2007", "it-industry-tragedy", "against"],
  ["naver:2003", "resignation", "against"],
  ["naver:2004", "resignation", "support"],
  ["naver:1002", "resignation", "neutral"],
];

/** Rounded hand-made closes and volumes (KRX trading days; 10-10 was a holiday). */
const PRICES: [string, number, number, number, number][] = [
  // day, kakao close, kakao volume, naver close, naver volume
  ["2022-10-11", 52500, 2_100_000, 170000, 600_000],
  ["2022-10-12", 52000, 1_900_000, 168500, 550_000],
  ["2022-10-13", 51200, 2_300_000, 166000, 700_000],
  ["2022-10-14", 51400, 2_000_000, 167500, 610_000],
  ["2022-10-17", 48350, 7_900_000, 166500, 900_000],
  ["2022-10-18", 48000, 5_100_000, 168000, 800_000],
  ["2022-10-19", 49100, 4_400_000, 167000, 650_000],
  ["2022-10-20", 49500, 3_900_000, 169000, 640_000],
  ["2022-10-21", 49700, 3_200_000, 168000, 620_000],
  ["2022-10-24", 50200, 2_800_000, 170500, 600_000],
  ["2022-10-25", 50000, 2_600_000, 171000, 580_000],
];

export interface FixtureOptions {
  hostile?: boolean;
}

/** Builds the fixture into `dbPath` (":memory:" by default) and returns the open store. */
export async function buildFixtureDb(dbPath = ":memory:", opts: FixtureOptions = {}): Promise<Store> {
  const store = await Store.open(dbPath);
  const fetchedAt = "2022-10-24T00:00:00Z";
  const docs = [...DOCS];
  const comments = [...COMMENTS];
  if (opts.hostile) {
    docs.push({
      id: "doc-w42-hostile",
      outlet: "누리경제",
      source: "naver-search",
      at: "2022-10-22T01:00:00Z",
      title: HOSTILE_TITLE,
      body: "카카오 먹통 보상안에 대한 기사다.",
      compound: -0.2,
      url: "javascript:alert(5)",
    });
    comments.push({
      id: "naver:6666",
      doc: "doc-w42-hostile",
      at: "2022-10-22T02:00:00Z",
      text: HOSTILE_COMMENT,
      likes: 999,
      dislikes: 1,
      compound: -0.9,
    });
  }
  await store.upsert(
    "documents",
    ["doc_id"],
    docs.map((d) => ({
      doc_id: d.id,
      url: d.url ?? `https://news.example.kr/${d.id}`,
      canonical_url: d.url ?? `https://news.example.kr/${d.id}`,
      source_id: d.source,
      outlet: d.outlet,
      title: d.title,
      body: d.body,
      n_paragraphs: d.body.split("\n\n").length,
      published_at: d.at,
      fetched_at: fetchedAt,
      method: "paragraphs",
      duplicate_of: d.duplicateOf ?? null,
      duplicate_reason: d.duplicateOf ? "simhash" : null,
    })),
  );
  await store.upsert(
    "comments",
    ["comment_id"],
    comments.map((c) => ({
      comment_id: c.id,
      doc_id: c.doc,
      source: "naver",
      contents: c.text,
      user_name: "user****",
      written_at: c.at,
      sympathy: c.likes,
      antipathy: c.dislikes,
      is_deleted: c.id === "naver:2010",
      fetched_at: fetchedAt,
    })),
  );
  const scoreRow = (id: string, kind: string, compound: number) => ({
    item_id: id,
    item_kind: kind,
    analyzer_version: FIXTURE_ANALYZER,
    compound,
    label: label(compound),
    pos: Math.max(0, compound),
    neu: 1 - Math.abs(compound),
    neg: Math.max(0, -compound),
    scored_at: fetchedAt,
  });
  await store.upsert(
    "scores",
    ["item_id", "analyzer_version"],
    [
      ...docs.map((d) => scoreRow(d.id, "document", d.compound)),
      ...comments.map((c) => scoreRow(c.id, "comment", c.compound)),
      ...SENTENCE_REACTIONS.map(([id, , , , , compound]) => scoreRow(id, "sentence", compound)),
    ],
  );
  await store.upsert(
    "sentences",
    ["sentence_id"],
    SENTENCE_REACTIONS.map(([id, doc, text]) => ({
      sentence_id: id,
      item_id: doc,
      item_kind: "document",
      idx: Number(id.split("#")[1]),
      text,
    })),
  );
  await store.upsert(
    "statements",
    ["statement_id"],
    [
      {
        statement_id: "it-industry-tragedy",
        speaker: "남궁훈",
        said_on: "2022-10-19",
        text: "IT 업계의 비극",
        description: "장애를 업계 전체의 비극이라 부른 발언",
      },
      {
        statement_id: "resignation",
        speaker: "남궁훈",
        said_on: "2022-10-19",
        text: "대표이사직에서 물러난다",
        description: "대표 사퇴, 비대위장은 유지",
      },
      {
        statement_id: "infra-investment",
        speaker: "카카오",
        said_on: "2022-10-19",
        text: "인프라에 투자해 재발을 막겠다",
        description: "아직 반응이 없는 발언",
      },
    ],
  );
  const docOf = new Map(comments.map((c) => [c.id, c]));
  const docAt = new Map(docs.map((d) => [d.id, d.at]));
  await store.upsert(
    "statement_mentions",
    ["item_id", "statement_id", "analyzer_version"],
    [
      ...SENTENCE_REACTIONS.map(([id, doc, , statement, stance, compound]) => ({
        item_id: id,
        statement_id: statement,
        analyzer_version: FIXTURE_ANALYZER,
        item_kind: "sentence",
        doc_id: doc,
        role: "reaction",
        stance,
        compound,
        published_at: docAt.get(doc)!,
      })),
      ...COMMENT_REACTIONS.map(([id, statement, stance]) => {
        const c = docOf.get(id)!;
        return {
          item_id: id,
          statement_id: statement,
          analyzer_version: FIXTURE_ANALYZER,
          item_kind: "comment",
          doc_id: c.doc,
          role: "reaction",
          stance,
          compound: c.compound,
          published_at: c.at,
        };
      }),
      {
        // The speaker's own words: a statement, never counted as a reaction.
        item_id: "doc-w42-b#1",
        statement_id: "resignation",
        analyzer_version: FIXTURE_ANALYZER,
        item_kind: "sentence",
        doc_id: "doc-w42-b",
        role: "statement",
        stance: "neutral",
        compound: 0,
        published_at: "2022-10-19T02:00:00Z",
      },
    ],
  );
  await store.upsert(
    "tickers",
    ["ticker"],
    [
      { ticker: "035720", name: "카카오", role: "subject" },
      { ticker: "035420", name: "NAVER", role: "control" },
    ],
  );
  await store.upsert(
    "prices",
    ["ticker", "day"],
    PRICES.flatMap(([day, kc, kv, nc, nv]) => [
      { ticker: "035720", day, open: kc, high: kc, low: kc, close: kc, volume: kv, source: "fixture" },
      { ticker: "035420", day, open: nc, high: nc, low: nc, close: nc, volume: nv, source: "fixture" },
    ]),
  );
  await store.upsert(
    "outcomes",
    ["run_id", "stage", "item_key"],
    [
      {
        run_id: "run-1",
        stage: "crawl",
        item_key: "https://openapi.example/search?p=1",
        source_id: "naver-search",
        outcome: "ok",
        detail: null,
        recorded_at: "2022-10-24T00:00:00Z",
      },
      {
        run_id: "run-1",
        stage: "crawl",
        item_key: "https://openapi.example/search?p=2",
        source_id: "naver-search",
        outcome: "http-429",
        detail: "rate limited",
        recorded_at: "2022-10-24T00:01:00Z",
      },
      {
        run_id: "run-1",
        stage: "crawl",
        item_key: "https://openapi.example/search?p=3",
        source_id: "naver-search",
        outcome: "http-429",
        detail: "rate limited again",
        recorded_at: "2022-10-24T00:02:00Z",
      },
      {
        run_id: "run-1",
        stage: "crawl",
        item_key: "https://feeds.example/rss",
        source_id: "hanbit-rss",
        outcome: "timeout",
        detail: "no answer in 20 s",
        recorded_at: "2022-10-24T00:03:00Z",
      },
    ],
  );
  await store.setMeta("analyzer_version", FIXTURE_ANALYZER);
  // As `yeoron analyze` does at its end: the stored daily aggregate the analyst views read.
  await refreshSentimentDaily(store);
  return store;
}
