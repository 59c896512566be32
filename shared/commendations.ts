/**
 * The commendation vocabulary (khen thưởng; Luật Thi đua, khen thưởng 06/2022/QH15, Nghị định
 * 152/2025/NĐ-CP, Thông tư 15/2025/TT-BNV): nominee kinds, forms and levels, the statuses of a
 * nomination and the steps between them. Shared by the service, the documents and the web.
 */

export const nomineeKinds = ["individual", "collective", "household"] as const;
export type NomineeKind = (typeof nomineeKinds)[number];

export const nomineeKindLabels: Record<NomineeKind, { vi: string; en: string }> = {
  individual: { vi: "Cá nhân", en: "Individual" },
  collective: { vi: "Tập thể", en: "Collective" },
  household: { vi: "Hộ gia đình", en: "Household" },
};

export const awardForms = ["giay-khen", "bang-khen"] as const;
export type AwardForm = (typeof awardForms)[number];
export const awardFormLabels: Record<AwardForm, { vi: string; en: string }> = {
  "giay-khen": { vi: "Giấy khen", en: "Certificate of merit (Giấy khen)" },
  "bang-khen": { vi: "Bằng khen", en: "Certificate of commendation (Bằng khen)" },
};

/** Who awards: Giấy khen by the commune chair or the head of a provincial department; Bằng khen by the province chair. */
export const awardLevels = ["commune-chair", "department-head", "province-chair"] as const;
export type AwardLevel = (typeof awardLevels)[number];
export const awardLevelLabels: Record<AwardLevel, { vi: string; en: string }> = {
  "commune-chair": { vi: "Chủ tịch UBND xã", en: "Commune People's Committee chair" },
  "department-head": { vi: "Giám đốc Sở (cấp tỉnh)", en: "Head of a provincial department" },
  "province-chair": { vi: "Chủ tịch UBND tỉnh", en: "Province People's Committee chair" },
};
export const levelsOfForm: Record<AwardForm, readonly AwardLevel[]> = {
  "giay-khen": ["commune-chair", "department-head"],
  "bang-khen": ["province-chair"],
};

export const nominationStatuses = ["draft", "submitted", "returned", "rejected", "council-approved", "appraised", "decided", "published", "revoked"] as const;
export type NominationStatus = (typeof nominationStatuses)[number];

export const statusLabels: Record<NominationStatus, { vi: string; en: string }> = {
  draft: { vi: "Nháp", en: "Draft" },
  submitted: { vi: "Đã gửi (chờ Hội đồng xét)", en: "Submitted (awaiting the council)" },
  returned: { vi: "Trả lại để bổ sung", en: "Returned for changes" },
  rejected: { vi: "Không được đề nghị", en: "Rejected" },
  "council-approved": { vi: "Hội đồng đã thông qua (chờ thẩm định)", en: "Approved by the council (awaiting appraisal)" },
  appraised: { vi: "Đã thẩm định (chờ quyết định)", en: "Appraised (awaiting the decision)" },
  decided: { vi: "Đã có quyết định khen thưởng", en: "Decided" },
  published: { vi: "Đã công bố", en: "Published" },
  revoked: { vi: "Đã thu hồi", en: "Revoked" },
};

/** The sections of a báo cáo thành tích (achievement report). */
export const reportSections = ["background", "achievements", "measures", "previousAwards"] as const;
export type ReportSection = (typeof reportSections)[number];
export const reportSectionLabels: Record<ReportSection, { vi: string; en: string }> = {
  background: { vi: "Sơ lược lý lịch / đặc điểm, tình hình", en: "Background" },
  achievements: { vi: "Thành tích đạt được", en: "Achievements" },
  measures: { vi: "Các giải pháp, biện pháp đã thực hiện", en: "Measures taken" },
  previousAwards: { vi: "Các hình thức khen thưởng đã được ghi nhận", en: "Previous awards" },
};
export type AchievementReport = { background: string; achievements: string; measures: string; previousAwards?: string };

export const stepActions = [
  "created",
  "edited",
  "submitted",
  "resubmitted",
  "council-approved",
  "council-returned",
  "council-rejected",
  "appraisal-approved",
  "appraisal-returned",
  "appraisal-rejected",
  "decided",
  "published",
  "revoked",
  "attachment-added",
] as const;
export type StepAction = (typeof stepActions)[number];

export const stepLabels: Record<StepAction, { vi: string; en: string }> = {
  created: { vi: "Tạo hồ sơ đề nghị", en: "Created" },
  edited: { vi: "Sửa hồ sơ", en: "Edited" },
  submitted: { vi: "Gửi đề nghị", en: "Submitted" },
  resubmitted: { vi: "Gửi lại sau khi bổ sung", en: "Resubmitted" },
  "council-approved": { vi: "Hội đồng biểu quyết thông qua", en: "Council approved" },
  "council-returned": { vi: "Hội đồng trả lại để bổ sung", en: "Council returned it" },
  "council-rejected": { vi: "Hội đồng không thông qua", en: "Council rejected it" },
  "appraisal-approved": { vi: "Thẩm định đạt", en: "Appraisal approved" },
  "appraisal-returned": { vi: "Thẩm định: trả lại để bổ sung", en: "Appraisal returned it" },
  "appraisal-rejected": { vi: "Thẩm định: không đạt", en: "Appraisal rejected it" },
  decided: { vi: "Ghi quyết định khen thưởng", en: "Decision recorded" },
  published: { vi: "Công bố trên trang vinh danh", en: "Published on the honour roll" },
  revoked: { vi: "Thu hồi khen thưởng", en: "Award revoked" },
  "attachment-added": { vi: "Thêm tệp minh chứng", en: "Evidence attached" },
};

export type Outcome = "approve" | "return" | "reject";

// — Wire types: what the commendations API answers (functions/commendations/) and the pages read. —

export interface Cycle {
  id: string;
  name: string;
  kind: "year" | "campaign";
  year: number;
  /** Last day (Vietnam time, yyyy-mm-dd) communes may create and submit nominations. */
  submissionDeadline: string;
  /** Last day the council may vote (optional). */
  reviewDeadline?: string;
  createdAt: string;
  createdBy: string;
}

export interface Nominee {
  kind: NomineeKind;
  /** Person, collective or household head's name (encrypted at rest). */
  name: string;
  /** Unit (đơn vị) or address of the household (encrypted at rest). */
  unit: string;
  position?: string;
}

export interface CouncilVote {
  meetingDate: string;
  membersTotal: number;
  membersPresent: number;
  votesFor: number;
  votesAgainst: number;
  abstentions: number;
  outcome: Outcome;
  comments?: string;
  recordedBy: string;
  recordedByName: string;
  recordedAt: string;
}

export interface Appraisal {
  outcome: Outcome;
  comments?: string;
  by: string;
  byName: string;
  at: string;
}

export interface Decision {
  number: string;
  date: string;
  signer: string;
  by: string;
  byName: string;
  at: string;
}

export interface Revocation {
  reason: string;
  by: string;
  byName: string;
  at: string;
}

export interface Nomination {
  id: string;
  cycleId: string;
  commune: string;
  status: NominationStatus;
  version: number;
  nominee: Nominee;
  report: AchievementReport;
  form: AwardForm;
  level: AwardLevel;
  /** The nominee (an individual or a household) agreed that their name appears on the public honour roll. */
  publicConsent: boolean;
  consentRecordedAt?: string;
  /** Folded-name key of the nominee in its cycle (the duplicate check). */
  nomineeKey: string;
  council?: CouncilVote;
  appraisal?: Appraisal;
  decision?: Decision;
  revocation?: Revocation;
  /** The comments of the last return (shown to the commune). */
  returnComments?: string;
  /** The name shown on the public honour roll, set on publication (never without consent). */
  publicName?: string;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
}

export interface Step {
  at: string;
  action: StepAction;
  from?: NominationStatus;
  to: NominationStatus;
  officerId: string;
  officerName: string;
  comments?: string;
}

/** A nomination as lists show it: without the achievement report (not decrypted for lists). */
export type NominationSummary = Omit<Nomination, "report">;

export interface NominationPage {
  items: NominationSummary[];
  cursor?: string;
}

export interface HonourEntry {
  id: string;
  year: number;
  commune: string;
  kind: NomineeKind;
  /** Undefined when the nominee did not consent to be named. */
  name?: string;
  form: AwardForm;
  level: AwardLevel;
  decisionNumber: string;
  decisionDate: string;
}

/** An evidence file as the nomination's page lists it (the storage key stays in the function). */
export interface AttachmentView {
  id: string;
  fileName: string;
  contentType: string;
  size: number;
  status: "pending" | "ready" | "rejected";
  uploadedBy: string;
  createdAt: string;
}

/** GET /api/commendations/nominations/{id}: the nomination, its history, its ready files, other nominations of the same nominee. */
export interface NominationDetail {
  nomination: Nomination;
  steps: Step[];
  attachments: AttachmentView[];
  duplicates: string[];
}
