import * as z from "zod/mini";
import { awardForms, awardLevels, type Nomination, nominationStatuses, nomineeKinds } from "../../shared/commendations.ts";
import { hasPermission, type Principal } from "../../shared/permissions.ts";
import { tableEnvVar } from "../../shared/table-env.ts";
import { DynamoDirectoryStore } from "../directory/repository.ts";
import { toCommuneEntry } from "../directory/service.ts";
import { derivedSecret } from "../lib/derived-secrets.ts";
import { documentClient } from "../lib/dynamo.ts";
import { type FieldCipher, fieldCipherFromEnv } from "../lib/field-encryption.ts";
import { binaryReplies, fileReply } from "../lib/file-reply.ts";
import { type HttpFunctionOptions, httpFunction, type OfficerRouteInput, officerRoute, ok, type Reply, type Resolved, route } from "../lib/http.ts";
import { kitSchemas, NotFoundError, optional, required, settings } from "../lib/kit/index.ts";
import { officerAccess } from "../lib/officer-access.ts";
import { bilingualError } from "../lib/validation.ts";
import { attachmentStoreFromEnv, attachmentTypeNames, maxAttachmentBytes } from "./attachments.ts";
import { DynamoCommendationRepository } from "./repository.ts";
import { commendationRouteTable } from "./route-table.ts";
import { CommendationService } from "./service.ts";

/**
 * The commendations function: thin routes over CommendationService (service.ts). The shared
 * stack (functions/lib/http.ts) authenticates, authorizes against the route table, audits every
 * officer request and turns the service's errors (the kit's) into problems; record-scoped routes
 * resolve the nomination (or the commune) from the store first, so the jurisdiction check uses
 * the record's own commune.
 */
const config = settings({
  tableName: required(tableEnvVar("commendations")),
  directoryTable: required(tableEnvVar("directory")),
  /** The province of the encryption context (every function gets it: infra/stacks/api-stack.ts). */
  provinceSlug: required("PROVINCE_SLUG"),
  /** "Tỉnh Ninh Bình" (every function gets it): the dossier's issuing body and place. */
  provinceName: optional("PROVINCE_NAME"),
});
const communes = new DynamoDirectoryStore(documentClient, config.directoryTable);

let cipher: FieldCipher | undefined;
const repository = new DynamoCommendationRepository(
  documentClient,
  config.tableName,
  () => {
    cipher ??= fieldCipherFromEnv();
    return cipher;
  },
  config.provinceSlug,
);
let store: ReturnType<typeof attachmentStoreFromEnv> | undefined;
const service = new CommendationService(
  repository,
  () => {
    store ??= attachmentStoreFromEnv();
    return store;
  },
  () => derivedSecret("NOMINEE_KEY_SECRET", "nominee-key"),
);

// ---------------------------------------------------------------------------------------------
// Input schemas.

const { calendarDay: day, communeCode, cursorParam: cursor, pageLimit } = kitSchemas;
const uuid = kitSchemas.matching(/^[0-9a-f-]{36}$/, "Mã không hợp lệ", "Not a valid id");
const text = (max: number, vi: string, en: string) =>
  z
    .string()
    .check(
      z.trim(),
      z.minLength(1, bilingualError(`Hãy nhập ${vi}`, `Enter ${en}`)),
      z.maxLength(max, bilingualError(`Dài quá ${String(max)} ký tự`, `Longer than ${String(max)} characters`)),
    );
const optionalText = (max: number) =>
  z.optional(z.string().check(z.trim(), z.maxLength(max, bilingualError(`Dài quá ${String(max)} ký tự`, `Longer than ${String(max)} characters`))));
const count = z.number().check(z.int(), z.minimum(0), z.maximum(200));
const expectedVersion = z.number().check(z.int(), z.minimum(1));
const outcome = z.enum(["approve", "return", "reject"]);

const nominationPath = z.strictObject({ nominationId: uuid });
const attachmentPath = z.strictObject({ nominationId: uuid, attachmentId: uuid });
const communePath = z.strictObject({ commune: communeCode });
const cyclePath = z.strictObject({ cycleId: uuid });

const cycleBody = z.strictObject({
  name: text(200, "tên đợt", "the cycle's name"),
  kind: z.enum(["year", "campaign"]),
  year: z.number().check(z.int(), z.minimum(2000), z.maximum(2100)),
  submissionDeadline: day,
  reviewDeadline: z.optional(day),
});

const nominationFields = {
  nominee: z.strictObject({
    kind: z.enum(nomineeKinds),
    name: text(200, "tên người, tập thể hoặc hộ được đề nghị", "the nominee's name"),
    unit: text(300, "đơn vị hoặc địa chỉ", "the unit or address"),
    position: optionalText(200),
  }),
  report: z.strictObject({
    background: text(5000, "phần sơ lược lý lịch / đặc điểm", "the background"),
    achievements: text(10000, "thành tích đạt được", "the achievements"),
    measures: text(5000, "các giải pháp, biện pháp", "the measures taken"),
    previousAwards: optionalText(3000),
  }),
  form: z.enum(awardForms),
  level: z.enum(awardLevels),
  publicConsent: z.boolean(),
};
const createBody = z.strictObject({ cycleId: uuid, ...nominationFields });
const updateBody = z.strictObject({ ...nominationFields, expectedVersion });
const versionBody = z.strictObject({ expectedVersion });

const councilBody = z.strictObject({
  meetingDate: day,
  membersTotal: z.number().check(z.int(), z.minimum(1), z.maximum(200)),
  membersPresent: count,
  votesFor: count,
  votesAgainst: count,
  abstentions: count,
  outcome,
  comments: optionalText(3000),
  expectedVersion,
});
const appraisalBody = z.strictObject({ outcome, comments: optionalText(3000), expectedVersion });
const decisionBody = z.strictObject({
  number: text(60, "số quyết định", "the decision number"),
  date: day,
  signer: text(200, "người ký", "the signer"),
  expectedVersion,
});
const revokeBody = z.strictObject({ reason: text(3000, "lý do thu hồi", "the reason"), expectedVersion });
const uploadBody = z.strictObject({
  fileName: text(200, "tên tệp", "the file name"),
  contentType: z.enum(attachmentTypeNames, bilingualError("Chỉ nhận tệp PDF, JPEG, PNG hoặc DOCX", "Only PDF, JPEG, PNG or DOCX files")),
  size: z
    .number()
    .check(
      z.int(),
      z.minimum(1, bilingualError("Tệp rỗng", "The file is empty")),
      z.maximum(maxAttachmentBytes, bilingualError("Tệp lớn hơn 4 MB", "The file is larger than 4 MB")),
    ),
});

const listFilters = {
  cycle: uuid,
  status: z.optional(z.enum(nominationStatuses)),
  limit: pageLimit(50, 20),
  cursor: z.optional(cursor),
};
const provinceListQuery = z.strictObject({ ...listFilters, commune: z.optional(communeCode) });
const communeListQuery = z.strictObject(listFilters);
const honourQuery = z.strictObject({
  year: z.coerce.number().check(z.int(), z.minimum(2000), z.maximum(2100)),
  commune: z.optional(communeCode),
});

// ---------------------------------------------------------------------------------------------

async function resolveNomination({ path }: { path: Record<string, string> }): Promise<Resolved<Nomination> | undefined> {
  const nomination = await repository.getNomination(path.nominationId as string);
  return nomination === undefined ? undefined : { commune: nomination.commune, resource: nomination };
}

/** A route on one nomination (or one of its files): it resolves the nomination, whose commune `authorize` checks, and works on it. */
function onNomination<Body = undefined>(
  handle: (input: OfficerRouteInput<undefined, Body, Nomination>) => Promise<Reply>,
  options: { body?: z.ZodMiniType<Body>; path?: z.ZodMiniType<Record<string, string>> } = {},
) {
  return officerRoute<undefined, Body, Nomination>({
    path: options.path ?? nominationPath,
    ...(options.body === undefined ? {} : { body: options.body }),
    resolve: resolveNomination,
    handle,
  });
}

async function resolveCommune({ path }: { path: Record<string, string> }): Promise<Resolved<string> | undefined> {
  const code = path.commune as string;
  return (await communes.getCommune(code)) === undefined ? undefined : { commune: code, resource: code };
}

/**
 * Province-wide reads (all communes' lists, the dossier) are for the province's roles: a commune
 * role never reads them, even with a (misconfigured) province-wide jurisdiction.
 */
function requireProvinceRole(officer: Principal): void {
  if (!(["nomination:review", "nomination:appraise", "nomination:decide"] as const).some((permission) => hasPermission(officer, permission))) {
    throw new NotFoundError("province listing");
  }
}

/**
 * The dossier writers (docx, exceljs: most of this function's bundle) are evaluated at the first
 * export, not at every cold start: the bundle inlines them, the dynamic import defers their code.
 */
const documents = () => import("./documents.ts");

/** Commune names for the honour roll and the dossier, kept for five minutes per container (one Query of ≤ 200 items). */
let namesCache: { at: number; names: Map<string, string> } | undefined;
async function communeNames(): Promise<(code: string) => string> {
  if (namesCache === undefined || Date.now() - namesCache.at > 5 * 60_000) {
    namesCache = { at: Date.now(), names: new Map((await communes.listCommunes()).map((commune) => [commune.code, toCommuneEntry(commune).fullName])) };
  }
  const { names } = namesCache;
  return (code) => names.get(code) ?? code;
}

/** The routes this function serves: its domain's table (and the officer access check). */
const served: HttpFunctionOptions = { name: "commendations", table: commendationRouteTable, officers: officerAccess };

export const handler = httpFunction(served, {
  "GET /api/commendations/cycles": route({
    // Public: names, kinds and deadlines only (not who opened the cycle).
    handle: async () => ok({ items: (await service.listCycles()).map(({ createdBy: _by, ...cycle }) => cycle) }),
  }),
  "GET /api/honour-roll": route({
    query: honourQuery,
    handle: async ({ query }) => {
      const names = await communeNames();
      const items = (await service.honourRoll(query.year, query.commune)).map((entry) => ({
        ...entry,
        communeName: names(entry.commune),
      }));
      return { body: { year: query.year, items }, headers: { "cache-control": "no-store" } };
    },
  }),
  "POST /api/commendations/cycles": officerRoute({
    body: cycleBody,
    handle: async ({ officer, body }) => {
      const cycle = await service.createCycle(officer, body);
      return { status: 201, body: cycle, recordKey: `cycle#${cycle.id}` };
    },
  }),
  "GET /api/commendations/nominations": officerRoute({
    query: provinceListQuery,
    handle: async ({ officer, query }) => {
      requireProvinceRole(officer);
      return ok(
        await service.list({
          cycleId: query.cycle,
          limit: query.limit,
          ...(query.commune === undefined ? {} : { commune: query.commune }),
          ...(query.status === undefined ? {} : { status: query.status }),
          ...(query.cursor === undefined ? {} : { cursor: query.cursor }),
        }),
      );
    },
  }),
  "GET /api/commendations/communes/{commune}/nominations": officerRoute<z.infer<typeof communeListQuery>, undefined, string>({
    path: communePath,
    query: communeListQuery,
    resolve: resolveCommune,
    handle: async ({ query, resource }) =>
      ok(
        await service.list({
          cycleId: query.cycle,
          commune: resource,
          limit: query.limit,
          ...(query.status === undefined ? {} : { status: query.status }),
          ...(query.cursor === undefined ? {} : { cursor: query.cursor }),
        }),
      ),
  }),
  "POST /api/commendations/communes/{commune}/nominations": officerRoute<undefined, z.infer<typeof createBody>, string>({
    path: communePath,
    body: createBody,
    resolve: resolveCommune,
    handle: async ({ officer, body, resource }) => {
      const created = await service.create(officer, resource, body);
      return {
        status: 201,
        body: created,
        headers: { location: `/api/commendations/nominations/${created.id}` },
        recordKey: `nomination#${created.id}`,
      };
    },
  }),
  "GET /api/commendations/nominations/{nominationId}": onNomination(async ({ resource }) => ok(await service.detail(resource))),
  "PATCH /api/commendations/nominations/{nominationId}": onNomination(
    async ({ officer, body, resource }) => ok(await service.update(officer, resource, body)),
    { body: updateBody },
  ),
  "POST /api/commendations/nominations/{nominationId}/submit": onNomination(
    async ({ officer, body, resource }) => ok(await service.submit(officer, resource, body.expectedVersion)),
    { body: versionBody },
  ),
  "POST /api/commendations/nominations/{nominationId}/attachments": onNomination(
    async ({ officer, body, resource }) => {
      const started = await service.startUpload(officer, resource, body);
      return { status: 201, body: started };
    },
    { body: uploadBody },
  ),
  "POST /api/commendations/nominations/{nominationId}/attachments/{attachmentId}/confirm": onNomination(
    async ({ officer, path, resource }) => ok(await service.confirmUpload(officer, resource, path.attachmentId as string)),
    { path: attachmentPath },
  ),
  "GET /api/commendations/nominations/{nominationId}/attachments/{attachmentId}": onNomination(
    async ({ path, resource }) => {
      const { attachment, bytes } = await service.download(resource, path.attachmentId as string);
      return fileReply(bytes, attachment.contentType, attachment.fileName);
    },
    { path: attachmentPath },
  ),
  "POST /api/commendations/nominations/{nominationId}/council": onNomination(
    async ({ officer, body, resource }) => {
      const { comments, ...rest } = body;
      return ok(await service.council(officer, resource, { ...rest, ...(comments ? { comments } : {}) }));
    },
    { body: councilBody },
  ),
  "POST /api/commendations/nominations/{nominationId}/appraisal": onNomination(
    async ({ officer, body, resource }) => {
      const { comments, ...rest } = body;
      return ok(await service.appraise(officer, resource, { ...rest, ...(comments ? { comments } : {}) }));
    },
    { body: appraisalBody },
  ),
  "POST /api/commendations/nominations/{nominationId}/decision": onNomination(
    async ({ officer, body, resource }) => ok(await service.decide(officer, resource, body)),
    { body: decisionBody },
  ),
  "POST /api/commendations/nominations/{nominationId}/publish": onNomination(
    async ({ officer, body, resource }) => ok(await service.publish(officer, resource, body.expectedVersion)),
    { body: versionBody },
  ),
  "POST /api/commendations/nominations/{nominationId}/revoke": onNomination(
    async ({ officer, body, resource }) => ok(await service.revoke(officer, resource, body)),
    { body: revokeBody },
  ),
  "GET /api/commendations/cycles/{cycleId}/dossier": officerRoute({
    path: cyclePath,
    handle: async ({ officer, path }) => {
      requireProvinceRole(officer);
      const dossier = await service.dossier(path.cycleId as string);
      const { dossierDocx, documentTypes } = await documents();
      const province = config.provinceName?.replace(/^Tỉnh\s+/i, "");
      const bytes = await dossierDocx({ ...dossier, communeName: await communeNames(), generatedAt: new Date(), ...(province ? { province } : {}) });
      return fileReply(bytes, documentTypes.docx, `ho-so-de-nghi-khen-thuong-${String(dossier.cycle.year)}.docx`);
    },
  }),
  "GET /api/commendations/cycles/{cycleId}/nominees": officerRoute({
    path: cyclePath,
    handle: async ({ officer, path }) => {
      requireProvinceRole(officer);
      const dossier = await service.dossier(path.cycleId as string);
      const { nomineesXlsx, documentTypes } = await documents();
      const bytes = await nomineesXlsx({ ...dossier, communeName: await communeNames(), generatedAt: new Date() });
      return fileReply(bytes, documentTypes.xlsx, `danh-sach-de-nghi-${String(dossier.cycle.year)}.xlsx`);
    },
  }),
}).use(binaryReplies());
