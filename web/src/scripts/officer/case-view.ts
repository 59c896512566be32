/**
 * Pure helpers of the case pages (no DOM): labels, dates in Vietnam time, the bodies the forms
 * send. Tested in tests/unit/case-view.test.ts.
 */
import { type CasePriority, type CaseStatus, casePriorityLabels, caseStatusLabels, type Guarded } from "../../../../shared/cases.ts";

const hour = 3600_000;
const timeFormat = new Intl.DateTimeFormat("vi-VN", {
  timeZone: "Asia/Ho_Chi_Minh",
  day: "2-digit",
  month: "2-digit",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
});
const dateFormat = new Intl.DateTimeFormat("vi-VN", { timeZone: "UTC", day: "2-digit", month: "2-digit", year: "numeric" });

export function vietnamTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : timeFormat.format(date);
}

/** A calendar day (YYYY-MM-DD) as Vietnamese short date. */
export function dayLabel(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  return Number.isNaN(date.getTime()) ? day : dateFormat.format(date);
}

/** Today in Asia/Ho_Chi_Minh, YYYY-MM-DD. */
export function vietnamToday(now: Date = new Date()): string {
  return new Date(now.getTime() + 7 * hour).toISOString().slice(0, 10);
}

/** A `datetime-local` value read as Vietnam time → ISO 8601 with +07:00; undefined when empty or malformed. */
export function localToIso(value: string): string | undefined {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(?::\d{2})?$/.exec(value.trim());
  return match ? `${match[1]}T${match[2]}:00+07:00` : undefined;
}

export function statusName(status: CaseStatus): string {
  return caseStatusLabels[status]?.vi ?? status;
}

export function priorityName(priority: CasePriority): string {
  return casePriorityLabels[priority]?.vi ?? priority;
}

/** A personal field as shown: its value, the "not allowed" text, or nothing. */
export function guardedText(value: Guarded | undefined, hiddenText: string): { text: string; hidden: boolean } | undefined {
  if (value === undefined) return undefined;
  return "value" in value ? { text: value.value, hidden: false } : { text: hiddenText, hidden: true };
}

/** The non-empty entries of a form, trimmed; checkboxes with the same name become a list. */
export function formValues(data: FormData): Record<string, string | string[]> {
  const values: Record<string, string | string[]> = {};
  data.forEach((raw, name) => {
    if (typeof raw !== "string") return;
    const value = raw.trim();
    const existing = values[name];
    if (existing === undefined) values[name] = value;
    else values[name] = Array.isArray(existing) ? [...existing, value] : [existing, value];
  });
  return values;
}

/** Drops empty strings (an untouched optional field is left out of the body). */
export function compact(body: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(body).filter(([, value]) => value !== "" && value !== undefined));
}

export function asList(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).filter((item) => item !== "");
}
