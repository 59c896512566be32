/**
 * The pure part of the report pages' scripts (no DOM; tested in tests/unit/report-form.test.ts):
 * the JSON a report form sends, built from its fields exactly as a plain form POST names them
 * (shared/reports.ts); the Idempotency-Key that stays the same while the same report is retried;
 * receipt codes in groups of four; and the wait a 429 asks for.
 */
import type { ContactChannel, DangerAnswer, PublicReportInput, ReporterRelationship } from "../../../shared/reports.ts";
import { vietnamDay } from "../../../shared/vietnam-time.ts";

/** The fields of a form as `FormData` gives them: name → every value, in order. */
export type FormFields = ReadonlyMap<string, readonly string[]>;

export function fieldsOf(entries: Iterable<[string, FormDataEntryValue]>): Map<string, string[]> {
  const fields = new Map<string, string[]>();
  for (const [name, value] of entries) {
    if (typeof value !== "string") continue;
    const list = fields.get(name);
    if (list) list.push(value);
    else fields.set(name, [value]);
  }
  return fields;
}

/**
 * The request body for POST /api/reports (and, with channel and receivedAt added by the intake
 * page, for officer intake). Empty optional fields are left out; text is trimmed; choices are sent
 * as given and the API checks them. The honeypot is sent only when something filled it.
 */
export function buildReportInput(fields: FormFields): PublicReportInput {
  const one = (name: string) => (fields.get(name)?.[0] ?? "").trim();
  const input: PublicReportInput = {
    commune: one("commune"),
    narrative: one("narrative"),
    acts: [...new Set(fields.get("acts") ?? [])],
    danger: one("danger") as DangerAnswer,
    reporter: { anonymous: true },
    consentToContact: one("consentToContact") === "yes",
  };
  const occurredOn = one("occurredOn");
  if (occurredOn) input.occurredOn = occurredOn;
  const location = one("location");
  if (location) input.location = location;

  const victim: NonNullable<PublicReportInput["victim"]> = {};
  const sex = one("victim.sex");
  if (sex) victim.sex = sex as NonNullable<typeof victim.sex>;
  const ageBand = one("victim.ageBand");
  if (ageBand) victim.ageBand = ageBand as NonNullable<typeof victim.ageBand>;
  if (one("victim.child") === "yes") victim.child = true;
  if (Object.keys(victim).length > 0) input.victim = victim;

  if (one("reporter.anonymous") === "no") {
    const relationship = one("reporter.relationship");
    input.reporter = {
      anonymous: false,
      name: one("reporter.name"),
      phone: one("reporter.phone"),
      ...(relationship ? { relationship: relationship as ReporterRelationship } : {}),
    };
  }

  const mayCall = one("safeContact.mayCall");
  const when = one("safeContact.when");
  const channel = one("safeContact.channel");
  const neverCall = one("safeContact.neverCall");
  if (mayCall || when || channel || neverCall) {
    input.safeContact = {
      // Unsaid is "no": never call someone who did not say yes.
      mayCall: mayCall === "yes",
      ...(when ? { when } : {}),
      ...(channel ? { channel: channel as ContactChannel } : {}),
      ...(neverCall ? { neverCall } : {}),
    };
  }

  const website = fields.get("website")?.[0] ?? "";
  if (website !== "") input.website = website;
  return input;
}

/** The fields a report form must have before it is worth sending (the API checks everything again). */
export type MissingField = "danger" | "commune" | "narrative" | "reporter.name" | "reporter.phone";

export function missingFields(input: PublicReportInput): MissingField[] {
  const missing: MissingField[] = [];
  if (!input.danger) missing.push("danger");
  if (!input.commune) missing.push("commune");
  if (!input.narrative) missing.push("narrative");
  if (!input.reporter.anonymous) {
    if (!input.reporter.name) missing.push("reporter.name");
    if (!input.reporter.phone) missing.push("reporter.phone");
  }
  return missing;
}

/**
 * One Idempotency-Key per report: the same body sent again (a retry after a lost answer) carries
 * the same key, so the API creates one report; a changed body (the person corrected a field after
 * an error) gets a new key, so a stored answer to the old body is never replayed for the new one.
 * Kept in memory only — never in storage, never in the URL.
 */
export class IdempotencyKeys {
  private last: { body: string; key: string } | undefined;

  constructor(private readonly newKey: () => string) {}

  keyFor(body: string): string {
    if (this.last?.body !== body) this.last = { body, key: this.newKey() };
    return this.last.key;
  }

  /** After a report was accepted: the next one is a new report. */
  forget(): void {
    this.last = undefined;
  }
}

/** "1234567890123456" or "1234 5678 9012 3456" → "1234 5678 9012 3456"; anything else unchanged. */
export function groupReceiptCode(code: string): string {
  const digits = code.replace(/[\s-]/g, "");
  return /^\d+$/.test(digits) ? (digits.match(/\d{1,4}/g) ?? []).join(" ") : code.trim();
}

/** Minutes to wait after a 429, from its Retry-After (seconds, or an HTTP date); at least 1. */
export function retryAfterMinutes(header: string | null, now: number = Date.now()): number {
  if (!header) return 15;
  const seconds = /^\d+$/.test(header.trim()) ? Number(header.trim()) : (Date.parse(header) - now) / 1000;
  if (!Number.isFinite(seconds)) return 15;
  return Math.max(1, Math.ceil(seconds / 60));
}

/** Today in Vietnam as YYYY-MM-DD (the latest day a report may say it happened). */
export const todayInVietnam = (now: Date = new Date()): string => vietnamDay(now);

/** "2026-11-29" → "29/11/2026" (vi) or "29 November 2026" (en); anything else unchanged. */
export function formatDay(day: string, locale: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return day;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]), 12));
  return new Intl.DateTimeFormat(locale === "en" ? "en-GB" : "vi-VN", {
    timeZone: "UTC",
    day: locale === "en" ? "numeric" : "2-digit",
    month: locale === "en" ? "long" : "2-digit",
    year: "numeric",
  }).format(date);
}
