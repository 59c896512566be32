/**
 * Pure helpers of the case pages (no DOM): labels, dates in Vietnam time, the bodies the forms
 * send. Tested in tests/unit/case-view.test.ts.
 */
import { type CasePriority, type CaseStatus, casePriorityLabels, caseStatusLabels, type Guarded } from "../../../../shared/cases.ts";

// Times as the officer pages show and read them (shared/vietnam-time.ts).
export { dayLabel, vietnamDateTime as vietnamTime, vietnamDay as vietnamToday, vietnamLocalToIso as localToIso } from "../../../../shared/vietnam-time.ts";

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
