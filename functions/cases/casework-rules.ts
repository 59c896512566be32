import { type ReferralStatus, repeatRule, type SamePersonLink } from "../../shared/case-work.ts";
import { RuleError } from "../lib/kit/index.ts";

/**
 * The rules of issue 14's case work, pure functions (tests/unit/casework-rules.test.ts):
 * referral outcomes and Điều 32's repeat condition for community criticism.
 */

/** Where a referral may go from each status: answers move it on; "no answer" may still be answered later. */
const referralSteps: Record<ReferralStatus, readonly ReferralStatus[]> = {
  sent: ["received", "accepted", "declined", "no-answer"],
  received: ["accepted", "declined", "service-given", "no-answer"],
  accepted: ["service-given", "declined"],
  "no-answer": ["received", "accepted", "declined", "service-given"],
  "service-given": [],
  declined: [],
};

export function checkReferralStep(input: { from: ReferralStatus; to: ReferralStatus; on: string; lastOn: string; reason?: string }): void {
  if (!referralSteps[input.from].includes(input.to)) {
    throw new RuleError(
      "body.status",
      `Không chuyển được chuyển tuyến từ "${input.from}" sang "${input.to}"`,
      `A referral cannot go from "${input.from}" to "${input.to}"`,
    );
  }
  if (input.on < input.lastOn) {
    throw new RuleError("body.on", "Ngày này sớm hơn bước trước của chuyển tuyến", "This day is before the referral's previous step");
  }
  if (input.to === "declined" && (input.reason === undefined || input.reason.trim().length < 3)) {
    throw new RuleError("body.reason", "Hãy ghi lý do từ chối", "Give the reason for the decline");
  }
}

const yearMs = 365.25 * 86_400_000;

/**
 * Acts of violence of the same person within 12 months of this case: this case, and each other
 * case recorded as the same person opened within 12 months of it (before or after). A case is one
 * act here — the commune counts cases it handled, not incidents nobody reported.
 */
export function actsWithinTwelveMonths(openedAt: string, links: readonly SamePersonLink[]): number {
  const at = Date.parse(openedAt);
  return 1 + new Set(links.filter((link) => Math.abs(Date.parse(link.openedAt) - at) <= yearMs).map((link) => link.caseId)).size;
}

/**
 * Điều 32: community criticism needs ≥ 2 acts within 12 months (besides the perpetrator being an
 * adult, rules.ts). Without them a commune leader (measure:order) may still decide it, with a
 * reason (≥ 10 characters, sealed) — as for a referral without consent. Answers the basis.
 */
export function checkRepeatRule(input: { acts: number; override?: { reason: string }; mayOverride: boolean }): "repeat" | "override" {
  if (input.acts >= repeatRule.acts) return "repeat";
  if (input.override === undefined) {
    throw new RuleError(
      "body.perpetratorId",
      `Góp ý, phê bình trong cộng đồng cần người có hành vi bạo lực từ ${String(repeatRule.acts)} lần trở lên trong ${String(repeatRule.months)} tháng (Điều 32); hồ sơ chỉ có ${String(input.acts)}. Hãy ghi nhận vụ việc trước của cùng người, hoặc lãnh đạo xã quyết định kèm lý do.`,
      `Community criticism needs ${String(repeatRule.acts)} or more acts within ${String(repeatRule.months)} months (Art. 32); the file shows ${String(input.acts)}. Record the same person's earlier case, or a commune leader decides with a reason.`,
    );
  }
  if (!input.mayOverride) {
    throw new RuleError("body.override", "Chỉ lãnh đạo UBND xã được quyết định ngoại lệ", "Only a commune leader may decide an exception");
  }
  if (input.override.reason.trim().length < 10) {
    throw new RuleError("body.override.reason", "Lý do quyết định ngoại lệ cần ít nhất 10 ký tự", "The exception's reason needs at least 10 characters");
  }
  return "override";
}
