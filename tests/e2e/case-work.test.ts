import { randomUUID } from "node:crypto";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { desktop, launchChromium, officerCall, openTab, patiently, phone } from "../support/browser.ts";
import { type LocalSystem, signInAt, startLocalSystem } from "../support/local-system.ts";

/**
 * Case work in a real browser (issue 14): the commune leader writes to a reporter from the report
 * page; the reporter reads it with the receipt code and answers — with JavaScript and without; the
 * leader reads the answers. The leader's My work shows an overdue follow-up and opens the case at
 * its follow-ups; a referral moves to "service given" on the case page.
 */
let system: LocalSystem;
let browser: Browser;
let page: Page;
let problems: string[];
const leader = "lanhdao.xa1@pcblgd.local";
const message = `Chúng tôi đã đến thăm; nếu chuyện xảy ra lần nữa hãy gọi 113. (${randomUUID().slice(0, 6)})`;
let receiptCode = "";
let reportId = "";

beforeAll(async () => {
  system = await startLocalSystem();
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await system?.close();
});

function leaderCommune(): string {
  const jurisdiction = system.officers.find((candidate) => candidate.email === leader)?.jurisdiction;
  if (jurisdiction?.kind !== "communes" || !jurisdiction.communes[0]) throw new Error("the seeded leader has no commune");
  return jurisdiction.communes[0];
}

const vnDay = (days: number) => new Date(Date.now() + 7 * 3600_000 + days * 86_400_000).toISOString().slice(0, 10);

/** An API call from the signed-in page, with its own ID token (what the page's scripts do). */
const officerApi = (method: string, path: string, body?: unknown) => officerCall(page, method, path, body);

async function publicPage(javaScriptEnabled: boolean): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: phone, locale: "vi-VN", timezoneId: "Asia/Ho_Chi_Minh", javaScriptEnabled });
  return { context, page: await context.newPage() };
}

describe("talking back to the reporter", () => {
  it("the leader writes to the reporter from the report page", async () => {
    const marker = randomUUID();
    const submitted = await fetch(`${system.url}/api/reports`, {
      method: "POST",
      headers: { "content-type": "application/json", "idempotency-key": randomUUID() },
      body: JSON.stringify({
        commune: leaderCommune(),
        narrative: `Tin báo để trao đổi ${marker}`,
        acts: ["b"],
        danger: "no",
        reporter: { anonymous: true },
        consentToContact: false,
      }),
    });
    expect(submitted.status).toBe(201);
    receiptCode = ((await submitted.json()) as { receiptCode: string }).receiptCode;
    ({ page, problems } = await openTab(browser, desktop));
    await signInAt(page, system, leader, "/can-bo/");
    const inbox = await officerApi("GET", `/api/communes/${leaderCommune()}/reports?status=new&channel=online&limit=50`);
    for (const item of inbox.json.items as { id: string }[]) {
      const detail = await officerApi("GET", `/api/reports/${item.id}`);
      if (String(detail.json.narrative).includes(marker)) reportId = item.id;
    }
    expect(reportId).not.toBe("");

    await page.goto(`${system.url}/can-bo/tin-bao/chi-tiet/?id=${reportId}`);
    const thread = page.locator("[data-reporter-threads]");
    await thread.locator("textarea").waitFor({ state: "visible", timeout: patiently.timeout });
    await thread.locator("textarea").fill(message);
    await thread.getByRole("button", { name: "Gửi tin nhắn" }).click();
    await thread.locator('[data-from="officer"]').getByText(message).waitFor({ timeout: patiently.timeout });
  });

  it("the reporter reads it with the receipt code and answers, with JavaScript", async () => {
    const { context, page: reporter } = await publicPage(true);
    await reporter.goto(`${system.url}/bao-tin/theo-doi/`);
    await reporter.locator("#status-code").fill(receiptCode);
    await reporter.getByRole("button", { name: "Xem tình trạng" }).click();
    await reporter.locator("[data-thread]").getByText(message).waitFor({ timeout: patiently.timeout });
    expect(reporter.url()).toBe(`${system.url}/bao-tin/theo-doi/`);
    await reporter.locator("#reply-text").fill("Cảm ơn, tối qua anh ấy lại say (có JS).");
    await reporter.getByRole("button", { name: "Gửi trả lời" }).click();
    await reporter.locator("[data-reply-done]").waitFor({ state: "visible", timeout: patiently.timeout });
    // The answer's words are not shown back: only when it was sent.
    expect(await reporter.locator("[data-thread]").textContent()).not.toContain("say (có JS)");
    expect(await reporter.locator("[data-thread] li").count()).toBe(2);
    await context.close();
  });

  it("and without JavaScript, with plain form posts", async () => {
    const { context, page: reporter } = await publicPage(false);
    await reporter.goto(`${system.url}/bao-tin/theo-doi/`);
    await reporter.locator("#status-code").fill(receiptCode);
    await Promise.all([reporter.waitForNavigation(), reporter.getByRole("button", { name: "Xem tình trạng" }).click()]);
    expect(await reporter.locator("main").textContent()).toContain(message);
    await reporter.getByLabel(/Trả lời cán bộ/).fill("Tôi vẫn an toàn (không JS).");
    const [response] = await Promise.all([reporter.waitForNavigation(), reporter.getByRole("button", { name: /Gửi trả lời/ }).click()]);
    expect(response?.status()).toBe(201);
    expect(await reporter.locator("main").textContent()).toContain("Đã gửi trả lời");
    await context.close();
  });

  it("the leader reads both answers on the report page", async () => {
    await page.goto(`${system.url}/can-bo/tin-bao/chi-tiet/?id=${reportId}`);
    const answers = page.locator('[data-reporter-threads] [data-from="reporter"]');
    await answers.nth(1).waitFor({ timeout: patiently.timeout });
    expect(await answers.allTextContents()).toEqual([expect.stringContaining("say (có JS)"), expect.stringContaining("an toàn (không JS)")]);
  });
});

describe("My work and referral outcomes", () => {
  let caseId = "";

  it("the leader's My work shows an overdue follow-up and opens the case at its follow-ups", async () => {
    const triaged = await officerApi("POST", `/api/reports/${reportId}/triage`, { action: "open-case", expectedVersion: 1 });
    expect(triaged.status, JSON.stringify(triaged.json)).toBe(200);
    caseId = String((triaged.json.triage as { caseId: string }).caseId);
    const caseNumber = String((triaged.json.triage as { caseNumber: string }).caseNumber);
    const view = await officerApi("GET", `/api/cases/${caseId}`);
    const planned = await officerApi("POST", `/api/cases/${caseId}/follow-ups`, { expectedVersion: view.json.version, dueOn: vnDay(-3) });
    expect(planned.status).toBe(201);

    await page.goto(`${system.url}/can-bo/viec-cua-toi/`);
    const line = page.locator('[data-work-group="follow-up-overdue"] a', { hasText: caseNumber });
    await line.waitFor({ timeout: patiently.timeout });
    expect(Number(await page.locator('[data-work-count="overdueFollowUps"]').textContent())).toBeGreaterThanOrEqual(1);
    await line.click();
    await page.waitForURL(/\/can-bo\/vu-viec\/ho-so\/\?id=.*#followups-heading$/);
    await page.locator('[data-list="followUps"] li').first().waitFor({ timeout: patiently.timeout });
  });

  it("a referral moves to 'service given' on the case page", async () => {
    let view = await officerApi("GET", `/api/cases/${caseId}`);
    const added = await officerApi("POST", `/api/cases/${caseId}/parties`, {
      expectedVersion: view.json.version,
      role: "victim",
      name: "Nạn nhân E2E",
      sex: "female",
      ageBand: "18-59",
      relationship: "spouse",
      vulnerabilities: [],
    });
    const victimId = (added.json.parties as { partyId: string }[])[0]?.partyId as string;
    view = await officerApi("PUT", `/api/cases/${caseId}/parties/${victimId}/consents/referral`, { expectedVersion: added.json.version, given: true });
    const referred = await officerApi("POST", `/api/cases/${caseId}/referrals`, {
      expectedVersion: view.json.version,
      target: "health",
      victimId,
      referredOn: vnDay(-2),
    });
    expect(referred.status).toBe(201);

    await page.goto(`${system.url}/can-bo/vu-viec/ho-so/?id=${caseId}`);
    const form = page.locator("#referral-status-form");
    for (const [status, on] of [
      ["received", vnDay(-1)],
      ["service-given", vnDay(0)],
    ] as const) {
      await form.waitFor({ state: "visible", timeout: patiently.timeout });
      await form.locator("[name=status]").selectOption(status);
      await form.locator("[name=on]").fill(on);
      await form.getByRole("button", { name: "Ghi nhận bước" }).click();
      await page.locator(`[data-referral-outcomes] [data-status="${status}"]`).waitFor({ timeout: patiently.timeout });
    }
    expect(await page.locator("[data-referral-outcomes] li").first().textContent()).toContain("Đã cung cấp dịch vụ");
    // Given, the referral is no longer open: nothing left to record.
    expect(await form.isHidden()).toBe(true);
    expect(problems).toEqual([]);
  });
});
