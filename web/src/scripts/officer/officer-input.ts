/**
 * What the officer form holds, as the admin API takes it, and the checks the form makes before
 * sending (the API checks everything again). Pure, tested in tests/unit.
 */
import { isOfficerRole, type Jurisdiction, type OfficerRole } from "../../../../shared/permissions.ts";

export interface OfficerFormValues {
  email?: string;
  name?: string;
  roles: string[];
  /** "province" | "communes" | "" (nothing chosen) */
  jurisdiction: string;
  communes: string[];
}

export interface OfficerInput {
  email?: string;
  name?: string;
  roles: OfficerRole[];
  jurisdiction: Jurisdiction | undefined;
}

export function toOfficerInput(values: OfficerFormValues): OfficerInput {
  const jurisdiction: Jurisdiction | undefined =
    values.jurisdiction === "province"
      ? { kind: "province" }
      : values.jurisdiction === "communes" && values.communes.length > 0
        ? { kind: "communes", communes: [...new Set(values.communes)] }
        : undefined;
  return {
    ...(values.email === undefined ? {} : { email: values.email.trim() }),
    ...(values.name === undefined ? {} : { name: values.name.trim().replace(/\s+/g, " ") }),
    roles: values.roles.filter(isOfficerRole),
    jurisdiction,
  };
}

/** A deliberately loose e-mail check (one @, a dot in the domain): the API and the provider decide. */
export function looksLikeEmail(value: string): boolean {
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value);
}

/** The fields the form must ask about again: empty or clearly wrong. */
export function missingFields(values: OfficerFormValues): ("email" | "name" | "roles" | "jurisdiction" | "communes")[] {
  const missing: ("email" | "name" | "roles" | "jurisdiction" | "communes")[] = [];
  if (values.email !== undefined && !looksLikeEmail(values.email.trim())) missing.push("email");
  if (values.name !== undefined && values.name.trim() === "") missing.push("name");
  if (values.roles.filter(isOfficerRole).length === 0) missing.push("roles");
  if (values.jurisdiction !== "province" && values.jurisdiction !== "communes") missing.push("jurisdiction");
  else if (values.jurisdiction === "communes" && values.communes.length === 0) missing.push("communes");
  return missing;
}

/** The values that put an officer's current access back into the form. */
export function formValuesOf(officer: {
  roles: readonly string[];
  jurisdiction: Jurisdiction;
}): Pick<OfficerFormValues, "roles" | "jurisdiction" | "communes"> {
  return {
    roles: [...officer.roles],
    jurisdiction: officer.jurisdiction.kind,
    communes: officer.jurisdiction.kind === "communes" ? [...officer.jurisdiction.communes] : [],
  };
}
