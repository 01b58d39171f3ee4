import { describe, expect, it } from "vitest";
import { isoWeekOf, koreanWeekTitle, parseIsoWeek, previousWeek } from "../../src/report/week.js";
import { ConfigError } from "../../src/shared/errors.js";

describe("ISO weeks in KST", () => {
  it.each([
    ["2022-W42", "2022-10-17", "2022-10-23"],
    ["2022-W01", "2022-01-03", "2022-01-09"],
    ["2020-W53", "2020-12-28", "2021-01-03"],
    ["2026-W01", "2025-12-29", "2026-01-04"],
  ])("%s runs %s … %s", (label, start, end) => {
    const w = parseIsoWeek(label);
    expect([w.start, w.end, w.days.length]).toEqual([start, end, 7]);
    expect(isoWeekOf(start).label).toBe(label);
    expect(isoWeekOf(end).label).toBe(label);
  });

  it("steps back across a year boundary", () => {
    expect(previousWeek(parseIsoWeek("2021-W01")).label).toBe("2020-W53");
    expect(previousWeek(parseIsoWeek("2022-W42")).label).toBe("2022-W41");
  });

  it.each(["2022-42", "2022-W4", "../../etc", "2022-W42/..", "2021-W53", "2022-W00"])(
    "rejects %s as bad usage",
    (label) => {
      expect(() => parseIsoWeek(label)).toThrow(ConfigError);
    },
  );

  it("titles the week in Korean", () => {
    expect(koreanWeekTitle(parseIsoWeek("2022-W42"))).toBe("2022년 42주차 (10월 17일–10월 23일)");
  });
});
