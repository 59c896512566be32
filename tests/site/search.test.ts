/// <reference lib="dom" />
/**
 * The site search (pagefind, indexed at build time) in a real browser under the real CSP: words
 * typed without diacritics find the articles written with them, including đ, which is a letter of
 * its own; the query never reaches the address bar or the history; and only the search page loads
 * the search engine.
 */
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ct } from "../../web/src/content-i18n.ts";
import { routes } from "../../web/src/i18n.ts";
import { patiently } from "../support/browser.ts";
import { openSite, openTab, type SiteUnderTest } from "./support.ts";

let site: SiteUnderTest;
beforeAll(async () => {
  site = await openSite();
});
afterAll(async () => {
  await site?.close();
});

/** Types the query and returns the status line and the result links once the search has answered. */
async function search(page: Page, query: string): Promise<{ status: string; results: string[] }> {
  await page.locator("#site-search").fill(query);
  const status = page.locator("#site-search-status");
  // Every answer (found, none, failed) names the query: wait for this query's, not the previous one's.
  await expect.poll(async () => (await status.textContent()) ?? "", { timeout: 15_000 }).toContain(`“${query}”`);
  return {
    status: (await status.textContent()) ?? "",
    results: await page.locator("#site-search-results a").evaluateAll((links) => links.map((link) => link.getAttribute("href") ?? "")),
  };
}

describe("site search", () => {
  it("finds articles from Vietnamese typed without diacritics, đ included", async () => {
    const { context, page, outside, problems } = await openTab(site);
    try {
      await page.goto(`${site.url}${routes.search.vi}`);
      const found = await search(page, "bao luc gia dinh la gi");
      expect(found.results[0]).toBe("/tim-hieu/bao-luc-gia-dinh-la-gi/");
      expect(found.status).toBe(ct("vi").searchFound.replace("{n}", String(found.results.length)).replace("{q}", "bao luc gia dinh la gi"));

      expect((await search(page, "bao luc")).results).toContain("/tim-hieu/bao-luc-gia-dinh-la-gi/");
      // "đ" does not decompose into d + a mark: "dia chi" must still find "địa chỉ", "danh dap" "đánh đập".
      expect((await search(page, "dia chi tin cay")).results[0]).toBe("/tim-hieu/tim-su-giup-do/");
      expect((await search(page, "danh dap")).results).toContain("/tim-hieu/bao-luc-gia-dinh-la-gi/");
      expect((await search(page, "cam tiep xuc")).results[0]).toBe("/tim-hieu/cam-tiep-xuc-va-cac-bien-phap/");
      // Typed with the marks, it finds the same, đ and capitals included.
      expect((await search(page, "cấm tiếp xúc")).results[0]).toBe("/tim-hieu/cam-tiep-xuc-va-cac-bien-phap/");
      expect((await search(page, "Địa chỉ tin cậy")).results[0]).toBe("/tim-hieu/tim-su-giup-do/");
      // Words found only in an article's body, each with đ: pagefind alone would not match the folded index.
      expect((await search(page, "Đấm đá")).results).toContain("/tim-hieu/bao-luc-gia-dinh-la-gi/");

      const none = await search(page, "xyzzy");
      expect(none.results).toEqual([]);
      expect(none.status).toBe(ct("vi").searchNone.replace("{q}", "xyzzy"));
      expect(outside).toEqual([]);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it("searches the English articles on the English page", async () => {
    const { context, page, problems } = await openTab(site);
    try {
      await page.goto(`${site.url}${routes.search.en}`);
      const found = await search(page, "no-contact order");
      expect(found.results[0]).toBe("/en/learn/no-contact-orders/");
      expect(found.results.every((href) => href.startsWith("/en/learn/"))).toBe(true);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it("leads to the article, and keeps the query out of the address and the history", async () => {
    const { context, page } = await openTab(site);
    try {
      await page.goto(`${site.url}${routes.search.vi}`);
      const before = await page.evaluate(() => history.length);
      await search(page, "giup hang xom");
      await page.locator("#site-search").press("Enter");
      // The results are there (state, not a pause), and the address has not changed.
      await page.locator("#site-search-results a").first().waitFor({ state: "visible", timeout: patiently.timeout });
      expect(page.url()).toBe(`${site.url}${routes.search.vi}`);
      expect(await page.evaluate(() => history.length)).toBe(before);
      await page.locator("#site-search-results a").first().click();
      await page.waitForURL(`${site.url}/tim-hieu/giup-nguoi-than-hang-xom/`);
      expect(await page.locator("h1").textContent()).toBe("Giúp người thân, hàng xóm đang bị bạo lực");
    } finally {
      await context.close();
    }
  });

  it("without JavaScript, hides the box, says why, and lists every article", async () => {
    const { context, page } = await openTab(site, { javaScriptEnabled: false });
    try {
      await page.goto(`${site.url}${routes.search.vi}`);
      expect(await page.locator("#site-search").isVisible()).toBe(false);
      expect(await page.getByText(ct("vi").searchNoScript).isVisible()).toBe(true);
      expect(await page.locator("main ul.article-list a").count()).toBe(9);
    } finally {
      await context.close();
    }
  });

  it("loads the search engine on the search page only", async () => {
    const { context, page } = await openTab(site);
    try {
      const requested: string[] = [];
      page.on("request", (request) => requested.push(new URL(request.url()).pathname));
      for (const path of ["/", "/tim-hieu/", "/tim-hieu/tim-su-giup-do/", routes.hotlines.vi]) await page.goto(`${site.url}${path}`);
      expect(requested.filter((path) => path.startsWith("/pagefind/"))).toEqual([]);
      await page.goto(`${site.url}${routes.search.vi}`);
      await search(page, "bao luc");
      expect(requested.filter((path) => path.startsWith("/pagefind/")).length).toBeGreaterThan(2);
    } finally {
      await context.close();
    }
  });
});
