import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Store } from "../../src/store/db.js";

const T0 = new Date("2022-10-15T08:19:00.123Z");

function comment(i: number, over: Record<string, unknown> = {}) {
  return {
    comment_id: `naver:${i}`,
    doc_id: "d1",
    source: "naver",
    parent_id: null,
    reply_level: 1,
    contents: `댓글 ${i} '); DROP TABLE comments; --`,
    user_name: "kaka****",
    user_hash: "ab".repeat(32),
    written_at: new Date(T0.getTime() + i * 1000),
    modified_at: null,
    sympathy: i,
    antipathy: 0,
    reply_count: 0,
    is_best: i % 2 === 0,
    is_deleted: false,
    is_hidden: false,
    fetched_at: T0,
    ...over,
  };
}

describe("Store.upsert", () => {
  let store: Store;
  beforeEach(async () => {
    store = await Store.open(":memory:");
  });
  afterEach(() => store.close());

  const count = async () => Number((await store.one<{ n: bigint }>("SELECT count(*) AS n FROM comments"))!.n);

  for (const n of [5, 500]) {
    // 5 rows take the VALUES path, 500 the Appender + staging path: both must behave alike.
    it(`writes ${n} rows idempotently and keeps values exact`, async () => {
      const rows = Array.from({ length: n }, (_, i) => comment(i));
      await store.upsert("comments", ["comment_id"], rows);
      await store.upsert("comments", ["comment_id"], rows);
      expect(await count()).toBe(n);
      const r = await store.one<{ contents: string; written_at: Date; is_best: boolean; sympathy: number }>(
        "SELECT contents, written_at, is_best, sympathy FROM comments WHERE comment_id = 'naver:2'",
      );
      expect(r!.contents).toBe("댓글 2 '); DROP TABLE comments; --");
      expect(new Date(r!.written_at as unknown as string).toISOString()).toBe(
        new Date(T0.getTime() + 2000).toISOString(),
      );
      expect(r!.is_best).toBe(true);
      expect(r!.sympathy).toBe(2);
    });

    it(`"ignore" keeps the first write, "update" the latest (${n} rows)`, async () => {
      const rows = Array.from({ length: n }, (_, i) => comment(i));
      await store.upsert("comments", ["comment_id"], rows);
      await store.upsert(
        "comments",
        ["comment_id"],
        rows.map((r) => ({ ...r, sympathy: 999 })),
        "ignore",
      );
      expect((await store.one<{ s: bigint }>("SELECT max(sympathy) AS s FROM comments"))!.s).toBe(n - 1);
      await store.upsert(
        "comments",
        ["comment_id"],
        rows.map((r) => ({ ...r, sympathy: 999 })),
        "update",
      );
      expect((await store.one<{ s: number }>("SELECT min(sympathy) AS s FROM comments"))!.s).toBe(999);
    });
  }

  it("a large upsert (a quarter million rows in one call) is complete and idempotent", async () => {
    const rows = Array.from({ length: 250_001 }, (_, i) => comment(i));
    await store.upsert("comments", ["comment_id"], rows);
    expect(await count()).toBe(250_001);
    await store.upsert(
      "comments",
      ["comment_id"],
      rows.map((r) => ({ ...r, sympathy: -1 })),
      "ignore",
    );
    expect(
      (await store.one<{ n: bigint }>("SELECT count(*) AS n FROM comments WHERE sympathy = -1"))!.n,
    ).toBe(0n);
    await store.upsert(
      "comments",
      ["comment_id"],
      rows.map((r) => ({ ...r, sympathy: -1 })),
      "update",
    );
    expect(
      (await store.one<{ n: bigint }>("SELECT count(*) AS n FROM comments WHERE sympathy = -1"))!.n,
    ).toBe(250_001n);
  });

  it("a key repeated inside one batch keeps the last copy", async () => {
    const rows = [...Array.from({ length: 100 }, (_, i) => comment(i)), comment(7, { sympathy: 12345 })];
    await store.upsert("comments", ["comment_id"], rows, "update");
    expect(await count()).toBe(100);
    expect(
      (await store.one<{ s: number }>("SELECT sympathy AS s FROM comments WHERE comment_id = 'naver:7'"))!.s,
    ).toBe(12345);
  });

  it("lists, blobs, unsigned 64-bit and empty lists round-trip", async () => {
    const doc = {
      doc_id: "d",
      url: "https://n.news.naver.com/article/001/0000000001",
      canonical_url: "https://n.news.naver.com/article/001/0000000001",
      source_id: "s",
      outlet: "연합뉴스",
      title: "제목",
      subtitle: null,
      body: "본문",
      n_paragraphs: 1,
      published_at: T0,
      modified_at: null,
      fetched_at: T0,
      reporters: [] as string[],
      emails: ["a@b.kr"],
      section: null,
      method: "naver",
      simhash: 18446744073709551615n,
      duplicate_of: null,
      duplicate_reason: null,
      raw_fetch_id: null,
    };
    await store.upsert("documents", ["doc_id"], [doc]);
    const r = await store.one<{ reporters: string[]; emails: string[]; simhash: bigint }>(
      "SELECT reporters, emails, simhash FROM documents",
    );
    expect(r!.reporters).toEqual([]);
    expect(r!.emails).toEqual(["a@b.kr"]);
    expect(BigInt(r!.simhash)).toBe(18446744073709551615n);
  });

  /** Strings that test the staged writer's UTF-8 encoding and its 12-byte inline boundary. */
  const TRICKY = [
    "",
    "x",
    "twelve chars",
    "thirteen char",
    "가나다라",
    "가나다라a",
    "줄바꿈\n두 번째 줄\r\n세 번째",
    "quote \" and 'single' and , comma",
    "이모지 😀👍🏽 끝",
    "nul \u0000 inside",
    "탭\t그리고 백슬래시 \\",
    "IT 업계의 비극이라니, 정말 말이 되나요? ".repeat(40),
  ];

  it("staged strings equal what the VALUES path stores, NULL and empty string kept apart", async () => {
    // Each string once through VALUES (≤ 32 rows) and once through staging (≥ 33 rows, over a chunk border).
    const small = TRICKY.map((t, i) => comment(i, { comment_id: `small:${i}`, contents: t, parent_id: t }));
    const staged = Array.from({ length: 2048 + TRICKY.length + 5 }, (_, i) =>
      comment(i, { comment_id: `staged:filler${i}`, contents: `filler ${i}`, parent_id: null }),
    );
    // Row 0 of a chunk holds the long strings while they are copied in; NULL there too must stay NULL.
    staged[0] = comment(0, { comment_id: "staged:null0", contents: "", parent_id: null });
    TRICKY.forEach((t, i) => {
      staged[2040 + i] = comment(i, { comment_id: `staged:${i}`, contents: t, parent_id: t });
    });
    await store.upsert("comments", ["comment_id"], small);
    await store.upsert("comments", ["comment_id"], staged);
    const pairs = await store.all<{ a: string; b: string; pa: string; pb: string }>(
      `SELECT s.contents AS a, t.contents AS b, s.parent_id AS pa, t.parent_id AS pb
         FROM comments s JOIN comments t ON t.comment_id = replace(s.comment_id, 'small:', 'staged:')
        WHERE s.comment_id LIKE 'small:%' ORDER BY s.comment_id`,
    );
    expect(pairs).toHaveLength(TRICKY.length);
    for (const p of pairs) {
      expect(p.b).toBe(p.a);
      expect(p.pb).toBe(p.pa);
    }
    expect(pairs.map((p) => p.b).sort()).toEqual([...TRICKY].sort());
    const nulls = await store.one<{ empty: string | null; parent: string | null; n: bigint }>(
      `SELECT (SELECT contents FROM comments WHERE comment_id = 'staged:null0') AS empty,
              (SELECT parent_id FROM comments WHERE comment_id = 'staged:null0') AS parent,
              (SELECT count(*) FROM comments WHERE comment_id LIKE 'staged:%' AND parent_id IS NULL) AS n`,
    );
    expect(nulls!.empty).toBe("");
    expect(nulls!.parent).toBeNull();
    expect(Number(nulls!.n)).toBe(staged.length - TRICKY.length);
  });

  it("a lone surrogate is stored as U+FFFD on both paths", async () => {
    const broken = "앞\ud800뒤";
    await store.upsert("comments", ["comment_id"], [comment(1, { contents: broken })]);
    const staged = Array.from({ length: 40 }, (_, i) => comment(100 + i, { contents: broken }));
    await store.upsert("comments", ["comment_id"], staged);
    const rows = await store.all<{ contents: string }>("SELECT DISTINCT contents FROM comments");
    expect(rows).toEqual([{ contents: "앞\ufffd뒤" }]);
  });

  it("long texts spanning several copy segments in one chunk come back whole", async () => {
    // 12 texts of ~1.5 MB in UTF-8: more than one 8 MiB segment within a single chunk.
    const texts = Array.from({ length: 12 }, (_, i) => `${i}번 글 `.repeat(100_000 + i));
    const rows = Array.from({ length: 40 }, (_, i) =>
      comment(i, { contents: i < texts.length ? texts[i] : `short ${i}` }),
    );
    await store.upsert("comments", ["comment_id"], rows);
    const back = await store.all<{ comment_id: string; contents: string }>(
      "SELECT comment_id, contents FROM comments ORDER BY sympathy",
    );
    expect(back.map((r) => r.contents)).toEqual(rows.map((r) => r.contents));
  });

  it("staged NULLs, booleans and instants to the millisecond survive across chunks", async () => {
    const rows = Array.from({ length: 5000 }, (_, i) =>
      comment(i, {
        modified_at: i % 3 === 0 ? null : new Date(T0.getTime() + i * 7 + 1),
        parent_id: i % 5 === 0 ? `naver:${i - 1}` : null,
        is_hidden: i % 7 === 0,
      }),
    );
    await store.upsert("comments", ["comment_id"], rows);
    const back = await store.all<{ modified_at: unknown; parent_id: string | null; is_hidden: boolean }>(
      "SELECT modified_at, parent_id, is_hidden FROM comments ORDER BY sympathy",
    );
    expect(back).toHaveLength(rows.length);
    back.forEach((b, i) => {
      const want = rows[i]!;
      const got = b.modified_at === null ? null : new Date(b.modified_at as string).getTime();
      expect(got).toBe(want.modified_at === null ? null : (want.modified_at as Date).getTime());
      expect(b.parent_id).toBe(want.parent_id);
      expect(b.is_hidden).toBe(want.is_hidden);
    });
  });

  it("staged DATE, DOUBLE, BIGINT and nullable DOUBLE columns round-trip", async () => {
    const prices = Array.from({ length: 60 }, (_, i) => ({
      ticker: "035720",
      day: new Date(Date.UTC(2022, 9, 1 + i)).toISOString().slice(0, 10),
      open: 50_000 + i + 0.25,
      high: 51_000 + i,
      low: 49_000 - i,
      close: 50_500.5,
      volume: 9_007_199_254_740_993n + BigInt(i),
      source: "krx",
    }));
    await store.upsert("prices", ["ticker", "day"], prices);
    const back = await store.all<{ day: unknown; open: number; volume: bigint }>(
      "SELECT strftime(day, '%Y-%m-%d') AS day, open, volume FROM prices ORDER BY day",
    );
    expect(back.map((b) => b.day)).toEqual(prices.map((p) => p.day));
    expect(back.map((b) => b.open)).toEqual(prices.map((p) => p.open));
    expect(back.map((b) => BigInt(b.volume))).toEqual(prices.map((p) => p.volume));
    const scores = Array.from({ length: 50 }, (_, i) => ({
      item_id: `c${i}`,
      item_kind: "comment",
      analyzer_version: "v1",
      compound: i / 100,
      label: "neu",
      pos: 0,
      neu: 1,
      neg: 0,
      lexicon_compound: i % 2 === 0 ? null : -i / 10,
      model_prob: null,
      terms: i % 4 === 0 ? null : { terms: ["먹통", i] },
      scored_at: T0,
    }));
    await store.upsert("scores", ["item_id", "analyzer_version"], scores);
    const s = await store.all<{ lexicon_compound: number | null; model_prob: null; terms: unknown }>(
      "SELECT lexicon_compound, model_prob, terms FROM scores ORDER BY compound",
    );
    expect(s.map((r) => r.lexicon_compound)).toEqual(scores.map((r) => r.lexicon_compound));
    expect(s.every((r) => r.model_prob === null)).toBe(true);
    expect(s.map((r) => (r.terms === null ? null : JSON.parse(String(r.terms))))).toEqual(
      scores.map((r) => r.terms),
    );
  });

  for (const policy of ["ignore", "update"] as const) {
    it(`into an empty table, a batch repeating keys keeps each key's last copy ("${policy}")`, async () => {
      const rows = Array.from({ length: 3000 }, (_, i) => comment(i));
      // Three copies of one key, the last not at the end; a second key repeated across a chunk border.
      rows.splice(10, 0, comment(5, { sympathy: 111 }));
      rows.splice(2500, 0, comment(5, { sympathy: 222 }));
      rows.push(comment(2047, { sympathy: 333 }), comment(9999, { sympathy: 1 }));
      await store.upsert("comments", ["comment_id"], rows, policy);
      expect(await count()).toBe(3001);
      const s = await store.all<{ comment_id: string; sympathy: number }>(
        "SELECT comment_id, sympathy FROM comments WHERE comment_id IN ('naver:5', 'naver:2047') ORDER BY 1",
      );
      expect(s).toEqual([
        { comment_id: "naver:2047", sympathy: 333 },
        { comment_id: "naver:5", sympathy: 222 },
      ]);
    });

    it(`into a non-empty table, repeated keys meet existing rows by the policy ("${policy}")`, async () => {
      await store.upsert("comments", ["comment_id"], [comment(5, { sympathy: 7 })]);
      const rows = [...Array.from({ length: 100 }, (_, i) => comment(i)), comment(5, { sympathy: 555 })];
      await store.upsert("comments", ["comment_id"], rows, policy);
      expect(await count()).toBe(100);
      const s = await store.one<{ s: number }>(
        "SELECT sympathy AS s FROM comments WHERE comment_id = 'naver:5'",
      );
      expect(s!.s).toBe(policy === "ignore" ? 7 : 555);
    });
  }

  it("a composite key counts as repeated only when every key column matches", async () => {
    const outcome = (item: string, stage: string, detail: string) => ({
      run_id: "r1",
      stage,
      item_key: item,
      source_id: "naver",
      outcome: "ok",
      detail,
      recorded_at: T0,
    });
    const rows = Array.from({ length: 40 }, (_, i) => outcome(`k${i}`, "fetch", "first"));
    rows.push(outcome("k3", "extract", "other stage"), outcome("k3", "fetch", "last"));
    await store.upsert("outcomes", ["run_id", "stage", "item_key"], rows);
    expect(Number((await store.one<{ n: bigint }>("SELECT count(*) AS n FROM outcomes"))!.n)).toBe(41);
    const k3 = await store.all<{ stage: string; detail: string }>(
      "SELECT stage, detail FROM outcomes WHERE item_key = 'k3' ORDER BY stage",
    );
    expect(k3).toEqual([
      { stage: "extract", detail: "other stage" },
      { stage: "fetch", detail: "last" },
    ]);
  });

  it("inside one group commit, a staged batch sees the group's earlier rows (the table is no longer empty)", async () => {
    const first = Array.from({ length: 50 }, (_, i) => comment(i, { sympathy: 1 }));
    const second = Array.from({ length: 80 }, (_, i) => comment(i + 30, { sympathy: 2 }));
    await store.withGroupCommit(60_000, async () => {
      await store.upsert("comments", ["comment_id"], first);
      await store.upsert("comments", ["comment_id"], second, "ignore");
    });
    expect(await count()).toBe(110);
    const ones = await store.one<{ n: bigint }>("SELECT count(*) AS n FROM comments WHERE sympathy = 1");
    expect(Number(ones!.n)).toBe(50);
  });

  it("a staged upsert inside transaction() commits with it or rolls back with it", async () => {
    const rows = Array.from({ length: 100 }, (_, i) => comment(i));
    await expect(
      store.transaction(async () => {
        await store.upsert("comments", ["comment_id"], rows);
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    expect(await count()).toBe(0);
    await store.transaction(async () => {
      await store.upsert("comments", ["comment_id"], rows);
      await store.upsert("comments", ["comment_id"], rows, "update");
    });
    expect(await count()).toBe(100);
  });

  it("group commit buffers deferred rows and commits them together", async () => {
    await store.withGroupCommit(60_000, async () => {
      await store.upsertDeferred("comments", ["comment_id"], [comment(1)]);
      await store.upsertDeferred("comments", ["comment_id"], [comment(2)]);
      // not written yet: deferred rows wait for the group's commit
      expect(await count()).toBe(0);
    });
    expect(await count()).toBe(2);
  });

  it("a failing transaction leaves nothing behind", async () => {
    await expect(
      store.transaction(async () => {
        await store.upsert("comments", ["comment_id"], [comment(1)]);
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    expect(await count()).toBe(0);
  });
});
