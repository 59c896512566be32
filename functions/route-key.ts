import type { RouteDefinition } from "./routes.ts";

/** "GET /api/cases/{caseId}": API Gateway's route key, the key of every route map. */
export function routeKey(route: Pick<RouteDefinition, "method" | "path">): string {
  return `${route.method} ${route.path}`;
}
