import type { CaseNoteView, ReferralStatus, ReferralStep, SamePersonLink } from "./case-work.ts";
import type { Bilingual } from "./labels.ts";
import type { MeasureCode, OrderingAuthority } from "./measures.ts";
import type { PendingTransfer, TransferView } from "./transfers.ts";

/**
 * The vocabulary of a case (vụ việc) and the shape the cases API answers: used by the cases
 * function (functions/cases/) and the officer pages (web/src/pages/can-bo/vu-viec/).
 */

// — Status lifecycle ————————————————————————————————————————————————————————————————————————————
export const caseStatuses = ["new", "intervening", "monitoring", "closed"] as const;
export type CaseStatus = (typeof caseStatuses)[number];

export const caseStatusLabels: Record<CaseStatus, Bilingual> = {
  new: { vi: "Mới", en: "New" },
  intervening: { vi: "Đang can thiệp", en: "Intervening" },
  monitoring: { vi: "Theo dõi", en: "Monitoring" },
  closed: { vi: "Đã đóng", en: "Closed" },
};

/** The allowed transitions; `closed → intervening` is the reopening. */
export const caseTransitions: Record<CaseStatus, readonly CaseStatus[]> = {
  new: ["intervening", "closed"],
  intervening: ["monitoring", "closed"],
  monitoring: ["intervening", "closed"],
  closed: ["intervening"],
};

/**
 * How long a closed case keeps its personal fields before the retention job erases them (names,
 * phones, addresses, shelter locations, narratives, birth years); anonymous facts stay. Five years,
 * in days; the deploy sets CASE_RETENTION_DAYS from it (docs/cases.md, "Retention").
 */
/**
 * A case number as officers type it — any case, with or without the leading zeros, spaces around
 * the dashes ("nb-2026-1", "NB - 2026 - 000001") — in its stored form "NB-2026-000001"; undefined
 * when it is not a case number at all.
 */
export function normalizeCaseNumber(typed: string): string | undefined {
  const match = /^\s*([A-Za-z]{1,8})\s*-\s*(\d{4})\s*-\s*0*(\d{1,6})\s*$/.exec(typed);
  if (!match) return undefined;
  const [, prefix, year, sequence] = match as unknown as [string, string, string, string];
  return `${prefix.toUpperCase()}-${year}-${sequence.padStart(6, "0")}`;
}

export const caseRetentionDays = 1826;

export const closeReasons = ["violence-ended", "no-violence-found", "transferred", "moved-away", "other"] as const;
export type CloseReason = (typeof closeReasons)[number];
export const closeReasonLabels: Record<CloseReason, Bilingual> = {
  "violence-ended": { vi: "Bạo lực đã chấm dứt, đã theo dõi đủ", en: "Violence ended, follow-up completed" },
  "no-violence-found": { vi: "Xác minh không có bạo lực gia đình", en: "Verified: no domestic violence" },
  transferred: { vi: "Chuyển cơ quan khác xử lý", en: "Transferred to another authority" },
  "moved-away": { vi: "Các bên đã chuyển khỏi địa bàn", en: "The parties moved away" },
  other: { vi: "Lý do khác (ghi rõ)", en: "Other reason (explain)" },
};

export const casePriorities = ["normal", "high", "urgent"] as const;
export type CasePriority = (typeof casePriorities)[number];
export const casePriorityLabels: Record<CasePriority, Bilingual> = {
  normal: { vi: "Bình thường", en: "Normal" },
  high: { vi: "Cao", en: "High" },
  urgent: { vi: "Khẩn cấp", en: "Urgent" },
};

// — Parties —————————————————————————————————————————————————————————————————————————————————————
export const partyRoles = ["victim", "perpetrator"] as const;
export type PartyRole = (typeof partyRoles)[number];
export const partyRoleLabels: Record<PartyRole, Bilingual> = {
  victim: { vi: "Người bị bạo lực", en: "Victim" },
  perpetrator: { vi: "Người có hành vi bạo lực", en: "Perpetrator" },
};

export const partySexes = ["female", "male", "other", "unknown"] as const;
export type PartySex = (typeof partySexes)[number];
export const partySexLabels: Record<PartySex, Bilingual> = {
  female: { vi: "Nữ", en: "Female" },
  male: { vi: "Nam", en: "Male" },
  other: { vi: "Khác", en: "Other" },
  unknown: { vi: "Chưa rõ", en: "Unknown" },
};

/** Age bands: the statistics' bands, with 16–17 apart so the 18-year rule of Điều 32 can be applied. */
export const partyAgeBands = ["under-16", "16-17", "18-59", "60-plus", "unknown"] as const;
export type PartyAgeBand = (typeof partyAgeBands)[number];
export const partyAgeBandLabels: Record<PartyAgeBand, Bilingual> = {
  "under-16": { vi: "Dưới 16 tuổi", en: "Under 16" },
  "16-17": { vi: "16–17 tuổi", en: "16–17" },
  "18-59": { vi: "18–59 tuổi", en: "18–59" },
  "60-plus": { vi: "Từ 60 tuổi", en: "60 and over" },
  unknown: { vi: "Chưa rõ", en: "Unknown" },
};

export const relationships = [
  "spouse",
  "former-spouse",
  "partner",
  "parent",
  "child",
  "grandparent",
  "grandchild",
  "sibling",
  "in-law",
  "other-family",
  "other",
] as const;
export type Relationship = (typeof relationships)[number];
export const relationshipLabels: Record<Relationship, Bilingual> = {
  spouse: { vi: "Vợ/chồng", en: "Spouse" },
  "former-spouse": { vi: "Vợ/chồng cũ", en: "Former spouse" },
  partner: { vi: "Chung sống như vợ chồng", en: "Cohabiting partner" },
  parent: { vi: "Cha/mẹ", en: "Parent" },
  child: { vi: "Con", en: "Child" },
  grandparent: { vi: "Ông/bà", en: "Grandparent" },
  grandchild: { vi: "Cháu", en: "Grandchild" },
  sibling: { vi: "Anh/chị/em", en: "Sibling" },
  "in-law": { vi: "Thông gia, dâu, rể", en: "In-law" },
  "other-family": { vi: "Thành viên gia đình khác", en: "Other family member" },
  other: { vi: "Khác", en: "Other" },
};

export const vulnerabilities = ["child", "pregnant", "nursing-under-36-months", "elderly", "disabled", "unable-to-self-care"] as const;
export type Vulnerability = (typeof vulnerabilities)[number];
export const vulnerabilityLabels: Record<Vulnerability, Bilingual> = {
  child: { vi: "Trẻ em", en: "Child" },
  pregnant: { vi: "Đang mang thai", en: "Pregnant" },
  "nursing-under-36-months": { vi: "Đang nuôi con dưới 36 tháng tuổi", en: "Nursing a child under 36 months" },
  elderly: { vi: "Người cao tuổi", en: "Elderly" },
  disabled: { vi: "Người khuyết tật", en: "Disabled" },
  "unable-to-self-care": { vi: "Không có khả năng tự chăm sóc", en: "Unable to care for themselves" },
};

// — Consent ——————————————————————————————————————————————————————————————————————————————————————
export const consentPurposes = ["contact", "referral", "statistics"] as const;
export type ConsentPurpose = (typeof consentPurposes)[number];
export const consentPurposeLabels: Record<ConsentPurpose, Bilingual> = {
  contact: { vi: "Liên hệ với người bị bạo lực", en: "Contacting the victim" },
  referral: { vi: "Chuyển tuyến đến cơ quan, tổ chức hỗ trợ", en: "Referral to services" },
  statistics: { vi: "Đưa vào số liệu thống kê", en: "Statistics" },
};

// — Risk assessment ——————————————————————————————————————————————————————————————————————————————
/** The documented checklist (docs/cases.md): `weight` 3 = one answer alone makes the case urgent. */
export const riskQuestions = [
  { code: "threat-to-kill", weight: 3, vi: "Đã đe dọa giết hoặc dùng hung khí", en: "Threats to kill or use of a weapon" },
  { code: "strangulation", weight: 3, vi: "Đã bóp cổ, làm ngạt thở", en: "Strangulation or choking" },
  { code: "serious-injury", weight: 3, vi: "Gây thương tích cần điều trị", en: "Injuries needing treatment" },
  { code: "escalating", weight: 1, vi: "Bạo lực ngày càng thường xuyên, nghiêm trọng hơn", en: "Violence more frequent or severe" },
  { code: "separation", weight: 1, vi: "Vừa ly thân, ly hôn hoặc định rời đi", en: "Recent or planned separation" },
  { code: "child-at-risk", weight: 1, vi: "Có trẻ em bị đe dọa hoặc chứng kiến", en: "Children threatened or witnessing" },
  { code: "pregnancy", weight: 1, vi: "Người bị bạo lực đang mang thai", en: "The victim is pregnant" },
  { code: "substance-use", weight: 1, vi: "Người gây bạo lực say rượu, dùng chất kích thích", en: "Perpetrator's alcohol or drug use" },
  { code: "victim-afraid", weight: 1, vi: "Người bị bạo lực rất sợ hãi cho tính mạng", en: "The victim fears for their life" },
  { code: "prior-violence", weight: 1, vi: "Đã từng có bạo lực trước đây", en: "Earlier violence" },
] as const;
export type RiskQuestion = (typeof riskQuestions)[number]["code"];
export const riskQuestionCodes = riskQuestions.map((question) => question.code) as RiskQuestion[];

// — Support, referrals, sessions —————————————————————————————————————————————————————————————————
export const serviceKinds = ["medical", "counselling", "legal-aid", "shelter", "essential-needs", "other"] as const;
export type ServiceKind = (typeof serviceKinds)[number];
export const serviceKindLabels: Record<ServiceKind, Bilingual> = {
  medical: { vi: "Chăm sóc y tế", en: "Medical care" },
  counselling: { vi: "Tư vấn tâm lý", en: "Counselling" },
  "legal-aid": { vi: "Trợ giúp pháp lý", en: "Legal aid" },
  shelter: { vi: "Nơi tạm lánh", en: "Temporary shelter" },
  "essential-needs": { vi: "Hỗ trợ nhu cầu thiết yếu", en: "Essential needs" },
  other: { vi: "Hỗ trợ khác", en: "Other support" },
};

/**
 * Where a victim is referred (issue 14: health care, legal aid, counselling, shelter, police, court,
 * another body). Values are stored on referrals: add new ones, never rename or remove one (older
 * referrals keep theirs — "social-protection", "womens-union", "child-protection" stay readable).
 */
export const referralTargets = [
  "health",
  "legal-aid",
  "counselling",
  "shelter",
  "police",
  "court",
  "social-protection",
  "womens-union",
  "child-protection",
  "other",
] as const;
export type ReferralTarget = (typeof referralTargets)[number];
export const referralTargetLabels: Record<ReferralTarget, Bilingual> = {
  health: { vi: "Cơ sở y tế", en: "Health care" },
  "legal-aid": { vi: "Trợ giúp pháp lý", en: "Legal aid" },
  counselling: { vi: "Tư vấn, tham vấn tâm lý", en: "Counselling" },
  shelter: { vi: "Nơi tạm lánh, địa chỉ tin cậy", en: "Shelter" },
  police: { vi: "Công an", en: "Police" },
  court: { vi: "Tòa án", en: "Court" },
  "social-protection": { vi: "Cơ sở trợ giúp xã hội", en: "Social protection" },
  "womens-union": { vi: "Hội Liên hiệp Phụ nữ", en: "Women's Union" },
  "child-protection": { vi: "Bảo vệ trẻ em", en: "Child protection" },
  other: { vi: "Cơ quan, tổ chức khác", en: "Another body" },
};

export const sessionKinds = ["mediation", "community-criticism"] as const;
export type SessionKind = (typeof sessionKinds)[number];
export const sessionKindLabels: Record<SessionKind, Bilingual> = {
  mediation: { vi: "Hòa giải", en: "Mediation" },
  "community-criticism": { vi: "Góp ý, phê bình trong cộng đồng", en: "Community criticism" },
};

/** `declined`: a proposal the commune leader did not approve (the proposal stays on file, with its history). */
export const measureStatuses = ["proposed", "ordered", "ended", "revoked", "declined"] as const;
export type MeasureStatus = (typeof measureStatuses)[number];
export const measureStatusLabels: Record<MeasureStatus, Bilingual> = {
  proposed: { vi: "Đề xuất", en: "Proposed" },
  ordered: { vi: "Đã quyết định", en: "Ordered" },
  ended: { vi: "Đã kết thúc", en: "Ended" },
  revoked: { vi: "Đã hủy bỏ", en: "Revoked" },
  declined: { vi: "Không chấp thuận", en: "Declined" },
};

// — API answers ——————————————————————————————————————————————————————————————————————————————————
/** A personal field the reader may not see is answered as `hidden: true` instead of a value. */
export type Guarded = { value: string } | { hidden: true };

export interface ConsentState {
  given: boolean;
  by: string;
  at: string;
}

export interface PartyView {
  partyId: string;
  role: PartyRole;
  name?: Guarded;
  phone?: Guarded;
  address?: Guarded;
  sex: PartySex;
  birthYear?: number;
  ageBand: PartyAgeBand;
  relationship: Relationship;
  vulnerabilities: Vulnerability[];
  consents: Partial<Record<ConsentPurpose, ConsentState>>;
  /** Perpetrators: the same person in other cases of the commune (issue 14). */
  sameAs?: SamePersonLink[];
}

export interface MeasureView {
  measureId: string;
  code: MeasureCode;
  status: MeasureStatus;
  authority: OrderingAuthority;
  perpetratorId?: string;
  decisionNumber?: string;
  startsAt?: string;
  endsAt?: string;
  recordedBy: string;
  recordedAt: string;
}

export interface ServiceView {
  serviceId: string;
  kind: ServiceKind;
  victimId?: string;
  provider: string;
  startsOn: string;
  endsOn?: string;
  /** Shelters only; hidden from roles that do not need it. */
  location?: Guarded;
}

export interface ReferralView {
  referralId: string;
  target: ReferralTarget;
  victimId: string;
  basis: "consent" | "override";
  overrideReason?: Guarded;
  referredOn: string;
  recordedBy: string;
  /** The outcome over time (issue 14): the current status and every step with its day. */
  status: ReferralStatus;
  history: ReferralStep[];
}

export interface SessionView {
  sessionId: string;
  kind: SessionKind;
  heldOn: string;
  perpetratorId?: string;
  outcome?: Guarded;
}

export interface FollowUpView {
  followUpId: string;
  dueOn: string;
  doneOn?: string;
  notes?: Guarded;
  overdue: boolean;
}

export interface TimelineEvent {
  at: string;
  by: string;
  byName: string;
  action: string;
  /** Codes and ids only, never personal data. */
  detail: Record<string, string | number | boolean>;
  version: number;
}

export interface CaseSummary {
  caseId: string;
  caseNumber: string;
  commune: string;
  status: CaseStatus;
  priority: CasePriority;
  openedAt: string;
  updatedAt: string;
  version: number;
  nextDue?: string;
  overdue: boolean;
  /** A no-contact order ends soon (the reminder job set it). */
  alerts: string[];
  /** A transfer to another commune waits for its answer ("đang chuyển"): the case stays here meanwhile. */
  transfer?: PendingTransfer;
}

export interface CaseView extends CaseSummary {
  acts: string[];
  reportIds: string[];
  assignedOfficers: { officerId: string; name: string }[];
  childProtectionOfficer?: { name: string; unit: string };
  risk?: { answers: RiskQuestion[]; score: number; priority: CasePriority; assessedBy: string; assessedAt: string };
  closeReason?: CloseReason;
  closeNote?: Guarded;
  /** A commune leader's reason to close while work was still open. */
  closeOverride?: Guarded;
  closedAt?: string;
  erasedAt?: string;
  parties: PartyView[];
  measures: MeasureView[];
  services: ServiceView[];
  referrals: ReferralView[];
  sessions: SessionView[];
  followUps: FollowUpView[];
  timeline: TimelineEvent[];
  /** Case notes, only for readers who may see identities (issue 14). */
  notes?: CaseNoteView[];
  /** What the reader may see: the page hides sections accordingly. */
  canSeeIdentity: boolean;
  canWrite: boolean;
  canOrder: boolean;
  /** Transfers between communes, oldest first (docs/cases.md "Chuyển xã"). */
  transfers?: TransferView[];
  canTransfer?: boolean;
}
