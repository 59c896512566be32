import { type Jurisdiction, type OfficerRole, type Permission, type Principal, permissions, roleLabels, rolePermissions } from "../../shared/permissions.ts";

/**
 * The signed-in officer's profile (GET /api/me, the admin function). Apart from the officer
 * administration (service.ts, the officers function) so that every officer's first request does
 * not load the officer directory and its rules: the profile comes from the verified token and the
 * commune names only.
 */

export interface CommuneLookup {
  /** The commune's display names, or undefined when the province has no such commune. */
  commune(code: string): Promise<{ code: string; fullName: string; fullNameEn: string } | undefined>;
}

/** The profile an officer sees of themselves (GET /api/me). */
export interface MeView {
  id: string;
  email: string;
  name: string;
  roles: OfficerRole[];
  roleLabels: { role: OfficerRole; vi: string; en: string }[];
  /** Everything the roles allow, in the vocabulary's order (the web shows and hides menus with it). */
  permissions: Permission[];
  jurisdiction: Jurisdiction;
  /** The communes of a commune jurisdiction; empty for the whole province. */
  communes: { code: string; fullName: string; fullNameEn: string }[];
}

export async function profileOf(officer: Principal & { name: string }, communes: CommuneLookup): Promise<MeView> {
  const named =
    officer.jurisdiction.kind === "province"
      ? []
      : await Promise.all(officer.jurisdiction.communes.map(async (code) => (await communes.commune(code)) ?? { code, fullName: code, fullNameEn: code }));
  return {
    id: officer.id,
    email: officer.email,
    name: officer.name,
    roles: [...officer.roles],
    roleLabels: officer.roles.map((role) => ({ role, ...roleLabels[role] })),
    permissions: permissions.filter((permission) => officer.roles.some((role) => rolePermissions[role].includes(permission))),
    jurisdiction: officer.jurisdiction,
    communes: named,
  };
}
