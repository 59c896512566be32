import { readFile } from "node:fs/promises";
import JSZip from "jszip";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { axeViolations, desktop, launchChromium, openTab, patiently, screenshot } from "../support/browser.ts";
import { type LocalSystem, signInAt, startLocalSystem } from "../support/local-system.ts";

/**
 * Oversight in a real browser against the whole local system: the province officer adopts a plan
 * and gives a task to two communes; a commune officer reports progress on theirs; an inspection of
 * that commune records a recommendation, which the commune marks done with evidence (a text and a
 * PDF uploaded through the page: start → PUT → confirm); the province sees the file listed and
 * downloads it through the API; the province
 * downloads the inspection report and the yearly report (both DOCX, parsed back here).
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

/** Clicks a download button and reads the DOCX it saves: the text of word/document.xml. */
async function downloadedDocx(page: Page, button: string): Promise<string> {
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: button }).click()]);
  const path = await download.path();
  const zip = await JSZip.loadAsync(await readFile(path));
  return ((await zip.file("word/document.xml")?.async("string")) ?? "").replace(/<[^>]+>/g, "");
}

/** The demo officers' communes: "xã 1" and "xã 2" are the province file's two lowest codes. */
const communes = () => system.province.communes.map((commune) => commune.code).sort() as [string, string];

const stamp = Date.now().toString(36);
const planTitle = `Kế hoạch thực hiện Chỉ thị 08 (e2e ${stamp})`;
const taskTitle = `Rà soát địa chỉ tin cậy ${stamp}`;
const inspectionTitle = `Kiểm tra Luật PCBLGĐ ${stamp}`;
const recommendationText = `Công khai số đường dây nóng ${stamp}`;
const lateRecommendationText = `Niêm yết quy trình tiếp nhận tin báo ${stamp}`;
const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Ho_Chi_Minh" }).format(new Date());
const year = today.slice(0, 4);
/** A small PDF made here: the API checks the first bytes against the declared type. */
const evidencePdf = Buffer.from(`%PDF-1.4\n% bien ban niem yet ${stamp}\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n`, "latin1");
const evidenceName = "Biên bản niêm yết.pdf";
const yesterday = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Ho_Chi_Minh" }).format(new Date(Date.now() - 24 * 3600_000));

describe("the province plan, an inspection and the yearly report", () => {
  it("the province officer adopts a plan and gives a task to two communes", async () => {
    const { page, problems, close } = await signedIn("canbo.tinh@pcblgd.local", "/can-bo/giam-sat/");
    await page.locator("[data-oversight-hub]").waitFor({ state: "visible" });
    await page.getByText("Thêm kế hoạch").click();
    const form = page.locator("#plan-form");
    await form.getByLabel("Tên kế hoạch").fill(planTitle);
    await form.getByLabel("Từ ngày").fill(`${year}-01-01`);
    await form.getByLabel("Đến ngày").fill(`${year}-12-31`);
    await form.getByRole("button", { name: "Lưu" }).click();
    await page.waitForURL(/\/can-bo\/giam-sat\/chi-tiet\/\?ke-hoach=/);
    await expect.poll(() => page.locator("[data-record-title]").textContent(), patiently).toBe(planTitle);

    // The adopting decision as a file: uploaded through the page, then listed with its download.
    const documentForm = page.locator("#plan-file-form");
    await documentForm.getByRole("button", { name: "Tải văn bản lên" }).click();
    await expect.poll(() => documentForm.locator('[data-error-for="file"]').textContent(), patiently).toBe("Hãy chọn một tệp.");
    await documentForm
      .getByLabel("Văn bản ban hành kế hoạch (tệp)")
      .setInputFiles({ name: "QĐ ban hành kế hoạch.pdf", mimeType: "application/pdf", buffer: evidencePdf });
    await documentForm.getByRole("button", { name: "Tải văn bản lên" }).click();
    await page.locator("[data-files]").getByRole("button", { name: "Tải về: QĐ ban hành kế hoạch.pdf" }).waitFor({ state: "visible" });

    const tasks = page.locator("#task-form");
    // Nothing filled in: told what to fix, next to the field.
    await tasks.getByRole("button", { name: "Giao nhiệm vụ" }).click();
    await tasks.locator("[data-error-summary]").waitFor({ state: "visible" });
    await tasks.getByLabel("Nhóm nhiệm vụ").selectOption("prevention");
    await tasks.getByLabel("Nhiệm vụ", { exact: true }).fill(taskTitle);
    await tasks.getByLabel("Xã, phường", { exact: true }).selectOption([communes()[0], communes()[1]]);
    await tasks.getByLabel("Thời hạn").fill(`${year}-12-20`);
    await tasks.getByRole("button", { name: "Giao nhiệm vụ" }).click();
    await expect.poll(() => page.locator("[data-plan-tasks] li").count(), patiently).toBe(2);
    expect(await page.locator("[data-plan-tasks]").textContent()).toContain("Phường Phủ Lý");
    await screenshot(page, "oversight-plan");
    expect(await axeViolations(page)).toEqual([]);
    // The one refused request is the empty form the officer was told about.
    expect(problems.filter((problem) => !/400.*\/tasks/.test(problem))).toEqual([]);
    await close();
  });

  it("a commune officer reports progress on the commune's task", async () => {
    const { page, problems, close } = await signedIn("canbo.xa1@pcblgd.local", "/can-bo/giam-sat/");
    const task = page.locator("[data-work-tasks]").getByRole("link", { name: new RegExp(taskTitle) });
    await task.waitFor({ state: "visible" });
    await task.click();
    await page.waitForURL(/\?nhiem-vu=/);
    const form = page.locator("#progress-form");
    await form.waitFor({ state: "visible" });
    await form.getByLabel("Tình trạng").selectOption("done");
    await form.getByLabel("Kết quả thực hiện").fill("Đã rà soát 12 địa chỉ tin cậy, cập nhật số điện thoại.");
    await form.getByLabel("Văn bản kèm theo (số, ngày)").fill("Báo cáo số 15/BC-UBND");
    await form.getByRole("button", { name: "Gửi báo cáo" }).click();
    await expect.poll(() => page.locator("[data-progress]").textContent(), patiently).toContain("Đã rà soát 12 địa chỉ tin cậy");
    expect(await page.locator("[data-record-facts]").textContent()).toContain("Đã hoàn thành");
    expect(await axeViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
    await close();
  });

  it("the province inspects the commune and records a recommendation", async () => {
    const { page, problems, close } = await signedIn("canbo.tinh@pcblgd.local", "/can-bo/giam-sat/");
    await page.locator("[data-oversight-hub]").waitFor({ state: "visible" });
    await page.getByText("Thêm đợt kiểm tra").click();
    const form = page.locator("#inspection-form");
    await form.getByLabel("Tên đợt kiểm tra").fill(inspectionTitle);
    await form.locator("#inspection-decision-number").fill("25/QĐ-SVHTTDL");
    await form.getByLabel("Ngày quyết định").fill(today);
    await form.getByLabel("Cơ quan, người ký").fill("Giám đốc Sở VHTTDL");
    await form.getByLabel(/Thành viên đoàn/).fill("Trần Văn Kiểm – Trưởng đoàn\nLê Thị Tra – Thành viên");
    await form.getByLabel("Xã, phường được kiểm tra").selectOption([communes()[0]]);
    await form.getByLabel("Từ ngày").fill(`${year}-01-01`);
    await form.getByLabel("Đến ngày").fill(today);
    await form.getByLabel("Ngày bắt đầu kiểm tra").fill(today);
    await form.getByLabel("Ngày kết thúc kiểm tra").fill(today);
    await form.getByRole("button", { name: "Lưu" }).click();
    await page.waitForURL(/\?kiem-tra=/);

    const unit = page.locator(`form[data-unit="${communes()[0]}"]`);
    await unit.waitFor({ state: "visible" });
    await unit
      .getByRole("group", { name: /ban hành kế hoạch/ })
      .getByLabel("Đạt", { exact: true })
      .check();
    await unit.getByLabel("Ưu điểm").fill("Kế hoạch ban hành đúng hạn.");
    await unit.getByLabel("Hạn chế").fill("Đường dây nóng chưa công khai ở các thôn.");
    await unit.getByRole("button", { name: "Lưu kết quả" }).click();
    await expect.poll(() => page.locator("[data-saved]").textContent(), patiently).toBe("Đã lưu.");

    const recommendation = page.locator("#recommendation-form");
    await recommendation.getByLabel("Nội dung kiến nghị").fill(recommendationText);
    await recommendation.getByLabel("Thời hạn").fill(`${year}-12-31`);
    await recommendation.getByRole("button", { name: "Thêm kiến nghị" }).click();
    await expect.poll(() => page.locator("[data-recommendations]").textContent(), patiently).toContain(recommendationText);
    // A second one already past its due day: the commune's home and the province dashboard flag it.
    await recommendation.getByLabel("Nội dung kiến nghị").fill(lateRecommendationText);
    await recommendation.getByLabel("Thời hạn").fill(yesterday);
    await recommendation.getByRole("button", { name: "Thêm kiến nghị" }).click();
    await expect.poll(() => page.locator("[data-recommendations]").textContent(), patiently).toContain(lateRecommendationText);
    expect(await axeViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
    await close();
  });

  it("the commune marks the recommendation done, with evidence", async () => {
    const { page, problems, close } = await signedIn("canbo.xa1@pcblgd.local", "/can-bo/giam-sat/");
    const item = page.locator("[data-work-recommendations]").getByRole("link", { name: new RegExp(recommendationText) });
    await item.waitFor({ state: "visible" });
    await item.click();
    await page.waitForURL(/\?kien-nghi=/);
    const form = page.locator("#follow-up-form");
    await form.waitFor({ state: "visible" });
    await form.getByLabel("Tình trạng").selectOption("done");
    // Done without evidence is refused, next to the field.
    await form.getByRole("button", { name: "Cập nhật" }).click();
    await expect.poll(() => form.locator('[data-error-for="evidence"]').textContent(), patiently).toContain("bằng chứng");
    await form.getByLabel("Bằng chứng đã thực hiện").fill("Bảng tin 9 thôn đã niêm yết số 0229.3871.113");
    // The allowed types and size are shown; a type the API does not take is refused next to the field, before anything is sent.
    expect(await form.locator('[data-field="file"] .hint').textContent()).toBe("PDF, JPG, PNG hoặc DOCX, tối đa 4 MB.");
    const file = form.getByLabel("Tệp bằng chứng (không bắt buộc)");
    await file.setInputFiles({ name: "ghi-chu.txt", mimeType: "text/plain", buffer: Buffer.from("không phải PDF") });
    await form.getByRole("button", { name: "Cập nhật" }).click();
    await expect.poll(() => form.locator('[data-error-for="file"]').textContent(), patiently).toBe("Chỉ nhận tệp PDF, JPG, PNG hoặc DOCX.");
    await file.setInputFiles({ name: evidenceName, mimeType: "application/pdf", buffer: evidencePdf });
    await form.getByRole("button", { name: "Cập nhật" }).click();
    await expect.poll(() => page.locator("[data-follow-ups]").textContent(), patiently).toContain("Bảng tin 9 thôn");
    // The follow-up cites the uploaded file, and the record lists it.
    expect(await page.locator("[data-follow-ups]").textContent()).toContain(evidenceName);
    expect(await page.locator("[data-files]").textContent()).toContain(evidenceName);
    expect(await form.locator("[data-upload-state]").textContent()).toBe(`Đã tải lên: ${evidenceName}`);
    expect(await page.locator("[data-record-facts]").textContent()).toContain("Đã thực hiện");
    // The one refused request is the one the officer was told about (done without evidence), nothing else.
    expect(problems.filter((problem) => !/400.*\/follow-up/.test(problem))).toEqual([]);
    expect(problems.some((problem) => problem.startsWith("HTTP 400"))).toBe(true);
    await close();
  });

  it("the province officer sees the commune's evidence file and downloads it", async () => {
    const { page, problems, close } = await signedIn("canbo.tinh@pcblgd.local", "/can-bo/giam-sat/");
    const inspection = page.locator("[data-inspections]").getByRole("link", { name: new RegExp(inspectionTitle) });
    await inspection.waitFor({ state: "visible" });
    await inspection.click();
    const item = page.locator("[data-recommendations]").getByRole("link", { name: new RegExp(recommendationText) });
    await item.waitFor({ state: "visible" });
    await item.click();
    await page.waitForURL(/\?kien-nghi=/);
    const button = page.locator("[data-files]").getByRole("button", { name: `Tải về: ${evidenceName}` });
    await button.waitFor({ state: "visible" });
    const [download] = await Promise.all([page.waitForEvent("download"), button.click()]);
    expect(download.suggestedFilename()).toBe(evidenceName);
    expect(Buffer.compare(await readFile(await download.path()), evidencePdf)).toBe(0);
    expect(await axeViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
    await close();
  });

  it("the overdue recommendation is flagged on the commune officer's home and on the province dashboard", async () => {
    const commune = await signedIn("canbo.xa1@pcblgd.local", "/can-bo/");
    const due = commune.page.locator("[data-oversight-due]");
    await due.waitFor({ state: "visible" });
    const overdue = due.locator('[data-due="overdueRecommendations"]');
    await expect.poll(async () => Number(await overdue.locator("[data-due-count]").textContent()), patiently).toBeGreaterThanOrEqual(1);
    expect(await due.locator('[data-due="dueSoon"]').isVisible()).toBe(true);
    expect(await axeViolations(commune.page)).toEqual([]);
    // The count opens the commune's list, where the late recommendation is marked overdue.
    await overdue.getByRole("link").click();
    await commune.page.waitForURL(/\/can-bo\/giam-sat\/#commune-heading$/);
    const late = commune.page.locator("[data-work-recommendations] li", { hasText: lateRecommendationText });
    await late.waitFor({ state: "visible" });
    expect(await late.textContent()).toContain("Quá hạn");
    expect(commune.problems).toEqual([]);
    await commune.close();

    const province = await signedIn("canbo.tinh@pcblgd.local", "/can-bo/thong-ke/");
    const card = province.page.locator('[data-oversight-due] [data-due="overdueRecommendations"]');
    await card.waitFor({ state: "visible" });
    await expect.poll(async () => Number(await card.locator("[data-due-count]").textContent()), patiently).toBeGreaterThanOrEqual(1);
    // Province-wide, only what is already overdue.
    expect(await province.page.locator('[data-oversight-due] [data-due="dueSoon"]').isHidden()).toBe(true);
    await card.getByRole("link").click();
    await province.page.waitForURL(/\/can-bo\/giam-sat\/#overdue-heading$/);
    await expect.poll(() => province.page.locator("[data-overdue]").textContent(), patiently).toContain(lateRecommendationText);
    expect(await axeViolations(province.page)).toEqual([]);
    expect(province.problems).toEqual([]);
    await province.close();
  });

  it("the province downloads the inspection report and drafts the yearly report", async () => {
    const { page, problems, close } = await signedIn("canbo.tinh@pcblgd.local", "/can-bo/giam-sat/");
    const inspection = page.locator("[data-inspections]").getByRole("link", { name: new RegExp(inspectionTitle) });
    await inspection.waitFor({ state: "visible" });
    await inspection.click();
    await page.waitForURL(/\?kiem-tra=/);
    await page.locator(`form[data-unit="${communes()[0]}"]`).waitFor({ state: "visible" });
    const report = await downloadedDocx(page, "Tải báo cáo kết quả kiểm tra (DOCX)");
    const headings = ["I. THÀNH PHẦN ĐOÀN KIỂM TRA", "II. ĐƠN VỊ ĐƯỢC KIỂM TRA", "III. NỘI DUNG VÀ KẾT QUẢ KIỂM TRA", "IV. KIẾN NGHỊ"];
    const positions = headings.map((heading) => report.indexOf(heading));
    expect(positions.every((position) => position >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(report).toContain("25/QĐ-SVHTTDL");
    expect(report).toContain(recommendationText);
    expect(report).toContain("Đường dây nóng chưa công khai");

    await page.goto(`${system.url}/can-bo/giam-sat/bao-cao-nam/`);
    const form = page.locator("#yearly-form");
    await form.waitFor({ state: "visible" });
    await expect.poll(() => page.locator("[data-figures] li").count(), patiently).toBeGreaterThan(3);
    const intro = `Năm ${year}, tỉnh triển khai đồng bộ các nhiệm vụ (${stamp}).`;
    await form.getByLabel("Mở đầu").fill(intro);
    await form.getByRole("button", { name: "Lưu" }).click();
    await expect.poll(() => page.locator("[data-saved]").textContent(), patiently).toBe("Đã lưu.");
    const yearly = await downloadedDocx(page, "Tải dự thảo báo cáo (DOCX)");
    const sections = ["I. LÃNH ĐẠO, CHỈ ĐẠO VÀ KIỂM TRA", "II. TUYÊN TRUYỀN", "III. PHÒNG NGỪA", "IV. CAN THIỆP", "V. THI ĐUA, KHEN THƯỞNG"];
    const order = sections.map((heading) => yearly.indexOf(heading));
    expect(order.every((position) => position >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(yearly).toContain(intro);
    expect(yearly).toContain(taskTitle);
    expect(yearly).toContain(inspectionTitle);
    expect(yearly).toMatch(/Nhiệm vụ của kế hoạch đã hoàn thành \(trên tổng số \d+\): \d+ nhiệm vụ/);
    // The statistics and registers' figures are pulled (numbers, never "no data").
    expect(yearly).toMatch(/Số vụ bạo lực gia đình: \d+ vụ/);
    expect(yearly).toMatch(/Lượt người tham dự: \d+ lượt người \(trong đó: nam \d+; nữ \d+\)/);
    expect(yearly).not.toContain("chưa có dữ liệu");
    await screenshot(page, "oversight-yearly");
    expect(await axeViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
    await close();
  });
});
