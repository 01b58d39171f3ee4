import { describe, expect, it } from "vitest";
import {
  bodySimhash,
  DedupeIndex,
  type DedupeKey,
  findDuplicate,
  hamming,
  normalizeTitle,
  SIMHASH_MAX_DISTANCE,
  SIMHASH_SAME_TITLE_MAX_DISTANCE,
  simhash64,
} from "../../src/extract/dedupe.js";
import { docIdFor } from "../../src/extract/url.js";

// A wire story as the agency sent it, and the same story as another outlet republished it: the dateline and
// byline differ (cleaning removes both) and the lede was touched up in two places.
const WIRE = [
  "카카오 서비스 장애 사태로 피해를 본 소상공인들이 집단 대응에 나섰다.",
  "소상공인연합회는 21일 서울 영등포구 사무실에서 기자회견을 열고 카카오에 실질적인 피해 보상을 요구했다. 연합회는 지난 15일부터 사흘 동안 카카오톡 채널과 카카오T, 카카오페이 장애로 주문과 결제가 끊긴 사례가 회원사에서만 수천 건 접수됐다고 밝혔다.",
  '연합회 관계자는 "주말 장사를 통째로 날린 가게가 적지 않다"며 "쿠폰이나 이용권 연장만으로는 손실을 메울 수 없다"고 강조했다. 이들은 매출 감소분을 기준으로 한 보상 기준을 마련하라고 촉구했다.',
  '카카오는 피해 접수 창구를 통해 사례를 모으고 있으며 다음 달 중 보상 방안을 발표할 계획이다. 회사 측은 "유료 서비스뿐 아니라 무료 서비스 이용자에 대해서도 보상을 검토하고 있다"고 설명했다.',
  "정부도 플랫폼 장애로 인한 소상공인 피해를 줄이기 위한 제도 개선을 검토하고 있다. 과학기술정보통신부와 중소벤처기업부는 피해 실태를 조사한 뒤 분쟁 조정 절차를 마련할 방침이다.",
];
const COPY = [
  "카카오 서비스 장애 사태로 피해를 입은 소상공인들이 집단 대응에 나섰다.",
  (WIRE[1] as string).replace("수천 건", "3천여 건"),
  ...WIRE.slice(2),
];
// The agency's longer follow-up: the last paragraph cut and a new one written. Beyond "lightly edited".
const REWRITE = [
  ...WIRE.slice(0, 3),
  "연합회는 다음 주 회원사 피해 사례를 모아 공정거래위원회에 신고할 계획이다.",
];
// Another article on the same outage, in the same words' neighbourhood but not a copy.
const OTHER = [
  "카카오 먹통 사태 이후 데이터센터 이중화에 대한 관심이 커지고 있다.",
  "업계에 따르면 주요 플랫폼 기업들은 최근 재해복구 체계를 잇따라 점검하고 있다. 네이버는 자체 데이터센터와 외부 센터에 서비스를 나눠 두고 정기적으로 전환 훈련을 해 왔다고 밝혔다.",
  '전문가들은 서버를 여러 곳에 두는 것만으로는 충분하지 않다고 지적한다. 한 대학 교수는 "한쪽 센터가 멈췄을 때 다른 센터가 곧바로 서비스를 넘겨받는 훈련을 해 봐야 실제 상황에서 작동한다"고 말했다.',
  "정부는 일정 규모 이상의 데이터센터와 부가통신사업자를 재난관리 대상에 포함하는 법 개정을 추진하고 있다. 업계는 중복 투자 부담을 우려하면서도 최소한의 기준은 필요하다는 데 공감하는 분위기다.",
];

function key(over: Partial<DedupeKey> & { url: string }): DedupeKey {
  return {
    docId: docIdFor(over.url),
    outlet: "연합뉴스",
    title: '소상공인들 "카카오 먹통 피해 실질 보상하라"',
    publishedAt: new Date("2022-10-21T02:00:00Z"),
    simhash: null,
    ...over,
  };
}

describe("normalizeTitle", () => {
  it("strips tags, punctuation and spaces", () => {
    expect(normalizeTitle('[속보] 카카오 "먹통" 사과… 남궁훈 대표 사퇴(종합)')).toBe(
      normalizeTitle("카카오 먹통 사과 남궁훈 대표 사퇴"),
    );
    expect(normalizeTitle("[단독]카카오, 보상안 확정")).toBe("카카오보상안확정");
    expect(normalizeTitle("카카오, 보상안 확정".normalize("NFD"))).toBe("카카오보상안확정");
  });

  it("keeps different headlines different", () => {
    expect(normalizeTitle("카카오 보상안 확정")).not.toBe(normalizeTitle("카카오 보상안 연기"));
  });
});

describe("simhash64 and hamming", () => {
  it("gives equal texts equal hashes and counts differing bits", () => {
    expect(simhash64(WIRE.join("\n"))).toBe(simhash64(WIRE.join(" ")));
    expect(hamming(0n, 0n)).toBe(0);
    expect(hamming(0b1011n, 0b0001n)).toBe(2);
    expect(hamming(0xffffffffffffffffn, 0n)).toBe(64);
  });

  it("puts a lightly edited wire copy within the threshold and another article far outside it", () => {
    const wire = simhash64(WIRE.join("\n"));
    const copy = simhash64(COPY.join("\n"));
    const other = simhash64(OTHER.join("\n"));
    expect(hamming(wire, copy)).toBeLessThanOrEqual(SIMHASH_MAX_DISTANCE);
    expect(hamming(wire, other)).toBeGreaterThan(SIMHASH_MAX_DISTANCE * 3);
  });

  it("does not call a rewrite with a new closing paragraph a copy", () => {
    expect(hamming(simhash64(WIRE.join("\n")), simhash64(REWRITE.join("\n")))).toBeGreaterThan(
      SIMHASH_MAX_DISTANCE,
    );
  });

  it("declines to hash a body too short to compare", () => {
    expect(bodySimhash(["짧은 단신입니다."])).toBeNull();
    expect(bodySimhash(WIRE)).not.toBeNull();
  });
});

describe("findDuplicate", () => {
  const original = key({
    url: "https://www.yna.co.kr/view/AKR20221021050100017",
    simhash: bodySimhash(WIRE),
  });

  it("matches the same article under another URL form", () => {
    const again = key({ url: "https://m.yna.co.kr/view/AKR20221021050100017?input=1195m" });
    expect(findDuplicate(again, [original])).toEqual({ of: original.docId, reason: "url" });
  });

  it("matches a canonical URL pointing at an earlier document", () => {
    const mirror = key({
      url: "https://n.news.naver.com/article/001/0013520000",
      canonicalUrl: "https://www.yna.co.kr/view/AKR20221021050100017",
      title: "다른 제목",
    });
    expect(findDuplicate(mirror, [original])).toEqual({ of: original.docId, reason: "url" });
  });

  it("matches the same title from the same outlet within three days", () => {
    const update = key({
      url: "https://www.yna.co.kr/view/AKR20221021050151017",
      title: '[종합] 소상공인들 "카카오 먹통 피해, 실질 보상하라"',
      publishedAt: new Date("2022-10-22T09:00:00Z"),
    });
    expect(findDuplicate(update, [original])).toEqual({ of: original.docId, reason: "title" });
  });

  it("does not match the same title from another outlet or after the window", () => {
    const otherOutlet = key({ url: "https://www.hankyung.com/article/2022102112345", outlet: "한국경제" });
    expect(findDuplicate(otherOutlet, [original])).toBeNull();
    const late = key({
      url: "https://www.yna.co.kr/view/AKR20221025000000017",
      publishedAt: new Date("2022-10-24T03:00:00Z"),
    });
    expect(findDuplicate(late, [original])).toBeNull();
  });

  it("matches a wire copy across outlets by SimHash, and not a different article", () => {
    const copy = key({
      url: "https://www.hankyung.com/article/2022102199999",
      outlet: "한국경제",
      title: '"주말 장사 날렸다" 소상공인들, 카카오에 보상 요구',
      simhash: bodySimhash(COPY),
    });
    expect(findDuplicate(copy, [original])).toEqual({ of: original.docId, reason: "simhash" });
    const other = key({
      url: "https://www.hankyung.com/article/2022102188888",
      outlet: "한국경제",
      title: "먹통 이후 이중화 점검 나선 플랫폼들",
      simhash: bodySimhash(OTHER),
    });
    expect(findDuplicate(other, [original])).toBeNull();
  });

  it("points every copy at the first matching earlier document", () => {
    const second = key({
      url: "https://www.hankyung.com/article/2022102177777",
      outlet: "한국경제",
      title: "보도 2",
      simhash: bodySimhash(WIRE),
    });
    const third = key({
      url: "https://www.mk.co.kr/news/it/10500000",
      outlet: "매일경제",
      title: "보도 3",
      simhash: bodySimhash(COPY),
    });
    expect(findDuplicate(third, [original, second])).toEqual({ of: original.docId, reason: "simhash" });
  });
});

// The wire story republished under the agency's headline with a closing line of the outlet's own.
const WITH_ADDED_LINE = [
  ...WIRE,
  "이날 회견에는 꽃집과 음식점, 미용실 등을 운영하는 회원 20여 명이 참석해 피해 사례를 직접 소개했다.",
];

describe("findDuplicate with a shared headline", () => {
  const original = key({
    url: "https://www.yna.co.kr/view/AKR20221021050100017",
    simhash: bodySimhash(WIRE),
  });
  const distance = hamming(bodySimhash(WIRE) ?? 0n, bodySimhash(WITH_ADDED_LINE) ?? 0n);

  it("is a case the plain SimHash rule misses", () => {
    expect(distance).toBeGreaterThan(SIMHASH_MAX_DISTANCE);
    expect(distance).toBeLessThanOrEqual(SIMHASH_SAME_TITLE_MAX_DISTANCE);
  });

  it("calls a republished copy with an added line a duplicate when the headline matches", () => {
    const copy = key({
      url: "https://www.hankyung.com/article/2022102155555",
      outlet: "한국경제",
      title: '소상공인들 "카카오 먹통 피해, 실질 보상하라"',
      simhash: bodySimhash(WITH_ADDED_LINE),
    });
    expect(findDuplicate(copy, [original])).toEqual({ of: original.docId, reason: "simhash" });
  });

  it("needs the headline for the looser distance", () => {
    const retitled = key({
      url: "https://www.hankyung.com/article/2022102155556",
      outlet: "한국경제",
      title: "먹통 피해 소상공인들 집단 대응",
      simhash: bodySimhash(WITH_ADDED_LINE),
    });
    expect(findDuplicate(retitled, [original])).toBeNull();
  });
});

describe("DedupeIndex", () => {
  const first = key({
    url: "https://www.hankyung.com/article/2022102177777",
    outlet: "한국경제",
    title: "보도 1",
    simhash: bodySimhash(WIRE),
  });
  const second = key({
    url: "https://www.yna.co.kr/view/AKR20221021050100017",
    simhash: bodySimhash(COPY),
  });
  const third = key({
    url: "https://n.news.naver.com/article/001/0013520000",
    simhash: bodySimhash(WIRE),
  });

  it("keeps a document's verdict when the same page is fetched again, so no two documents copy each other", () => {
    const index = new DedupeIndex();
    expect(index.find(first)).toBeNull();
    index.add(first);
    expect(index.find(second)).toEqual({ of: first.docId, reason: "simhash" });
    index.add(second);
    // The first page again (listed by another source): still the original, not a copy of its copy.
    expect(index.find(first)).toBeNull();
    expect(index.find(second)).toEqual({ of: first.docId, reason: "simhash" });
  });

  it("points a copy of a copy at the original", () => {
    const index = new DedupeIndex();
    index.find(first);
    index.add(first);
    index.find(second);
    index.add(second);
    // `third` matches `second` first by title (same outlet), and `second` is a copy of `first`.
    expect(index.find(third)).toEqual({ of: first.docId, reason: "title" });
  });

  it("skips an earlier document recorded as a copy of the candidate", () => {
    const copyOfFirst = { ...second, duplicateOf: first.docId };
    expect(findDuplicate(first, [copyOfFirst])).toBeNull();
  });
});
