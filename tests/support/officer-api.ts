import { loadProvince } from "../../infra/provinces/index.ts";
import type { Jurisdiction, OfficerRole } from "../../shared/permissions.ts";
import { fetchFrom } from "./from-address.ts";
import { startApi } from "./local-api.ts";
import { type OfficerClaims, officerClaims, startJwksServer } from "./tokens.ts";

/**
 * The local API (real handlers, DynamoDB Local, the local officer directory) with its OIDC
 * variables pointed at a test JWKS server, so a test can mint any officer's ID token — roles,
 * jurisdiction, expiry — and call officer routes over HTTP. Verification is the production code.
 */
export async function startOfficerApi(provinceSlug = "ninh-binh", options: { logLevel?: string } = {}) {
  const api = await startApi(provinceSlug, { logLevel: options.logLevel ?? "WARN" });
  const idp = await startJwksServer();
  Object.assign(process.env, idp.env);
  const province = loadProvince(provinceSlug);
  const [commune1, commune2] = province.communes.map((commune) => commune.code).sort() as [string, string];

  const tokenFor = (roles: readonly OfficerRole[], jurisdiction: "province" | readonly string[] | Jurisdiction, extra: Partial<OfficerClaims> = {}) => {
    const claims = { ...officerClaims({ roles, jurisdiction }), ...extra };
    return { claims, token: idp.mint(claims) };
  };

  /** `from`: the client's loopback address (tests/support/from-address.ts); default 127.0.0.1. */
  const call = async (method: string, path: string, options: { token?: string; body?: unknown; headers?: Record<string, string>; from?: string } = {}) => {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
    if (options.body !== undefined) headers["content-type"] = "application/json";
    const init = {
      method,
      headers,
      ...(options.body === undefined ? {} : { body: typeof options.body === "string" ? options.body : JSON.stringify(options.body) }),
    };
    const response = options.from === undefined ? await fetch(`${api.url}${path}`, init) : await fetchFrom(options.from, `${api.url}${path}`, init);
    const text = await response.text();
    // biome-ignore lint/suspicious/noExplicitAny: answers are checked field by field in the tests
    const json = (text && /json/.test(response.headers.get("content-type") ?? "json") ? JSON.parse(text) : undefined) as any;
    return { status: response.status, headers: response.headers, json };
  };

  return {
    api,
    idp,
    province,
    /** The province's first two communes by code: "xã 1" and "xã 2" of the seeded officers. */
    commune1,
    commune2,
    tokenFor,
    /** A province administrator (random sub) — allowed everything admin:users and audit:read allow. */
    adminToken: () => tokenFor(["province-admin"], "province").token,
    call,
    close: async () => {
      await idp.close();
      await api.close();
    },
  };
}

export type OfficerApi = Awaited<ReturnType<typeof startOfficerApi>>;
