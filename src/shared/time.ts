/** Korean time: KST is UTC+9 all year (no daylight saving since 1988), so plain arithmetic converts. */
export const KST_OFFSET_MS = 9 * 3_600_000;

/** The day in Seoul of an instant, `YYYY-MM-DD`. */
export function kstDay(at: Date): string {
  return new Date(at.getTime() + KST_OFFSET_MS).toISOString().slice(0, 10);
}

/** An ISO instant as Korean wall-clock time to the minute, `2022-10-24 09:00`. */
export function kstMinute(iso: string): string {
  return new Date(Date.parse(iso) + KST_OFFSET_MS).toISOString().slice(0, 16).replace("T", " ");
}
