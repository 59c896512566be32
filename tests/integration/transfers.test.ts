import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type OfficerApi, startOfficerApi } from "../support/officer-api.ts";
import { rawDump, uniqueMarker } from "../support/raw-table.ts";
import { transferHelpers } from "../support/transfers.ts";

/**
 * Transfers between communes (issue 14, part 2) through the local server and the real handlers
 * on DynamoDB Local: a case or an untriaged report asked to another commune, accepted there (the
 * record is the receiver's alone, same number), declined with a reason, withdrawn, moved by the
 * province; stale and concurrent answers; the reporter's receipt code after a move; the audit log
 * naming both communes; no note or name in clear in the tables.
 */
let system: OfficerApi;
const t = transferHelpers(() => system);

beforeAll(async () => {
  system = await startOfficerApi("ninh-binh");
});
afterAll(async () => {
  await system?.close();
});

const senderOfficer = () => t.officerOf(t.sender(), "commune-officer", "Cán Bộ Gửi");
const receiverOfficer = () => t.officerOf(t.receiver(), "commune-officer", "Cán Bộ Nhận");
const provinceOfficer = () => system.tokenFor(["province-officer"], "province", { name: "Cán Bộ Tỉnh" }).token;

async function audit(recordKey: string) {
  const page = await t.ok(system.call("GET", `/api/admin/audit?record=${encodeURIComponent(recordKey)}&limit=50`, { token: system.adminToken() }));
  return page.items as { action: string; officerId?: string; outcome: string; handOver?: { from: string; to: string } }[];
}

/** My work's count of the transfers waiting for the officer's communes (cases and reports). */
async function incomingCount(token: string): Promise<number> {
  return (await t.ok(system.call("GET", "/api/my-work", { token }))).counts.incomingTransfers as number;
}

async function caseNumbers(commune: string, token: string): Promise<string[]> {
  const list = await t.ok(system.call("GET", `/api/communes/${commune}/cases?limit=100`, { token }));
  return (list.items as { caseNumber: string }[]).map((item) => item.caseNumber);
}

describe("a case handed to another commune", () => {
  it("is asked, shown to the receiver as a summary, accepted: the receiver's alone with the same number; the sender keeps no access", async () => {
    const opened = await t.senderCase();
    // A victim with a name: the person index moves with the case.
    const victimName = `Trần Thị Chuyển ${randomUUID().slice(0, 6)}`;
    const withParty = await t.ok(
      system.call("POST", `/api/cases/${opened.caseId}/parties`, {
        token: senderOfficer(),
        body: {
          expectedVersion: opened.version,
          role: "victim",
          name: victimName,
          sex: "female",
          ageBand: "18-59",
          relationship: "spouse",
          vulnerabilities: [],
        },
      }),
      201,
    );
    const asked = await t.ok(
      system.call("POST", `/api/cases/${opened.caseId}/transfers`, {
        token: senderOfficer(),
        body: { expectedVersion: withParty.version, to: t.receiver(), reason: "family-moved", note: "Gia đình chuyển về thôn Bắc" },
      }),
      201,
    );
    const transferId = asked.transfers.at(-1).transferId as string;
    expect(asked.transfer).toMatchObject({ transferId, to: t.receiver() });
    // My work counts what waits for the receiver (the sender's officers are not asked anything).
    const waitingNow = await incomingCount(receiverOfficer());
    expect(waitingNow).toBeGreaterThanOrEqual(1);
    expect(asked.transfers.at(-1)).toMatchObject({
      state: "requested",
      from: t.sender(),
      to: t.receiver(),
      reason: "family-moved",
      requestedByName: "Cán Bộ Gửi",
    });

    // Pending: still the sender's (listed, marked); the receiver sees the summary only.
    const senderList = await t.ok(system.call("GET", `/api/communes/${t.sender()}/cases?limit=100`, { token: senderOfficer() }));
    expect(senderList.items.find((item: { caseId: string }) => item.caseId === opened.caseId)?.transfer).toMatchObject({ to: t.receiver() });
    expect((await system.call("GET", `/api/cases/${opened.caseId}`, { token: receiverOfficer() })).status).toBe(404);
    const incoming = await t.ok(system.call("GET", `/api/communes/${t.receiver()}/incoming-cases`, { token: receiverOfficer() }));
    const waiting = incoming.items.find((item: { transferId: string }) => item.transferId === transferId);
    expect(waiting).toMatchObject({ kind: "case", caseNumber: opened.caseNumber, note: "Gia đình chuyển về thôn Bắc", summary: { acts: ["a"] } });
    expect(JSON.stringify(waiting)).not.toContain(victimName);
    // A province officer (no identities) sees that there is a note, not its words.
    const forProvince = await t.ok(system.call("GET", `/api/communes/${t.receiver()}/incoming-cases`, { token: provinceOfficer() }));
    expect(forProvince.items.find((item: { transferId: string }) => item.transferId === transferId)).toMatchObject({ noteHidden: true });
    expect(JSON.stringify(forProvince)).not.toContain("thôn Bắc");
    // The sender cannot accept its own request; another commune cannot either.
    expect((await system.call("POST", `/api/cases/${opened.caseId}/transfers/${transferId}/accept`, { token: senderOfficer(), body: {} })).status).toBe(404);
    const third = system.tokenFor(["commune-officer"], [system.commune1]).token;
    expect((await system.call("POST", `/api/cases/${opened.caseId}/transfers/${transferId}/accept`, { token: third, body: {} })).status).toBe(404);

    const accepted = await t.ok(system.call("POST", `/api/cases/${opened.caseId}/transfers/${transferId}/accept`, { token: receiverOfficer(), body: {} }));
    expect(accepted).toMatchObject({ caseNumber: opened.caseNumber, commune: t.receiver() });
    expect(accepted.transfer).toBeUndefined();
    expect(accepted.parties[0].name).toEqual({ value: victimName });
    expect(accepted.timeline.at(-1)).toMatchObject({ action: "case.transfer-accepted" });

    expect(await caseNumbers(t.receiver(), receiverOfficer())).toContain(opened.caseNumber);
    expect(await caseNumbers(t.sender(), senderOfficer())).not.toContain(opened.caseNumber);
    expect((await system.call("GET", `/api/cases/${opened.caseId}`, { token: senderOfficer() })).status).toBe(404);
    const byNumber = await t.ok(system.call("GET", `/api/communes/${t.sender()}/cases?number=${opened.caseNumber}`, { token: senderOfficer() }));
    expect(byNumber.items).toEqual([]);
    expect(await incomingCount(receiverOfficer())).toBe(waitingNow - 1);
    const incomingAfter = await t.ok(system.call("GET", `/api/communes/${t.receiver()}/incoming-cases`, { token: receiverOfficer() }));
    expect(incomingAfter.items.map((item: { transferId: string }) => item.transferId)).not.toContain(transferId);
    // The person index followed the case: found by name in the receiver, not in the sender.
    const here = await t.ok(system.call("POST", `/api/communes/${t.receiver()}/person-search`, { token: receiverOfficer(), body: { name: victimName } }));
    expect(here.matches.map((match: { caseId: string }) => match.caseId)).toEqual([opened.caseId]);
    const there = await t.ok(system.call("POST", `/api/communes/${t.sender()}/person-search`, { token: senderOfficer(), body: { name: victimName } }));
    expect(there.matches).toEqual([]);

    // The audit log: the request by the sender and the acceptance by the receiver, both communes named.
    const entries = await audit(`case#${opened.caseId}`);
    expect(entries.find((entry) => entry.action === "case.transfer-request" && entry.outcome === "allowed")?.handOver).toEqual({
      from: t.sender(),
      to: t.receiver(),
    });
    expect(entries.find((entry) => entry.action === "case.transfer-accept" && entry.outcome === "allowed")?.handOver).toEqual({
      from: t.sender(),
      to: t.receiver(),
    });
  });

  it("declined with a reason stays with the sender, who reads the reason; the receiver gets the transfer only", async () => {
    const { caseId, caseNumber, transferId } = await t.caseInTransfer();
    const bare = await system.call("POST", `/api/cases/${caseId}/transfers/${transferId}/decline`, { token: receiverOfficer(), body: {} });
    expect(bare.status).toBe(400);
    expect(bare.json.errors[0].field).toBe("body.reason");
    const declined = await t.ok(
      system.call("POST", `/api/cases/${caseId}/transfers/${transferId}/decline`, {
        token: receiverOfficer(),
        body: { reason: "Không có hộ này trên địa bàn" },
      }),
    );
    expect(declined).toMatchObject({ transferId, state: "declined", declineReason: "Không có hộ này trên địa bàn", decidedByName: "Cán Bộ Nhận" });
    expect(declined.parties).toBeUndefined();
    const view = await t.ok(system.call("GET", `/api/cases/${caseId}`, { token: senderOfficer() }));
    expect(view.transfer).toBeUndefined();
    expect(view.commune).toBe(t.sender());
    expect(view.transfers.at(-1)).toMatchObject({ state: "declined", declineReason: "Không có hộ này trên địa bàn" });
    expect(await caseNumbers(t.sender(), senderOfficer())).toContain(caseNumber);
    // Decided: accepting it now is a conflict, with the transfer as it is.
    const late = await system.call("POST", `/api/cases/${caseId}/transfers/${transferId}/accept`, { token: receiverOfficer(), body: {} });
    expect(late.status).toBe(409);
    expect(late.json.current).toMatchObject({ transferId, state: "declined" });
  });

  it("withdrawn by the sender cannot be accepted (409); a second request waits for none pending; stale versions and bad targets are refused", async () => {
    const { caseId, transferId, version } = await t.caseInTransfer();
    const again = await system.call("POST", `/api/cases/${caseId}/transfers`, {
      token: senderOfficer(),
      body: { expectedVersion: version, to: system.commune1, reason: "other" },
    });
    expect(again.status).toBe(400);
    expect(again.json.errors[0].field).toBe("body.to");
    expect((await system.call("POST", `/api/cases/${caseId}/transfers/${transferId}/withdraw`, { token: receiverOfficer(), body: {} })).status).toBe(404);
    const withdrawn = await t.ok(system.call("POST", `/api/cases/${caseId}/transfers/${transferId}/withdraw`, { token: senderOfficer(), body: {} }));
    expect(withdrawn.transfer).toBeUndefined();
    expect(withdrawn.transfers.at(-1)).toMatchObject({ state: "withdrawn" });
    const accept = await system.call("POST", `/api/cases/${caseId}/transfers/${transferId}/accept`, { token: receiverOfficer(), body: {} });
    expect(accept.status).toBe(409);
    expect(accept.json.current).toMatchObject({ state: "withdrawn" });

    const stale = await system.call("POST", `/api/cases/${caseId}/transfers`, {
      token: senderOfficer(),
      body: { expectedVersion: version, to: t.receiver(), reason: "family-moved" },
    });
    expect(stale.status).toBe(409);
    const same = await system.call("POST", `/api/cases/${caseId}/transfers`, {
      token: senderOfficer(),
      body: { expectedVersion: withdrawn.version, to: t.sender(), reason: "family-moved" },
    });
    expect(same.status).toBe(400);
    const nowhere = await system.call("POST", `/api/cases/${caseId}/transfers`, {
      token: senderOfficer(),
      body: { expectedVersion: withdrawn.version, to: "99999", reason: "family-moved" },
    });
    expect(nowhere.status).toBe(400);
    expect(nowhere.json.errors[0].field).toBe("body.to");
  });

  it("a change by the sender while the receiver accepts: the acceptance reads the current file and the case moves whole", async () => {
    const { caseId, transferId, version } = await t.caseInTransfer();
    const [edited, accepted] = await Promise.all([
      system.call("PATCH", `/api/cases/${caseId}`, { token: senderOfficer(), body: { expectedVersion: version, priority: "high" } }),
      system.call("POST", `/api/cases/${caseId}/transfers/${transferId}/accept`, { token: receiverOfficer(), body: {} }),
    ]);
    // Either may win the race; the loser gets 409 (or 404 once the case is the receiver's), never a half-moved file.
    expect([200, 404, 409]).toContain(edited.status);
    expect([200, 409]).toContain(accepted.status);
    if (accepted.status === 409) {
      expect((await system.call("POST", `/api/cases/${caseId}/transfers/${transferId}/accept`, { token: receiverOfficer(), body: {} })).status).toBe(200);
    }
    const file = await t.ok(system.call("GET", `/api/cases/${caseId}`, { token: receiverOfficer() }));
    expect(file.commune).toBe(t.receiver());
    expect(file.transfers.at(-1).state).toBe("accepted");
  });

  it("a province officer moves a case at once, with a reason, audited with both communes; commune officers cannot", async () => {
    const opened = await t.senderCase();
    const body = { expectedVersion: opened.version, to: t.receiver(), reason: "wrong-commune", note: "Nhập nhầm xã" };
    expect((await system.call("POST", `/api/cases/${opened.caseId}/move`, { token: senderOfficer(), body })).status).toBe(404);
    const moved = await t.ok(system.call("POST", `/api/cases/${opened.caseId}/move`, { token: provinceOfficer(), body }));
    expect(moved).toMatchObject({ commune: t.receiver(), caseNumber: opened.caseNumber });
    expect(moved.transfers.at(-1)).toMatchObject({ state: "moved", from: t.sender(), to: t.receiver(), decidedByName: "Cán Bộ Tỉnh" });
    expect(await caseNumbers(t.receiver(), receiverOfficer())).toContain(opened.caseNumber);
    expect((await system.call("GET", `/api/cases/${opened.caseId}`, { token: senderOfficer() })).status).toBe(404);
    const entry = (await audit(`case#${opened.caseId}`)).find((item) => item.action === "case.move" && item.outcome === "allowed");
    expect(entry?.handOver).toEqual({ from: t.sender(), to: t.receiver() });
  });
});

describe("a report handed to another commune", () => {
  async function onlineReport(marker: string) {
    const submitted = await system.call("POST", "/api/reports", {
      body: {
        commune: t.sender(),
        narrative: `Nhà bên có tiếng đánh nhau ${marker}`,
        acts: ["a"],
        danger: "no",
        reporter: { anonymous: true },
        consentToContact: false,
      },
      headers: { "idempotency-key": randomUUID(), "x-forwarded-for": "203.0.113.77" },
    });
    expect(submitted.status).toBe(201);
    const inbox = await t.ok(system.call("GET", `/api/communes/${t.sender()}/reports?limit=100&channel=online&status=new`, { token: senderOfficer() }));
    for (const item of inbox.items as { id: string }[]) {
      const detail = await t.ok(system.call("GET", `/api/reports/${item.id}`, { token: senderOfficer() }));
      if (String(detail.narrative).includes(marker)) return { reportId: item.id, code: submitted.json.receiptCode as string };
    }
    throw new Error("the report is not in the inbox");
  }

  const inboxIds = async (commune: string, token: string) =>
    ((await t.ok(system.call("GET", `/api/communes/${commune}/reports?limit=100`, { token }))).items as { id: string }[]).map((item) => item.id);
  const counts = async (commune: string, token: string) => (await t.ok(system.call("GET", `/api/communes/${commune}/reports?limit=1`, { token }))).counts;

  it("an online report is accepted by the receiver: its inbox and counts, not the sender's; the receipt code still works", async () => {
    const marker = uniqueMarker();
    const { reportId, code } = await onlineReport(marker);
    const { transferId } = await t.reportInTransfer(reportId);
    const pending = await t.ok(system.call("GET", `/api/reports/${reportId}`, { token: senderOfficer() }));
    expect(pending.transfer).toMatchObject({ transferId, to: t.receiver() });
    const triage = await system.call("POST", `/api/reports/${reportId}/triage`, {
      token: senderOfficer(),
      body: { action: "open-case", expectedVersion: pending.version },
    });
    expect(triage.status).toBe(400);
    const incoming = await t.ok(system.call("GET", `/api/communes/${t.receiver()}/incoming-reports`, { token: receiverOfficer() }));
    const waiting = incoming.items.find((item: { transferId: string }) => item.transferId === transferId);
    expect(waiting).toMatchObject({ kind: "report", recordId: reportId, reason: "wrong-commune", summary: { channel: "online", acts: ["a"] } });
    expect(JSON.stringify(waiting)).not.toContain(marker);
    expect((await system.call("GET", `/api/reports/${reportId}`, { token: receiverOfficer() })).status).toBe(404);

    const [senderBefore, receiverBefore] = [await counts(t.sender(), senderOfficer()), await counts(t.receiver(), receiverOfficer())];
    const waitingBefore = await incomingCount(receiverOfficer());
    expect(waitingBefore).toBeGreaterThanOrEqual(1);
    const accepted = await t.ok(system.call("POST", `/api/reports/${reportId}/transfers/${transferId}/accept`, { token: receiverOfficer() }));
    expect(accepted).toMatchObject({ id: reportId, commune: t.receiver(), status: "new" });
    expect(String(accepted.narrative)).toContain(marker);
    expect(await inboxIds(t.receiver(), receiverOfficer())).toContain(reportId);
    expect(await inboxIds(t.sender(), senderOfficer())).not.toContain(reportId);
    expect((await system.call("GET", `/api/reports/${reportId}`, { token: senderOfficer() })).status).toBe(404);
    const [senderAfter, receiverAfter] = [await counts(t.sender(), senderOfficer()), await counts(t.receiver(), receiverOfficer())];
    expect(senderAfter.byStatus.new).toBe(senderBefore.byStatus.new - 1);
    expect(receiverAfter.byStatus.new).toBe(receiverBefore.byStatus.new + 1);
    expect(await incomingCount(receiverOfficer())).toBe(waitingBefore - 1);

    // The reporter follows it with the same code, adds information, and the receiver reads it.
    const status = await system.call("POST", "/api/receipts/status", { body: { receiptCode: code }, headers: { "x-forwarded-for": "203.0.113.78" } });
    expect(status.status, JSON.stringify(status.json)).toBe(200);
    expect(status.json.status).toBe("received");
    const added = await system.call("POST", "/api/receipts/additions", {
      body: { receiptCode: code, text: `Thêm: chuyện xảy ra lại ${marker}` },
      headers: { "x-forwarded-for": "203.0.113.79" },
    });
    expect(added.status, JSON.stringify(added.json)).toBe(201);
    const read = await t.ok(system.call("GET", `/api/reports/${reportId}`, { token: receiverOfficer() }));
    expect(read.additionsText.map((addition: { text: string }) => addition.text)).toEqual([`Thêm: chuyện xảy ra lại ${marker}`]);
    // The receiver triages it now as its own.
    const opened = await t.ok(
      system.call("POST", `/api/reports/${reportId}/triage`, { token: receiverOfficer(), body: { action: "open-case", expectedVersion: read.version } }),
    );
    expect(opened.triage.caseNumber).toBeTruthy();
    const entries = await audit(`report#${reportId}`);
    expect(entries.filter((entry) => entry.handOver !== undefined).map((entry) => entry.action)).toEqual(
      expect.arrayContaining(["report.transfer-request", "report.transfer-accept"]),
    );
  });

  it("declined stays with the sender; withdrawn cannot be accepted; a triaged report cannot be transferred; stale versions → 409", async () => {
    const first = await t.reportInTransfer();
    const declined = await t.ok(
      system.call("POST", `/api/reports/${first.reportId}/transfers/${first.transferId}/decline`, {
        token: receiverOfficer(),
        body: { reason: "Địa chỉ thuộc xã khác nữa" },
      }),
    );
    expect(declined).toMatchObject({ state: "declined", declineReason: "Địa chỉ thuộc xã khác nữa" });
    expect(declined.narrative).toBeUndefined();
    expect(await inboxIds(t.sender(), senderOfficer())).toContain(first.reportId);
    const afterDecline = await t.ok(system.call("GET", `/api/reports/${first.reportId}`, { token: senderOfficer() }));
    expect(afterDecline.transfer).toBeUndefined();
    expect(afterDecline.transfers.at(-1)).toMatchObject({ state: "declined", declineReason: "Địa chỉ thuộc xã khác nữa" });

    const second = await t.reportInTransfer();
    await t.ok(system.call("POST", `/api/reports/${second.reportId}/transfers/${second.transferId}/withdraw`, { token: senderOfficer(), body: {} }));
    const late = await system.call("POST", `/api/reports/${second.reportId}/transfers/${second.transferId}/accept`, { token: receiverOfficer() });
    expect(late.status).toBe(409);
    expect(late.json.current).toMatchObject({ state: "withdrawn" });

    const stale = await system.call("POST", `/api/reports/${second.reportId}/transfers`, {
      token: senderOfficer(),
      body: { expectedVersion: second.version, to: t.receiver(), reason: "other" },
    });
    expect(stale.status).toBe(409);

    const triaged = await t.senderReport();
    await t.ok(
      system.call("POST", `/api/reports/${triaged.reportId}/triage`, {
        token: senderOfficer(),
        body: { action: "not-dv", expectedVersion: triaged.version, reason: "Không phải BLGĐ" },
      }),
    );
    const closed = await t.ok(system.call("GET", `/api/reports/${triaged.reportId}`, { token: senderOfficer() }));
    const refused = await system.call("POST", `/api/reports/${triaged.reportId}/transfers`, {
      token: senderOfficer(),
      body: { expectedVersion: closed.version, to: t.receiver(), reason: "other" },
    });
    expect(refused.status).toBe(400);
  });

  it("a province officer moves a report; commune officers cannot; the audit entry names both communes", async () => {
    const report = await t.senderReport();
    const body = { expectedVersion: report.version, to: t.receiver(), reason: "wrong-commune" };
    expect((await system.call("POST", `/api/reports/${report.reportId}/move`, { token: senderOfficer(), body })).status).toBe(404);
    const moved = await t.ok(system.call("POST", `/api/reports/${report.reportId}/move`, { token: provinceOfficer(), body }));
    expect(moved.commune).toBe(t.receiver());
    expect(await inboxIds(t.receiver(), receiverOfficer())).toContain(report.reportId);
    const entry = (await audit(`report#${report.reportId}`)).find((item) => item.action === "report.move" && item.outcome === "allowed");
    expect(entry?.handOver).toEqual({ from: t.sender(), to: t.receiver() });
  });
});

it("the raw tables hold the transfer notes and decline reasons sealed, never in clear", async () => {
  const marker = uniqueMarker();
  const opened = await t.senderCase();
  const asked = await t.ok(
    system.call("POST", `/api/cases/${opened.caseId}/transfers`, {
      token: senderOfficer(),
      body: { expectedVersion: opened.version, to: t.receiver(), reason: "family-moved", note: `Nhà bà Nguyễn Thị Hạnh ${marker}` },
    }),
    201,
  );
  await t.ok(
    system.call("POST", `/api/cases/${opened.caseId}/transfers/${asked.transfers.at(-1).transferId}/decline`, {
      token: receiverOfficer(),
      body: { reason: `Bà Hạnh không ở đây ${marker}` },
    }),
  );
  const report = await t.senderReport();
  await t.ok(
    system.call("POST", `/api/reports/${report.reportId}/transfers`, {
      token: senderOfficer(),
      body: { expectedVersion: report.version, to: t.receiver(), reason: "other", note: `Ông Lê Văn Tâm ${marker}` },
    }),
    201,
  );
  const dump = await rawDump(system.api.documents, "ninh-binh", ["cases", "reports"]);
  expect(dump).toContain("TRANSFER#");
  expect(dump).not.toContain(marker);
});
