/**
 * The awareness site as built (the same build the browser tests serve), read as files: every
 * article in both languages with its translation linked, titles, descriptions, Open Graph and
 * canonical URLs, the 16 acts of Điều 3 all explained, the directory linked from the articles, the
 * slots for the honour roll and statistics, the search index, the sitemap and robots.txt.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, inject, it } from "vitest";
import { articlePath } from "../../web/src/articles.ts";
import { ct } from "../../web/src/content-i18n.ts";
import { routes } from "../../web/src/i18n.ts";
import { siteUrl } from "../../web/src/site-url.ts";
import { builtPages, isOfficerPage } from "./support.ts";

const siteDir = inject("siteDir");
const origin = siteUrl({});
const html = (path: string) => readFileSync(join(siteDir, path.endsWith("/") ? `${path}index.html` : path), "utf8");
const attr = (source: string, pattern: RegExp) => pattern.exec(source)?.[1];
const meta = (source: string, key: string) => attr(source, new RegExp(`<meta (?:name|property)="${key}" content="([^"]*)"`));
const text = (source: string) =>
  source
    .replace(/<[^>]+>/g, " ")
    .replace(/\s+/g, " ")
    .trim();

const articleFiles = (locale: "vi" | "en") =>
  readdirSync(join(import.meta.dirname, "../../web/src/content/articles", locale))
    .filter((file) => file.endsWith(".md"))
    .map((file) => file.slice(0, -3));

describe("the articles", () => {
  const vi = articleFiles("vi");
  const en = articleFiles("en");

  it("cover what the issue asks, in Vietnamese and in English", () => {
    expect(vi.sort()).toEqual(
      [
        "an-toan-khi-tim-tro-giup",
        "bao-luc-gia-dinh-la-gi",
        "binh-dang-gioi-va-van-hoa-gia-dinh",
        "cam-tiep-xuc-va-cac-bien-phap",
        "giup-nguoi-than-hang-xom",
        "gui-nguoi-dan-ong",
        "nam-gioi-bi-bao-luc",
        "quyen-cua-nguoi-bi-bao-luc",
        "tim-su-giup-do",
      ].sort(),
    );
    expect(en).toHaveLength(vi.length);
  });

  it("each have one h1, a description, a canonical URL, Open Graph tags and their translation linked both ways", () => {
    for (const [locale, other, slugs] of [
      ["vi", "en", vi],
      ["en", "vi", en],
    ] as const) {
      for (const slug of slugs) {
        const path = articlePath(locale, slug);
        const page = html(path);
        expect(page.match(/<h1[\s>]/g), path).toHaveLength(1);
        expect(attr(page, /<html lang="([^"]+)"/), path).toBe(locale);
        const description = meta(page, "description") ?? "";
        expect(description.length, path).toBeGreaterThanOrEqual(50);
        expect(meta(page, "og:description"), path).toBe(description);
        expect(meta(page, "og:type"), path).toBe("article");
        expect(meta(page, "og:url"), path).toBe(`${origin}${path}`);
        expect(attr(page, /<link rel="canonical" href="([^"]+)"/), path).toBe(`${origin}${path}`);
        expect(meta(page, "og:locale"), path).toBe(locale === "vi" ? "vi_VN" : "en_GB");
        expect(attr(page, /<title>([^<]+)<\/title>/), path).toContain(text(attr(page, /<h1[^>]*>([\s\S]*?)<\/h1>/) ?? "x"));
        // The translation: the language switch and hreflang lead to it, and it leads back.
        const counterpart = attr(page, /<a href="([^"]+)"[^>]*data-lang-switch/) ?? "";
        expect(counterpart, path).toMatch(new RegExp(`^${routes.articles[other]}[a-z0-9-]+/$`));
        expect(page, path).toContain(`<link rel="alternate" hreflang="${other}" href="${origin}${counterpart}">`);
        expect(attr(html(counterpart), /<a href="([^"]+)"[^>]*data-lang-switch/), counterpart).toBe(path);
        // Only the article is indexed for search; the help box under it leads to the directory and to 113.
        expect(page, path).toMatch(/<article class="article" data-pagefind-body>/);
        const helpBox = attr(page, /<aside class="help-box"[^>]*>([\s\S]*?)<\/aside>/) ?? "";
        expect(helpBox, path).toContain(`href="${routes.hotlines[locale]}"`);
        expect(helpBox, path).toContain(`href="${routes.communes[locale]}"`);
        expect(helpBox, path).toContain('href="tel:113"');
      }
    }
  });

  it("explain all 16 acts of Điều 3 (points a–q), grouped physical, psychological, sexual, economic", () => {
    const vi = text(html("/tim-hieu/bao-luc-gia-dinh-la-gi/"));
    for (const point of ["a", "b", "c", "d", "đ", "e", "g", "h", "i", "k", "l", "m", "n", "o", "p", "q"]) {
      expect(vi, point).toContain(`(điểm ${point})`);
    }
    expect(vi.match(/\(điểm [a-zđ]\)/g)).toHaveLength(16);
    for (const group of ["Bạo lực thể chất", "Bạo lực tinh thần", "Bạo lực tình dục", "Bạo lực kinh tế"]) expect(vi).toContain(group);
    const en = text(html("/en/learn/what-is-domestic-violence/"));
    expect(en.match(/\(point [a-zđ]\)/g)).toHaveLength(16);
  });

  it("explain the no-contact order: 3 days by the commune chair, 4 months by a court, and the ten measures of Điều 22", () => {
    const vi = text(html("/tim-hieu/cam-tiep-xuc-va-cac-bien-phap/"));
    expect(vi).toContain("không quá 3 ngày");
    expect(vi).toContain("không quá 4 tháng");
    expect(vi.match(/\((?:a|b|c|d|đ|e|g|h|i|k)\)/g)).toHaveLength(10);
    const en = text(html("/en/learn/no-contact-orders/"));
    expect(en).toContain("no more than 3 days");
    expect(en).toContain("no more than 4 months");
  });

  it("link the hotline and commune directory pages, and only to pages that exist", () => {
    const help = html("/tim-hieu/tim-su-giup-do/");
    expect(help).toContain('href="/duong-day-nong/"');
    expect(help).toContain('href="/xa-phuong/"');
    for (const path of builtPages(siteDir).filter((page) => page.startsWith("/tim-hieu/") || page.startsWith("/en/learn/"))) {
      for (const [, href] of html(path).matchAll(/<a href="(\/[^"#]*)"/g)) {
        expect(existsSync(join(siteDir, href?.endsWith("/") ? `${href}index.html` : (href ?? ""))), `${path} → ${href}`).toBe(true);
      }
    }
  });
});

describe("the honour roll and statistics slots", () => {
  it("exist in both languages, say plainly that nothing is published yet, and lead on", () => {
    for (const locale of ["vi", "en"] as const) {
      for (const [key, empty] of [
        ["honourRoll", ct(locale).honourEmpty],
        ["statistics", ct(locale).statsEmpty],
      ] as const) {
        const page = html(routes[key][locale]);
        expect(text(page)).toContain(empty);
        expect(page).toContain(`href="${routes.articles[locale]}"`);
        expect(page).toContain(`href="${routes.hotlines[locale]}"`);
        // Reachable from every public page: the footer links them.
        expect(html(routes.home[locale])).toContain(`href="${routes[key][locale]}"`);
      }
    }
  });
});

describe("search engines and sharing", () => {
  it("ships the search index for both languages, and only the files the search page uses", () => {
    const entry = JSON.parse(readFileSync(join(siteDir, "pagefind", "pagefind-entry.json"), "utf8")) as {
      languages: Record<string, { page_count: number }>;
    };
    expect(Object.fromEntries(Object.entries(entry.languages).map(([language, index]) => [language, index.page_count]))).toEqual({ vi: 9, en: 9 });
    const files = readdirSync(join(siteDir, "pagefind"));
    expect(files).toContain("pagefind.js");
    expect(files.filter((file) => /ui|highlight|worker|playground/.test(file))).toEqual([]);
  });

  it("lists every public page in the sitemap, with absolute URLs, and no officer or 404 page", () => {
    expect(readFileSync(join(siteDir, "sitemap-index.xml"), "utf8")).toContain(`${origin}/sitemap-0.xml`);
    const listed = [...readFileSync(join(siteDir, "sitemap-0.xml"), "utf8").matchAll(/<loc>([^<]+)<\/loc>/g)].map((match) => match[1]);
    const expected = builtPages(siteDir)
      .filter((path) => !isOfficerPage(path) && path !== "/404.html")
      .map((path) => `${origin}${path}`);
    expect(listed.sort()).toEqual(expected.sort());
  });

  it("points robots.txt at the sitemap", () => {
    expect(readFileSync(join(siteDir, "robots.txt"), "utf8")).toContain(`Sitemap: ${origin}/sitemap-index.xml`);
  });

  it("gives every public page a title, a description and Open Graph tags; keeps the 404 page out of the index", () => {
    for (const path of builtPages(siteDir).filter((page) => !isOfficerPage(page))) {
      const page = html(path);
      expect(attr(page, /<title>([^<]+)<\/title>/)?.length, path).toBeGreaterThan(10);
      expect(meta(page, "description")?.length, path).toBeGreaterThan(40);
      expect(meta(page, "og:title"), path).toBeDefined();
      expect(meta(page, "og:site_name"), path).toBeDefined();
    }
    expect(html("/404.html")).toContain('<meta name="robots" content="noindex">');
  });
});
