import { describe, expect, it } from "vitest";
import type { OfficerRecord } from "../../functions/admin/officer-directory.ts";
import { caseOfficersOf, OfficerEmailNotifier, reminderMessage } from "../../functions/cases/notifier.ts";

/** Reminders before a no-contact order ends, e-mailed to the commune's case officers (AWS). */
const officer = (email: string, extra: Partial<OfficerRecord>): OfficerRecord =>
  ({
    id: email,
    email,
    name: email,
    roles: ["commune-officer"],
    jurisdiction: { kind: "communes", communes: ["13285"] },
    status: "active",
    createdAt: "2026-01-01T00:00:00Z",
    updatedAt: "2026-01-01T00:00:00Z",
    ...extra,
  }) as OfficerRecord;

const notice = { caseId: "c1", caseNumber: "NB-2026-000007", commune: "13285", measureId: "m1", endsAt: "2026-12-01T01:00:00.000Z" };

describe("case reminders by e-mail", () => {
  it("go to the officers of the commune who work on cases (invited too), never to others", () => {
    const officers = [
      officer("a@x.vn", {}),
      officer("leader@x.vn", { roles: ["commune-leader"] }),
      officer("other@x.vn", { jurisdiction: { kind: "communes", communes: ["13291"] } }),
      officer("off@x.vn", { status: "disabled" }),
      officer("new@x.vn", { status: "invited" }),
      officer("province@x.vn", { roles: ["province-officer"], jurisdiction: { kind: "province" } }),
      officer("reviewer@x.vn", { roles: ["commendation-reviewer"] }),
    ];
    expect(caseOfficersOf(officers, "13285")).toEqual(["a@x.vn", "leader@x.vn", "new@x.vn"]);
  });

  it("say which case and when, in Vietnamese and English, with no personal data", async () => {
    const message = reminderMessage(notice);
    expect(message.subject).toContain("NB-2026-000007");
    expect(message.text).toContain("cấm tiếp xúc của vụ việc NB-2026-000007");
    expect(message.text).toContain("2026-12-01T01:00:00.000Z");
    const sent: { to: string[]; subject: string }[] = [];
    const notifier = new OfficerEmailNotifier(
      async () => ({ list: async () => ({ items: [officer("a@x.vn", {})] }) }) as never,
      async (mail) => {
        sent.push(mail);
      },
    );
    await notifier.notify(notice);
    expect(sent.map((mail) => mail.to)).toEqual([["a@x.vn"]]);
  });
});
