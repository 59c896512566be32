import { addDays, vietnamDay } from "./vietnam-time.ts";

/**
 * Statistics periods (TT 07/2017/TT-BVHTTDL: a yearly report; the province also asks for
 * half-years). Counters are kept per half-year; a year is its two halves added. A half-year ends
 * on its cut-off day (`cutOffDay` of June and of December, Asia/Ho_Chi_Minh): 31 = calendar halves
 * (1 Jan–30 Jun, 1 Jul–31 Dec — a case opened at 23:30 on 31 December counts in its year); 14 =
 * the Government's reporting regime (15 Dec of the year before – 14 Jun, 15 Jun – 14 Dec). The
 * province file may set it; a change of the cut-off needs a rebuild (docs/statistics.md).
 */
export const defaultCutOffDay = 31;

export type Half = 1 | 2;
/** `2026-H1`: the counters' key. */
export type HalfYear = `${number}-H${Half}`;

/** The last day of a month (1–12) of a year, yyyy-mm-dd. */
function lastDayOf(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The cut-off day of June or December of a year, yyyy-mm-dd (31 June is the 30th). */
export function cutOffOf(year: number, half: Half, cutOffDay = defaultCutOffDay): string {
  const month = half === 1 ? 6 : 12;
  const day = Math.min(cutOffDay, lastDayOf(year, month));
  return `${String(year)}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/** The half-year an instant (or a Vietnamese calendar day) counts in. */
export function halfYearOf(instant: string, cutOffDay = defaultCutOffDay): HalfYear {
  const day = /^\d{4}-\d{2}-\d{2}$/.test(instant) ? instant : vietnamDay(instant);
  const year = Number(day.slice(0, 4));
  if (day <= cutOffOf(year, 1, cutOffDay)) return `${year}-H1` as HalfYear;
  if (day <= cutOffOf(year, 2, cutOffDay)) return `${year}-H2` as HalfYear;
  return `${year + 1}-H1` as HalfYear;
}

/** A report period: a year (`2026`) or a half-year (`2026-H1`). */
export type PeriodId = `${number}` | HalfYear;

export function isPeriodId(value: string): value is PeriodId {
  return /^\d{4}(-H[12])?$/.test(value);
}

/** The half-years whose counters make up a period. */
export function halvesOf(period: PeriodId): HalfYear[] {
  return period.includes("-H") ? [period as HalfYear] : [`${period}-H1` as HalfYear, `${period}-H2` as HalfYear];
}

/** First and last Vietnamese calendar day of a period (inclusive). */
export function periodDays(period: PeriodId, cutOffDay = defaultCutOffDay): { from: string; to: string } {
  const year = Number(period.slice(0, 4));
  const half = period.endsWith("-H2") ? 2 : 1;
  const startYear = half === 1 ? year - 1 : year;
  const from = addDays(cutOffOf(startYear, half === 1 ? 2 : 1, cutOffDay), 1);
  const to = cutOffOf(year, period.includes("-H") ? half : 2, cutOffDay);
  return { from, to };
}
