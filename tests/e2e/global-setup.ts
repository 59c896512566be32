import { rmSync } from "node:fs";
import type { TestProject } from "vitest/node";
import { assertChromium } from "../support/browser.ts";
import { buildSite } from "../support/site-build.ts";

/**
 * The browser tests' own setup, before DynamoDB Local (tests/integration/global-setup.ts): stops
 * at once, with the command that fixes it, when Debian's Chromium is missing; then builds the site
 * once into a temporary directory that every e2e file serves.
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
