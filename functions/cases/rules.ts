import type { ReferralStatus } from "../../shared/case-work.ts";
import {
  type CasePriority,
  type CaseStatus,
  casePriorities,
  caseTransitions,
  type MeasureStatus,
  type PartyAgeBand,
  type RiskQuestion,
  riskQuestions,
  type Vulnerability,
} from "../../shared/cases.ts";
import { measureDefinition, type OrderingAuthority, orderedInsideThePlatform } from "../../shared/measures.ts";
import { vietnamDay, vietnamYear } from "../../shared/vietnam-time.ts";
import { RuleError } from "../lib/kit/index.ts";

/**
 * The Law's rules for a case, as pure functions: no AWS types, no I/O. The service
 * (functions/cases/service.ts) calls them before every change; a refusal is the kit's RuleError,
 * naming the field in Vietnamese and English (a 400 problem).
 */
const hour = 3600_000;

// — Status ——————————————————————————————————————————————————————————————————————————————————————

export interface TransitionInput {
  from: CaseStatus;
  to: CaseStatus;
  reason?: string;
  /** The case has a child victim and no child-protection officer linked. */
  childProtectionMissing: boolean;
}

export function checkTransition(input: TransitionInput): void {
  if (!caseTransitions[input.from].includes(input.to)) {
    throw new RuleError(
      "body.to",
      `Không thể chuyển vụ việc từ trạng thái "${input.from}" sang "${input.to}"`,
      `A case cannot move from "${input.from}" to "${input.to}"`,
    );
  }
  if (input.to === "closed" && (input.reason === undefined || input.reason === "")) {
    throw new RuleError("body.reason", "Hãy chọn lý do đóng vụ việc", "Choose the reason to close the case");
  }
  if (input.from === "closed" && (input.reason === undefined || input.reason === "")) {
    throw new RuleError("body.note", "Hãy ghi lý do mở lại vụ việc", "Give the reason to reopen the case");
  }
  if (input.to !== "closed" && input.childProtectionMissing) {
    throw new RuleError(
      "body.to",
      "Vụ việc có trẻ em bị bạo lực: hãy liên kết cán bộ bảo vệ trẻ em trước khi can thiệp (Điều 4)",
      "A child is a victim: link the child-protection officer before intervening (Art. 4)",
    );
  }
}

// — Parties ——————————————————————————————————————————————————————————————————————————————————————

export interface PartyFacts {
  role: "victim" | "perpetrator";
  birthYear?: number;
  ageBand: PartyAgeBand;
  vulnerabilities: readonly Vulnerability[];
}

/** A child (under 16 by the Law on Children, or marked a child). */
export function isChild(party: PartyFacts, now: Date): boolean {
  if (party.vulnerabilities.includes("child")) return true;
  if (party.ageBand === "under-16") return true;
  return party.birthYear !== undefined && vietnamYear(now) - party.birthYear < 16;
}

/**
 * Aged 18 or over for certain: an adult age band, or a birth year at least 19 years back (a birth
 * year 18 years back may still be 17 today). Unknown is not adult: the rule protects minors.
 */
export function isCertainlyAdult(party: PartyFacts, now: Date): boolean {
  if (party.birthYear !== undefined) return vietnamYear(now) - party.birthYear >= 19;
  return party.ageBand === "18-59" || party.ageBand === "60-plus";
}

export function checkPartyFacts(party: PartyFacts, now: Date): void {
  if (party.birthYear !== undefined) {
    const age = vietnamYear(now) - party.birthYear;
    if (age < 0 || age > 120) throw new RuleError("body.birthYear", "Năm sinh không hợp lệ", "Not a valid birth year");
    const band: PartyAgeBand = age < 16 ? "under-16" : age < 18 ? "16-17" : age < 60 ? "18-59" : "60-plus";
    // A birth year 16, 18 or 60 years back sits on a band's edge: both bands are believable.
    const edge = age === 16 || age === 18 || age === 60;
    if (party.ageBand !== "unknown" && party.ageBand !== band && !edge) {
      throw new RuleError("body.ageBand", "Nhóm tuổi không khớp với năm sinh", "The age band does not match the birth year");
    }
  }
}

// — Risk assessment ——————————————————————————————————————————————————————————————————————————————

/** Score = sum of weights; any weight-3 answer or a score ≥ 4 → urgent; a score ≥ 2 → high. */
export function assessRisk(answers: readonly RiskQuestion[]): { score: number; priority: CasePriority } {
  const chosen = riskQuestions.filter((question) => answers.includes(question.code));
  const score = chosen.reduce((sum, question) => sum + question.weight, 0);
  const severe = chosen.some((question) => question.weight >= 3);
  const priority: CasePriority = severe || score >= 4 ? "urgent" : score >= 2 ? "high" : "normal";
  return { score, priority };
}

/** The assessment raises the priority; it never lowers what an officer or the report set. */
export function raisePriority(current: CasePriority, assessed: CasePriority): CasePriority {
  return casePriorities.indexOf(assessed) > casePriorities.indexOf(current) ? assessed : current;
}

// — Measures —————————————————————————————————————————————————————————————————————————————————————

export interface MeasureInput {
  code: string;
  status: MeasureStatus;
  authority: OrderingAuthority;
  perpetratorId?: string;
  decisionNumber?: string;
  startsAt?: string;
  endsAt?: string;
}

export interface MeasureContext {
  /** The recording officer holds `measure:order` (Chủ tịch / Phó Chủ tịch UBND xã). */
  mayOrder: boolean;
  /** The perpetrator the measure names, when it names one. */
  perpetrator?: PartyFacts;
  now: Date;
}

/** Adds calendar months in Asia/Ho_Chi_Minh wall time (the 4-month limit of a court's order). */
export function addMonths(iso: string, months: number): number {
  const local = new Date(Date.parse(iso) + 7 * hour);
  const day = local.getUTCDate();
  local.setUTCDate(1);
  local.setUTCMonth(local.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth() + 1, 0)).getUTCDate();
  local.setUTCDate(Math.min(day, lastDay));
  return local.getTime() - 7 * hour;
}

export function checkMeasure(input: MeasureInput, context: MeasureContext): void {
  const definition = measureDefinition(input.code);
  if (definition === undefined) throw new RuleError("body.code", "Biện pháp không có trong Điều 22", "Not a measure of Art. 22");
  if (!definition.authorities.includes(input.authority)) {
    throw new RuleError("body.authority", "Cơ quan, người này không có thẩm quyền quyết định biện pháp đó", "This authority does not order that measure");
  }
  if (definition.perpetrator && input.perpetratorId === undefined) {
    throw new RuleError("body.perpetratorId", "Hãy chọn người có hành vi bạo lực bị áp dụng biện pháp", "Choose the perpetrator the measure applies to");
  }
  if (input.perpetratorId !== undefined && context.perpetrator?.role !== "perpetrator") {
    throw new RuleError("body.perpetratorId", "Không có người có hành vi bạo lực này trong vụ việc", "No such perpetrator in this case");
  }
  if (input.status === "ordered" || input.status === "ended") {
    // Only a role that may order a measure records it as ordered (the chair's own decisions).
    if (orderedInsideThePlatform.includes(input.authority) && !context.mayOrder) {
      throw new RuleError(
        "body.status",
        "Chỉ Chủ tịch hoặc Phó Chủ tịch UBND xã mới ghi nhận quyết định này; hãy ghi là đề xuất",
        "Only the commune chair or vice-chair records this decision; record it as proposed",
      );
    }
    if (input.authority !== "case-officer" && (input.decisionNumber === undefined || input.decisionNumber === "")) {
      throw new RuleError("body.decisionNumber", "Hãy ghi số quyết định", "Enter the decision number");
    }
    if (input.startsAt === undefined) throw new RuleError("body.startsAt", "Hãy ghi thời điểm bắt đầu", "Enter when it starts");
  }
  if (input.startsAt !== undefined && input.endsAt !== undefined && Date.parse(input.endsAt) <= Date.parse(input.startsAt)) {
    throw new RuleError("body.endsAt", "Thời điểm kết thúc phải sau thời điểm bắt đầu", "It must end after it starts");
  }
  if (input.status === "declined" && orderedInsideThePlatform.includes(input.authority) && !context.mayOrder) {
    throw new RuleError(
      "body.status",
      "Chỉ Chủ tịch hoặc Phó Chủ tịch UBND xã mới không chấp thuận đề xuất này",
      "Only the commune chair or vice-chair declines this proposal",
    );
  }
  const limit = definition.maxDuration?.[input.authority];
  // The Law's limits hold for a proposal too: the chair must not be asked for what they may not order.
  const proposalWithoutDates = input.status === "proposed" && (input.startsAt === undefined || input.endsAt === undefined);
  if (limit !== undefined && !proposalWithoutDates) {
    if (input.startsAt === undefined || input.endsAt === undefined) {
      throw new RuleError("body.endsAt", "Hãy ghi thời điểm kết thúc của quyết định", "Enter when the order ends");
    }
    const latest = "hours" in limit ? Date.parse(input.startsAt) + limit.hours * hour : addMonths(input.startsAt, limit.months);
    if (Date.parse(input.endsAt) > latest) {
      throw new RuleError(
        "body.endsAt",
        "hours" in limit
          ? `Quyết định cấm tiếp xúc của Chủ tịch UBND xã tối đa ${String(limit.hours / 24)} ngày mỗi lần (Điều 25)`
          : `Quyết định cấm tiếp xúc của Tòa án tối đa ${String(limit.months)} tháng (Điều 26)`,
        "hours" in limit
          ? `A commune chair's no-contact order lasts at most ${String(limit.hours / 24)} days each time (Art. 25)`
          : `A court's no-contact order lasts at most ${String(limit.months)} months (Art. 26)`,
      );
    }
  }
  if (definition.adultPerpetratorOnly && context.perpetrator !== undefined && !isCertainlyAdult(context.perpetrator, context.now)) {
    throw new RuleError(
      "body.perpetratorId",
      "Góp ý, phê bình trong cộng đồng chỉ áp dụng với người từ đủ 18 tuổi (Điều 32)",
      "Community criticism applies only to a perpetrator aged 18 or over (Art. 32)",
    );
  }
}

export function checkCriticismSession(perpetrator: PartyFacts | undefined, now: Date): void {
  if (perpetrator?.role !== "perpetrator") {
    throw new RuleError("body.perpetratorId", "Hãy chọn người có hành vi bạo lực", "Choose the perpetrator");
  }
  if (!isCertainlyAdult(perpetrator, now)) {
    throw new RuleError(
      "body.perpetratorId",
      "Góp ý, phê bình trong cộng đồng chỉ áp dụng với người từ đủ 18 tuổi (Điều 32)",
      "Community criticism applies only to a perpetrator aged 18 or over (Art. 32)",
    );
  }
}

/** When officers are reminded before an order ends: 24 hours before, or halfway for a shorter order. */
export function reminderTime(startsAt: string, endsAt: string): string {
  const start = Date.parse(startsAt);
  const end = Date.parse(endsAt);
  const at = Math.max(end - 24 * hour, start + (end - start) / 2);
  return new Date(at).toISOString();
}

// — Referrals ————————————————————————————————————————————————————————————————————————————————————

export interface ReferralCheck {
  victim?: PartyFacts & { referralConsent: boolean };
  override?: { reason: string };
  /** The officer may record an override (`measure:order`: the commune chair or vice-chair). */
  mayOverride: boolean;
}

export function checkReferral(input: ReferralCheck): "consent" | "override" {
  if (input.victim?.role !== "victim") throw new RuleError("body.victimId", "Hãy chọn người bị bạo lực", "Choose the victim");
  if (input.victim.referralConsent) return "consent";
  if (input.override === undefined) {
    throw new RuleError(
      "body.victimId",
      "Người bị bạo lực chưa đồng ý cho chuyển tuyến: ghi nhận sự đồng ý, hoặc lãnh đạo xã ghi lý do chuyển tuyến không cần đồng ý",
      "The victim has not consented to referral: record the consent, or a commune leader records an override with a reason",
    );
  }
  if (!input.mayOverride) {
    throw new RuleError(
      "body.override",
      "Chỉ Chủ tịch hoặc Phó Chủ tịch UBND xã được chuyển tuyến khi chưa có sự đồng ý",
      "Only the commune chair or vice-chair may refer without consent",
    );
  }
  if (input.override.reason.trim().length < 10) {
    throw new RuleError("body.override.reason", "Hãy ghi rõ lý do (ít nhất 10 ký tự)", "Give the reason (at least 10 characters)");
  }
  return "override";
}

// — Follow-ups ———————————————————————————————————————————————————————————————————————————————————

export function isOverdue(followUp: { dueOn: string; doneOn?: string }, now: Date): boolean {
  return followUp.doneOn === undefined && followUp.dueOn < vietnamDay(now);
}

/** The earliest due date among open follow-ups (what the case list sorts and flags by). */
export function nextDue(followUps: readonly { dueOn: string; doneOn?: string }[]): string | undefined {
  return followUps
    .filter((followUp) => followUp.doneOn === undefined)
    .map((followUp) => followUp.dueOn)
    .sort()[0];
}

// — Closing ——————————————————————————————————————————————————————————————————————————————————————

/**
 * The statuses after which a referral is no longer waiting on anyone (shared/case-work.ts: the
 * service was given, or the receiving body declined). Sent, received, accepted and no answer are
 * still open; so is a referral recorded before referrals had a status.
 */
export const finalReferralStatuses: ReadonlySet<string> = new Set<ReferralStatus>(["service-given", "declined"]);

export type OpenItemKind = "order" | "service" | "referral" | "follow-up";

/** What a case still has open, as the closing check sees it (no personal data: kinds and dates). */
export interface CaseWork {
  measures: readonly { status: string; endsAt?: string }[];
  services: readonly { endsOn?: string }[];
  referrals: readonly { status?: string }[];
  followUps: readonly { dueOn: string; doneOn?: string }[];
}

const openItemWords: Record<OpenItemKind, { vi: string; en: string }> = {
  order: { vi: "biện pháp đang có hiệu lực", en: "measure in force" },
  service: { vi: "hỗ trợ chưa kết thúc", en: "service still running" },
  referral: { vi: "chuyển gửi chưa có kết quả", en: "referral still open" },
  "follow-up": { vi: "lần theo dõi quá hạn", en: "overdue follow-up" },
};

/** How many of each kind of work are still open: orders in force, services running, referrals open, follow-ups overdue. */
export function openWork(work: CaseWork, now: Date): Partial<Record<OpenItemKind, number>> {
  const today = vietnamDay(now);
  const counts: Partial<Record<OpenItemKind, number>> = {};
  const add = (kind: OpenItemKind, n: number) => {
    if (n > 0) counts[kind] = n;
  };
  add(
    "order",
    work.measures.filter((measure) => measure.status === "ordered" && (measure.endsAt === undefined || Date.parse(measure.endsAt) > now.getTime())).length,
  );
  add("service", work.services.filter((service) => service.endsOn === undefined || service.endsOn >= today).length);
  add("referral", work.referrals.filter((referral) => referral.status === undefined || !finalReferralStatuses.has(referral.status)).length);
  add("follow-up", work.followUps.filter((followUp) => isOverdue(followUp, now)).length);
  return counts;
}

/** "1 biện pháp đang có hiệu lực, 2 lần theo dõi quá hạn" (and its English twin). */
export function describeOpenWork(counts: Partial<Record<OpenItemKind, number>>): { vi: string; en: string } {
  const entries = (Object.entries(counts) as [OpenItemKind, number][]).filter(([, n]) => n > 0);
  return {
    vi: entries.map(([kind, n]) => `${String(n)} ${openItemWords[kind].vi}`).join(", "),
    en: entries.map(([kind, n]) => `${String(n)} ${openItemWords[kind].en}${n > 1 ? "s" : ""}`).join(", "),
  };
}

/**
 * A case closes when nothing is left open; otherwise the refusal lists what is, and only a commune
 * leader (`measure:order`) may close it anyway, with a reason of at least 10 characters.
 */
export function checkClosing(open: Partial<Record<OpenItemKind, number>>, input: { mayOverride: boolean; override?: string }): "clear" | "override" {
  const words = describeOpenWork(open);
  if (words.vi === "") return "clear";
  if (input.override === undefined || input.override.trim() === "") {
    throw new RuleError(
      "body.to",
      `Chưa thể đóng vụ việc: còn ${words.vi}. Hãy kết thúc những việc này trước, hoặc lãnh đạo xã đóng vụ việc kèm lý do.`,
      `The case cannot be closed yet: ${words.en}. Finish them first, or a commune leader closes it with a reason.`,
    );
  }
  if (!input.mayOverride) {
    throw new RuleError(
      "body.override",
      `Chỉ Chủ tịch hoặc Phó Chủ tịch UBND xã được đóng vụ việc khi còn ${words.vi}`,
      `Only the commune chair or vice-chair may close a case with ${words.en}`,
    );
  }
  if (input.override.trim().length < 10) {
    throw new RuleError(
      "body.override",
      "Hãy ghi rõ lý do đóng khi còn việc dở (ít nhất 10 ký tự)",
      "Give the reason to close with work open (at least 10 characters)",
    );
  }
  return "override";
}
