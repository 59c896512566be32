import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminListGroupsForUserCommand,
  AdminRemoveUserFromGroupCommand,
  AdminUpdateUserAttributesCommand,
  AdminUserGlobalSignOutCommand,
  type AttributeType,
  type CognitoIdentityProviderClient,
  ListUsersCommand,
  type ListUsersCommandOutput,
  type UserType,
} from "@aws-sdk/client-cognito-identity-provider";

/** For officer-directory.ts, which loads this module (and the client) only when the directory is Cognito. */
export { CognitoIdentityProviderClient } from "@aws-sdk/client-cognito-identity-provider";

import { formatJurisdiction, isOfficerRole, type OfficerRole, parseJurisdiction } from "../../shared/permissions.ts";
import { mapLimited } from "../lib/concurrency.ts";
import { decodeCursor, encodeCursor, InvalidCursorError } from "../lib/kit/index.ts";
import {
  type InviteOfficer,
  type OfficerChanges,
  type OfficerDirectory,
  OfficerExistsError,
  OfficerNotFoundError,
  type OfficerPage,
  type OfficerRecord,
  type OfficerStatus,
  officerListBinding,
} from "./officer-directory.ts";

/**
 * Officer accounts in the province's Cognito user pool, through the admin APIs only — the admin
 * function's IAM allows exactly these: AdminCreateUser, AdminAddUserToGroup,
 * AdminRemoveUserFromGroup, AdminUpdateUserAttributes, AdminDisableUser, AdminEnableUser,
 * AdminUserGlobalSignOut, ListUsers and AdminListGroupsForUser.
 *
 * An officer's id is the user's `sub` (the ID token's subject). Users are found by `sub` with
 * ListUsers' filter, so no AdminGetUser is needed. Roles are groups; the jurisdiction is the
 * `custom:jurisdiction` attribute. `updatedAt` is Cognito's UserLastModifiedDate: every update
 * rewrites the attributes, so group changes move it too — that is what makes `expectedUpdatedAt`
 * meaningful for roles.
 */

/** ListUsers returns at most 60 users per call. */
const maxPageSize = 60;
/** Parallel AdminListGroupsForUser calls while listing (Cognito's admin APIs are rate-limited). */
const groupLookupConcurrency = 8;

const uuidLike = /^[A-Za-z0-9-]{1,128}$/;

function attribute(user: UserType, name: string): string | undefined {
  return user.Attributes?.find((entry) => entry.Name === name)?.Value;
}

function statusOf(user: UserType): OfficerStatus {
  if (user.Enabled === false) return "disabled";
  return user.UserStatus === "FORCE_CHANGE_PASSWORD" ? "invited" : "active";
}

/** Cognito's PaginationToken inside the kit's cursor, bound to the officer listing. */
function tokenOf(cursor: string): string {
  const token = decodeCursor(cursor, officerListBinding);
  if (typeof token !== "string" || token === "" || token.length > 2048) throw new InvalidCursorError("not a pagination token");
  return token;
}

export class CognitoOfficerDirectory implements OfficerDirectory {
  constructor(
    private readonly client: CognitoIdentityProviderClient,
    private readonly userPoolId: string,
  ) {}

  async list(options: { limit: number; cursor?: string }): Promise<OfficerPage> {
    const paginationToken = options.cursor === undefined ? undefined : tokenOf(options.cursor);
    let page: ListUsersCommandOutput;
    try {
      page = await this.client.send(
        new ListUsersCommand({ UserPoolId: this.userPoolId, Limit: Math.min(Math.max(options.limit, 1), maxPageSize), PaginationToken: paginationToken }),
      );
    } catch (error) {
      if (paginationToken !== undefined && (error as Error).name === "InvalidParameterException") throw new InvalidCursorError("Cognito refused the token");
      throw error;
    }
    const items = await mapLimited(page.Users ?? [], groupLookupConcurrency, (user) => this.toRecord(user));
    return { items, ...(page.PaginationToken ? { cursor: encodeCursor(page.PaginationToken, officerListBinding) } : {}) };
  }

  async get(id: string): Promise<OfficerRecord | undefined> {
    const user = await this.findUser(id);
    return user === undefined ? undefined : this.toRecord(user);
  }

  async invite(input: InviteOfficer): Promise<OfficerRecord> {
    let created: UserType | undefined;
    try {
      const result = await this.client.send(
        new AdminCreateUserCommand({
          UserPoolId: this.userPoolId,
          // The pool signs in with e-mail: the e-mail is the username given, Cognito keys the user by sub.
          Username: input.email,
          UserAttributes: [
            { Name: "email", Value: input.email },
            { Name: "email_verified", Value: "true" },
            { Name: "name", Value: input.name },
            { Name: "custom:jurisdiction", Value: formatJurisdiction(input.jurisdiction) },
          ],
          // Cognito e-mails the temporary password with the pool's invitation message.
          DesiredDeliveryMediums: ["EMAIL"],
        }),
      );
      created = result.User;
    } catch (error) {
      if ((error as Error).name === "UsernameExistsException") throw new OfficerExistsError(input.email);
      throw error;
    }
    if (created?.Username === undefined) throw new Error("AdminCreateUser returned no user");
    const username = created.Username;
    for (const role of input.roles) {
      await this.client.send(new AdminAddUserToGroupCommand({ UserPoolId: this.userPoolId, Username: username, GroupName: role }));
    }
    return this.toRecord(created, input.roles);
  }

  async update(id: string, changes: OfficerChanges): Promise<OfficerRecord> {
    const user = await this.requireUser(id);
    const username = user.Username as string;
    const current = await this.toRecord(user);
    const attributes: AttributeType[] = [{ Name: "name", Value: changes.name ?? current.name }];
    if (changes.jurisdiction !== undefined) attributes.push({ Name: "custom:jurisdiction", Value: formatJurisdiction(changes.jurisdiction) });
    // Always written (the name at least), so UserLastModifiedDate — the record's version — moves
    // with every change, group changes included.
    await this.client.send(new AdminUpdateUserAttributesCommand({ UserPoolId: this.userPoolId, Username: username, UserAttributes: attributes }));
    if (changes.roles !== undefined) {
      for (const role of changes.roles.filter((candidate) => !current.roles.includes(candidate))) {
        await this.client.send(new AdminAddUserToGroupCommand({ UserPoolId: this.userPoolId, Username: username, GroupName: role }));
      }
      for (const role of current.roles.filter((candidate) => !changes.roles?.includes(candidate))) {
        await this.client.send(new AdminRemoveUserFromGroupCommand({ UserPoolId: this.userPoolId, Username: username, GroupName: role }));
      }
    }
    if (changes.roles !== undefined || changes.jurisdiction !== undefined) {
      // New claims need new tokens: end the officer's sessions (refresh tokens) so the next
      // sign-in carries the new roles and jurisdiction.
      await this.client.send(new AdminUserGlobalSignOutCommand({ UserPoolId: this.userPoolId, Username: username }));
    }
    return this.requireRecord(id);
  }

  async setEnabled(id: string, enabled: boolean): Promise<OfficerRecord> {
    const user = await this.requireUser(id);
    const username = user.Username as string;
    if (enabled) {
      await this.client.send(new AdminEnableUserCommand({ UserPoolId: this.userPoolId, Username: username }));
    } else {
      await this.client.send(new AdminDisableUserCommand({ UserPoolId: this.userPoolId, Username: username }));
      await this.client.send(new AdminUserGlobalSignOutCommand({ UserPoolId: this.userPoolId, Username: username }));
    }
    return this.requireRecord(id);
  }

  /** The user whose `sub` is `id` (ListUsers with a filter: exact match on sub). */
  private async findUser(id: string): Promise<UserType | undefined> {
    // The id goes into a filter expression: only letters, digits and hyphens (a sub is a UUID).
    if (!uuidLike.test(id)) return undefined;
    const result = await this.client.send(new ListUsersCommand({ UserPoolId: this.userPoolId, Filter: `sub = "${id}"`, Limit: 1 }));
    return result.Users?.[0];
  }

  private async requireUser(id: string): Promise<UserType> {
    const user = await this.findUser(id);
    if (user?.Username === undefined) throw new OfficerNotFoundError(id);
    return user;
  }

  private async requireRecord(id: string): Promise<OfficerRecord> {
    return this.toRecord(await this.requireUser(id));
  }

  private async rolesOf(username: string): Promise<OfficerRole[]> {
    const roles: OfficerRole[] = [];
    let nextToken: string | undefined;
    do {
      const page = await this.client.send(new AdminListGroupsForUserCommand({ UserPoolId: this.userPoolId, Username: username, NextToken: nextToken }));
      for (const group of page.Groups ?? []) if (group.GroupName !== undefined && isOfficerRole(group.GroupName)) roles.push(group.GroupName);
      nextToken = page.NextToken;
    } while (nextToken);
    return roles;
  }

  private async toRecord(user: UserType, knownRoles?: OfficerRole[]): Promise<OfficerRecord> {
    const email = attribute(user, "email") ?? user.Username ?? "";
    const createdAt = (user.UserCreateDate ?? new Date(0)).toISOString();
    return {
      id: attribute(user, "sub") ?? user.Username ?? "",
      email,
      name: attribute(user, "name") ?? email,
      roles: knownRoles ?? (await this.rolesOf(user.Username ?? "")),
      // An account without a valid jurisdiction can sign in but its tokens are refused by the API;
      // shown as an empty list so an administrator sees it must be set.
      jurisdiction: parseJurisdiction(attribute(user, "custom:jurisdiction")) ?? { kind: "communes", communes: [] },
      status: statusOf(user),
      createdAt,
      updatedAt: (user.UserLastModifiedDate ?? user.UserCreateDate ?? new Date(0)).toISOString(),
    };
  }
}
