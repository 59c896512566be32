import { hasPermission, type Jurisdiction, type OfficerRole, type Permission } from "../../shared/permissions.ts";

/**
 * Where officer accounts live: the Cognito user pool in AWS (cognito-officer-directory.ts), the
 * local OpenID provider's account store on a laptop (local-officer-directory.ts). The admin
 * service works against this interface only.
 */
export type OfficerStatus = "invited" | "active" | "disabled";

export interface OfficerRecord {
  /** The token's `sub`. */
  id: string;
  email: string;
  name: string;
  roles: OfficerRole[];
  jurisdiction: Jurisdiction;
  status: OfficerStatus;
  createdAt: string;
  updatedAt: string;
}

export interface InviteOfficer {
  email: string;
  name: string;
  roles: OfficerRole[];
  jurisdiction: Jurisdiction;
}

export interface OfficerChanges {
  name?: string;
  roles?: OfficerRole[];
  jurisdiction?: Jurisdiction;
}

export interface OfficerPage {
  items: OfficerRecord[];
  /** Opaque; pass it back to get the next page. Absent on the last page. */
  cursor?: string;
}

export class OfficerExistsError extends Error {
  override name = "OfficerExistsError";
}

/** A write lost to concurrent writes more often than the directory retried: try again. */
export class OfficerConflictError extends Error {
  override name = "OfficerConflictError";
}

export class OfficerNotFoundError extends Error {
  override name = "OfficerNotFoundError";
}

/** A list cursor the directory cannot read (tampered with, or from another listing): answered 400. */
export class InvalidCursorError extends Error {
  override name = "InvalidCursorError";
}

export interface OfficerDirectory {
  list(options: { limit: number; cursor?: string }): Promise<OfficerPage>;
  get(id: string): Promise<OfficerRecord | undefined>;
  /** Creates the account; the officer gets a temporary password (e-mailed by Cognito; printed to the local outbox locally). */
  invite(input: InviteOfficer): Promise<OfficerRecord>;
  update(id: string, changes: OfficerChanges): Promise<OfficerRecord>;
  /** Disabling also signs the officer out everywhere. */
  setEnabled(id: string, enabled: boolean): Promise<OfficerRecord>;
}

/** Every officer of the directory, all pages (a province has hundreds at most: a few calls). */
export async function allOfficers(directory: OfficerDirectory): Promise<OfficerRecord[]> {
  const officers: OfficerRecord[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 50; page++) {
    const result = await directory.list({ limit: 60, ...(cursor ? { cursor } : {}) });
    officers.push(...result.items);
    cursor = result.cursor;
    if (!cursor) break;
  }
  return officers;
}

/**
 * Who is told about a commune's work (new reports, no-contact orders ending): officers not disabled
 * (invited ones too: a notice may come before their first sign-in) whose jurisdiction names the
 * commune and who hold `permission`. Province-wide officers follow figures, not every notice.
 */
export function communeOfficerEmails(officers: readonly OfficerRecord[], commune: string, permission: Permission): string[] {
  return officers
    .filter(
      (officer) =>
        officer.status !== "disabled" &&
        officer.jurisdiction.kind === "communes" &&
        officer.jurisdiction.communes.includes(commune) &&
        hasPermission(officer, permission),
    )
    .map((officer) => officer.email);
}
