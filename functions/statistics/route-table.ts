import type { OfficerRouteDefinition, RouteDefinition } from "../routes.ts";

/** Statistics, the commune's period report and its approval, the province view (issue 11). */
const communeRecord = { type: "commune", param: "commune" } as const;
const communePeriod = "/api/statistics/communes/{commune}/periods/{period}";

function onCommunePeriod(
  method: "GET" | "PUT" | "POST",
  suffix: string,
  permission: OfficerRouteDefinition["permission"] & `stats:${string}`,
  action: string,
  summary: string,
): RouteDefinition {
  return {
    method,
    path: `${communePeriod}${suffix}` as `/api/${string}`,
    function: "statistics",
    access: "officer",
    permission,
    scope: "record",
    audit: { action, record: communeRecord },
    summary,
  };
}

export const statisticsRouteTable: readonly RouteDefinition[] = [
  onCommunePeriod("GET", "", "stats:read", "statistics.read", "A commune's figures for a period (indicators, targets) and its report's state"),
  onCommunePeriod(
    "PUT",
    "",
    "stats:enter",
    "statistics.enter",
    "Enter the items the system cannot know, or correct a computed figure with a reason (expectedVersion)",
  ),
  onCommunePeriod("POST", "/submit", "stats:submit", "statistics.submit", "The commune leader submits the period's report (expectedVersion)"),
  onCommunePeriod(
    "POST",
    "/approve",
    "stats:approve",
    "statistics.approve",
    "The province approves a submitted report: its figures are locked (expectedVersion)",
  ),
  onCommunePeriod("POST", "/return", "stats:approve", "statistics.return", "The province returns a submitted report with a reason (expectedVersion)"),
  onCommunePeriod("POST", "/reopen", "stats:approve", "statistics.reopen", "The province reopens an approved report with a reason (expectedVersion)"),
  onCommunePeriod("GET", "/export", "stats:read", "statistics.export", "A commune's figures as XLSX (one sheet per table) or CSV"),
  {
    method: "GET",
    path: "/api/statistics/province/periods/{period}",
    function: "statistics",
    access: "officer",
    permission: "stats:read",
    scope: "province",
    audit: { action: "statistics.read-province" },
    summary: "The province roll-up of a period and each commune's report state (submitted, on time or late, returned)",
  },
  {
    method: "GET",
    path: "/api/statistics/province/periods/{period}/export",
    function: "statistics",
    access: "officer",
    permission: "stats:read",
    scope: "province",
    audit: { action: "statistics.export-province" },
    summary: "The province roll-up as XLSX (one sheet per table) or CSV",
  },
  {
    method: "GET",
    path: "/api/statistics/dashboard",
    function: "statistics",
    access: "officer",
    permission: "stats:read",
    scope: "province",
    audit: { action: "statistics.dashboard" },
    summary: "Province dashboard: per commune, open reports and cases, urgent cases, overdue follow-ups, orders ending in 24 h, reports waiting 48 h",
  },
  {
    method: "GET",
    path: "/api/province/cases",
    function: "statistics",
    access: "officer",
    permission: "case:read",
    scope: "province",
    audit: { action: "case.list-province" },
    summary: "Cases of every commune (or a chosen set), newest first, filtered by status and priority, cursor pagination — facts only, no identity",
  },
  {
    method: "GET",
    path: "/api/province/reports",
    function: "statistics",
    access: "officer",
    permission: "report:read",
    scope: "province",
    audit: { action: "report.list-province" },
    summary: "Reports of every commune (or a chosen set), urgent then newest first, filtered by status and channel, cursor pagination — facts only",
  },
  {
    method: "GET",
    path: "/api/public/statistics/{year}",
    function: "statistics",
    access: "public",
    summary: "Approved yearly figures of the province, small cells suppressed (1–9 as <10, with complementary suppression)",
  },
];
