import { inject } from "vitest";
import { seededOfficerPassword, seededOfficers } from "../../functions/admin/local-officer-directory.ts";
import { loadProvince } from "../../infra/provinces/index.ts";
import { startApi } from "./local-api.ts";

/**
 * The whole local system as `npm start` runs it, for the browser tests: `startApi` with the built
 * site (tests/support/browser-setup.ts) and the OpenID provider with the demo officers.
 */
export async function startLocalSystem(provinceSlug = "ninh-binh", options: { idTokenTtlSeconds?: number } = {}) {
  const api = await startApi(provinceSlug, { siteDir: inject("siteDir"), logLevel: "ERROR", oidc: { progressiveDelay: false, ...options } });
  const province = loadProvince(provinceSlug);
  return {
    url: api.url,
    province,
    directory: api.directory,
    outboxDir: api.outboxDir,
    officers: seededOfficers(province),
    password: seededOfficerPassword,
    close: api.close,
  };
}

export type LocalSystem = Awaited<ReturnType<typeof startLocalSystem>>;
