import { dutyLabels, recommendationStatusLabels, taskStatusLabels } from "../../shared/oversight.ts";
import { hasPermission } from "../../shared/permissions.ts";
import { addDays, dayLabel } from "../../shared/vietnam-time.ts";
import { communeOfficerEmails, type OfficerRecord } from "../admin/officer-directory.ts";
import type { Deliver } from "../reports/notifier.ts";
import type { OversightService, Recommendation, Task, WithOverdue } from "./service.ts";

/**
 * The daily reminder (EventBridge Scheduler in AWS, the local scheduler of `npm start`): every
 * officer responsible for a task or a recommendation that is overdue or due within 7 days gets ONE
 * message grouping all of them, at most once a day (a marker per officer and Vietnam day, written
 * with a condition, so a second run the same day — or a retried one — sends nothing twice).
 *
 * Responsible: for a commune's item, the commune's officers who may report on it
 * (`oversight:report`); for a department's task, the province's officers who manage the plan.
 * Titles, due days and statuses only: progress texts and evidence never leave the system.
 */
export const reminderHorizonDays = 7;

export interface ReminderMarks {
  /** True the first time only for this officer and day. */
  markReminded(day: string, officerId: string, expiresAt: number): Promise<boolean>;
}

type Due = { kind: "task"; item: WithOverdue<Task> } | { kind: "recommendation"; item: WithOverdue<Recommendation> };

function responsible(officers: readonly OfficerRecord[], due: Due): OfficerRecord[] {
  const commune = due.kind === "task" ? (due.item.unit.kind === "commune" ? due.item.unit.commune : undefined) : due.item.commune;
  if (commune !== undefined) {
    const emails = new Set(communeOfficerEmails(officers, commune, "oversight:report"));
    return officers.filter((officer) => emails.has(officer.email));
  }
  return officers.filter((officer) => officer.status !== "disabled" && officer.jurisdiction.kind === "province" && hasPermission(officer, "oversight:manage"));
}

function line(due: Due, communeName: (code: string) => string): string {
  if (due.kind === "task") {
    const unit = due.item.unit.kind === "commune" ? communeName(due.item.unit.commune) : due.item.unit.name;
    const status = taskStatusLabels[due.item.overdue ? "overdue" : due.item.status].vi;
    return `- Nhiệm vụ "${due.item.title}" (${dutyLabels[due.item.duty].vi}; ${unit}): hạn ${dayLabel(due.item.dueDate)} — ${status}`;
  }
  const status = recommendationStatusLabels[due.item.overdue ? "overdue" : due.item.status].vi;
  return `- Kiến nghị sau kiểm tra (${communeName(due.item.commune)}): hạn ${dayLabel(due.item.dueDate)} — ${status}`;
}

export async function runOversightReminders(options: {
  service: OversightService;
  marks: ReminderMarks;
  officers: () => Promise<OfficerRecord[]>;
  deliver: Deliver;
  communeName: (code: string) => string;
}): Promise<number> {
  const { today, tasks, recommendations } = await options.service.openItems(reminderHorizonDays);
  const due: Due[] = [...tasks.map((item) => ({ kind: "task" as const, item })), ...recommendations.map((item) => ({ kind: "recommendation" as const, item }))];
  if (due.length === 0) return 0;
  const officers = await options.officers();
  const byOfficer = new Map<string, { officer: OfficerRecord; items: Due[] }>();
  for (const entry of due) {
    for (const officer of responsible(officers, entry)) {
      const group = byOfficer.get(officer.id) ?? { officer, items: [] };
      group.items.push(entry);
      byOfficer.set(officer.id, group);
    }
  }
  const expiresAt = Math.floor(new Date(`${addDays(today, 3)}T00:00:00+07:00`).getTime() / 1000);
  let sent = 0;
  for (const { officer, items } of byOfficer.values()) {
    if (!(await options.marks.markReminded(today, officer.id, expiresAt))) continue;
    const overdue = items.filter((entry) => entry.item.overdue).length;
    await options.deliver({
      to: [officer.email],
      subject: `[PCBLGĐ] ${String(items.length)} việc sắp đến hạn hoặc quá hạn / ${String(items.length)} items due or overdue`,
      text: [
        `Ngày ${dayLabel(today)}: ${String(items.length)} nhiệm vụ, kiến nghị của đơn vị anh/chị sắp đến hạn trong ${String(reminderHorizonDays)} ngày hoặc đã quá hạn (${String(overdue)} quá hạn).`,
        ...items.map((entry) => line(entry, options.communeName)),
        "",
        "Đăng nhập trang Cán bộ → Kế hoạch, kiểm tra để báo cáo tiến độ.",
        `${String(items.length)} tasks or recommendations of your unit are due within ${String(reminderHorizonDays)} days or overdue (${String(overdue)} overdue). Sign in to the officer pages to report progress.`,
      ].join("\n"),
    });
    sent++;
  }
  return sent;
}
