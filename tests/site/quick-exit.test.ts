/// <reference lib="dom" />
/**
 * "Thoát nhanh" / quick exit in a real browser, with the site's real CSP: the button and Shift × 3
 * blank the page at once and replace it in the history with the neutral page, so Back never
 * returns to it; with JavaScript the site holds a single history entry (moves within it replace),
 * so Back after an exit leaves the site; without JavaScript it is still a working link; screen
 * readers hear what it does and how many Shift presses are left.
 */
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ct } from "../../web/src/content-i18n.ts";
import { quickExitUrl, routes, t } from "../../web/src/i18n.ts";
import { patiently } from "../support/browser.ts";
import { neutralPageTitle, openSite, openTab, type SiteUnderTest } from "./support.ts";

const article = "/tim-hieu/an-toan-khi-tim-tro-giup/";

let site: SiteUnderTest;
beforeAll(async () => {
  site = await openSite();
});
afterAll(async () => {
  await site?.close();
});

const historyLength = (page: Page) => page.evaluate(() => history.length);

/** A real mouse click on the button, which (unlike locator.click) does not wait for the navigation it starts. */
async function clickQuickExit(page: Page): Promise<void> {
  const box = await page.locator("a[data-quick-exit]").boundingBox();
  if (!box) throw new Error("no quick exit button on the page");
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
}

async function pressShift(page: Page, times: number): Promise<void> {
  for (let i = 0; i < times; i++) await page.keyboard.press("Shift");
}

/**
 * Records, in the page, what is left on screen right after each click and key release, once the
 * page's own handlers have run (a window listener in the bubble phase runs last): that is what the
 * next frame paints. Kept in sessionStorage, which the site's next page in this tab can read back.
 */
async function probeAfterHandlers(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const record = () =>
      sessionStorage.setItem(
        "quick-exit-probe",
        JSON.stringify({
          visible: Array.from(document.body.children)
            .filter((element) => element.tagName !== "SCRIPT" && !element.classList.contains("visually-hidden"))
            .filter((element) => element.checkVisibility())
            .map((element) => element.tagName),
          mainVisible: document.querySelector("main")?.checkVisibility() ?? false,
          title: document.title,
          status: document.querySelector("[data-quick-exit-status]")?.textContent ?? null,
        }),
      );
    window.addEventListener("click", record);
    window.addEventListener("keyup", record);
  });
}

/** What the page showed right after leaving began, read back on a page of the site in the same tab. */
const probe = async (page: Page) => JSON.parse((await page.evaluate(() => sessionStorage.getItem("quick-exit-probe"))) ?? "null");
const blank = (locale: "vi" | "en") => ({ visible: [], mainVisible: false, title: "", status: ct(locale).quickExitLeaving });

describe("quick exit by the button", () => {
  it("blanks the page before the next frame, then replaces it with the neutral page: Back goes to the page before, never to this one", async () => {
    const { context, page, outside, problems } = await openTab(site);
    try {
      await probeAfterHandlers(context);
      await page.goto(`${site.url}/`);
      await page.goto(`${site.url}${article}`);
      const before = await historyLength(page);

      await clickQuickExit(page);
      await page.waitForURL(quickExitUrl);
      expect(await page.title()).toBe(neutralPageTitle);
      // The article's entry was replaced, not added to.
      expect(await historyLength(page)).toBe(before);
      await page.goBack();
      expect(page.url()).toBe(`${site.url}/`);
      // Nothing of the article stayed on screen while the neutral page loaded.
      expect(await probe(page)).toEqual(blank("vi"));
      await page.goForward();
      expect(page.url()).toBe(quickExitUrl);
      expect(outside).toEqual([]);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it("leaves Back leading out of the site when the page was the first one opened", async () => {
    const { context, page } = await openTab(site);
    try {
      // A new tab starts on about:blank; the site is opened from there.
      await page.goto(`${site.url}${routes.hotlines.en}`);
      const before = await historyLength(page);
      await clickQuickExit(page);
      await page.waitForURL(quickExitUrl);
      expect(await historyLength(page)).toBe(before);
      await page.goBack();
      expect(page.url()).toBe("about:blank");
    } finally {
      await context.close();
    }
  });

  it("works without JavaScript: a plain link to the neutral page", async () => {
    const { context, page } = await openTab(site, { javaScriptEnabled: false });
    try {
      await page.goto(`${site.url}${article}`);
      await page.getByRole("link", { name: t("vi").quickExit }).click();
      await page.waitForURL(quickExitUrl);
      expect(await page.title()).toBe(neutralPageTitle);
    } finally {
      await context.close();
    }
  });
});

describe("a single history entry for the whole site", () => {
  it("after browsing five pages and a quick exit, no page of the site is reachable with Back", async () => {
    const { context, page, problems } = await openTab(site);
    try {
      // A new tab starts on about:blank: that is what was open before the site.
      await page.goto(`${site.url}/`);
      const entries = await historyLength(page);
      const visited = ["/"];
      while (visited.length < 5) {
        // A visible link of the site to a page not seen yet, followed by a real click.
        const href = await page
          .locator('a[href^="/"]:not([data-quick-exit]):visible')
          .evaluateAll((links, seen) => links.map((link) => (link as HTMLAnchorElement).pathname).find((path) => !seen.includes(path)), visited);
        if (!href) throw new Error(`no new page to go to from ${page.url()}`);
        await page.locator(`a[href="${href}"]:visible`).first().click();
        await page.waitForURL((url) => url.pathname === href);
        visited.push(href);
        // Each move replaced the site's entry instead of adding one.
        expect(await historyLength(page), `after ${visited.join(" → ")}`).toBe(entries);
      }
      await clickQuickExit(page);
      await page.waitForURL(quickExitUrl);
      expect(await historyLength(page)).toBe(entries);
      await page.goBack();
      expect(page.url()).toBe("about:blank");
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it("leaves new tabs, other sites and modified clicks to the browser, and changes nothing without JavaScript", async () => {
    const { context, page } = await openTab(site, { javaScriptEnabled: false });
    try {
      await page.goto(`${site.url}/`);
      const entries = await historyLength(page);
      const href = await page.locator('main a[href^="/"]:visible').first().getAttribute("href");
      await page.locator(`main a[href="${href}"]:visible`).first().click();
      await page.waitForURL((url) => url.pathname === href);
      // Without JavaScript a link is a plain link: the browser adds an entry, as everywhere.
      expect(await historyLength(page)).toBe(entries + 1);
    } finally {
      await context.close();
    }
  });
});

describe("quick exit by Shift pressed three times", () => {
  it("blanks the page and leaves at the third press, replacing the page in the history", async () => {
    const { context, page, problems } = await openTab(site);
    try {
      await probeAfterHandlers(context);
      await page.goto(`${site.url}/en/`);
      await page.goto(`${site.url}/en/learn/staying-safe-online/`);
      const before = await historyLength(page);
      await pressShift(page, 3);
      await page.waitForURL(quickExitUrl);
      expect(await historyLength(page)).toBe(before);
      await page.goBack();
      expect(page.url()).toBe(`${site.url}/en/`);
      expect(await probe(page)).toEqual(blank("en"));
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it("also works while typing in a search box, but typing capitals never triggers it", async () => {
    const { context, page } = await openTab(site);
    try {
      await page.goto(`${site.url}${routes.search.vi}`);
      await page.locator("#site-search").focus();
      for (const letter of ["B", "L", "G", "D"]) {
        await page.keyboard.down("Shift");
        await page.keyboard.press(letter);
        await page.keyboard.up("Shift");
      }
      // The letters arrived (state, not a pause) and the page stayed.
      await expect.poll(() => page.locator("#site-search").inputValue(), patiently).toBe("BLGD");
      expect(page.url()).toBe(`${site.url}${routes.search.vi}`);
      await pressShift(page, 3);
      await page.waitForURL(quickExitUrl);
    } finally {
      await context.close();
    }
  });
});

describe("quick exit for screen readers", () => {
  it("is a link named in the page's language, described as leaving at once, on every page language", async () => {
    const { context, page } = await openTab(site);
    try {
      for (const [locale, path] of [
        ["vi", "/"],
        ["en", "/en/learn/staying-safe-online/"],
      ] as const) {
        await page.goto(`${site.url}${path}`);
        const link = page.getByRole("link", { name: t(locale).quickExit, exact: true });
        await expect.poll(() => link.count()).toBe(1);
        const describedBy = await link.getAttribute("aria-describedby");
        expect(await page.locator(`#${describedBy}`).textContent()).toBe(ct(locale).quickExitDescription);
        // First in tab order after the skip link.
        await page.keyboard.press("Tab");
        await page.keyboard.press("Tab");
        expect(await page.evaluate(() => document.activeElement?.hasAttribute("data-quick-exit"))).toBe(true);
      }
    } finally {
      await context.close();
    }
  });

  it("says how many Shift presses are left, and forgets it when the second does not come", async () => {
    const { context, page } = await openTab(site);
    try {
      await page.goto(`${site.url}/`);
      const status = page.locator("[data-quick-exit-status]");
      expect(await status.getAttribute("role")).toBe("status");
      await pressShift(page, 1);
      expect(await status.textContent()).toBe(ct("vi").quickExitShiftMore.replace("{n}", "2"));
      await pressShift(page, 1);
      expect(await status.textContent()).toBe(ct("vi").quickExitShiftMore.replace("{n}", "1"));
      await expect.poll(() => status.textContent(), { timeout: 3000 }).toBe("");
      expect(page.url()).toBe(`${site.url}/`);
    } finally {
      await context.close();
    }
  });
});
