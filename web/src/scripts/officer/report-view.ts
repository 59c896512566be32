/**
 * The words and values the officer report pages show and send, from the shared vocabularies. Pure:
 * no DOM, tested in tests/unit/report-form-officer.test.ts.
 */
import {
  ageBandLabels,
  channelLabels,
  type InboxItem,
  type ReportChannel,
  type ReportStatus,
  sexLabels,
  statusLabels,
  type TriageAction,
  type TriageInput,
} from "../../../../shared/reports.ts";
import { violenceActs } from "../../../../shared/violence-acts.ts";

export const statusName = (status: string): string => statusLabels[status as ReportStatus]?.vi ?? status;
export const channelName = (channel: string): string => channelLabels[channel as ReportChannel]?.vi ?? channel;

/** "a, b" → "a. Đánh đập…; b. Lăng mạ…" (short form: the letters only). */
export function actNames(codes: readonly string[], short = false): string {
  if (codes.length === 0) return "—";
  if (short) return codes.join(", ");
  return codes.map((code) => `${code}. ${violenceActs.find((act) => act.code === code)?.vi ?? code}`).join("; ");
}

export function victimSummary(victim: InboxItem["victim"], childWord = "trẻ em"): string {
  if (!victim) return "—";
  const parts = [
    victim.sex ? sexLabels[victim.sex]?.vi : undefined,
    victim.ageBand ? ageBandLabels[victim.ageBand]?.vi : undefined,
    victim.child ? childWord : undefined,
  ].filter((part): part is string => Boolean(part));
  return parts.length > 0 ? parts.join(", ") : "—";
}

// Times as the officer pages show and read them (shared/vietnam-time.ts).
export { vietnamDateTime as vietnamTime, vietnamLocalMinute, vietnamLocalToIso } from "../../../../shared/vietnam-time.ts";

/** The triage body from the form's fields; reason and case id only where the action takes them. */
export function triageBody(fields: { action: string; reason: string; caseNumber: string; expectedVersion: number }): TriageInput {
  const action = fields.action as TriageAction;
  const body: TriageInput = { action, expectedVersion: fields.expectedVersion };
  const reason = fields.reason.trim();
  if (reason !== "" && action !== "open-case") body.reason = reason;
  const caseNumber = fields.caseNumber.trim();
  if (action === "link-case" && caseNumber !== "") body.caseNumber = caseNumber;
  return body;
}

/** What is missing from a triage before it is sent (the API checks again). */
export function triageMissing(body: TriageInput): ("action" | "reason" | "caseNumber")[] {
  if (!body.action) return ["action"];
  if ((body.action === "not-dv" || body.action === "duplicate" || body.action === "referred") && !body.reason) return ["reason"];
  if (body.action === "link-case" && !body.caseNumber) return ["caseNumber"];
  return [];
}
