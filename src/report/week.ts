/**
 * ISO weeks as Korean calendar days. A report week is Monday..Sunday in Asia/Seoul; dates here are plain
 * `YYYY-MM-DD` calendar days (the SQL compares them with `*_kst` / `day` columns), so no clock is involved.
 */
import { ConfigError } from "../shared/errors.js";

/** The only week labels accepted: they also become directory names, so nothing else may pass. */
export const WEEK_PATTERN = /^(\d{4})-W(\d{2})$/;

export interface IsoWeek {
  label: string;
  year: number;
  week: number;
  /** Monday, `YYYY-MM-DD`. */
  start: string;
  /** Sunday, `YYYY-MM-DD`. */
  end: string;
  /** The seven days Monday..Sunday. */
  days: string[];
}

const DAY_MS = 86_400_000;

function utcDay(year: number, month: number, day: number): number {
  return Date.UTC(year, month - 1, day);
}

function fmt(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Monday of ISO week 1: the week that holds 4 January. */
function week1Monday(year: number): number {
  const jan4 = utcDay(year, 1, 4);
  const isoDow = ((new Date(jan4).getUTCDay() + 6) % 7) + 1;
  return jan4 - (isoDow - 1) * DAY_MS;
}

function weeksInYear(year: number): number {
  return (week1Monday(year + 1) - week1Monday(year)) / (7 * DAY_MS);
}

function weekFromMonday(mondayMs: number): IsoWeek {
  // The ISO year is the year of the week's Thursday.
  const thursday = new Date(mondayMs + 3 * DAY_MS);
  const year = thursday.getUTCFullYear();
  const week = Math.round((mondayMs - week1Monday(year)) / (7 * DAY_MS)) + 1;
  const days = Array.from({ length: 7 }, (_, i) => fmt(mondayMs + i * DAY_MS));
  return {
    label: `${year}-W${String(week).padStart(2, "0")}`,
    year,
    week,
    start: days[0]!,
    end: days[6]!,
    days,
  };
}

/** `2022-W42` → its days; a malformed or out-of-range label is a usage error (exit 2). */
export function parseIsoWeek(label: string): IsoWeek {
  const m = WEEK_PATTERN.exec(label);
  if (!m) throw new ConfigError(`--week ${JSON.stringify(label)}: expected an ISO week like 2022-W42`);
  const year = Number(m[1]);
  const week = Number(m[2]);
  if (week < 1 || week > weeksInYear(year)) {
    throw new ConfigError(`--week ${label}: ${year} has weeks 01..${weeksInYear(year)}`);
  }
  return weekFromMonday(week1Monday(year) + (week - 1) * 7 * DAY_MS);
}

export function previousWeek(w: IsoWeek): IsoWeek {
  return weekFromMonday(Date.parse(`${w.start}T00:00:00Z`) - 7 * DAY_MS);
}

/** The ISO week that holds a calendar day. */
export function isoWeekOf(day: string): IsoWeek {
  const ms = Date.parse(`${day}T00:00:00Z`);
  if (!Number.isFinite(ms)) throw new ConfigError(`not a date: ${day}`);
  const isoDow = ((new Date(ms).getUTCDay() + 6) % 7) + 1;
  return weekFromMonday(ms - (isoDow - 1) * DAY_MS);
}

const WEEKDAYS_KO = ["일", "월", "화", "수", "목", "금", "토"];

/** `2022-10-17` → `10월 17일(월)`. */
export function koreanDay(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  return `${d.getUTCMonth() + 1}월 ${d.getUTCDate()}일(${WEEKDAYS_KO[d.getUTCDay()]})`;
}

/** `2022-10-17` → `10/17(월)`, short enough for a chart axis. */
export function shortKoreanDay(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  return `${d.getUTCMonth() + 1}/${d.getUTCDate()}(${WEEKDAYS_KO[d.getUTCDay()]})`;
}

/** `2022-W42` → `2022년 42주차 (10월 17일–10월 23일)`. */
export function koreanWeekTitle(w: IsoWeek): string {
  const s = new Date(`${w.start}T00:00:00Z`);
  const e = new Date(`${w.end}T00:00:00Z`);
  return `${w.year}년 ${w.week}주차 (${s.getUTCMonth() + 1}월 ${s.getUTCDate()}일–${e.getUTCMonth() + 1}월 ${e.getUTCDate()}일)`;
}
