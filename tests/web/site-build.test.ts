/**
 * Builds the public site once per province (the real `astro build`, into a temporary directory)
 * and checks the HTML a visitor gets: every page, both languages, the commune directory complete,
 * tap-to-call hotlines, the quick exit everywhere, nothing the CSP would block, no third-party
 * addresses, and no link that leads nowhere.
 */

import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadProvince } from "../../infra/provinces/index.ts";
import { officerRoles } from "../../shared/permissions.ts";
import { communeFullName } from "../../shared/province.ts";
import { articlePath } from "../../web/src/articles.ts";
import { type Locale, officerRoutes, quickExitUrl, routes, t } from "../../web/src/i18n.ts";
import { siteUrl } from "../../web/src/site-url.ts";
import { buildSite as buildSiteInto } from "../support/site-build.ts";

const run = promisify(execFile);
const repo = fileURLToPath(new URL("../..", import.meta.url));
const webRoot = join(repo, "web");
/** The project's own Astro, run by the Node that runs the tests (22), whatever `node` is on PATH. */
const astroBin = join(repo, "node_modules", ".bin", "astro");

interface BuiltSite {
  dir: string;
  /** Site path ("/", "/en/hotlines/", "/404.html") → HTML. */
  pages: Map<string, string>;
  /** Every file, as a path relative to the output directory. */
  files: string[];
}

/** Each build gets a directory of its own (see tests/support/site-build.ts: builds running at once must not share one). */
async function buildSite(province: string): Promise<BuiltSite> {
  return readSite(await buildSiteInto(province));
}

function readSite(dir: string): BuiltSite {
  const files = listFiles(dir).map((file) => relative(dir, file).split(sep).join("/"));
  const pages = new Map<string, string>();
  for (const file of files.filter((name) => name.endsWith(".html"))) {
    const path = file === "index.html" ? "/" : file.endsWith("/index.html") ? `/${file.slice(0, -"index.html".length)}` : `/${file}`;
    pages.set(path, readFileSync(join(dir, file), "utf8"));
  }
  return { dir, pages, files };
}

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? listFiles(path) : [path];
  });
}

/** The file a root-relative URL is served from (directory URLs serve their index.html), or undefined. */
function fileFor(site: BuiltSite, url: string): string | undefined {
  const path = decodeURI(url.replace(/[?#].*$/, ""));
  const candidate = path.endsWith("/") ? `${path}index.html` : path;
  const file = join(site.dir, candidate);
  return existsSync(file) && statSync(file).isFile() ? file : undefined;
}

interface Tag {
  name: string;
  attrs: Record<string, string>;
  /** The content up to the matching close tag ("" for void elements such as input, link). */
  inner: string;
}

/** A small tag reader: enough for the flat, machine-written HTML Astro emits. */
function tags(html: string, name: string): Tag[] {
  const found: Tag[] = [];
  const open = new RegExp(`<${name}(?=[\\s>/])([^>]*)>`, "gi");
  for (const match of html.matchAll(open)) {
    const attrs: Record<string, string> = {};
    for (const attr of (match[1] ?? "").matchAll(/([^\s=/"']+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?/g)) {
      attrs[(attr[1] ?? "").toLowerCase()] = attr[2] ?? attr[3] ?? attr[4] ?? "";
    }
    const start = (match.index ?? 0) + match[0].length;
    found.push({ name, attrs, inner: innerUntilClose(html, name, start) });
  }
  return found;
}

/** The content from `start` to the close tag that matches, counting nested elements of the same name. */
function innerUntilClose(html: string, name: string, start: number): string {
  const boundary = new RegExp(`<(/?)${name}(?=[\\s>/])[^>]*>`, "gi");
  boundary.lastIndex = start;
  let depth = 1;
  for (let match = boundary.exec(html); match; match = boundary.exec(html)) {
    depth += match[1] === "/" ? -1 : 1;
    if (depth === 0) return html.slice(start, match.index);
  }
  return "";
}

const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, " ")
    .replace(/\s+/g, " ")
    .trim();

const pagesByLocale: Record<Locale, string[]> = {
  vi: Object.values(routes).map((route) => route.vi),
  en: Object.values(routes).map((route) => route.en),
};
/** One page per article file, web/src/content/articles/<vi|en>/<slug>.md, at the address its folder and name give it. */
const articlePages = (["vi", "en"] as const).flatMap((locale) =>
  readdirSync(join(webRoot, "src", "content", "articles", locale))
    .filter((file) => file.endsWith(".md"))
    .map((file) => articlePath(locale, file.slice(0, -".md".length))),
);
/** The officer area (sign-in and /can-bo/ pages): Vietnamese only, no quick exit, no public footer. */
const officerPages: string[] = Object.values(officerRoutes);
const isOfficerPage = (path: string) => officerPages.includes(path);
const allPages = [...pagesByLocale.vi, ...pagesByLocale.en, ...articlePages, ...officerPages, "/404.html"];
/** The origin absolute URLs (canonical, hreflang, Open Graph) are built for: SITE_URL, or the default. */
const origin = siteUrl();
/** A URL on this site, absolute or not, as a root-relative path. */
const onSite = (url: string) => (url.startsWith(`${origin}/`) ? url.slice(origin.length) : url);

function page(site: BuiltSite, path: string): string {
  const html = site.pages.get(path);
  if (html === undefined) throw new Error(`page ${path} was not built; built: ${[...site.pages.keys()].join(", ")}`);
  return html;
}

const ninhBinh = loadProvince("ninh-binh");
let site: BuiltSite;
let sample: BuiltSite;
let buildSeconds = 0;

beforeAll(async () => {
  const started = performance.now();
  site = await buildSite("ninh-binh");
  buildSeconds = (performance.now() - started) / 1000;
  sample = await buildSite("tinh-mau");
});

afterAll(() => {
  for (const built of [site, sample]) if (built) rmSync(built.dir, { recursive: true, force: true });
});

describe("the Ninh Bình build", () => {
  it("builds every page, and only those, in a few seconds", () => {
    expect([...site.pages.keys()].sort()).toEqual([...allPages].sort());
    expect(buildSeconds).toBeLessThan(60);
  });

  it("marks each page with its language", () => {
    for (const locale of ["vi", "en"] as const) {
      for (const path of pagesByLocale[locale]) {
        expect(tags(page(site, path), "html")[0]?.attrs.lang, path).toBe(locale);
      }
    }
    const notFound = page(site, "/404.html");
    expect(tags(notFound, "html")[0]?.attrs.lang).toBe("vi");
    expect(notFound).toMatch(/<div lang="en"[^>]*>\s*<h2>Page not found<\/h2>/);
  });

  it("links every page to its counterpart in the other language, with hreflang alternates", () => {
    for (const route of Object.values(routes)) {
      for (const [locale, other] of [
        ["vi", "en"],
        ["en", "vi"],
      ] as const) {
        const html = page(site, route[locale]);
        const switches = tags(html, "a").filter((a) => "data-lang-switch" in a.attrs);
        expect(switches, route[locale]).toHaveLength(1);
        expect(switches[0]?.attrs).toMatchObject({ href: route[other], lang: other, hreflang: other });
        expect(switches[0]?.inner).toBe(t(other).languageName);
        const alternates = tags(html, "link").filter((link) => link.attrs.rel === "alternate");
        expect(alternates.map((link) => [link.attrs.hreflang, link.attrs.href])).toEqual([
          ["vi", `${origin}${route.vi}`],
          ["en", `${origin}${route.en}`],
          ["x-default", `${origin}${route.vi}`],
        ]);
        expect(tags(html, "link").find((link) => link.attrs.rel === "canonical")?.attrs.href).toBe(`${origin}${route[locale]}`);
      }
    }
    const fromNotFound = tags(page(site, "/404.html"), "a").find((a) => "data-lang-switch" in a.attrs);
    expect(fromNotFound?.attrs.href).toBe(routes.home.en);
  });

  it("has a quick exit on every public page: a plain link to the neutral site, named in the page's language, wired to its script", () => {
    for (const [path, html] of site.pages) {
      if (isOfficerPage(path)) {
        // Officer pages are for staff signed in at work; the quick exit is the public's.
        expect(
          tags(html, "a").filter((a) => "data-quick-exit" in a.attrs),
          path,
        ).toHaveLength(0);
        continue;
      }
      const locale = tags(html, "html")[0]?.attrs.lang === "en" ? "en" : "vi";
      const exits = tags(html, "a").filter((a) => "data-quick-exit" in a.attrs);
      expect(exits, path).toHaveLength(1);
      expect(exits[0]?.attrs.href, path).toBe(quickExitUrl);
      expect(exits[0]?.attrs.rel?.split(/\s+/), path).toContain("noreferrer");
      expect(exits[0]?.inner.trim(), path).toBe(t(locale).quickExit);
      // Its script ships on the page: the one that calls location.replace and counts Shift presses.
      const scripts = tags(html, "script").map((script) => readFileSync(fileFor(site, script.attrs.src ?? "") ?? "/dev/null", "utf8"));
      expect(
        scripts.some((js) => js.includes("location.replace") && js.includes("Shift") && js.includes("data-quick-exit")),
        path,
      ).toBe(true);
    }
  });

  it("has a skip link to the main content on every page", () => {
    for (const [path, html] of site.pages) {
      const first = tags(html, "a")[0];
      expect(first?.attrs.href, path).toBe("#main");
      expect(html, path).toContain('<main id="main"');
    }
  });

  it("lists exactly the 129 communes, with type, name and official code, in both languages", () => {
    expect(ninhBinh.communes).toHaveLength(129);
    const expectedCodes = ninhBinh.communes.map((commune) => commune.code).sort();
    for (const locale of ["vi", "en"] as const) {
      const html = page(site, routes.communes[locale]);
      const items = tags(html, "li").filter((li) => li.attrs.class === "commune");
      expect(items, locale).toHaveLength(129);
      expect(items.map((li) => li.attrs.id?.replace(/^xa-/, "")).sort(), locale).toEqual(expectedCodes);
      for (const commune of ninhBinh.communes) {
        expect(html, `${locale} ${commune.code}`).toContain(`<h2>${communeFullName(commune, locale)}</h2>`);
      }
    }
    const vi = page(site, routes.communes.vi);
    expect(vi).toContain("Phường Phủ Lý");
    expect(vi).toContain("13285");
    expect(text(vi)).toContain("Có 129 xã, phường, đặc khu.");
    const wards = ninhBinh.communes.filter((commune) => commune.type === "phuong").length;
    expect(text(vi)).toContain(`tỉnh Ninh Bình có 129 đơn vị hành chính cấp xã, gồm ${129 - wards} xã và ${wards} phường.`);
  });

  it("says under each commune without a trusted address that it has none, and once, above the list, to call 113 or 111", () => {
    for (const locale of ["vi", "en"] as const) {
      const html = page(site, routes.communes[locale]);
      const communes = tags(html, "li").filter((li) => li.attrs.class === "commune");
      const bare = communes.filter((li) => li.inner.includes(`<p class="empty">${t(locale).noTrustedAddress}</p>`));
      expect(bare, locale).toHaveLength(129);
      // What to do instead is said once, not 129 times.
      const help = tags(html, "p").filter((p) => p.attrs.id === "directory-help");
      expect(help, locale).toHaveLength(1);
      expect(help[0]?.inner, locale).toContain(t(locale).noTrustedAddressHelp);
      expect(help[0]?.inner, locale).toContain('href="tel:113"');
      expect(help[0]?.inner, locale).toContain('href="tel:111"');
      expect(
        communes.filter((li) => li.inner.includes('href="tel:113"')),
        locale,
      ).toEqual([]);
    }
  });

  it("keeps the directory light: no empty block per commune, one template for the live directory to clone", () => {
    for (const locale of ["vi", "en"] as const) {
      const html = page(site, routes.communes[locale]);
      // The province file seeds no entry: no commune carries a hotlines or addresses block.
      expect(html.match(/data-directory-for=/g) ?? [], locale).toEqual([]);
      const template = tags(html, "template").find((element) => element.attrs.id === "commune-directory");
      expect(template?.inner, locale).toContain('data-part="hotlines"');
      expect(template?.inner, locale).toContain(`<h3>${t(locale).trustedAddresses}</h3>`);
      expect(template?.inner, locale).toContain(`data-part="empty">${t(locale).noTrustedAddress}</p>`);
      // 129 communes with their search data and former names: 103 KB when each carried empty blocks.
      expect(Buffer.byteLength(html), locale).toBeLessThan(64 * 1024);
    }
  });

  it("gives the commune search a label, a hint, a live count, folded search text and its external script", () => {
    for (const locale of ["vi", "en"] as const) {
      const html = page(site, routes.communes[locale]);
      const label = tags(html, "label").find((l) => l.attrs.for === "commune-search");
      expect(label?.inner).toBe(t(locale).searchLabel);
      expect(tags(html, "input").find((input) => input.attrs.id === "commune-search")?.attrs.type).toBe("search");
      const count = tags(html, "p").find((p) => p.attrs.id === "commune-count");
      expect(count?.attrs["aria-live"]).toBe("polite");
      expect(count?.attrs["data-count-some"]).toContain("{n}");
      expect(html).toContain('data-search="phu ly 13285" data-kind="phuong ward"');
      // The page's script with the modules it imports (the folding code is a chunk shared with the site search).
      const scripts = tags(html, "script").map((script) => {
        const file = fileFor(site, script.attrs.src ?? "") ?? "/dev/null";
        const js = readFileSync(file, "utf8");
        const imported = [...js.matchAll(/from\s*"\.\/([^"]+\.js)"/g)].map((match) => readFileSync(join(file, "..", match[1] ?? ""), "utf8"));
        return [js, ...imported].join("\n");
      });
      expect(scripts.some((js) => js.includes("#commune-search") && /normalize\(.NFD.\)/.test(js))).toBe(true);
    }
  });

  it("makes 111 and 113 tap-to-call on the home and hotline pages, and in every footer", () => {
    const calls = (path: string, className: string) =>
      tags(page(site, path), "a")
        .filter((a) => a.attrs.class === className)
        .map((a) => a.attrs.href);
    for (const locale of ["vi", "en"] as const) {
      expect(calls(routes.home[locale], "call-button"), locale).toEqual(["tel:113", "tel:111"]);
      expect(calls(routes.hotlines[locale], "call-link"), locale).toEqual(expect.arrayContaining(["tel:113", "tel:111"]));
    }
    for (const [path, html] of [...site.pages].filter(([candidate]) => !isOfficerPage(candidate))) {
      const footer = tags(html, "footer")[0]?.inner ?? "";
      expect(footer, path).toContain('href="tel:113"');
      expect(footer, path).toContain('href="tel:111"');
    }
    const home = text(page(site, routes.home.vi));
    expect(home).toContain("Đang gặp nguy hiểm? Gọi 113");
  });

  it("lists the province's hotlines with name, hours and cost, and says when no commune has its own", () => {
    const html = page(site, routes.hotlines.vi);
    for (const hotline of ninhBinh.hotlines) {
      expect(html).toContain(`href="tel:${hotline.number}"`);
      expect(html).toContain(hotline.name.vi);
      expect(html).toContain(hotline.hours.vi);
    }
    expect(text(html)).toContain(t("vi").noCommuneHotlines);
    expect(page(site, routes.hotlines.en)).toContain(ninhBinh.hotlines[0]?.name.en);
  });

  it("ships no inline script, inline style or event handler attribute (the CSP allows none)", () => {
    for (const [path, html] of site.pages) {
      for (const script of tags(html, "script")) {
        expect(script.attrs.src, `${path}: inline <script>`).toMatch(/^\/_astro\/.+\.js$/);
        expect(script.inner.trim(), path).toBe("");
      }
      expect(tags(html, "style"), `${path}: <style>`).toHaveLength(0);
      expect(html, `${path}: style=""`).not.toMatch(/<[^>]+\sstyle\s*=/i);
      expect(html, `${path}: on*=""`).not.toMatch(/<[^>]+\son[a-z]+\s*=/i);
      expect(html, `${path}: javascript: URL`).not.toMatch(/javascript:/i);
      const stylesheets = tags(html, "link").filter((link) => link.attrs.rel === "stylesheet");
      expect(stylesheets, path).toHaveLength(1);
    }
  });

  it("names no third-party host except the quick-exit target, in pages, styles or scripts", () => {
    for (const [path, html] of site.pages) {
      const urls = [...html.matchAll(/(?:https?:)?\/\/[^\s"'<>)]+/gi)].map((match) => match[0]);
      expect(
        urls.filter((url) => url !== quickExitUrl && !url.startsWith(`${origin}/`)),
        path,
      ).toEqual([]);
    }
    // pagefind's bundle parses result URLs against "https://example.com" (new URL(path, base)); it requests nothing there.
    // oidc-client-ts parses URLs against "http://127.0.0.1" the same way; the provider it talks to comes from /auth-config.json.
    for (const file of site.files.filter((name) => /\.(css|js)$/.test(name) && !name.startsWith("pagefind/"))) {
      const js = readFileSync(join(site.dir, file), "utf8").replaceAll("`http://127.0.0.1`", "");
      expect(js, file).not.toMatch(/https?:\/\//);
    }
  });

  it("has no dead ends: every internal link, script, stylesheet and fragment resolves", () => {
    let checked = 0;
    for (const [path, html] of site.pages) {
      // Absolute URLs of this site (canonical, hreflang) are checked like root-relative ones.
      const refs = [...html.matchAll(/\s(?:href|src)="([^"]*)"/g)].map((match) => onSite(match[1] ?? ""));
      for (const ref of refs) {
        if (ref.startsWith("#")) {
          expect(html, `${path} → ${ref}`).toContain(`id="${ref.slice(1)}"`);
        } else if (ref.startsWith("/")) {
          expect(ref, `${path}: protocol-relative URL`).not.toMatch(/^\/\//);
          expect(fileFor(site, ref), `${path} → ${ref}`).toBeDefined();
          if (!/\.[a-z0-9]+$/i.test(ref.replace(/[?#].*$/, ""))) expect(ref, `${path}: trailing slash`).toMatch(/\/(?:[?#].*)?$/);
        } else {
          expect(ref, `${path}: unexpected link`).toMatch(/^(?:tel:\+?\d+|https:\/\/www\.google\.com\/search\?)/);
          continue;
        }
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(50);
  });

  it("keeps the home page light: HTML + CSS + JS under 60 KB before compression", () => {
    const html = page(site, "/");
    const assets = [...tags(html, "link").filter((link) => link.attrs.rel === "stylesheet"), ...tags(html, "script").filter((script) => script.attrs.src)].map(
      (tag) => fileFor(site, tag.attrs.href ?? tag.attrs.src ?? "") ?? "",
    );
    const bytes = Buffer.byteLength(html) + assets.reduce((sum, file) => sum + statSync(file).size, 0);
    expect(bytes).toBeLessThan(60 * 1024);
  });

  it("serves a helpful 404 in both languages", () => {
    const hrefs = tags(page(site, "/404.html"), "main")[0]?.inner ?? "";
    for (const href of [routes.home.vi, routes.hotlines.vi, routes.home.en, routes.hotlines.en]) {
      expect(hrefs).toContain(`href="${href}"`);
    }
  });
});

describe("the officer pages (Ninh Bình build)", () => {
  const gated = officerPages.filter((path) => path.startsWith("/can-bo/"));

  it("are Vietnamese, kept out of search engines, and carry their own external scripts", () => {
    expect(gated).toEqual([
      "/can-bo/",
      "/can-bo/quan-tri/can-bo/",
      "/can-bo/quan-tri/nhat-ky/",
      "/can-bo/tin-bao/",
      "/can-bo/tin-bao/chi-tiet/",
      "/can-bo/tin-bao/nhap/",
      // Cases (issue 5)
      "/can-bo/vu-viec/",
      "/can-bo/vu-viec/ho-so/",
      "/can-bo/vu-viec/tim-theo-ten/",
      // Statistics (issue 11)
      "/can-bo/thong-ke/",
      "/can-bo/thong-ke/xa/",
      // Commendations (issue 7)
      "/can-bo/khen-thuong/",
      "/can-bo/khen-thuong/de-nghi/",
      "/can-bo/khen-thuong/ho-so/",
      // The prevention network (issue 12)
      "/can-bo/phong-ngua/danh-ba/",
      "/can-bo/phong-ngua/",
      "/can-bo/phong-ngua/mo-hinh/",
      "/can-bo/phong-ngua/tap-huan/",
      // My work (issue 14)
      "/can-bo/viec-cua-toi/",
      // Transfers between communes (issue 14)
      "/can-bo/chuyen-den/",
      // Oversight (issue 13)
      "/can-bo/giam-sat/",
      "/can-bo/giam-sat/chi-tiet/",
      "/can-bo/giam-sat/bao-cao-nam/",
    ]);
    for (const path of officerPages) {
      const html = page(site, path);
      expect(tags(html, "html")[0]?.attrs.lang, path).toBe("vi");
      expect(tags(html, "meta").find((meta) => meta.attrs.name === "robots")?.attrs.content, path).toBe("noindex, nofollow");
      expect(tags(html, "script").length, path).toBeGreaterThan(0);
    }
    expect(text(page(site, officerRoutes.signIn))).toContain(t("vi").officer.signInButton);
    expect(tags(page(site, officerRoutes.signedOut), "a").map((a) => a.attrs.href)).toContain(officerRoutes.signIn);
  });

  it("show nothing of a /can-bo/ page until the script has found a session, and say so without JavaScript", () => {
    for (const path of gated) {
      const html = page(site, path);
      const content = tags(html, "div").filter((div) => "data-gate-content" in div.attrs);
      expect(content, path).toHaveLength(1);
      expect(content[0]?.attrs, path).toHaveProperty("hidden");
      expect(html, path).toContain(t("vi").officer.checkingSession);
      expect(tags(html, "noscript")[0]?.inner, path).toContain(t("vi").officer.needsJs);
      // The header's name, sign-out and admin links wait for the session too.
      expect(tags(html, "div").find((div) => "data-session" in div.attrs)?.attrs, path).toHaveProperty("hidden");
      for (const item of tags(html, "li").filter((li) => "data-requires" in li.attrs)) expect(item.attrs, path).toHaveProperty("hidden");
    }
  });

  it("label every form control, give every choice group a legend, and use each id once", () => {
    for (const path of officerPages) {
      const html = page(site, path);
      const labelled = new Set(tags(html, "label").map((label) => label.attrs.for));
      for (const control of [...tags(html, "input"), ...tags(html, "select")].filter((tag) => tag.attrs.type !== "hidden")) {
        expect(labelled.has(control.attrs.id), `${path}: <${control.name} name="${control.attrs.name ?? ""}" id="${control.attrs.id ?? ""}">`).toBe(true);
      }
      for (const fieldset of tags(html, "fieldset")) expect(tags(fieldset.inner, "legend").length, `${path}: fieldset ${fieldset.attrs.id}`).toBeGreaterThan(0);
      const ids = [...html.matchAll(/\sid="([^"]+)"/g)].map((match) => match[1]);
      expect(ids.length, path).toBe(new Set(ids).size);
    }
  });

  it("let the admin choose among every role and every commune of the province, from the build's own data", () => {
    const html = page(site, officerRoutes.adminOfficers);
    // The invitation and the edit forms (the bulk import form takes a file instead).
    const officerForms = tags(html, "form").filter((form) => tags(form.inner, "input").some((input) => input.attrs.name === "roles"));
    expect(officerForms.length).toBeGreaterThanOrEqual(2);
    for (const form of officerForms) {
      const inputs = tags(form.inner, "input");
      expect(
        inputs.filter((input) => input.attrs.name === "roles").map((input) => input.attrs.value),
        form.attrs.id,
      ).toEqual([...officerRoles]);
      expect(
        inputs.filter((input) => input.attrs.name === "communes").map((input) => input.attrs.value),
        form.attrs.id,
      ).toEqual(ninhBinh.communes.map((commune) => commune.code));
    }
    expect(officerForms.map((form) => form.attrs.id)).toEqual(["invite-form", "edit-form"]);
  });

  it("never touch localStorage: tokens, sign-in state and drafts stay in sessionStorage", () => {
    const scripts = site.files.filter((file) => file.endsWith(".js")).map((file) => [file, readFileSync(join(site.dir, file), "utf8")] as const);
    for (const [file, js] of scripts) expect(js, file).not.toContain("localStorage");
    const signIn = scripts.filter(([, js]) => js.includes("signinRedirect"));
    expect(signIn.length).toBeGreaterThan(0);
    for (const [file, js] of signIn) expect(js, file).toContain("sessionStorage");
  });

  it("keep the public pages free of the sign-in code", () => {
    for (const [path, html] of [...site.pages].filter(([candidate]) => !isOfficerPage(candidate))) {
      for (const script of tags(html, "script")) {
        const js = readFileSync(fileFor(site, script.attrs.src ?? "") ?? "/dev/null", "utf8");
        expect(js.includes("signinRedirect"), `${path}: ${script.attrs.src}`).toBe(false);
      }
    }
  });
});

describe("a province with trusted addresses and commune hotlines (tinh-mau)", () => {
  const tinhMau = loadProvince("tinh-mau");

  it("shows each trusted address under its commune, with a tap-to-call phone when there is one", () => {
    for (const locale of ["vi", "en"] as const) {
      const items = tags(page(sample, routes.communes[locale]), "li").filter((li) => li.attrs.class === "commune");
      expect(items, locale).toHaveLength(tinhMau.communes.length);
      for (const address of tinhMau.trustedAddresses) {
        const item = items.find((li) => li.attrs.id === `xa-${address.commune}`);
        expect(item?.inner, address.id).toContain(address.name);
        expect(item?.inner, address.id).toContain(address.address);
        if (address.phone) expect(item?.inner, address.id).toContain(`href="tel:${address.phone.replace(/\s/g, "")}"`);
      }
      // A commune with a hotline of its own lists it under its commune.
      expect(items.find((li) => li.attrs.id === "xa-99001")?.inner, locale).toContain('href="tel:0200000001"');
      // The commune without any entry says so in one line, and carries no empty block.
      const bare = items.find((li) => li.attrs.id === "xa-99003");
      expect(bare?.inner).toContain(`<p class="empty">${t(locale).noTrustedAddress}</p>`);
      expect(bare?.inner).not.toContain("data-directory-for");
    }
  });

  it("groups commune hotlines under their commune, after the province-wide ones", () => {
    const html = page(sample, routes.hotlines.vi);
    const provinceWide = html.indexOf(t("vi").provinceWideHeading);
    const commune = html.indexOf('<h3 id="hl-99001">Phường An Hòa</h3>');
    expect(provinceWide).toBeGreaterThan(-1);
    expect(commune).toBeGreaterThan(provinceWide);
    expect(html.slice(commune)).toContain('href="tel:0200000001"');
    // The "none yet" line is there for the live redraw, hidden while a commune has a line.
    expect(html).toContain(`<p class="empty" data-part="empty-communes" hidden>${t("vi").noCommuneHotlines}</p>`);
  });

  it("warns that the data is illustrative", () => {
    expect(text(page(sample, "/"))).toContain(t("vi").sampleBanner);
    expect(text(page(site, "/"))).not.toContain(t("vi").sampleBanner);
  });
});

describe("a bad province", () => {
  it("stops the build and names the known provinces", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pcblgd-web-bad-"));
    try {
      const failure = await run(process.execPath, [astroBin, "build", "--root", webRoot, "--outDir", dir], {
        cwd: repo,
        env: { ...process.env, PROVINCE: "khong-co", ASTRO_TELEMETRY_DISABLED: "1" },
      }).then(
        () => undefined,
        (error: { stdout: string; stderr: string }) => error,
      );
      expect(failure).toBeDefined();
      expect(`${failure?.stdout}${failure?.stderr}`).toMatch(/unknown province "khong-co".*ninh-binh/s);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
