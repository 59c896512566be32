import { randomUUID } from "node:crypto";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { axeViolations, desktop, launchChromium, openTab, patiently } from "../support/browser.ts";
import { type LocalSystem, signInAt, startLocalSystem } from "../support/local-system.ts";

/**
 * Officers in bulk in a real browser: the province admin checks a file with a bad row (its error
 * shown, no send button), then a valid file, confirms, and watches the invitations go out.
 */
let system: LocalSystem;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  system = await startLocalSystem();
  browser = await launchChromium();
  ({ page } = await openTab(browser, desktop));
  await signInAt(page, system, "quantri@pcblgd.local", "/can-bo/quan-tri/can-bo/");
});

afterAll(async () => {
  await browser?.close();
  await system?.close();
});

const header = "email,ho_ten / name,vai_tro / roles,xa_phuong / communes";
const section = () => page.getByRole("region", { name: "Nhập cán bộ hàng loạt / Import officers in bulk" });

async function check(csv: string): Promise<void> {
  await section()
    .getByLabel("Tệp đã điền (.csv, .xlsx) / Filled-in file")
    .setInputFiles({ name: "can-bo.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  const answered = page.waitForResponse((response) => response.url().endsWith("/api/admin/officers/import"));
  await section().getByRole("button", { name: "Kiểm tra tệp / Check the file" }).click();
  await answered;
}

describe("importing officers", () => {
  it("offers the template and shows each bad row's error without offering to send", async () => {
    expect(await section().getByRole("link", { name: "tệp mẫu (CSV)" }).getAttribute("href")).toBe("/mau/nhap-can-bo.csv");
    await check(
      [header, `nhap-${randomUUID().slice(0, 8)}@pcblgd.test,Cán bộ tốt,commune-officer,phu ly`, "sai-email,Cán bộ sai,commune-officer,phu ly"].join("\n"),
    );
    const rows = section().locator("[data-import-rows] tbody tr");
    await expect.poll(() => rows.count(), patiently).toBe(2);
    expect(await rows.nth(1).textContent()).toContain("sai-email");
    expect(await rows.nth(1).getAttribute("class")).toBe("row-error");
    expect(await section().locator("[data-import-summary]").textContent()).toContain("1 dòng có lỗi");
    expect(await section().getByRole("button", { name: "Gửi lời mời / Send the invitations" }).isVisible()).toBe(false);
    expect(await axeViolations(page)).toEqual([]);
  });

  it("invites a valid file after confirmation, with progress", async () => {
    const emails = [`nhap-${randomUUID().slice(0, 8)}@pcblgd.test`, `nhap-${randomUUID().slice(0, 8)}@pcblgd.test`];
    await check([header, `${emails[0]},Cán bộ Một,commune-officer,phu ly`, `${emails[1]},Cán bộ Hai,province-officer,toàn tỉnh`].join("\n"));
    const send = section().getByRole("button", { name: "Gửi lời mời / Send the invitations" });
    await send.waitFor({ state: "visible" });
    await send.click();
    await section().getByRole("button", { name: "Gửi / Send", exact: true }).click();
    await expect.poll(() => section().locator("[data-import-summary]").textContent(), patiently).toContain("Đã mời 2 cán bộ");
    expect(await section().locator("[data-import-progress-text]").textContent()).toContain("2/2");
  });
});
