import type { MyWork, WorkLine } from "../../shared/case-work.ts";
import { referralAnswerDays } from "../../shared/case-work.ts";
import { hasPermission, type Principal } from "../../shared/permissions.ts";
import { addDays, vietnamDay } from "../../shared/vietnam-time.ts";

/**
 * My work (issue 14, part 1): what an officer has to do today, from keys and indexes only (no
 * Scan): the cases assigned to them and open, follow-ups overdue / due today / in the next 7 days,
 * no-contact orders ending in the next 24 hours, referrals without an answer after 7 days, and the
 * reports of their communes not triaged after 24 hours; and, for an officer who answers transfers,
 * how many cases and reports other communes handed to theirs wait for an answer. A commune leader
 * sees the case lines for the whole commune; an officer, those of their own cases. Case numbers,
 * ids and dates only.
 */
export interface WorkCase {
  caseId: string;
  caseNumber: string;
  commune: string;
  status: string;
  nextDue?: string;
}

export interface WorkStore {
  /** Open and closed cases assigned to the officer (headers). */
  assignedCases(officerId: string): Promise<WorkCase[]>;
  /** Cases of a commune with an open follow-up due on or before `lastDay`. */
  casesDueBy(commune: string, lastDay: string): Promise<WorkCase[]>;
  /** No-contact orders of a commune whose end falls in [from, to] (ISO instants). */
  ordersEnding(commune: string, from: string, to: string): Promise<{ caseId: string; caseNumber: string; endsAt: string }[]>;
  /** Referrals of a commune sent on or before `sentBy` and still without an answer. */
  referralsAwaiting(commune: string, sentBy: string): Promise<{ caseId: string; sentOn: string }[]>;
  caseNumbers(caseIds: readonly string[]): Promise<Map<string, WorkCase>>;
  /** New (untriaged) reports of a commune received before `receivedBefore`. */
  untriagedReports(commune: string, receivedBefore: string): Promise<{ reportId: string; receivedAt: string }[]>;
  /** New reports of a commune (the inbox counter). */
  newReportCount(commune: string): Promise<number>;
  /** Open cases of a commune (new, intervening, monitoring). */
  openCaseCount(commune: string): Promise<number>;
  /** Cases and reports handed to a commune and waiting for its answer. */
  incomingTransferCount(commune: string): Promise<number>;
}

const hour = 3_600_000;

export async function myWork(store: WorkStore, officer: Principal, now: Date = new Date()): Promise<MyWork> {
  const communes = officer.jurisdiction.kind === "communes" ? officer.jurisdiction.communes : [];
  const wholeCommune = hasPermission(officer, "measure:order") && communes.length > 0;
  const mayCases = hasPermission(officer, "case:read");
  const today = vietnamDay(now);
  const weekEnd = addDays(today, 7);
  const lines: WorkLine[] = [];

  const assigned = mayCases ? (await store.assignedCases(officer.id)).filter((entry) => entry.status !== "closed") : [];
  for (const entry of assigned)
    lines.push({ kind: "assigned", caseId: entry.caseId, caseNumber: entry.caseNumber, commune: entry.commune, when: today, section: "summary" });

  // The case lines: the leader's whole commune, or the officer's own cases.
  const own = new Set(assigned.map((entry) => entry.caseId));
  const mine = (caseId: string) => wholeCommune || own.has(caseId);
  const dueCases = wholeCommune ? (await Promise.all(communes.map((commune) => store.casesDueBy(commune, weekEnd)))).flat() : assigned;
  for (const entry of dueCases) {
    if (entry.nextDue === undefined || entry.nextDue > weekEnd || entry.status === "closed") continue;
    const kind = entry.nextDue < today ? "follow-up-overdue" : entry.nextDue === today ? "follow-up-today" : "follow-up-week";
    lines.push({ kind, caseId: entry.caseId, caseNumber: entry.caseNumber, commune: entry.commune, when: entry.nextDue, section: "followups" });
  }
  if (mayCases) {
    const ending = await Promise.all(
      communes.map(async (commune) =>
        (await store.ordersEnding(commune, now.toISOString(), new Date(now.getTime() + 24 * hour).toISOString())).map((order) => ({ ...order, commune })),
      ),
    );
    for (const order of ending.flat()) {
      if (!mine(order.caseId)) continue;
      lines.push({ kind: "order-ending", caseId: order.caseId, caseNumber: order.caseNumber, commune: order.commune, when: order.endsAt, section: "measures" });
    }
    const awaiting = (
      await Promise.all(
        communes.map(async (commune) => (await store.referralsAwaiting(commune, addDays(today, -referralAnswerDays))).map((entry) => ({ ...entry, commune }))),
      )
    )
      .flat()
      .filter((entry) => mine(entry.caseId));
    const numbers = await store.caseNumbers([...new Set(awaiting.map((entry) => entry.caseId))]);
    for (const entry of awaiting) {
      const header = numbers.get(entry.caseId);
      if (header === undefined || header.status === "closed") continue;
      lines.push({
        kind: "referral-unanswered",
        caseId: entry.caseId,
        caseNumber: header.caseNumber,
        commune: entry.commune,
        when: entry.sentOn,
        section: "referrals",
      });
    }
  }
  if (hasPermission(officer, "report:triage")) {
    const before = new Date(now.getTime() - 24 * hour).toISOString();
    for (const commune of communes) {
      for (const report of await store.untriagedReports(commune, before)) {
        lines.push({ kind: "report-untriaged", reportId: report.reportId, commune, when: report.receivedAt });
      }
    }
  }

  const [newReports, openCommune, incoming] = await Promise.all([
    hasPermission(officer, "report:read") ? Promise.all(communes.map((commune) => store.newReportCount(commune))) : Promise.resolve([]),
    wholeCommune ? Promise.all(communes.map((commune) => store.openCaseCount(commune))) : Promise.resolve([]),
    hasPermission(officer, "case:transfer") ? Promise.all(communes.map((commune) => store.incomingTransferCount(commune))) : Promise.resolve([]),
  ]);
  const sum = (numbers: number[]) => numbers.reduce((total, n) => total + n, 0);
  const count = (kind: WorkLine["kind"]) => lines.filter((line) => line.kind === kind).length;
  return {
    scope: wholeCommune ? "commune" : "own",
    lines,
    counts: {
      newReports: sum(newReports),
      openCases: wholeCommune ? sum(openCommune) : assigned.length,
      overdueFollowUps: count("follow-up-overdue"),
      ordersEnding: count("order-ending"),
      incomingTransfers: sum(incoming),
    },
  };
}

/** The digest of one officer's list (e-mail): counts and case numbers only — never a name, a place or a report's content. */
export function digestMessage(work: MyWork, today: string): { subject: string; text: string } | undefined {
  const waiting = work.counts.incomingTransfers;
  if (work.lines.length === 0 && waiting === 0) return undefined;
  const groups: [WorkLine["kind"], string, string][] = [
    ["follow-up-overdue", "Theo dõi quá hạn", "Overdue follow-ups"],
    ["follow-up-today", "Theo dõi đến hạn hôm nay", "Follow-ups due today"],
    ["follow-up-week", "Theo dõi trong 7 ngày tới", "Follow-ups in the next 7 days"],
    ["order-ending", "Cấm tiếp xúc hết hạn trong 24 giờ", "No-contact orders ending within 24 hours"],
    ["referral-unanswered", "Chuyển tuyến chưa phản hồi sau 7 ngày", "Referrals unanswered after 7 days"],
    ["report-untriaged", "Tin báo chưa phân loại sau 24 giờ", "Reports not triaged after 24 hours"],
    ["assigned", "Vụ việc được phân công đang mở", "Open cases assigned to you"],
  ];
  const body = groups
    .map(([kind, vi, en]) => {
      const matching = work.lines.filter((line) => line.kind === kind);
      if (matching.length === 0) return undefined;
      const numbers = [...new Set(matching.map((line) => line.caseNumber).filter((n): n is string => n !== undefined))];
      return `${vi} / ${en}: ${String(matching.length)}${numbers.length > 0 ? ` — ${numbers.join(", ")}` : ""}`;
    })
    .filter((line): line is string => line !== undefined);
  if (waiting > 0) body.push(`Xã khác chuyển đến, chờ xã nhận / Handed over by other communes, waiting for yours: ${String(waiting)}`);
  return {
    subject: `Việc của tôi ngày ${today} / My work on ${today}: ${String(work.lines.length + waiting)}`,
    text: [
      ...body,
      "",
      "Mở Việc của tôi trên trang cán bộ để xem chi tiết. / Open My work on the officer site for the details.",
      "Thư này chỉ có số lượng và số vụ việc. / This message holds counts and case numbers only.",
    ].join("\n"),
  };
}
