import type { Browser, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { axeViolations, desktop, launchChromium, openTab, patiently, phone, screenshot, spoilIdToken } from "../support/browser.ts";
import { type LocalSystem, signInAt, startLocalSystem } from "../support/local-system.ts";

/**
 * Officer administration in a real browser: the province admin invites an officer, changes their
 * role (and meets a concurrent change: 409), disables them, and reads the audit log; a commune
 * officer sees no admin links and the admin page answers "not allowed" (the API's 404).
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

async function signedIn(email: string, path: string, viewport: { width: number; height: number } = desktop): Promise<{ page: Page; problems: string[] }> {
  const { page, problems } = await openTab(browser, viewport);
  await signInAt(page, system, email, path);
  return { page, problems };
}

function officerItem(page: Page, email: string): Locator {
  return page.locator("li.officer-item").filter({ has: page.locator(".officer-email", { hasText: email }) });
}

const newcomer = { email: "canbo.moi@pcblgd.local", name: "Nguyễn Thị Mới" };

describe("the province admin", () => {
  let page: Page;
  let problems: string[];

  beforeAll(async () => {
    ({ page, problems } = await signedIn("quantri@pcblgd.local", "/can-bo/"));
  });

  it("sees the administration links on the officer home", async () => {
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent(), patiently).toBe("Xin chào, Đỗ Thị Thu");
    expect(await page.locator('[data-me="jurisdiction"]').textContent()).toBe("Toàn tỉnh");
    const nav = page.getByRole("navigation", { name: "Điều hướng trang cán bộ" });
    expect(await nav.getByRole("link", { name: "Quản lý cán bộ" }).isVisible()).toBe(true);
    expect(await nav.getByRole("link", { name: "Nhật ký truy cập" }).isVisible()).toBe(true);
    await screenshot(page, "admin-home-desktop");
    expect(await axeViolations(page)).toEqual([]);
  });

  it("is told what to fix, next to each field, before and after the API checks the invitation", async () => {
    await page.getByRole("navigation", { name: "Điều hướng trang cán bộ" }).getByRole("link", { name: "Quản lý cán bộ" }).click();
    await page.waitForURL(`${system.url}/can-bo/quan-tri/can-bo/`);
    const form = page.locator("#invite-form");
    await form.getByRole("button", { name: "Gửi lời mời" }).click();
    const summary = form.locator("[data-error-summary]");
    await summary.waitFor({ state: "visible" });
    expect(await page.evaluate(() => document.activeElement?.hasAttribute("data-error-summary"))).toBe(true);
    expect(await summary.locator("li").allTextContents()).toEqual([
      "Hãy nhập địa chỉ thư điện tử hợp lệ.",
      "Hãy nhập họ và tên.",
      "Hãy chọn ít nhất một vai trò.",
      "Hãy chọn phạm vi phụ trách.",
    ]);
    expect(await form.getByLabel("Thư điện tử").getAttribute("aria-invalid")).toBe("true");
    expect(await form.getByLabel("Thư điện tử").getAttribute("aria-describedby")).toContain("invite-form-email-error");
    await screenshot(page, "admin-invite-errors-desktop", form);
    expect(await axeViolations(page)).toEqual([]);

    // The API's own rule: a province role works province-wide, not in one commune.
    await form.getByLabel("Thư điện tử").fill(newcomer.email);
    await form.getByLabel("Họ và tên").fill(newcomer.name);
    await form.getByLabel("Cán bộ tỉnh").check();
    await form.getByLabel("Một hoặc nhiều xã, phường").check();
    await form.getByLabel("Lọc danh sách xã, phường").fill("phu ly");
    expect(await form.locator(".commune-list li:not([hidden])").count()).toBe(1);
    await form.getByLabel("Phường Phủ Lý").check();
    await form.getByRole("button", { name: "Gửi lời mời" }).click();
    const jurisdictionError = form.locator('[data-error-for="jurisdiction"]');
    await expect.poll(() => jurisdictionError.textContent(), patiently).toMatch(/Cán bộ tỉnh.*toàn tỉnh/);
    expect(await summary.locator("li").allTextContents()).toEqual([await jurisdictionError.textContent()]);
  });

  it("invites an officer, who appears in the list as invited", async () => {
    const form = page.locator("#invite-form");
    await form.getByLabel("Cán bộ tỉnh").uncheck();
    await form.getByLabel("Cán bộ xã", { exact: true }).check();
    await form.getByRole("button", { name: "Gửi lời mời" }).click();
    const result = page.locator("[data-invite-result]");
    await result.waitFor({ state: "visible" });
    expect(await result.textContent()).toBe(`Đã mời ${newcomer.name} (${newcomer.email}). Mật khẩu tạm thời đã được gửi tới địa chỉ thư điện tử này.`);
    expect(await form.getByLabel("Thư điện tử").inputValue()).toBe("");
    // The form is empty again, its commune list whole again for the next invitation.
    expect(await form.getByLabel("Phường Phủ Lý").isVisible()).toBe(false);
    await form.getByLabel("Một hoặc nhiều xã, phường").check();
    expect(await form.locator(".commune-list li:not([hidden])").count()).toBe(system.province.communes.length);
    expect(await form.getByLabel("Phường Phủ Lý").isChecked()).toBe(false);
    const item = officerItem(page, newcomer.email);
    expect(await item.locator('[data-f="status"]').textContent()).toBe("Đã mời, chưa đăng nhập");
    expect(await item.locator('[data-f="roles"]').textContent()).toBe("Cán bộ xã");
    expect(await item.locator('[data-f="jurisdiction"]').textContent()).toBe("Phường Phủ Lý");
    const stored = (await system.directory.list({ limit: 60 })).items.find((officer) => officer.email === newcomer.email);
    expect(stored).toMatchObject({
      name: newcomer.name,
      roles: ["commune-officer"],
      jurisdiction: { kind: "communes", communes: ["13285"] },
      status: "invited",
    });
  });

  it("cannot edit or disable their own account", async () => {
    const self = officerItem(page, "quantri@pcblgd.local");
    expect(await self.locator('[data-f="self"]').isVisible()).toBe(true);
    expect(await self.getByRole("button").count()).toBe(0);
    if (process.env.E2E_SCREENSHOTS) {
      await page.setViewportSize(phone);
      await screenshot(page, "admin-invite-phone", page.locator("#invite-form"));
      await screenshot(page, "admin-self-phone", self);
      await screenshot(page, "admin-newcomer-phone", officerItem(page, newcomer.email));
      await page.setViewportSize(desktop);
    }
  });

  it("changes the officer's role and, when someone else changed it meanwhile, is shown the current values", async () => {
    const item = officerItem(page, newcomer.email);
    await item.getByRole("button", { name: "Sửa vai trò, phạm vi" }).click();
    const edit = page.locator("#edit-form");
    await edit.waitFor({ state: "visible" });
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("edit-heading");
    expect(await edit.getByLabel("Cán bộ xã", { exact: true }).isChecked()).toBe(true);
    expect(await edit.getByLabel("Phường Phủ Lý").isChecked()).toBe(true);
    await edit.getByLabel("Lãnh đạo UBND xã (Chủ tịch/Phó Chủ tịch)").check();
    await screenshot(page, "admin-edit-desktop", item);

    // Another admin adds a commune first.
    const stored = (await system.directory.list({ limit: 60 })).items.find((officer) => officer.email === newcomer.email);
    if (!stored) throw new Error("the invited officer is missing");
    await new Promise((resolve) => setTimeout(resolve, 5));
    await system.directory.update(stored.id, { jurisdiction: { kind: "communes", communes: ["13285", "13291"] } });

    await edit.getByRole("button", { name: "Lưu thay đổi" }).click();
    const conflict = page.locator("[data-conflict]");
    await conflict.waitFor({ state: "visible" });
    expect(await page.evaluate(() => document.activeElement?.hasAttribute("data-conflict"))).toBe(true);
    expect(await edit.getByLabel("Phường Phù Vân").isChecked()).toBe(true);
    expect(await edit.getByLabel("Lãnh đạo UBND xã (Chủ tịch/Phó Chủ tịch)").isChecked()).toBe(false);
    expect(await item.locator('[data-f="jurisdiction"]').textContent()).toBe("Phường Phủ Lý, Phường Phù Vân");
    await screenshot(page, "admin-conflict-desktop", item);
    expect(await axeViolations(page)).toEqual([]);

    await edit.getByLabel("Lãnh đạo UBND xã (Chủ tịch/Phó Chủ tịch)").check();
    await edit.getByRole("button", { name: "Lưu thay đổi" }).click();
    await item.locator('[data-f="result"]').waitFor({ state: "visible" });
    expect(await item.locator('[data-f="result"]').textContent()).toBe(`Đã lưu thay đổi của ${newcomer.name}.`);
    expect(await item.locator('[data-f="roles"]').textContent()).toBe("Cán bộ xã, Lãnh đạo UBND xã (Chủ tịch/Phó Chủ tịch)");
    expect(await edit.isHidden()).toBe(true);
  });

  it("disables the officer after confirming", async () => {
    const item = officerItem(page, newcomer.email);
    await item.getByRole("button", { name: "Vô hiệu hóa" }).click();
    const confirm = item.locator('[data-f="confirm"]');
    await confirm.waitFor({ state: "visible" });
    expect(await confirm.textContent()).toContain(`Vô hiệu hóa tài khoản của ${newcomer.name}?`);
    // Cancel changes nothing.
    await confirm.getByRole("button", { name: "Hủy" }).click();
    expect(await confirm.isHidden()).toBe(true);
    expect(await item.locator('[data-f="status"]').textContent()).toBe("Đã mời, chưa đăng nhập");

    await item.getByRole("button", { name: "Vô hiệu hóa" }).click();
    await screenshot(page, "admin-confirm-desktop", item);
    expect(await axeViolations(page)).toEqual([]);
    await confirm.getByRole("button", { name: "Xác nhận" }).click();
    await expect.poll(() => item.locator('[data-f="status"]').textContent(), patiently).toBe("Đã vô hiệu hóa");
    expect(await item.locator('[data-f="result"]').textContent()).toBe(`Đã vô hiệu hóa tài khoản của ${newcomer.name}.`);
    expect(await item.getByRole("button", { name: "Kích hoạt lại" }).isVisible()).toBe(true);
    expect(await item.getByRole("button", { name: "Vô hiệu hóa" }).isHidden()).toBe(true);
    const stored = (await system.directory.list({ limit: 60 })).items.find((officer) => officer.email === newcomer.email);
    expect(stored?.status).toBe("disabled");
  });

  it("keeps an edit in progress when the session ends, and reopens it on the same officer", async () => {
    const reviewer = "hoidong@pcblgd.local";
    await officerItem(page, reviewer).getByRole("button", { name: "Sửa vai trò, phạm vi" }).click();
    const edit = page.locator("#edit-form");
    await edit.waitFor({ state: "visible" });
    await edit.getByLabel("Cán bộ tỉnh").check();
    await spoilIdToken(page);
    await edit.getByRole("button", { name: "Lưu thay đổi" }).click();
    await page.waitForURL(/\/dang-nhap\/\?quay-lai=%2Fcan-bo%2Fquan-tri%2Fcan-bo%2F&ly-do=het-han$/);
    await page.getByRole("button", { name: "Đăng nhập" }).click();
    await page.waitForURL((url) => url.pathname.startsWith("/oidc/") || url.pathname === "/can-bo/quan-tri/can-bo/");
    if (new URL(page.url()).pathname.startsWith("/oidc/")) {
      await page.getByLabel("E-mail").fill("quantri@pcblgd.local");
      await page.getByLabel(/Mật khẩu/).fill(system.password);
      await page.getByRole("button", { name: /Đăng nhập/ }).click();
    }
    await page.waitForURL(`${system.url}/can-bo/quan-tri/can-bo/`);
    await edit.waitFor({ state: "visible" });
    // Back on the same officer, with what was ticked; nothing was saved meanwhile.
    expect(await officerItem(page, reviewer).locator("#edit-form").count()).toBe(1);
    expect(await edit.getByLabel("Cán bộ tỉnh").isChecked()).toBe(true);
    expect(await edit.getByLabel("Thành viên Hội đồng Thi đua – Khen thưởng").isChecked()).toBe(true);
    expect(await page.locator("[data-draft-notice]").isVisible()).toBe(true);
    const stored = (await system.directory.list({ limit: 60 })).items.find((officer) => officer.email === reviewer);
    expect(stored?.roles).toEqual(["commendation-reviewer"]);
    await edit.getByRole("button", { name: "Hủy" }).click();
    expect(await edit.isHidden()).toBe(true);
  });

  it("reads what was done in the audit log, filtered by officer", async () => {
    await page.getByRole("navigation", { name: "Điều hướng trang cán bộ" }).getByRole("link", { name: "Nhật ký truy cập" }).click();
    await page.waitForURL(`${system.url}/can-bo/quan-tri/nhat-ky/`);
    const entries = page.locator("li.audit-item");
    await entries.first().waitFor({ state: "visible" });
    // In words: who did what to which officer — no action codes, no record keys, no routine self-reads.
    const actions = await entries.locator('[data-f="action"]').allTextContents();
    expect(actions).toEqual(expect.arrayContaining(["mời cán bộ mới", "sửa vai trò, phạm vi của cán bộ", "vô hiệu hóa tài khoản cán bộ"]));
    expect(actions).not.toContain("xem thông tin tài khoản của mình");
    const sentences = await entries.locator(".audit-sentence").allTextContents();
    expect(sentences.join("\n")).not.toMatch(/officer#|case#|me\.read|\.list\b|[0-9a-f]{8}-[0-9a-f]{4}-/);
    expect(sentences.join("\n")).toContain(`cán bộ ${newcomer.name}`);
    await page.getByLabel(/Hiện cả các lần xem thường lệ/).check();
    await expect
      .poll(async () => (await entries.locator('[data-f="action"]').allTextContents()).includes("xem thông tin tài khoản của mình"), patiently)
      .toBe(true);
    await page.getByLabel(/Hiện cả các lần xem thường lệ/).uncheck();
    // Newest first.
    const times = await entries.locator("time").evaluateAll((nodes) => nodes.map((node) => node.getAttribute("datetime") ?? ""));
    expect([...times].sort().reverse()).toEqual(times);

    // The officer invited above never signed in, so nothing was done by them (other browser test
    // files share the run's tables and sign the demo officers in).
    await page.getByLabel("Cán bộ", { exact: true }).selectOption({ label: `${newcomer.name} (${newcomer.email})` });
    await page.getByRole("button", { name: "Lọc", exact: true }).click();
    await expect.poll(() => page.locator("[data-audit-status]").textContent(), patiently).toBe("Không có mục nào khớp bộ lọc.");

    await page.getByLabel("Cán bộ", { exact: true }).selectOption({ label: "Đỗ Thị Thu (quantri@pcblgd.local)" });
    await page.getByLabel("Từ ngày").fill("2026-03-10");
    await page.getByLabel("Đến ngày").fill("2026-03-01");
    await page.getByRole("button", { name: "Lọc", exact: true }).click();
    const fromError = page.locator('[data-error-for="from"]');
    await fromError.waitFor({ state: "visible" });
    expect(await fromError.textContent()).toBe("Ngày bắt đầu phải trước hoặc bằng ngày kết thúc");

    await page.getByRole("button", { name: "Xóa bộ lọc" }).click();
    await expect.poll(() => entries.count(), patiently).toBeGreaterThan(3);
    await screenshot(page, "audit-desktop");
    expect(await axeViolations(page)).toEqual([]);
    await page.setViewportSize(phone);
    await screenshot(page, "audit-phone");
    // 400 and 409 were provoked above; so was the 401 of the spoiled token.
    expect(problems.filter((problem) => !/HTTP (400|401|409) |status of (400|401|409) /.test(problem))).toEqual([]);
  });
});

describe("a commune officer", () => {
  it("sees no administration links, and the admin pages say 'not allowed'", async () => {
    const { page } = await signedIn("canbo.xa2@pcblgd.local", "/can-bo/", phone);
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent(), patiently).toBe("Xin chào, Trần Văn Minh");
    expect(await page.locator('[data-me="jurisdiction"]').textContent()).toBe("Phường Phù Vân");
    expect(await page.getByRole("link", { name: "Quản lý cán bộ" }).count()).toBe(0);
    expect(await page.getByRole("link", { name: "Nhật ký truy cập" }).count()).toBe(0);

    for (const path of ["/can-bo/quan-tri/can-bo/", "/can-bo/quan-tri/nhat-ky/"]) {
      const refused = page.waitForResponse((response) => response.url().includes("/api/admin/") && response.status() === 404);
      await page.goto(`${system.url}${path}`);
      await refused;
      const notAllowed = page.locator("[data-not-allowed]");
      await notAllowed.waitFor({ state: "visible" });
      expect(await notAllowed.textContent()).toContain("Trang này không tồn tại hoặc bạn không có quyền xem.");
      expect(await page.locator("#invite-form, #audit-filter").isVisible()).toBe(false);
    }
    await screenshot(page, "not-allowed-phone");
    expect(await axeViolations(page)).toEqual([]);
  });
});
