import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tinyPdf } from "../support/access-matrix/commendations.ts";
import { axeViolations, desktop, launchChromium, openTab, patiently, screenshot } from "../support/browser.ts";
import { type LocalSystem, signInAt, startLocalSystem } from "../support/local-system.ts";

/**
 * The commendation workflow in a real browser against the whole local system: the province admin
 * opens a cycle; a commune officer writes a nomination, attaches evidence (uploaded to the local
 * stand-in of the presigned address) and submits it; the council member records the meeting and
 * the vote and approves; the province officer appraises; the admin records the decision and
 * publishes it; the award (with the nominee's consent, so with their name) is on the honour roll.
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

async function signedIn(email: string, path: string): Promise<{ page: Page; problems: string[]; close: () => Promise<void> }> {
  const { context, page, problems } = await openTab(browser, desktop);
  await signInAt(page, system, email, path);
  return { page, problems, close: () => context.close() };
}

const cycleName = `Khen thưởng năm ${new Date().getFullYear()} (e2e)`;
const nominee = `Lương Thị Hạnh ${Date.now().toString(36)}`;
let detailPath = "";

async function statusTag(page: Page): Promise<string | null> {
  return page.locator('[data-nomination] [data-f="status"]').textContent();
}

describe("a nomination from the commune to the honour roll", () => {
  it("the province admin opens a cycle", async () => {
    const { page, problems, close } = await signedIn("quantri@pcblgd.local", "/can-bo/khen-thuong/");
    const form = page.locator("#cycle-form");
    await form.getByLabel("Tên đợt").fill(cycleName);
    await form.getByLabel("Hạn gửi đề nghị").fill("2099-12-31");
    await form.getByRole("button", { name: "Mở đợt" }).click();
    await expect.poll(() => form.locator("[data-cycle-status]").textContent(), patiently).toBe(`Đã mở đợt “${cycleName}”.`);
    expect(await page.locator("#filter-cycle option:checked").textContent()).toBe(cycleName);
    await expect.poll(() => page.locator("[data-list-status]").textContent(), patiently).toBe("Không có hồ sơ nào khớp với bộ lọc.");
    await screenshot(page, "commendations-list-admin");
    expect(await axeViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
    await close();
  });

  it("a commune officer writes the nomination, attaches evidence and submits it", async () => {
    const { page, problems, close } = await signedIn("canbo.xa1@pcblgd.local", "/can-bo/khen-thuong/");
    await expect.poll(() => page.locator("#filter-cycle option:checked").textContent(), patiently).toBe(cycleName);
    await page.getByRole("link", { name: "Tạo hồ sơ đề nghị" }).click();
    await page.waitForURL(/\/can-bo\/khen-thuong\/de-nghi\//);
    const form = page.locator("#nomination-form");
    await form.waitFor({ state: "visible" });
    expect(await form.locator("#nomination-cycle option:checked").textContent()).toBe(cycleName);
    // Nothing filled in: told what to fix, next to each field.
    await form.getByRole("button", { name: "Lưu hồ sơ" }).click();
    await form.locator("[data-error-summary]").waitFor({ state: "visible" });
    expect(await form.getByLabel("Họ tên / tên tập thể / chủ hộ").getAttribute("aria-invalid")).toBe("true");
    expect(await axeViolations(page)).toEqual([]);

    await form.getByLabel("Họ tên / tên tập thể / chủ hộ").fill(nominee);
    await form.getByLabel("Đơn vị công tác hoặc địa chỉ").fill("Chi hội Phụ nữ tổ dân phố 3");
    await form.getByLabel("Chức vụ (nếu có)").fill("Chi hội trưởng");
    await form.getByLabel("Sơ lược lý lịch / đặc điểm, tình hình").fill("Chi hội trưởng từ năm 2018.");
    await form.getByLabel("Thành tích đạt được").fill("Hòa giải thành 9 vụ mâu thuẫn gia đình; không để xảy ra bạo lực gia đình tái diễn.");
    await form.getByLabel("Các giải pháp, biện pháp đã thực hiện").fill("Sinh hoạt câu lạc bộ hằng tháng; phối hợp công an phường.");
    await form.getByLabel("Hình thức khen thưởng", { exact: true }).selectOption("giay-khen");
    await form.getByLabel("Cấp khen thưởng").selectOption("commune-chair");
    await form.getByLabel(/đã đồng ý để tên mình được đăng/).check();
    await form.getByRole("button", { name: "Lưu hồ sơ" }).click();
    await page.waitForURL(/\/can-bo\/khen-thuong\/ho-so\/\?id=/);
    detailPath = new URL(page.url()).pathname + new URL(page.url()).search;
    await expect.poll(() => statusTag(page), patiently).toBe("Nháp");

    const upload = page.locator("#upload-form");
    await upload.getByLabel(/Chọn tệp/).setInputFiles({ name: "Biên bản hòa giải.pdf", mimeType: "application/pdf", buffer: tinyPdf });
    await upload.getByRole("button", { name: "Tải tệp lên" }).click();
    await expect.poll(() => page.locator("[data-page-status]").textContent(), patiently).toBe("Đã thêm tệp “Biên bản hòa giải.pdf”.");
    expect(await page.locator("[data-files]").textContent()).toContain("Biên bản hòa giải.pdf");

    await page.getByRole("button", { name: "Gửi đề nghị" }).click();
    await expect.poll(() => statusTag(page), patiently).toBe("Đã gửi (chờ Hội đồng xét)");
    expect(await page.locator("[data-history]").textContent()).toContain("Gửi đề nghị");
    await screenshot(page, "commendations-submitted");
    expect(await axeViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
    await close();
  });

  it("the council member records the meeting and the vote, and approves", async () => {
    const { page, problems, close } = await signedIn("hoidong@pcblgd.local", detailPath);
    await expect.poll(() => statusTag(page), patiently).toBe("Đã gửi (chờ Hội đồng xét)");
    const form = page.locator("#council-form");
    await form.getByLabel("Ngày họp").fill(new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Ho_Chi_Minh" }).format(new Date()));
    await form.getByLabel("Tổng số thành viên Hội đồng").fill("9");
    await form.getByLabel("Số thành viên có mặt").fill("8");
    await form.getByLabel("Số phiếu đồng ý").fill("7");
    await form.getByLabel("Số phiếu không đồng ý").fill("1");
    await form.getByLabel("Số không biểu quyết").fill("0");
    await form.getByLabel("Thông qua", { exact: true }).check();
    expect(await axeViolations(page)).toEqual([]);
    await form.getByRole("button", { name: "Ghi kết quả họp" }).click();
    await expect.poll(() => statusTag(page), patiently).toBe("Hội đồng đã thông qua (chờ thẩm định)");
    expect(await page.locator("[data-outcomes]").textContent()).toContain("có mặt 8/9; đồng ý 7");
    // The evidence downloads as a file, never shown inline.
    const download = page.waitForEvent("download");
    await page.getByRole("button", { name: /Tải về: Biên bản hòa giải\.pdf/ }).click();
    expect((await download).suggestedFilename()).toBe("Biên bản hòa giải.pdf");
    expect(problems).toEqual([]);
    await close();
  });

  it("the province officer appraises it", async () => {
    const { page, problems, close } = await signedIn("canbo.tinh@pcblgd.local", detailPath);
    await expect.poll(() => statusTag(page), patiently).toBe("Hội đồng đã thông qua (chờ thẩm định)");
    const form = page.locator("#appraisal-form");
    await form.getByLabel("Thẩm định đạt").check();
    await form.getByRole("button", { name: "Ghi kết quả thẩm định" }).click();
    await expect.poll(() => statusTag(page), patiently).toBe("Đã thẩm định (chờ quyết định)");
    expect(problems).toEqual([]);
    await close();
  });

  it("the province admin records the decision and publishes it", async () => {
    const { page, problems, close } = await signedIn("quantri@pcblgd.local", detailPath);
    await expect.poll(() => statusTag(page), patiently).toBe("Đã thẩm định (chờ quyết định)");
    const form = page.locator("#decision-form");
    await form.getByLabel("Số quyết định").fill("127/QĐ-UBND");
    await form.getByLabel("Ngày ký").fill(new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Ho_Chi_Minh" }).format(new Date()));
    await form.getByLabel("Người ký").fill("Chủ tịch UBND phường Phủ Lý");
    await form.getByRole("button", { name: "Ghi quyết định" }).click();
    await expect.poll(() => statusTag(page), patiently).toBe("Đã có quyết định khen thưởng");
    await page.getByRole("button", { name: "Công bố trên trang vinh danh" }).click();
    await expect.poll(() => statusTag(page), patiently).toBe("Đã công bố");
    const steps = await page.locator("[data-history] li").allTextContents();
    expect(steps.map((step) => step.split(" — ")[1])).toEqual([
      "Tạo hồ sơ đề nghị",
      "Thêm tệp minh chứng",
      "Gửi đề nghị",
      "Hội đồng biểu quyết thông qua",
      "Thẩm định đạt",
      "Ghi quyết định khen thưởng",
      "Công bố trên trang vinh danh",
    ]);
    await screenshot(page, "commendations-published");
    expect(await axeViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
    await close();
  });

  it("the award is on the public honour roll, with the name the nominee agreed to show", async () => {
    const { context, page, problems } = await openTab(browser, desktop);
    await page.goto(`${system.url}/vinh-danh/`);
    const item = page.locator("[data-honour-list] li", { hasText: nominee });
    await item.waitFor({ state: "visible", timeout: patiently.timeout });
    expect(await item.textContent()).toContain("127/QĐ-UBND");
    expect(await item.textContent()).toContain("Phường Phủ Lý");
    expect(await axeViolations(page)).toEqual([]);
    await page.goto(`${system.url}/en/honour-roll/`);
    await page.locator("[data-honour-list] li", { hasText: nominee }).waitFor({ state: "visible", timeout: patiently.timeout });
    expect(await page.locator("[data-honour-list] li", { hasText: nominee }).textContent()).toContain("Decision No. 127/QĐ-UBND");
    expect(problems).toEqual([]);
    await context.close();
  });
});
