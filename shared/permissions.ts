import { isCommuneCode } from "./communes.ts";

/**
 * The one permission vocabulary of the platform: roles, what each may do, and where. Functions,
 * the web and the infra (Cognito groups) all read it from here.
 *
 * An officer (a principal) has one or more roles (Cognito groups) and a jurisdiction: a list of
 * commune codes, or the whole province. `authorize` is the single decision point; `scopeOf` is the
 * single place that turns a principal into the commune filter every query applies.
 */

export const officerRoles = ["commune-officer", "commune-leader", "province-officer", "commendation-reviewer", "province-admin"] as const;
export type OfficerRole = (typeof officerRoles)[number];

export const roleLabels: Record<OfficerRole, { vi: string; en: string }> = {
  "commune-officer": { vi: "Cán bộ xã", en: "Commune officer" },
  "commune-leader": { vi: "Lãnh đạo UBND xã (Chủ tịch/Phó Chủ tịch)", en: "Commune leader (chair/vice-chair)" },
  "province-officer": { vi: "Cán bộ tỉnh", en: "Province officer" },
  "commendation-reviewer": { vi: "Thành viên Hội đồng Thi đua – Khen thưởng", en: "Commendation reviewer" },
  "province-admin": { vi: "Quản trị tỉnh", en: "Province administrator" },
};

export const permissions = [
  "report:read",
  "report:create",
  "report:triage",
  "case:read",
  "case:read-identity",
  "case:write",
  "measure:order",
  "nomination:read",
  "nomination:submit",
  "nomination:review",
  "nomination:appraise",
  "nomination:decide",
  "stats:read",
  "oversight:read",
  "oversight:report",
  "oversight:manage",
  "audit:read",
  "admin:users",
] as const;
export type Permission = (typeof permissions)[number];

const communeCaseWork: Permission[] = [
  "report:read",
  "report:create",
  "report:triage",
  "case:read",
  "case:read-identity",
  "case:write",
  "nomination:read",
  "nomination:submit",
  // The commune's tasks of the province plan and the inspections' recommendations: read and report on them.
  "oversight:read",
  "oversight:report",
];

export const rolePermissions: Record<OfficerRole, readonly Permission[]> = {
  "commune-officer": communeCaseWork,
  // Chủ tịch / Phó Chủ tịch UBND xã: everything a commune officer does, and orders measures
  // such as a no-contact order (Điều 25).
  "commune-leader": [...communeCaseWork, "measure:order", "stats:read"],
  // Province officers see every commune's figures and cases, without identities.
  // Commendations (docs/commendations.md): the council votes (review); the province's
  // emulation-and-commendation office appraises (thẩm định); the province decides.
  "province-officer": [
    "report:read",
    "case:read",
    "stats:read",
    "nomination:read",
    "nomination:review",
    "nomination:appraise",
    "oversight:read",
    "oversight:report",
    "oversight:manage",
  ],
  "commendation-reviewer": ["nomination:read", "nomination:review"],
  "province-admin": ["stats:read", "audit:read", "admin:users", "nomination:read", "nomination:decide", "oversight:read"],
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
