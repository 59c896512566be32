import { randomUUID } from "node:crypto";
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DynamoCaseOpening } from "../../functions/cases/opening.ts";
import { DynamoPreventionRepository } from "../../functions/prevention/repository.ts";
import { DynamoReportStore } from "../../functions/reports/repository.ts";
import type { StoredReport } from "../../functions/reports/service.ts";
import { isFieldCiphertext } from "../../shared/table-attributes.ts";
import { physicalTableName } from "../../shared/tables.ts";
import { type OfficerApi, startOfficerApi } from "../support/officer-api.ts";
import { rawItems } from "../support/raw-table.ts";

/**
 * The prevention network through the local runtime (real handlers, DynamoDB Local): the live
 * directory kept by the communes and the four registers — create, edit with 409, lists with
 * filters and cursors (a cursor of another commune or query → 400), identities sealed in the table.
 */
let system: OfficerApi;
beforeAll(async () => {
  system = await startOfficerApi("ninh-binh");
});
afterAll(async () => {
  await system?.close();
});

const officerOf = (commune: string) => system.tokenFor(["commune-officer"], [commune]).token;
const volunteerOf = (commune: string) => system.tokenFor(["community-volunteer"], [commune]).token;
const provinceOfficer = () => system.tokenFor(["province-officer"], "province").token;

async function expectStatus(result: Promise<{ status: number; json: unknown }>, status: number) {
  const answer = await result;
  expect(answer.status, JSON.stringify(answer.json)).toBe(status);
  // biome-ignore lint/suspicious/noExplicitAny: answers checked field by field
  return answer.json as any;
}

const talk = (overrides: Record<string, unknown> = {}) => ({
  date: "2026-03-08",
  village: "Thôn Đông",
  kind: "talk",
  topic: "men",
  topicText: "Nam giới nói không với bạo lực",
  targetGroups: ["men"],
  participants: { total: 40, men: 30, women: 10 },
  households: 25,
  ...overrides,
});

describe("the live directory", () => {
  it("a commune officer adds a trusted address: public at once, the contact only with consent; 409 on a stale edit; removed stays removed", async () => {
    const commune = system.commune1;
    const token = officerOf(commune);
    const base = `/api/communes/${commune}/directory-entries/trusted-addresses`;
    const created = await expectStatus(
      system.call("POST", base, {
        token,
        body: {
          name: "Nhà văn hóa thôn Đông",
          address: "Thôn Đông",
          phone: "0229 3851 111",
          contact: { name: "Trần Thị Lan", phone: "0912 000 111", consent: false },
        },
      }),
      201,
    );
    let live = await expectStatus(system.call("GET", `/api/trusted-addresses?commune=${commune}`), 200);
    const listed = live.items.find((item: { id: string }) => item.id === created.id);
    expect(listed).toMatchObject({ name: "Nhà văn hóa thôn Đông", address: "Thôn Đông" });
    expect(JSON.stringify(live)).not.toContain("Trần Thị Lan");
    // At rest the contact who did not agree is sealed (contactSealed, an ESDK message); officers read it back.
    const stored = async () =>
      (
        await system.api.documents.send(
          new GetCommand({ TableName: physicalTableName("ninh-binh", "directory"), Key: { pk: `TRUSTED#${commune}`, sk: created.id } }),
        )
      ).Item as Record<string, unknown>;
    let raw = await stored();
    expect(JSON.stringify(raw)).not.toContain("Trần Thị Lan");
    expect(JSON.stringify(raw)).not.toContain("0912 000 111");
    expect(raw.contact).toBeUndefined();
    expect(isFieldCiphertext(raw.contactSealed as string)).toBe(true);
    const kept = await expectStatus(system.call("GET", `/api/communes/${commune}/directory-entries`, { token }), 200);
    expect(kept.trustedAddresses.find((item: { id: string }) => item.id === created.id).contact).toEqual({
      name: "Trần Thị Lan",
      phone: "0912 000 111",
      consent: false,
    });
    expect(JSON.stringify(kept)).not.toContain("contactSealed");
    const all = await system.call("GET", "/api/directory");
    expect(all.headers.get("cache-control")).toBe("public, max-age=60");
    expect(all.json.trustedAddresses.some((item: { id: string }) => item.id === created.id)).toBe(true);

    const consented = await expectStatus(
      system.call("PUT", `${base}/${created.id}`, {
        token,
        body: {
          name: "Nhà văn hóa thôn Đông",
          address: "Thôn Đông",
          contact: { name: "Trần Thị Lan", phone: "0912 000 111", consent: true },
          expectedVersion: 1,
        },
      }),
      200,
    );
    expect(consented.version).toBe(2);
    live = await expectStatus(system.call("GET", `/api/trusted-addresses?commune=${commune}`), 200);
    expect(live.items.find((item: { id: string }) => item.id === created.id).contact).toEqual({ name: "Trần Thị Lan", phone: "0912 000 111" });
    expect(JSON.stringify(live)).not.toContain("contactSealed");
    // Agreed: the public projection is readable without a key (the public directory holds none).
    raw = await stored();
    expect(raw.contact).toEqual({ name: "Trần Thị Lan", phone: "0912 000 111", consent: true });

    const stale = await expectStatus(system.call("PUT", `${base}/${created.id}`, { token, body: { name: "X", address: "Y", expectedVersion: 1 } }), 409);
    expect(stale.current.version).toBe(2);

    await expectStatus(
      system.call("PUT", `${base}/${created.id}`, {
        token,
        body: { name: "Nhà văn hóa thôn Đông", address: "Thôn Đông", status: "suspended", expectedVersion: 2 },
      }),
      200,
    );
    live = await expectStatus(system.call("GET", `/api/trusted-addresses?commune=${commune}`), 200);
    expect(live.items.some((item: { id: string }) => item.id === created.id)).toBe(false);
    await expectStatus(system.call("DELETE", `${base}/${created.id}?expectedVersion=3`, { token }), 200);
    await expectStatus(system.call("GET", `/api/communes/${commune}/directory-entries`, { token }), 200).then((entries) =>
      expect(entries.trustedAddresses.some((item: { id: string }) => item.id === created.id)).toBe(false),
    );
    // Another commune's officer cannot touch it (404, never 403).
    await expectStatus(system.call("POST", base, { token: officerOf(system.commune2), body: { name: "A", address: "B" } }), 404);
  });

  it("province-wide hotlines: province officers only", async () => {
    const body = { name: { vi: "Đường dây nóng tỉnh", en: "Province hotline" }, number: "0229 111 222", hours: { vi: "24/7", en: "24/7" }, free: true };
    await expectStatus(system.call("POST", "/api/communes/province/directory-entries/hotlines", { token: officerOf(system.commune1), body }), 404);
    const created = await expectStatus(system.call("POST", "/api/communes/province/directory-entries/hotlines", { token: provinceOfficer(), body }), 201);
    const live = await expectStatus(system.call("GET", "/api/hotlines"), 200);
    expect(live.items.some((item: { id: string }) => item.id === created.id)).toBe(true);
  });
});

describe("the registers", () => {
  it("a model is active once an activity it ran is recorded in the last six months; an activity cannot be dated in the future", async () => {
    const commune = system.commune1;
    const token = officerOf(commune);
    const model = await expectStatus(
      system.call("POST", `/api/communes/${commune}/prevention/models`, {
        token,
        body: {
          type: "nhom-pcblgd",
          name: "Nhóm PCBLGĐ thôn Đông",
          village: "Thôn Đông",
          decision: { number: "12/QĐ-UBND", date: "2025-01-10" },
          status: "active",
          meetingRhythm: "Hằng tháng",
          members: [{ name: "Phạm Văn Bình", role: "Trưởng nhóm", sex: "male", birthYear: 1970, phone: "0912 345 678", board: true }],
          families: 12,
        },
      }),
      201,
    );
    expect(model.active).toBe(false);
    expect(model.personal.members[0].name).toBe("Phạm Văn Bình");
    const activity = await expectStatus(
      system.call("POST", `/api/communes/${commune}/prevention/activities`, { token, body: talk({ modelId: model.id, date: "2099-01-01" }) }),
      400,
    );
    expect(JSON.stringify(activity)).toContain("body.date");
  });
});

describe("register lists, edits and the table", () => {
  it("activities: a model's talk makes it active; list filters and cursors; a foreign cursor is 400; stale edit 409", async () => {
    const commune = system.commune1;
    const token = officerOf(commune);
    const model = await expectStatus(
      system.call("POST", `/api/communes/${commune}/prevention/models`, {
        token,
        body: { type: "clb-gia-dinh", name: "CLB gia đình phát triển bền vững", status: "active", members: [], families: 20 },
      }),
      201,
    );
    const first = await expectStatus(
      system.call("POST", `/api/communes/${commune}/prevention/activities`, { token, body: talk({ modelId: model.id, date: "2026-03-08" }) }),
      201,
    );
    for (const date of ["2026-03-09", "2026-03-10"])
      await expectStatus(
        system.call("POST", `/api/communes/${commune}/prevention/activities`, {
          token,
          body: talk({ date, kind: "home-visit", targetGroups: ["high-risk-families"] }),
        }),
        201,
      );
    const reread = await expectStatus(system.call("GET", `/api/prevention/models/${model.id}`, { token }), 200);
    expect(reread.lastActivityOn).toBe("2026-03-08");
    // The evidence is written with the activity (one transaction): an older activity keeps the
    // newer day; a model of another commune refuses the activity, and nothing is written.
    await expectStatus(
      system.call("POST", `/api/communes/${commune}/prevention/activities`, { token, body: talk({ modelId: model.id, date: "2026-02-01" }) }),
      201,
    );
    expect((await expectStatus(system.call("GET", `/api/prevention/models/${model.id}`, { token }), 200)).lastActivityOn).toBe("2026-03-08");
    const foreign = await expectStatus(
      system.call("POST", `/api/communes/${system.commune2}/prevention/activities`, {
        token: provinceOfficer(),
        body: talk({ modelId: model.id, topicText: "Không được ghi" }),
      }),
      400,
    );
    expect(foreign.errors[0].field).toBe("body.modelId");
    const commune2 = await expectStatus(
      system.call("GET", `/api/communes/${system.commune2}/prevention/activities?limit=100`, { token: provinceOfficer() }),
      200,
    );
    expect(JSON.stringify(commune2.items)).not.toContain("Không được ghi");

    const page1 = await expectStatus(
      system.call("GET", `/api/communes/${commune}/prevention/activities?kind=home-visit&from=2026-03-09&to=2026-03-10&limit=1`, { token }),
      200,
    );
    expect(page1.items).toHaveLength(1);
    expect(page1.items[0].day).toBe("2026-03-10");
    const page2 = await expectStatus(
      system.call("GET", `/api/communes/${commune}/prevention/activities?kind=home-visit&from=2026-03-09&to=2026-03-10&limit=1&cursor=${page1.cursor}`, {
        token,
      }),
      200,
    );
    expect(page2.items[0].day).toBe("2026-03-09");
    // The cursor of another query (another filter) and of another commune: 400 on query.cursor.
    for (const path of [
      `/api/communes/${commune}/prevention/activities?kind=talk&limit=1&cursor=${page1.cursor}`,
      `/api/communes/${system.commune2}/prevention/activities?kind=home-visit&from=2026-03-09&to=2026-03-10&limit=1&cursor=${page1.cursor}`,
    ]) {
      const refused = await expectStatus(system.call("GET", path, { token: provinceOfficer() }), 400);
      expect(refused.errors[0].field).toBe("query.cursor");
    }
    const men = await expectStatus(system.call("GET", `/api/communes/${commune}/prevention/activities?targetGroup=men`, { token }), 200);
    expect(men.items.every((item: { fields: { targetGroups: string[] } }) => item.fields.targetGroups.includes("men"))).toBe(true);

    const edited = await expectStatus(
      system.call("PUT", `/api/prevention/activities/${first.id}`, { token, body: { ...talk({ date: "2026-03-08" }), households: 30, expectedVersion: 1 } }),
      200,
    );
    expect(edited.version).toBe(2);
    const stale = await expectStatus(system.call("PUT", `/api/prevention/activities/${first.id}`, { token, body: { ...talk(), expectedVersion: 1 } }), 409);
    expect(stale.current.version).toBe(2);
    const wrong = await expectStatus(
      system.call("POST", `/api/communes/${commune}/prevention/activities`, { token, body: talk({ participants: { total: 5, men: 4, women: 4 } }) }),
      400,
    );
    expect(wrong.errors[0].field).toBe("body.participants.total");
  });

  it("mediations: a volunteer records one, sees its parties; another volunteer does not; the table holds no party or member name", async () => {
    const commune = system.commune1;
    const body = {
      date: "2026-04-02",
      mediators: "Tổ hòa giải thôn Tây: Đỗ Văn Minh",
      parties: [
        { name: "Hoàng Văn Quý", sex: "male" },
        { name: "Lê Thị Mận", sex: "female" },
      ],
      conflict: "Mâu thuẫn về chi tiêu trong gia đình",
      outcome: "reconciled",
      followUpOn: "2026-05-02",
    };
    const volunteer = system.tokenFor(["community-volunteer"], [commune]);
    const created = await expectStatus(system.call("POST", `/api/communes/${commune}/prevention/mediations`, { token: volunteer.token, body }), 201);
    expect(created.personal.parties[0].name).toBe("Hoàng Văn Quý");
    const other = await expectStatus(system.call("GET", `/api/prevention/mediations/${created.id}`, { token: volunteerOf(commune) }), 200);
    expect(other.personal).toBeUndefined();
    expect(other.fields.outcome).toBe("reconciled");
    const officer = await expectStatus(system.call("GET", `/api/prevention/mediations/${created.id}`, { token: officerOf(commune) }), 200);
    expect(officer.personal.conflict).toBe(body.conflict);
    await expectStatus(system.call("GET", `/api/prevention/mediations/${created.id}`, { token: officerOf(system.commune2) }), 404);
    // A volunteer never reads case files or reports.
    await expectStatus(system.call("GET", `/api/communes/${commune}/reports`, { token: volunteer.token }), 404);
    await expectStatus(system.call("GET", `/api/communes/${commune}/cases`, { token: volunteer.token }), 404);

    // Violence appeared: the volunteer turns their mediation into a report in the commune's inbox; the two name each other.
    const referred = await expectStatus(system.call("POST", `/api/prevention/mediations/${created.id}/report`, { token: volunteer.token }), 201);
    expect(referred.reportId).toMatch(/^[0-9a-f-]{36}$/);
    expect(referred.version).toBe(created.version + 1);
    const report = await expectStatus(system.call("GET", `/api/reports/${referred.reportId}`, { token: officerOf(commune) }), 200);
    expect(report.commune).toBe(commune);
    expect(report.mediationId).toBe(created.id);
    const linked = await expectStatus(system.call("GET", `/api/prevention/mediations/${created.id}`, { token: officerOf(commune) }), 200);
    expect(linked.reportId).toBe(referred.reportId);
    await expectStatus(system.call("POST", `/api/prevention/mediations/${created.id}/report`, { token: volunteer.token }), 400);

    const raw = JSON.stringify(await rawItems(system.api.documents, "ninh-binh", "prevention"));
    for (const name of ["Hoàng Văn Quý", "Lê Thị Mận", "Đỗ Văn Minh", "Mâu thuẫn về chi tiêu", "Phạm Văn Bình", "0912 345 678"])
      expect(raw).not.toContain(name);
  });

  it("a mediation becomes a report in one transaction: a refused link leaves no report nor inbox count; racing referrals file one", async () => {
    const commune = system.commune2;
    const token = officerOf(commune);
    const mediation = {
      date: "2026-04-03",
      mediators: "Tổ hòa giải thôn Bắc",
      parties: [{ name: "Trần Văn Tư", sex: "male" }],
      conflict: "Mâu thuẫn về đất đai",
      outcome: "not-reconciled",
    };
    const created = await expectStatus(system.call("POST", `/api/communes/${commune}/prevention/mediations`, { token, body: mediation }), 201);
    await expectStatus(system.call("PUT", `/api/prevention/mediations/${created.id}`, { token, body: { ...mediation, expectedVersion: 1 } }), 200);

    const documents = system.api.documents;
    const reportsTable = physicalTableName("ninh-binh", "reports");
    const reports = new DynamoReportStore(documents, reportsTable, new DynamoCaseOpening(documents, "", ""));
    const prevention = new DynamoPreventionRepository(
      documents,
      physicalTableName("ninh-binh", "prevention"),
      () => {
        throw new Error("linking seals nothing");
      },
      "ninh-binh",
    );
    const inboxTotal = async () =>
      Number((await documents.send(new GetCommand({ TableName: reportsTable, Key: { pk: `COUNTS#${commune}`, sk: "INBOX" } }))).Item?.total ?? 0);
    const storedReport = async (id: string) =>
      (await documents.send(new GetCommand({ TableName: reportsTable, Key: { pk: `REPORT#${id}`, sk: "REPORT" } }))).Item;
    const newReport = (): StoredReport => {
      const at = new Date().toISOString();
      return {
        ...{ id: randomUUID(), commune, channel: "other", status: "new", urgent: false, acts: [], receivedAt: at, danger: "unknown" },
        ...{ reporter: { anonymous: true }, sealed: "c2VhbGVk", consentToContact: false, version: 1, createdAt: at, updatedAt: at, additions: 0 },
        mediationId: created.id,
      };
    };
    const link = (report: StoredReport, expectedVersion: number) =>
      prevention.linkReport({ id: created.id, reportId: report.id, expectedVersion, by: "test", at: report.createdAt }, reports.creationItems(report));

    // A referral that read the mediation before its edit (version 1, now 2): the mediation's condition
    // cancels the whole transaction — the report and the inbox count are not written either.
    const before = await inboxTotal();
    const stale = newReport();
    expect(await link(stale, 1)).toBe("mediation-changed");
    expect(await storedReport(stale.id)).toBeUndefined();
    expect(await inboxTotal()).toBe(before);
    expect((await expectStatus(system.call("GET", `/api/prevention/mediations/${created.id}`, { token }), 200)).reportId).toBeUndefined();

    // Racing referrals of one mediation through the handler: one report is filed and linked both ways.
    const answers = await Promise.all([1, 2, 3].map(() => system.call("POST", `/api/prevention/mediations/${created.id}/report`, { token })));
    const filed = answers.filter((answer) => answer.status === 201);
    expect(filed).toHaveLength(1);
    for (const refused of answers.filter((answer) => answer.status !== 201)) expect([400, 409]).toContain(refused.status);
    const reportId = (filed[0]?.json as { reportId?: string } | undefined)?.reportId ?? "none";
    expect((await storedReport(reportId))?.mediationId).toBe(created.id);
    expect(await inboxTotal()).toBe(before + 1);
    const linked = await expectStatus(system.call("GET", `/api/prevention/mediations/${created.id}`, { token }), 200);
    expect(linked.reportId).toBe(reportId);

    // Already a report, even at its current version: refused, nothing written.
    const again = newReport();
    expect(await link(again, linked.version)).toBe("mediation-changed");
    expect(await storedReport(again.id)).toBeUndefined();
    expect(await inboxTotal()).toBe(before + 1);
  });

  it("courses: the province's own, with participants; the figures count trained staff per commune", async () => {
    const token = provinceOfficer();
    const course = await expectStatus(
      system.call("POST", "/api/communes/province/prevention/courses", {
        token,
        body: {
          title: "Tập huấn kỹ năng PCBLGĐ",
          organiser: "Sở Văn hóa, Thể thao và Du lịch",
          startsOn: "2026-05-10",
          endsOn: "2026-05-11",
          topic: "Luật PCBLGĐ 2022",
          targetGroup: "Cán bộ xã",
          legalBasis: "Luật Phòng, chống bạo lực gia đình 2022",
          participants: [
            {
              name: "Nguyễn Văn An",
              unit: "UBND xã",
              role: "Công chức văn hóa",
              sex: "male",
              commune: system.commune1,
              completed: true,
              certificateNumber: "CC-001",
            },
          ],
        },
      }),
      201,
    );
    expect(course.fields.trainedByCommune).toEqual({ [system.commune1]: 1 });
    // The share's denominator: the commune enters its staff count (409 on a stale version); the share follows.
    const staffPath = `/api/communes/${system.commune1}/prevention/staff`;
    const before = await expectStatus(system.call("GET", `${staffPath}?year=2026`, { token: officerOf(system.commune1) }), 200);
    expect(before.staffTrained).toBeGreaterThanOrEqual(1);
    const entered = await expectStatus(
      system.call("PUT", staffPath, { token: officerOf(system.commune1), body: { year: 2026, count: 40, expectedVersion: before.version } }),
      200,
    );
    expect(entered.version).toBe(before.version + 1);
    const stale = await expectStatus(
      system.call("PUT", staffPath, { token: officerOf(system.commune1), body: { year: 2026, count: 41, expectedVersion: before.version } }),
      409,
    );
    expect(stale.current.count).toBe(40);
    const after = await expectStatus(system.call("GET", `${staffPath}?year=2026`, { token: volunteerOf(system.commune1) }), 200);
    expect(after.count).toBe(40);
    expect(after.staffTrainedShare).toBeCloseTo(Math.min(1, after.staffTrained / 40));
    await expectStatus(
      system.call("PUT", staffPath, { token: volunteerOf(system.commune1), body: { year: 2026, count: 1, expectedVersion: after.version } }),
      404,
    );
    await expectStatus(system.call("POST", "/api/communes/province/prevention/courses", { token: officerOf(system.commune1), body: {} }), 404);
    const csv = await system.call("GET", `/api/communes/province/prevention/courses/export?format=csv`, { token });
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toMatch(/^text\/csv/);
  });
});
