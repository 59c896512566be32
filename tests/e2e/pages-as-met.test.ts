/// <reference lib="dom" />
import { randomUUID } from "node:crypto";
import type { Browser, BrowserContext, Page, Route } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { desktop, launchChromium, openTab, patiently, phone } from "../support/browser.ts";
import { type LocalSystem, signInAt, startLocalSystem } from "../support/local-system.ts";

/**
 * Issue 18 — the pages as people meet them, walked in a real browser against the whole local
 * system: the field messages a member of the public reads are ours (never a pattern, never the
 * browser's own bubble), an error leaves when its field is fixed, "you may call me" needs a number,
 * the receipt is called one name with or without JavaScript and 113 is a tap-to-call link, the
 * promise about the address holds for the way the form is sent, old commune names lead to the new
 * commune, "free" is said once, the honour roll counts in good English; officers get a menu with
 * every area their roles open, an intake form in the officer's voice, and lists that never show a
 * row twice however fast "Lọc" is pressed.
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

async function publicPage(javaScriptEnabled: boolean, path: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: phone, locale: "vi-VN", timezoneId: "Asia/Ho_Chi_Minh", javaScriptEnabled });
  const page = await context.newPage();
  await page.goto(`${system.url}${path}`);
  return { context, page };
}

async function postReport(commune: string, narrative: string): Promise<void> {
  const response = await fetch(`${system.url}/api/reports`, {
    method: "POST",
    headers: { "content-type": "application/json", "idempotency-key": randomUUID() },
    body: JSON.stringify({ commune, narrative, acts: ["a"], danger: "no", reporter: { anonymous: true }, consentToContact: false }),
  });
  expect(response.status).toBe(201);
}

describe("the report form, with JavaScript", () => {
  it("says what is wrong with a phone number in our words, clears it once fixed, and asks for a number before “you may call me”", async () => {
    const { context, page } = await publicPage(true, "/bao-tin/");
    try {
      await page.locator("#report-danger-no").check();
      await page.locator("#report-commune").selectOption("13285");
      await page.locator("#report-narrative").fill("Nhà bên cạnh đánh nhau mỗi tối.");
      await page.locator("#report-anonymous-no").check();
      await page.locator("#report-reporter-name").fill("Nguyễn Văn Ba");
      await page.locator("#report-reporter-phone").fill("12345");
      await page.getByRole("button", { name: "Gửi tin báo" }).click();
      const phoneError = page.locator('[data-error-for="reporter.phone"]');
      await phoneError.waitFor({ state: "visible", timeout: patiently.timeout });
      const message = (await phoneError.textContent()) ?? "";
      expect(message).toContain("Số điện thoại không hợp lệ");
      expect(message).not.toMatch(/mẫu|\/\^|\[0-9\]/);
      // Fixing the field takes its error away at once.
      await page.locator("#report-reporter-phone").fill("0912 345 678");
      await expect.poll(() => phoneError.isVisible(), patiently).toBe(false);
      expect(await page.locator("#report-reporter-phone").getAttribute("aria-invalid")).toBeNull();

      // Anonymous, yet "you may call me": there is no one to call back.
      await page.locator("#report-anonymous-yes").check();
      await page.locator("#report-may-call-yes").check();
      await page.locator("#report-consent").check();
      await page.getByRole("button", { name: "Gửi tin báo" }).click();
      const mayCallError = page.locator('[data-error-for="safeContact.mayCall"]');
      await mayCallError.waitFor({ state: "visible", timeout: patiently.timeout });
      expect(await mayCallError.textContent()).toContain("Để được gọi lại");

      // Said "no": the report goes, and its receipt is called what the no-JavaScript page calls it.
      await page.locator("#report-may-call-no").check();
      await page.getByRole("button", { name: "Gửi tin báo" }).click();
      const receipt = page.locator("[data-receipt]");
      await receipt.waitFor({ state: "visible", timeout: patiently.timeout });
      expect(await receipt.textContent()).toContain("Mã biên nhận");
      expect(await receipt.textContent()).not.toContain("Mã tin báo");
      // With JavaScript the address promise holds and is made.
      expect(page.url()).toBe(`${system.url}/bao-tin/`);
    } finally {
      await context.close();
    }
  });
});

describe("the report form, without JavaScript", () => {
  it("never shows the browser's own bubbles: the server answers with our messages; the promise fits the way it is sent", async () => {
    const { context, page } = await publicPage(false, "/bao-tin/");
    try {
      // The no-JavaScript promise is the true one: what the page shows (Playwright's innerText, the rendered text).
      // biome-ignore lint/performance/useDomNodeTextContent: a Playwright locator; the rendered text is what is tested.
      const notice = await page.locator("main .notice").first().innerText();
      expect(notice).toContain("trình duyệt mở trang biên nhận");
      expect(notice).not.toContain("Địa chỉ trang không thay đổi");
      // An empty form is sent (no browser bubble stops it) and answered with our own messages.
      await page.getByRole("button", { name: "Gửi tin báo" }).click();
      await page.waitForURL(`${system.url}/api/reports`);
      const answer = (await page.locator("main").textContent()) ?? "";
      expect(answer).toContain("Không được để trống");
      expect(answer).not.toMatch(/Invalid input|phải khớp với mẫu/);
    } finally {
      await context.close();
    }
  });

  it("answers an urgent report with a receipt page where 113 is a tap-to-call link and the code has its one name", async () => {
    const { context, page } = await publicPage(false, "/bao-tin/");
    try {
      await page.locator("#report-danger-yes").check();
      await page.locator("#report-commune").selectOption("13285");
      await page.locator("#report-narrative").fill("Anh ấy đang cầm dao dọa vợ.");
      await page.getByRole("button", { name: "Gửi tin báo" }).click();
      await page.waitForURL(`${system.url}/api/reports`);
      expect(await page.locator('a[href="tel:113"]').count()).toBeGreaterThan(0);
      expect(await page.locator("main").textContent()).toContain("Mã biên nhận");
    } finally {
      await context.close();
    }
  });
});

describe("the public directory and pages", () => {
  it("finds a new commune from the name of an old one merged into it, and says “free” once per hotline", async () => {
    const { context, page } = await publicPage(true, "/xa-phuong/");
    try {
      await page.getByLabel(/Tìm xã, phường/).fill("thanh huong");
      const shown = page.locator("li.commune:visible h2");
      await expect.poll(() => shown.allTextContents(), patiently).toEqual(["Xã Thanh Liêm"]);
      expect(await page.locator("#xa-13495").textContent()).toContain("Xã Thanh Hương");
      await page.goto(`${system.url}/duong-day-nong/`);
      const metas = await page.locator(".hotline-meta").allTextContents();
      expect(metas.length).toBeGreaterThan(0);
      for (const meta of metas) expect(meta.toLowerCase().split("miễn phí").length - 1, meta).toBeLessThanOrEqual(1);
    } finally {
      await context.close();
    }
  });

  it("counts one commendation in good English and drops the “will publish” wording once awards are out", async () => {
    const context = await browser.newContext({ viewport: phone, locale: "en-GB", timezoneId: "Asia/Ho_Chi_Minh" });
    const page = await context.newPage();
    try {
      await context.route(
        (url) => url.pathname === "/api/honour-roll",
        (route) =>
          route.fulfill({
            json: {
              year: 2026,
              items: [
                {
                  id: "x",
                  commune: "13285",
                  communeName: "Phường Phủ Lý",
                  kind: "collective",
                  name: "Tổ hòa giải tổ dân phố 3",
                  form: "giay-khen",
                  level: "commune-chairman",
                  decisionNumber: "12/QĐ-UBND",
                  decisionDate: "2026-11-20",
                },
              ],
            },
          }),
      );
      await page.goto(`${system.url}/en/honour-roll/`);
      await expect.poll(() => page.locator("[data-honour-status]").textContent(), patiently).toBe("1 commendation.");
      expect(await page.locator("main .lead").textContent()).not.toMatch(/will list|will publish/);
      await page.goto(`${system.url}/vinh-danh/`);
      await expect.poll(() => page.locator("[data-honour-status]").textContent(), patiently).toBe("1 khen thưởng.");
      expect(await page.locator("main .lead").textContent()).not.toContain("sẽ công bố");
    } finally {
      await context.close();
    }
  });
});

describe("officers", () => {
  it("see every area their roles open in the menu, and no “coming soon” for what exists", async () => {
    const { page, context } = await openTab(browser, desktop);
    try {
      await signInAt(page, system, "lanhdao.xa1@pcblgd.local", "/can-bo/");
      const menu = page.getByRole("navigation", { name: "Điều hướng trang cán bộ" });
      await expect.poll(async () => (await menu.locator("li:not([hidden]) a").allTextContents()).join(" | "), patiently).toMatch(/Tin báo \| Vụ việc/);
      expect(await page.locator("[data-work]:not([hidden])").allTextContents()).not.toContain(expect.stringContaining("Quyết định biện pháp"));
      expect(await page.locator("main").textContent()).not.toContain("Quyết định biện pháp");
    } finally {
      await context.close();
    }
    const admin = await openTab(browser, desktop);
    try {
      await signInAt(admin.page, system, "quantri@pcblgd.local", "/can-bo/");
      const menu = admin.page.getByRole("navigation", { name: "Điều hướng trang cán bộ" });
      await expect
        .poll(async () => menu.locator("li:not([hidden]) a").allTextContents(), patiently)
        .toEqual(expect.arrayContaining(["Trang chủ cán bộ", "Khen thưởng", "Quản lý cán bộ", "Nhật ký truy cập"]));
    } finally {
      await admin.context.close();
    }
  });

  it("record a phoned-in report on a form in the officer's voice", async () => {
    const { page, context } = await openTab(browser, desktop);
    try {
      await signInAt(page, system, "canbo.xa1@pcblgd.local", "/can-bo/tin-bao/nhap/");
      const form = page.locator("#intake-form");
      await form.waitFor({ state: "visible", timeout: patiently.timeout });
      const text = (await form.textContent()) ?? "";
      expect(text).toContain("Người báo tin");
      for (const citizen of ["Bạn là ai", "Tôi muốn giấu tên", "Tôi cho biết tên", "Tôi đồng ý"]) expect(text, citizen).not.toContain(citizen);
    } finally {
      await context.close();
    }
  });

  it("never see a row twice when they choose a commune and press “Lọc” at once (an out-of-date answer is dropped)", async () => {
    await postReport("13285", `Tin báo để lọc ${randomUUID()}`);
    const { page, context } = await openTab(browser, desktop);
    try {
      await signInAt(page, system, "canbo.tinh@pcblgd.local", "/can-bo/tin-bao/");
      await page.locator("[data-inbox-status]").filter({ hasText: /\S/ }).waitFor({ timeout: patiently.timeout });
      // Start from another commune, so that choosing 13285 is a change.
      await page.locator("#inbox-commune").selectOption("13291");
      await expect.poll(() => page.locator("#inbox-commune").inputValue(), patiently).toBe("13291");
      await page.locator("[data-inbox-status]").filter({ hasText: /\S/ }).waitFor({ timeout: patiently.timeout });
      let answered = 0;
      page.on("response", (response) => {
        if (/\/api\/communes\/13285\/reports\?/.test(response.url())) answered += 1;
      });
      // The first answer is held back until the second has arrived: the slow network of a commune office.
      let held: Route | undefined;
      let secondDone: () => void = () => undefined;
      const second = new Promise<void>((resolve) => {
        secondDone = resolve;
      });
      await page.route(/\/api\/communes\/\d{5}\/reports\?/, async (route) => {
        if (held === undefined) {
          held = route;
          await second;
          await route.continue();
          return;
        }
        const response = await route.fetch();
        await route.fulfill({ response });
        secondDone();
      });
      await page.locator("#inbox-commune").selectOption("13285");
      await page.getByRole("button", { name: "Lọc", exact: true }).click();
      await second;
      await expect.poll(() => answered, patiently).toBe(2);
      // Both answers are in; whichever came last, each report is listed once.
      await page.locator("[data-inbox-list] > li").first().waitFor({ timeout: patiently.timeout });
      const rows = await page.locator("[data-inbox-list] > li").evaluateAll((nodes) => nodes.map((node) => (node as HTMLElement).dataset.reportId));
      expect(rows.length).toBeGreaterThan(0);
      expect(new Set(rows).size).toBe(rows.length);
      expect(await page.locator("[data-inbox-status]").textContent()).toBe(`Đang hiện ${String(rows.length)} tin báo.`);
    } finally {
      await context.close();
    }
  });
});
