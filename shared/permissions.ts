import { isCommuneCode } from "./communes.ts";

/**
 * The one permission vocabulary of the platform: roles, what each may do, and where. Functions,
 * the web and the infra (Cognito groups) all read it from here.
 *
 * An officer (a principal) has one or more roles (Cognito groups) and a jurisdiction: a list of
 * commune codes, or the whole province. `authorize` is the single decision point; `scopeOf` is the
 * single place that turns a principal into the commune filter every query applies.
 */

export const officerRoles = [
  "commune-officer",
  "commune-leader",
  "province-officer",
  "commendation-reviewer",
  "province-admin",
  "community-volunteer",
] as const;
export type OfficerRole = (typeof officerRoles)[number];

export const roleLabels: Record<OfficerRole, { vi: string; en: string }> = {
  "commune-officer": { vi: "Cán bộ xã", en: "Commune officer" },
  "commune-leader": { vi: "Lãnh đạo UBND xã (Chủ tịch/Phó Chủ tịch)", en: "Commune leader (chair/vice-chair)" },
  "province-officer": { vi: "Cán bộ tỉnh", en: "Province officer" },
  "commendation-reviewer": { vi: "Thành viên Hội đồng Thi đua – Khen thưởng", en: "Commendation reviewer" },
  "province-admin": { vi: "Quản trị tỉnh", en: "Province administrator" },
  "community-volunteer": { vi: "Tình nguyện viên cộng đồng (Nhóm PCBLGĐ, địa chỉ tin cậy, tổ hòa giải)", en: "Community volunteer" },
};

export const permissions = [
  "report:read",
  "report:create",
  "report:triage",
  "case:read",
  "case:read-identity",
  "case:write",
  // Hand a case or an untriaged report to another commune, accept or decline one (issue 14); with
  // the province's jurisdiction: move a record between communes directly.
  "case:transfer",
  "measure:order",
  "nomination:read",
  "nomination:submit",
  "nomination:review",
  "nomination:appraise",
  "nomination:decide",
  "stats:read",
  // Statistics (issue 11): a commune's entered items, its leader's submission, the province's approval.
  "stats:enter",
  "stats:submit",
  "stats:approve",
  "oversight:read",
  "oversight:report",
  "oversight:manage",
  "audit:read",
  "admin:users",
  // The prevention network (docs/prevention.md).
  "directory:edit",
  "prevention:read",
  "prevention:read-identity",
  "prevention:record",
  "prevention:manage",
  "prevention:export",
] as const;
export type Permission = (typeof permissions)[number];

const communeCaseWork: Permission[] = [
  "report:read",
  "report:create",
  "report:triage",
  "case:read",
  "case:read-identity",
  "case:write",
  "case:transfer",
  "nomination:read",
  "nomination:submit",
  // The commune's tasks of the province plan and the inspections' recommendations: read and report on them.
  "oversight:read",
  "oversight:report",
];

/**
 * The prevention network of a commune (docs/prevention.md): its directory entries, models and
 * groups, activities, mediations and trainings, with the identities its registers hold.
 */
const communePrevention: Permission[] = permissions.filter((permission) => permission === "directory:edit" || permission.startsWith("prevention:"));

export const rolePermissions: Record<OfficerRole, readonly Permission[]> = {
  "commune-officer": [...communeCaseWork, ...communePrevention, "stats:read", "stats:enter"],
  // Chủ tịch / Phó Chủ tịch UBND xã: everything a commune officer does, and orders measures
  // such as a no-contact order (Điều 25).
  "commune-leader": [...communeCaseWork, ...communePrevention, "measure:order", "stats:read", "stats:enter", "stats:submit"],
  // Province officers see every commune's figures and cases, without identities.
  // Commendations (docs/commendations.md): the council votes (review); the province's
  // emulation-and-commendation office appraises (thẩm định); the province decides.
  // and keep the province's prevention registers (province-wide hotlines, courses) with the communes'.
  "province-officer": [
    "report:read",
    "case:read",
    "case:transfer",
    "stats:read",
    "nomination:read",
    "nomination:review",
    "nomination:appraise",
    "oversight:read",
    "oversight:report",
    "oversight:manage",
    "stats:approve",
    ...communePrevention,
  ],
  "commendation-reviewer": ["nomination:read", "nomination:review"],
  "province-admin": [
    "stats:read",
    "audit:read",
    "admin:users",
    "nomination:read",
    "nomination:decide",
    "oversight:read",
    "directory:edit",
    "prevention:read",
    "prevention:export",
  ],
  // Members of a Nhóm PCBLGĐ, a trusted address or a mediation team: they record their commune's
  // activities and mediations and read the registers without anyone's identity (the service shows
  // them the identities of the records they entered themselves). No case, report or export.
  "community-volunteer": ["prevention:read", "prevention:record"],
};

export type Jurisdiction = { kind: "province" } | { kind: "communes"; communes: string[] };

export interface Principal {
  /** Stable officer id (the token's `sub`). */
  id: string;
  email: string;
  roles: OfficerRole[];
  jurisdiction: Jurisdiction;
}

/** The commune a resource belongs to, or `province` for province-level resources (users, audit). */
export type ResourceScope = { commune: string } | "province";

export type Decision = { allowed: true } | { allowed: false; reason: "no-permission" | "out-of-jurisdiction" };

export function hasPermission(principal: Pick<Principal, "roles">, permission: Permission): boolean {
  return principal.roles.some((role) => rolePermissions[role].includes(permission));
}

/**
 * The single decision: may `principal` perform `permission` on a resource in `scope`? Nested items
 * (measures, services, notes, votes…) pass the scope of their parent record, read from the parent,
 * never from the request.
 */
export function authorize(principal: Principal, permission: Permission, scope: ResourceScope): Decision {
  if (!hasPermission(principal, permission)) return { allowed: false, reason: "no-permission" };
  if (principal.jurisdiction.kind === "province") return { allowed: true };
  if (scope === "province") return { allowed: false, reason: "out-of-jurisdiction" };
  return principal.jurisdiction.communes.includes(scope.commune) ? { allowed: true } : { allowed: false, reason: "out-of-jurisdiction" };
}

/** The commune filter of every list query: all communes, or exactly these. */
export type QueryScope = { all: true } | { all: false; communes: string[] };

export function scopeOf(principal: Principal): QueryScope {
  return principal.jurisdiction.kind === "province" ? { all: true } : { all: false, communes: [...principal.jurisdiction.communes] };
}

/** `custom:jurisdiction` claim format: "province", or commune codes joined by commas. */
export function parseJurisdiction(claim: string | undefined): Jurisdiction | undefined {
  if (claim === undefined || claim.trim() === "") return undefined;
  if (claim.trim() === "province") return { kind: "province" };
  const communes = claim.split(",").map((code) => code.trim());
  return communes.every(isCommuneCode) ? { kind: "communes", communes } : undefined;
}

export function formatJurisdiction(jurisdiction: Jurisdiction): string {
  return jurisdiction.kind === "province" ? "province" : jurisdiction.communes.join(",");
}

export function isOfficerRole(value: string): value is OfficerRole {
  return (officerRoles as readonly string[]).includes(value);
}
