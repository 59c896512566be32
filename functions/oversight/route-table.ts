import type { Permission } from "../../shared/permissions.ts";
import type { AuditSpec, RouteDefinition } from "../routes.ts";

/**
 * Oversight (issue 13): the province plan's tasks, inspections and their recommendations, the
 * yearly Directive 08 report. The province manages (`oversight:manage`, province-scoped routes);
 * a commune reads and reports on its own tasks and recommendations (`oversight:read`,
 * `oversight:report`, record-scoped: the commune comes from the stored task or recommendation).
 */
type Method = "GET" | "POST" | "PUT" | "PATCH";

function province(method: Method, path: string, action: string, summary: string, record?: AuditSpec["record"]): RouteDefinition {
  return {
    method,
    path: `/api/oversight${path}` as `/api/${string}`,
    function: "oversight",
    access: "officer",
    permission: "oversight:manage",
    scope: "province",
    audit: { action, ...(record ? { record } : {}) },
    summary,
  };
}

function onRecord(
  method: Method,
  path: `/api/${string}`,
  permission: Permission,
  action: string,
  record: AuditSpec["record"],
  summary: string,
): RouteDefinition {
  return { method, path, function: "oversight", access: "officer", permission, scope: "record", audit: { action, record }, summary };
}

const plan = { type: "plan", param: "planId" } as const;
const task = { type: "task", param: "taskId" } as const;
const inspection = { type: "inspection", param: "inspectionId" } as const;
const recommendation = { type: "recommendation", param: "recommendationId" } as const;
const year = { type: "yearly-report", param: "year" } as const;

/**
 * The files of a record (functions/oversight/files.ts): start a single-use upload, confirm it,
 * download — the plan's on province routes, a task's and a recommendation's on the record's commune.
 */
function fileRoutes(
  base: `/api/oversight/${string}`,
  record: AuditSpec["record"],
  write: Permission,
  read: Permission,
  scope: "province" | "record",
): RouteDefinition[] {
  const at = (method: Method, path: string, permission: Permission, action: string, summary: string): RouteDefinition => ({
    method,
    path: `${base}${path}` as `/api/${string}`,
    function: "oversight",
    access: "officer",
    permission,
    scope,
    audit: { action, record },
    summary,
  });
  return [
    at("POST", "/files", write, "attachment.create", "Start a file upload: a single-use address for one PUT of the declared type and size"),
    at("POST", "/files/{fileId}/confirm", write, "attachment.confirm", "Confirm an upload: the file is checked (size, first bytes) and kept"),
    at("GET", "/files/{fileId}", read, "attachment.download", "Download a file (always as an attachment)"),
  ];
}

export const oversightRouteTable: readonly RouteDefinition[] = [
  province("GET", "/plans", "plan.list", "The province's plans, newest first (cursor)"),
  province("POST", "/plans", "plan.create", "Adopt a plan (title, legal basis, period, adopting decision)"),
  province("GET", "/plans/{planId}", "plan.read", "A plan with its tasks and their status (overdue computed)", plan),
  province("POST", "/plans/{planId}/tasks", "task.create", "Add a task: a department, or one task per chosen commune", plan),
  onRecord("GET", "/api/oversight/tasks/{taskId}", "oversight:read", "task.read", task, "A task with its progress reports"),
  onRecord(
    "PATCH",
    "/api/oversight/tasks/{taskId}",
    "oversight:manage",
    "task.update",
    task,
    "Change a task's title, description, cooperating units or due day (409 when stale)",
  ),
  onRecord(
    "POST",
    "/api/oversight/tasks/{taskId}/progress",
    "oversight:report",
    "task.progress",
    task,
    "The responsible unit reports progress (409 when stale)",
  ),
  province("GET", "/checklist", "checklist.read", "The inspection checklist (questions are data the province edits)"),
  province("PUT", "/checklist", "checklist.update", "Replace the inspection checklist (409 when stale)"),
  province("GET", "/inspections", "inspection.list", "Inspections, newest first (cursor)"),
  province("POST", "/inspections", "inspection.create", "Order an inspection (decision, team, communes, period, dates)"),
  province(
    "GET",
    "/inspections/{inspectionId}",
    "inspection.read",
    "An inspection with each unit's checklist and findings and its recommendations",
    inspection,
  ),
  province(
    "PUT",
    "/inspections/{inspectionId}/units/{commune}",
    "inspection.record",
    "Record an inspected unit's checklist and findings (409 when stale)",
    inspection,
  ),
  province("POST", "/inspections/{inspectionId}/recommendations", "recommendation.create", "Add a recommendation for an inspected commune", inspection),
  province("GET", "/inspections/{inspectionId}/report", "inspection.export", "The inspection report as DOCX", inspection),
  onRecord(
    "GET",
    "/api/oversight/recommendations/{recommendationId}",
    "oversight:read",
    "recommendation.read",
    recommendation,
    "A recommendation with its follow-ups",
  ),
  onRecord(
    "POST",
    "/api/oversight/recommendations/{recommendationId}/follow-up",
    "oversight:report",
    "recommendation.follow-up",
    recommendation,
    "The commune follows a recommendation up: status and evidence (409 when stale)",
  ),
  onRecord(
    "GET",
    "/api/communes/{commune}/oversight",
    "oversight:read",
    "oversight.commune",
    { type: "commune", param: "commune" },
    "A commune's tasks and recommendations with overdue flags",
  ),
  province("GET", "/overdue", "oversight.overdue", "Open tasks and recommendations past their due day, province-wide (the dashboard)"),
  province("GET", "/yearly-reports/{year}", "yearly-report.read", "The yearly report's text blocks and the figures it will pull", year),
  province("PUT", "/yearly-reports/{year}", "yearly-report.update", "Save the yearly report's text blocks (409 when stale)", year),
  province("GET", "/yearly-reports/{year}/document", "yearly-report.export", "The draft yearly Directive 08 report as DOCX", year),
  ...fileRoutes("/api/oversight/plans/{planId}", plan, "oversight:manage", "oversight:manage", "province"),
  ...fileRoutes("/api/oversight/tasks/{taskId}", task, "oversight:report", "oversight:read", "record"),
  ...fileRoutes("/api/oversight/recommendations/{recommendationId}", recommendation, "oversight:report", "oversight:read", "record"),
];
