import { describe, expect, it } from "vitest";
import { type PreventionReach, preventionReach, targetViews } from "../../functions/statistics/figures.ts";

/** The programme targets (Quyết định 45): measured where the platform has the data, "no data yet" where it does not — never a guess. */
const byCode = (reach?: PreventionReach) => Object.fromEntries(targetViews({}, reach).map((target) => [target.code, target]));

const reach: PreventionReach = {
  communes: 4,
  communesWithModel: 3,
  activities: 12,
  householdsReached: 150,
  householdsTotal: 500,
};

describe("programme targets", () => {
  it("say no data for the prevention targets without the prevention figures (a half-year, or no reader)", () => {
    const targets = byCode();
    for (const code of ["communes-with-model", "households-reached", "staff-trained"]) {
      expect(targets[code]?.measured, code).toBeUndefined();
      expect(targets[code]?.numerator, code).toBeUndefined();
    }
  });

  it("measure models and households reached on the prevention registers", () => {
    const targets = byCode(reach);
    expect(targets["communes-with-model"]).toMatchObject({ numerator: 3, denominator: 4, measured: 75 });
    expect(targets["households-reached"]).toMatchObject({ numerator: 150, denominator: 500, measured: 30 });
  });

  it("measure staff trained as trained / staff count over the communes that entered a count, and say no data when none did", () => {
    const figures = (staffTrained: number, staffCount?: number) => ({
      activities: 1,
      households: 0,
      modelsRunning: 0,
      staffTrained,
      ...(staffCount === undefined ? {} : { staffCount }),
    });
    const communes = [{}, {}, {}, {}];
    // Commune 1: 9 of 10; commune 2: 12 completions for 8 staff (two courses each) counts 8 of 8;
    // commune 3 entered no count (its 5 completions stay out); commune 4 entered 0 (no staff to measure).
    const measured = byCode(preventionReach(communes, [figures(9, 10), figures(12, 8), figures(5), figures(2, 0)]))["staff-trained"];
    expect(measured).toMatchObject({ numerator: 17, denominator: 18, measured: 94.4, communesMeasured: 2, communes: 4 });
    const none = byCode(preventionReach(communes, [figures(9), figures(12), figures(5), figures(2)]))["staff-trained"];
    expect(none?.measured).toBeUndefined();
    expect(none?.numerator).toBeUndefined();
  });

  it("say no data when the registers hold nothing for the year, rather than 0 %", () => {
    const targets = byCode({ ...reach, communesWithModel: 0, activities: 0, householdsReached: 0, householdsTotal: 0 });
    expect(targets["communes-with-model"]?.measured).toBeUndefined();
    expect(targets["households-reached"]?.measured).toBeUndefined();
    expect(targets["households-reached"]?.numerator).toBeUndefined();
    expect(targets["staff-trained"]?.numerator).toBeUndefined();
  });

  it("measure victims supported on the counters, and no data without victims", () => {
    expect(byCode()["victims-supported"]?.measured).toBeUndefined();
    const measured = targetViews({ "victims.female.18-59": 4, "supported.victims": 3 }).find((target) => target.code === "victims-supported");
    expect(measured).toMatchObject({ numerator: 3, denominator: 4, measured: 75 });
  });
});
