import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { axeViolations, launchChromium, type OfficerTab, openTab, patiently, screenshot, spoilIdToken } from "../support/browser.ts";
import { type LocalSystem, startLocalSystem } from "../support/local-system.ts";

/**
 * Officer sign-in and sign-out in a real browser (headless Chromium) against the whole local
 * system: the built site, oidc-client-ts (Authorization Code + PKCE) and the local OpenID provider,
 * the real API verifying the ID token.
 */
let system: LocalSystem;
let browser: Browser;
const tabs: OfficerTab[] = [];

beforeAll(async () => {
  system = await startLocalSystem();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await system?.close();
});

async function newTab(viewport?: { width: number; height: number }): Promise<OfficerTab> {
  const tab = await openTab(browser, viewport);
  tabs.push(tab);
  return tab;
}

function officer(email: string) {
  const found = system.officers.find((candidate) => candidate.email === email);
  if (!found) throw new Error(`no seeded officer ${email}`);
  return found;
}

/** On the provider's sign-in page: types the e-mail and password and submits. */
async function enterPassword(page: Page, email: string): Promise<void> {
  await page.waitForURL(/\/oidc\//);
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel(/Mật khẩu/).fill(system.password);
  await page.getByRole("button", { name: /Đăng nhập/ }).click();
}

/** From the site's sign-in page: "Đăng nhập", then the provider's form unless it still remembers the officer. */
async function signInFromSite(page: Page, email: string): Promise<void> {
  await page.getByRole("button", { name: "Đăng nhập" }).click();
  await page.waitForURL((url) => url.pathname.startsWith("/oidc/") || url.pathname.startsWith("/can-bo/"));
  if (new URL(page.url()).pathname.startsWith("/oidc/")) await enterPassword(page, email);
}

function storageKeys(page: Page, which: "sessionStorage" | "localStorage"): Promise<string[]> {
  return page.evaluate((name) => Object.keys(window[name]), which);
}

describe("officer pages without a session", () => {
  it.each(["/can-bo/", "/can-bo/quan-tri/can-bo/", "/can-bo/quan-tri/nhat-ky/"])("%s sends the visitor to sign in, showing nothing first", async (path) => {
    const { page } = await newTab();
    // The content of an officer page is `hidden` in the HTML itself: nothing shows before the session check.
    const response = await page.request.get(`${system.url}${path}`);
    expect(await response.text()).toMatch(/<div data-gate-content hidden>/);
    await page.goto(`${system.url}${path}`);
    await page.waitForURL(`${system.url}/dang-nhap/?quay-lai=${encodeURIComponent(path)}`);
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent(), patiently).toBe("Đăng nhập dành cho cán bộ");
    expect(await page.locator("[data-expired]").isHidden()).toBe(true);
  });
});

describe("a commune officer", () => {
  const email = "canbo.xa1@pcblgd.local";

  it("signs in through the provider's page, sees the officer home with their name and commune, and signs out", async () => {
    const { page, problems } = await newTab();
    const me = officer(email);

    await page.goto(`${system.url}/can-bo/`);
    await page.waitForURL(/\/dang-nhap\/\?quay-lai=/);
    await screenshot(page, "sign-in-phone");
    await page.getByRole("button", { name: "Đăng nhập" }).click();
    await page.waitForURL(/\/oidc\//);
    await screenshot(page, "provider-sign-in-phone");
    await enterPassword(page, email);

    await page.waitForURL(`${system.url}/can-bo/`);
    const heading = page.getByRole("heading", { level: 1 });
    await expect.poll(() => heading.textContent(), patiently).toBe(`Xin chào, ${me.name}`);
    await expect.poll(() => page.locator('[data-me="jurisdiction"]').textContent(), patiently).toBe("Phường Phủ Lý");
    expect(await page.locator('[data-me="roles"]').textContent()).toBe("Cán bộ xã");
    expect(await page.locator("[data-officer-name]").textContent()).toBe(me.name);
    // A commune officer sees the work of their role, and no administration.
    expect(await page.locator('[data-work="reports"]').isVisible()).toBe(true);
    expect(await page.locator('[data-work="adminOfficers"]').isHidden()).toBe(true);
    expect(await page.getByRole("link", { name: "Quản lý cán bộ" }).count()).toBe(0);
    await screenshot(page, "officer-home-phone");
    expect(await axeViolations(page)).toEqual([]);

    // Tokens live in sessionStorage, never localStorage.
    expect((await storageKeys(page, "sessionStorage")).some((key) => key.startsWith("oidc.user:"))).toBe(true);
    expect(await storageKeys(page, "localStorage")).toEqual([]);

    await page.getByRole("button", { name: "Đăng xuất" }).click();
    await page.waitForURL(`${system.url}/dang-nhap/da-dang-xuat/`);
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent(), patiently).toBe("Bạn đã đăng xuất");
    expect(await storageKeys(page, "sessionStorage")).toEqual([]);

    // Signed out here and at the provider: the officer pages ask for sign-in, and the provider for the password.
    await page.goto(`${system.url}/can-bo/`);
    await page.waitForURL(/\/dang-nhap\/\?quay-lai=%2Fcan-bo%2F$/);
    await page.getByRole("button", { name: "Đăng nhập" }).click();
    await page.waitForURL(/\/oidc\//);
    expect(await page.getByLabel(/Mật khẩu/).isVisible()).toBe(true);
    expect(problems).toEqual([]);
  });

  it("goes back to sign-in when the stored session has expired", async () => {
    const { page } = await newTab();
    await page.goto(`${system.url}/dang-nhap/?quay-lai=%2Fcan-bo%2F`);
    await signInFromSite(page, email);
    await page.waitForURL(`${system.url}/can-bo/`);
    await expect.poll(() => page.locator("[data-officer-name]").textContent(), patiently).toBe(officer(email).name);

    await page.evaluate(() => {
      for (const key of Object.keys(sessionStorage).filter((name) => name.startsWith("oidc.user:"))) {
        const user = JSON.parse(sessionStorage.getItem(key) ?? "{}") as { expires_at?: number };
        user.expires_at = Math.floor(Date.now() / 1000) - 60;
        sessionStorage.setItem(key, JSON.stringify(user));
      }
    });
    await page.reload();
    await page.waitForURL(/\/dang-nhap\/\?quay-lai=%2Fcan-bo%2F&ly-do=het-han$/);
    expect(await page.locator("[data-expired]").isVisible()).toBe(true);
    // The spent session is forgotten, not kept around.
    expect((await storageKeys(page, "sessionStorage")).filter((key) => key.startsWith("oidc.user:"))).toEqual([]);
  });
});

describe("a session the API refuses while a form is being filled", () => {
  const email = "quantri@pcblgd.local";

  it("sends the officer to sign in and gives the form back afterwards", async () => {
    const { page, problems } = await newTab();
    await page.goto(`${system.url}/can-bo/quan-tri/can-bo/`);
    await page.waitForURL(/\/dang-nhap\//);
    await signInFromSite(page, email);
    await page.waitForURL(`${system.url}/can-bo/quan-tri/can-bo/`);
    const form = page.locator("#invite-form");
    await form.getByLabel("Thư điện tử").fill("nhap.do@pcblgd.local");
    await form.getByLabel("Họ và tên").fill("Vũ Thị Nháp");
    await form.getByLabel("Cán bộ xã", { exact: true }).check();
    await form.getByLabel("Một hoặc nhiều xã, phường").check();
    await form.getByLabel("Lọc danh sách xã, phường").fill("phu van");
    await form.getByLabel("Phường Phù Vân").check();

    // The token in this tab goes bad (expired, revoked, tampered with): the API answers 401.
    await spoilIdToken(page);
    await form.getByRole("button", { name: "Gửi lời mời" }).click();

    await page.waitForURL(`${system.url}/dang-nhap/?quay-lai=%2Fcan-bo%2Fquan-tri%2Fcan-bo%2F&ly-do=het-han`);
    expect(await page.locator("[data-expired]").isVisible()).toBe(true);
    // The draft waits in sessionStorage only.
    expect((await storageKeys(page, "sessionStorage")).filter((key) => key.startsWith("pcblgd.draft:"))).toEqual(["pcblgd.draft:/can-bo/quan-tri/can-bo/"]);
    expect(await storageKeys(page, "localStorage")).toEqual([]);
    await screenshot(page, "sign-in-expired-phone");
    expect(await axeViolations(page)).toEqual([]);

    await signInFromSite(page, email);
    await page.waitForURL(`${system.url}/can-bo/quan-tri/can-bo/`);
    await expect.poll(() => page.locator("[data-draft-notice]").isVisible(), patiently).toBe(true);
    expect(await form.getByLabel("Thư điện tử").inputValue()).toBe("nhap.do@pcblgd.local");
    expect(await form.getByLabel("Họ và tên").inputValue()).toBe("Vũ Thị Nháp");
    expect(await form.getByLabel("Cán bộ xã", { exact: true }).isChecked()).toBe(true);
    expect(await form.getByLabel("Một hoặc nhiều xã, phường").isChecked()).toBe(true);
    expect(await form.getByLabel("Phường Phù Vân").isChecked()).toBe(true);
    expect(await form.getByLabel("Phường Phù Vân").isVisible()).toBe(true);
    // Restored once: the draft is gone from storage.
    expect((await storageKeys(page, "sessionStorage")).filter((key) => key.startsWith("pcblgd.draft:"))).toEqual([]);
    await screenshot(page, "draft-restored-phone");
    expect(await axeViolations(page)).toEqual([]);
    // The invitation was never sent: nobody with that address exists.
    expect((await system.directory.list({ limit: 60 })).items.map((item) => item.email)).not.toContain("nhap.do@pcblgd.local");
    expect(problems.filter((problem) => !problem.includes("401"))).toEqual([]);
  });
});
