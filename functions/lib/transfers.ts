import * as z from "zod/mini";
import { type TransferReason, type TransferState, type TransferView, transferLimits, transferReasons } from "../../shared/transfers.ts";
import { kitSchemas, RuleError, StaleError } from "./kit/index.ts";

/**
 * What the cases and the reports share about transfers between communes (docs/cases.md "Chuyển
 * xã"): the schemas, the target's rules and the refusal of a transfer that is no longer pending.
 * Each domain stores its own transfers beside its records (TRANSFER#<id> items).
 */

const id = kitSchemas.matching(/^[A-Za-z0-9-]{1,64}$/, "Mã không hợp lệ", "Not a valid id");

export const transferSchemas = {
  /** A commune's request, or a province officer's move: to which commune, why, and the version read. */
  request: z.strictObject({
    expectedVersion: kitSchemas.expectedVersion,
    to: kitSchemas.communeCode,
    reason: z.enum(transferReasons),
    note: z.optional(kitSchemas.text(transferLimits.note, 0)),
  }),
  decline: z.strictObject({ reason: kitSchemas.text(transferLimits.note) }),
  /** `/…/{recordParam}/transfers/{transferId}/…` */
  path: (recordParam: string) => z.strictObject({ [recordParam]: id, transferId: id }) as unknown as z.ZodMiniType<Record<string, string>>,
};

export type TransferRequest = z.infer<typeof transferSchemas.request>;

/** A transfer as stored beside its record (the note and the decline reason sealed by the domain). */
export interface StoredTransfer {
  transferId: string;
  from: string;
  to: string;
  reason: TransferReason;
  state: TransferState;
  requestedAt: string;
  requestedBy: string;
  requestedByName: string;
  decidedAt?: string;
  decidedBy?: string;
  decidedByName?: string;
  summary: TransferView["summary"];
}

/**
 * The target must be another commune of the province. `exists` answers whether the province has
 * the commune (the directory).
 */
export async function checkTarget(from: string, to: string, exists: (code: string) => Promise<boolean>): Promise<void> {
  if (to === from) throw new RuleError("body.to", "Hãy chọn một xã khác với xã đang giữ hồ sơ", "Choose a commune other than the one holding the record");
  if (!(await exists(to))) throw new RuleError("body.to", "Tỉnh không có xã/phường này", "The province has no such commune");
}

export function refuseWhilePending(pending: unknown): void {
  if (pending !== undefined && pending !== null) {
    throw new RuleError(
      "body.to",
      "Hồ sơ đang chờ xã khác tiếp nhận: hãy rút lại yêu cầu chuyển trước",
      "The record is waiting for another commune to accept it: withdraw that transfer first",
    );
  }
}

const noLongerPending = {
  vi: "Yêu cầu chuyển xã này không còn chờ xử lý (đã được tiếp nhận, từ chối hoặc rút lại); hãy tải lại.",
  en: "This transfer is no longer pending (accepted, declined or withdrawn); reload.",
};

/** The transfer must still be the record's pending one: otherwise 409 with the transfer as it is now. */
export function checkPending(transfer: StoredTransfer, pendingId: string | undefined, current: () => TransferView): void {
  if (transfer.state !== "requested" || pendingId !== transfer.transferId) throw new StaleError(current(), noLongerPending);
}

/** A transfer's decision (accepted, declined, withdrawn) by an officer, now. */
export function decided(transfer: StoredTransfer, state: TransferState, officer: { id: string; name: string }, at: string): StoredTransfer {
  return { ...transfer, state, decidedAt: at, decidedBy: officer.id, decidedByName: officer.name };
}

/** The parts of a view every domain fills the same way; the note and decline reason come from the domain's cipher. */
export function transferViewBase(
  transfer: StoredTransfer,
  record: { kind: TransferView["kind"]; recordId: string; caseNumber?: string },
): Omit<TransferView, "note" | "noteHidden" | "declineReason"> {
  return {
    transferId: transfer.transferId,
    ...record,
    from: transfer.from,
    to: transfer.to,
    reason: transfer.reason,
    state: transfer.state,
    requestedAt: transfer.requestedAt,
    requestedByName: transfer.requestedByName,
    ...(transfer.decidedAt === undefined ? {} : { decidedAt: transfer.decidedAt }),
    ...(transfer.decidedByName === undefined ? {} : { decidedByName: transfer.decidedByName }),
    summary: transfer.summary,
  };
}

export const storedTransferFields = [
  "transferId",
  "from",
  "to",
  "reason",
  "state",
  "requestedAt",
  "requestedBy",
  "requestedByName",
  "decidedAt",
  "decidedBy",
  "decidedByName",
  "summary",
] as const;

export function toStoredTransfer(item: Record<string, unknown>): StoredTransfer {
  const transfer: Record<string, unknown> = {};
  for (const field of storedTransferFields) if (item[field] !== undefined) transfer[field] = item[field];
  return transfer as unknown as StoredTransfer;
}
