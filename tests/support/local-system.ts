import type { Page } from "playwright-core";
import { inject } from "vitest";
import { seededOfficerPassword, seededOfficers } from "../../functions/admin/local-officer-directory.ts";
import { loadProvince } from "../../infra/provinces/index.ts";
import { startApi } from "./local-api.ts";

/**
 * The whole local system as `npm start` runs it, for the browser tests: `startApi` with the built
 * site (tests/support/browser-setup.ts) and the OpenID provider with the demo officers.
 */
export async function startLocalSystem(provinceSlug = "ninh-binh", options: { idTokenTtlSeconds?: number } = {}) {
  const api = await startApi(provinceSlug, { siteDir: inject("siteDir"), logLevel: "ERROR", oidc: { progressiveDelay: false, ...options } });
  const province = loadProvince(provinceSlug);
  return {
    url: api.url,
    province,
    directory: api.directory,
    /** The DynamoDB Local document client, for tests that prepare records the way another domain would. */
    documents: api.documents,
    outboxDir: api.outboxDir,
    officers: seededOfficers(province),
    password: seededOfficerPassword,
    close: api.close,
  };
}

export type LocalSystem = Awaited<ReturnType<typeof startLocalSystem>>;

/**
 * Opens `path` (an officer page) in `page` as `email`: the page sends the browser to sign in, the
 * provider's form takes the demo password, and the officer lands back on `path` with its content
 * shown. What every browser test of the officer pages starts with.
 */
export async function signInAt(page: Page, system: LocalSystem, email: string, path: string): Promise<void> {
  await page.goto(`${system.url}${path}`);
  await page.waitForURL(/\/dang-nhap\//);
  await page.getByRole("button", { name: "Đăng nhập" }).click();
  await page.waitForURL(/\/oidc\//);
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel(/Mật khẩu/).fill(system.password);
  await page.getByRole("button", { name: /Đăng nhập/ }).click();
  await page.waitForURL(`${system.url}${path}`);
  await page.locator("[data-gate-content]").waitFor({ state: "visible" });
}
