/**
 * Times as Korean pages print them. Pages give Korea Standard Time without an offset
 * (`2022-10-15 17:22:00`, `2022. 10. 17. 14:42`, `2022.10.15. 오후 5:22`) or ISO 8601 with one; we store
 * the UTC instant. Korea has had no daylight saving time since 1988, so KST is always UTC+9.
 */

const KST_OFFSET_MINUTES = 9 * 60;

const DATE_TIME =
  /(\d{4})\s*[-./년]\s*(\d{1,2})\s*[-./월]\s*(\d{1,2})\s*[.일]?\s*(?:T|\s)*(?:(오전|오후|AM|PM|am|pm)\s*)?(?:(\d{1,2})\s*[:시]\s*(\d{1,2})(?:\s*[:분]\s*(\d{1,2}(?:\.\d+)?))?)?\s*(?:초)?\s*(Z|[+-]\d{2}:?\d{2})?/;

/** Daum's `og:regDate` and similar stamps: `20221015201233` (KST, seconds optional), and nothing else. */
const COMPACT_DATE_TIME = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?$/;

/**
 * The instant a page's date-time text denotes, reading times without an offset as KST; null when the
 * text holds no valid date. A date without a time is midnight KST.
 */
export function parseKstDateTime(text: string | null | undefined): Date | null {
  if (typeof text !== "string") return null;
  const compact = COMPACT_DATE_TIME.exec(text.trim());
  if (compact) {
    const [, y, mo, d, h, mi, s = "00"] = compact;
    return parseKstDateTime(`${y}-${mo}-${d} ${h}:${mi}:${s}`);
  }
  // Dates sit near the start of what we pass in; bounding the input keeps the regex cheap on junk.
  const m = DATE_TIME.exec(text.slice(0, 200));
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const meridiem = m[4];
  let hour = m[5] === undefined ? 0 : Number(m[5]);
  const minute = m[6] === undefined ? 0 : Number(m[6]);
  const second = m[7] === undefined ? 0 : Math.floor(Number(m[7]));
  if (meridiem) {
    if (hour < 1 || hour > 12) return null;
    const afternoon = meridiem === "오후" || meridiem.toUpperCase() === "PM";
    if (afternoon && hour < 12) hour += 12;
    if (!afternoon && hour === 12) hour = 0;
  }
  if (year < 1990 || year > 2100 || month < 1 || month > 12 || day < 1 || day > 31) return null;
  if (hour > 23 || minute > 59 || second > 59) return null;
  const offsetMinutes = offsetOf(m[8]);
  const utcMs = Date.UTC(year, month - 1, day, hour, minute, second) - offsetMinutes * 60_000;
  const date = new Date(utcMs);
  // Date.UTC rolls 31 November over to 1 December; a page that says so is wrong, not a date.
  const local = new Date(utcMs + offsetMinutes * 60_000);
  if (local.getUTCDate() !== day || local.getUTCMonth() !== month - 1) return null;
  return date;
}

function offsetOf(zone: string | undefined): number {
  if (zone === undefined) return KST_OFFSET_MINUTES;
  if (zone === "Z") return 0;
  const m = /^([+-])(\d{2}):?(\d{2})$/.exec(zone);
  if (!m) return KST_OFFSET_MINUTES;
  const sign = m[1] === "-" ? -1 : 1;
  return sign * (Number(m[2]) * 60 + Number(m[3]));
}

/**
 * A page's time is kept only when it is not after the fetch (DESIGN §4); a later one (a wrong clock, a
 * scheduled-post stamp, a misread year) is clamped to the fetch time.
 */
export function clampToFetch(time: Date | null, fetchedAt: Date): Date | null {
  if (time === null || Number.isNaN(time.getTime())) return null;
  return time.getTime() > fetchedAt.getTime() ? new Date(fetchedAt.getTime()) : time;
}

const MINUTE_MS = 60_000;

/**
 * The page's own time with the seconds another source of the same page adds. Visible stamps print minutes
 * (`2022. 10. 15. 20:12`) while meta tags keep seconds (`og:regDate` 20221015201233); when both name the
 * same minute the precise one wins, so copies of a story on different sites order correctly. A time in
 * another minute is a different claim, and the page's own (`primary`) is kept.
 */
export function withSecondsFrom(primary: Date | null, other: Date | null): Date | null {
  if (primary === null) return other;
  if (other === null) return primary;
  const primaryMs = primary.getTime();
  const otherMs = other.getTime();
  const sameMinute = Math.floor(primaryMs / MINUTE_MS) === Math.floor(otherMs / MINUTE_MS);
  return sameMinute && primaryMs % MINUTE_MS === 0 && otherMs % MINUTE_MS !== 0 ? other : primary;
}
