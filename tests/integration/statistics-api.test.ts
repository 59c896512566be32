import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { StatisticsProjector } from "../../functions/statistics/projector.ts";
import { DynamoStatisticsStore } from "../../functions/statistics/repository.ts";
import { physicalTableName } from "../../shared/tables.ts";
import { openTestCase } from "../support/cases.ts";
import { type OfficerApi, startOfficerApi } from "../support/officer-api.ts";
import { reportBody } from "../support/report-fixtures.ts";

/**
 * Statistics through the local API and the real handler: the projector over cases written by the
 * real cases code, a commune's figures, its report's lifecycle (draft → submitted → returned →
 * resubmitted → approved → reopened) with 409 on stale versions, who may do what, the province
 * roll-up and dashboard, the exports, and the public figures (approved only).
 */
let system: OfficerApi;
let officer: string;
let leader: string;
let province: string;
let store: DynamoStatisticsStore;
let projector: StatisticsProjector;

// A past year of its own, so other files' reports of this year do not meet this one.
const period = "2024";
const base = () => `/api/statistics/communes/${system.commune2}/periods/${period}`;

beforeAll(async () => {
  system = await startOfficerApi("ninh-binh");
  officer = system.tokenFor(["commune-officer"], [system.commune2], { name: "Cán Bộ Xã" }).token;
  leader = system.tokenFor(["commune-leader"], [system.commune2], { name: "Chủ Tịch Xã" }).token;
  province = system.tokenFor(["province-officer"], "province").token;
  store = new DynamoStatisticsStore(system.api.documents, {
    statistics: physicalTableName("ninh-binh", "statistics"),
    reports: physicalTableName("ninh-binh", "reports"),
    cases: physicalTableName("ninh-binh", "cases"),
  });
  projector = new StatisticsProjector(store, store, 31);
});
afterAll(async () => {
  await system?.close();
});

async function figures(token = officer) {
  const result = await system.call("GET", base(), { token });
  expect(result.status, JSON.stringify(result.json)).toBe(200);
  return result.json as {
    report: { status: string; version: number; onTime?: boolean };
    tables: { code: string; rows: { code: string; cells: { value: number; computed?: number }[] }[]; total?: { value: number }[] }[];
  };
}

const cell = (body: Awaited<ReturnType<typeof figures>>, table: string, row: string, column = 0) =>
  body.tables.find((entry) => entry.code === table)?.rows.find((entry) => entry.code === row)?.cells[column]?.value;

describe("statistics API", () => {
  it("counts a case written by the cases code, in Vietnam time, once however often it is projected", async () => {
    const before = await figures();
    // 23:30 on 31 December 2024 in Vietnam: still 2024.
    const opened = await openTestCase(system.api.documents, { commune: system.commune2, acts: ["a", "b"], at: "2024-12-31T16:30:00.000Z" });
    const { caseId } = opened;
    const current = await system.call("GET", `/api/cases/${caseId}`, { token: officer });
    const added = await system.call("POST", `/api/cases/${caseId}/parties`, {
      token: officer,
      body: {
        expectedVersion: current.json?.version,
        role: "victim",
        name: "Nguyễn Thị A",
        sex: "female",
        ageBand: "18-59",
        relationship: "spouse",
        vulnerabilities: [],
      },
    });
    expect(added.status, JSON.stringify(added.json)).toBe(201);
    for (let n = 0; n < 3; n++) await projector.project({ table: "cases", id: caseId });
    const after = await figures();
    expect((cell(after, "violence-forms", "physical") ?? 0) - (cell(before, "violence-forms", "physical") ?? 0)).toBe(1);
    expect((cell(after, "violence-forms", "psychological") ?? 0) - (cell(before, "violence-forms", "psychological") ?? 0)).toBe(1);
    const femaleAdults = (body: typeof after) =>
      body.tables.find((table) => table.code === "victims")?.rows.find((row) => row.code === "female")?.cells[2]?.value ?? 0;
    expect(femaleAdults(after) - femaleAdults(before)).toBe(1);
    // The stored counters hold codes and numbers only: no name.
    expect(JSON.stringify(await store.halfCounters("2024-H2"))).not.toContain("Nguyễn");
  });

  it("runs draft → submit → return → resubmit → approve → reopen, with 409 on stale versions", async () => {
    const start = await figures();
    let version = start.report.version;
    // The officer enters the households the system cannot know, and corrects a computed figure with a reason.
    const entered = await system.call("PUT", base(), {
      token: officer,
      body: {
        expectedVersion: version,
        entered: { "households.total": 1520, "households.single-parent": 41 },
        corrections: { "closed/other/count": { value: 2, reason: "Hai vụ đóng trên giấy trước khi có hệ thống" } },
      },
    });
    expect(entered.status, JSON.stringify(entered.json)).toBe(200);
    version = Number(entered.json?.version);
    // A stale edit: 409 with the current report.
    const stale = await system.call("PUT", base(), { token: officer, body: { expectedVersion: version - 1, entered: { "households.total": 1 } } });
    expect(stale.status).toBe(409);
    expect((stale.json?.current as { version: number } | undefined)?.version).toBe(version);
    // A correction needs a reason; an unknown item is refused.
    expect(
      (
        await system.call("PUT", base(), {
          token: officer,
          body: { expectedVersion: version, corrections: { "closed/other/count": { value: 2, reason: "" } } },
        })
      ).status,
    ).toBe(400);
    expect((await system.call("PUT", base(), { token: officer, body: { expectedVersion: version, entered: { "households.pets": 3 } } })).status).toBe(400);

    const shown = await figures();
    expect(cell(shown, "households", "total")).toBe(1520);
    const corrected = shown.tables.find((table) => table.code === "closed")?.rows.find((row) => row.code === "other")?.cells[0];
    expect(corrected?.value).toBe(2);
    expect(corrected?.computed).toBeTypeOf("number");

    // Only the leader submits; the officer may not.
    expect((await system.call("POST", `${base()}/submit`, { token: officer, body: { expectedVersion: version } })).status).toBe(404);
    const submitted = await system.call("POST", `${base()}/submit`, { token: leader, body: { expectedVersion: version } });
    expect(submitted.status, JSON.stringify(submitted.json)).toBe(200);
    expect(submitted.json?.status).toBe("submitted");
    // Submitted in 2026 for 2024: late.
    expect(submitted.json?.onTime).toBe(false);
    version = Number(submitted.json?.version);
    // Locked while submitted.
    expect((await system.call("PUT", base(), { token: officer, body: { expectedVersion: version, entered: { "households.total": 1 } } })).status).toBe(400);

    // The province returns it with a reason; the commune corrects and resubmits.
    expect((await system.call("POST", `${base()}/return`, { token: leader, body: { expectedVersion: version, reason: "x" } })).status).toBe(404);
    const returned = await system.call("POST", `${base()}/return`, { token: province, body: { expectedVersion: version, reason: "Thiếu số hộ ba thế hệ" } });
    expect(returned.json?.status).toBe("returned");
    expect(returned.json?.returnReason).toBe("Thiếu số hộ ba thế hệ");
    version = Number(returned.json?.version);
    const fixed = await system.call("PUT", base(), {
      token: officer,
      body: { expectedVersion: version, entered: { "households.three-plus-generations": 230 } },
    });
    version = Number(fixed.json?.version);
    const resubmitted = await system.call("POST", `${base()}/submit`, { token: leader, body: { expectedVersion: version } });
    expect(resubmitted.json?.status).toBe("submitted");
    version = Number(resubmitted.json?.version);

    // Approving with a stale version: 409; then approved, and locked.
    expect((await system.call("POST", `${base()}/approve`, { token: province, body: { expectedVersion: version - 1 } })).status).toBe(409);
    const approved = await system.call("POST", `${base()}/approve`, { token: province, body: { expectedVersion: version } });
    expect(approved.json?.status).toBe("approved");
    version = Number(approved.json?.version);
    expect((await system.call("PUT", base(), { token: officer, body: { expectedVersion: version, entered: { "households.total": 1 } } })).status).toBe(400);

    // The public sees the approved year.
    const published = await system.call("GET", `/api/public/statistics/${period}`);
    expect(published.status).toBe(200);
    expect(Number(published.json?.approvedCommunes)).toBeGreaterThanOrEqual(1);

    // Reopened with a reason: back to draft, and the history keeps every step with its reason.
    const reopened = await system.call("POST", `${base()}/reopen`, { token: province, body: { expectedVersion: version, reason: "Xã báo sót một vụ" } });
    expect(reopened.json?.status).toBe("draft");
    const steps = ((reopened.json?.history ?? []) as { action: string; reason?: string }[]).map((step) => step.action);
    expect(steps).toEqual(["enter", "submit", "return", "enter", "submit", "approve", "reopen"]);
    expect(((reopened.json?.history ?? []) as { reason?: string }[]).at(-1)?.reason).toBe("Xã báo sót một vụ");
  });

  it("keeps each commune to its own figures; the province sees all, with completeness", async () => {
    const other = system.tokenFor(["commune-officer"], [system.commune1]).token;
    expect((await system.call("GET", base(), { token: other })).status).toBe(404);
    expect((await system.call("GET", `/api/statistics/province/periods/${period}`, { token: officer })).status).toBe(404);
    const roll = await system.call("GET", `/api/statistics/province/periods/${period}`, { token: province });
    expect(roll.status).toBe(200);
    const completeness = roll.json?.completeness as { total: number; communes: { code: string; status: string }[] };
    expect(completeness.total).toBe(completeness.communes.length);
    expect(completeness.communes.find((entry) => entry.code === system.commune2)?.status).toBe("draft");
  });

  it("exports XLSX (typed cells, totals that add up) and CSV", async () => {
    const response = await fetch(`${system.api.url}${base()}/export?format=xlsx`, { headers: { authorization: `Bearer ${officer}` } });
    expect(response.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await response.arrayBuffer());
    const victims = workbook.worksheets.find((sheet) => sheet.name.includes("Người bị bạo lực theo"));
    expect(victims).toBeDefined();
    const rows: (string | number)[][] = [];
    victims?.eachRow((row) => rows.push((row.values as (string | number)[]).slice(1)));
    const header = rows.findIndex((row) => row[0] === "Chỉ tiêu");
    const body = rows.slice(header + 1, -1);
    const total = rows.at(-1) ?? [];
    expect(total[0]).toBe("Tổng cộng");
    for (let column = 1; column < total.length; column++) {
      const sum = body.reduce((acc, row) => acc + Number(row[column]), 0);
      expect(total[column]).toBe(sum);
    }
    const csv = await fetch(`${system.api.url}${base()}/export?format=csv`, { headers: { authorization: `Bearer ${officer}` } });
    expect(csv.headers.get("content-type")).toContain("text/csv");
    expect(await csv.text()).toContain("Người bị bạo lực theo giới tính và độ tuổi");
  });

  it("lists cases and reports province-wide, for a chosen set of communes, a page at a time, without identities", async () => {
    const { caseId } = await openTestCase(system.api.documents, { commune: system.commune2, acts: ["a"] });
    const first = await system.call("GET", `/api/province/cases?communes=${system.commune2}&status=new&limit=1`, { token: province });
    expect(first.status, JSON.stringify(first.json)).toBe(200);
    const items = first.json?.items as { caseId: string; commune: string; name?: unknown }[];
    expect(items).toHaveLength(1);
    expect(items[0]?.caseId).toBe(caseId);
    expect(items.every((item) => item.commune === system.commune2)).toBe(true);
    expect(JSON.stringify(first.json)).not.toContain("Nguyễn");
    // The next page follows the cursor; a cursor of another query is refused with 400, never 500.
    const next = await system.call("GET", `/api/province/cases?communes=${system.commune2}&status=new&limit=1&cursor=${String(first.json?.cursor)}`, {
      token: province,
    });
    expect(next.status).toBe(200);
    expect(((next.json?.items ?? []) as { caseId: string }[])[0]?.caseId).not.toBe(caseId);
    const foreign = await system.call("GET", `/api/province/cases?communes=${system.commune1}&limit=1&cursor=${String(first.json?.cursor)}`, {
      token: province,
    });
    expect(foreign.status).toBe(400);
    const reports = await system.call("GET", "/api/province/reports?limit=5", { token: province });
    expect(reports.status).toBe(200);
    expect((await system.call("GET", "/api/province/cases", { token: officer })).status).toBe(404);
  });

  it("serves the province dashboard in one answer for every commune", async () => {
    const dashboard = await system.call("GET", "/api/statistics/dashboard", { token: province });
    expect(dashboard.status).toBe(200);
    const rows = dashboard.json?.communes as { code: string; "cases.new": number; overdueFollowUps: number }[];
    expect(rows.length).toBeGreaterThan(100);
    expect(rows.every((row) => typeof row.overdueFollowUps === "number")).toBe(true);
    expect((await system.call("GET", "/api/statistics/dashboard", { token: officer })).status).toBe(404);
  });

  it("counts the reports waiting over 48 h exactly as the inbox filtered by the dashboard's cut-off lists them", async () => {
    const commune = system.commune2;
    const hotline = (hoursAgo: number) => ({
      ...reportBody(commune, { reporter: { anonymous: true }, safeContact: { mayCall: false } }),
      channel: "hotline",
      receivedAt: new Date(Date.now() - hoursAgo * 3600_000).toISOString(),
    });
    for (const hoursAgo of [49, 60, 3]) {
      expect((await system.call("POST", `/api/communes/${commune}/reports`, { token: officer, body: hotline(hoursAgo) })).status).toBe(201);
    }
    const dashboard = await system.call("GET", "/api/statistics/dashboard", { token: province });
    const cutOff = String(dashboard.json.waitingReceivedBefore);
    // Whole minutes, at least 48 h before the answer's time: the inbox's control writes minutes.
    expect(Date.parse(cutOff) % 60_000).toBe(0);
    expect(Date.parse(dashboard.json.at) - Date.parse(cutOff)).toBeGreaterThanOrEqual(48 * 3600_000);
    expect(Date.parse(dashboard.json.at) - Date.parse(cutOff)).toBeLessThan(48 * 3600_000 + 60_000);
    const figure = (dashboard.json.communes as { code: string; reportsWaiting48h: number }[]).find((row) => row.code === commune)?.reportsWaiting48h;
    expect(figure).toBeGreaterThanOrEqual(2);
    const inbox = await system.call("GET", `/api/communes/${commune}/reports?status=new&limit=100&receivedBefore=${encodeURIComponent(cutOff)}`, {
      token: officer,
    });
    expect(inbox.status).toBe(200);
    expect(inbox.json.items.length).toBe(figure);
  });
});
