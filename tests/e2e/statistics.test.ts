import ExcelJS from "exceljs";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { StatisticsProjector } from "../../functions/statistics/projector.ts";
import { DynamoStatisticsStore } from "../../functions/statistics/repository.ts";
import { partyAgeBandLabels } from "../../shared/cases.ts";
import { physicalTableName } from "../../shared/tables.ts";
import { axeViolations, desktop, launchChromium, officerCall, openTab, patiently, screenshot } from "../support/browser.ts";
import { openTestCase } from "../support/cases.ts";
import { type LocalSystem, signInAt, startLocalSystem } from "../support/local-system.ts";
import { reportBody } from "../support/report-fixtures.ts";

/**
 * Statistics in a real browser (issue 11): the commune leader submits last year's report; the
 * province officer opens the province dashboard, follows the commune's overdue follow-ups to the
 * case list behind the figure (filtered to that commune and to overdue) and its reports waiting over
 * 48 h to the inbox (new, received before the dashboard's cut-off: as many rows as the figure),
 * approves the commune's report, and downloads its XLSX — parsed back here, its totals checked.
 *
 * The browser tests run without `npm start`'s stream poller: the two cases seeded here are
 * projected with the projector's own code (what the poller and the Lambda call for each record).
 */
let system: LocalSystem;
let browser: Browser;

beforeAll(async () => {
  system = await startLocalSystem();
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await system?.close();
});

const leader = "lanhdao.xa1@pcblgd.local";
const vnDay = (days: number) => new Date(Date.now() + 7 * 3600_000 + days * 86_400_000).toISOString().slice(0, 10);
/** Last year: a past period (a yearly report may be submitted once its last month has come). */
const period = String(Number(vnDay(0).slice(0, 4)) - 1);

function leaderCommune(): string {
  const jurisdiction = system.officers.find((candidate) => candidate.email === leader)?.jurisdiction;
  if (jurisdiction?.kind !== "communes" || !jurisdiction.communes[0]) throw new Error("the seeded leader has no commune");
  return jurisdiction.communes[0];
}

async function signedIn(email: string, path: string) {
  const { context, page, problems } = await openTab(browser, desktop);
  await signInAt(page, system, email, path);
  return { page, problems, close: () => context.close() };
}

const seeded = { overdue: { caseId: "", caseNumber: "" }, onTrack: { caseId: "", caseNumber: "" } };

describe("the province's statistics", () => {
  it("the commune leader has a case with an overdue follow-up and submits last year's report", async () => {
    const commune = leaderCommune();
    seeded.overdue = await openTestCase(system.documents, { commune, acts: ["a"], at: `${period}-03-10T03:00:00.000Z` });
    seeded.onTrack = await openTestCase(system.documents, { commune, acts: ["d"], at: `${period}-09-20T03:00:00.000Z` });
    const { page, problems, close } = await signedIn(leader, `/can-bo/thong-ke/xa/?xa=${commune}&ky=${period}`);
    for (const [file, dueIn, sex] of [
      [seeded.overdue, -3, "female"],
      [seeded.onTrack, 5, "male"],
    ] as const) {
      const view = await officerCall(page, "GET", `/api/cases/${file.caseId}`);
      const added = await officerCall(page, "POST", `/api/cases/${file.caseId}/parties`, {
        expectedVersion: view.json.version,
        role: "victim",
        name: "Nạn nhân thống kê E2E",
        sex,
        ageBand: "18-59",
        relationship: "spouse",
        vulnerabilities: [],
      });
      expect(added.status, JSON.stringify(added.json)).toBe(201);
      const planned = await officerCall(page, "POST", `/api/cases/${file.caseId}/follow-ups`, { expectedVersion: added.json.version, dueOn: vnDay(dueIn) });
      expect(planned.status, JSON.stringify(planned.json)).toBe(201);
    }
    const store = new DynamoStatisticsStore(system.documents, {
      statistics: physicalTableName(system.province.slug, "statistics"),
      reports: physicalTableName(system.province.slug, "reports"),
      cases: physicalTableName(system.province.slug, "cases"),
    });
    const projector = new StatisticsProjector(store, store, system.province.statisticsCutOffDay);
    for (const file of [seeded.overdue, seeded.onTrack]) expect(await projector.project({ table: "cases", id: file.caseId })).toBe("counted");

    // The page was opened before the cases counted: load it again, then submit.
    await page.reload();
    const state = page.locator("[data-report-state]");
    await expect.poll(() => state.textContent(), patiently).toContain("Bản nháp");
    await page.getByRole("button", { name: "Nộp báo cáo / Submit" }).click();
    await expect.poll(() => state.textContent(), patiently).toContain("Đã nộp");
    expect(await page.locator('[data-table="victims"]').textContent()).toContain("2");
    expect(problems).toEqual([]);
    await close();
  });

  it("the province officer follows a commune's overdue follow-ups to the list behind the figure", async () => {
    const commune = leaderCommune();
    const { page, problems, close } = await signedIn("canbo.tinh@pcblgd.local", "/can-bo/thong-ke/");
    const figure = page.locator(`[data-figure="${commune}:overdueFollowUps"]`);
    await figure.waitFor({ timeout: patiently.timeout });
    expect(Number(await figure.textContent())).toBeGreaterThanOrEqual(1);
    await screenshot(page, "statistics-dashboard");
    expect(await axeViolations(page)).toEqual([]);
    await figure.click();
    await page.waitForURL(/\/can-bo\/vu-viec\/\?/);
    const list = page.locator("[data-case-list]");
    await list.locator(`li[data-case-id="${seeded.overdue.caseId}"]`).waitFor({ timeout: patiently.timeout });
    // The list is the commune's, overdue only — and its form says so.
    expect(await page.locator("#case-commune").inputValue()).toBe(commune);
    expect(await page.locator("#case-overdue").isChecked()).toBe(true);
    expect(await list.locator(`li[data-case-id="${seeded.onTrack.caseId}"]`).count()).toBe(0);
    const flags = await list.locator("li").evaluateAll((items) => items.map((item) => (item as HTMLElement).dataset.overdue));
    expect(flags.length).toBeGreaterThanOrEqual(1);
    expect(new Set(flags)).toEqual(new Set(["true"]));
    expect(problems).toEqual([]);
    await close();
  });

  it("the province officer follows a commune's reports waiting over 48 h to exactly the reports counted", async () => {
    const commune = leaderCommune();
    const hotline = (hoursAgo: number) => ({
      ...reportBody(commune, { reporter: { anonymous: true }, safeContact: { mayCall: false } }),
      channel: "hotline",
      receivedAt: new Date(Date.now() - hoursAgo * 3600_000).toISOString(),
    });
    const intake = await signedIn(leader, "/can-bo/tin-bao/");
    const waiting = await officerCall(intake.page, "POST", `/api/communes/${commune}/reports`, hotline(50));
    const fresh = await officerCall(intake.page, "POST", `/api/communes/${commune}/reports`, hotline(2));
    expect([waiting.status, fresh.status], JSON.stringify([waiting.json, fresh.json])).toEqual([201, 201]);
    await intake.close();

    const { page, problems, close } = await signedIn("canbo.tinh@pcblgd.local", "/can-bo/thong-ke/");
    const figure = page.locator(`[data-figure="${commune}:reportsWaiting48h"]`);
    await figure.waitFor({ timeout: patiently.timeout });
    const counted = Number(await figure.textContent());
    expect(counted).toBeGreaterThanOrEqual(1);
    await figure.click();
    await page.waitForURL(/\/can-bo\/tin-bao\/\?.*receivedBefore=/);
    const list = page.locator("[data-inbox-list]");
    await list.locator(`li[data-report-id="${String(waiting.json.id)}"]`).waitFor({ timeout: patiently.timeout });
    // The list holds exactly the reports the figure counted: the new ones received before its cut-off.
    await expect.poll(() => page.locator("[data-inbox-status]").textContent(), patiently).toBe(`Đang hiện ${String(counted)} tin báo.`);
    expect(await list.locator("li").count()).toBe(counted);
    expect(await list.locator(`li[data-report-id="${String(fresh.json.id)}"]`).count()).toBe(0);
    // The form says what is listed.
    expect(await page.locator("#inbox-commune").inputValue()).toBe(commune);
    expect(await page.locator("#inbox-status").inputValue()).toBe("new");
    expect(await page.getByLabel("Nhận trước lúc (giờ Việt Nam)").inputValue()).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/);
    expect(await axeViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
    await close();
  });

  it("the province officer approves the commune's report and downloads its XLSX, whose totals add up", async () => {
    const commune = leaderCommune();
    const { page, problems, close } = await signedIn("canbo.tinh@pcblgd.local", "/can-bo/thong-ke/");
    await page.locator("[data-period-select]").waitFor({ state: "visible", timeout: patiently.timeout });
    await page.locator("[data-period-select]").selectOption(period);
    const row = page.locator(`[data-period-rows] a[href*="xa=${commune}&ky=${period}"]`);
    await expect.poll(() => row.locator("xpath=ancestor::tr").textContent(), patiently).toContain("Đã nộp");
    await row.click();
    await page.waitForURL(new RegExp(`/can-bo/thong-ke/xa/\\?xa=${commune}&ky=${period}$`));
    const state = page.locator("[data-report-state]");
    await expect.poll(() => state.textContent(), patiently).toContain("Đã nộp");
    page.once("dialog", (dialog) => void dialog.accept());
    await page.getByRole("button", { name: "Duyệt / Approve" }).click();
    await expect.poll(() => state.textContent(), patiently).toContain("Tỉnh đã duyệt");
    expect(await axeViolations(page)).toEqual([]);

    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Tải XLSX" }).click()]);
    expect(download.suggestedFilename()).toBe(`thong-ke-${commune}-${period}.xlsx`);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(await download.path());
    const totals = new Map<string, { header: unknown[]; columns: number[] }>();
    for (const sheet of workbook.worksheets) {
      const rows: unknown[][] = [];
      sheet.eachRow((line) => rows.push((line.values as unknown[]).slice(1)));
      const last = rows.at(-1) ?? [];
      if (last[0] !== "Tổng cộng") continue;
      const headerAt = rows.findIndex((line) => line[0] === "Chỉ tiêu");
      const body = rows.slice(headerAt + 1, -1);
      const columns = last.slice(1).map(Number);
      columns.forEach((total, index) => {
        expect(total, `${sheet.name}, column ${String(index + 1)}`).toBe(body.reduce((sum, line) => sum + Number(line[index + 1] ?? 0), 0));
      });
      totals.set(sheet.name, { header: (rows[headerAt] ?? []).slice(1), columns });
    }
    // The two victims seeded above (one woman, one man, both 18–59) are the year's victims.
    const victims = [...totals].find(([name]) => name.includes("Người bị bạo lực"))?.[1];
    const adults = victims?.header.findIndex((label) => String(label) === partyAgeBandLabels["18-59"].vi) ?? -1;
    expect(adults).toBeGreaterThanOrEqual(0);
    expect(victims?.columns[adults]).toBe(2);
    expect(totals.size).toBeGreaterThanOrEqual(4);
    expect(problems).toEqual([]);
    await close();
  });
});
