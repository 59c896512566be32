import * as z from "zod/mini";
import {
  casePriorities,
  caseRetentionDays,
  caseStatuses,
  closeReasons,
  consentPurposes,
  partyAgeBands,
  partyRoles,
  partySexes,
  referralTargets,
  relationships,
  riskQuestionCodes,
  serviceKinds,
  sessionKinds,
  vulnerabilities,
} from "../../shared/cases.ts";
import { measureCodes, orderingAuthorities } from "../../shared/measures.ts";
import { tableDefinitions } from "../../shared/tables.ts";
import { violenceActCodes } from "../../shared/violence-acts.ts";
import { DynamoDirectoryStore } from "../directory/repository.ts";
import { documentClient } from "../lib/dynamo.ts";
import { requiredEnv } from "../lib/env.ts";
import { fieldCipherFromEnv } from "../lib/field-encryption.ts";
import { httpFunction, officerRoute, ok, type Reply } from "../lib/http.ts";
import { problems } from "../lib/problem.ts";
import { bilingualError } from "../lib/validation.ts";
import { DynamoCaseRepository, InvalidCursorError, type Item, StaleCaseError } from "./repository.ts";
import { CaseRuleError } from "./rules.ts";
import { isCaseJob, runCaseJob } from "./scheduled.ts";
import { CaseNotFoundError, type CaseOfficer, CaseService, type Cipher } from "./service.ts";

/**
 * The cases function. Authentication, `authorize` on the case's commune (each route's `resolve`
 * loads the case — for a nested item, its parent case — never trusting the request) and the audit
 * entry of every request are the shared stack's (functions/lib/http.ts); this file parses input
 * and maps the service's answers to HTTP.
 */
const casesTable = requiredEnv(tableDefinitions.cases.envVar);
const repository = new DynamoCaseRepository(documentClient, casesTable);
const communes = new DynamoDirectoryStore(documentClient, requiredEnv(tableDefinitions.directory.envVar));

/** The province of the encryption context (every function gets it: infra/stacks/api-stack.ts). */
const provinceSlug = requiredEnv("PROVINCE_SLUG");

let serviceInstance: CaseService | undefined;
function service(): CaseService {
  // The keyring is built at the first request (reading the local key file or naming the KMS key).
  serviceInstance ??= new CaseService(repository, fieldCipherFromEnv() as Cipher, provinceSlug, {
    retentionDays: Number(process.env.CASE_RETENTION_DAYS || caseRetentionDays),
  });
  return serviceInstance;
}

async function answer(work: () => Promise<unknown>, status = 200): Promise<Reply> {
  try {
    return { status, body: await work() };
  } catch (error) {
    if (error instanceof CaseRuleError) throw problems.refused({ field: error.field, message: error.vi, message_en: error.en });
    if (error instanceof StaleCaseError) {
      throw problems.conflict(
        {
          vi: "Hồ sơ vụ việc đã được người khác thay đổi; dữ liệu bạn nhập vẫn còn — hãy xem bản hiện tại rồi gửi lại.",
          en: "Someone else changed this case; your input is kept — review the current version and send it again.",
        },
        error.current === undefined ? undefined : service().summary(error.current),
      );
    }
    if (error instanceof CaseNotFoundError) throw problems.hidden();
    if (error instanceof InvalidCursorError) {
      throw problems.validation([{ field: "query.cursor", message: "Con trỏ trang không hợp lệ", message_en: "The page cursor is not valid" }]);
    }
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------
// Input schemas.

const id = z.string().check(z.regex(/^[A-Za-z0-9-]{1,64}$/, bilingualError("Mã không hợp lệ", "Not a valid id")));
const casePath = z.strictObject({ caseId: id });
const communePath = z.strictObject({
  commune: z.string().check(z.regex(/^\d{5}$/, bilingualError("Mã xã/phường gồm đúng 5 chữ số", "A commune code is exactly 5 digits"))),
});
const version = z.number().check(z.int(), z.minimum(1));
const day = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/, bilingualError("Ngày theo dạng yyyy-mm-dd", "A date as yyyy-mm-dd")));
const instant = z.string().check(
  z.regex(
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/,
    bilingualError("Thời điểm theo dạng ISO 8601, có múi giờ", "A time as ISO 8601 with its offset"),
  ),
  z.refine((value) => !Number.isNaN(Date.parse(value)), bilingualError("Thời điểm không hợp lệ", "Not a valid time")),
);
const text = (max: number) =>
  z.string().check(z.trim(), z.maxLength(max, bilingualError(`Dài quá ${String(max)} ký tự`, `Longer than ${String(max)} characters`)));
const shortText = (max: number) =>
  z
    .string()
    .check(
      z.trim(),
      z.minLength(1, bilingualError("Hãy điền mục này", "Fill this in")),
      z.maxLength(max, bilingualError(`Dài quá ${String(max)} ký tự`, `Longer than ${String(max)} characters`)),
    );
const unique = <T>(values: T[]) => new Set(values).size === values.length;

const updateBody = z.strictObject({
  expectedVersion: version,
  acts: z.optional(z.array(z.enum(violenceActCodes as [string, ...string[]])).check(z.refine(unique, bilingualError("Mỗi hành vi một lần", "Each act once")))),
  priority: z.optional(z.enum(casePriorities)),
  assignedOfficers: z.optional(z.array(z.strictObject({ officerId: id, name: shortText(100) })).check(z.maxLength(10))),
  childProtectionOfficer: z.optional(z.nullable(z.strictObject({ name: shortText(100), unit: shortText(200) }))),
});

const riskBody = z.strictObject({ expectedVersion: version, answers: z.array(z.enum(riskQuestionCodes as [string, ...string[]])).check(z.maxLength(20)) });

const statusBody = z.strictObject({
  expectedVersion: version,
  to: z.enum(caseStatuses),
  reason: z.optional(z.enum(closeReasons)),
  note: z.optional(text(2000)),
});

const partyBody = z.strictObject({
  expectedVersion: version,
  role: z.enum(partyRoles),
  name: z.optional(text(200)),
  phone: z.optional(z.string().check(z.trim(), z.regex(/^(\+?\d[\d .-]{5,18}\d)?$/, bilingualError("Số điện thoại không hợp lệ", "Not a valid phone number")))),
  address: z.optional(text(500)),
  sex: z.enum(partySexes),
  birthYear: z.optional(z.number().check(z.int(), z.minimum(1900), z.maximum(2100))),
  ageBand: z.enum(partyAgeBands),
  relationship: z.enum(relationships),
  vulnerabilities: z._default(z.array(z.enum(vulnerabilities)).check(z.refine(unique, bilingualError("Mỗi mục một lần", "Each once"))), []),
});

const consentPath = z.strictObject({ caseId: id, partyId: id, purpose: z.enum(consentPurposes) });
const consentBody = z.strictObject({ expectedVersion: version, given: z.boolean() });

const measureFields = {
  status: z.enum(["proposed", "ordered", "ended", "revoked"] as const),
  authority: z.enum(orderingAuthorities),
  perpetratorId: z.optional(id),
  decisionNumber: z.optional(shortText(60)),
  startsAt: z.optional(instant),
  endsAt: z.optional(instant),
};
const measureBody = z.strictObject({ expectedVersion: version, code: z.enum(measureCodes as [string, ...string[]]), ...measureFields });
const measureUpdateBody = z.strictObject({
  expectedVersion: version,
  status: z.optional(measureFields.status),
  authority: z.optional(measureFields.authority),
  perpetratorId: measureFields.perpetratorId,
  decisionNumber: measureFields.decisionNumber,
  startsAt: measureFields.startsAt,
  endsAt: measureFields.endsAt,
});

const serviceBody = z.strictObject({
  expectedVersion: version,
  kind: z.enum(serviceKinds),
  victimId: z.optional(id),
  provider: shortText(200),
  startsOn: day,
  endsOn: z.optional(day),
  location: z.optional(shortText(500)),
});

const referralBody = z.strictObject({
  expectedVersion: version,
  target: z.enum(referralTargets),
  victimId: id,
  referredOn: day,
  override: z.optional(z.strictObject({ reason: text(1000) })),
});

const sessionBody = z.strictObject({
  expectedVersion: version,
  kind: z.enum(sessionKinds),
  heldOn: day,
  perpetratorId: z.optional(id),
  outcome: z.optional(text(4000)),
});

const followUpBody = z.strictObject({ expectedVersion: version, dueOn: day, notes: z.optional(text(4000)) });
const followUpUpdateBody = z.strictObject({
  expectedVersion: version,
  dueOn: z.optional(day),
  doneOn: z.optional(z.nullable(day)),
  notes: z.optional(text(4000)),
});

const listQuery = z.strictObject({
  status: z.optional(z.enum(caseStatuses)),
  priority: z.optional(z.enum(casePriorities)),
  overdue: z.optional(z.enum(["true", "false"])),
  number: z.optional(
    z.string().check(z.regex(/^[A-Za-z]{1,8}-\d{4}-\d{1,6}$/, bilingualError("Số vụ việc theo dạng NB-2026-000123", "A case number like NB-2026-000123"))),
  ),
  limit: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(100)), 25),
  cursor: z.optional(
    z.string().check(z.maxLength(2048), z.regex(/^[A-Za-z0-9_-]+$/, bilingualError("Con trỏ trang không hợp lệ", "The page cursor is not valid"))),
  ),
});

/** Loads the case a route acts on (its parent, for a nested item): its commune is what `authorize` checks. */
const resolveCase = async ({ path }: { path: Record<string, string> }) => {
  const header = await repository.header(path.caseId as string);
  return header === undefined ? undefined : { commune: String(header.commune), resource: header as Item };
};

const nested = (param: string) => z.strictObject({ caseId: id, [param]: id });

type Input<B> = { officer: CaseOfficer; path: Record<string, string>; body: B };

function caseWrite<B>(
  body: z.ZodMiniType<B>,
  work: (input: Input<B>) => Promise<unknown>,
  options: { path?: z.ZodMiniType<Record<string, string>>; status?: number } = {},
) {
  return officerRoute<undefined, B, Item>({
    path: options.path ?? casePath,
    body,
    resolve: resolveCase,
    handle: ({ officer, path, body: input }) => answer(() => work({ officer, path, body: input }), options.status),
  });
}

// ---------------------------------------------------------------------------------------------
// Routes (functions/cases/route-table.ts says who may call each).

const http = httpFunction("cases", {
  "GET /api/communes/{commune}/cases": officerRoute({
    path: communePath,
    query: listQuery,
    resolve: async ({ path }) =>
      (await communes.getCommune(path.commune as string)) === undefined ? undefined : { commune: path.commune as string, resource: undefined },
    handle: ({ officer, path, query }) =>
      answer(() =>
        service().list(officer, {
          commune: path.commune as string,
          limit: query.limit,
          ...(query.status === undefined ? {} : { status: query.status }),
          ...(query.priority === undefined ? {} : { priority: query.priority }),
          ...(query.overdue === "true" ? { overdue: true } : {}),
          ...(query.number === undefined ? {} : { number: query.number }),
          ...(query.cursor === undefined ? {} : { cursor: query.cursor }),
        }),
      ),
  }),
  "GET /api/cases/{caseId}": officerRoute<undefined, undefined, Item[]>({
    path: casePath,
    // The page needs the whole file: loaded once here (one Query), where its commune is checked.
    resolve: async ({ path }) => {
      const items = await repository.file(path.caseId as string);
      const header = items.find((item) => item.sk === "CASE");
      return header === undefined ? undefined : { commune: String(header.commune), resource: items };
    },
    handle: async ({ officer, path, resource }) => {
      const view = await service().view(officer, path.caseId as string, resource);
      if (view === undefined) throw problems.hidden();
      return ok(view);
    },
  }),
  "PATCH /api/cases/{caseId}": caseWrite(updateBody, ({ officer, path, body }) => service().update(officer, path.caseId as string, body as never)),
  "PUT /api/cases/{caseId}/risk": caseWrite(riskBody, ({ officer, path, body }) => service().assessRisk(officer, path.caseId as string, body as never)),
  "POST /api/cases/{caseId}/status": caseWrite(statusBody, ({ officer, path, body }) => service().transition(officer, path.caseId as string, body)),
  "POST /api/cases/{caseId}/parties": caseWrite(partyBody, ({ officer, path, body }) => service().addParty(officer, path.caseId as string, body), {
    status: 201,
  }),
  "PUT /api/cases/{caseId}/parties/{partyId}": caseWrite(
    partyBody,
    ({ officer, path, body }) => service().updateParty(officer, path.caseId as string, path.partyId as string, body),
    { path: nested("partyId") },
  ),
  "PUT /api/cases/{caseId}/parties/{partyId}/consents/{purpose}": caseWrite(
    consentBody,
    ({ officer, path, body }) => service().setConsent(officer, path.caseId as string, path.partyId as string, path.purpose as never, body),
    { path: consentPath as unknown as z.ZodMiniType<Record<string, string>> },
  ),
  "POST /api/cases/{caseId}/measures": caseWrite(measureBody, ({ officer, path, body }) => service().addMeasure(officer, path.caseId as string, body), {
    status: 201,
  }),
  "PATCH /api/cases/{caseId}/measures/{measureId}": caseWrite(
    measureUpdateBody,
    ({ officer, path, body }) => service().updateMeasure(officer, path.caseId as string, path.measureId as string, body),
    { path: nested("measureId") },
  ),
  "POST /api/cases/{caseId}/services": caseWrite(serviceBody, ({ officer, path, body }) => service().addService(officer, path.caseId as string, body), {
    status: 201,
  }),
  "PUT /api/cases/{caseId}/services/{serviceId}": caseWrite(
    serviceBody,
    ({ officer, path, body }) => service().updateService(officer, path.caseId as string, path.serviceId as string, body),
    { path: nested("serviceId") },
  ),
  "POST /api/cases/{caseId}/referrals": caseWrite(referralBody, ({ officer, path, body }) => service().addReferral(officer, path.caseId as string, body), {
    status: 201,
  }),
  "POST /api/cases/{caseId}/sessions": caseWrite(sessionBody, ({ officer, path, body }) => service().addSession(officer, path.caseId as string, body), {
    status: 201,
  }),
  "POST /api/cases/{caseId}/follow-ups": caseWrite(followUpBody, ({ officer, path, body }) => service().addFollowUp(officer, path.caseId as string, body), {
    status: 201,
  }),
  "PATCH /api/cases/{caseId}/follow-ups/{followUpId}": caseWrite(
    followUpUpdateBody,
    ({ officer, path, body }) => service().updateFollowUp(officer, path.caseId as string, path.followUpId as string, body),
    { path: nested("followUpId") },
  ),
});

/**
 * The Lambda's entry: API Gateway's requests go through the HTTP stack; EventBridge Scheduler's
 * `{ source: "pcblgd.scheduler", job }` runs the reminders or the retention (scheduled.ts).
 */
export const handler = Object.assign(
  async (event: unknown, context: Parameters<typeof http>[1]) =>
    isCaseJob(event) ? runCaseJob(repository, event) : http(event as Parameters<typeof http>[0], context),
  { routeKeys: http.routeKeys },
);
