import type { OfficerRouteDefinition, RouteDefinition } from "../routes.ts";

/** Commendations (khen thưởng): cycles, nominations, council review, appraisal, decision, honour roll (issue 7). */
const nominationRecord = { type: "nomination", param: "nominationId" } as const;
const communeRecord = { type: "commune", param: "commune" } as const;
const cycleRecord = { type: "cycle", param: "cycleId" } as const;

const base = "/api/commendations";

function onNomination(
  method: "GET" | "POST" | "PATCH",
  suffix: string,
  permission: OfficerRouteDefinition["permission"] & `nomination:${string}`,
  action: string,
  summary: string,
): RouteDefinition {
  return {
    method,
    path: `${base}/nominations/{nominationId}${suffix}` as `/api/${string}`,
    function: "commendations",
    access: "officer",
    permission,
    scope: "record",
    audit: { action, record: nominationRecord },
    summary,
  };
}

export const commendationRouteTable: readonly RouteDefinition[] = [
  {
    method: "GET",
    path: `${base}/cycles`,
    function: "commendations",
    access: "public",
    summary: "Commendation cycles (a year or a campaign) and their deadlines",
  },
  {
    method: "GET",
    path: "/api/honour-roll",
    function: "commendations",
    access: "public",
    summary: "The public honour roll: published awards of a year, by commune; individuals named only with their consent",
  },
  {
    method: "POST",
    path: `${base}/cycles`,
    function: "commendations",
    access: "officer",
    permission: "nomination:decide",
    scope: "province",
    audit: { action: "cycle.create" },
    summary: "Open a commendation cycle with its deadlines",
  },
  {
    method: "GET",
    path: `${base}/nominations`,
    function: "commendations",
    access: "officer",
    permission: "nomination:read",
    scope: "province",
    audit: { action: "nomination.list" },
    summary: "Nominations of a cycle province-wide, filtered by status and commune, a page at a time",
  },
  {
    method: "GET",
    path: `${base}/communes/{commune}/nominations`,
    function: "commendations",
    access: "officer",
    permission: "nomination:read",
    scope: "record",
    audit: { action: "nomination.list", record: communeRecord },
    summary: "Nominations of one commune in a cycle, filtered by status, a page at a time",
  },
  {
    method: "POST",
    path: `${base}/communes/{commune}/nominations`,
    function: "commendations",
    access: "officer",
    permission: "nomination:submit",
    scope: "record",
    audit: { action: "nomination.create", record: communeRecord },
    summary: "Create a draft nomination of the commune",
  },
  onNomination("GET", "", "nomination:read", "nomination.read", "One nomination with its history, attachments and duplicate flags"),
  onNomination("PATCH", "", "nomination:submit", "nomination.update", "Edit a draft or returned nomination (optimistic: expectedVersion)"),
  onNomination("POST", "/submit", "nomination:submit", "nomination.submit", "Submit (or resubmit) a nomination to the council"),
  onNomination("POST", "/attachments", "nomination:submit", "attachment.create", "Start an evidence upload: a presigned PUT address"),
  {
    ...onNomination(
      "POST",
      "/attachments/{attachmentId}/confirm",
      "nomination:submit",
      "attachment.confirm",
      "Check an uploaded file (size, type) and keep it",
    ),
  },
  onNomination("GET", "/attachments/{attachmentId}", "nomination:read", "attachment.download", "Download an evidence file (always as an attachment)"),
  onNomination("POST", "/council", "nomination:review", "nomination.council", "Record the council's meeting and vote: approve, return or reject"),
  onNomination("POST", "/appraisal", "nomination:appraise", "nomination.appraise", "The province's appraisal (thẩm định): approve, return or reject"),
  onNomination("POST", "/decision", "nomination:decide", "nomination.decide", "Record the decision: number, date, signer"),
  onNomination("POST", "/publish", "nomination:decide", "nomination.publish", "Publish a decided award on the honour roll"),
  onNomination("POST", "/revoke", "nomination:decide", "nomination.revoke", "Revoke a decided award, with a reason"),
  {
    method: "GET",
    path: `${base}/cycles/{cycleId}/dossier`,
    function: "commendations",
    access: "officer",
    permission: "nomination:read",
    scope: "province",
    audit: { action: "dossier.export", record: cycleRecord },
    summary: "The cycle's dossier as DOCX: the proposal (tờ trình) with the nominees and the council minutes (biên bản)",
  },
  {
    method: "GET",
    path: `${base}/cycles/{cycleId}/nominees`,
    function: "commendations",
    access: "officer",
    permission: "nomination:read",
    scope: "province",
    audit: { action: "dossier.export", record: cycleRecord },
    summary: "The cycle's list of nominees as XLSX",
  },
];
