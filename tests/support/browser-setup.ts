import { rmSync } from "node:fs";
import type { TestProject } from "vitest/node";
import { assertChromium } from "./browser.ts";
import { buildSite } from "./site-build.ts";

/**
 * Global setup of the browser projects (site and e2e): stops at once, with the command that fixes
 * it, when Debian's Chromium is missing; then builds the Ninh Bình site once (the real
 * `astro build`, with its search index) into a directory of its own that every file serves.
 */
export default async function setup(project: TestProject): Promise<() => void> {
  assertChromium();
  const siteDir = await buildSite("ninh-binh", { SITE_URL: "" });
  project.provide("siteDir", siteDir);
  return () => rmSync(siteDir, { recursive: true, force: true });
}

declare module "vitest" {
  export interface ProvidedContext {
    siteDir: string;
  }
}
