import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Store } from "../../src/store/db.js";
import { refreshSentimentDaily } from "../../src/store/prices.js";
import { seedHandmade } from "../fixtures/prices/handmade-db.js";

let store: Store;
const day = (d: unknown) => (d as Date).toISOString().slice(0, 10);
const num = (v: unknown) => (v === null ? null : Number(v));

beforeAll(async () => {
  store = await Store.open(":memory:");
  await seedHandmade(store);
  await refreshSentimentDaily(store);
});
afterAll(() => store.close());

describe("trading_calendar", () => {
  it("skips weekends and stored holidays when choosing the trading day", async () => {
    const rows = await store.all<{ day: Date; is_trading: boolean; trading_day: Date }>(
      "SELECT * FROM trading_calendar WHERE day BETWEEN '2022-10-07' AND '2022-10-17' ORDER BY day",
    );
    const map = Object.fromEntries(rows.map((r) => [day(r.day), [r.is_trading, day(r.trading_day)]]));
    expect(map["2022-10-07"]).toEqual([true, "2022-10-07"]);
    expect(map["2022-10-08"]).toEqual([false, "2022-10-11"]);
    expect(map["2022-10-09"]).toEqual([false, "2022-10-11"]);
    expect(map["2022-10-10"]).toEqual([false, "2022-10-11"]); // the holiday
    expect(map["2022-10-15"]).toEqual([false, "2022-10-17"]);
    expect(map["2022-10-16"]).toEqual([false, "2022-10-17"]);
  });
});

describe("daily_sentiment", () => {
  it("counts by KST day, drops duplicates, deleted comments, old analyzers; falls back to sentence means", async () => {
    const rows = await store.all<Record<string, unknown>>(
      "SELECT * FROM daily_sentiment ORDER BY audience, day",
    );
    const get = (aud: string, d: string) => rows.find((r) => r.audience === aud && day(r.day) === d);
    expect(num(get("press", "2022-10-07")?.n)).toBe(1); // A5 at 23:59 KST Friday
    expect(get("press", "2022-10-07")?.mean_compound).toBeCloseTo(0.2, 12);
    // A6 (01:00 KST Tuesday) has sentence scores −0.2 and −0.4 → −0.3, labelled neg; A4 (duplicate) is gone
    const tue = get("press", "2022-10-11")!;
    expect(num(tue.n)).toBe(1);
    expect(tue.mean_compound).toBeCloseTo(-0.3, 12);
    expect(tue.neg_share).toBe(1);
    // A7 on Sunday scored −0.6 by the current analyzer (its 0.9 from test-0 is ignored)
    expect(get("press", "2022-10-16")?.mean_compound).toBeCloseTo(-0.6, 12);
    // public on Tuesday: naver:2 (0.4) only; naver:3 is deleted
    const pubTue = get("public", "2022-10-11")!;
    expect(num(pubTue.n)).toBe(1);
    expect(pubTue.mean_compound).toBeCloseTo(0.4, 12);
    expect(pubTue.pos_share).toBe(1);
    // naver:1 written Saturday 00:00 KST = Friday 15:00 UTC: it is Saturday's
    expect(get("public", "2022-10-07")).toBeUndefined();
    expect(num(get("public", "2022-10-08")?.n)).toBe(1);
    // no row for the article without a publication time
    expect(rows.reduce((s, r) => s + (r.audience === "press" ? Number(r.n) : 0), 0)).toBe(6);
  });

  it("sentiment_daily matches the live computation after a refresh", async () => {
    expect(await store.all("SELECT * FROM sentiment_daily_staleness")).toEqual([]);
  });

  it("staleness shows a change until the next refresh", async () => {
    const s = await Store.open(":memory:");
    try {
      await seedHandmade(s);
      await refreshSentimentDaily(s);
      await s.run("UPDATE comments SET is_deleted = true WHERE comment_id = 'naver:2'");
      const stale = await s.all<{ day: Date; audience: string }>("SELECT * FROM sentiment_daily_staleness");
      expect(stale.map((r) => [day(r.day), r.audience])).toEqual([["2022-10-11", "public"]]);
      await refreshSentimentDaily(s);
      expect(await s.all("SELECT * FROM sentiment_daily_staleness")).toEqual([]);
    } finally {
      s.close();
    }
  });
});

describe("sentiment_vs_price", () => {
  const row = async (ticker: string, d: string) =>
    (await store.one<Record<string, unknown>>(
      "SELECT * FROM sentiment_vs_price WHERE ticker = $1 AND day = CAST($2 AS DATE)",
      [ticker, d],
    ))!;

  it("puts weekend and holiday news on the next trading day", async () => {
    // Tuesday 10-11 gets Saturday A1 (−0.5), Sunday A2 (0.3), holiday A3 (−0.01) and Tuesday A6 (−0.3)
    const tue = await row("S", "2022-10-11");
    expect(num(tue.n_articles)).toBe(4);
    expect(tue.press_mean).toBeCloseTo((-0.5 + 0.3 - 0.01 - 0.3) / 4, 12);
    expect(tue.press_neg_share).toBeCloseTo(2 / 4, 12); // A1 and A6
    // public: Saturday's naver:1 (−0.8) and Tuesday's naver:2 (0.4)
    expect(num(tue.n_comments)).toBe(2);
    expect(tue.public_mean).toBeCloseTo(-0.2, 12);
    // Monday 10-17 gets Sunday's A7 and Saturday's and Monday's comments (−0.2 and 0.0)
    const mon = await row("S", "2022-10-17");
    expect(num(mon.n_articles)).toBe(1);
    expect(mon.press_mean).toBeCloseTo(-0.6, 12);
    expect(num(mon.n_comments)).toBe(2);
    expect(mon.public_mean).toBeCloseTo(-0.1, 12);
    // Friday keeps Friday's news only
    const fri = await row("S", "2022-10-07");
    expect(num(fri.n_articles)).toBe(1);
    expect(num(fri.n_comments)).toBe(0);
    expect(fri.public_mean).toBeNull();
  });

  it("has no rows for non-trading days", async () => {
    const days = await store.all<{ d: string }>(
      "SELECT DISTINCT strftime(day, '%Y-%m-%d') AS d FROM sentiment_vs_price ORDER BY d",
    );
    expect(days.map((r) => r.d)).not.toContain("2022-10-10");
  });

  it("returns and control-adjusted abnormal returns", async () => {
    // S 99 → 108.9 → 98.01: +10 %, −10 %; C 51 → 51.51: +1 %
    const tue = await row("S", "2022-10-11"); // S 90 → 99 (+10 %), C 50 → 51 (+2 %)
    expect(tue.return).toBeCloseTo(0.1, 12);
    expect(tue.return_pct).toBeCloseTo(10, 12);
    expect(tue.control_return).toBeCloseTo(0.02, 12);
    expect(tue.abnormal_return).toBeCloseTo(0.08, 12);
    const mon = await row("S", "2022-10-17");
    expect(mon.abnormal_return).toBeCloseTo(-0.11, 12);
    expect((await row("C", "2022-10-17")).abnormal_return).toBeNull();
    expect((await row("S", "2022-10-06")).return).toBeNull();
  });
});

describe("statement_reactions", () => {
  it("counts reactions per KST day with stance shares, not the statement itself or old analyzers", async () => {
    const rows = await store.all<Record<string, unknown>>("SELECT * FROM statement_reactions ORDER BY day");
    expect(rows).toHaveLength(2);
    const [wed, sat] = rows as [Record<string, unknown>, Record<string, unknown>];
    expect(day(wed.day)).toBe("2022-10-19");
    expect(wed.speaker).toBe("남궁훈");
    expect(num(wed.mentions)).toBe(3);
    expect(num(wed.public_mentions)).toBe(2);
    expect(num(wed.press_mentions)).toBe(1);
    expect(wed.share_against).toBeCloseTo(2 / 3, 12);
    expect(wed.share_support).toBeCloseTo(1 / 3, 12);
    expect(wed.mean_compound).toBeCloseTo((-0.6 - 0.4 + 0.2) / 3, 12);
    expect(day(sat.day)).toBe("2022-10-22");
    expect(day(sat.trading_day)).toBe("2022-10-24");
  });
});

describe("weekly_summary", () => {
  it("ISO weeks in KST with week-end closes and weekly returns", async () => {
    const rows = await store.all<Record<string, unknown>>(
      "SELECT * FROM weekly_summary WHERE ticker = 'S' ORDER BY week",
    );
    expect(rows.map((r) => r.week)).toEqual(["2022-W40", "2022-W41", "2022-W42"]);
    const [w40, w41, w42] = rows as [
      Record<string, unknown>,
      Record<string, unknown>,
      Record<string, unknown>,
    ];
    expect(day(w40.week_start)).toBe("2022-10-03");
    // W40 (Mon 10-03 .. Sun 10-09): A5 Fri, A1 Sat, A2 Sun — by publication day, not moved to trading days
    expect(num(w40.articles)).toBe(3);
    expect(w40.press_mean).toBeCloseTo((0.2 - 0.5 + 0.3) / 3, 12);
    expect(w40.close).toBe(90);
    expect(w40.weekly_return).toBeNull();
    // W41: A3 (holiday), A6, A7 (Sunday 10-16); comments naver:2 and naver:5 (Saturday 10-15)
    expect(num(w41.articles)).toBe(3);
    expect(num(w41.comments)).toBe(2);
    expect(w41.close).toBe(108.9);
    expect(w41.weekly_return).toBeCloseTo(108.9 / 90 - 1, 12);
    expect(w42.weekly_return).toBeCloseTo(98.01 / 108.9 - 1, 12);
  });
});
