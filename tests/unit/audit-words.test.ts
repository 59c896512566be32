import { describe, expect, it } from "vitest";
import { isOfficerRoute, routeTable } from "../../functions/routes.ts";
import { actionInWords, auditActionWords, isRoutine, recordInWords } from "../../web/src/scripts/officer/audit-words.ts";

/** Issue 18, defect 6: the audit log reads as sentences, not as `officer.list` and `case#61f7…`. */
describe("the audit log in words", () => {
  it("has words for every audit action of the route table", () => {
    const actions = [...new Set(routeTable.filter(isOfficerRoute).map((route) => route.audit.action))];
    expect(actions.filter((action) => auditActionWords[action] === undefined)).toEqual([]);
    for (const action of actions) expect(actionInWords(action)).not.toMatch(/[a-z]\.[a-z]/);
  });

  it("names a case by its number and an officer by name, never by an internal id", () => {
    const names = {
      officer: (id: string) => (id === "o-1" ? "Nguyễn Văn An" : undefined),
      commune: (code: string) => (code === "13285" ? "Phường Phủ Lý" : undefined),
    };
    expect(recordInWords("case#61f7c0de-0000-4000-8000-000000000000", "NB-2026-000001", names)).toBe("vụ việc NB-2026-000001");
    expect(recordInWords("officer#o-1", undefined, names)).toBe("cán bộ Nguyễn Văn An");
    expect(recordInWords("commune#13285", undefined, names)).toBe("xã, phường Phường Phủ Lý");
    expect(recordInWords("report#61f7c0de-0000-4000-8000-000000000000", undefined, names)).toBe("tin báo (mã 61f7c0de)");
    expect(recordInWords(undefined, undefined, names)).toBe("");
  });

  it("counts an officer's own profile and list views as routine", () => {
    expect(isRoutine("me.read")).toBe(true);
    expect(isRoutine("officer.list")).toBe(true);
    expect(isRoutine("case.read")).toBe(false);
    expect(isRoutine("officer.update")).toBe(false);
  });
});
