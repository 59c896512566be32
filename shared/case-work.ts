/**
 * Case work as officers live it (issue 14): referral outcomes, case notes, the same perpetrator in
 * another case (Điều 32's repeat rule), finding a person's cases, assignment, and My work. The API
 * contract shared by the cases function and the officer pages.
 */
import type { Bilingual } from "./labels.ts";

// — Referral outcomes ————————————————————————————————————————————————————————————————————————————

export const referralStatuses = ["sent", "received", "accepted", "service-given", "declined", "no-answer"] as const;
export type ReferralStatus = (typeof referralStatuses)[number];
export const referralStatusLabels: Record<ReferralStatus, Bilingual> = {
  sent: { vi: "Đã gửi", en: "Sent" },
  received: { vi: "Đã nhận", en: "Received" },
  accepted: { vi: "Đã chấp nhận", en: "Accepted" },
  "service-given": { vi: "Đã cung cấp dịch vụ", en: "Service given" },
  declined: { vi: "Từ chối", en: "Declined" },
  "no-answer": { vi: "Không phản hồi", en: "No answer" },
};
/** A referral is open (shown on the case page, counted in My work) until the service is given or declined. */
export const openReferralStatuses: readonly ReferralStatus[] = ["sent", "received", "accepted", "no-answer"];
/** Days after sending without an answer before My work lists a referral. */
export const referralAnswerDays = 7;

/** One step of a referral's history: status and the day it happened; a decline's reason is sealed. */
export interface ReferralStep {
  status: ReferralStatus;
  on: string;
  by: string;
  at: string;
  /** A decline's reason, for readers who may see identities. */
  reason?: { value: string } | { hidden: true };
}

/** POST /api/cases/{caseId}/referrals/{referralId}/status */
export interface ReferralStatusInput {
  expectedVersion: number;
  status: Exclude<ReferralStatus, "sent">;
  on: string;
  reason?: string;
}

// — Notes ————————————————————————————————————————————————————————————————————————————————————————

/** A case note (append-only): a correction is a new note naming the note it corrects. */
export interface CaseNoteView {
  noteId: string;
  at: string;
  by: string;
  byName: string;
  text: string;
  corrects?: string;
}

// — Same person, find by name ————————————————————————————————————————————————————————————————

/** Another case of the same perpetrator, as recorded on the party (case numbers only). */
export interface SamePersonLink {
  caseId: string;
  caseNumber: string;
  partyId: string;
  /** When that case was opened: the Điều 32 count takes acts within 12 months. */
  openedAt: string;
}

/** A case found by the person index: numbers and dates only, never a name. */
export interface PersonMatch {
  caseId: string;
  caseNumber: string;
  partyId: string;
  role: string;
  status: string;
  openedAt: string;
  /** True when the year of birth matched too (the search gave one). */
  sameBirthYear: boolean;
}

/** Acts of violence within 12 months and at least 2 — Điều 32 of Luật 13/2022/QH15. */
export const repeatRule = { acts: 2, months: 12 } as const;

// — My work ——————————————————————————————————————————————————————————————————————————————————————

/** The section of the case page a My work line opens (anchors of /can-bo/vu-viec/ho-so/). */
export type CaseSection = "summary" | "followups" | "measures" | "referrals";

export interface WorkLine {
  kind: "assigned" | "follow-up-overdue" | "follow-up-today" | "follow-up-week" | "order-ending" | "referral-unanswered" | "report-untriaged";
  /** A case's number, or absent for a report. */
  caseNumber?: string;
  caseId?: string;
  reportId?: string;
  commune: string;
  /** The date the line is about: due day, order end, referral sent, report received. */
  when: string;
  section?: CaseSection;
}

export interface MyWork {
  /** "own": the officer's assigned cases and their communes' reports; "commune": a leader's whole commune. */
  scope: "own" | "commune";
  lines: WorkLine[];
  /** `incomingTransfers`: cases and reports other communes handed to the officer's communes, waiting for an answer. */
  counts: { newReports: number; openCases: number; overdueFollowUps: number; ordersEnding: number; incomingTransfers: number };
}
