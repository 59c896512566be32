/**
 * The route table: every API route, the function that serves it and who may call it. API Gateway
 * routes (infra), the local runtime's dispatcher and the route tests are all generated from this
 * list, so a route cannot exist in one place and be missing in another.
 */
export const functionNames = ["directory"] as const;
export type FunctionName = (typeof functionNames)[number];

export type Access = "public" | "officer";

export interface RouteDefinition {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** API Gateway path syntax: `/api/cases/{caseId}`. */
  path: `/api/${string}`;
  function: FunctionName;
  access: Access;
  summary: string;
}

export const routeTable: readonly RouteDefinition[] = [
  { method: "GET", path: "/api/health", function: "directory", access: "public", summary: "Health: the API answers and its table is reachable and seeded" },
  { method: "GET", path: "/api/communes", function: "directory", access: "public", summary: "Search the province's communes, ignoring diacritics and case" },
  { method: "GET", path: "/api/hotlines", function: "directory", access: "public", summary: "Hotlines for the province, and for one commune" },
  { method: "GET", path: "/api/trusted-addresses", function: "directory", access: "public", summary: "Trusted addresses (địa chỉ tin cậy) of one commune" },
];

/** Requests that match no route go here (API Gateway's `$default`) and get a problem+json 404. */
export const fallbackFunction: FunctionName = "directory";

export function routeKey(route: Pick<RouteDefinition, "method" | "path">): string {
  return `${route.method} ${route.path}`;
}
