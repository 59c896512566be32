import * as z from "zod/mini";
import { officerRoles } from "../../shared/permissions.ts";
import { tableEnvVar } from "../../shared/table-env.ts";
import { DynamoDirectoryStore } from "../directory/repository.ts";
import { documentClient } from "../lib/dynamo.ts";
import { type HttpFunctionOptions, httpFunction, officerRoute, ok } from "../lib/http.ts";
import { kitSchemas, NotFoundError, optional, required, settings } from "../lib/kit/index.ts";
import { officerAccess } from "../lib/officer-access.ts";
import { DynamoRevocationStore } from "../lib/revocation-store.ts";
import { bilingualError } from "../lib/validation.ts";
import { importBody, invitesPerSecond, previewOfficerImport, validateWith } from "./bulk-import.ts";
import { communeLookup, officerId } from "./common.ts";
import { type OfficerRecord, officerDirectory } from "./officer-directory.ts";
import { adminRouteTable } from "./route-table.ts";
import { AdminService } from "./service.ts";

/**
 * The officers function: officer administration (list, invite, import preview, change, disable,
 * enable). Its own function, apart from the admin function's profile and audit log, because only
 * it needs the officer directory — the Cognito admin client and its IAM permissions in AWS — and
 * the import's rules: the admin function, called by every officer at sign-in, loads none of it.
 * Authentication, `authorize`, the audit entry of every request and turning the service's errors
 * (the kit's) into problems are the shared stack's (functions/lib/http.ts); this file parses input
 * and calls the service. The officer directory is the one factory's (officer-directory.ts:
 * `OFFICER_DIRECTORY`).
 */
const config = settings({
  directoryTable: required(tableEnvVar("directory")),
  revocationsTable: required(tableEnvVar("revocations")),
  // How many invitations a second the officer import may send (SES's rate; sandbox: 1).
  invitesPerSecond: optional("INVITES_PER_SECOND", "1"),
});
const communes = new DynamoDirectoryStore(documentClient, config.directoryTable);
const revocations = new DynamoRevocationStore(documentClient, config.revocationsTable);

let serviceInstance: AdminService | undefined;
async function service(): Promise<AdminService> {
  serviceInstance ??= new AdminService(await officerDirectory(documentClient), communeLookup(communes), revocations);
  return serviceInstance;
}

function found(record: OfficerRecord | undefined): OfficerRecord {
  if (record === undefined) throw new NotFoundError("officer");
  return record;
}

// ---------------------------------------------------------------------------------------------
// Input schemas.

const officerPath = z.strictObject({ officerId });
const { communeCode, cursorParam: cursor, pageLimit } = kitSchemas;

/** `{kind:"province"}` or `{kind:"communes", communes:[…]}`: at most 10 communes (Cognito's attribute holds 64 characters). */
const jurisdiction = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("province") }),
  z.strictObject({
    kind: z.literal("communes"),
    communes: z.array(communeCode).check(
      z.minLength(1, bilingualError("Chọn ít nhất một xã/phường", "Choose at least one commune")),
      z.maxLength(10, bilingualError("Nhiều nhất 10 xã/phường", "At most 10 communes")),
      z.refine((codes) => new Set(codes).size === codes.length, bilingualError("Mỗi xã/phường chỉ chọn một lần", "Each commune only once")),
    ),
  }),
]);

const roles = z.array(z.enum(officerRoles)).check(
  z.minLength(1, bilingualError("Chọn ít nhất một vai trò", "Choose at least one role")),
  z.refine((list) => new Set(list).size === list.length, bilingualError("Mỗi vai trò chỉ chọn một lần", "Each role only once")),
);

const name = z
  .string()
  .check(
    z.trim(),
    z.minLength(1, bilingualError("Hãy nhập họ tên", "Enter the name")),
    z.maxLength(100, bilingualError("Họ tên dài quá 100 ký tự", "The name is longer than 100 characters")),
  );

const inviteBody = z.strictObject({
  email: z.email(bilingualError("Địa chỉ e-mail không hợp lệ", "Not a valid e-mail address")).check(z.maxLength(254)),
  name,
  roles,
  jurisdiction,
});

const updateBody = z.strictObject({
  name: z.optional(name),
  roles: z.optional(roles),
  jurisdiction: z.optional(jurisdiction),
  expectedUpdatedAt: z.string().check(z.minLength(1), z.maxLength(64)),
});

const pageQuery = z.strictObject({
  limit: pageLimit(60, 20),
  cursor: z.optional(cursor),
});

// ---------------------------------------------------------------------------------------------
// Routes (the route table, functions/routes.ts, says who may call each).

/** The routes this function serves: its domain's table (and the officer access check). */
const served: HttpFunctionOptions = { name: "officers", table: adminRouteTable, officers: officerAccess };

export const handler = httpFunction(served, {
  "GET /api/admin/officers": officerRoute({
    query: pageQuery,
    handle: async ({ officer, query }) =>
      ok(await (await service()).list(officer, { limit: query.limit, ...(query.cursor === undefined ? {} : { cursor: query.cursor }) })),
  }),
  "POST /api/admin/officers": officerRoute({
    body: inviteBody,
    handle: async ({ officer, body }) => {
      const created = await (await service()).invite(officer, body);
      return { status: 201, body: created, headers: { location: `/api/admin/officers/${created.id}` }, recordKey: `officer#${created.id}` };
    },
  }),
  "POST /api/admin/officers/import": officerRoute({
    body: importBody,
    handle: async ({ officer, body }) =>
      ok(
        await previewOfficerImport(
          officer,
          body,
          {
            directory: await officerDirectory(documentClient),
            communes: await communes.listCommunes(),
            revocations,
            invitesPerSecond: invitesPerSecond(config.invitesPerSecond),
          },
          validateWith(inviteBody),
        ),
      ),
  }),
  "GET /api/admin/officers/{officerId}": officerRoute({
    path: officerPath,
    handle: async ({ officer, path }) => ok(found(await (await service()).get(officer, path.officerId as string))),
  }),
  "PATCH /api/admin/officers/{officerId}": officerRoute({
    path: officerPath,
    body: updateBody,
    handle: async ({ officer, path, body }) => ok(found(await (await service()).update(officer, path.officerId as string, body))),
  }),
  "POST /api/admin/officers/{officerId}/disable": officerRoute({
    path: officerPath,
    handle: async ({ officer, path }) => ok(found(await (await service()).setEnabled(officer, path.officerId as string, false))),
  }),
  "POST /api/admin/officers/{officerId}/enable": officerRoute({
    path: officerPath,
    handle: async ({ officer, path }) => ok(found(await (await service()).setEnabled(officer, path.officerId as string, true))),
  }),
});
