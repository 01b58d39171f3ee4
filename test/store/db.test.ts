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
