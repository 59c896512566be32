/// <reference lib="dom" />
import { randomBytes } from "node:crypto";
import type { Browser, BrowserContext, Page, Request } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { axeViolations, desktop, launchChromium, openTab, patiently, phone, screenshot } from "../support/browser.ts";
import { type LocalSystem, signInAt, startLocalSystem } from "../support/local-system.ts";

/**
 * Reporting in a real browser, against the whole local system: a member of the public reports
 * without signing in — once with JavaScript (JSON, Idempotency-Key, receipt in place, the address
 * never changing) and once without (a plain form post answered by the server's receipt page) —
 * and follows the report up with the receipt code; the commune's officer finds both reports in the
 * inbox and opens a case from one; the reporter then sees "being handled"; an officer of another
 * commune sees neither. No request leaves the site.
 */
let system: LocalSystem;
let browser: Browser;
const marker = randomBytes(4).toString("hex");
const jsNarrative = `Tối nào hàng xóm cũng đánh vợ, chị ấy kêu cứu. (${marker}-js)`;
const plainNarrative = `Chồng chửi bới, không cho vợ về nhà mẹ đẻ. (${marker}-plain)`;
let jsCode = "";
let plainCode = "";

beforeAll(async () => {
  system = await startLocalSystem();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await system?.close();
});

interface PublicTab {
  context: BrowserContext;
  page: Page;
  /** Requests to anywhere but the local system, refused. */
  outside: string[];
  /** Every address the tab's main frame showed. */
  addresses: string[];
  requests: Request[];
  problems: string[];
}

/** A stranger's browser: no session, nothing stored; every request outside the site refused and recorded. */
async function publicTab(javaScriptEnabled: boolean): Promise<PublicTab> {
  const context = await browser.newContext({ viewport: phone, locale: "vi-VN", timezoneId: "Asia/Ho_Chi_Minh", javaScriptEnabled });
  const origin = new URL(system.url).origin;
  const outside: string[] = [];
  await context.route(
    (url) => url.origin !== origin,
    (route) => {
      outside.push(route.request().url());
      return route.abort("blockedbyclient");
    },
  );
  const page = await context.newPage();
  const addresses: string[] = [];
  const requests: Request[] = [];
  const problems: string[] = [];
  page.on("framenavigated", (frame) => {
    if (frame === page.mainFrame()) addresses.push(frame.url());
  });
  page.on("request", (request) => requests.push(request));
  page.on("pageerror", (error) => problems.push(`pageerror: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`console: ${message.text()}`);
  });
  return { context, page, outside, addresses, requests, problems };
}

async function signedIn(email: string, path: string): Promise<{ page: Page; problems: string[]; context: BrowserContext }> {
  const { page, problems, context } = await openTab(browser, desktop);
  // Officers' pages, too, talk to nothing but this origin.
  page.on("request", (request) => {
    if (new URL(request.url()).origin !== new URL(system.url).origin) problems.push(`outside request: ${request.url()}`);
  });
  await signInAt(page, system, email, path);
  return { page, problems, context };
}

/** The report ids of a commune whose narrative carries this test's marker (read with the signed-in tab's own token). */
async function reportIdsByNarrative(page: Page, commune: string): Promise<Record<string, string>> {
  return page.evaluate(
    async ({ commune, marker }) => {
      const key = Object.keys(sessionStorage).find((name) => name.startsWith("oidc.user:")) ?? "";
      const token = (JSON.parse(sessionStorage.getItem(key) ?? "{}") as { id_token: string }).id_token;
      const headers = { authorization: `Bearer ${token}` };
      const inbox = (await (await fetch(`/api/communes/${commune}/reports?limit=100`, { headers })).json()) as { items: { id: string }[] };
      const found: Record<string, string> = {};
      for (const item of inbox.items) {
        const detail = (await (await fetch(`/api/reports/${item.id}`, { headers })).json()) as { narrative?: string };
        const match = new RegExp(`\\(${marker}-(\\w+)\\)`).exec(detail.narrative ?? "");
        if (match?.[1]) found[match[1]] = item.id;
      }
      return found;
    },
    { commune, marker },
  );
}

describe("a member of the public, with JavaScript", () => {
  let tab: PublicTab;

  beforeAll(async () => {
    tab = await publicTab(true);
  });
  afterAll(async () => {
    await tab?.context.close();
  });

  it("is told what is missing, next to each field, without leaving the page", async () => {
    const { page } = tab;
    await page.goto(`${system.url}/bao-tin/`);
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Báo tin bạo lực gia đình");
    // 113 and 111 before any question.
    const strip = page.locator(".emergency-strip");
    expect(await strip.getByRole("link", { name: "Gọi 113" }).getAttribute("href")).toBe("tel:113");
    expect(await strip.getByRole("link", { name: "Gọi 111" }).getAttribute("href")).toBe("tel:111");
    await page.getByRole("button", { name: "Gửi tin báo" }).click();
    const summary = page.locator("[data-error-summary]");
    await summary.waitFor({ state: "visible" });
    expect(await summary.locator("li").allTextContents()).toEqual([
      "Hãy cho biết có ai đang gặp nguy hiểm không.",
      "Hãy chọn xã, phường nơi xảy ra.",
      "Hãy kể chuyện gì đã xảy ra.",
    ]);
    // The first field in error has the focus and is described by its message.
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name)).toBe("danger");
    const narrative = page.getByLabel(/Chuyện gì đã xảy ra\?/);
    expect(await narrative.getAttribute("aria-invalid")).toBe("true");
    expect(await narrative.getAttribute("aria-describedby")).toContain("report-narrative-error");
    expect(await axeViolations(page)).toEqual([]);
  });

  it("is shown 113 and the commune's hotline first when someone is in danger, and finds the commune without diacritics", async () => {
    const { page } = tab;
    const box = page.locator("[data-danger-box]");
    expect(await box.isVisible()).toBe(false);
    await page.getByLabel("Có, đang gặp nguy hiểm").check();
    expect(await box.isVisible()).toBe(true);
    expect(await box.getByRole("link", { name: "113" }).getAttribute("href")).toBe("tel:113");
    await page.getByLabel("Tìm xã, phường").fill("phu ly");
    expect(await page.locator("select[name=commune]").inputValue()).toBe("13285");
    expect(await axeViolations(page)).toEqual([]);
  });

  it("sends a report and gets the receipt code in place: the address never changes, nothing is stored, nothing leaves the site", async () => {
    const { page } = tab;
    const start = page.url();
    await page.getByLabel(/Chuyện gì đã xảy ra\?/).fill(jsNarrative);
    await page.getByLabel("Đánh đập, hành hạ, đe dọa gây thương tích hoặc đe dọa tính mạng").check();
    await page.getByLabel("Lăng mạ, chì chiết, xúc phạm danh dự, nhân phẩm").check();
    await page.getByLabel("Giới tính", { exact: true }).selectOption("female");
    await page.getByLabel("Tôi cho biết tên và số điện thoại").check();
    await page.getByLabel("Họ và tên", { exact: true }).fill("Trần Thị Bình");
    await page.getByLabel("Số điện thoại", { exact: true }).fill("0912 345 678");
    await page.getByLabel("Có", { exact: true }).check();
    await page.getByLabel("Lúc nào thì an toàn để liên hệ?").fill("Buổi sáng");
    await page.getByLabel("Số điện thoại KHÔNG BAO GIỜ được gọi").fill("0987 654 321");
    await page.getByLabel("Tôi đồng ý để cán bộ liên hệ lại với tôi theo cách ở trên.").check();
    expect(page.url()).toBe(start);
    await page.getByRole("button", { name: "Gửi tin báo" }).click();

    const receipt = page.locator("[data-receipt]");
    await receipt.waitFor({ state: "visible", timeout: 20_000 });
    jsCode = (await receipt.locator("[data-receipt-code]").textContent()) ?? "";
    expect(jsCode).toMatch(/^\d{4} \d{4} \d{4} \d{4}$/);
    expect(await page.locator("#report-form").count()).toBe(0);
    expect(await receipt.locator("[data-receipt-urgent]").isVisible()).toBe(true);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("receipt-heading");
    await screenshot(page, "report-receipt-phone");

    // The address: the same, with no query or hash, and the page never navigated.
    expect(page.url()).toBe(`${system.url}/bao-tin/`);
    expect(tab.addresses).toEqual([`${system.url}/bao-tin/`]);
    // One submission, JSON, with an Idempotency-Key that is in no URL.
    const posts = tab.requests.filter((request) => request.method() === "POST");
    expect(posts.map((request) => new URL(request.url()).pathname)).toEqual(["/api/reports"]);
    const key = posts[0]?.headers()["idempotency-key"] ?? "";
    expect(key).toMatch(/^[0-9a-f-]{36}$/);
    expect(tab.requests.some((request) => request.url().includes(key))).toBe(false);
    expect(posts[0]?.headers()["content-type"]).toBe("application/json");
    // Nothing kept in the browser.
    expect(await page.evaluate(() => [localStorage.length, sessionStorage.length, document.cookie])).toEqual([0, 0, ""]);
    expect(tab.outside).toEqual([]);
    expect(tab.problems).toEqual([]);
    expect(await axeViolations(page)).toEqual([]);
  });

  it("checks the status with the code and adds information, on the follow-up page", async () => {
    const { page } = tab;
    await page.goto(`${system.url}/bao-tin/theo-doi/`);
    await page.getByLabel("Mã biên nhận").first().fill(jsCode.replaceAll(" ", ""));
    await page.getByRole("button", { name: "Xem tình trạng" }).click();
    const result = page.locator("[data-status-result]");
    await result.waitFor({ state: "visible" });
    expect(await result.locator('[data-r="status"]').textContent()).toBe("Đã tiếp nhận");
    expect(await result.locator('[data-r="receivedOn"]').textContent()).toMatch(/^\d{2}\/\d{2}\/\d{4}$/);
    expect(await result.locator('[data-r="additions"]').textContent()).toBe("0 lần");
    // Only the status: nothing of what was reported.
    expect(await page.locator("main").textContent()).not.toContain(marker);
    await page.getByLabel("Thông tin bổ sung").fill("Tối qua lại đánh tiếp.");
    await page.getByRole("button", { name: "Gửi thông tin bổ sung" }).click();
    await page.locator("[data-addition-done]").waitFor({ state: "visible" });
    expect(await result.locator('[data-r="additions"]').textContent()).toBe("1 lần");
    expect(page.url()).toBe(`${system.url}/bao-tin/theo-doi/`);
    expect(tab.outside).toEqual([]);
    expect(await axeViolations(page)).toEqual([]);
  });
});

describe("a member of the public, without JavaScript", () => {
  let tab: PublicTab;

  beforeAll(async () => {
    tab = await publicTab(false);
  });
  afterAll(async () => {
    await tab?.context.close();
  });

  it("sends the report as a plain form and is answered with the receipt page", async () => {
    const { page } = tab;
    await page.goto(`${system.url}/bao-tin/`);
    // Without JavaScript, 113 and 111 and the hotlines are still there before any question.
    expect(await page.locator(".emergency-strip").getByRole("link", { name: "Gọi 113" }).isVisible()).toBe(true);
    await page.getByLabel("Không", { exact: true }).first().check();
    await page.locator("select[name=commune]").selectOption("13285");
    await page.getByLabel(/Chuyện gì đã xảy ra\?/).fill(plainNarrative);
    await page.getByLabel("Ngăn cản gặp gỡ người thân, có quan hệ xã hội hợp pháp").check();
    await page.getByLabel("Độ tuổi", { exact: true }).selectOption("16-59");
    expect(page.url()).toBe(`${system.url}/bao-tin/`);
    const [response] = await Promise.all([page.waitForNavigation(), page.getByRole("button", { name: "Gửi tin báo" }).click()]);
    expect(response?.status()).toBe(201);
    expect(response?.headers()["cache-control"]).toContain("no-store");
    plainCode = ((await page.locator(".code").textContent()) ?? "").trim();
    expect(plainCode).toMatch(/^\d{4} \d{4} \d{4} \d{4}$/);
    await screenshot(page, "report-receipt-no-js-phone");
    // The address: the form's action, no query string, no hash.
    expect(page.url()).toBe(`${system.url}/api/reports`);
    expect(tab.outside).toEqual([]);
  });

  it("checks the status on the follow-up page with a plain form", async () => {
    const { page } = tab;
    await page.goto(`${system.url}/bao-tin/theo-doi/`);
    await page.locator("#status-code").fill(plainCode);
    await Promise.all([page.waitForNavigation(), page.getByRole("button", { name: "Xem tình trạng" }).click()]);
    expect(page.url()).toBe(`${system.url}/api/receipts/status`);
    const text = (await page.locator("main").textContent()) ?? "";
    expect(text).toContain("Đã tiếp nhận");
    expect(text).not.toContain(marker);
    expect(tab.outside).toEqual([]);
  });
});

describe("the commune's officer", () => {
  let page: Page;
  let problems: string[];
  let ids: Record<string, string>;

  beforeAll(async () => {
    ({ page, problems } = await signedIn("canbo.xa1@pcblgd.local", "/can-bo/tin-bao/"));
  });

  it("finds both reports in the inbox, the urgent one flagged and first", async () => {
    ids = await reportIdsByNarrative(page, "13285");
    expect(Object.keys(ids).sort()).toEqual(["js", "plain"]);
    expect(await page.locator("#inbox-commune").inputValue()).toBe("13285");
    const items = page.locator("[data-inbox-list] > li");
    await expect.poll(() => items.count(), patiently).toBeGreaterThanOrEqual(2);
    const urgent = page.locator(`[data-report-id="${ids.js}"]`);
    const plain = page.locator(`[data-report-id="${ids.plain}"]`);
    expect(await urgent.getAttribute("data-urgent")).toBe("true");
    expect(await urgent.locator('[data-f="urgent"]').isVisible()).toBe(true);
    expect(await plain.getAttribute("data-urgent")).toBe("false");
    expect(await urgent.locator('[data-f="channel"]').textContent()).toBe("Báo tin trực tuyến");
    expect(await urgent.locator('[data-f="acts"]').textContent()).toBe("a, b");
    const order = await items.evaluateAll((nodes) => nodes.map((node) => (node as HTMLElement).dataset.reportId));
    expect(order.indexOf(ids.js)).toBeLessThan(order.indexOf(ids.plain));
    expect(await page.locator("[data-inbox-counts]").textContent()).toMatch(/Tổng số: \d+ · Mới, chờ xử lý: \d+ · Khẩn cấp chưa xử lý: [1-9]/);
    // Filtered to what is still new, from the public form.
    await page.locator("#inbox-status").selectOption("new");
    await page.locator("#inbox-channel").selectOption("online");
    await page.getByRole("button", { name: "Lọc", exact: true }).click();
    await expect.poll(() => page.locator(`[data-report-id="${ids.plain}"]`).count(), patiently).toBe(1);
    await screenshot(page, "report-inbox-desktop");
    expect(await axeViolations(page)).toEqual([]);
  });

  it("reads the urgent report, with what the reporter added, and opens a case from it", async () => {
    await page.locator(`[data-report-id="${ids.js}"] [data-f="link"]`).click();
    await page.waitForURL(`${system.url}/can-bo/tin-bao/chi-tiet/?id=${ids.js}`);
    const detail = page.locator("[data-detail]");
    await detail.waitFor({ state: "visible" });
    expect(await detail.locator('[data-d="narrative"]').textContent()).toBe(jsNarrative);
    expect(await detail.locator('[data-d="reporter"]').textContent()).toBe("Trần Thị Bình · 0912 345 678");
    expect(await detail.locator('[data-d="neverCall"]').textContent()).toBe("0987 654 321");
    expect(await detail.locator('[data-d="commune"]').textContent()).toBe("Phường Phủ Lý");
    expect(await detail.locator("[data-additions-list]").textContent()).toContain("Tối qua lại đánh tiếp.");
    expect(await axeViolations(page)).toEqual([]);
    await page.getByLabel("Mở vụ việc mới").check();
    await page.getByRole("button", { name: "Lưu phân loại" }).click();
    const saved = page.locator("[data-saved]");
    await saved.waitFor({ state: "visible" });
    expect(await saved.textContent()).toMatch(/^Đã mở vụ việc .+\.$/);
    expect(await detail.locator('[data-d="status"]').textContent()).toContain("Đã mở vụ việc");
    expect(await page.locator("[data-triage-form]").isVisible()).toBe(false);
    // The new case is one click away.
    expect(await detail.getByRole("link", { name: "Mở hồ sơ vụ việc" }).getAttribute("href")).toMatch(/^\/can-bo\/vu-viec\/ho-so\/\?id=[0-9a-f-]{36}$/);
    await screenshot(page, "report-detail-desktop");
    expect(problems).toEqual([]);
  });

  it("is told, not overwritten, when someone else triaged the report meanwhile (409)", async () => {
    await page.goto(`${system.url}/can-bo/tin-bao/chi-tiet/?id=${ids.plain}`);
    await page.locator("[data-triage-form]").waitFor({ state: "visible" });
    // Another officer closes it first (with this tab's token, as a second browser would with theirs).
    await page.evaluate(async (id) => {
      const key = Object.keys(sessionStorage).find((name) => name.startsWith("oidc.user:")) ?? "";
      const token = (JSON.parse(sessionStorage.getItem(key) ?? "{}") as { id_token: string }).id_token;
      const report = (await (await fetch(`/api/reports/${id}`, { headers: { authorization: `Bearer ${token}` } })).json()) as { version: number };
      await fetch(`/api/reports/${id}/triage`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify({ action: "referred", reason: "Chuyển Công an xã", expectedVersion: report.version }),
      });
    }, ids.plain);
    await page.getByLabel("Không phải bạo lực gia đình").check();
    await page.getByRole("textbox", { name: "Lý do", exact: true }).fill("Mâu thuẫn đất đai");
    await page.getByRole("button", { name: "Lưu phân loại" }).click();
    const conflict = page.locator("[data-conflict]");
    await conflict.waitFor({ state: "visible" });
    expect(await conflict.textContent()).toContain("Người khác vừa xử lý tin báo này");
    expect(await page.locator('[data-d="status"]').textContent()).toBe("Đã chuyển nơi khác");
    expect(await page.locator('[data-d="triage"]').textContent()).toContain("Chuyển Công an xã");
    expect(await page.locator("[data-triage-form]").isVisible()).toBe(false);
  });

  it("records a report taken by phone, on behalf of the caller, and finds it in the inbox", async () => {
    await page.getByRole("navigation", { name: "Điều hướng trang cán bộ" }).getByRole("link", { name: "Tin báo" }).click();
    await page.waitForURL(`${system.url}/can-bo/tin-bao/`);
    await page.getByRole("link", { name: /Nhập tin báo nhận qua điện thoại/ }).click();
    await page.waitForURL(`${system.url}/can-bo/tin-bao/nhap/`);
    const form = page.locator("#intake-form");
    await form.waitFor({ state: "visible" });
    // The officer's only commune is chosen already; "received at" defaults to now.
    expect(await form.locator("select[name=commune]").inputValue()).toBe("13285");
    expect(await form.locator("input[name=receivedAt]").inputValue()).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/);
    await form.getByLabel("Nhận qua").selectOption("hotline");
    await form.getByLabel("Người nhận trực tiếp (nếu không phải bạn)").fill("Cô giáo Lan");
    await form.getByLabel("Không rõ").first().check();
    await form.getByLabel(/Chuyện gì đã xảy ra\?/).fill(`Bà cụ gọi báo con trai đánh mẹ. (${marker}-phone)`);
    await form.getByLabel("Bỏ mặc, không quan tâm trẻ em, người già, người khuyết tật, phụ nữ mang thai hoặc nuôi con nhỏ").check();
    expect(await axeViolations(page, ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"])).toEqual([]);
    await form.getByRole("button", { name: "Lưu tin báo" }).click();
    await page.waitForURL(/\/can-bo\/tin-bao\/chi-tiet\/\?id=/);
    const detail = page.locator("[data-detail]");
    await detail.waitFor({ state: "visible" });
    expect(await detail.locator('[data-d="channel"]').textContent()).toBe("Đường dây nóng / điện thoại");
    expect(await detail.locator('[data-d="receivedBy"]').textContent()).toBe("Cô giáo Lan");
    expect(await detail.locator('[data-d="status"]').textContent()).toBe("Mới, chờ xử lý");
    const id = new URL(page.url()).searchParams.get("id");
    expect((await reportIdsByNarrative(page, "13285")).phone).toBe(id);
  });

  it("pages through a full inbox with “Tải thêm”", async () => {
    // 25 more reports (one page of the inbox), recorded through the API as intake would.
    const created = await page.evaluate(async () => {
      const key = Object.keys(sessionStorage).find((name) => name.startsWith("oidc.user:")) ?? "";
      const token = (JSON.parse(sessionStorage.getItem(key) ?? "{}") as { id_token: string }).id_token;
      let ok = 0;
      for (let n = 0; n < 25; n += 1) {
        const response = await fetch("/api/communes/13285/reports", {
          method: "POST",
          headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
          body: JSON.stringify({
            commune: "13285",
            narrative: `Tin báo số ${String(n)}`,
            acts: [],
            danger: "no",
            reporter: { anonymous: true },
            consentToContact: false,
            channel: "walk-in",
            receivedAt: new Date(Date.now() - (n + 1) * 60_000).toISOString(),
          }),
        });
        if (response.status === 201) ok += 1;
      }
      return ok;
    });
    expect(created).toBe(25);
    await page.goto(`${system.url}/can-bo/tin-bao/`);
    const items = page.locator("[data-inbox-list] > li");
    await expect.poll(() => items.count(), patiently).toBe(25);
    const more = page.getByRole("button", { name: "Tải thêm" });
    expect(await more.isVisible()).toBe(true);
    await more.click();
    await expect.poll(() => items.count(), patiently).toBeGreaterThan(25);
    // The first newly loaded report takes the focus; no report is listed twice.
    expect(await page.evaluate(() => document.activeElement?.matches("[data-inbox-list] > li:nth-child(26)"))).toBe(true);
    const ids = await items.evaluateAll((nodes) => nodes.map((node) => (node as HTMLElement).dataset.reportId));
    expect(new Set(ids).size).toBe(ids.length);
    expect(await page.locator("[data-inbox-status]").textContent()).toBe(`Đang hiện ${String(ids.length)} tin báo.`);
    expect(problems.filter((problem) => problem.startsWith("outside request"))).toEqual([]);
  });
});

describe("after triage", () => {
  it("the reporter sees the report being handled, and nothing else", async () => {
    const tab = await publicTab(true);
    try {
      await tab.page.goto(`${system.url}/en/report/follow-up/`);
      await tab.page.getByLabel("Receipt code").first().fill(jsCode);
      await tab.page.getByRole("button", { name: "See the status" }).click();
      const status = tab.page.locator('[data-status-result] [data-r="status"]');
      await expect.poll(() => status.textContent(), patiently).toBe("Being handled");
      expect(tab.outside).toEqual([]);
    } finally {
      await tab.context.close();
    }
  });
});

describe("an officer of another commune", () => {
  it("sees neither report in their inbox, and the report's page says it is not theirs", async () => {
    const { page, context } = await signedIn("canbo.xa2@pcblgd.local", "/can-bo/tin-bao/");
    try {
      const options = await page.locator("#inbox-commune option").evaluateAll((nodes) => nodes.map((node) => (node as HTMLOptionElement).value));
      expect(options).toEqual(["13291"]);
      await expect.poll(() => page.locator("[data-inbox-status]").textContent(), patiently).not.toBe("");
      expect(await page.locator("[data-inbox-list]").textContent()).not.toContain(marker);
      const ids = await reportIdsByNarrative(page, "13291");
      expect(ids).toEqual({});
      // Their own commune's API refuses the other commune's inbox…
      const status = await page.evaluate(async () => {
        const key = Object.keys(sessionStorage).find((name) => name.startsWith("oidc.user:")) ?? "";
        const token = (JSON.parse(sessionStorage.getItem(key) ?? "{}") as { id_token: string }).id_token;
        return (await fetch("/api/communes/13285/reports", { headers: { authorization: `Bearer ${token}` } })).status;
      });
      expect(status).toBe(404);
      // …and the page of a report of that commune says "not allowed", showing nothing of it.
      const firstCommuneOfficer = await signedIn("canbo.xa1@pcblgd.local", "/can-bo/tin-bao/");
      const theirs = await reportIdsByNarrative(firstCommuneOfficer.page, "13285");
      await firstCommuneOfficer.context.close();
      await page.goto(`${system.url}/can-bo/tin-bao/chi-tiet/?id=${theirs.js}`);
      const refused = page.locator("[data-not-allowed]");
      await refused.waitFor({ state: "visible" });
      expect(await refused.textContent()).toContain("Trang này không tồn tại hoặc bạn không có quyền xem.");
      expect(await page.locator("[data-detail]").isVisible()).toBe(false);
      expect(await page.locator("main").textContent()).not.toContain(marker);
      expect(await axeViolations(page)).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
