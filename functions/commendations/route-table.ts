import type { RouteDefinition } from "../routes.ts";

/** Commendations (khen thưởng): cycles, nominations, council review, appraisal, decision, honour roll (issue 7). */
export const commendationRouteTable: readonly RouteDefinition[] = [];
