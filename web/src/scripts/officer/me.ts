/**
 * The signed-in officer as `GET /api/me` describes them, and the words the officer pages use for
 * it. Pure: no DOM, tested in tests/unit.
 */
import {
  hasPermission,
  isOfficerRole,
  type Jurisdiction,
  type OfficerRole,
  type Permission,
  parseJurisdiction,
  permissions,
  roleLabels,
} from "../../../../shared/permissions.ts";

export interface Me {
  id: string;
  email: string;
  name: string;
  roles: OfficerRole[];
  jurisdiction: Jurisdiction;
  /** Names of the jurisdiction's communes, as the API gives them (`communes: [{ code, fullName }]`). */
  communeNames: Map<string, string>;
}

/** Reads `/api/me` (jurisdiction as an object, or in the claim's string form); undefined when it is not one. */
export function parseMe(value: unknown): Me | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const body = value as Record<string, unknown>;
  const { id, email, name } = body;
  if (typeof id !== "string" || typeof email !== "string") return undefined;
  const roles = Array.isArray(body.roles) ? body.roles.filter((role): role is OfficerRole => typeof role === "string" && isOfficerRole(role)) : [];
  const jurisdiction = toJurisdiction(body.jurisdiction);
  if (!jurisdiction) return undefined;
  const communeNames = new Map<string, string>();
  for (const commune of Array.isArray(body.communes) ? body.communes : []) {
    const { code, fullName } = (commune ?? {}) as { code?: unknown; fullName?: unknown };
    if (typeof code === "string" && typeof fullName === "string") communeNames.set(code, fullName);
  }
  return { id, email, name: typeof name === "string" && name.trim() !== "" ? name : email, roles, jurisdiction, communeNames };
}

export function toJurisdiction(value: unknown): Jurisdiction | undefined {
  if (typeof value === "string") return parseJurisdiction(value);
  if (typeof value !== "object" || value === null) return undefined;
  const { kind, communes } = value as { kind?: unknown; communes?: unknown };
  if (kind === "province") return { kind: "province" };
  if (kind === "communes" && Array.isArray(communes) && communes.length > 0 && communes.every((code) => typeof code === "string" && /^\d{5}$/.test(code))) {
    return { kind: "communes", communes: communes as string[] };
  }
  return undefined;
}

export function isPermission(value: string): value is Permission {
  return (permissions as readonly string[]).includes(value);
}

export function may(me: Pick<Me, "roles">, permission: Permission): boolean {
  return hasPermission(me, permission);
}

export function roleNames(roles: readonly OfficerRole[], locale: "vi" | "en" = "vi"): string {
  return roles.map((role) => roleLabels[role][locale]).join(", ");
}

/** "Toàn tỉnh", or the communes' names ("Phường Phủ Lý, Phường Phù Vân"); unknown codes show as codes. */
export function jurisdictionName(jurisdiction: Jurisdiction, communeNames: ReadonlyMap<string, string>, wholeProvince: string): string {
  if (jurisdiction.kind === "province") return wholeProvince;
  return jurisdiction.communes.map((code) => communeNames.get(code) ?? code).join(", ");
}

/** Fills `{name}`-style placeholders of a dictionary template. */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => (Object.hasOwn(values, key) ? String(values[key]) : whole));
}

/** Keeps only the communes the officer answers for in a commune <select> (a province officer keeps them all). */
export function keepOwnCommunes(select: HTMLSelectElement, me: Pick<Me, "jurisdiction">): void {
  if (me.jurisdiction.kind !== "communes") return;
  const mine = new Set(me.jurisdiction.communes);
  for (const option of Array.from(select.options)) if (!mine.has(option.value)) option.remove();
}
