import type { RouteDefinition } from "../routes.ts";

/** Public reports (báo tin), receipt follow-up, officer intake, commune inboxes and triage (issue 4). */
export const reportRouteTable: readonly RouteDefinition[] = [];
