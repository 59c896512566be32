import { describe, expect, it } from "vitest";
import {
  asList,
  compact,
  dayLabel,
  formValues,
  guardedText,
  localToIso,
  priorityName,
  statusName,
  vietnamToday,
} from "../../web/src/scripts/officer/case-view.ts";

/** The case pages' pure helpers (web/src/scripts/officer/case-view.ts). */
describe("case page helpers", () => {
  it("reads a form: trimmed values, repeated names as lists", () => {
    const data = new FormData();
    data.append("name", "  Lê Thị Hằng ");
    data.append("vulnerabilities", "pregnant");
    data.append("vulnerabilities", "disabled");
    data.append("phone", "");
    const values = formValues(data);
    expect(values).toEqual({ name: "Lê Thị Hằng", vulnerabilities: ["pregnant", "disabled"], phone: "" });
    expect(compact({ name: values.name, phone: values.phone, none: undefined })).toEqual({ name: "Lê Thị Hằng" });
    expect(asList(values.vulnerabilities)).toEqual(["pregnant", "disabled"]);
    expect(asList("a")).toEqual(["a"]);
    expect(asList(undefined)).toEqual([]);
  });

  it("shows a hidden personal field as the 'not allowed' text, flagged for the print stylesheet", () => {
    expect(guardedText({ value: "0912" }, "(ẩn)")).toEqual({ text: "0912", hidden: false });
    expect(guardedText({ hidden: true }, "(ẩn)")).toEqual({ text: "(ẩn)", hidden: true });
    expect(guardedText(undefined, "(ẩn)")).toBeUndefined();
  });

  it("speaks Vietnamese dates and labels, in Vietnam time", () => {
    expect(vietnamToday(new Date("2026-11-29T18:00:00Z"))).toBe("2026-11-30");
    expect(localToIso("2026-12-01T23:15")).toBe("2026-12-01T23:15:00+07:00");
    expect(localToIso("not a time")).toBeUndefined();
    expect(dayLabel("2026-12-01")).toBe("01/12/2026");
    expect(statusName("intervening")).toBe("Đang can thiệp");
    expect(priorityName("urgent")).toBe("Khẩn cấp");
  });
});
