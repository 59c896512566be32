import { describe, expect, it } from "vitest";
import { type PreventionReach, targetViews } from "../../functions/statistics/figures.ts";

/** The programme targets (Quyết định 45): measured where the platform has the data, "no data yet" where it does not — never a guess. */
const byCode = (reach?: PreventionReach) => Object.fromEntries(targetViews({}, reach).map((target) => [target.code, target]));

const reach: PreventionReach = {
  communes: 4,
  communesWithModel: 3,
  activities: 12,
  householdsReached: 150,
  householdsTotal: 500,
  staffTrained: 7,
};

describe("programme targets", () => {
  it("say no data for the prevention targets without the prevention figures (a half-year, or no reader)", () => {
    const targets = byCode();
    for (const code of ["communes-with-model", "households-reached", "staff-trained"]) {
      expect(targets[code]?.measured, code).toBeUndefined();
      expect(targets[code]?.numerator, code).toBeUndefined();
    }
  });

  it("measure models and households reached on the prevention registers, and count staff trained until a staff total is known", () => {
    const targets = byCode(reach);
    expect(targets["communes-with-model"]).toMatchObject({ numerator: 3, denominator: 4, measured: 75 });
    expect(targets["households-reached"]).toMatchObject({ numerator: 150, denominator: 500, measured: 30 });
    expect(targets["staff-trained"]).toMatchObject({ numerator: 7 });
    expect(targets["staff-trained"]?.measured).toBeUndefined();
    expect(byCode({ ...reach, staffCount: 10 })["staff-trained"]).toMatchObject({ numerator: 7, denominator: 10, measured: 70 });
  });

  it("say no data when the registers hold nothing for the year, rather than 0 %", () => {
    const targets = byCode({ ...reach, communesWithModel: 0, activities: 0, householdsReached: 0, householdsTotal: 0, staffTrained: 0 });
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
