import { describe, expect, it } from "vitest";
import { clampToFetch, parseKstDateTime, withSecondsFrom } from "../../src/extract/time.js";

describe("parseKstDateTime", () => {
  it.each([
    ["2022-10-15 17:22:00", "2022-10-15T08:22:00.000Z"],
    ["2022-10-17 14:30", "2022-10-17T05:30:00.000Z"],
    ["2022. 10. 17. 14:42", "2022-10-17T05:42:00.000Z"],
    ["2022.10.15. 오후 5:22", "2022-10-15T08:22:00.000Z"],
    ["2022.10.16. 오전 12:05", "2022-10-15T15:05:00.000Z"],
    ["2022.10.16. 오후 12:05", "2022-10-16T03:05:00.000Z"],
    ["송고시간2022-10-18 11:02", "2022-10-18T02:02:00.000Z"],
    ["2022-10-20T16:05:00+09:00", "2022-10-20T07:05:00.000Z"],
    ["2021-04-12T20:13:26+0900", "2021-04-12T11:13:26.000Z"],
    ["2022-10-20T07:05:00Z", "2022-10-20T07:05:00.000Z"],
    ["2022년 10월 19일 14시 42분", "2022-10-19T05:42:00.000Z"],
    ["2022-10-16", "2022-10-15T15:00:00.000Z"],
    ["20221015201233", "2022-10-15T11:12:33.000Z"],
    ["202210152012", "2022-10-15T11:12:00.000Z"],
  ])("reads %s as KST", (text, iso) => {
    expect(parseKstDateTime(text)?.toISOString()).toBe(iso);
  });

  it.each([
    "",
    "어제 오후",
    "2022-13-01 10:00",
    "2022-02-30 10:00",
    "2022-10-17 25:00",
    "2022.10.17. 오후 13:00",
    "20221315201233",
    "2022101520123",
  ])("rejects %s", (text) => {
    expect(parseKstDateTime(text)).toBeNull();
  });
});

describe("clampToFetch", () => {
  const fetchedAt = new Date("2022-10-17T03:00:00Z");

  it("keeps a time at or before the fetch", () => {
    const t = new Date("2022-10-17T02:59:59Z");
    expect(clampToFetch(t, fetchedAt)).toEqual(t);
    expect(clampToFetch(fetchedAt, fetchedAt)).toEqual(fetchedAt);
  });

  it("clamps a time after the fetch to the fetch time", () => {
    expect(clampToFetch(new Date("2022-10-17T03:00:01Z"), fetchedAt)).toEqual(fetchedAt);
  });

  it("passes null and invalid dates as null", () => {
    expect(clampToFetch(null, fetchedAt)).toBeNull();
    expect(clampToFetch(new Date("nonsense"), fetchedAt)).toBeNull();
  });
});

describe("withSecondsFrom", () => {
  const minute = new Date("2022-10-15T11:12:00Z");
  const precise = new Date("2022-10-15T11:12:33Z");

  it("adds the seconds a second source of the same minute has", () => {
    expect(withSecondsFrom(minute, precise)).toEqual(precise);
  });

  it("keeps the page's own time when the other names another minute or adds nothing", () => {
    const otherMinute = new Date("2022-10-15T11:13:05Z");
    expect(withSecondsFrom(minute, otherMinute)).toEqual(minute);
    expect(withSecondsFrom(precise, new Date("2022-10-15T11:12:10Z"))).toEqual(precise);
    expect(withSecondsFrom(minute, new Date(minute))).toEqual(minute);
  });

  it("falls back to whichever is present", () => {
    expect(withSecondsFrom(null, precise)).toEqual(precise);
    expect(withSecondsFrom(minute, null)).toEqual(minute);
    expect(withSecondsFrom(null, null)).toBeNull();
  });
});
