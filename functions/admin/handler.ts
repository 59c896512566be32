import * as z from "zod/mini";
import { officerRoles } from "../../shared/permissions.ts";
import { tableDefinitions } from "../../shared/tables.ts";
import { DynamoDirectoryStore } from "../directory/repository.ts";
import { toCommuneEntry } from "../directory/service.ts";
import { addDays, DynamoAuditRepository, InvalidAuditCursorError, isCalendarDay } from "../lib/audit.ts";
import { documentClient } from "../lib/dynamo.ts";
import { requiredEnv } from "../lib/env.ts";
import { httpFunction, officerRoute, ok } from "../lib/http.ts";
import { tracer } from "../lib/powertools.ts";
import { problems } from "../lib/problem.ts";
import { DynamoRevocationStore } from "../lib/revocation-store.ts";
import { bilingualError } from "../lib/validation.ts";
import { importBody, invitesPerSecond, previewOfficerImport, validateWith } from "./bulk-import.ts";
import {
  InvalidCursorError,
  OfficerConflictError,
  type OfficerDirectory,
  OfficerExistsError,
  OfficerNotFoundError,
  type OfficerRecord,
} from "./officer-directory.ts";
import { AdminRuleError, AdminService, NotAllowedError, StaleOfficerError } from "./service.ts";

/**
 * The admin function: the signed-in officer's profile (GET /api/me), officer administration and
 * the audit log. Authentication, `authorize` and the audit entry of every request are the shared
 * stack's (functions/lib/http.ts); this file parses input and maps the service's answers to HTTP.
 *
 * The officer directory is Cognito in AWS (`OFFICER_DIRECTORY=cognito`, `USER_POOL_ID`) and the
 * local account store on a laptop (`OFFICER_DIRECTORY=local`, `TABLE_OFFICERS`); each is imported
 * at the first request that needs it, so the other one's code is never evaluated.
 */
const communes = new DynamoDirectoryStore(documentClient, requiredEnv(tableDefinitions.directory.envVar));
const auditLog = new DynamoAuditRepository(documentClient, requiredEnv(tableDefinitions.audit.envVar));
const revocations = new DynamoRevocationStore(documentClient, requiredEnv(tableDefinitions.revocations.envVar));

let directoryPromise: Promise<OfficerDirectory> | undefined;
function officerDirectory(): Promise<OfficerDirectory> {
  directoryPromise ??= (async (): Promise<OfficerDirectory> => {
    const kind = requiredEnv("OFFICER_DIRECTORY");
    if (kind === "cognito") {
      const [{ CognitoIdentityProviderClient }, { CognitoOfficerDirectory }] = await Promise.all([
        import("@aws-sdk/client-cognito-identity-provider"),
        import("./cognito-officer-directory.ts"),
      ]);
      return new CognitoOfficerDirectory(tracer.captureAWSv3Client(new CognitoIdentityProviderClient({})), requiredEnv("USER_POOL_ID"));
    }
    if (kind === "local") {
      const { localOfficerDirectoryFromEnv } = await import("./local-officer-directory.ts");
      return localOfficerDirectoryFromEnv(documentClient);
    }
    throw new Error(`OFFICER_DIRECTORY must be "cognito" or "local", not "${kind}"`);
  })();
  return directoryPromise;
}

let serviceInstance: AdminService | undefined;
async function service(): Promise<AdminService> {
  serviceInstance ??= new AdminService(
    await officerDirectory(),
    {
      commune: async (code) => {
        const found = await communes.getCommune(code);
        if (found === undefined) return undefined;
        const entry = toCommuneEntry(found);
        return { code: entry.code, fullName: entry.fullName, fullNameEn: entry.fullNameEn };
      },
    },
    revocations,
  );
  return serviceInstance;
}

/** The service's refusals as HTTP problems; anything else is the stack's (500 or 503). */
async function answer<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof AdminRuleError) throw problems.refused({ field: error.field, message: error.vi, message_en: error.en });
    if (error instanceof StaleOfficerError) {
      throw problems.conflict(
        {
          vi: "Hồ sơ cán bộ đã được người khác thay đổi; hãy xem bản hiện tại rồi thử lại.",
          en: "Someone else changed this officer; review the current record and try again.",
        },
        error.current,
      );
    }
    if (error instanceof OfficerConflictError) {
      throw problems.conflict({
        vi: "Hồ sơ cán bộ đang được thay đổi cùng lúc; hãy thử lại.",
        en: "This officer is being changed at the same time; try again.",
      });
    }
    if (error instanceof OfficerExistsError) {
      throw problems.conflict({ vi: "Đã có tài khoản với địa chỉ e-mail này.", en: "There is already an account with this e-mail address." });
    }
    if (error instanceof OfficerNotFoundError || error instanceof NotAllowedError) throw problems.hidden();
    if (error instanceof InvalidCursorError || error instanceof InvalidAuditCursorError) {
      throw problems.validation([{ field: "query.cursor", message: "Con trỏ trang không hợp lệ", message_en: "The page cursor is not valid" }]);
    }
    throw error;
  }
}

function found(record: OfficerRecord | undefined): OfficerRecord {
  if (record === undefined) throw problems.hidden();
  return record;
}

// ---------------------------------------------------------------------------------------------
// Input schemas.

const officerId = z.string().check(z.regex(/^[A-Za-z0-9-]{1,128}$/, bilingualError("Mã cán bộ không hợp lệ", "Not a valid officer id")));
const officerPath = z.strictObject({ officerId });
const cursor = z.string().check(z.maxLength(4096), z.regex(/^[A-Za-z0-9_-]+$/, bilingualError("Con trỏ trang không hợp lệ", "The page cursor is not valid")));
const communeCode = z.string().check(z.regex(/^\d{5}$/, bilingualError("Mã xã/phường gồm đúng 5 chữ số", "A commune code is exactly 5 digits")));

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
  limit: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(60)), 20),
  cursor: z.optional(cursor),
});

const day = z.string().check(z.refine(isCalendarDay, bilingualError("Ngày theo dạng yyyy-mm-dd", "A date as yyyy-mm-dd")));

const auditQuery = z
  .strictObject({
    officer: z.optional(officerId),
    record: z.optional(
      z.string().check(z.regex(/^[a-z][a-z-]{0,31}#[A-Za-z0-9._/-]{1,128}$/, bilingualError("Bản ghi theo dạng <loại>#<mã>", "A record as <type>#<id>"))),
    ),
    from: z.optional(day),
    to: z.optional(day),
    limit: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(100)), 50),
    cursor: z.optional(cursor),
  })
  .check(
    z.refine((query) => query.from === undefined || query.to === undefined || query.from <= query.to, {
      ...bilingualError("Ngày bắt đầu phải trước hoặc bằng ngày kết thúc", "The first day must not be after the last"),
      path: ["from"],
    }),
    z.refine((query) => query.from === undefined || query.to === undefined || addDays(query.from, 366) >= query.to, {
      ...bilingualError("Khoảng thời gian tối đa một năm", "At most one year at a time"),
      path: ["to"],
    }),
  );

// ---------------------------------------------------------------------------------------------
// Routes (the route table, functions/routes.ts, says who may call each).

export const handler = httpFunction("admin", {
  "GET /api/me": officerRoute({
    handle: async ({ officer }) => ok(await (await service()).me(officer)),
  }),
  "GET /api/admin/officers": officerRoute({
    query: pageQuery,
    handle: async ({ officer, query }) =>
      ok(await answer(async () => (await service()).list(officer, { limit: query.limit, ...(query.cursor === undefined ? {} : { cursor: query.cursor }) }))),
  }),
  "POST /api/admin/officers": officerRoute({
    body: inviteBody,
    handle: async ({ officer, body }) => {
      const created = await answer(async () => (await service()).invite(officer, body));
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
          { directory: await officerDirectory(), communes: await communes.listCommunes(), revocations, invitesPerSecond: invitesPerSecond() },
          validateWith(inviteBody),
        ),
      ),
  }),
  "GET /api/admin/officers/{officerId}": officerRoute({
    path: officerPath,
    handle: async ({ officer, path }) => ok(found(await answer(async () => (await service()).get(officer, path.officerId as string)))),
  }),
  "PATCH /api/admin/officers/{officerId}": officerRoute({
    path: officerPath,
    body: updateBody,
    handle: async ({ officer, path, body }) => ok(found(await answer(async () => (await service()).update(officer, path.officerId as string, body)))),
  }),
  "POST /api/admin/officers/{officerId}/disable": officerRoute({
    path: officerPath,
    handle: async ({ officer, path }) => ok(found(await answer(async () => (await service()).setEnabled(officer, path.officerId as string, false)))),
  }),
  "POST /api/admin/officers/{officerId}/enable": officerRoute({
    path: officerPath,
    handle: async ({ officer, path }) => ok(found(await answer(async () => (await service()).setEnabled(officer, path.officerId as string, true)))),
  }),
  "GET /api/admin/audit": officerRoute({
    query: auditQuery,
    handle: async ({ query }) =>
      ok(
        await answer(() =>
          auditLog.list({
            limit: query.limit,
            ...(query.officer === undefined ? {} : { officerId: query.officer }),
            ...(query.record === undefined ? {} : { recordKey: query.record }),
            ...(query.from === undefined ? {} : { from: query.from }),
            ...(query.to === undefined ? {} : { to: query.to }),
            ...(query.cursor === undefined ? {} : { cursor: query.cursor }),
          }),
        ),
      ),
  }),
});
