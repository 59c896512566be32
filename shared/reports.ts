/**
 * The vocabulary of reports (tin báo), shared by the reports function and the web forms. The
 * request shapes below are the API contract; the function validates them with zod
 * (functions/reports/schemas.ts) and the web builds them (web/src/scripts/report*.ts).
 *
 * A plain HTML form (no JavaScript) posts the same fields `application/x-www-form-urlencoded`,
 * nested names joined by dots and lists repeated: `commune`, `narrative`, `acts` (repeated),
 * `occurredOn`, `location`, `danger`, `victim.sex`, `victim.ageBand`, `victim.child` ("yes"),
 * `reporter.anonymous` ("yes"/"no"), `reporter.name`, `reporter.phone`, `reporter.relationship`,
 * `safeContact.mayCall` ("yes"/"no"), `safeContact.when`, `safeContact.channel`,
 * `safeContact.neverCall`, `consentToContact` ("yes"), `idempotencyKey`, and the honeypot
 * `website` (must stay empty). The answer is then an HTML page instead of JSON.
 */
import type { Bilingual } from "./labels.ts";
import type { ReceiptThread } from "./reporter-messages.ts";
import type { PendingTransfer, TransferView } from "./transfers.ts";

/** The names a plain (no-JavaScript) report form posts; the page sends all but `idempotencyKey`, which a static page cannot make. */
export const reportFormFieldNames = [
  "commune",
  "narrative",
  "acts",
  "occurredOn",
  "location",
  "danger",
  "victim.sex",
  "victim.ageBand",
  "victim.child",
  "reporter.anonymous",
  "reporter.name",
  "reporter.phone",
  "reporter.relationship",
  "safeContact.mayCall",
  "safeContact.when",
  "safeContact.channel",
  "safeContact.neverCall",
  "consentToContact",
  "website",
  "idempotencyKey",
] as const;

export const reportChannels = ["online", "hotline", "trusted-address", "walk-in", "police", "school", "other"] as const;
export type ReportChannel = (typeof reportChannels)[number];
/** The channels an officer records a report from (online reports come from the public form). */
export const intakeChannels = ["hotline", "trusted-address", "walk-in", "police", "school", "other"] as const satisfies readonly ReportChannel[];
export type IntakeChannel = (typeof intakeChannels)[number];

export const channelLabels: Record<ReportChannel, Bilingual> = {
  online: { vi: "Báo tin trực tuyến", en: "Online report" },
  hotline: { vi: "Đường dây nóng / điện thoại", en: "Hotline / phone" },
  "trusted-address": { vi: "Địa chỉ tin cậy", en: "Trusted address" },
  "walk-in": { vi: "Trực tiếp tại UBND xã", en: "In person at the commune office" },
  police: { vi: "Công an chuyển đến", en: "From the police" },
  school: { vi: "Nhà trường chuyển đến", en: "From a school" },
  other: { vi: "Khác", en: "Other" },
};

export const reportStatuses = ["new", "case-opened", "linked", "not-dv", "duplicate", "referred"] as const;
export type ReportStatus = (typeof reportStatuses)[number];

export const statusLabels: Record<ReportStatus, Bilingual> = {
  new: { vi: "Mới, chờ xử lý", en: "New, awaiting triage" },
  "case-opened": { vi: "Đã mở vụ việc", en: "Case opened" },
  linked: { vi: "Đã gộp vào vụ việc", en: "Linked to a case" },
  "not-dv": { vi: "Không phải bạo lực gia đình", en: "Not domestic violence" },
  duplicate: { vi: "Trùng tin báo khác", en: "Duplicate" },
  referred: { vi: "Đã chuyển nơi khác", en: "Referred elsewhere" },
};

/** Triage: open a case, link to one, or close the report with a reason. */
export const triageActions = ["open-case", "link-case", "not-dv", "duplicate", "referred"] as const;
export type TriageAction = (typeof triageActions)[number];
export const triageOutcome: Record<TriageAction, Exclude<ReportStatus, "new">> = {
  "open-case": "case-opened",
  "link-case": "linked",
  "not-dv": "not-dv",
  duplicate: "duplicate",
  referred: "referred",
};

/** What the reporter sees with their receipt code: never more than this. */
export const publicStatuses = ["received", "in-progress", "closed"] as const;
export type PublicStatus = (typeof publicStatuses)[number];
export function publicStatusOf(status: ReportStatus): PublicStatus {
  if (status === "new") return "received";
  if (status === "case-opened" || status === "linked") return "in-progress";
  return "closed";
}
export const publicStatusLabels: Record<PublicStatus, Bilingual> = {
  received: { vi: "Đã tiếp nhận", en: "Received" },
  "in-progress": { vi: "Đang được xử lý", en: "Being handled" },
  closed: { vi: "Đã khép lại", en: "Closed" },
};

export const dangerAnswers = ["yes", "no", "unknown"] as const;
export type DangerAnswer = (typeof dangerAnswers)[number];

export const sexes = ["female", "male", "other", "unknown"] as const;
export type Sex = (typeof sexes)[number];
export const sexLabels: Record<Sex, Bilingual> = {
  female: { vi: "Nữ", en: "Female" },
  male: { vi: "Nam", en: "Male" },
  other: { vi: "Khác", en: "Other" },
  unknown: { vi: "Không rõ", en: "Unknown" },
};

/** The statistics' age bands (TT 07/2017/TT-BVHTTDL): under 16, 16–59, 60 and over. */
export const ageBands = ["under-16", "16-59", "60-plus", "unknown"] as const;
export type AgeBand = (typeof ageBands)[number];
export const ageBandLabels: Record<AgeBand, Bilingual> = {
  "under-16": { vi: "Dưới 16 tuổi", en: "Under 16" },
  "16-59": { vi: "Từ 16 đến 59 tuổi", en: "16 to 59" },
  "60-plus": { vi: "Từ 60 tuổi trở lên", en: "60 or over" },
  unknown: { vi: "Không rõ", en: "Unknown" },
};

export const reporterRelationships = ["self", "family", "neighbour", "other"] as const;
export type ReporterRelationship = (typeof reporterRelationships)[number];
export const relationshipLabels: Record<ReporterRelationship, Bilingual> = {
  self: { vi: "Tôi là người bị bạo lực", en: "I am the person harmed" },
  family: { vi: "Người thân trong gia đình", en: "A family member" },
  neighbour: { vi: "Hàng xóm", en: "A neighbour" },
  other: { vi: "Khác", en: "Other" },
};

export const contactChannels = ["call", "sms", "zalo", "in-person"] as const;
export type ContactChannel = (typeof contactChannels)[number];
export const contactChannelLabels: Record<ContactChannel, Bilingual> = {
  call: { vi: "Gọi điện", en: "Phone call" },
  sms: { vi: "Tin nhắn SMS", en: "Text message" },
  zalo: { vi: "Zalo", en: "Zalo" },
  "in-person": { vi: "Gặp trực tiếp", en: "In person" },
};

/** Size limits, enforced by the API and mirrored by the forms' maxlength. */
export const reportLimits = {
  narrative: 5000,
  location: 300,
  name: 120,
  phone: 20,
  when: 200,
  addition: 3000,
  reason: 1000,
  receivedByName: 120,
  /** The whole request body, in bytes. */
  body: 32 * 1024,
} as const;

// ——— The API contract ———

export interface ReportInput {
  commune: string;
  narrative: string;
  acts: string[];
  /** YYYY-MM-DD, not in the future (Asia/Ho_Chi_Minh). */
  occurredOn?: string;
  location?: string;
  danger: DangerAnswer;
  victim?: { sex?: Sex; ageBand?: AgeBand; child?: boolean };
  reporter: { anonymous: true } | { anonymous: false; name: string; phone: string; relationship?: ReporterRelationship };
  safeContact?: { mayCall: boolean; when?: string; channel?: ContactChannel; neverCall?: string };
  consentToContact: boolean;
}

/** POST /api/reports (public; header Idempotency-Key) → 201 PublicReceipt. */
export interface PublicReportInput extends ReportInput {
  /** Honeypot: a hidden field people never fill. */
  website?: string;
}
export interface PublicReceipt {
  /** Shown once, in groups of four digits: "1234 5678 9012 3456". */
  receiptCode: string;
  status: PublicStatus;
  urgent: boolean;
}

/** POST /api/receipts/status {receiptCode} → 200 ReceiptStatus (404 problem when unknown; 429 after too many wrong codes). */
export interface ReceiptStatus {
  status: PublicStatus;
  /** YYYY-MM-DD of receipt, Asia/Ho_Chi_Minh. */
  receivedOn: string;
  additions: number;
  /** The officers' messages and when the reporter answered (shared/reporter-messages.ts). */
  thread: ReceiptThread;
}
/** POST /api/receipts/additions {receiptCode, text} → 201 ReceiptStatus. */

/** POST /api/communes/{commune}/reports (officer, report:create) → 201 ReportDetail. */
export interface IntakeInput extends ReportInput {
  channel: IntakeChannel;
  /** ISO date-time the report was received (not in the future). */
  receivedAt: string;
  /** Who received it when not the officer recording it (a trusted-address keeper, a teacher). */
  receivedByName?: string;
}

/** GET /api/communes/{commune}/reports?status&channel&from&to&limit&cursor (officer, report:read). */
export interface InboxItem {
  id: string;
  commune: string;
  channel: ReportChannel;
  status: ReportStatus;
  urgent: boolean;
  acts: string[];
  receivedAt: string;
  victim?: { sex?: Sex; ageBand?: AgeBand; child?: boolean };
  additions: number;
  caseId?: string;
  /** A transfer to another commune waits for its answer ("đang chuyển"): the report stays here meanwhile. */
  transfer?: PendingTransfer;
}
export interface InboxPage {
  items: InboxItem[];
  nextCursor?: string;
  counts: { total: number; byStatus: Record<ReportStatus, number>; urgentNew: number };
}

/** GET /api/reports/{reportId} (officer, report:read; identity fields only with case:read-identity). */
export interface ReportDetail extends InboxItem {
  version: number;
  narrative?: string;
  location?: string;
  occurredOn?: string;
  danger: DangerAnswer;
  reporter: { anonymous: boolean; name?: string; phone?: string; relationship?: ReporterRelationship };
  safeContact?: { mayCall: boolean; when?: string; channel?: ContactChannel; neverCall?: string };
  consentToContact: boolean;
  receivedBy?: string;
  receivedByName?: string;
  additionsText?: { at: string; text: string }[];
  /** `by` is the officer's id; `byName` their name, which the pages show. */
  triage?: { action: TriageAction; reason?: string; caseId?: string; caseNumber?: string; by: string; byName?: string; at: string };
  /** False when the reader may not see names, phone numbers, addresses and narratives. */
  identityVisible: boolean;
  /** The mediation (prevention register) the report was filed from. */
  mediationId?: string;
  /** Transfers between communes, oldest first (docs/cases.md "Chuyển xã"), and whether the reader may ask one. */
  transfers?: TransferView[];
  canTransfer?: boolean;
}

/** POST /api/reports/{reportId}/triage (officer, report:triage) → 200 ReportDetail; 409 when stale. */
export interface TriageInput {
  action: TriageAction;
  expectedVersion: number;
  /** Required for not-dv, duplicate, referred. */
  reason?: string;
  /** For link-case: the case's number as officers see it ("NB-2026-000123"), or its id. */
  caseNumber?: string;
  caseId?: string;
}
