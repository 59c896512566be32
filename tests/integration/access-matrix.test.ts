import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isOfficerRoute, type OfficerRouteDefinition, routeKey, routeTable } from "../../functions/routes.ts";
import { type Jurisdiction, officerRoles } from "../../shared/permissions.ts";
import { adminFixtures } from "../support/access-matrix/admin.ts";
import { caseFixtures } from "../support/access-matrix/cases.ts";
import { commendationFixtures } from "../support/access-matrix/commendations.ts";
import type { Fixture } from "../support/access-matrix/fixture.ts";
import { oversightFixtures } from "../support/access-matrix/oversight.ts";
import { preventionFixtures } from "../support/access-matrix/prevention.ts";
import { reportFixtures } from "../support/access-matrix/reports.ts";
import { statisticsFixtures } from "../support/access-matrix/statistics.ts";
import { transferFixtures } from "../support/access-matrix/transfers.ts";
import { type OfficerApi, startOfficerApi } from "../support/officer-api.ts";

/**
 * The access matrix, generated from the route table: EVERY officer route × EVERY role × the
 * resource inside / outside the officer's jurisdiction, plus no token and a garbage token, each
 * with its exact status, through the local server and the real handlers.
 *
 * A route joins the matrix through a fixture below — how to call it, and which roles may. A new
 * officer route without a fixture fails this file; so does a fixture for a route that is gone.
 *
 * "inside" and "outside": for a province-level resource (officers, the audit log) the officer's
 * jurisdiction covers it when it is the whole province, and not when it is a commune; for a
 * commune's record, when it includes that commune. Denied is always 404, never 403.
 */
let system: OfficerApi;

const fixtures: Record<string, Fixture> = {
  ...adminFixtures(() => system),
  ...reportFixtures(() => system),
  ...caseFixtures(() => system),
  ...commendationFixtures(() => system),
  ...statisticsFixtures(() => system),
  ...preventionFixtures(() => system),
  ...oversightFixtures(() => system),
  ...transferFixtures(() => system),
};

beforeAll(async () => {
  system = await startOfficerApi("ninh-binh");
});
afterAll(async () => {
  await system?.close();
});

const officerRoutes = routeTable.filter(isOfficerRoute);

it("has officer routes to test", () => {
  expect(officerRoutes.length).toBeGreaterThanOrEqual(8);
});

it("has no fixture for a route that is not in the route table", () => {
  const keys = new Set(officerRoutes.map(routeKey));
  expect(Object.keys(fixtures).filter((key) => !keys.has(key))).toEqual([]);
});

type Placement = "inside" | "outside";

/** A jurisdiction that covers the route's resource (inside) or does not (outside). */
function jurisdictionFor(route: OfficerRouteDefinition, fixture: Fixture, placement: Placement): Jurisdiction {
  if (route.scope === "record") {
    const commune = fixture.commune?.() ?? "";
    const other = commune === system.commune1 ? system.commune2 : system.commune1;
    return { kind: "communes", communes: [placement === "inside" ? commune : other] };
  }
  return placement === "inside" ? { kind: "province" } : { kind: "communes", communes: [system.commune2] };
}

describe.each(officerRoutes.map((route) => [routeKey(route), route] as const))("%s", (key, route) => {
  const fixture = fixtures[key];

  it("has a fixture in the access matrix (add one to join it)", () => {
    expect(fixture, `no fixture for ${key} in tests/integration/access-matrix.test.ts`).toBeDefined();
    if (route.scope === "record") expect(fixture?.commune, `${key} is record-scoped: its fixture names the record's commune`).toBeDefined();
  });
  if (fixture === undefined) return;

  const cells = officerRoles.flatMap((role) => (["inside", "outside"] as const).map((placement) => [role, placement] as const));
  it.each(cells)("%s, resource %s the jurisdiction", async (role, placement) => {
    const allowed = fixture.allowed === "any-officer" || (fixture.allowed.includes(role) && placement === "inside");
    const { claims, token } = system.tokenFor([role], jurisdictionFor(route, fixture, placement));
    const request = await fixture.request({ id: claims.sub, role });
    const result = await system.call(request.method ?? route.method, request.path, { token, ...(request.body === undefined ? {} : { body: request.body }) });
    expect(result.status, JSON.stringify(result.json)).toBe(allowed ? fixture.success : 404);
    if (!allowed) expect(result.json.type).toBe("urn:pcblgd:problem:not-found");
    await request.after?.(allowed);
  });

  it.each([
    ["no token", undefined],
    ["a garbage token", "garbage.token.here"],
  ])("answers 401 to %s", async (_label, token) => {
    const request = await fixture.request({ id: randomUUID(), role: "province-admin" });
    const result = await system.call(request.method ?? route.method, request.path, {
      ...(token === undefined ? {} : { token }),
      ...(request.body === undefined ? {} : { body: request.body }),
    });
    expect(result.status).toBe(401);
    expect(result.json.type).toBe("urn:pcblgd:problem:unauthenticated");
    expect(result.headers.get("www-authenticate")).toMatch(/^Bearer/);
    await request.after?.(false);
  });
});
