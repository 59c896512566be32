import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminListGroupsForUserCommand,
  AdminRemoveUserFromGroupCommand,
  AdminUpdateUserAttributesCommand,
  AdminUserGlobalSignOutCommand,
  CognitoIdentityProviderClient,
  InvalidParameterException,
  ListUsersCommand,
  UsernameExistsException,
  type UserType,
} from "@aws-sdk/client-cognito-identity-provider";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, describe, expect, it } from "vitest";
import { CognitoOfficerDirectory } from "../../functions/admin/cognito-officer-directory.ts";
import { OfficerExistsError, OfficerNotFoundError } from "../../functions/admin/officer-directory.ts";
import { InvalidCursorError } from "../../functions/lib/kit/index.ts";

/**
 * The Cognito officer directory cannot run locally: its calls to the admin APIs are checked
 * against a mocked client — which commands, with which input, and how answers become records.
 */
const cognito = mockClient(CognitoIdentityProviderClient);
afterEach(() => cognito.reset());

const poolId = "ap-southeast-1_TEST";
const directory = new CognitoOfficerDirectory(new CognitoIdentityProviderClient({ region: "ap-southeast-1" }), poolId);

const sub = "0a1b2c3d-1111-4222-8333-444455556666";
function user(overrides: Partial<UserType> = {}, attributes: Record<string, string> = {}): UserType {
  return {
    Username: sub,
    Enabled: true,
    UserStatus: "CONFIRMED",
    UserCreateDate: new Date("2026-01-02T03:04:05Z"),
    UserLastModifiedDate: new Date("2026-02-03T04:05:06Z"),
    Attributes: Object.entries({ sub, email: "canbo@pcblgd.vn", name: "Nguyễn Thị Hoa", "custom:jurisdiction": "13285", ...attributes }).map(
      ([Name, Value]) => ({ Name, Value }),
    ),
    ...overrides,
  };
}

describe("get", () => {
  it("finds the user by sub with ListUsers and reads roles from the groups", async () => {
    cognito.on(ListUsersCommand).resolves({ Users: [user()] });
    cognito.on(AdminListGroupsForUserCommand).resolves({ Groups: [{ GroupName: "commune-officer" }, { GroupName: "not-a-role" }] });
    expect(await directory.get(sub)).toEqual({
      id: sub,
      email: "canbo@pcblgd.vn",
      name: "Nguyễn Thị Hoa",
      roles: ["commune-officer"],
      jurisdiction: { kind: "communes", communes: ["13285"] },
      status: "active",
      createdAt: "2026-01-02T03:04:05.000Z",
      updatedAt: "2026-02-03T04:05:06.000Z",
    });
    expect(cognito.commandCalls(ListUsersCommand)[0]?.args[0].input).toEqual({ UserPoolId: poolId, Filter: `sub = "${sub}"`, Limit: 1 });
    expect(cognito.commandCalls(AdminListGroupsForUserCommand)[0]?.args[0].input).toMatchObject({ UserPoolId: poolId, Username: sub });
  });

  it("answers undefined for an unknown sub, and never puts quotes into the filter", async () => {
    cognito.on(ListUsersCommand).resolves({ Users: [] });
    expect(await directory.get(sub)).toBeUndefined();
    expect(await directory.get('x" or email ^= "')).toBeUndefined();
    expect(cognito.commandCalls(ListUsersCommand)).toHaveLength(1);
  });

  it.each([
    [{ UserStatus: "FORCE_CHANGE_PASSWORD" as const }, "invited"],
    [{ Enabled: false }, "disabled"],
    [{ UserStatus: "CONFIRMED" as const }, "active"],
  ])("maps %o to the status %s", async (overrides, status) => {
    cognito.on(ListUsersCommand).resolves({ Users: [user(overrides)] });
    cognito.on(AdminListGroupsForUserCommand).resolves({ Groups: [] });
    expect((await directory.get(sub))?.status).toBe(status);
  });
});

describe("list", () => {
  it("pages with ListUsers' PaginationToken behind an opaque cursor, roles per user", async () => {
    cognito
      .on(ListUsersCommand)
      .resolvesOnce({
        Users: [user(), user({ Username: "u2" }, { sub: "u2", email: "b@pcblgd.vn", "custom:jurisdiction": "province" })],
        PaginationToken: "tok+/=",
      })
      .resolvesOnce({ Users: [] });
    cognito.on(AdminListGroupsForUserCommand, { Username: sub }).resolves({ Groups: [{ GroupName: "commune-officer" }] });
    cognito.on(AdminListGroupsForUserCommand, { Username: "u2" }).resolves({ Groups: [{ GroupName: "province-officer" }], NextToken: "more" });
    cognito.on(AdminListGroupsForUserCommand, { Username: "u2", NextToken: "more" }).resolves({ Groups: [{ GroupName: "commendation-reviewer" }] });
    const page = await directory.list({ limit: 500 });
    expect(page.items.map((item) => [item.id, item.roles, item.jurisdiction.kind])).toEqual([
      [sub, ["commune-officer"], "communes"],
      ["u2", ["province-officer", "commendation-reviewer"], "province"],
    ]);
    expect(page.cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(cognito.commandCalls(ListUsersCommand)[0]?.args[0].input).toEqual({ UserPoolId: poolId, Limit: 60, PaginationToken: undefined });
    const next = await directory.list({ limit: 10, cursor: page.cursor as string });
    expect(next).toEqual({ items: [] });
    expect(cognito.commandCalls(ListUsersCommand)[1]?.args[0].input).toEqual({ UserPoolId: poolId, Limit: 10, PaginationToken: "tok+/=" });
  });

  it("turns a cursor Cognito refuses into InvalidCursorError", async () => {
    cognito.on(ListUsersCommand).rejects(new InvalidParameterException({ message: "bad token", $metadata: {} }));
    await expect(directory.list({ limit: 10, cursor: Buffer.from("forged").toString("base64url") })).rejects.toBeInstanceOf(InvalidCursorError);
    await expect(directory.list({ limit: 10, cursor: "!!" })).rejects.toBeInstanceOf(InvalidCursorError);
  });
});

describe("invite", () => {
  it("creates the user with e-mail delivery and the jurisdiction attribute, then adds each role's group", async () => {
    cognito.on(AdminCreateUserCommand).resolves({ User: user({ UserStatus: "FORCE_CHANGE_PASSWORD" }) });
    cognito.on(AdminAddUserToGroupCommand).resolves({});
    const record = await directory.invite({
      email: "canbo@pcblgd.vn",
      name: "Nguyễn Thị Hoa",
      roles: ["commune-officer", "commendation-reviewer"],
      jurisdiction: { kind: "communes", communes: ["13285"] },
    });
    expect(record).toMatchObject({ id: sub, status: "invited", roles: ["commune-officer", "commendation-reviewer"] });
    expect(cognito.commandCalls(AdminCreateUserCommand)[0]?.args[0].input).toEqual({
      UserPoolId: poolId,
      Username: "canbo@pcblgd.vn",
      UserAttributes: [
        { Name: "email", Value: "canbo@pcblgd.vn" },
        { Name: "email_verified", Value: "true" },
        { Name: "name", Value: "Nguyễn Thị Hoa" },
        { Name: "custom:jurisdiction", Value: "13285" },
      ],
      DesiredDeliveryMediums: ["EMAIL"],
    });
    expect(cognito.commandCalls(AdminAddUserToGroupCommand).map((entry) => entry.args[0].input)).toEqual([
      { UserPoolId: poolId, Username: sub, GroupName: "commune-officer" },
      { UserPoolId: poolId, Username: sub, GroupName: "commendation-reviewer" },
    ]);
  });

  it("turns an existing username into OfficerExistsError", async () => {
    cognito.on(AdminCreateUserCommand).rejects(new UsernameExistsException({ message: "exists", $metadata: {} }));
    await expect(
      directory.invite({ email: "canbo@pcblgd.vn", name: "x", roles: ["commune-officer"], jurisdiction: { kind: "province" } }),
    ).rejects.toBeInstanceOf(OfficerExistsError);
  });
});

describe("update", () => {
  it("rewrites the attributes, moves groups, and signs the officer out when access changed", async () => {
    cognito.on(ListUsersCommand).resolves({ Users: [user()] });
    cognito
      .on(AdminListGroupsForUserCommand)
      .resolvesOnce({ Groups: [{ GroupName: "commune-officer" }] })
      .resolves({ Groups: [{ GroupName: "commune-leader" }] });
    cognito.on(AdminUpdateUserAttributesCommand).resolves({});
    cognito.on(AdminAddUserToGroupCommand).resolves({});
    cognito.on(AdminRemoveUserFromGroupCommand).resolves({});
    cognito.on(AdminUserGlobalSignOutCommand).resolves({});
    const record = await directory.update(sub, { roles: ["commune-leader"], jurisdiction: { kind: "communes", communes: ["13285", "13291"] } });
    expect(record.roles).toEqual(["commune-leader"]);
    expect(cognito.commandCalls(AdminUpdateUserAttributesCommand)[0]?.args[0].input).toEqual({
      UserPoolId: poolId,
      Username: sub,
      UserAttributes: [
        { Name: "name", Value: "Nguyễn Thị Hoa" },
        { Name: "custom:jurisdiction", Value: "13285,13291" },
      ],
    });
    expect(cognito.commandCalls(AdminAddUserToGroupCommand).map((entry) => entry.args[0].input.GroupName)).toEqual(["commune-leader"]);
    expect(cognito.commandCalls(AdminRemoveUserFromGroupCommand).map((entry) => entry.args[0].input.GroupName)).toEqual(["commune-officer"]);
    expect(cognito.commandCalls(AdminUserGlobalSignOutCommand)).toHaveLength(1);
  });

  it("still writes the name alone (so the version moves) and keeps sessions for a rename", async () => {
    cognito.on(ListUsersCommand).resolves({ Users: [user()] });
    cognito.on(AdminListGroupsForUserCommand).resolves({ Groups: [{ GroupName: "commune-officer" }] });
    cognito.on(AdminUpdateUserAttributesCommand).resolves({});
    await directory.update(sub, { name: "Tên mới" });
    expect(cognito.commandCalls(AdminUpdateUserAttributesCommand)[0]?.args[0].input.UserAttributes).toEqual([{ Name: "name", Value: "Tên mới" }]);
    expect(cognito.commandCalls(AdminUserGlobalSignOutCommand)).toHaveLength(0);
  });

  it("throws OfficerNotFoundError for an unknown officer", async () => {
    cognito.on(ListUsersCommand).resolves({ Users: [] });
    await expect(directory.update(sub, { name: "x" })).rejects.toBeInstanceOf(OfficerNotFoundError);
  });
});

describe("setEnabled", () => {
  it("disables and signs out everywhere", async () => {
    cognito
      .on(ListUsersCommand)
      .resolvesOnce({ Users: [user()] })
      .resolves({ Users: [user({ Enabled: false })] });
    cognito.on(AdminListGroupsForUserCommand).resolves({ Groups: [] });
    cognito.on(AdminDisableUserCommand).resolves({});
    cognito.on(AdminUserGlobalSignOutCommand).resolves({});
    expect((await directory.setEnabled(sub, false)).status).toBe("disabled");
    expect(cognito.commandCalls(AdminDisableUserCommand)[0]?.args[0].input).toEqual({ UserPoolId: poolId, Username: sub });
    expect(cognito.commandCalls(AdminUserGlobalSignOutCommand)[0]?.args[0].input).toEqual({ UserPoolId: poolId, Username: sub });
  });

  it("enables", async () => {
    cognito.on(ListUsersCommand).resolves({ Users: [user()] });
    cognito.on(AdminListGroupsForUserCommand).resolves({ Groups: [] });
    cognito.on(AdminEnableUserCommand).resolves({});
    expect((await directory.setEnabled(sub, true)).status).toBe("active");
    expect(cognito.commandCalls(AdminEnableUserCommand)).toHaveLength(1);
    expect(cognito.commandCalls(AdminUserGlobalSignOutCommand)).toHaveLength(0);
  });
});

describe("IAM", () => {
  it("uses only the admin actions the admin function is granted", async () => {
    const { adminFunctionCognitoActions } = await import("../../infra/stacks/api-stack.ts");
    const source = (await import("node:fs")).readFileSync(new URL("../../functions/admin/cognito-officer-directory.ts", import.meta.url), "utf8");
    const used = [...source.matchAll(/new (\w+)Command\(/g)].map((match) => `cognito-idp:${match[1] as string}`);
    expect(new Set(used)).toEqual(new Set(adminFunctionCognitoActions));
  });
});
