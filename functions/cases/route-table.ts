import type { RouteDefinition } from "../routes.ts";

/**
 * Case tracking (vụ việc): parties, measures, services, referrals, mediation, follow-ups (issue 5).
 * Every route under /api/cases/{caseId} is record-scoped: its `resolve` loads the CASE (for a
 * nested item, its parent case) and answers the case's commune, and its audit entry names the case.
 * The list is scoped by the commune in its path.
 */
const caseRecord = { type: "case", param: "caseId" } as const;

type CaseRoute = Pick<RouteDefinition, "method" | "path" | "summary"> & {
  action: string;
  permission?: "case:read" | "case:write" | "case:read-identity" | "case:transfer";
};

const routes: CaseRoute[] = [
  {
    method: "GET",
    path: "/api/cases/{caseId}",
    action: "case.read",
    permission: "case:read",
    summary: "The whole case file (parties, measures, services, referrals, sessions, follow-ups, timeline), as the reader may see it",
  },
  {
    method: "PATCH",
    path: "/api/cases/{caseId}",
    action: "case.update",
    summary: "Change acts, priority, assigned officers, the child-protection officer (optimistic: expectedVersion)",
  },
  { method: "PUT", path: "/api/cases/{caseId}/risk", action: "case.risk", summary: "Record the risk assessment checklist (raises the priority)" },
  {
    method: "POST",
    path: "/api/cases/{caseId}/status",
    action: "case.status",
    summary: "Move the case along its lifecycle (new → intervening → monitoring → closed, reopening)",
  },
  { method: "POST", path: "/api/cases/{caseId}/parties", action: "case.party-add", summary: "Add a victim or a perpetrator (identity encrypted)" },
  { method: "PUT", path: "/api/cases/{caseId}/parties/{partyId}", action: "case.party-update", summary: "Change a party" },
  {
    method: "PUT",
    path: "/api/cases/{caseId}/parties/{partyId}/consents/{purpose}",
    action: "case.consent",
    summary: "Record or withdraw a victim's consent for one purpose (contact, referral, statistics)",
  },
  {
    method: "POST",
    path: "/api/cases/{caseId}/measures",
    action: "case.measure-add",
    summary: "Record a measure of Art. 22 (a–k): proposed or ordered, authority, decision, start and end",
  },
  { method: "PATCH", path: "/api/cases/{caseId}/measures/{measureId}", action: "case.measure-update", summary: "Change a measure (order, end, revoke)" },
  {
    method: "POST",
    path: "/api/cases/{caseId}/services",
    action: "case.service-add",
    summary: "Record a support service (provider, dates; a shelter's location encrypted)",
  },
  { method: "PUT", path: "/api/cases/{caseId}/services/{serviceId}", action: "case.service-update", summary: "Change a support service" },
  {
    method: "POST",
    path: "/api/cases/{caseId}/referrals",
    action: "case.referral-add",
    summary: "Refer the victim (needs the victim's consent for referral, or an authorised override with a reason)",
  },
  { method: "POST", path: "/api/cases/{caseId}/sessions", action: "case.session-add", summary: "Record a mediation or community-criticism session" },
  { method: "POST", path: "/api/cases/{caseId}/follow-ups", action: "case.follow-up-add", summary: "Plan a follow-up visit with a due date" },
  {
    method: "PATCH",
    path: "/api/cases/{caseId}/follow-ups/{followUpId}",
    action: "case.follow-up-update",
    summary: "Mark a follow-up done or change its due date",
  },
  // — Issue 14: case work —
  {
    method: "POST",
    path: "/api/cases/{caseId}/referrals/{referralId}/status",
    action: "case.referral-status",
    summary: "A referral's outcome over time: received, accepted, service given, declined (with a reason), no answer — with its day",
  },
  {
    method: "POST",
    path: "/api/cases/{caseId}/notes",
    action: "case.note-add",
    summary: "Append a case note (sealed; a correction is a new note naming the one it corrects)",
  },
  {
    method: "PUT",
    path: "/api/cases/{caseId}/assignees",
    action: "case.assign",
    summary: "Who works on the case: a commune leader assigns officers of the commune; others add or remove themselves",
  },
  {
    method: "GET",
    path: "/api/cases/{caseId}/parties/{partyId}/same-person",
    action: "case.same-person-search",
    permission: "case:read-identity",
    summary: "Other cases of the commune with a perpetrator of the same name and year of birth (keyed blind index; case numbers only)",
  },
  {
    method: "POST",
    path: "/api/cases/{caseId}/parties/{partyId}/same-person",
    action: "case.same-person",
    summary: "Record that this perpetrator is the same person as in another case of the commune (Art. 32's count)",
  },
  // — Issue 14: transfers between communes (docs/cases.md "Chuyển xã"). Accept and decline are
  // authorised against the transfer's TARGET commune, withdraw against its sender (both read from
  // the stored transfer of the case, never from the request).
  {
    method: "POST",
    path: "/api/cases/{caseId}/transfers",
    action: "case.transfer-request",
    permission: "case:transfer",
    summary: "Ask another commune of the province to take the case (reason; the case stays here, pending, until accepted)",
  },
  {
    method: "POST",
    path: "/api/cases/{caseId}/transfers/{transferId}/accept",
    action: "case.transfer-accept",
    permission: "case:transfer",
    summary: "The receiving commune accepts: the case is theirs (same number); the sender keeps no access",
  },
  {
    method: "POST",
    path: "/api/cases/{caseId}/transfers/{transferId}/decline",
    action: "case.transfer-decline",
    permission: "case:transfer",
    summary: "The receiving commune declines with a reason; the case stays with the sender (answers the transfer only)",
  },
  {
    method: "POST",
    path: "/api/cases/{caseId}/transfers/{transferId}/withdraw",
    action: "case.transfer-withdraw",
    permission: "case:transfer",
    summary: "The sending commune withdraws a pending transfer",
  },
];

export const caseRouteTable: readonly RouteDefinition[] = [
  {
    method: "GET",
    path: "/api/communes/{commune}/cases",
    function: "cases",
    access: "officer",
    permission: "case:read",
    scope: "record",
    audit: { action: "case.list", record: { type: "commune", param: "commune" } },
    summary: "Cases of one commune, newest first: filters status, priority, overdue; search by case number; cursor pagination",
  },
  {
    method: "POST",
    path: "/api/communes/{commune}/person-search",
    function: "cases",
    access: "officer",
    permission: "case:read-identity",
    scope: "record",
    audit: { action: "case.person-search", record: { type: "commune", param: "commune" } },
    summary:
      "Cases of a person in the commune by exact name (diacritics and case ignored), optionally year of birth; POST so the name stays out of URLs and logs",
  },
  {
    method: "GET",
    path: "/api/communes/{commune}/case-officers",
    function: "cases",
    access: "officer",
    permission: "case:write",
    scope: "record",
    audit: { action: "case-officer.list", record: { type: "commune", param: "commune" } },
    summary: "The commune's officers who may be assigned to its cases: ids and names only (the leader's assignment picker)",
  },
  {
    method: "GET",
    path: "/api/my-work",
    function: "cases",
    access: "officer",
    permission: "signed-in",
    scope: "self",
    audit: { action: "case.my-work" },
    summary: "My work: assigned open cases, follow-ups due, orders ending, unanswered referrals, untriaged reports — and the home page's counts",
  },
  {
    method: "GET",
    path: "/api/communes/{commune}/incoming-cases",
    function: "cases",
    access: "officer",
    permission: "case:transfer",
    scope: "record",
    audit: { action: "case.transfers-incoming", record: { type: "commune", param: "commune" } },
    summary: "Cases other communes ask this commune to take: the non-identifying summary and the sender's note (all pending; few)",
  },
  {
    method: "POST",
    path: "/api/cases/{caseId}/move",
    function: "cases",
    access: "officer",
    permission: "case:transfer",
    scope: "province",
    audit: { action: "case.move", record: caseRecord },
    summary: "A province officer moves the case to another commune at once, with a reason (audited; same number)",
  },
  ...routes.map(
    (route): RouteDefinition => ({
      method: route.method,
      path: route.path,
      function: "cases",
      access: "officer",
      permission: route.permission ?? "case:write",
      scope: "record",
      audit: { action: route.action, record: caseRecord },
      summary: route.summary,
    }),
  ),
];
