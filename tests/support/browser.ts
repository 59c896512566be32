import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { type Browser, type BrowserContext, chromium, type Locator, type Page } from "playwright-core";

/**
 * Real headless Chromium for the browser tests: Debian's `/usr/bin/chromium`, driven by
 * playwright-core (no browser download). One browser per test file; one context per officer, so
 * each has its own sessionStorage and cookies, like two people on two computers.
 */
export const chromiumPath = "/usr/bin/chromium";

export const chromiumInstallHint = "sudo apt-get update && sudo apt-get install -y chromium";

export class MissingChromiumError extends Error {
  override name = "MissingChromiumError";
  constructor(path = chromiumPath) {
    super(
      `Không tìm thấy Chromium ở ${path}; kiểm thử trình duyệt cần nó / Chromium not found at ${path}; the browser tests need it.\n` +
        `  Debian/Ubuntu: ${chromiumInstallHint}`,
    );
  }
}

export const chromiumArgs = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** Throws, with the command that installs it, when there is no Chromium at `path`. */
export function assertChromium(path = chromiumPath): void {
  if (!existsSync(path)) throw new MissingChromiumError(path);
}

export async function launchChromium(): Promise<Browser> {
  assertChromium();
  return chromium.launch({ executablePath: chromiumPath, args: chromiumArgs, headless: true });
}

/**
 * For waits on state (`expect.poll`, `waitFor`): what a page shows after its API calls may take
 * seconds on a busy machine (the default is 1 s); under a CPU-bound load (npm run test:loaded) some
 * steps took close to 20 s here, so the bound is generous — a wait on state costs nothing when the
 * state comes sooner.
 */
export const patiently = { timeout: 45_000, interval: 100 } as const;

export const phone = { width: 412, height: 915 } as const;
export const desktop = { width: 1280, height: 900 } as const;

export interface OfficerTab {
  context: BrowserContext;
  page: Page;
  /** Messages the page logged as errors, and requests the CSP or the network refused. */
  problems: string[];
}

/** A fresh browser profile (no cookies, empty storage) with one tab; CSP violations and page errors are collected. */
export async function openTab(browser: Browser, viewport: { width: number; height: number } = phone): Promise<OfficerTab> {
  const context = await browser.newContext({ viewport, locale: "vi-VN", timezoneId: "Asia/Ho_Chi_Minh" });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on("console", (message) => {
    if (message.type() !== "error") return;
    const source = message.location().url;
    // Chromium asks every page without an icon link for /favicon.ico (the provider's pages have none).
    if (source.endsWith("/favicon.ico")) return;
    problems.push(`console: ${message.text()} (${source})`);
  });
  page.on("pageerror", (error) => problems.push(`pageerror: ${error.message}`));
  page.on("response", (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${String(response.status())} ${new URL(response.url()).pathname}`);
  });
  return { context, page, problems };
}

/**
 * With `E2E_SCREENSHOTS=<dir>` set, saves what the officer sees (for looking at the pages during
 * development): the viewport, or one part of the page. Otherwise does nothing.
 */
export async function screenshot(page: Page, name: string, part?: Locator): Promise<void> {
  const dir = process.env.E2E_SCREENSHOTS;
  if (!dir) return;
  if (part) await part.screenshot({ path: `${dir}/${name}.png` });
  else await page.screenshot({ path: `${dir}/${name}.png` });
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
/** WCAG 2.2 A and AA, and axe's best practices: the default set every page is held to. */
export const axeTags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"];

/** Runs axe-core in the page (evaluated by the browser, so the page's CSP does not apply to it). */
export async function axeViolations(page: Page, tags: string[] = axeTags): Promise<string[]> {
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async (values) => {
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: AxeViolation[] }> } }).axe;
    return (await axe.run(document, { runOnly: { type: "tag", values } })).violations;
  }, tags);
  return violations.map(
    (violation) => `${violation.id} (${violation.impact}): ${violation.help} — ${violation.nodes.map((node) => JSON.stringify(node.target)).join(", ")}`,
  );
}

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[] }[];
}

/**
 * Spoils the ID token this tab keeps in sessionStorage (its signature no longer matches), as an
 * expired, revoked or tampered token would be: the API answers 401 to the next call.
 */
export async function spoilIdToken(page: Page): Promise<void> {
  const spoiled = await page.evaluate(() => {
    let count = 0;
    for (const key of Object.keys(sessionStorage).filter((name) => name.startsWith("oidc.user:"))) {
      const user = JSON.parse(sessionStorage.getItem(key) ?? "{}") as { id_token: string };
      const [header, payload] = user.id_token.split(".");
      user.id_token = `${header}.${payload}.bm90LWEtc2lnbmF0dXJl`;
      sessionStorage.setItem(key, JSON.stringify(user));
      count += 1;
    }
    return count;
  });
  if (spoiled !== 1) throw new Error(`expected one stored session, found ${String(spoiled)}`);
}

/** An API call from a signed-in officer tab, with the ID token it keeps (what the pages' scripts send). */
export async function officerCall(page: Page, method: string, path: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  return page.evaluate(
    async ([method, path, body]) => {
      const key = Object.keys(sessionStorage).find((name) => name.startsWith("oidc.user:")) ?? "";
      const token = (JSON.parse(sessionStorage.getItem(key) ?? "{}") as { id_token?: string }).id_token ?? "";
      const response = await fetch(path as string, {
        method: method as string,
        headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return { status: response.status, json: (await response.json()) as Record<string, unknown> };
    },
    [method, path, body] as const,
  );
}
