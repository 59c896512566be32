import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { hasPermission, type Jurisdiction, type OfficerRole, type Permission } from "../../shared/permissions.ts";
import { bindingOf, NotFoundError, oneOf, required, StaleError, settings } from "../lib/kit/index.ts";

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

/** An account with this e-mail (or id) exists already: 409. */
export class OfficerExistsError extends StaleError {
  constructor(readonly reason = "officer exists") {
    super(undefined, { vi: "Đã có tài khoản với địa chỉ e-mail này.", en: "There is already an account with this e-mail address." });
  }
}

/** A write lost to concurrent writes more often than the directory retried: 409, try again. */
export class OfficerConflictError extends StaleError {
  constructor(readonly reason = "officer changed meanwhile") {
    super(undefined, { vi: "Hồ sơ cán bộ đang được thay đổi cùng lúc; hãy thử lại.", en: "This officer is being changed at the same time; try again." });
  }
}

/** No such officer: 404, like any record the caller cannot see. */
export class OfficerNotFoundError extends NotFoundError {
  constructor(readonly reason = "no such officer") {
    super("officer");
  }
}

/** What a directory's list cursor is bound to (the kit's codec): the one listing of the province's officers. */
export const officerListBinding = bindingOf("officers", "province");

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

/**
 * THE officer directory of a function, chosen by one setting for every function that needs it
 * (admin, report notices, case reminders): `OFFICER_DIRECTORY=cognito` (with `USER_POOL_ID`) in
 * AWS, `local` (the `officers` table) on a laptop. Anything else fails loudly at first use. The
 * chosen implementation is imported then, so the other one's code is never evaluated; one
 * directory per container.
 */
const directorySettings = settings({
  kind: oneOf("OFFICER_DIRECTORY", ["cognito", "local"] as const),
  userPoolId: required("USER_POOL_ID"),
});

let directoryPromise: Promise<OfficerDirectory> | undefined;

export function officerDirectory(client: DynamoDBDocumentClient): Promise<OfficerDirectory> {
  directoryPromise ??= (async (): Promise<OfficerDirectory> => {
    if (directorySettings.kind === "local") {
      const { localOfficerDirectoryFromEnv } = await import("./local-officer-directory.ts");
      return localOfficerDirectoryFromEnv(client);
    }
    const [{ CognitoIdentityProviderClient }, { CognitoOfficerDirectory }, { traceClient }] = await Promise.all([
      import("@aws-sdk/client-cognito-identity-provider"),
      import("./cognito-officer-directory.ts"),
      import("../lib/tracing.ts"),
    ]);
    return new CognitoOfficerDirectory(traceClient(new CognitoIdentityProviderClient({})), directorySettings.userPoolId);
  })();
  directoryPromise.catch(() => {
    directoryPromise = undefined;
  });
  return directoryPromise;
}
