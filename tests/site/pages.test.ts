/// <reference lib="dom" />
/**
 * Every built page in a real browser under the real CSP: axe finds no violation (WCAG 2.2 A/AA and
 * best practices), nothing breaks the CSP, nothing is requested from outside; and the budgets of
 * the awareness site: no JavaScript on content pages but the quick exit, the home page under 60 KB
 * transferred (gzip, as CloudFront sends it), no layout shift.
 */
import { gzipSync } from "node:zlib";
import type { BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadProvince } from "../../infra/provinces/index.ts";
import { routes, t } from "../../web/src/i18n.ts";
import { axeTags, axeViolations } from "../support/browser.ts";
import { builtPages, isOfficerPage, openSite, openTab, type SiteUnderTest } from "./support.ts";

/** WCAG 2.2 A and AA on every page; axe's best practices too on the public pages (the officer area is issue 5's). */
const wcagTags = axeTags.filter((tag) => tag !== "best-practice");
const publicTags = axeTags;

let site: SiteUnderTest;
let pages: string[];
beforeAll(async () => {
  site = await openSite();
  pages = builtPages(site.siteDir);
});
afterAll(async () => {
  await site?.close();
});

/** The page a path is served as: /404.html is what any unknown address gets. */
const requestFor = (path: string) => (path === "/404.html" ? "/no-such-page/" : path);

/**
 * This server runs no API: the public answers the pages draw are given here — an approved year of
 * statistics with suppressed cells (issue 11), one award (issue 7), and the live directory's two
 * lines and one address (issue 12) — so axe sees them drawn.
 */
async function answerPublicApis(context: BrowserContext): Promise<void> {
  // The public statistics (issue 11): an approved year with suppressed cells, so axe sees the headline, chart and tables drawn.
  await context.route(
    (url) => url.pathname.startsWith("/api/public/statistics/"),
    (route) =>
      route.fulfill({
        json: {
          year: "2025",
          approvedCommunes: 120,
          communes: 129,
          headline: [{ code: "reports", vi: "Tin báo tiếp nhận", en: "Reports received", value: 212 }],
          tables: [
            {
              code: "report-channels",
              name: { vi: "Tin báo theo kênh tiếp nhận", en: "Reports by channel" },
              rows: [
                { code: "online", vi: "Báo tin trực tuyến", en: "Online report", value: 120 },
                { code: "hotline", vi: "Đường dây nóng", en: "Hotline", value: 84 },
                { code: "school", vi: "Nhà trường", en: "School", value: "<10" },
                { code: "other", vi: "Khác", en: "Other", value: "*" },
              ],
              total: 212,
            },
          ],
        },
      }),
  );
  // This server runs no API: the honour roll's public list (issue 7) is answered with one award, so axe sees it drawn.
  await context.route(
    (url) => url.pathname === "/api/honour-roll",
    (route) =>
      route.fulfill({
        json: {
          year: 2026,
          items: [
            {
              id: "x",
              year: 2026,
              commune: "13285",
              communeName: "Phường Phủ Lý",
              kind: "collective",
              name: "Tổ hòa giải tổ dân phố 3",
              form: "giay-khen",
              level: "commune-chair",
              decisionNumber: "12/QĐ-UBND",
              decisionDate: "2026-05-19",
            },
          ],
        },
      }),
  );
  // The hotlines page names a commune that gained its first line since the build from /api/hotlines.
  await context.route(
    (url) => url.pathname === "/api/hotlines" && url.searchParams.get("commune") === "13291",
    (route) =>
      route.fulfill({
        json: {
          commune: { code: "13291", name: "Hoa Lư", nameEn: "Hoa Lu", type: "phuong", fullName: "Phường Hoa Lư", fullNameEn: "Hoa Lu Ward" },
          items: [],
        },
      }),
  );
  // The live directory (issue 12): the communes and hotlines pages redraw from it; answered with a province line, a commune line and an address, so axe sees them drawn.
  await context.route(
    (url) => url.pathname === "/api/directory",
    (route) =>
      route.fulfill({
        json: {
          hotlines: [
            {
              id: "tinh",
              name: { vi: "Đường dây nóng tỉnh", en: "Province hotline" },
              number: "0229 111 222",
              hours: { vi: "24/7", en: "24/7" },
              free: true,
              scope: "province",
            },
            {
              id: "xa",
              name: { vi: "Đường dây nóng phường", en: "Ward hotline" },
              number: "0229 555 666",
              hours: { vi: "24/7", en: "24/7" },
              free: true,
              scope: "13291",
            },
          ],
          trustedAddresses: [
            {
              id: "a",
              commune: "13285",
              name: "Nhà văn hóa tổ 3",
              address: "Tổ 3",
              phone: "0229 333 444",
              contact: { name: "Trần Thị Lan", phone: "0912 000 111" },
            },
          ],
        },
      }),
  );
}

describe("every built page", () => {
  it("has no axe violation, no CSP violation, no request outside the site, and no script but the quick exit on content pages", async () => {
    expect(pages.length).toBeGreaterThan(30);
    expect(pages).toContain("/tim-hieu/bao-luc-gia-dinh-la-gi/");
    const { context, page, outside, problems } = await openTab(site);
    await answerPublicApis(context);
    const failures: string[] = [];
    const scripts = new Map<string, string[]>();
    let current: string[] = [];
    page.on("request", (request) => {
      if (request.resourceType() === "script") current.push(new URL(request.url()).pathname);
    });
    try {
      for (const path of pages) {
        problems.length = 0;
        current = [];
        // Officer pages fetch after load (and may move on to the sign-in page): let them settle.
        const response = await page.goto(`${site.url}${requestFor(path)}`, { waitUntil: isOfficerPage(path) ? "networkidle" : "load" });
        expect(response?.status(), path).toBe(path === "/404.html" ? 404 : 200);
        for (const violation of await axeViolations(page, isOfficerPage(path) ? wcagTags : publicTags)) failures.push(`${path}: ${violation}`);
        // Officer pages call an API this server does not run (no session here): only CSP violations count there.
        // The 404 page is, rightly, answered with status 404, which Chromium logs.
        const own = (isOfficerPage(path) ? problems.filter((problem) => problem.includes("CSP")) : problems).filter(
          (problem) => !(path === "/404.html" && problem.includes("status of 404")),
        );
        for (const problem of own) failures.push(`${path}: ${problem}`);
        scripts.set(path, current);
      }
    } finally {
      await context.close();
    }
    expect(failures).toEqual([]);
    expect(outside).toEqual([]);

    // Budget: content pages run the quick exit and nothing else; the search, commune and report pages add their own script.
    const quickExit = scripts.get("/")?.filter((src) => src.includes("QuickExit")) ?? [];
    expect(quickExit).toHaveLength(1);
    const withOwnScript = new Set<string>([
      routes.search.vi,
      routes.search.en,
      routes.communes.vi,
      routes.communes.en,
      // The live directory (issue 12): the hotlines page redraws its lines from the API.
      routes.hotlines.vi,
      routes.hotlines.en,
      routes.report.vi,
      routes.report.en,
      routes.reportFollowUp.vi,
      routes.reportFollowUp.en,
      // The honour roll lists published awards from the public API (issue 7).
      routes.honourRoll.vi,
      routes.honourRoll.en,
      // The statistics publish approved, suppressed figures from the public API (issue 11).
      routes.statistics.vi,
      routes.statistics.en,
    ]);
    for (const path of pages.filter((candidate) => !isOfficerPage(candidate))) {
      const loaded = scripts.get(path) ?? [];
      if (withOwnScript.has(path)) {
        expect(loaded, path).toContain(quickExit[0]);
        expect(loaded.length, path).toBeGreaterThan(1);
      } else {
        expect(loaded, path).toEqual(quickExit);
      }
    }
  });
});

describe("the pages drawn from the public API", () => {
  it("have no axe violation once the approved figures and the live directory are drawn", async () => {
    const { context, page, problems } = await openTab(site);
    try {
      await answerPublicApis(context);
      for (const [path, drawn] of [
        [routes.statistics.vi, "Báo tin trực tuyến"],
        [routes.statistics.en, "Online report"],
        [routes.communes.vi, "Nhà văn hóa tổ 3"],
        [routes.communes.en, "Nhà văn hóa tổ 3"],
        [routes.hotlines.vi, "0229 111 222"],
        [routes.hotlines.en, "0229 111 222"],
      ] as const) {
        await page.goto(`${site.url}${path}`);
        // Wait for the live answer on the page (not for time): the text only the API's answer holds.
        await page.getByText(drawn).filter({ visible: true }).first().waitFor({ state: "visible" });
        expect(await axeViolations(page, publicTags), path).toEqual([]);
      }
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

describe("the communes page with live entries", () => {
  it("builds a block from its template for a commune that gained entries, and keeps the one line for the others", async () => {
    const { context, page, problems } = await openTab(site);
    try {
      // The province file seeds no entry: 13285 gains an address and 13291 a hotline only after the build.
      await answerPublicApis(context);
      for (const locale of ["vi", "en"] as const) {
        const words = t(locale);
        await page.goto(`${site.url}${routes.communes[locale]}`);
        await page.locator("[data-live-directory][data-live]").waitFor({ state: "attached" });
        const withAddress = page.locator("#xa-13285");
        expect(await withAddress.getByRole("heading", { level: 3 }).allTextContents(), locale).toEqual([words.trustedAddresses]);
        expect(await withAddress.getByRole("link", { name: "0229 333 444" }).getAttribute("href"), locale).toBe("tel:0229333444");
        // Its "none yet" line gave way to the block.
        expect(await withAddress.getByText(words.noTrustedAddress).filter({ visible: true }).count(), locale).toBe(0);
        const withHotline = page.locator("#xa-13291");
        expect(await withHotline.getByRole("heading", { level: 3 }).allTextContents(), locale).toEqual([words.communeHotlines]);
        expect(await withHotline.getByRole("link", { name: "0229 555 666" }).isVisible(), locale).toBe(true);
        // A hotline is not a trusted address: the commune still says it has none, once.
        expect(await withHotline.getByText(words.noTrustedAddress).filter({ visible: true }).count(), locale).toBe(1);
        expect(await page.locator("#xa-13318").getByText(words.noTrustedAddress).isVisible(), locale).toBe(true);
        expect(await page.locator("[data-directory-for]").count(), locale).toBe(2);
        expect(await axeViolations(page, publicTags), locale).toEqual([]);
      }
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

describe("the hotlines page with live entries", () => {
  it("adds a section, named by the API, for a commune that gained its first line, and drops the 'none yet' line", async () => {
    const { context, page, problems } = await openTab(site);
    try {
      // The province file seeds no commune line: 13291 (Phường Hoa Lư) gains one after the build.
      await answerPublicApis(context);
      for (const [locale, name] of [
        ["vi", "Phường Hoa Lư"],
        ["en", "Hoa Lu Ward"],
      ] as const) {
        const words = t(locale);
        await page.goto(`${site.url}${routes.hotlines[locale]}`);
        const communes = page.locator("[data-live-commune-hotlines][data-live]");
        await communes.waitFor({ state: "attached" });
        const section = communes.getByRole("region", { name });
        expect(await section.getByRole("link", { name: "0229 555 666" }).getAttribute("href"), locale).toBe("tel:0229555666");
        expect(await communes.getByText(words.noCommuneHotlines).isVisible(), locale).toBe(false);
        expect(await axeViolations(page, publicTags), locale).toEqual([]);
      }
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it("keeps saying no commune has a line when the live directory has none", async () => {
    const { context, page, problems } = await openTab(site);
    try {
      await context.route(
        (url) => url.pathname === "/api/directory",
        (route) => route.fulfill({ json: { hotlines: [], trustedAddresses: [] } }),
      );
      await page.goto(`${site.url}${routes.hotlines.vi}`);
      const communes = page.locator("[data-live-commune-hotlines][data-live]");
      await communes.waitFor({ state: "attached" });
      expect(await communes.getByText(t("vi").noCommuneHotlines).isVisible()).toBe(true);
      expect(await communes.locator("section").count()).toBe(0);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

describe("budgets", () => {
  it("keeps the home page under 60 KB transferred (gzip), without web fonts or images", async () => {
    const { context, page } = await openTab(site);
    try {
      for (const path of [routes.home.vi, routes.home.en]) {
        const bodies: { url: string; type: string; raw: number; gzip: number }[] = [];
        const pending: Promise<void>[] = [];
        const listener = (response: { url(): string; request(): { resourceType(): string }; body(): Promise<Buffer> }) => {
          pending.push(
            response.body().then(
              (body) => {
                bodies.push({ url: response.url(), type: response.request().resourceType(), raw: body.length, gzip: gzipSync(body).length });
              },
              () => undefined,
            ),
          );
        };
        page.on("response", listener);
        await page.goto(`${site.url}${path}`, { waitUntil: "networkidle" });
        await Promise.all(pending);
        page.off("response", listener);
        const gzip = bodies.reduce((sum, body) => sum + body.gzip, 0);
        // The page, one stylesheet, the quick-exit script and the icon: no font, no image, nothing else.
        expect(bodies.map((body) => (body.type === "other" ? new URL(body.url).pathname : body.type)).sort(), path).toEqual([
          "/favicon.svg",
          "document",
          "script",
          "stylesheet",
        ]);
        expect(gzip, path).toBeLessThan(60 * 1024);
        // Far under, in fact: a sign that something heavy crept in long before the budget is reached.
        expect(gzip, path).toBeLessThan(20 * 1024);
      }
    } finally {
      await context.close();
    }
  });

  it("does not shift the layout while loading (home, an article, the directory), on a phone and a desktop", async () => {
    for (const viewport of [
      { width: 412, height: 915 },
      { width: 1280, height: 900 },
    ]) {
      const { context, page } = await openTab(site, { viewport });
      try {
        // The live directory answers what the page was built with (the province file): redrawing it moves nothing.
        const built = loadProvince("ninh-binh");
        await context.route(
          (url) => url.pathname === "/api/directory",
          (route) => route.fulfill({ json: { hotlines: built.hotlines, trustedAddresses: built.trustedAddresses } }),
        );
        await context.addInitScript(() => {
          (window as unknown as { shift: number }).shift = 0;
          new PerformanceObserver((list) => {
            for (const entry of list.getEntries() as (PerformanceEntry & { value: number; hadRecentInput: boolean })[]) {
              if (!entry.hadRecentInput) (window as unknown as { shift: number }).shift += entry.value;
            }
          }).observe({ type: "layout-shift", buffered: true });
        });
        for (const path of ["/", "/tim-hieu/bao-luc-gia-dinh-la-gi/", routes.communes.vi, routes.search.en]) {
          await page.goto(`${site.url}${path}`, { waitUntil: "networkidle" });
          await page.waitForTimeout(200);
          expect(await page.evaluate(() => (window as unknown as { shift: number }).shift), `${path} at ${viewport.width}px`).toBe(0);
        }
      } finally {
        await context.close();
      }
    }
  });
});
