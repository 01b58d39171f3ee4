import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  dailyReturns,
  formatPriceCsv,
  naverChartName,
  parseKrxCsv,
  parseNaverChartXml,
  parseOurPriceCsv,
  parsePrices,
  parseYahooChartJson,
  parseYahooCsv,
  sniffPriceFormat,
} from "../../src/extract/prices.js";
import { ParseError } from "../../src/shared/errors.js";

const fixture = (name: string) =>
  readFileSync(path.join(import.meta.dirname, "..", "fixtures", "prices", name));

describe("Naver chart XML", () => {
  const bytes = fixture("naver-035720.xml");

  it("is really EUC-KR on disk (the name is not valid UTF-8)", () => {
    expect(() => new TextDecoder("utf-8", { fatal: true }).decode(bytes)).toThrow();
    expect(naverChartName(bytes)).toBe("카카오");
  });

  it("parses every item, oldest first, ticker from the symbol", () => {
    const bars = parseNaverChartXml(bytes);
    expect(bars.map((b) => b.day)).toEqual([
      "2022-10-12",
      "2022-10-13",
      "2022-10-14",
      "2022-10-17",
      "2022-10-18",
    ]);
    expect(bars[3]).toEqual({
      ticker: "035720",
      day: "2022-10-17",
      open: 48000,
      high: 49150,
      low: 46500,
      close: 48350,
      volume: 9711382,
      source: "naver",
    });
  });

  it("rejects an answer without chartdata", () => {
    expect(() => parseNaverChartXml("<html>error</html>")).toThrow(ParseError);
  });

  it("rejects an item with missing fields", () => {
    expect(() =>
      parseNaverChartXml('<chartdata symbol="1"><item data="20221017|1|2|3" /></chartdata>'),
    ).toThrow(/fields/);
  });
});

describe("KRX CSV download", () => {
  const bytes = fixture("krx-035720.csv");

  it("reads EUC-KR headers and quoted thousands separators, newest-first input comes out oldest first", () => {
    const bars = parseKrxCsv(bytes, { ticker: "035720" });
    expect(bars).toHaveLength(5);
    expect(bars[0]!.day).toBe("2022-10-12");
    const oct17 = bars.find((b) => b.day === "2022-10-17")!;
    expect(oct17).toMatchObject({
      open: 48000,
      high: 49150,
      low: 46500,
      close: 48350,
      volume: 9711382,
      source: "krx",
    });
  });

  it("needs a ticker", () => {
    expect(() => parseKrxCsv(bytes)).toThrow(/ticker/);
  });

  it("names the missing column", () => {
    expect(() =>
      parseKrxCsv("일자,시가,고가,저가,거래량\n2022/10/17,1,1,1,1\n", { ticker: "035720" }),
    ).toThrow(/종가/);
  });
});

describe("Yahoo chart JSON", () => {
  const bytes = fixture("yahoo-035720.json");

  it("skips null rows and dates bars in the exchange's time zone", () => {
    const bars = parseYahooChartJson(bytes);
    expect(bars.map((b) => b.day)).toEqual([
      "2022-10-12",
      "2022-10-13",
      "2022-10-14",
      "2022-10-17",
      "2022-10-18",
    ]);
    expect(bars.every((b) => b.ticker === "035720")).toBe(true);
    expect(bars[3]!.close).toBe(48350);
  });

  it("a bar stamped late in the UTC day belongs to the next Seoul day", () => {
    const json = JSON.stringify({
      chart: {
        result: [
          {
            meta: { symbol: "035720.KS", exchangeTimezoneName: "Asia/Seoul" },
            // 2022-10-16T23:30Z is 08:30 on 2022-10-17 in Seoul
            timestamp: [Date.parse("2022-10-16T23:30:00Z") / 1000],
            indicators: { quote: [{ open: [1], high: [2], low: [1], close: [2], volume: [5] }] },
          },
        ],
        error: null,
      },
    });
    expect(parseYahooChartJson(json)[0]!.day).toBe("2022-10-17");
  });

  it("turns chart.error into a ParseError", () => {
    const json = JSON.stringify({
      chart: {
        result: null,
        error: { code: "Not Found", description: "No data found, symbol may be delisted" },
      },
    });
    expect(() => parseYahooChartJson(json)).toThrow(/Not Found/);
    expect(() => parseYahooChartJson(json)).toThrow(ParseError);
  });
});

describe("CSV formats and sniffing", () => {
  it("reads a Yahoo CSV and skips its null rows", () => {
    const bars = parseYahooCsv(fixture("yahoo-035720.csv"), { ticker: "035720" });
    expect(bars).toHaveLength(5);
    expect(bars[4]).toMatchObject({ day: "2022-10-18", close: 49400, volume: 6284583 });
  });

  it("round-trips our CSV with its provenance lines", () => {
    const bars = parseNaverChartXml(fixture("naver-035720.xml"));
    const text = formatPriceCsv(bars, ["made by a test", "second line"]);
    expect(text.startsWith("# made by a test\n# second line\nticker,day,")).toBe(true);
    expect(parseOurPriceCsv(text)).toEqual(bars);
  });

  it("sniffs each fixture's format", () => {
    expect(sniffPriceFormat(fixture("naver-035720.xml"))).toBe("naver-xml");
    expect(sniffPriceFormat(fixture("krx-035720.csv"))).toBe("krx");
    expect(sniffPriceFormat(fixture("yahoo-035720.json"))).toBe("yahoo-json");
    expect(sniffPriceFormat(fixture("yahoo-035720.csv"))).toBe("yahoo-csv");
    expect(sniffPriceFormat("# note\nticker,day,open,high,low,close,volume,source\n")).toBe("csv");
    expect(() => sniffPriceFormat("a,b,c\n1,2,3\n")).toThrow(ParseError);
  });

  it("all five formats agree on the same sessions", () => {
    const closes = (name: string, format: Parameters<typeof parsePrices>[0]) =>
      parsePrices(format, fixture(name), { ticker: "035720" }).map((b) => [b.day, b.close]);
    const naver = closes("naver-035720.xml", "naver-xml");
    expect(closes("krx-035720.csv", "krx")).toEqual(naver);
    expect(closes("yahoo-035720.json", "yahoo-json")).toEqual(naver);
    expect(closes("yahoo-035720.csv", "yahoo-csv")).toEqual(naver);
  });

  it("rejects the same day twice with different closes", () => {
    const text =
      "ticker,day,open,high,low,close,volume,source\nX,2022-10-17,1,1,1,1,1,t\nX,2022-10-17,2,2,2,2,1,t\n";
    expect(() => parseOurPriceCsv(text)).toThrow(/twice/);
  });

  it("rejects an impossible date", () => {
    expect(() =>
      parseYahooCsv("Date,Open,High,Low,Close,Volume\n2022-02-30,1,1,1,1,1\n", { ticker: "X" }),
    ).toThrow(/no such day/);
  });
});

describe("dailyReturns", () => {
  it("is close over previous close minus one", () => {
    const bars = parseNaverChartXml(fixture("naver-035720.xml"));
    const r = dailyReturns(bars);
    expect(r[0]!.ret).toBeNull();
    // 48,350 / 51,400 − 1 = −0.059338…: the −5.93 % the press reported for 2022-10-17
    expect(r[3]!.ret).toBeCloseTo(48350 / 51400 - 1, 12);
    expect((r[3]!.ret! * 100).toFixed(2)).toBe("-5.93");
  });
});
