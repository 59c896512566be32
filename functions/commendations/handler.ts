import * as z from "zod/mini";
import { hasPermission, type Principal } from "../../shared/permissions.ts";
import { tableDefinitions } from "../../shared/tables.ts";
import { DynamoDirectoryStore } from "../directory/repository.ts";
import { toCommuneEntry } from "../directory/service.ts";
import { derivedSecret } from "../lib/derived-secrets.ts";
import { documentClient } from "../lib/dynamo.ts";
import { requiredEnv } from "../lib/env.ts";
import { type FieldCipher, fieldCipherFromEnv } from "../lib/field-encryption.ts";
import { binaryReplies, fileReply } from "../lib/file-reply.ts";
import { httpFunction, officerRoute, ok, type Resolved, route } from "../lib/http.ts";
import { problems } from "../lib/problem.ts";
import { bilingualError } from "../lib/validation.ts";
import { attachmentStoreFromEnv, attachmentTypeNames, maxAttachmentBytes } from "./attachments.ts";
import { awardForms, awardLevels, nominationStatuses, nomineeKinds } from "./model.ts";
import { DynamoCommendationRepository, InvalidCursorError } from "./repository.ts";
import { CommendationService, HiddenError, type Nomination, RuleError, StaleNominationError } from "./service.ts";

/**
 * The commendations function: thin routes over CommendationService (service.ts). The shared
 * stack (functions/lib/http.ts) authenticates, authorizes against the route table and audits
 * every officer request; record-scoped routes resolve the nomination (or the commune) from the
 * store first, so the jurisdiction check uses the record's own commune.
 */
const tableName = requiredEnv(tableDefinitions.commendations.envVar);
/** `pcblgd-<slug>-commendations`: the province slug names the encryption context. */
const provinceSlug = tableName.replace(/^pcblgd-/, "").replace(/-commendations$/, "");
const communes = new DynamoDirectoryStore(documentClient, requiredEnv(tableDefinitions.directory.envVar));

let cipher: FieldCipher | undefined;
const repository = new DynamoCommendationRepository(
  documentClient,
  tableName,
  () => {
    cipher ??= fieldCipherFromEnv();
    return cipher;
  },
  provinceSlug,
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

async function answer<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof RuleError) throw problems.refused({ field: error.field, message: error.vi, message_en: error.en });
    if (error instanceof StaleNominationError) {
      throw problems.conflict(
        {
          vi: "Hồ sơ đã được người khác thay đổi; hãy xem bản hiện tại rồi thử lại.",
          en: "Someone else changed this nomination; review the current version and try again.",
        },
        error.current,
      );
    }
    if (error instanceof HiddenError) throw problems.hidden();
    if (error instanceof InvalidCursorError) {
      throw problems.validation([{ field: "query.cursor", message: "Con trỏ trang không hợp lệ", message_en: "The page cursor is not valid" }]);
    }
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------
// Input schemas.

const uuid = z.string().check(z.regex(/^[0-9a-f-]{36}$/, bilingualError("Mã không hợp lệ", "Not a valid id")));
const communeCode = z.string().check(z.regex(/^\d{5}$/, bilingualError("Mã xã/phường gồm đúng 5 chữ số", "A commune code is exactly 5 digits")));
const day = z.string().check(
  z.regex(/^\d{4}-\d{2}-\d{2}$/, bilingualError("Ngày theo dạng yyyy-mm-dd", "A date as yyyy-mm-dd")),
  z.refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)), bilingualError("Ngày không có thật", "Not a real date")),
);
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

const cursor = z.string().check(z.maxLength(2048), z.regex(/^[A-Za-z0-9_-]+$/, bilingualError("Con trỏ trang không hợp lệ", "The page cursor is not valid")));
const listFilters = {
  cycle: uuid,
  status: z.optional(z.enum(nominationStatuses)),
  limit: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(50)), 20),
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
    throw problems.hidden();
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

const view = (nomination: Nomination) => nomination;

export const handler = httpFunction("commendations", {
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
      const cycle = await answer(() => service.createCycle(officer, body));
      return { status: 201, body: cycle, recordKey: `cycle#${cycle.id}` };
    },
  }),
  "GET /api/commendations/nominations": officerRoute({
    query: provinceListQuery,
    handle: async ({ officer, query }) =>
      ok(
        await answer(() => {
          requireProvinceRole(officer);
          return service.list({
            cycleId: query.cycle,
            limit: query.limit,
            ...(query.commune === undefined ? {} : { commune: query.commune }),
            ...(query.status === undefined ? {} : { status: query.status }),
            ...(query.cursor === undefined ? {} : { cursor: query.cursor }),
          });
        }),
      ),
  }),
  "GET /api/commendations/communes/{commune}/nominations": officerRoute<z.infer<typeof communeListQuery>, undefined, string>({
    path: communePath,
    query: communeListQuery,
    resolve: resolveCommune,
    handle: async ({ query, resource }) =>
      ok(
        await answer(() =>
          service.list({
            cycleId: query.cycle,
            commune: resource,
            limit: query.limit,
            ...(query.status === undefined ? {} : { status: query.status }),
            ...(query.cursor === undefined ? {} : { cursor: query.cursor }),
          }),
        ),
      ),
  }),
  "POST /api/commendations/communes/{commune}/nominations": officerRoute<undefined, z.infer<typeof createBody>, string>({
    path: communePath,
    body: createBody,
    resolve: resolveCommune,
    handle: async ({ officer, body, resource }) => {
      const created = await answer(() => service.create(officer, resource, body));
      return {
        status: 201,
        body: view(created),
        headers: { location: `/api/commendations/nominations/${created.id}` },
        recordKey: `nomination#${created.id}`,
      };
    },
  }),
  "GET /api/commendations/nominations/{nominationId}": officerRoute<undefined, undefined, Nomination>({
    path: nominationPath,
    resolve: resolveNomination,
    handle: async ({ resource }) => ok(await answer(() => service.detail(resource))),
  }),
  "PATCH /api/commendations/nominations/{nominationId}": officerRoute<undefined, z.infer<typeof updateBody>, Nomination>({
    path: nominationPath,
    body: updateBody,
    resolve: resolveNomination,
    handle: async ({ officer, body, resource }) => ok(view(await answer(() => service.update(officer, resource, body)))),
  }),
  "POST /api/commendations/nominations/{nominationId}/submit": officerRoute<undefined, z.infer<typeof versionBody>, Nomination>({
    path: nominationPath,
    body: versionBody,
    resolve: resolveNomination,
    handle: async ({ officer, body, resource }) => ok(view(await answer(() => service.submit(officer, resource, body.expectedVersion)))),
  }),
  "POST /api/commendations/nominations/{nominationId}/attachments": officerRoute<undefined, z.infer<typeof uploadBody>, Nomination>({
    path: nominationPath,
    body: uploadBody,
    resolve: resolveNomination,
    handle: async ({ officer, body, resource }) => {
      const started = await answer(() => service.startUpload(officer, resource, body));
      return { status: 201, body: started };
    },
  }),
  "POST /api/commendations/nominations/{nominationId}/attachments/{attachmentId}/confirm": officerRoute<undefined, undefined, Nomination>({
    path: attachmentPath,
    resolve: resolveNomination,
    handle: async ({ officer, path, resource }) => ok(await answer(() => service.confirmUpload(officer, resource, path.attachmentId as string))),
  }),
  "GET /api/commendations/nominations/{nominationId}/attachments/{attachmentId}": officerRoute<undefined, undefined, Nomination>({
    path: attachmentPath,
    resolve: resolveNomination,
    handle: async ({ path, resource }) => {
      const { attachment, bytes } = await answer(() => service.download(resource, path.attachmentId as string));
      return fileReply(bytes, attachment.contentType, attachment.fileName);
    },
  }),
  "POST /api/commendations/nominations/{nominationId}/council": officerRoute<undefined, z.infer<typeof councilBody>, Nomination>({
    path: nominationPath,
    body: councilBody,
    resolve: resolveNomination,
    handle: async ({ officer, body, resource }) => {
      const { comments, ...rest } = body;
      return ok(view(await answer(() => service.council(officer, resource, { ...rest, ...(comments ? { comments } : {}) }))));
    },
  }),
  "POST /api/commendations/nominations/{nominationId}/appraisal": officerRoute<undefined, z.infer<typeof appraisalBody>, Nomination>({
    path: nominationPath,
    body: appraisalBody,
    resolve: resolveNomination,
    handle: async ({ officer, body, resource }) => {
      const { comments, ...rest } = body;
      return ok(view(await answer(() => service.appraise(officer, resource, { ...rest, ...(comments ? { comments } : {}) }))));
    },
  }),
  "POST /api/commendations/nominations/{nominationId}/decision": officerRoute<undefined, z.infer<typeof decisionBody>, Nomination>({
    path: nominationPath,
    body: decisionBody,
    resolve: resolveNomination,
    handle: async ({ officer, body, resource }) => ok(view(await answer(() => service.decide(officer, resource, body)))),
  }),
  "POST /api/commendations/nominations/{nominationId}/publish": officerRoute<undefined, z.infer<typeof versionBody>, Nomination>({
    path: nominationPath,
    body: versionBody,
    resolve: resolveNomination,
    handle: async ({ officer, body, resource }) => ok(view(await answer(() => service.publish(officer, resource, body.expectedVersion)))),
  }),
  "POST /api/commendations/nominations/{nominationId}/revoke": officerRoute<undefined, z.infer<typeof revokeBody>, Nomination>({
    path: nominationPath,
    body: revokeBody,
    resolve: resolveNomination,
    handle: async ({ officer, body, resource }) => ok(view(await answer(() => service.revoke(officer, resource, body)))),
  }),
  "GET /api/commendations/cycles/{cycleId}/dossier": officerRoute({
    path: cyclePath,
    handle: async ({ officer, path }) => {
      requireProvinceRole(officer);
      const dossier = await answer(() => service.dossier(path.cycleId as string));
      const { dossierDocx, documentTypes } = await documents();
      const bytes = await dossierDocx({ ...dossier, communeName: await communeNames(), generatedAt: new Date() });
      return fileReply(bytes, documentTypes.docx, `ho-so-de-nghi-khen-thuong-${String(dossier.cycle.year)}.docx`);
    },
  }),
  "GET /api/commendations/cycles/{cycleId}/nominees": officerRoute({
    path: cyclePath,
    handle: async ({ officer, path }) => {
      requireProvinceRole(officer);
      const dossier = await answer(() => service.dossier(path.cycleId as string));
      const { nomineesXlsx, documentTypes } = await documents();
      const bytes = await nomineesXlsx({ ...dossier, communeName: await communeNames(), generatedAt: new Date() });
      return fileReply(bytes, documentTypes.xlsx, `danh-sach-de-nghi-${String(dossier.cycle.year)}.xlsx`);
    },
  }),
}).use(binaryReplies());
