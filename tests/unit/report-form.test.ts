import { describe, expect, it } from "vitest";
import { publicReportSchema, reportFormToBody } from "../../functions/reports/schemas.ts";
import {
  actNames,
  triageBody,
  triageMissing,
  victimSummary,
  vietnamLocalMinute,
  vietnamLocalToIso,
  vietnamTime,
} from "../../web/src/scripts/officer/report-view.ts";
import {
  buildReportInput,
  fieldsOf,
  formatDay,
  groupReceiptCode,
  IdempotencyKeys,
  missingFields,
  retryAfterMinutes,
  todayInVietnam,
} from "../../web/src/scripts/report-input.ts";

/** What a browser's FormData holds for a filled report form (names of shared/reports.ts). */
const filled: [string, string][] = [
  ["danger", "yes"],
  ["commune", "13285"],
  ["narrative", "  Hàng xóm đánh vợ mỗi tối.  "],
  ["acts", "a"],
  ["acts", "b"],
  ["occurredOn", "2026-11-20"],
  ["location", ""],
  ["victim.sex", "female"],
  ["victim.ageBand", ""],
  ["reporter.anonymous", "no"],
  ["reporter.name", "Nguyễn Văn A"],
  ["reporter.phone", "0912 345 678"],
  ["reporter.relationship", "neighbour"],
  ["safeContact.mayCall", "yes"],
  ["safeContact.when", "buổi sáng"],
  ["safeContact.channel", ""],
  ["safeContact.neverCall", "0987 654 321"],
  ["consentToContact", "yes"],
  ["website", ""],
];

describe("the JSON a report form sends", () => {
  it("follows the contract: nested objects, lists, trimmed text, empty optional fields left out, no honeypot", () => {
    expect(buildReportInput(fieldsOf(filled))).toEqual({
      commune: "13285",
      narrative: "Hàng xóm đánh vợ mỗi tối.",
      acts: ["a", "b"],
      occurredOn: "2026-11-20",
      danger: "yes",
      victim: { sex: "female" },
      reporter: { anonymous: false, name: "Nguyễn Văn A", phone: "0912 345 678", relationship: "neighbour" },
      safeContact: { mayCall: true, when: "buổi sáng", neverCall: "0987 654 321" },
      consentToContact: true,
    });
  });

  it("is what the server makes of the same fields posted without JavaScript, once both are validated", () => {
    const viaForm = publicReportSchema.parse(reportFormToBody(new URLSearchParams(filled)));
    expect(publicReportSchema.parse(buildReportInput(fieldsOf(filled)))).toEqual(viaForm);
  });

  it("keeps an anonymous reporter anonymous, even when name fields were typed before choosing so", () => {
    const input = buildReportInput(
      fieldsOf([
        ["danger", "no"],
        ["commune", "13291"],
        ["narrative", "x"],
        ["reporter.anonymous", "yes"],
        ["reporter.name", "Tên"],
        ["reporter.phone", "0912345678"],
      ]),
    );
    expect(input.reporter).toEqual({ anonymous: true });
    expect(input.victim).toBeUndefined();
    expect(input.safeContact).toBeUndefined();
    expect(input.consentToContact).toBe(false);
  });

  it("says never-call is never-call: an unanswered 'may we call' is no", () => {
    const input = buildReportInput(fieldsOf([["safeContact.neverCall", "0900000000"]]));
    expect(input.safeContact).toEqual({ mayCall: false, neverCall: "0900000000" });
  });

  it("sends the honeypot only when something filled it", () => {
    expect(buildReportInput(fieldsOf([["website", "http://spam"]])).website).toBe("http://spam");
  });

  it("lists what is missing before sending", () => {
    expect(missingFields(buildReportInput(fieldsOf([])))).toEqual(["danger", "commune", "narrative"]);
    expect(missingFields(buildReportInput(fieldsOf([["reporter.anonymous", "no"]])))).toEqual([
      "danger",
      "commune",
      "narrative",
      "reporter.name",
      "reporter.phone",
    ]);
    expect(missingFields(buildReportInput(fieldsOf(filled)))).toEqual([]);
  });
});

describe("the Idempotency-Key", () => {
  it("stays the same while the same report is retried, changes when the report changes, and starts afresh after a receipt", () => {
    let n = 0;
    const keys = new IdempotencyKeys(() => `key-${String(++n)}`);
    expect(keys.keyFor('{"a":1}')).toBe("key-1");
    expect(keys.keyFor('{"a":1}')).toBe("key-1");
    expect(keys.keyFor('{"a":2}')).toBe("key-2");
    expect(keys.keyFor('{"a":2}')).toBe("key-2");
    keys.forget();
    expect(keys.keyFor('{"a":2}')).toBe("key-3");
  });
});

describe("receipt codes and waits", () => {
  it("groups a code in fours, however it was typed", () => {
    expect(groupReceiptCode("1234567890123456")).toBe("1234 5678 9012 3456");
    expect(groupReceiptCode("1234 5678 9012 3456")).toBe("1234 5678 9012 3456");
    expect(groupReceiptCode("1234-5678-9012-3456")).toBe("1234 5678 9012 3456");
    expect(groupReceiptCode(" not a code ")).toBe("not a code");
  });

  it("turns Retry-After into whole minutes", () => {
    expect(retryAfterMinutes("30")).toBe(1);
    expect(retryAfterMinutes("900")).toBe(15);
    expect(retryAfterMinutes(new Date(Date.UTC(2026, 0, 1, 0, 10)).toUTCString(), Date.UTC(2026, 0, 1))).toBe(10);
    expect(retryAfterMinutes(null)).toBe(15);
  });

  it("knows today in Vietnam and writes days the Vietnamese or English way", () => {
    expect(todayInVietnam(new Date("2026-11-29T18:00:00Z"))).toBe("2026-11-30");
    expect(todayInVietnam(new Date("2026-11-29T16:59:00Z"))).toBe("2026-11-29");
    expect(formatDay("2026-11-29", "vi")).toBe("29/11/2026");
    expect(formatDay("2026-11-29", "en")).toBe("29 November 2026");
  });
});

describe("the officer report pages' values", () => {
  it("send a reason or a case id only with the actions that take them, and say what is missing", () => {
    expect(triageBody({ action: "open-case", reason: "x", caseNumber: "y", expectedVersion: 1 })).toEqual({ action: "open-case", expectedVersion: 1 });
    expect(triageBody({ action: "not-dv", reason: " tranh chấp đất ", caseNumber: "", expectedVersion: 3 })).toEqual({
      action: "not-dv",
      reason: "tranh chấp đất",
      expectedVersion: 3,
    });
    expect(triageMissing(triageBody({ action: "duplicate", reason: "", caseNumber: "", expectedVersion: 1 }))).toEqual(["reason"]);
    expect(triageMissing(triageBody({ action: "link-case", reason: "", caseNumber: "", expectedVersion: 1 }))).toEqual(["caseNumber"]);
    expect(triageMissing(triageBody({ action: "", reason: "", caseNumber: "", expectedVersion: 1 }))).toEqual(["action"]);
  });

  it("write times in Vietnam time and read the intake's local time as Vietnam time", () => {
    expect(vietnamTime("2026-11-29T01:05:00Z")).toMatch(/08:05.*29\/11\/2026/);
    expect(vietnamLocalToIso("2026-11-29T08:05")).toBe("2026-11-29T08:05:00+07:00");
    expect(vietnamLocalToIso("yesterday")).toBeUndefined();
    expect(vietnamLocalMinute(new Date("2026-11-29T20:30:00Z"))).toBe("2026-11-30T03:30");
  });

  it("name acts and victims in plain words", () => {
    expect(actNames(["a", "đ"], true)).toBe("a, đ");
    expect(actNames(["a"])).toMatch(/^a\. Đánh đập/);
    expect(victimSummary({ sex: "female", ageBand: "under-16", child: true })).toBe("Nữ, Dưới 16 tuổi, trẻ em");
    expect(victimSummary(undefined)).toBe("—");
  });
});
