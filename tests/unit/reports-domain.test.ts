import { describe, expect, it } from "vitest";
import type { OfficerRecord } from "../../functions/admin/officer-directory.ts";
import { clientAddress, fromOrigin, originVerifyHeader } from "../../functions/lib/client-address.ts";
import { HttpProblem, problems } from "../../functions/lib/problem.ts";
import { answerMessage, noticeMessage, recipientsFor } from "../../functions/reports/notifier.ts";
import { escapeHtml, problemPage, receiptPage, statusPage } from "../../functions/reports/pages.ts";
import { publicReportSchema, receiptFormToBody, reportFormToBody, triageSchema } from "../../functions/reports/schemas.ts";
import { publicStatusOf } from "../../shared/reports.ts";
import { startOfVietnamDay, vietnamDateTime, vietnamDay } from "../../shared/vietnam-time.ts";

describe("the client address behind CloudFront", () => {
  it("is the viewer address CloudFront set, never X-Forwarded-For", () => {
    expect(clientAddress({ "cloudfront-viewer-address": "203.0.113.5:50123", "x-forwarded-for": "1.2.3.4" }, "130.176.1.1")).toBe("203.0.113.5");
    expect(clientAddress({ "cloudfront-viewer-address": "2001:db8::5:443" }, "130.176.1.1")).toBe("2001:db8::5");
    expect(clientAddress({ "x-forwarded-for": "1.2.3.4, 203.0.113.5" }, "127.0.0.1")).toBe("127.0.0.1");
    expect(clientAddress({ "cloudfront-viewer-address": "not an address" }, "127.0.0.1")).toBe("127.0.0.1");
    expect(clientAddress({ "x-forwarded-for": " , " }, undefined)).toBe("unknown");
  });

  it("is trusted only from CloudFront: the origin secret is compared in constant time", () => {
    expect(fromOrigin({ [originVerifyHeader]: "s3cret-value" }, "s3cret-value")).toBe(true);
    expect(fromOrigin({ [originVerifyHeader]: "s3cret-valuE" }, "s3cret-value")).toBe(false);
    expect(fromOrigin({ [originVerifyHeader]: "s3cret" }, "s3cret-value")).toBe(false);
    expect(fromOrigin({}, "s3cret-value")).toBe(false);
  });
});

describe("the no-JavaScript report form", () => {
  const fields = (pairs: [string, string][]) => new URLSearchParams(pairs);

  it("becomes the JSON body the schema validates, empty optional fields dropped", () => {
    const body = reportFormToBody(
      fields([
        ["commune", "13285"],
        ["narrative", "Bị đánh"],
        ["acts", "a"],
        ["acts", "p"],
        ["danger", "yes"],
        ["victim.sex", "female"],
        ["victim.ageBand", ""],
        ["reporter.anonymous", "no"],
        ["reporter.name", "Lan"],
        ["reporter.phone", "0912345678"],
        ["safeContact.mayCall", "no"],
        ["safeContact.neverCall", "0987654321"],
        ["consentToContact", "yes"],
        ["website", ""],
      ]),
    );
    expect(body).toEqual({
      commune: "13285",
      narrative: "Bị đánh",
      acts: ["a", "p"],
      danger: "yes",
      victim: { sex: "female" },
      reporter: { anonymous: false, name: "Lan", phone: "0912345678" },
      safeContact: { mayCall: false, neverCall: "0987654321" },
      consentToContact: true,
    });
    expect(publicReportSchema.safeParse(body).success).toBe(true);
  });

  it("keeps unknown names so the strict schema refuses them by name", () => {
    const body = reportFormToBody(
      fields([
        ["commune", "13285"],
        ["narrative", "x"],
        ["isAdmin", "true"],
      ]),
    ) as Record<string, unknown>;
    expect(body.isAdmin).toBe("true");
    const parsed = publicReportSchema.safeParse(body);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.some((issue) => issue.code === "unrecognized_keys")).toBe(true);
    expect(
      receiptFormToBody(
        fields([
          ["receiptCode", "1"],
          ["x", "y"],
        ]),
        false,
      ),
    ).toEqual({ receiptCode: "1", x: "y" });
  });

  it("treats a missing consent as no consent (silence is not consent)", () => {
    expect((reportFormToBody(fields([["commune", "13285"]])) as { consentToContact: boolean }).consentToContact).toBe(false);
  });
});

describe("triage input", () => {
  it("needs a reason to close and a case to link", () => {
    expect(triageSchema.safeParse({ action: "duplicate", expectedVersion: 1 }).success).toBe(false);
    expect(triageSchema.safeParse({ action: "link-case", expectedVersion: 1 }).success).toBe(false);
    expect(triageSchema.safeParse({ action: "open-case", expectedVersion: 1 }).success).toBe(true);
  });
});

describe("server-rendered pages", () => {
  it("escape everything they show and carry no script", () => {
    expect(escapeHtml(`<a href="x" onclick='y'>&`)).toBe("&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;");
    const problem = problems.validation([{ field: "body.<script>", message: "<b>sai</b>", message_en: "<i>bad</i>" }]);
    const html = problemPage(problem);
    expect(html).not.toMatch(/<script|<b>|<i>/);
    expect(html).toContain("&lt;b&gt;sai&lt;/b&gt;");
    for (const page of [
      html,
      receiptPage({ receiptCode: "1234 5678 9012 3456", urgent: true }),
      statusPage("<x>", { status: "closed", receivedOn: "2026-11-29", additions: 2, thread: { entries: [], canReply: false } }),
    ]) {
      expect(page).not.toMatch(/<script/i);
      expect(page).toContain('lang="vi"');
    }
    expect(receiptPage({ receiptCode: "1234 5678 9012 3456", urgent: true })).toContain("113");
    expect(receiptPage({ receiptCode: "1234 5678 9012 3456", urgent: false })).not.toContain("113");
    expect(statusPage("<x>", { status: "closed", receivedOn: "2026-11-29", additions: 2, thread: { entries: [], canReply: false } })).toContain("29/11/2026");
    expect(new HttpProblem({ status: 400, type: "x", title: "t", titleEn: "t" }).statusCode).toBe(400);
  });

  it("shows the officers' messages escaped, the reporter's answers as times only, and the answer form only when an answer is possible", () => {
    const thread = {
      entries: [
        { from: "officer" as const, at: "2026-11-30T02:00:00.000Z", text: "Gọi <b>113</b> nếu cần" },
        { from: "reporter" as const, at: "2026-11-30T03:00:00.000Z" },
      ],
      canReply: true,
    };
    const page = statusPage("1234", { status: "received", receivedOn: "2026-11-29", additions: 0, thread });
    expect(page).toContain("Gọi &lt;b&gt;113&lt;/b&gt; nếu cần");
    expect(page).toContain('action="/api/receipts/replies"');
    expect(page).toContain(escapeHtml(vietnamDateTime("2026-11-30T03:00:00.000Z")));
    const closed = statusPage("1234", { status: "received", receivedOn: "2026-11-29", additions: 0, thread: { ...thread, canReply: false } });
    expect(closed).not.toContain('action="/api/receipts/replies"');
    expect(statusPage("1234", { status: "received", receivedOn: "2026-11-29", additions: 0, thread: { entries: [], canReply: false } })).not.toContain(
      "Tin nhắn",
    );
  });
});

describe("report notices", () => {
  const officer = (overrides: Partial<OfficerRecord>): OfficerRecord => ({
    id: "id",
    email: "a@x.vn",
    name: "A",
    roles: ["commune-officer"],
    jurisdiction: { kind: "communes", communes: ["13285"] },
    status: "active",
    createdAt: "",
    updatedAt: "",
    ...overrides,
  });

  it("go to the commune's officers who may read reports, not to the disabled, other communes, the province or reviewers", () => {
    const officers = [
      officer({ email: "yes@x.vn" }),
      officer({ email: "invited@x.vn", status: "invited" }),
      officer({ email: "disabled@x.vn", status: "disabled" }),
      officer({ email: "other@x.vn", jurisdiction: { kind: "communes", communes: ["13291"] } }),
      officer({ email: "province@x.vn", roles: ["province-officer"], jurisdiction: { kind: "province" } }),
      officer({ email: "reviewer@x.vn", roles: ["commendation-reviewer"] }),
    ];
    expect(recipientsFor(officers, "13285")).toEqual(["yes@x.vn", "invited@x.vn"]);
  });

  it("say urgent in the subject and never carry content", () => {
    const message = noticeMessage({ reportId: "r1", commune: "13285", urgent: true, channel: "online", receivedAt: "2026-11-29T00:00:00Z" }, "Phường Phủ Lý");
    expect(message.subject).toMatch(/^\[KHẨN \/ URGENT\] Tin báo mới tại Phường Phủ Lý/);
    expect(message.text).toContain("không chứa nội dung");
  });

  it("of a reporter's answer names the case number when there is one, else the report — nothing else", () => {
    const ofCase = answerMessage({ reportId: "r1", commune: "13285", caseNumber: "NB-2026-000007" }, "Phường Phủ Lý");
    expect(ofCase.subject).toBe("Người báo tin đã trả lời — vụ việc NB-2026-000007 / The reporter answered — case NB-2026-000007");
    expect(ofCase.text).toContain("không chứa nội dung tin nhắn");
    const ofReport = answerMessage({ reportId: "r1", commune: "13285" }, "Phường Phủ Lý");
    expect(ofReport.subject).toContain("tin báo r1");
    expect(ofReport.text).not.toContain("vụ việc");
  });
});

describe("dates and statuses", () => {
  it("use the Vietnamese calendar day", () => {
    expect(vietnamDay("2026-11-10T17:30:00Z")).toBe("2026-11-11");
    expect(startOfVietnamDay("2026-11-11")).toBe("2026-11-10T17:00:00.000Z");
  });
  it("show the reporter three statuses only", () => {
    expect(publicStatusOf("new")).toBe("received");
    expect(publicStatusOf("case-opened")).toBe("in-progress");
    expect(publicStatusOf("linked")).toBe("in-progress");
    for (const status of ["not-dv", "duplicate", "referred"] as const) expect(publicStatusOf(status)).toBe("closed");
  });
});
