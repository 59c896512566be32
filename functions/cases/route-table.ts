import type { RouteDefinition } from "../routes.ts";

/** Case tracking (vụ việc): parties, measures, services, referrals, mediation, follow-ups (issue 5). */
export const caseRouteTable: readonly RouteDefinition[] = [];
