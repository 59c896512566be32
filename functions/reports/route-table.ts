import type { RouteDefinition } from "../routes.ts";

const reportRecord = { type: "report", param: "reportId" } as const;
const communeRecord = { type: "commune", param: "commune" } as const;

/** Public reports (báo tin), receipt follow-up, officer intake, commune inboxes and triage (issue 4). */
export const reportRouteTable: readonly RouteDefinition[] = [
  {
    method: "POST",
    path: "/api/reports",
    function: "reports",
    access: "public",
    summary: "Report domestic violence (no sign-in): JSON with an Idempotency-Key, or a plain form post; answers the receipt code once",
  },
  {
    method: "POST",
    path: "/api/receipts/status",
    function: "reports",
    access: "public",
    summary: "The status of a report (received, being handled, closed) for its receipt code — never its content",
  },
  {
    method: "POST",
    path: "/api/receipts/additions",
    function: "reports",
    access: "public",
    summary: "The reporter adds information to their report, with its receipt code",
  },
  {
    method: "GET",
    path: "/api/communes/{commune}/reports",
    function: "reports",
    access: "officer",
    permission: "report:read",
    scope: "record",
    audit: { action: "report.list", record: communeRecord },
    summary: "A commune's inbox: urgent then newest first, filters, counts, cursor pagination",
  },
  {
    method: "POST",
    path: "/api/communes/{commune}/reports",
    function: "reports",
    access: "officer",
    permission: "report:create",
    scope: "record",
    audit: { action: "report.create", record: communeRecord },
    summary: "Record a report received by hotline, at a trusted address, in person, from the police or a school",
  },
  {
    method: "GET",
    path: "/api/reports/{reportId}",
    function: "reports",
    access: "officer",
    permission: "report:read",
    scope: "record",
    audit: { action: "report.read", record: reportRecord },
    summary: "One report; names, phone numbers and the narrative only for officers who may read identities",
  },
  {
    method: "POST",
    path: "/api/reports/{reportId}/triage",
    function: "reports",
    access: "officer",
    permission: "report:triage",
    scope: "record",
    audit: { action: "report.triage", record: reportRecord },
    summary: "Triage a new report: open a case, link it to a case, or close it as not DV, duplicate or referred (optimistic: expectedVersion)",
  },
];
