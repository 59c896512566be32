import { expect } from "vitest";
import type { OfficerRole } from "../../shared/permissions.ts";
import { intake } from "./access-matrix/reports.ts";
import { openTestCase } from "./cases.ts";
import type { OfficerApi } from "./officer-api.ts";

/**
 * Transfers between communes in tests: two communes of their own (a sender and a receiver, by
 * their place in the sorted list so no other file's counts move), a case or a report of the sender
 * with a transfer asked, as their officers would.
 */
export function transferHelpers(system: () => OfficerApi, places: [number, number] = [10, 11]) {
  const codes = () =>
    system()
      .province.communes.map((commune) => commune.code)
      .sort();
  const sender = () => codes()[places[0]] as string;
  const receiver = () => codes()[places[1]] as string;
  const officerOf = (commune: string, role: OfficerRole = "commune-officer", name = "Cán Bộ Xã") => system().tokenFor([role], [commune], { name }).token;

  async function ok(result: Promise<{ status: number; json: Record<string, unknown> }>, status = 200) {
    const answer = await result;
    expect(answer.status, JSON.stringify(answer.json)).toBe(status);
    // biome-ignore lint/suspicious/noExplicitAny: answers are checked field by field in the tests
    return answer.json as any;
  }

  /** A fresh case of the sender and its version. */
  async function senderCase(): Promise<{ caseId: string; caseNumber: string; version: number }> {
    const opened = await openTestCase(system().api.documents, { commune: sender() });
    const view = await ok(system().call("GET", `/api/cases/${opened.caseId}`, { token: officerOf(sender()) }));
    return { ...opened, version: view.version as number };
  }

  /** A fresh case of the sender with a transfer to the receiver asked. */
  async function caseInTransfer(note = "Gia đình chuyển về ở với bà ngoại") {
    const opened = await senderCase();
    const asked = await ok(
      system().call("POST", `/api/cases/${opened.caseId}/transfers`, {
        token: officerOf(sender()),
        body: { expectedVersion: opened.version, to: receiver(), reason: "family-moved", note },
      }),
      201,
    );
    const transferId = (asked.transfers as { transferId: string }[]).at(-1)?.transferId as string;
    return { ...opened, transferId, version: asked.version as number };
  }

  /** A fresh report recorded by the sender's officer (untriaged) and its version. */
  async function senderReport(): Promise<{ reportId: string; version: number }> {
    const created = await ok(system().call("POST", `/api/communes/${sender()}/reports`, { token: officerOf(sender()), body: intake(sender()) }), 201);
    return { reportId: created.id as string, version: created.version as number };
  }

  async function reportInTransfer(reportId?: string) {
    const report = reportId === undefined ? await senderReport() : { reportId, version: (await readReport(reportId)).version as number };
    const asked = await ok(
      system().call("POST", `/api/reports/${report.reportId}/transfers`, {
        token: officerOf(sender()),
        body: { expectedVersion: report.version, to: receiver(), reason: "wrong-commune", note: "Địa chỉ thuộc xã bên" },
      }),
      201,
    );
    const transferId = (asked.transfers as { transferId: string }[]).at(-1)?.transferId as string;
    return { reportId: report.reportId, transferId, version: asked.version as number };
  }

  async function readReport(reportId: string, token = officerOf(sender())) {
    return ok(system().call("GET", `/api/reports/${reportId}`, { token }));
  }

  return { sender, receiver, officerOf, ok, senderCase, caseInTransfer, senderReport, reportInTransfer };
}
