import * as z from "zod/mini";
import { startTracing } from "#tracing";
import { referralStatuses } from "../../shared/case-work.ts";
import {
  casePriorities,
  caseRetentionDays,
  caseStatuses,
  closeReasons,
  consentPurposes,
  measureStatuses,
  normalizeCaseNumber,
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
import { tableEnvVar } from "../../shared/table-env.ts";
import { violenceActCodes } from "../../shared/violence-acts.ts";
import { allOfficers, communeOfficerEmails, officerDirectory } from "../admin/officer-directory.ts";
import { DynamoDirectoryStore } from "../directory/repository.ts";
import { derivedSecret } from "../lib/derived-secrets.ts";
import { documentClient } from "../lib/dynamo.ts";
import { fieldCipherFromEnv } from "../lib/field-encryption.ts";
import { type HttpFunctionOptions, httpFunction, officerRoute, ok } from "../lib/http.ts";
import { integer, kitSchemas, NotFoundError, optional, required, settings } from "../lib/kit/index.ts";
import { officerAccess } from "../lib/officer-access.ts";
import { type TransferRequest, transferSchemas } from "../lib/transfers.ts";
import { bilingualError } from "../lib/validation.ts";
import { myWork } from "./my-work.ts";
import { DynamoWorkRepository } from "./my-work-repository.ts";
import { type PersonKeys, personKeys } from "./person-index.ts";
import { DynamoCaseRepository } from "./repository.ts";
import { caseRouteTable } from "./route-table.ts";
import { isCaseJob, runCaseJob } from "./scheduled.ts";
import { type CaseFile, type CaseOfficer, CaseService, type Cipher, type CommuneRoster } from "./service.ts";
import { type Entry, refs } from "./store.ts";

/**
 * The cases function. Authentication, `authorize` on the case's commune (each route's `resolve`
 * loads the case file — for a nested item, its parent case — never trusting the request) and the
 * audit entry of every request are the shared stack's (functions/lib/http.ts), and so is turning
 * the service's errors (the kit's) into problems; this file parses input and calls the service.
 */
const config = settings({
  casesTable: required(tableEnvVar("cases")),
  directoryTable: required(tableEnvVar("directory")),
  reportsTable: required(tableEnvVar("reports")),
  /** The province of the encryption context (every function gets it: infra/stacks/api-stack.ts). */
  provinceSlug: required("PROVINCE_SLUG"),
  retentionDays: integer("CASE_RETENTION_DAYS", caseRetentionDays),
  /** The province's notification sender: reminders are e-mailed to the commune's officers when set. */
  notifySender: optional("NOTIFY_FROM"),
});

const repository = new DynamoCaseRepository(documentClient, config.casesTable);
const communes = new DynamoDirectoryStore(documentClient, config.directoryTable);
const work = new DynamoWorkRepository(documentClient, repository, { cases: config.casesTable, reports: config.reportsTable });

/** The person index's key, derived once per container at its first use (KMS in AWS). */
let keysPromise: Promise<PersonKeys> | undefined;
const keys = () => {
  keysPromise ??= derivedSecret("PERSON_INDEX_SECRET", "person-index").then(personKeys);
  keysPromise.catch(() => {
    keysPromise = undefined;
  });
  return keysPromise;
};

/** The commune's officers who may work on cases (assignment), from the officer directory. */
const roster: CommuneRoster = async (commune) =>
  (await allOfficers(await officerDirectory(documentClient)))
    .filter((officer) => communeOfficerEmails([officer], commune, "case:write").length > 0)
    .map((officer) => ({ officerId: officer.id, name: officer.name }));

let serviceInstance: CaseService | undefined;
function service(): CaseService {
  // The keyring is built at the first request (reading the local key file or naming the KMS key).
  serviceInstance ??= new CaseService(repository, fieldCipherFromEnv() as Cipher, config.provinceSlug, {
    retentionDays: config.retentionDays,
    personKeys: keys,
    roster,
    communeExists: async (code) => (await communes.getCommune(code)) !== undefined,
  });
  return serviceInstance;
}

// ---------------------------------------------------------------------------------------------
// Input schemas.

const { calendarDay: day, communeCode, cursorParam, expectedVersion: version, instant, pageLimit } = kitSchemas;
const id = kitSchemas.matching(/^[A-Za-z0-9-]{1,64}$/, "Mã không hợp lệ", "Not a valid id");
const casePath = z.strictObject({ caseId: id });
const communePath = z.strictObject({ commune: communeCode });
const text = (max: number) => kitSchemas.text(max, 0);
const shortText = (max: number) => kitSchemas.text(max);
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
  /** A commune leader's reason to close while something is still open (orders in force, open services or referrals, overdue follow-ups). */
  override: z.optional(text(2000)),
});

const partyBody = z.strictObject({
  expectedVersion: version,
  role: z.enum(partyRoles),
  name: z.optional(text(200)),
  phone: z.optional(kitSchemas.phone(true)),
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
  status: z.enum(measureStatuses),
  authority: z.enum(orderingAuthorities),
  perpetratorId: z.optional(id),
  decisionNumber: z.optional(shortText(60)),
  startsAt: z.optional(instant),
  endsAt: z.optional(instant),
};
const measureBody = z.strictObject({
  expectedVersion: version,
  code: z.enum(measureCodes as [string, ...string[]]),
  ...measureFields,
  override: z.optional(z.strictObject({ reason: text(1000) })),
});
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
  /** Community criticism without 2 acts in 12 months: a commune leader's exception (Điều 32). */
  override: z.optional(z.strictObject({ reason: text(1000) })),
});

const followUpBody = z.strictObject({ expectedVersion: version, dueOn: day, notes: z.optional(text(4000)) });
const followUpUpdateBody = z.strictObject({
  expectedVersion: version,
  dueOn: z.optional(day),
  doneOn: z.optional(z.nullable(day)),
  notes: z.optional(text(4000)),
});

// — Issue 14 —
const referralStatusBody = z.strictObject({
  expectedVersion: version,
  status: z.enum(
    referralStatuses.filter((status) => status !== "sent") as ["received", ...("received" | "accepted" | "service-given" | "declined" | "no-answer")[]],
  ),
  on: day,
  reason: z.optional(text(1000)),
});
const noteBody = z.strictObject({ expectedVersion: version, text: shortText(4000), corrects: z.optional(id) });
const assigneesBody = z.strictObject({ expectedVersion: version, officerIds: z.array(id).check(z.maxLength(10)) });
const samePersonBody = z.strictObject({ expectedVersion: version, caseId: id, partyId: id });
const personSearchBody = z.strictObject({ name: shortText(200), birthYear: z.optional(z.number().check(z.int(), z.minimum(1900), z.maximum(2100))) });

/** A commune-scoped route's resource: the commune itself, when the province has it (else 404). */
const resolveCommune = async ({ path }: { path: { commune?: unknown } }) =>
  (await communes.getCommune(path.commune as string)) === undefined ? undefined : { commune: path.commune as string, resource: undefined };

const listQuery = z.strictObject({
  status: z.optional(z.enum(caseStatuses)),
  priority: z.optional(z.enum(casePriorities)),
  overdue: z.optional(z.enum(["true", "false"])),
  // Typed as officers type it: "nb-2026-1" finds NB-2026-000001.
  number: z.optional(
    z
      .string()
      .check(
        z.refine(
          (typed) => normalizeCaseNumber(typed) !== undefined,
          bilingualError("Số vụ việc theo dạng NB-2026-000123", "A case number like NB-2026-000123"),
        ),
      ),
  ),
  limit: pageLimit(100, 25),
  cursor: z.optional(cursorParam),
});

/**
 * Loads the case file a route acts on (the parent, for a nested item), once: its commune is what
 * `authorize` checks, and the route works on the same file.
 */
const resolveCase = async ({ path }: { path: Record<string, string> }) => {
  const file = await service().load(path.caseId as string);
  // The case number names the case in the audit log (never its internal id).
  return file === undefined ? undefined : { commune: file.commune, resource: file, ...(file.number ? { label: file.number } : {}) };
};

const nested = (param: string) => z.strictObject({ caseId: id, [param]: id });

/**
 * A transfer's routes load the case and its transfer, and answer the commune `authorize` checks:
 * the transfer's receiving commune (accept, decline) or its sender (withdraw) — never the request's.
 */
const resolveTransfer =
  (side: "from" | "to") =>
  async ({ path }: { path: Record<string, string> }) => {
    const file = await service().load(path.caseId as string);
    const transfer = file?.item(refs.transfer(path.transferId as string));
    if (file === undefined || transfer === undefined) return undefined;
    return { commune: String(transfer[side]), resource: file, ...(file.number ? { label: file.number } : {}) };
  };

function transferAction<B>(side: "from" | "to", body: z.ZodMiniType<B>, work: (input: Input<B>) => Promise<unknown>) {
  return officerRoute<undefined, B, CaseFile>({
    path: transferSchemas.path("caseId"),
    body,
    resolve: resolveTransfer(side),
    handle: async ({ officer, path, resource, body: input }) => {
      const file = resource as CaseFile;
      const transfer = file.item(refs.transfer(path.transferId as string)) as Entry;
      return { body: await work({ officer, path, file, body: input }), handOver: { from: String(transfer.from), to: String(transfer.to) } };
    },
  });
}
type Input<B> = { officer: CaseOfficer; path: Record<string, string>; file: CaseFile; body: B };

function caseWrite<B>(
  body: z.ZodMiniType<B>,
  work: (input: Input<B>) => Promise<unknown>,
  options: { path?: z.ZodMiniType<Record<string, string>>; status?: number } = {},
) {
  return officerRoute<undefined, B, CaseFile>({
    path: options.path ?? casePath,
    body,
    resolve: resolveCase,
    handle: async ({ officer, path, resource, body: input }) => ({
      status: options.status ?? 200,
      body: await work({ officer, path, file: resource, body: input }),
    }),
  });
}

// ---------------------------------------------------------------------------------------------
// Routes (functions/cases/route-table.ts says who may call each).

/** The routes this function serves: its domain's table (and the officer access check). */
const served: HttpFunctionOptions = { name: "cases", table: caseRouteTable, officers: officerAccess };

const http = httpFunction(served, {
  "GET /api/communes/{commune}/cases": officerRoute({
    path: communePath,
    query: listQuery,
    resolve: resolveCommune,
    handle: async ({ officer, path, query }) =>
      ok(
        await service().list(officer, {
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
  "GET /api/cases/{caseId}": officerRoute({
    path: casePath,
    resolve: resolveCase,
    handle: async ({ officer, resource }) => {
      if (resource === undefined) throw new NotFoundError("case");
      return ok(await service().present(officer, resource));
    },
  }),
  "PATCH /api/cases/{caseId}": caseWrite(updateBody, ({ officer, file, body }) => service().update(officer, file, body as never)),
  "PUT /api/cases/{caseId}/risk": caseWrite(riskBody, ({ officer, file, body }) => service().assessRisk(officer, file, body as never)),
  "POST /api/cases/{caseId}/status": caseWrite(statusBody, ({ officer, file, body }) => service().transition(officer, file, body)),
  "POST /api/cases/{caseId}/parties": caseWrite(partyBody, ({ officer, file, body }) => service().addParty(officer, file, body), {
    status: 201,
  }),
  "PUT /api/cases/{caseId}/parties/{partyId}": caseWrite(
    partyBody,
    ({ officer, path, file, body }) => service().updateParty(officer, file, path.partyId as string, body),
    { path: nested("partyId") },
  ),
  "PUT /api/cases/{caseId}/parties/{partyId}/consents/{purpose}": caseWrite(
    consentBody,
    ({ officer, path, file, body }) => service().setConsent(officer, file, path.partyId as string, path.purpose as never, body),
    { path: consentPath as unknown as z.ZodMiniType<Record<string, string>> },
  ),
  "POST /api/cases/{caseId}/measures": caseWrite(measureBody, ({ officer, file, body }) => service().addMeasure(officer, file, body), {
    status: 201,
  }),
  "PATCH /api/cases/{caseId}/measures/{measureId}": caseWrite(
    measureUpdateBody,
    ({ officer, path, file, body }) => service().updateMeasure(officer, file, path.measureId as string, body),
    { path: nested("measureId") },
  ),
  "POST /api/cases/{caseId}/services": caseWrite(serviceBody, ({ officer, file, body }) => service().addService(officer, file, body), {
    status: 201,
  }),
  "PUT /api/cases/{caseId}/services/{serviceId}": caseWrite(
    serviceBody,
    ({ officer, path, file, body }) => service().updateService(officer, file, path.serviceId as string, body),
    { path: nested("serviceId") },
  ),
  "POST /api/cases/{caseId}/referrals": caseWrite(referralBody, ({ officer, file, body }) => service().addReferral(officer, file, body), {
    status: 201,
  }),
  "POST /api/cases/{caseId}/sessions": caseWrite(sessionBody, ({ officer, file, body }) => service().addSession(officer, file, body), {
    status: 201,
  }),
  "POST /api/cases/{caseId}/follow-ups": caseWrite(followUpBody, ({ officer, file, body }) => service().addFollowUp(officer, file, body), {
    status: 201,
  }),
  "PATCH /api/cases/{caseId}/follow-ups/{followUpId}": caseWrite(
    followUpUpdateBody,
    ({ officer, path, file, body }) => service().updateFollowUp(officer, file, path.followUpId as string, body),
    { path: nested("followUpId") },
  ),
  // — Issue 14: case work —
  "POST /api/cases/{caseId}/referrals/{referralId}/status": caseWrite(
    referralStatusBody,
    ({ officer, path, file, body }) => service().setReferralStatus(officer, file, path.referralId as string, body),
    { path: nested("referralId") },
  ),
  "POST /api/cases/{caseId}/notes": caseWrite(noteBody, ({ officer, file, body }) => service().addNote(officer, file, body), { status: 201 }),
  "PUT /api/cases/{caseId}/assignees": caseWrite(assigneesBody, ({ officer, file, body }) => service().assign(officer, file, body)),
  "GET /api/cases/{caseId}/parties/{partyId}/same-person": officerRoute<undefined, undefined, CaseFile>({
    path: nested("partyId"),
    resolve: resolveCase,
    handle: async ({ path, resource }) => ok({ matches: await service().samePersonCandidates(resource as CaseFile, path.partyId as string) }),
  }),
  "POST /api/cases/{caseId}/parties/{partyId}/same-person": caseWrite(
    samePersonBody,
    ({ officer, path, file, body }) => service().linkSamePerson(officer, file, path.partyId as string, body),
    { path: nested("partyId") },
  ),
  "POST /api/communes/{commune}/person-search": officerRoute({
    path: communePath,
    body: personSearchBody,
    resolve: resolveCommune,
    handle: async ({ path, body }) => ok({ matches: await service().findPerson([path.commune as string], body.name, body.birthYear) }),
  }),
  "GET /api/communes/{commune}/case-officers": officerRoute({
    path: communePath,
    resolve: resolveCommune,
    handle: async ({ path }) => ok({ officers: (await roster(path.commune as string)).sort((a, b) => a.name.localeCompare(b.name, "vi")) }),
  }),
  // — Transfers between communes —
  "GET /api/communes/{commune}/incoming-cases": officerRoute({
    path: communePath,
    resolve: resolveCommune,
    handle: async ({ officer, path }) => ok({ items: await service().incomingTransfers(officer, path.commune as string) }),
  }),
  "POST /api/cases/{caseId}/transfers": officerRoute<undefined, TransferRequest, CaseFile>({
    path: casePath,
    body: transferSchemas.request,
    resolve: resolveCase,
    handle: async ({ officer, resource, body }) => ({
      status: 201,
      body: await service().requestTransfer(officer, resource, body),
      handOver: { from: resource.commune, to: body.to },
    }),
  }),
  "POST /api/cases/{caseId}/transfers/{transferId}/accept": transferAction("to", z.optional(z.strictObject({})), ({ officer, path, file }) =>
    service().acceptTransfer(officer, file, path.transferId as string),
  ),
  "POST /api/cases/{caseId}/transfers/{transferId}/decline": transferAction("to", transferSchemas.decline, ({ officer, path, file, body }) =>
    service().declineTransfer(officer, file, path.transferId as string, body.reason),
  ),
  "POST /api/cases/{caseId}/transfers/{transferId}/withdraw": transferAction("from", z.optional(z.strictObject({})), ({ officer, path, file }) =>
    service().withdrawTransfer(officer, file, path.transferId as string),
  ),
  "POST /api/cases/{caseId}/move": officerRoute({
    path: casePath,
    body: transferSchemas.request,
    handle: async ({ officer, path, body }) => {
      const file = await service().load(path.caseId as string);
      if (file === undefined) throw new NotFoundError("case");
      return { body: await service().move(officer, file, body), handOver: { from: file.commune, to: body.to } };
    },
  }),
  "GET /api/my-work": officerRoute({
    handle: async ({ officer }) => ok(await myWork(work, officer)),
  }),
});

/**
 * The Lambda's entry: API Gateway's requests go through the HTTP stack; EventBridge Scheduler's
 * `{ source: "pcblgd.scheduler", job }` runs the reminders or the retention (scheduled.ts).
 */
export const handler = Object.assign(
  async (event: unknown, context: Parameters<typeof http>[1]) => {
    if (!isCaseJob(event)) return http(event as Parameters<typeof http>[0], context);
    await startTracing();
    return runCaseJob(repository, event, { sender: config.notifySender, work });
  },
  { routeKeys: http.routeKeys, routes: http.routes },
);
