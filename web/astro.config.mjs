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
import { defineConfig } from "astro/config";
import { loadProvince } from "../infra/provinces/index.ts";

// No calls home from builds, previews or the dev server (Astro reads this when it records).
process.env.ASTRO_TELEMETRY_DISABLED = "1";

const slug = process.env.PROVINCE?.trim() || "ninh-binh";
const province = loadProvince(slug);

const virtualId = "virtual:pcblgd/province";
const resolvedVirtualId = `\0${virtualId}`;

/** @returns {import("vite").Plugin} */
function provinceData() {
  return {
    name: "pcblgd-province",
    resolveId(id) {
      return id === virtualId ? resolvedVirtualId : undefined;
    },
    load(id) {
      return id === resolvedVirtualId ? `export default ${JSON.stringify(province)};` : undefined;
    },
  };
}

export default defineConfig({
  output: "static",
  trailingSlash: "always",
  build: {
    format: "directory",
    inlineStylesheets: "never",
  },
  compressHTML: true,
  devToolbar: { enabled: false },
  prefetch: false,
  vite: {
    plugins: [provinceData()],
    build: {
      // Never turn a small script, stylesheet or image into an inline <script>, <style> or data: URL.
      assetsInlineLimit: 0,
    },
  },
});
