/**
 * Leading and checking the work (issue 13): the vocabulary of the province plan's tasks, the
 * inspections and their recommendations, and the yearly Directive 08 report. Shared by the
 * oversight function and the officer pages (the web never imports functions/).
 */

type Label = { vi: string; en: string };

/** The plan's headings (the duties a task serves), in the order of the yearly report. */
export const duties = ["leadership", "awareness", "prevention", "intervention", "commendation"] as const;
export type Duty = (typeof duties)[number];
export const dutyLabels: Record<Duty, Label> = {
  leadership: { vi: "Lãnh đạo, chỉ đạo và kiểm tra", en: "Leadership, direction and inspection" },
  awareness: { vi: "Tuyên truyền, nâng cao nhận thức", en: "Awareness raising" },
  prevention: { vi: "Phòng ngừa bạo lực gia đình", en: "Prevention" },
  intervention: { vi: "Can thiệp, hỗ trợ nạn nhân", en: "Intervention and support" },
  commendation: { vi: "Thi đua, khen thưởng", en: "Commendation" },
};

/** Stored task statuses; "overdue" is never stored: it is computed from the due day (Vietnam days). */
export const taskStatuses = ["not-started", "in-progress", "done"] as const;
export type TaskStatus = (typeof taskStatuses)[number];
export const taskStatusLabels: Record<TaskStatus | "overdue", Label> = {
  "not-started": { vi: "Chưa thực hiện", en: "Not started" },
  "in-progress": { vi: "Đang thực hiện", en: "In progress" },
  done: { vi: "Đã hoàn thành", en: "Done" },
  overdue: { vi: "Quá hạn", en: "Overdue" },
};

export const recommendationStatuses = ["open", "in-progress", "done", "not-done"] as const;
export type RecommendationStatus = (typeof recommendationStatuses)[number];
export const recommendationStatusLabels: Record<RecommendationStatus | "overdue", Label> = {
  open: { vi: "Chưa thực hiện", en: "Open" },
  "in-progress": { vi: "Đang thực hiện", en: "In progress" },
  done: { vi: "Đã thực hiện", en: "Done" },
  "not-done": { vi: "Không thực hiện được", en: "Not done" },
  overdue: { vi: "Quá hạn", en: "Overdue" },
};

/** Statuses that close an item: it leaves the open queue (no overdue flag, no reminder). */
export const closedTaskStatuses: readonly TaskStatus[] = ["done"];
export const closedRecommendationStatuses: readonly RecommendationStatus[] = ["done", "not-done"];

export const checklistAnswers = ["yes", "partly", "no"] as const;
export type ChecklistAnswer = (typeof checklistAnswers)[number];
export const checklistAnswerLabels: Record<ChecklistAnswer, Label> = {
  yes: { vi: "Đạt", en: "Yes" },
  partly: { vi: "Đạt một phần", en: "Partly" },
  no: { vi: "Chưa đạt", en: "No" },
};

/** The checklist a new province starts with; the province edits it (it is data, not code). */
export const defaultChecklist: { id: string; text: string }[] = [
  { id: "plan-issued", text: "UBND xã đã ban hành kế hoạch thực hiện công tác PCBLGĐ trong năm" },
  { id: "trusted-addresses", text: "Địa chỉ tin cậy, đường dây nóng của xã đang hoạt động" },
  { id: "cases-recorded", text: "Các vụ việc BLGĐ được ghi nhận, xử lý và báo cáo đầy đủ" },
  { id: "statistics-on-time", text: "Số liệu thống kê về gia đình và BLGĐ được gửi đúng hạn" },
  { id: "models-active", text: "Mô hình phòng, chống BLGĐ ở cộng đồng duy trì sinh hoạt" },
];

/** The responsible unit of a task: a province department (by name) or one commune. */
export type ResponsibleUnit = { kind: "department"; name: string } | { kind: "commune"; commune: string };

/** An item is overdue when its due day has passed (Asia/Ho_Chi_Minh) and it is still open. */
export function isOverdue(dueDate: string, closed: boolean, today: string): boolean {
  return !closed && dueDate < today;
}

/** A figure of the yearly report: pulled from the statistics, the registers or this domain, never typed. */
export interface YearFigure {
  duty: Duty;
  label: string;
  /** null: the source is not in this deployment ("chưa có dữ liệu"), never a guessed number. */
  value: number | null;
  unit: string;
  /** Not yet approved: some commune's report of the year is not approved. */
  provisional: boolean;
  /** The breakdown shown after the figure ("trong đó: nữ 3; nam 1"). */
  parts?: { label: string; value: number }[];
}

/** One figure as a line of the report and of the page (the same words in both). */
export function yearFigureText(figure: YearFigure): string {
  const number = (value: number) => value.toLocaleString("vi-VN");
  const value = figure.value === null ? "chưa có dữ liệu" : `${number(figure.value)} ${figure.unit}`.trim();
  const parts = figure.parts?.length ? ` (trong đó: ${figure.parts.map((part) => `${part.label} ${number(part.value)}`).join("; ")})` : "";
  return `${figure.label}: ${value}${parts}${figure.provisional && figure.value !== null ? " — tạm tính, chưa được phê duyệt / provisional" : ""}`;
}

/** What is due, counted for the officer home and the province dashboard (`reminderHorizon` days ahead). */
export interface DueCounts {
  overdueTasks: number;
  overdueRecommendations: number;
  /** Open, not yet overdue, due within the reminders' horizon (7 days). */
  dueSoon: number;
}

export const dueSoonDays = 7;

type DueItem = { dueDate: string; overdue: boolean; status: string };

/** Counts a list of tasks and recommendations as the API answers them (with `overdue` computed). */
export function dueCounts(work: { tasks: DueItem[]; recommendations: DueItem[] }, soonUntil: string): DueCounts {
  const open = (item: DueItem, closed: readonly string[]) => !closed.includes(item.status);
  const soon = (item: DueItem, closed: readonly string[]) => open(item, closed) && !item.overdue && item.dueDate <= soonUntil;
  return {
    overdueTasks: work.tasks.filter((task) => task.overdue).length,
    overdueRecommendations: work.recommendations.filter((recommendation) => recommendation.overdue).length,
    dueSoon:
      work.tasks.filter((task) => soon(task, closedTaskStatuses)).length +
      work.recommendations.filter((recommendation) => soon(recommendation, closedRecommendationStatuses)).length,
  };
}
