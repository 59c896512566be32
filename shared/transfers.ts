/**
 * Transfers between communes (issue 14, docs/cases.md "Chuyển xã"): a case, or a report not yet
 * triaged, handed by its commune to another commune of the province, which accepts or declines;
 * or moved at once by a province officer. Shared by the functions and the officer pages.
 */

export const transferReasons = ["family-moved", "wrong-commune", "other"] as const;
export type TransferReason = (typeof transferReasons)[number];

export const transferReasonLabels: Record<TransferReason, { vi: string; en: string }> = {
  "family-moved": { vi: "Gia đình đã chuyển đến xã khác", en: "The family moved to another commune" },
  "wrong-commune": { vi: "Tin báo/vụ việc ghi nhầm xã", en: "Filed under the wrong commune" },
  other: { vi: "Lý do khác", en: "Another reason" },
};

/** requested → accepted | declined | withdrawn; `moved`: a province officer's direct move (never pending). */
export const transferStates = ["requested", "accepted", "declined", "withdrawn", "moved"] as const;
export type TransferState = (typeof transferStates)[number];

export const transferStateLabels: Record<TransferState, { vi: string; en: string }> = {
  requested: { vi: "Đang chuyển — chờ xã nhận", en: "Transfer pending" },
  accepted: { vi: "Xã nhận đã tiếp nhận", en: "Accepted" },
  declined: { vi: "Xã nhận đã từ chối", en: "Declined" },
  withdrawn: { vi: "Xã gửi đã rút lại", en: "Withdrawn" },
  moved: { vi: "Cán bộ tỉnh đã chuyển xã", en: "Moved by the province" },
};

export const transferLimits = { note: 1000 } as const;

/**
 * What the receiving commune reads before it accepts: codes only, never a name, a place or a
 * narrative (docs/cases.md: the non-identifying summary). The note is the sender's words to the
 * receiver, sealed, shown only to officers who may read identities.
 */
export interface TransferSummary {
  acts: string[];
  urgent?: boolean;
  /** A case's. */
  caseStatus?: string;
  priority?: string;
  openedAt?: string;
  /** A report's. */
  channel?: string;
  receivedAt?: string;
  victim?: { sex?: string; ageBand?: string; child?: boolean };
}

export interface TransferView {
  transferId: string;
  kind: "case" | "report";
  /** The case id or the report id. */
  recordId: string;
  /** A case's number (stays the same in the receiving commune). */
  caseNumber?: string;
  from: string;
  to: string;
  reason: TransferReason;
  state: TransferState;
  /** The sender's note: in clear for readers of identities; `hidden` for others. */
  note?: string;
  noteHidden?: boolean;
  requestedAt: string;
  requestedByName: string;
  decidedAt?: string;
  decidedByName?: string;
  /** Why the receiving commune declined (readers of identities). */
  declineReason?: string;
  summary: TransferSummary;
}

/** The pending transfer a record carries while it waits (lists mark it "đang chuyển"). */
export interface PendingTransfer {
  transferId: string;
  to: string;
  requestedAt: string;
}
