import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { directoryWorkbook } from "../support/access-matrix/prevention.ts";
import { axeViolations, desktop, launchChromium, openTab, patiently } from "../support/browser.ts";
import { openTestCase } from "../support/cases.ts";
import { type LocalSystem, signInAt, startLocalSystem } from "../support/local-system.ts";

/**
 * The prevention network in a real browser: a commune officer adds a trusted address and finds it
 * on the public directory page; imports 50 hotlines from the XLSX template (two bad rows: every
 * error shown, nothing written; fixed: all 50 written); records a men's talk with participants by
 * sex. A community volunteer records a mediation and is refused a case file.
 */
let system: LocalSystem;
let browser: Browser;

const officer = "canbo.xa1@pcblgd.local";
const volunteer = "tinhnguyen.xa1@pcblgd.local";

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
  if (jurisdiction?.kind !== "communes" || !jurisdiction.communes[0]) throw new Error(`${email} has no commune`);
  return jurisdiction.communes[0];
}

async function signedIn(email: string, path: string): Promise<Page> {
  const tab = await openTab(browser, desktop);
  await signInAt(tab.page, system, email, path);
  return tab.page;
}

async function entryCount(page: Page): Promise<number> {
  return page.locator("[data-entries] > li").count();
}

describe("the live directory", () => {
  it("a commune officer adds a trusted address and sees it on the public directory page", async () => {
    const page = await signedIn(officer, "/can-bo/phong-ngua/danh-ba/");
    const name = `Nhà văn hóa tổ ${String(Date.now()).slice(-6)}`;
    await page.getByLabel("Tên", { exact: true }).fill(name);
    await page.getByLabel("Địa chỉ", { exact: true }).fill("Tổ dân phố 3");
    await page.getByLabel("Số điện thoại", { exact: true }).fill("0229 385 1111");
    await page.getByLabel("Người liên hệ", { exact: true }).fill("Trần Thị Lan");
    await page.getByRole("button", { name: "Lưu" }).click();
    await page.locator("[data-saved]").waitFor({ state: "visible", timeout: patiently.timeout });
    await page.locator("[data-entries]", { hasText: name }).waitFor({ timeout: patiently.timeout });
    expect(await axeViolations(page, ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"])).toEqual([]);

    await page.goto(`${system.url}/xa-phuong/`);
    const commune = page.locator(`#xa-${communeOf(officer)}`);
    await commune.getByText(name).waitFor({ timeout: patiently.timeout });
    // The contact did not agree to be listed: their name stays off the public page.
    expect(await commune.textContent()).not.toContain("Trần Thị Lan");
    await page.close();
  });

  it("imports 50 hotlines from the template: two bad rows are shown and nothing is written; fixed, all 50 are", async () => {
    const page = await signedIn(officer, "/can-bo/phong-ngua/danh-ba/");
    await page.locator("[data-entries][data-loaded]").waitFor({ state: "attached", timeout: patiently.timeout });
    const before = await entryCount(page);
    const rows = Array.from({ length: 50 }, (_, index) => [
      "hotline",
      `Đường dây nóng thôn ${String(index + 1)}`,
      "",
      `0229 600 ${String(100 + index)}`,
      "",
      "7:00–21:00",
    ]);
    const bad = rows.map((row) => [...row]);
    (bad[9] as string[])[3] = "không phải số";
    (bad[30] as string[])[0] = "fax";
    const choose = async (base64: string) => {
      await page.getByLabel("Tệp bảng tính").setInputFiles({
        name: "danh-ba.xlsx",
        mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        buffer: Buffer.from(base64, "base64"),
      });
      await page.getByRole("button", { name: "Kiểm tra tệp" }).click();
    };
    await choose(await directoryWorkbook(bad));
    const errors = page.locator("[data-import-errors]");
    await errors.waitFor({ state: "visible", timeout: patiently.timeout });
    await expect
      .poll(() => errors.locator("li").allTextContents())
      .toEqual(["Dòng 12: Số điện thoại không hợp lệ", "Dòng 33: Loại phải là hotline hoặc dia-chi-tin-cay"]);
    expect(await page.locator("[data-import-commit]").isHidden()).toBe(true);
    await page.reload();
    await page.locator("[data-entries][data-loaded]").waitFor({ state: "attached", timeout: patiently.timeout });
    expect(await entryCount(page)).toBe(before);

    await choose(await directoryWorkbook(rows));
    const commit = page.getByRole("button", { name: "Nhập 50 dòng" });
    await commit.waitFor({ timeout: patiently.timeout });
    await commit.click();
    await page.getByText("Đã nhập 50 dòng vào danh bạ.").waitFor({ timeout: patiently.timeout });
    await expect.poll(() => entryCount(page)).toBe(before + 50);
    await page.close();
  });
});

describe("prevention work", () => {
  it("records a men's talk with participants by sex", async () => {
    const page = await signedIn(officer, "/can-bo/phong-ngua/");
    const form = page.locator("#activity-form");
    await form.getByLabel("Thôn, tổ dân phố").fill("Tổ dân phố 5");
    await form.getByLabel("Hình thức").selectOption("talk");
    await form.getByLabel("Chủ đề", { exact: true }).selectOption("men");
    const topic = `Nam giới nói không với bạo lực ${String(Date.now()).slice(-5)}`;
    await form.getByLabel("Nội dung cụ thể").fill(topic);
    await form.getByLabel("Nam giới").check();
    await form.getByLabel("Tổng số").fill("40");
    await form.getByLabel("Nam", { exact: true }).fill("45");
    await form.getByLabel("Nữ", { exact: true }).fill("10");
    await form.getByRole("button", { name: "Lưu" }).click();
    // More men than people: the error is next to the participants, nothing is recorded.
    await form.locator('[data-error-for="participants"]').waitFor({ state: "visible", timeout: patiently.timeout });
    await form.getByLabel("Nam", { exact: true }).fill("30");
    await form.getByRole("button", { name: "Lưu" }).click();
    await page.locator('[data-saved="activity"]').waitFor({ state: "visible", timeout: patiently.timeout });
    await page.locator('[data-list="activities"]', { hasText: topic }).waitFor({ timeout: patiently.timeout });
    expect(await page.locator('[data-list="activities"] li', { hasText: topic }).textContent()).toContain("40 người (nam 30, nữ 10)");
    await page.close();
  });

  it("a volunteer records a mediation and is refused a case file", async () => {
    const commune = communeOf(volunteer);
    const { caseId } = await openTestCase(system.documents, { commune });
    const page = await signedIn(volunteer, "/can-bo/phong-ngua/");
    const form = page.locator("#mediation-form");
    const party = `Hoàng Văn ${String(Date.now()).slice(-5)}`;
    await form.getByLabel("Người hòa giải").fill("Tổ hòa giải tổ dân phố 3");
    await form.getByLabel("Các bên").fill(`${party}\nLê Thị Mận`);
    await form.getByLabel("Mâu thuẫn, tóm tắt").fill("Mâu thuẫn về chi tiêu");
    await form.getByLabel("Kết quả").selectOption("reconciled");
    await form.getByRole("button", { name: "Lưu" }).click();
    await page.locator('[data-saved="mediation"]').waitFor({ state: "visible", timeout: patiently.timeout });
    // Their own mediation shows its parties to them.
    const row = page.locator('[data-list="mediations"] li', { hasText: party });
    await row.waitFor({ timeout: patiently.timeout });
    // Violence appeared: after a confirmation the mediation becomes a report, and its row links to it.
    await row.getByRole("button", { name: "Chuyển thành tin báo" }).click();
    await page.locator('[data-confirm="refer"]').getByRole("button", { name: "Xác nhận" }).click();
    await row.getByRole("link", { name: /Đã chuyển thành tin báo/ }).waitFor({ timeout: patiently.timeout });

    await page.goto(`${system.url}/can-bo/vu-viec/ho-so/?id=${caseId}`);
    await page.locator("[data-not-allowed]").waitFor({ state: "visible", timeout: patiently.timeout });
    await page.close();
  });
});

describe("the registers' pages", () => {
  it("models: add one with a member, export the list, a stale edit is shown, dissolving asks first", async () => {
    const page = await signedIn(officer, "/can-bo/phong-ngua/mo-hinh/");
    const form = page.locator("#model-form");
    const name = `CLB gia đình thôn ${String(Date.now()).slice(-6)}`;
    await form.getByLabel("Loại mô hình").selectOption("clb-gia-dinh");
    await form.getByLabel("Tên mô hình, nhóm").fill(name);
    await form.getByLabel("Thôn, tổ dân phố").fill("Thôn Đông");
    await form.getByLabel("Số hộ gia đình tham gia").fill("25");
    await form.getByRole("button", { name: "Thêm thành viên" }).click();
    await form.getByLabel("Họ tên").fill("Phạm Thị Hoa");
    await form.getByLabel("Vai trò").fill("Chủ nhiệm");
    await form.getByLabel("Thuộc ban chủ nhiệm").check();
    await form.getByRole("button", { name: "Lưu" }).click();
    await page.locator("[data-saved]").waitFor({ state: "visible", timeout: patiently.timeout });
    const row = page.locator("[data-list] li", { hasText: name });
    await row.waitFor({ timeout: patiently.timeout });
    // "Active" is computed: no activity recorded yet.
    expect(await row.textContent()).toContain("Không có hoạt động trong 6 tháng");
    expect(await row.textContent()).toContain("25 hộ · 1 thành viên");
    expect(await axeViolations(page, ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"])).toEqual([]);

    const download = page.waitForEvent("download");
    await page.getByRole("button", { name: "Tải CSV" }).click();
    expect((await download).suggestedFilename()).toMatch(/^mo-hinh-\d{5}\.csv$/);

    // Another tab saves first: this tab's save is stale (409), and the current record is loaded.
    await row.getByRole("button", { name: `Sửa: ${name}` }).click();
    const other = await signedIn(officer, "/can-bo/phong-ngua/mo-hinh/");
    await other
      .locator("[data-list] li", { hasText: name })
      .getByRole("button", { name: `Sửa: ${name}` })
      .click();
    await other.locator("#model-form").getByLabel("Số hộ gia đình tham gia").fill("30");
    await other.locator("#model-form").getByRole("button", { name: "Lưu" }).click();
    await other.locator("[data-saved]").waitFor({ state: "visible", timeout: patiently.timeout });
    await other.close();
    await form.getByLabel("Lịch sinh hoạt").fill("Hằng tháng");
    await form.getByRole("button", { name: "Lưu" }).click();
    await page.locator("[data-stale]").waitFor({ state: "visible", timeout: patiently.timeout });
    expect(await form.getByLabel("Số hộ gia đình tham gia").inputValue()).toBe("30");
    expect(await form.getByLabel("Họ tên").inputValue()).toBe("Phạm Thị Hoa");

    // Dissolving asks first; cancelled, nothing is sent; confirmed, it is saved.
    await form.getByLabel("Trạng thái", { exact: true }).selectOption("dissolved");
    await form.getByRole("button", { name: "Lưu" }).click();
    const confirm = page.locator('[data-confirm="dissolve"]');
    await confirm.waitFor({ state: "visible", timeout: patiently.timeout });
    await confirm.getByRole("button", { name: "Xác nhận" }).click();
    await page.locator("[data-saved]").waitFor({ state: "visible", timeout: patiently.timeout });
    await page.locator("[data-list] li", { hasText: name }).filter({ hasText: "Giải thể" }).waitFor({ timeout: patiently.timeout });
    await page.close();
  });

  it("courses: add one with a participant who completed it; the commune's staff count gives the trained share", async () => {
    const page = await signedIn(officer, "/can-bo/phong-ngua/tap-huan/");
    const form = page.locator("#course-form");
    const title = `Tập huấn kỹ năng hòa giải ${String(Date.now()).slice(-6)}`;
    const today = new Date().toISOString().slice(0, 10);
    await form.getByLabel("Tên lớp").fill(title);
    await form.getByLabel("Đơn vị tổ chức").fill("UBND xã");
    await form.getByLabel("Ngày bắt đầu").fill(today);
    await form.getByLabel("Ngày kết thúc").fill(today);
    await form.getByLabel("Nội dung").fill("Luật Phòng, chống bạo lực gia đình 2022");
    await form.getByLabel("Đối tượng").fill("Cán bộ xã");
    await form.getByRole("button", { name: "Thêm người tham gia" }).click();
    await form.getByLabel("Họ tên").fill("Nguyễn Văn An");
    await form.getByLabel("Đơn vị", { exact: true }).fill("UBND xã");
    await form.getByLabel("Chức vụ").fill("Công chức văn hóa – xã hội");
    await form.getByLabel("Giới tính").selectOption("male");
    await form.getByLabel("Xã, phường công tác").selectOption(communeOf(officer));
    await form.getByLabel("Đã hoàn thành").check();
    await form.getByLabel("Số chứng nhận").fill("CN-2026-001");
    await form.getByRole("button", { name: "Lưu" }).click();
    await page.locator("[data-saved]").waitFor({ state: "visible", timeout: patiently.timeout });
    const row = page.locator("[data-list] li", { hasText: title });
    await row.waitFor({ timeout: patiently.timeout });
    expect(await row.textContent()).toContain("1 người, 1 hoàn thành");
    expect(await axeViolations(page, ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"])).toEqual([]);

    await page.getByLabel("Số cán bộ của xã, phường").fill("1000");
    await page.locator("#staff-form").getByRole("button", { name: "Lưu" }).click();
    await page.locator("[data-staff-status]", { hasText: "Tỷ lệ được tập huấn" }).waitFor({ timeout: patiently.timeout });
    await page.close();
  });
});
