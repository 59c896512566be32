import { describe, expect, it } from "vitest";
import { OversightService, type OversightStore, type Task, taskView } from "../../functions/oversight/service.ts";
import { dueCounts, isOverdue, yearFigureText } from "../../shared/oversight.ts";
import { vietnamDay } from "../../shared/vietnam-time.ts";

const task: Task = {
  id: "t",
  planId: "p",
  duty: "prevention",
  title: "Nhiệm vụ",
  unit: { kind: "commune", commune: "13285" },
  cooperating: [],
  dueDate: "2026-12-31",
  status: "in-progress",
  createdAt: "2026-01-01T00:00:00Z",
  updatedAt: "2026-01-01T00:00:00Z",
  version: 1,
};

describe("overdue, in Vietnam days", () => {
  it("turns overdue at midnight in Asia/Ho_Chi_Minh, not at midnight UTC", () => {
    // 23:30 on 31 December in Vietnam is still the due day…
    expect(taskView(task, vietnamDay(new Date("2026-12-31T16:30:00Z"))).overdue).toBe(false);
    // …and 00:30 on 1 January in Vietnam (17:30 UTC on the 31st) is past it.
    expect(taskView(task, vietnamDay(new Date("2026-12-31T17:30:00Z"))).overdue).toBe(true);
  });

  it("never flags a closed item", () => {
    expect(isOverdue("2026-01-01", true, "2026-12-31")).toBe(false);
    expect(taskView({ ...task, status: "done" }, "2027-06-01").overdue).toBe(false);
  });

  it("asks the store for items due by yesterday (overdue) or within the horizon (reminders)", async () => {
    const asked: string[] = [];
    const store = {
      openItemsDueBy: async (day: string) => {
        asked.push(day);
        return { tasks: [], recommendations: [] };
      },
    } as unknown as OversightStore;
    const service = new OversightService(
      store,
      async () => true,
      () => new Date("2026-12-31T17:30:00Z"),
    );
    await service.openItems(0);
    await service.openItems(7);
    expect(asked).toEqual(["2026-12-31", "2027-01-08"]);
  });

  it("counts overdue items and open items due within 7 days, never a closed one", () => {
    const item = (dueDate: string, status: string, overdue: boolean) => ({ dueDate, status, overdue });
    const counts = dueCounts(
      {
        tasks: [
          item("2026-05-01", "in-progress", true),
          item("2026-06-05", "not-started", false),
          item("2026-06-05", "done", false),
          item("2026-07-01", "not-started", false),
        ],
        recommendations: [item("2026-05-20", "open", true), item("2026-06-08", "in-progress", false), item("2026-06-02", "not-done", false)],
      },
      "2026-06-08",
    );
    expect(counts).toEqual({ overdueTasks: 1, overdueRecommendations: 1, dueSoon: 2 });
  });
});

describe("a figure of the yearly report", () => {
  it("reads the same on the page and in the document: value, breakdown, provisional mark, or no data", () => {
    const figure = { duty: "awareness" as const, label: "Lượt người tham dự", value: 1234, unit: "lượt người", provisional: true };
    expect(
      yearFigureText({
        ...figure,
        parts: [
          { label: "nam", value: 600 },
          { label: "nữ", value: 634 },
        ],
      }),
    ).toBe("Lượt người tham dự: 1.234 lượt người (trong đó: nam 600; nữ 634) — tạm tính, chưa được phê duyệt / provisional");
    expect(yearFigureText({ ...figure, provisional: false })).toBe("Lượt người tham dự: 1.234 lượt người");
    expect(yearFigureText({ ...figure, value: null })).toBe("Lượt người tham dự: chưa có dữ liệu");
  });
});
