import type { Permission } from "../../shared/permissions.ts";
import type { RouteDefinition } from "../routes.ts";
import { type Register, recordTypes, registers, writePermission } from "./registers.ts";

/**
 * The prevention network (issue 12, docs/prevention.md): the live directory kept by the communes,
 * and the registers of models, activities, mediations and courses. Every route is record-scoped:
 * its `resolve` loads the record (or, for a commune's list, checks the commune exists) and
 * answers the commune it belongs to — `province` for province-wide hotlines and the province's
 * courses, which only province-wide officers reach.
 */
const communeRecord = { type: "commune", param: "commune" } as const;
const recordOf = (register: Register) => ({ type: recordTypes[register], param: "recordId" }) as const;

function officer(
  method: RouteDefinition["method"],
  path: string,
  permission: Permission,
  action: string,
  record: { type: string; param: string },
  summary: string,
): RouteDefinition {
  return { method, path: path as `/api/${string}`, function: "prevention", access: "officer", permission, scope: "record", audit: { action, record }, summary };
}

const directoryBase = "/api/communes/{commune}/directory-entries";
const kinds = [
  { segment: "hotlines", what: "hotline", type: "hotline" },
  { segment: "trusted-addresses", what: "trusted address", type: "trusted-address" },
] as const;

export const directoryEntryRoutes: RouteDefinition[] = [
  officer(
    "GET",
    directoryBase,
    "directory:edit",
    "directory.list",
    communeRecord,
    "A commune's (or the province's: commune = province) directory entries as officers keep them: suspended ones and contacts included",
  ),
  officer("GET", `${directoryBase}/template`, "directory:edit", "directory.template", communeRecord, "The XLSX template of a directory import"),
  officer(
    "POST",
    `${directoryBase}/import`,
    "directory:edit",
    "directory.import",
    communeRecord,
    "Import hotlines and trusted addresses from the XLSX template: preview with per-row errors, or write all rows (nothing written unless every row is valid)",
  ),
  ...kinds.flatMap(({ segment, what, type }) => [
    officer("POST", `${directoryBase}/${segment}`, "directory:edit", `${type}.create`, communeRecord, `Add a ${what}`),
    officer(
      "PUT",
      `${directoryBase}/${segment}/{entryId}`,
      "directory:edit",
      `${type}.update`,
      { type: "directory-entry", param: "entryId" },
      `Edit or suspend a ${what} (expectedVersion, 409 when stale)`,
    ),
    officer(
      "DELETE",
      `${directoryBase}/${segment}/{entryId}`,
      "directory:edit",
      `${type}.remove`,
      { type: "directory-entry", param: "entryId" },
      `Remove a ${what} from the public directory (expectedVersion)`,
    ),
  ]),
];

export const registerRoutes: RouteDefinition[] = registers.flatMap((register) => [
  officer(
    "GET",
    `/api/communes/{commune}/prevention/${register}`,
    "prevention:read",
    `${recordTypes[register]}.list`,
    communeRecord,
    `The commune's ${register}, newest first: date range and filters, cursor pagination`,
  ),
  officer(
    "POST",
    `/api/communes/{commune}/prevention/${register}`,
    writePermission[register],
    `${recordTypes[register]}.create`,
    communeRecord,
    `Record one of the commune's ${register}`,
  ),
  officer(
    "GET",
    `/api/communes/{commune}/prevention/${register}/export`,
    "prevention:export",
    `${recordTypes[register]}.export`,
    communeRecord,
    `The commune's ${register} (filtered) as CSV or XLSX`,
  ),
  officer(
    "GET",
    `/api/prevention/${register}/{recordId}`,
    "prevention:read",
    `${recordTypes[register]}.read`,
    recordOf(register),
    `One of the ${register}, as the reader may see it`,
  ),
  officer(
    "PUT",
    `/api/prevention/${register}/{recordId}`,
    writePermission[register],
    `${recordTypes[register]}.update`,
    recordOf(register),
    `Change one of the ${register} (expectedVersion, 409 when stale)`,
  ),
]);

export const preventionRouteTable: readonly RouteDefinition[] = [
  ...directoryEntryRoutes,
  ...registerRoutes,
  officer(
    "POST",
    "/api/prevention/mediations/{recordId}/report",
    "prevention:record",
    "mediation.report",
    recordOf("mediations"),
    "Violence appeared: the mediation becomes a report in the commune's inbox, linked both ways",
  ),
  officer(
    "GET",
    "/api/communes/{commune}/prevention/staff",
    "prevention:read",
    "staff.read",
    communeRecord,
    "The commune's staff count of a year (?year=): the denominator of the trained-staff share, with the share",
  ),
  officer(
    "PUT",
    "/api/communes/{commune}/prevention/staff",
    "prevention:manage",
    "staff.update",
    communeRecord,
    "Enter the commune's staff count of a year (expectedVersion, 409 when stale)",
  ),
  {
    method: "GET",
    path: "/api/prevention/summary",
    function: "prevention",
    access: "officer",
    permission: "prevention:export",
    scope: "province",
    audit: { action: "prevention.summary" },
    summary: "The province's yearly summary of models, activities and training, one workbook (XLSX), figures without identities",
  },
];
