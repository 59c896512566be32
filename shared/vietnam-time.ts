/**
 * Calendar days in Vietnam (Asia/Ho_Chi_Minh: UTC+7 all year, no daylight saving), in one place:
 * audit partitions, inbox and case filters, deadlines, case-number years, ages. Days are
 * `yyyy-mm-dd` strings, which sort as they should.
 */
const vietnamOffsetMs = 7 * 3600_000;

/** The calendar day of an instant in Vietnam. */
export function vietnamDay(instant: Date | string | number = Date.now()): string {
  const time = instant instanceof Date ? instant.getTime() : typeof instant === "string" ? Date.parse(instant) : instant;
  return new Date(time + vietnamOffsetMs).toISOString().slice(0, 10);
}

/** The calendar year of an instant in Vietnam. */
export function vietnamYear(instant: Date | string | number = Date.now()): number {
  return Number(vietnamDay(instant).slice(0, 4));
}

/** The first instant of a Vietnamese calendar day, as an ISO UTC string. */
export function startOfVietnamDay(day: string): string {
  return new Date(`${day}T00:00:00+07:00`).toISOString();
}

/** yyyy-mm-dd plus `days` (negative to go back), calendar arithmetic only. */
export function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** A real calendar day written yyyy-mm-dd (not 2026-02-30). */
export function isCalendarDay(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

// ——— For people: how the pages show and read times ———

const dateTimeFormat = new Intl.DateTimeFormat("vi-VN", {
  timeZone: "Asia/Ho_Chi_Minh",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  hour12: false,
});

/** An instant as Vietnam time, "08:05 29/11/2026"; the input itself when it is not a time. */
export function vietnamDateTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateTimeFormat.format(date);
}

/** A calendar day as Vietnamese write it: 2026-12-01 → "01/12/2026"; the input itself when malformed. */
export function dayLabel(day: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  return match ? `${match[3]}/${match[2]}/${match[1]}` : day;
}

/** A `datetime-local` value read as Vietnam time → ISO 8601 with +07:00; undefined when empty or malformed. */
export function vietnamLocalToIso(value: string): string | undefined {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(?::(\d{2}))?$/.exec(value.trim());
  return match ? `${match[1]}T${match[2]}:${match[3] ?? "00"}+07:00` : undefined;
}

/** An instant as a `datetime-local` value in Vietnam time, to the minute ("2026-12-04T10:30"): a form's default (now), a link's filter. */
export function vietnamLocalMinute(instant: Date | string): string {
  return new Date(new Date(instant).getTime() + vietnamOffsetMs).toISOString().slice(0, 16);
}
