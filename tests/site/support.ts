/// <reference lib="dom" />
/**
 * What the public-site browser tests share: the built site served by the project's own local
 * server (the real CSP and headers), one Chromium per file, and tabs that never reach the network:
 * the quick exit's third-party target is answered locally, any other outside request is refused
 * and recorded, and CSP violations and page errors are collected.
 */
import { readdirSync } from "node:fs";
import { join, relative, sep } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { inject } from "vitest";
import { startLocalServer } from "../../infra/local/server.ts";
import { quickExitUrl } from "../../web/src/i18n.ts";
import { launchChromium, phone } from "../support/browser.ts";

export interface SiteUnderTest {
  browser: Browser;
  /** http://localhost:<port> */
  url: string;
  siteDir: string;
  close(): Promise<void>;
}

export async function openSite(): Promise<SiteUnderTest> {
  const siteDir = inject("siteDir");
  const server = await startLocalServer({ provinceSlug: "ninh-binh", siteDir, port: 0, api: false });
  const browser = await launchChromium();
  return {
    browser,
    url: server.url,
    siteDir,
    close: async () => {
      await browser.close();
      await server.close();
    },
  };
}

/** The neutral page the quick exit opens, answered locally in place of the real one. */
export const neutralPageTitle = "Thời tiết";

export interface Tab {
  context: BrowserContext;
  page: Page;
  /** Requests to any host but the local server and the quick-exit target, refused. */
  outside: string[];
  /** CSP violations, console errors and uncaught exceptions. */
  problems: string[];
}

export interface TabOptions {
  javaScriptEnabled?: boolean;
  viewport?: { width: number; height: number };
}

export async function openTab(site: SiteUnderTest, options: TabOptions = {}): Promise<Tab> {
  const context = await site.browser.newContext({
    viewport: options.viewport ?? phone,
    locale: "vi-VN",
    timezoneId: "Asia/Ho_Chi_Minh",
    javaScriptEnabled: options.javaScriptEnabled ?? true,
  });
  const outside: string[] = [];
  const problems: string[] = [];
  const local = new URL(site.url).origin;
  // Later routes take precedence: the quick-exit target is answered, everything else outside is refused.
  await context.route(
    (url) => url.origin !== local,
    (route) => {
      outside.push(route.request().url());
      return route.abort("blockedbyclient");
    },
  );
  await context.route(
    (url) => url.href === quickExitUrl,
    async (route) => {
      await route.fulfill({
        status: 200,
        contentType: "text/html; charset=utf-8",
        body: `<!doctype html><title>${neutralPageTitle}</title><p>${neutralPageTitle}</p>`,
      });
    },
  );
  // Runs before any page script, outside the page's CSP (it is injected by the browser, not the page).
  await context.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      console.error(`CSP violation: ${event.violatedDirective} ${event.blockedURI}`);
    });
  });
  const page = await context.newPage();
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`console: ${message.text()} (${message.location().url})`);
  });
  page.on("pageerror", (error) => problems.push(`pageerror: ${error.message}`));
  return { context, page, outside, problems };
}

/** Every page of the build, as the path a visitor requests ("/", "/tim-hieu/x/", "/404.html"). */
export function builtPages(siteDir: string): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? walk(join(dir, entry.name)) : [join(dir, entry.name)]));
  return walk(siteDir)
    .filter((file) => file.endsWith(".html"))
    .map((file) => `/${relative(siteDir, file).split(sep).join("/")}`)
    .map((path) => (path.endsWith("/index.html") ? path.slice(0, -"index.html".length) : path))
    .sort();
}

/** The officer area (issue 5) is not part of the public site: no quick exit there, by design. */
export const isOfficerPage = (path: string) => /^\/(?:can-bo|dang-nhap)\//.test(path);
