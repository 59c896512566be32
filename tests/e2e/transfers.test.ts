import { randomUUID } from "node:crypto";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { axeViolations, desktop, launchChromium, officerCall as officerApi, openTab, patiently } from "../support/browser.ts";
import { type LocalSystem, signInAt, startLocalSystem } from "../support/local-system.ts";

/**
 * Transfers between communes in a real browser (issue 14): commune 1's officer transfers a report
 * from the report page (the commune picker, a reason, confirmed); commune 2's officer sees it on
 * the incoming page, accepts it (confirmed), and it appears in commune 2's inbox — and no longer
 * opens for commune 1.
 */
let system: LocalSystem;
let browser: Browser;
const sender = "canbo.xa1@pcblgd.local";
const receiver = "canbo.xa2@pcblgd.local";
let reportId = "";

beforeAll(async () => {
  system = await startLocalSystem();
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await system?.close();
});

function communeOf(email: string): string {
  const jurisdiction = system.officers.find((candidate) => candidate.email === email)?.jurisdiction;
  if (jurisdiction?.kind !== "communes" || !jurisdiction.communes[0]) throw new Error(`the seeded officer ${email} has no commune`);
  return jurisdiction.communes[0];
}

/** A public report of commune 1 (its narrative carries `marker`), found in the inbox by the signed-in officer: its id. */
async function reportOfSender(page: Page, marker: string): Promise<string> {
  const submitted = await fetch(`${system.url}/api/reports`, {
    method: "POST",
    headers: { "content-type": "application/json", "idempotency-key": randomUUID() },
    body: JSON.stringify({
      commune: communeOf(sender),
      narrative: `Tin báo ghi nhầm xã ${marker}`,
      acts: ["a"],
      danger: "no",
      reporter: { anonymous: true },
      consentToContact: false,
    }),
  });
  expect(submitted.status).toBe(201);
  const inbox = await officerApi(page, "GET", `/api/communes/${communeOf(sender)}/reports?status=new&channel=online&limit=50`);
  for (const item of inbox.json.items as { id: string }[]) {
    const detail = await officerApi(page, "GET", `/api/reports/${item.id}`);
    if (String(detail.json.narrative).includes(marker)) return item.id;
  }
  throw new Error("the report is not in the inbox");
}

describe("a report transferred to another commune", () => {
  it("commune 1's officer asks commune 2 to take it, from the report page", async () => {
    const { page, problems } = await openTab(browser, desktop);
    await signInAt(page, system, sender, "/can-bo/");
    reportId = await reportOfSender(page, randomUUID());

    await page.goto(`${system.url}/can-bo/tin-bao/chi-tiet/?id=${reportId}`);
    const panel = page.locator('[data-transfer-panel="report"]');
    const form = panel.locator("[data-transfer-form]");
    await form.waitFor({ state: "visible", timeout: patiently.timeout });
    expect(await axeViolations(page)).toEqual([]);
    const receiverName = system.province.communes.find((commune) => commune.code === communeOf(receiver))?.name ?? "";
    // Sending without a commune: the errors name the fields.
    await form.getByRole("button", { name: "Gửi đề nghị chuyển" }).click();
    await form.locator('[data-error-for="to"]').waitFor({ state: "visible" });
    await form.getByLabel("Lọc danh sách xã, phường").fill(receiverName.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase());
    await form.locator(`input[name="to"][value="${communeOf(receiver)}"]`).check();
    await form.getByLabel("Tin báo/vụ việc ghi nhầm xã").check();
    await form.getByLabel(/Ghi chú cho xã nhận/).fill("Địa chỉ thuộc xã bên cạnh");
    page.once("dialog", (dialog) => void dialog.accept());
    const [sent] = await Promise.all([
      page.waitForResponse((response) => response.url().endsWith(`/api/reports/${reportId}/transfers`) && response.request().method() === "POST"),
      form.getByRole("button", { name: "Gửi đề nghị chuyển" }).click(),
    ]);
    expect(sent.status()).toBe(201);
    await panel.locator("[data-transfer-pending]").waitFor({ state: "visible", timeout: patiently.timeout });
    expect(await panel.locator("[data-pending-text]").textContent()).toContain("chờ tiếp nhận");
    // While it waits, the report is not triaged here.
    expect(await page.locator("[data-triage-form]").isHidden()).toBe(true);
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it("commune 2's officer accepts it on the incoming page, and it appears in commune 2's inbox", async () => {
    const { page, problems } = await openTab(browser, desktop);
    await signInAt(page, system, receiver, "/can-bo/");
    // The home's My work counts what waits for commune 2, and leads to the incoming page.
    const waitingCount = page.locator('[data-work-count="incomingTransfers"]');
    await waitingCount.filter({ hasNotText: "–" }).waitFor({ timeout: patiently.timeout });
    expect(Number(await waitingCount.textContent())).toBeGreaterThanOrEqual(1);
    expect(await page.getByRole("link", { name: "Xã khác chuyển đến, chờ nhận" }).getAttribute("href")).toMatch(/\/can-bo\/chuyen-den\/$/);
    await page.goto(`${system.url}/can-bo/tin-bao/`);
    // The inbox says something waits, and links to the incoming page.
    const notice = page.locator("[data-incoming-transfers]");
    await notice.waitFor({ state: "visible", timeout: patiently.timeout });
    await notice.getByRole("link").click();
    await page.waitForURL(/\/can-bo\/chuyen-den\//);
    const item = page.locator(`[data-incoming-list] li:has(button[data-accept])`).filter({ hasText: "Địa chỉ thuộc xã bên cạnh" });
    await item.first().waitFor({ timeout: patiently.timeout });
    expect(await axeViolations(page)).toEqual([]);
    // Before accepting: the summary and the note, never the narrative.
    expect(await page.locator("[data-incoming-list]").textContent()).not.toContain("Tin báo ghi nhầm xã");
    page.once("dialog", (dialog) => void dialog.accept());
    const [accepted] = await Promise.all([
      page.waitForResponse((response) => response.url().includes(`/api/reports/${reportId}/transfers/`) && response.url().endsWith("/accept")),
      item.first().getByRole("button", { name: "Tiếp nhận" }).click(),
    ]);
    expect(accepted.status()).toBe(200);
    const done = page.locator("[data-incoming-done]");
    await done.waitFor({ state: "visible", timeout: patiently.timeout });
    await done.getByRole("link", { name: "Mở hồ sơ" }).waitFor();

    await page.goto(`${system.url}/can-bo/tin-bao/`);
    await page.locator(`a[href*="${reportId}"]`).first().waitFor({ timeout: patiently.timeout });
    await page.goto(`${system.url}/can-bo/tin-bao/chi-tiet/?id=${reportId}`);
    await page.locator("[data-detail]").waitFor({ state: "visible", timeout: patiently.timeout });
    expect(await page.locator('[data-d="narrative"]').textContent()).toContain("Tin báo ghi nhầm xã");
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it("no longer opens for commune 1", async () => {
    const { page } = await openTab(browser, desktop);
    await signInAt(page, system, sender, "/can-bo/");
    expect((await officerApi(page, "GET", `/api/reports/${reportId}`)).status).toBe(404);
    await page.context().close();
  });
});

describe("a case on its page", () => {
  it("commune 1's officer asks commune 2 to take a case, sees it pending in the case list, and withdraws it", async () => {
    const { page, problems } = await openTab(browser, desktop);
    await signInAt(page, system, sender, "/can-bo/");
    // A case opened the way officers open one: triage of a report.
    const triaged = await officerApi(page, "POST", `/api/reports/${await reportOfSender(page, randomUUID())}/triage`, {
      action: "open-case",
      expectedVersion: 1,
    });
    expect(triaged.status, JSON.stringify(triaged.json)).toBe(200);
    const { caseId, caseNumber } = triaged.json.triage as { caseId: string; caseNumber: string };
    await page.goto(`${system.url}/can-bo/vu-viec/ho-so/?id=${caseId}`);
    const panel = page.locator('[data-transfer-panel="case"]');
    const form = panel.locator("[data-transfer-form]");
    await form.waitFor({ state: "visible", timeout: patiently.timeout });
    await form.locator(`input[name="to"][value="${communeOf(receiver)}"]`).check();
    await form.getByLabel("Gia đình đã chuyển đến xã khác").check();
    page.once("dialog", (dialog) => void dialog.accept());
    await form.getByRole("button", { name: "Gửi đề nghị chuyển" }).click();
    await panel.locator("[data-transfer-pending]").waitFor({ state: "visible", timeout: patiently.timeout });

    await page.goto(`${system.url}/can-bo/vu-viec/`);
    const row = page.locator(`[data-case-id="${caseId}"]`);
    await row.waitFor({ timeout: patiently.timeout });
    expect(await row.locator('[data-f="transfer"]').isVisible()).toBe(true);
    expect(await row.textContent()).toContain(caseNumber);

    await page.goto(`${system.url}/can-bo/vu-viec/ho-so/?id=${caseId}`);
    await panel.locator("[data-transfer-pending]").waitFor({ state: "visible", timeout: patiently.timeout });
    page.once("dialog", (dialog) => void dialog.accept());
    await panel.getByRole("button", { name: "Rút lại đề nghị chuyển" }).click();
    await panel.locator("[data-transfer-saved]").waitFor({ state: "visible", timeout: patiently.timeout });
    await form.waitFor({ state: "visible" });
    expect(await panel.locator('[data-transfer-history] [data-transfer-state="withdrawn"]').count()).toBe(1);
    expect(problems).toEqual([]);
    await page.context().close();
  });
});
