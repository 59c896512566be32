import { describe, expect, it } from "vitest";
import { DirectoryEditing, publicTrustedAddress } from "../../functions/directory/entries.ts";
import { preventionFigures, staffShare } from "../../functions/prevention/figures.ts";
import type { PreventionRecord } from "../../functions/prevention/service.ts";
import { monthsBefore } from "../../functions/prevention/service.ts";
import { activityTopics } from "../../shared/prevention.ts";
import { articleTopics } from "../../web/src/articles.ts";

describe("prevention vocabulary and rules", () => {
  it("activity topics are the site's article topics", () => {
    expect([...activityTopics]).toEqual([...articleTopics]);
  });

  it("six months before, clamped to the month's last day", () => {
    expect(monthsBefore("2026-12-05", 6)).toBe("2026-06-05");
    expect(monthsBefore("2026-08-31", 6)).toBe("2026-02-28");
    expect(monthsBefore("2026-03-15", 6)).toBe("2025-09-15");
  });

  it("a contact person is public only with their consent; a suspended entry not at all", () => {
    const base = { id: "a", commune: "13285", name: "Nhà văn hóa", address: "Thôn Đông" };
    expect(publicTrustedAddress({ ...base, contact: { name: "Lan", phone: "0912", consent: false } })).toEqual(base);
    expect(publicTrustedAddress({ ...base, contact: { name: "Lan", phone: "0912", consent: true } })).toEqual({
      ...base,
      contact: { name: "Lan", phone: "0912" },
    });
    expect(publicTrustedAddress({ ...base, status: "suspended" })).toBeUndefined();
  });

  it("a trusted address cannot belong to the province", async () => {
    const editing = new DirectoryEditing({} as never);
    await expect(editing.create("o", { kind: "trusted-address", owner: "province", fields: { name: "A", address: "B" } })).rejects.toMatchObject({
      field: "path.commune",
    });
  });

  it("the figures of a commune's year: activities, participants, share of men, households, trained staff", async () => {
    const activity = (men: number, women: number, groups: string[]) =>
      ({ fields: { participants: { total: men + women, men, women }, households: 5, targetGroups: groups } }) as unknown as PreventionRecord;
    const records: Record<string, PreventionRecord[]> = {
      "activities#13285": [activity(30, 10, ["men"]), activity(5, 15, ["high-risk-families"])],
      "mediations#13285": [{ fields: { outcome: "reconciled" } } as unknown as PreventionRecord],
      "courses#province": [{ fields: { trainedByCommune: { "13285": 2, "13291": 1 } } } as unknown as PreventionRecord],
    };
    const figures = await preventionFigures({ year: async (register, commune) => records[`${register}#${commune}`] ?? [] }, "13285", 2026);
    expect(figures).toMatchObject({
      activities: 2,
      participants: 60,
      men: 35,
      women: 25,
      households: 10,
      activitiesForMen: 1,
      activitiesForHighRiskFamilies: 1,
      mediations: 1,
      mediationsReconciled: 1,
      staffTrained: 2,
    });
    expect(figures.shareOfMen).toBeCloseTo(35 / 60);
    // Without the commune's staff count there is no share (a target shows "no data", never a guess).
    expect(figures.staffTrainedShare).toBeUndefined();
    const withStaff = await preventionFigures(
      {
        year: async (register, commune) => records[`${register}#${commune}`] ?? [],
        staff: async (commune, year) => ({ commune, year, count: 8, version: 1, updatedBy: "o", updatedAt: "2026-01-01T00:00:00Z" }),
      },
      "13285",
      2026,
    );
    expect(withStaff).toMatchObject({ staffCount: 8, staffTrainedShare: 0.25 });
  });

  it("the trained share is capped at one and undefined for a staff of none", () => {
    expect(staffShare(12, 10)).toEqual({ staffCount: 10, staffTrainedShare: 1 });
    expect(staffShare(3, 0)).toEqual({ staffCount: 0 });
    expect(staffShare(3, undefined)).toEqual({});
  });
});
