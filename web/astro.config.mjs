// @ts-check
/**
 * The public site, one static build per province: `PROVINCE=ninh-binh astro build --root web`.
 *
 * The province file is loaded and validated here, in Node, by the same `loadProvince()` that CDK,
 * the local runtime and the seed use, so a bad file stops the build with the path of the bad field.
 * Pages read the validated data from the virtual module `virtual:pcblgd/province` (see
 * src/data/province.ts): the JSON is embedded at build time, so the page code never touches the
 * file system and never depends on where the bundler put it.
 *
 * The site is served with `script-src 'self'; style-src 'self'` (shared/security-headers.ts), so
 * nothing may be inlined: stylesheets and scripts are always emitted as files.
 */
import sitemap from "@astrojs/sitemap";
import { defineConfig } from "astro/config";
import { loadProvince } from "../infra/provinces/index.ts";
import { communeFullName } from "../shared/province.ts";
import { searchIndex } from "./src/integrations/search-index.ts";
import { siteUrl } from "./src/site-url.ts";

// No calls home from builds, previews or the dev server (Astro reads this when it records).
process.env.ASTRO_TELEMETRY_DISABLED = "1";

const slug = process.env.PROVINCE?.trim() || "ninh-binh";
const province = loadProvince(slug);

/**
 * Two virtual modules: the whole province for pages (rendered at build time), and only the
 * communes' codes and full names for the officer pages' scripts, which ship to the browser.
 */
const virtualModules = {
  "virtual:pcblgd/province": `export default ${JSON.stringify(province)};`,
  "virtual:pcblgd/communes": `export default ${JSON.stringify(
    province.communes.map((commune) => ({ code: commune.code, name: communeFullName(commune, "vi"), nameEn: communeFullName(commune, "en") })),
  )};`,
};

/** @returns {import("vite").Plugin} */
function provinceData() {
  return {
    name: "pcblgd-province",
    resolveId(id) {
      return Object.hasOwn(virtualModules, id) ? `\0${id}` : undefined;
    },
    load(id) {
      const key = id.startsWith("\0") ? id.slice(1) : undefined;
      return key && Object.hasOwn(virtualModules, key) ? virtualModules[/** @type {keyof typeof virtualModules} */ (key)] : undefined;
    },
  };
}

/**
 * oidc-client-ts falls back to localStorage where no store is passed. The officer scripts always
 * pass sessionStorage; this rewrite also removes the fallbacks, so nothing in the shipped bundle can
 * put tokens or sign-in state in localStorage (tests/web/site-build.test.ts checks the built JS).
 * @returns {import("vite").Plugin}
 */
function noLocalStorage() {
  return {
    name: "pcblgd-no-local-storage",
    enforce: "pre",
    transform(code, id) {
      if (!id.includes("/node_modules/oidc-client-ts/")) return undefined;
      return { code: code.replaceAll("localStorage", "sessionStorage"), map: null };
    },
  };
}

export default defineConfig({
  output: "static",
  // Absolute URLs (canonical, hreflang, Open Graph, sitemap): SITE_URL, default http://localhost:4321.
  site: siteUrl(),
  integrations: [
    // Public pages only: the officer area and the 404 page are not for search engines.
    sitemap({ filter: (page) => !/\/(?:can-bo|dang-nhap)\/|\/404\/?$/.test(new URL(page).pathname) }),
    // The site search index (pagefind), written to <outDir>/pagefind/ after every build.
    searchIndex(),
  ],
  trailingSlash: "always",
  build: {
    format: "directory",
    inlineStylesheets: "never",
  },
  compressHTML: true,
  devToolbar: { enabled: false },
  prefetch: false,
  vite: {
    plugins: [provinceData(), noLocalStorage()],
    build: {
      // Never turn a small script, stylesheet or image into an inline <script>, <style> or data: URL.
      assetsInlineLimit: 0,
    },
  },
});
