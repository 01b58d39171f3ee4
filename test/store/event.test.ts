import { afterEach, describe, expect, it } from "vitest";
import type { PriceBar } from "../../src/shared/types.js";
import { Store } from "../../src/store/db.js";
import { eventStudy, laggedCorrelation, ols, pearson } from "../../src/store/event.js";
import { refreshSentimentDaily, upsertPrices, upsertTickers } from "../../src/store/prices.js";

const bar = (ticker: string, day: string, close: number): PriceBar => ({
  ticker,
  day,
  open: close,
  high: close,
  low: close,
  close,
  volume: 1,
  source: "test",
});

let store: Store | undefined;
afterEach(() => store?.close());

/**
 * S closes 100, 110, 99, 99, 108.9, 98.01 → returns +10 %, −10 %, 0, +10 %, −10 %.
 * C closes 200, 202, 200, 204, 204, 210.12 → returns +1 %, −0.990099 %, +2 %, 0, +3 %.
 * Trading days Tue 10-04 … Fri 10-07, then Tue 10-11 (Mon 10-10 was a holiday), Wed 10-12.
 */
async function smallMarket(): Promise<Store> {
  const s = await Store.open(":memory:");
  await upsertTickers(s, [
    { ticker: "S", name: "Subject", role: "subject" },
    { ticker: "C", name: "Control", role: "control" },
  ]);
  const days = ["2022-10-04", "2022-10-05", "2022-10-06", "2022-10-07", "2022-10-11", "2022-10-12"];
  const sCloses = [100, 110, 99, 99, 108.9, 98.01];
  const cCloses = [200, 202, 200, 204, 204, 210.12];
  await upsertPrices(s, [
    ...days.map((d, i) => bar("S", d, sCloses[i]!)),
    ...days.map((d, i) => bar("C", d, cCloses[i]!)),
  ]);
  return s;
}

describe("eventStudy, control model", () => {
  it("returns, abnormal returns and CAR match the hand calculation", async () => {
    store = await smallMarket();
    // The event is on Saturday 10-08: day 0 is the next session, Tuesday 10-11.
    const e = await eventStudy(store, {
      ticker: "S",
      date: "2022-10-08",
      window: [-3, 1],
      estimation: [-10, -4],
    });
    expect(e.eventDay).toBe("2022-10-11");
    expect(e.model).toBe("control");
    expect(e.rows.map((r) => [r.rel, r.day])).toEqual([
      [-3, "2022-10-05"],
      [-2, "2022-10-06"],
      [-1, "2022-10-07"],
      [0, "2022-10-11"],
      [1, "2022-10-12"],
    ]);
    // by hand: AR = R_S − R_C
    //   10-05: 0.10 − 0.01               =  0.09
    //   10-06: −0.10 − (−0.0099009901)   = −0.0900990099
    //   10-07: 0 − 0.02                  = −0.02
    //   10-11: 0.10 − 0                  =  0.10
    //   10-12: −0.10 − 0.03              = −0.13
    const expected = [0.09, -0.0900990099, -0.02, 0.1, -0.13];
    expect(e.rows.map((r) => r.abnormal)).toEqual(expected.map((v) => expect.closeTo(v, 9)));
    expect(e.rows[3]!.ret).toBeCloseTo(0.1, 12);
    expect(e.rows[4]!.benchmarkRet).toBeCloseTo(0.03, 12);
    // running CAR: 0.09, −0.0000990099, −0.0200990099, 0.0799009901, −0.0500990099
    expect(e.rows.map((r) => r.car)).toEqual(
      [0.09, -0.0000990099, -0.0200990099, 0.0799009901, -0.0500990099].map((v) => expect.closeTo(v, 9)),
    );
    expect(e.car).toBeCloseTo(-0.0500990099, 9);
    // one estimation day (10-04 has no return): too few for σ and a t statistic
    expect(e.sigma).toBeNull();
    expect(e.tStat).toBeNull();
  });

  it("a window reaching past the data is cut, not padded", async () => {
    store = await smallMarket();
    const e = await eventStudy(store, {
      ticker: "S",
      date: "2022-10-11",
      window: [-1, 5],
      estimation: [-10, -2],
    });
    expect(e.rows.map((r) => r.rel)).toEqual([-1, 0, 1]);
    expect(e.car).toBeCloseTo(-0.02 + 0.1 - 0.13, 9);
  });

  it("fails clearly without a control or after the last day", async () => {
    store = await smallMarket();
    await expect(eventStudy(store, { ticker: "S", date: "2022-11-01", window: [0, 1] })).rejects.toThrow(
      /no trading day/,
    );
    await expect(eventStudy(store, { ticker: "X", date: "2022-10-05", window: [0, 1] })).rejects.toThrow(
      /no prices/,
    );
    await store.run("UPDATE tickers SET role = 'subject' WHERE ticker = 'C'");
    await expect(eventStudy(store, { ticker: "S", date: "2022-10-05", window: [0, 1] })).rejects.toThrow(
      /control/,
    );
  });
});

describe("eventStudy, market model", () => {
  it("recovers alpha and beta by OLS and measures AR against them", async () => {
    store = await Store.open(":memory:");
    await upsertTickers(store, [
      { ticker: "S", name: "Subject", role: "subject" },
      { ticker: "I", name: "Index", role: "index" },
    ]);
    // 14 sessions in which R_S = 0.001 + 1.5 R_I exactly, then an event day where S falls 5 % and I rises 1 %.
    const idxReturns = [
      0.01, -0.02, 0.005, 0.0, 0.015, -0.01, 0.02, -0.005, 0.01, -0.015, 0.0, 0.012, -0.008, 0.004,
    ];
    const days: string[] = [];
    for (let t = Date.parse("2022-09-01T00:00:00Z"); days.length < 16; t += 86_400_000) {
      const d = new Date(t);
      if (d.getUTCDay() !== 0 && d.getUTCDay() !== 6) days.push(d.toISOString().slice(0, 10));
    }
    let si = 100;
    let ii = 1000;
    const bars = [bar("S", days[0]!, si), bar("I", days[0]!, ii)];
    idxReturns.forEach((r, k) => {
      ii *= 1 + r;
      si *= 1 + 0.001 + 1.5 * r;
      bars.push(bar("S", days[k + 1]!, si), bar("I", days[k + 1]!, ii));
    });
    bars.push(bar("S", days[15]!, si * 0.95), bar("I", days[15]!, ii * 1.01));
    await upsertPrices(store, bars);

    const e = await eventStudy(store, {
      ticker: "S",
      date: days[15]!,
      window: [0, 0],
      estimation: [-14, -1],
    });
    expect(e.model).toBe("market");
    expect(e.estimationDays).toBe(14);
    expect(e.alpha).toBeCloseTo(0.001, 10);
    expect(e.beta).toBeCloseTo(1.5, 10);
    // AR = −0.05 − (0.001 + 1.5 × 0.01) = −0.066
    expect(e.rows[0]!.expected).toBeCloseTo(0.016, 10);
    expect(e.car).toBeCloseTo(-0.066, 10);
    // an exact fit leaves no residual: σ = 0, and a t statistic would divide by zero
    expect(e.sigma).toBeCloseTo(0, 10);
    expect(e.tStat).toBeNull();
  });
});

describe("statistics", () => {
  it("pearson on hand-computed values", () => {
    // x = 1,2,3; y = 2,4,7: sxy = 5, sxx = 2, syy = 12.667 → r = 5 / √(2 × 12.667) = 0.99339
    expect(pearson([1, 2, 3], [2, 4, 7])).toBeCloseTo(0.993399, 6);
    expect(pearson([1, 2, 3], [3, 2, 1])).toBeCloseTo(-1, 12);
    expect(pearson([1, 1, 1], [1, 2, 3])).toBeNull();
    expect(pearson([1, 2], [1, 2])).toBeNull();
  });

  it("ols on a hand-computed line", () => {
    // points (0,1), (1,3), (2,5): y = 1 + 2x
    expect(ols([0, 1, 2], [1, 3, 5])).toEqual({ alpha: 1, beta: 2 });
  });
});

describe("laggedCorrelation", () => {
  it("today's public sentiment against returns k sessions later", async () => {
    store = await Store.open(":memory:");
    await upsertTickers(store, [{ ticker: "S", name: "Subject", role: "subject" }]);
    // Closes chosen so that each return is 10 × the previous session's public sentiment:
    // sentiment on days 0..4 = −0.01, 0.02, −0.005, 0.01, 0.0 → returns on days 1..5 = −0.1, 0.2, −0.05, 0.1, 0
    const days = ["2022-10-04", "2022-10-05", "2022-10-06", "2022-10-07", "2022-10-11", "2022-10-12"];
    const sentiment = [-0.01, 0.02, -0.005, 0.01, 0.0];
    let close = 100;
    const bars = [bar("S", days[0]!, close)];
    sentiment.forEach((s, k) => {
      close *= 1 + 10 * s;
      bars.push(bar("S", days[k + 1]!, close));
    });
    await upsertPrices(store, bars);
    await store.upsert(
      "comments",
      ["comment_id"],
      sentiment.map((_, k) => ({
        comment_id: `naver:${k}`,
        doc_id: "d",
        source: "naver",
        contents: "댓글",
        written_at: new Date(`${days[k]}T12:00:00+09:00`),
        fetched_at: new Date(),
      })),
    );
    await store.upsert(
      "scores",
      ["item_id", "analyzer_version"],
      sentiment.map((s, k) => ({
        item_id: `naver:${k}`,
        item_kind: "comment",
        analyzer_version: "v",
        compound: s,
        label: "neu",
        pos: 0,
        neu: 1,
        neg: 0,
        scored_at: new Date(),
      })),
    );
    await refreshSentimentDaily(store);
    const r = await laggedCorrelation(store, "S", 1);
    expect(r[1]).toEqual({ lag: 1, n: 5, r: expect.closeTo(1, 9) });
    // lag 0 pairs sentiment with the same day's return (day 0 has none, the last day no sentiment): 4 pairs
    // x = 0.02, −0.005, 0.01, 0; y = −0.1, 0.2, −0.05, 0.1. By hand: mean x 0.00625, mean y 0.0375;
    // sxy = −0.0044375, sxx = 0.00036875, syy = 0.056875 → r = −0.0044375 / √(0.00036875 × 0.056875) = −0.96897
    expect(r[0]!.lag).toBe(0);
    expect(r[0]!.n).toBe(4);
    expect(r[0]!.r).toBeCloseTo(-0.96897, 5);
  });
});
