import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { actsWithinTwelveMonths, checkReferralStep, checkRepeatRule } from "../../functions/cases/casework-rules.ts";
import { digestMessage } from "../../functions/cases/my-work.ts";
import { foldPersonName, personKeys } from "../../functions/cases/person-index.ts";
import { RuleError } from "../../functions/lib/kit/index.ts";

describe("the person index", () => {
  const keys = personKeys("a-test-secret");
  it("folds case, diacritics, đ and spacing; keys depend on the secret and the year", () => {
    expect(foldPersonName("  Nguyễn   Văn ĐỨC ")).toBe("nguyen van duc");
    expect(keys.nameKey("Nguyễn Văn Đức")).toBe(keys.nameKey("nguyen van duc"));
    expect(keys.nameKey("Nguyễn Văn Đức")).not.toBe(personKeys("another-secret").nameKey("Nguyễn Văn Đức"));
    expect(keys.personKey("Nguyễn Văn Đức", 1980)).not.toBe(keys.personKey("Nguyễn Văn Đức", 1981));
    expect(keys.personKey("Nguyễn Văn Đức", undefined)).toBeUndefined();
    expect(keys.nameKey(" - ")).toBeUndefined();
    // Not an unkeyed hash of the folded name.
    expect(keys.nameKey("Nguyễn Văn Đức")).not.toBe(createHash("sha256").update("name|nguyen van duc").digest("base64url"));
  });
});

describe("referral steps", () => {
  it("moves forward, refuses a step from a closed outcome, an earlier day, a decline without a reason", () => {
    expect(() => checkReferralStep({ from: "sent", to: "received", on: "2026-03-02", lastOn: "2026-03-01" })).not.toThrow();
    expect(() => checkReferralStep({ from: "service-given", to: "declined", on: "2026-03-02", lastOn: "2026-03-01", reason: "x y z" })).toThrow(RuleError);
    expect(() => checkReferralStep({ from: "sent", to: "received", on: "2026-02-28", lastOn: "2026-03-01" })).toThrow(/previous step/);
    expect(() => checkReferralStep({ from: "sent", to: "declined", on: "2026-03-02", lastOn: "2026-03-01" })).toThrow(/reason/);
    expect(() => checkReferralStep({ from: "no-answer", to: "accepted", on: "2026-03-09", lastOn: "2026-03-08" })).not.toThrow();
  });
});

describe("Điều 32: 2 acts in 12 months", () => {
  const link = (caseId: string, openedAt: string) => ({ caseId, caseNumber: caseId, partyId: "p", openedAt });
  it("counts this case and each other case within 12 months, once", () => {
    expect(actsWithinTwelveMonths("2026-06-01T00:00:00Z", [])).toBe(1);
    expect(actsWithinTwelveMonths("2026-06-01T00:00:00Z", [link("a", "2025-07-01T00:00:00Z"), link("a", "2025-07-01T00:00:00Z")])).toBe(2);
    expect(actsWithinTwelveMonths("2026-06-01T00:00:00Z", [link("b", "2025-05-01T00:00:00Z")])).toBe(1);
  });
  it("allows with 2 acts; otherwise only a leader with a reason", () => {
    expect(checkRepeatRule({ acts: 2, mayOverride: false })).toBe("repeat");
    expect(() => checkRepeatRule({ acts: 1, mayOverride: true })).toThrow(/Art\. 32/);
    expect(() => checkRepeatRule({ acts: 1, override: { reason: "đủ mười ký tự rồi" }, mayOverride: false })).toThrow(/commune leader/);
    expect(() => checkRepeatRule({ acts: 1, override: { reason: "ngắn" }, mayOverride: true })).toThrow(/10 characters/);
    expect(checkRepeatRule({ acts: 1, override: { reason: "đủ mười ký tự rồi" }, mayOverride: true })).toBe("override");
  });
});

describe("the digest", () => {
  it("is nothing for an empty list, and counts and case numbers otherwise", () => {
    expect(
      digestMessage(
        { scope: "own", lines: [], counts: { newReports: 0, openCases: 0, overdueFollowUps: 0, ordersEnding: 0, incomingTransfers: 0 } },
        "2026-12-05",
      ),
    ).toBeUndefined();
    const message = digestMessage(
      {
        scope: "own",
        lines: [
          { kind: "follow-up-overdue", caseId: "c1", caseNumber: "NB-2026-000001", commune: "13285", when: "2026-12-01", section: "followups" },
          { kind: "report-untriaged", reportId: "r1", commune: "13285", when: "2026-12-03T01:00:00Z" },
        ],
        counts: { newReports: 1, openCases: 0, overdueFollowUps: 1, ordersEnding: 0, incomingTransfers: 0 },
      },
      "2026-12-05",
    );
    expect(message?.text).toContain("Theo dõi quá hạn / Overdue follow-ups: 1 — NB-2026-000001");
    expect(message?.text).toContain("Tin báo chưa phân loại sau 24 giờ / Reports not triaged after 24 hours: 1");
    expect(message?.subject).toContain("2026-12-05");
    expect(message?.text).not.toContain("chờ xã nhận");
  });

  it("says how many transfers wait for the officer's communes, even when nothing else does", () => {
    const message = digestMessage(
      { scope: "own", lines: [], counts: { newReports: 0, openCases: 0, overdueFollowUps: 0, ordersEnding: 0, incomingTransfers: 2 } },
      "2026-12-05",
    );
    expect(message?.text).toContain("Xã khác chuyển đến, chờ xã nhận / Handed over by other communes, waiting for yours: 2");
    expect(message?.subject).toMatch(/: 2$/);
  });
});
