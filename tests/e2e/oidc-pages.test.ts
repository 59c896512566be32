import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { localWebClientId, signInRedirectPath } from "../../shared/auth-config.ts";
import { axeViolations, launchChromium, type OfficerTab, openTab } from "../support/browser.ts";
import { type LocalSystem, startLocalSystem } from "../support/local-system.ts";
import { pkcePair } from "../support/oidc-login.ts";

/**
 * The local OpenID provider's own pages in Chromium, under the site's CSP: axe finds nothing
 * (WCAG 2.2 A/AA, best practices), errors are announced and focusable fields labelled, and no
 * script or style is refused by the CSP.
 */
/** What the CSP refused (4xx answers of a wrong password are expected here; the site's callback is not under test). */
function cspProblems(problems: string[]): string[] {
  return problems.filter((problem) => /Content Security Policy|Refused to/i.test(problem));
}

let system: LocalSystem;
let browser: Browser;
const tabs: OfficerTab[] = [];

beforeAll(async () => {
  system = await startLocalSystem();
  browser = await launchChromium();
});
afterAll(async () => {
  for (const tab of tabs) await tab.context.close();
  await browser?.close();
  await system?.close();
});

async function signInPage(): Promise<OfficerTab> {
  const tab = await openTab(browser);
  tabs.push(tab);
  const url = new URL(`${system.url}/oidc/auth`);
  url.search = new URLSearchParams({
    client_id: localWebClientId,
    response_type: "code",
    redirect_uri: `${system.url}${signInRedirectPath}`,
    scope: "openid email profile",
    state: "s",
    code_challenge: pkcePair().challenge,
    code_challenge_method: "S256",
  }).toString();
  await tab.page.goto(url.href);
  await tab.page.waitForURL(/\/oidc\/interaction\//);
  return tab;
}

describe("the local provider's pages", () => {
  it("sign-in: accessible, and a wrong password is announced on the fields", async () => {
    const { page, problems } = await signInPage();
    expect(await axeViolations(page)).toEqual([]);
    await page.getByLabel("E-mail").fill("canbo.xa1@pcblgd.local");
    await page.getByLabel(/Mật khẩu/).fill("Sai-mat-khau#2026");
    await page.getByRole("button", { name: /Đăng nhập/ }).click();
    await expect.poll(() => page.getByRole("alert").textContent()).toContain("E-mail hoặc mật khẩu không đúng");
    expect(await page.getByLabel(/Mật khẩu/).getAttribute("aria-invalid")).toBe("true");
    expect(await axeViolations(page)).toEqual([]);
    expect(cspProblems(problems)).toEqual([]);
  });

  it("new password of an invited officer: accessible, the rules described on the field", async () => {
    const email = `moi.${String(Date.now())}@pcblgd.test`;
    await system.directory.create({
      email,
      name: "Cán bộ mới",
      roles: ["commune-officer"],
      jurisdiction: { kind: "communes", communes: ["13285"] },
      password: "Tam-thoi#2026-ab",
      mustChangePassword: true,
    });
    const { page, problems } = await signInPage();
    await page.getByLabel("E-mail").fill(email);
    await page.getByLabel(/Mật khẩu/).fill("Tam-thoi#2026-ab");
    await page.getByRole("button", { name: /Đăng nhập/ }).click();
    await page.getByRole("heading", { name: /Đặt mật khẩu mới/ }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.getByLabel(/^Mật khẩu mới/).fill("ngan");
    await page.getByLabel(/Nhập lại/).fill("ngan");
    // The browser's own minlength check would stop the form: submit past it, as an old browser would.
    await page.locator("form").evaluate((form) => form.setAttribute("novalidate", ""));
    await page.getByRole("button", { name: /Lưu và đăng nhập/ }).click();
    await expect.poll(() => page.getByRole("alert").textContent()).toContain("ít nhất 12 ký tự");
    expect(await axeViolations(page)).toEqual([]);
    await page.getByLabel(/^Mật khẩu mới/).fill("Mat-khau-moi#2026");
    await page.getByLabel(/Nhập lại/).fill("Mat-khau-moi#2026");
    await page.getByRole("button", { name: /Lưu và đăng nhập/ }).click();
    await page.waitForURL((url) => url.pathname.startsWith("/dang-nhap/callback/") || url.pathname.startsWith("/can-bo/"));
    expect(cspProblems(problems)).toEqual([]);
  });

  it("sign-out without the site's ID token asks first, accessibly, then confirms", async () => {
    const { page, problems } = await signInPage();
    await page.getByLabel("E-mail").fill("canbo.xa2@pcblgd.local");
    await page.getByLabel(/Mật khẩu/).fill(system.password);
    await page.getByRole("button", { name: /Đăng nhập/ }).click();
    await page.waitForURL((url) => !url.pathname.startsWith("/oidc/"));
    await page.goto(`${system.url}/oidc/session/end`);
    await page.getByRole("heading", { name: /Đăng xuất/ }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole("button", { name: /^Đăng xuất/ }).click();
    await page.getByRole("heading", { name: /Đã đăng xuất/ }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    expect(cspProblems(problems)).toEqual([]);
  });
});
