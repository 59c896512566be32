import { beforeAll, describe, expect, it, vi } from "vitest";
import { httpFunctions } from "../../functions/catalogue.ts";
import { type FunctionName, functionsServingOfficers, isOfficerRoute, routeKey, routeTable } from "../../functions/routes.ts";
import { permissions } from "../../shared/permissions.ts";
import { tableDefinitions } from "../../shared/tables.ts";

/**
 * The route table is the single source of truth: every route has a handler route in its function
 * and every handler route is in the table; every officer route says what permission it needs,
 * where its resource lives and what the audit log calls it; every function that serves officers
 * may append to the audit log.
 */
for (const definition of Object.values(tableDefinitions)) vi.stubEnv(definition.envVar, `pcblgd-test-${definition.name}`);
vi.stubEnv("POWERTOOLS_LOG_LEVEL", "SILENT");
vi.stubEnv("AWS_REGION", "ap-southeast-1");
// What every function gets from the ApiFunction construct (infra/stacks/api-stack.ts).
vi.stubEnv("PROVINCE_SLUG", "ninh-binh");
vi.stubEnv("CASE_NUMBER_PREFIX", "NB");

const handlers = new Map<FunctionName, { routeKeys: readonly string[] }>();

beforeAll(async () => {
  for (const [name, definition] of Object.entries(httpFunctions) as [FunctionName, (typeof httpFunctions)[FunctionName]][]) {
    // Importing the module runs checkRouteMap: a disagreement throws here.
    const module = (await import(`../../${definition.entry}`)) as { handler: { routeKeys: readonly string[] } };
    handlers.set(name, module.handler);
  }
});

describe("route table ↔ handlers", () => {
  it("has a handler route for every route of the table, and no handler route outside it", () => {
    for (const name of Object.keys(httpFunctions) as FunctionName[]) {
      const expected = routeTable.filter((route) => route.function === name).map(routeKey);
      expect([...(handlers.get(name)?.routeKeys ?? [])].sort(), name).toEqual(expected.sort());
    }
  });

  it("has no duplicate route and every route's function is in the catalogue", () => {
    const keys = routeTable.map(routeKey);
    expect(new Set(keys).size).toBe(keys.length);
    for (const route of routeTable) expect(Object.keys(httpFunctions)).toContain(route.function);
  });
});

describe("officer routes", () => {
  const officerRoutes = routeTable.filter(isOfficerRoute);

  it("exist (the matrix test has something to walk)", () => {
    expect(officerRoutes.length).toBeGreaterThan(0);
  });

  it.each(officerRoutes.map((route) => [routeKey(route), route] as const))("%s declares a permission, a scope and an audit action", (_key, route) => {
    if (route.permission === "signed-in") {
      expect(route.scope).toBe("self");
    } else {
      expect(permissions).toContain(route.permission);
      expect(["province", "record"]).toContain(route.scope);
    }
    expect(route.audit.action).toMatch(/^[a-z-]+\.[a-z-]+$/);
    if (route.audit.record) expect(route.path).toContain(`{${route.audit.record.param}}`);
  });

  it("'signed-in' is only about the officer themselves: their profile and their own work list", () => {
    expect(officerRoutes.filter((route) => route.permission === "signed-in").map(routeKey)).toEqual(["GET /api/me", "GET /api/my-work"]);
  });

  it("every /api/admin and /api/me route is an officer route", () => {
    for (const route of routeTable.filter((candidate) => /^\/api\/(admin|me)(\/|$)/.test(candidate.path)))
      expect(route.access, routeKey(route)).toBe("officer");
  });

  it("every function serving officers may append to the audit log", () => {
    for (const name of functionsServingOfficers()) expect(["append", "queryAppend"]).toContain(httpFunctions[name].tables.audit);
  });
});

describe("the audit log", () => {
  it("has no route that changes or deletes entries", () => {
    const auditRoutes = routeTable.filter((route) => route.path.startsWith("/api/admin/audit"));
    expect(auditRoutes.map(routeKey)).toEqual(["GET /api/admin/audit"]);
    for (const [name, definition] of Object.entries(httpFunctions)) {
      const access = definition.tables.audit;
      if (access !== undefined) expect(["append", "queryAppend"], name).toContain(access);
    }
  });
});
