import type { Permission } from "../shared/permissions.ts";

/**
 * The route table: every API route, the function that serves it and who may call it. API Gateway
 * routes (infra), the local runtime's dispatcher, the functions' access control and audit
 * (functions/lib/http.ts) and the route and access-matrix tests are all generated from this list,
 * so a route cannot exist in one place and be missing in another.
 */
export const functionNames = ["directory", "admin"] as const;
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

const officerRecord = { type: "officer", param: "officerId" } as const;

export const routeTable: readonly RouteDefinition[] = [
  { method: "GET", path: "/api/health", function: "directory", access: "public", summary: "Health: the API answers and its table is reachable and seeded" },
  { method: "GET", path: "/api/communes", function: "directory", access: "public", summary: "Search the province's communes, ignoring diacritics and case" },
  { method: "GET", path: "/api/hotlines", function: "directory", access: "public", summary: "Hotlines for the province, and for one commune" },
  { method: "GET", path: "/api/trusted-addresses", function: "directory", access: "public", summary: "Trusted addresses (địa chỉ tin cậy) of one commune" },
  {
    method: "GET",
    path: "/api/me",
    function: "admin",
    access: "officer",
    permission: "signed-in",
    scope: "self",
    audit: { action: "me.read" },
    summary: "The signed-in officer: roles, permissions, jurisdiction and its communes",
  },
  {
    method: "GET",
    path: "/api/admin/officers",
    function: "admin",
    access: "officer",
    permission: "admin:users",
    scope: "province",
    audit: { action: "officer.list" },
    summary: "List the province's officers, a page at a time",
  },
  {
    method: "POST",
    path: "/api/admin/officers",
    function: "admin",
    access: "officer",
    permission: "admin:users",
    scope: "province",
    audit: { action: "officer.invite" },
    summary: "Invite an officer: e-mail, name, roles and jurisdiction",
  },
  {
    method: "GET",
    path: "/api/admin/officers/{officerId}",
    function: "admin",
    access: "officer",
    permission: "admin:users",
    scope: "province",
    audit: { action: "officer.read", record: officerRecord },
    summary: "One officer",
  },
  {
    method: "PATCH",
    path: "/api/admin/officers/{officerId}",
    function: "admin",
    access: "officer",
    permission: "admin:users",
    scope: "province",
    audit: { action: "officer.update", record: officerRecord },
    summary: "Change an officer's name, roles or jurisdiction (optimistic: expectedUpdatedAt)",
  },
  {
    method: "POST",
    path: "/api/admin/officers/{officerId}/disable",
    function: "admin",
    access: "officer",
    permission: "admin:users",
    scope: "province",
    audit: { action: "officer.disable", record: officerRecord },
    summary: "Disable an officer and sign them out everywhere",
  },
  {
    method: "POST",
    path: "/api/admin/officers/{officerId}/enable",
    function: "admin",
    access: "officer",
    permission: "admin:users",
    scope: "province",
    audit: { action: "officer.enable", record: officerRecord },
    summary: "Enable a disabled officer",
  },
  {
    method: "GET",
    path: "/api/admin/audit",
    function: "admin",
    access: "officer",
    permission: "audit:read",
    scope: "province",
    audit: { action: "audit.list" },
    summary: "The audit log, newest first, filtered by officer, record or dates",
  },
];

/** Requests that match no route go here (API Gateway's `$default`) and get a problem+json 404. */
export const fallbackFunction: FunctionName = "directory";

export function routeKey(route: Pick<RouteDefinition, "method" | "path">): string {
  return `${route.method} ${route.path}`;
}

export function isOfficerRoute(route: RouteDefinition): route is OfficerRouteDefinition {
  return route.access === "officer";
}

/** The functions that serve at least one officer route: they verify tokens and write the audit log. */
export function functionsServingOfficers(routes: readonly RouteDefinition[] = routeTable): Set<FunctionName> {
  return new Set(routes.filter(isOfficerRoute).map((route) => route.function));
}
