import type { Jurisdiction, OfficerRole } from "../../shared/permissions.ts";

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
