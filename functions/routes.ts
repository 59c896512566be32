import type { Permission } from "../shared/permissions.ts";
import { adminRouteTable } from "./admin/route-table.ts";
import { caseRouteTable } from "./cases/route-table.ts";
import { commendationRouteTable } from "./commendations/route-table.ts";
import { directoryRouteTable } from "./directory/route-table.ts";
import { oversightRouteTable } from "./oversight/route-table.ts";
import { preventionRouteTable } from "./prevention/route-table.ts";
import { reportRouteTable } from "./reports/route-table.ts";
import { statisticsRouteTable } from "./statistics/route-table.ts";

/**
 * The route table: every API route, the function that serves it and who may call it. API Gateway
 * routes (infra), the local runtime's dispatcher, the functions' access control and audit
 * (functions/lib/http.ts) and the route and access-matrix tests are all generated from this list,
 * so a route cannot exist in one place and be missing in another.
 */
export const functionNames = ["directory", "admin", "reports", "cases", "commendations", "prevention", "oversight", "statistics", "officers"] as const;
export type FunctionName = (typeof functionNames)[number];

export type Access = "public" | "officer";

interface RouteBase {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** API Gateway path syntax: `/api/cases/{caseId}`. */
  path: `/api/${string}`;
  function: FunctionName;
  summary: string;
}

export interface PublicRouteDefinition extends RouteBase {
  access: "public";
}

/**
 * Where the resource of an officer route lives, which `authorize()` checks the officer's
 * jurisdiction against:
 * - `province`: a province-level resource (officers, the audit log, province statistics);
 * - `record`: a record of one commune; the function's route loads it (a nested item: its parent)
 *   from the store and returns its commune — never read from the request.
 */
export type ResourceScopeKind = "province" | "record";

/** What the audit log records for an officer route (functions/lib/audit.ts). */
export interface AuditSpec {
  /** `<thing>.<verb>`: `officer.update`, `case.read`. */
  action: string;
  /** The path parameter that names the record, and the record's type: the entry's `recordKey` is `<type>#<value>`. */
  record?: { type: string; param: string };
}

export type OfficerRouteDefinition = RouteBase & {
  access: "officer";
  audit: AuditSpec;
} & (
    | {
        /** What the officer must be allowed to do (shared/permissions.ts). */
        permission: Permission;
        scope: ResourceScopeKind;
      }
    | {
        /** Any officer with a valid ID token, about themselves only (their own profile). */
        permission: "signed-in";
        scope: "self";
      }
  );

export type RouteDefinition = PublicRouteDefinition | OfficerRouteDefinition;

/**
 * Every route of the API, one list per domain (functions/<domain>/route-table.ts) so that each
 * domain's routes sit next to its code.
 */
export const routeTable: readonly RouteDefinition[] = [
  ...directoryRouteTable,
  ...adminRouteTable,
  ...reportRouteTable,
  ...caseRouteTable,
  ...commendationRouteTable,
  ...statisticsRouteTable,
  ...preventionRouteTable,
  ...oversightRouteTable,
];

/** Requests that match no route go here (API Gateway's `$default`) and get a problem+json 404. */
export const fallbackFunction: FunctionName = "directory";

// In its own module so that a function's bundle can name routes without importing every domain's table.
export { routeKey } from "./route-key.ts";

export function isOfficerRoute(route: RouteDefinition): route is OfficerRouteDefinition {
  return route.access === "officer";
}

/** The functions that serve at least one officer route: they verify tokens and write the audit log. */
export function functionsServingOfficers(routes: readonly RouteDefinition[] = routeTable): Set<FunctionName> {
  return new Set(routes.filter(isOfficerRoute).map((route) => route.function));
}
