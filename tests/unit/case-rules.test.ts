import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  addMonths,
  assessRisk,
  checkMeasure,
  checkReferral,
  checkTransition,
  isCertainlyAdult,
  isChild,
  isOverdue,
  nextDue,
  raisePriority,
  reminderTime,
} from "../../functions/cases/rules.ts";
import { RuleError } from "../../functions/lib/kit/index.ts";
import { caseStatuses, caseTransitions } from "../../shared/cases.ts";
import { vietnamDay } from "../../shared/vietnam-time.ts";
import { localToIso } from "../../web/src/scripts/officer/case-view.ts";

/** The Law's rules of a case as pure functions (functions/cases/rules.ts). */
const now = new Date("2026-11-29T10:00:00Z");
const adult = { role: "perpetrator" as const, ageBand: "18-59" as const, vulnerabilities: [] };
const hour = 3600_000;

function refusal(work: () => unknown): RuleError {
  try {
    work();
  } catch (error) {
    if (error instanceof RuleError) return error;
    throw error;
  }
  throw new Error("expected a refusal");
}

describe("no-contact orders (Art. 25, 26)", () => {
  const base = { code: "c", status: "ordered" as const, perpetratorId: "p", decisionNumber: "1/QĐ" };
  const context = { mayOrder: true, perpetrator: adult, now };

  it("a commune chair's order lasts at most 72 hours, whatever the start", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 1, max: 200 }), (startHours, lengthHours) => {
        const startsAt = new Date(Date.parse("2026-01-01T00:00:00Z") + startHours * hour).toISOString();
        const endsAt = new Date(Date.parse(startsAt) + lengthHours * hour).toISOString();
        const run = () => checkMeasure({ ...base, authority: "commune-chairman", startsAt, endsAt }, context);
        if (lengthHours <= 72) expect(run).not.toThrow();
        else expect(refusal(run).field).toBe("body.endsAt");
      }),
    );
  });

  it("a court's order lasts at most 4 calendar months (Vietnam time)", () => {
    const startsAt = "2026-10-31T09:00:00+07:00";
    expect(new Date(addMonths(startsAt, 4)).toISOString()).toBe("2027-02-28T02:00:00.000Z");
    expect(() => checkMeasure({ ...base, authority: "court", startsAt, endsAt: "2027-02-28T09:00:00+07:00" }, context)).not.toThrow();
    expect(refusal(() => checkMeasure({ ...base, authority: "court", startsAt, endsAt: "2027-02-28T09:01:00+07:00" }, context)).en).toContain("4 months");
  });

  it("other authorities may not order it; an end is needed once ordered", () => {
    expect(refusal(() => checkMeasure({ ...base, authority: "case-officer", startsAt: now.toISOString() }, context)).field).toBe("body.authority");
    expect(refusal(() => checkMeasure({ ...base, authority: "commune-chairman", startsAt: now.toISOString() }, context)).field).toBe("body.endsAt");
  });

  it("only `measure:order` records the chair's decision as ordered; anyone may propose", () => {
    const order = { ...base, authority: "commune-chairman" as const, startsAt: now.toISOString(), endsAt: new Date(now.getTime() + 24 * hour).toISOString() };
    expect(refusal(() => checkMeasure(order, { ...context, mayOrder: false })).field).toBe("body.status");
    expect(() => checkMeasure({ ...order, status: "proposed" }, { ...context, mayOrder: false })).not.toThrow();
  });

  it("reminds 24 hours before the end, or halfway through a short order", () => {
    expect(reminderTime("2026-01-01T00:00:00Z", "2026-01-04T00:00:00Z")).toBe("2026-01-03T00:00:00.000Z");
    expect(reminderTime("2026-01-01T00:00:00Z", "2026-01-01T10:00:00Z")).toBe("2026-01-01T05:00:00.000Z");
  });
});

describe("ages", () => {
  it("community criticism only for a perpetrator aged 18 or over for certain", () => {
    const criticism = { code: "h", status: "proposed" as const, authority: "commune-chairman" as const, perpetratorId: "p" };
    expect(() => checkMeasure(criticism, { mayOrder: true, perpetrator: adult, now })).not.toThrow();
    for (const minor of [
      { ...adult, ageBand: "16-17" as const },
      { ...adult, ageBand: "unknown" as const },
      { ...adult, birthYear: 2008, ageBand: "unknown" as const },
    ]) {
      expect(refusal(() => checkMeasure(criticism, { mayOrder: true, perpetrator: minor, now })).vi).toContain("18 tuổi");
    }
    expect(isCertainlyAdult({ ...adult, birthYear: 2007, ageBand: "unknown" }, now)).toBe(true);
  });

  it("a child is marked, under 16, or born less than 16 years ago", () => {
    const victim = { role: "victim" as const, ageBand: "unknown" as const, vulnerabilities: [] };
    expect(isChild({ ...victim, vulnerabilities: ["child"] }, now)).toBe(true);
    expect(isChild({ ...victim, ageBand: "under-16" }, now)).toBe(true);
    expect(isChild({ ...victim, birthYear: 2012 }, now)).toBe(true);
    expect(isChild({ ...victim, birthYear: 2010 }, now)).toBe(false);
  });
});

describe("referrals", () => {
  const victim = { role: "victim" as const, ageBand: "18-59" as const, vulnerabilities: [] };
  it("pass with consent; without it only a leader's override with a reason", () => {
    expect(checkReferral({ victim: { ...victim, referralConsent: true }, mayOverride: false })).toBe("consent");
    expect(refusal(() => checkReferral({ victim: { ...victim, referralConsent: false }, mayOverride: true })).field).toBe("body.victimId");
    const override = { reason: "Nguy hiểm tính mạng, cấp cứu" };
    expect(refusal(() => checkReferral({ victim: { ...victim, referralConsent: false }, override, mayOverride: false })).field).toBe("body.override");
    expect(checkReferral({ victim: { ...victim, referralConsent: false }, override, mayOverride: true })).toBe("override");
  });
});

describe("lifecycle", () => {
  it("allows exactly the listed transitions; closing and reopening need a reason", () => {
    for (const from of caseStatuses) {
      for (const to of caseStatuses) {
        const run = () => checkTransition({ from, to, reason: "x", childProtectionMissing: false });
        if (caseTransitions[from].includes(to)) expect(run).not.toThrow();
        else expect(refusal(run).field).toBe("body.to");
      }
    }
    expect(refusal(() => checkTransition({ from: "monitoring", to: "closed", childProtectionMissing: false })).field).toBe("body.reason");
    expect(refusal(() => checkTransition({ from: "closed", to: "intervening", childProtectionMissing: false })).field).toBe("body.note");
    expect(refusal(() => checkTransition({ from: "new", to: "intervening", childProtectionMissing: true })).vi).toContain("bảo vệ trẻ em");
  });
});

describe("risk and follow-ups", () => {
  it("scores the checklist and only ever raises the priority", () => {
    expect(assessRisk([])).toEqual({ score: 0, priority: "normal" });
    expect(assessRisk(["escalating", "separation"])).toEqual({ score: 2, priority: "high" });
    expect(assessRisk(["strangulation"]).priority).toBe("urgent");
    expect(raisePriority("urgent", "normal")).toBe("urgent");
    expect(raisePriority("normal", "high")).toBe("high");
  });

  it("overdue means not done by the due day in Vietnam time", () => {
    const lateEvening = new Date("2026-11-29T18:00:00Z"); // 01:00 on the 30th in Vietnam
    expect(vietnamDay(lateEvening)).toBe("2026-11-30");
    expect(isOverdue({ dueOn: "2026-11-29" }, lateEvening)).toBe(true);
    expect(isOverdue({ dueOn: "2026-11-29", doneOn: "2026-11-29" }, lateEvening)).toBe(false);
    expect(nextDue([{ dueOn: "2026-12-05" }, { dueOn: "2026-12-01", doneOn: "2026-12-01" }, { dueOn: "2026-12-03" }])).toBe("2026-12-03");
  });

  it("the case page reads datetime-local values as Vietnam time", () => {
    expect(localToIso("2026-12-01T08:30")).toBe("2026-12-01T08:30:00+07:00");
    expect(localToIso("")).toBeUndefined();
  });
});
