import * as z from "zod/mini";
import { startTracing } from "#tracing";
import { checklistAnswers, duties, recommendationStatuses, taskStatuses } from "../../shared/oversight.ts";
import { tableEnvVar } from "../../shared/table-env.ts";
import { type AttachmentStore, attachmentStoreFromEnv, attachmentTypeNames, maxAttachmentBytes } from "../commendations/attachments.ts";
import { DynamoDirectoryStore } from "../directory/repository.ts";
import { toCommuneEntry } from "../directory/service.ts";
import { documentClient } from "../lib/dynamo.ts";
import { type FieldCipher, fieldCipherFromEnv } from "../lib/field-encryption.ts";
import { binaryReplies, docxType, fileReply } from "../lib/file-reply.ts";
import { type HttpFunctionOptions, httpFunction, officerRoute, ok, type Resolved } from "../lib/http.ts";
import { integer, optional, required, settings } from "../lib/kit/config.ts";
import { NotFoundError } from "../lib/kit/errors.ts";
import { bilingual, calendarDay, communeCode, cursorParam, expectedVersion, matching, pageLimit, recordId, text } from "../lib/kit/schemas.ts";
import { officerAccess } from "../lib/officer-access.ts";
import { DynamoPreventionRepository } from "../prevention/repository.ts";
import { DynamoStatisticsStore } from "../statistics/repository.ts";
import { StatisticsService } from "../statistics/service.ts";
import type { Letterhead } from "./documents.ts";
import { commendationsPublished, provinceYearSource, yearFigures } from "./figures.ts";
import { type FileParent, OversightFiles } from "./files.ts";
import { DynamoOversightRepository } from "./repository.ts";
import { oversightRouteTable } from "./route-table.ts";
import { isOversightJob, runOversightJob } from "./scheduled.ts";
import { type Actor, OversightService, type Recommendation, type Task } from "./service.ts";

/**
 * The oversight function (issue 13): thin routes over OversightService. The shared stack
 * authenticates, authorizes against the route table (record-scoped routes resolve the task's or
 * recommendation's commune from the store) and audits every request, exports included.
 */
const config = settings({
  oversightTable: required(tableEnvVar("oversight")),
  directoryTable: required(tableEnvVar("directory")),
  commendationsTable: required(tableEnvVar("commendations")),
  statisticsTable: required(tableEnvVar("statistics")),
  preventionTable: required(tableEnvVar("prevention")),
  cutOffDay: integer("STATISTICS_CUTOFF_DAY", 31),
  provinceSlug: required("PROVINCE_SLUG"),
  provinceName: optional("PROVINCE_NAME"),
  notifyFrom: optional("NOTIFY_FROM"),
  localOutboxDir: optional("LOCAL_OUTBOX_DIR"),
});

let cipher: FieldCipher | undefined;
function repositoryCipher(): FieldCipher {
  cipher ??= fieldCipherFromEnv();
  return cipher;
}
const repository = new DynamoOversightRepository(documentClient, config.oversightTable, repositoryCipher, config.provinceSlug);
const communes = new DynamoDirectoryStore(documentClient, config.directoryTable);
export const service = new OversightService(repository, async (code) => (await communes.getCommune(code)) !== undefined);

/** The bytes' store (S3 in AWS, a folder locally), made at the first file route. */
let bytes: Promise<AttachmentStore> | undefined;
const files = new OversightFiles(repository, () => {
  bytes ??= attachmentStoreFromEnv();
  return bytes;
});

/**
 * The yearly report's figures: the statistics' province roll-up and the prevention registers, read
 * here with `read` grants only. The roll-up reads the statistics table alone (counters and period
 * reports): the source tables and the dashboard's watch are never reached from this function.
 */
const notReadHere = () => Promise.reject(new Error("The oversight function reads the statistics roll-up only"));
const yearSource = provinceYearSource({
  statistics: new StatisticsService(
    new DynamoStatisticsStore(documentClient, { statistics: config.statisticsTable, reports: "", cases: "" }),
    { overdueFollowUps: notReadHere, ordersEnding: notReadHere, awaitingTriageSince: notReadHere },
    { cutOffDay: config.cutOffDay },
  ),
  // The registers' figures open no sealed field (preventionFigures reads the plain part only).
  prevention: new DynamoPreventionRepository(documentClient, config.preventionTable, () => repositoryCipher(), config.provinceSlug),
  communes: async () => (await communes.listCommunes()).map((commune) => ({ code: commune.code, name: commune.name, nameEn: commune.nameEn })),
});

/** Commune names for the papers, kept five minutes per container (one Query of ≤ 200 items). */
let namesCache: { at: number; names: Map<string, string> } | undefined;
export async function communeNames(): Promise<(code: string) => string> {
  if (namesCache === undefined || Date.now() - namesCache.at > 5 * 60_000) {
    namesCache = { at: Date.now(), names: new Map((await communes.listCommunes()).map((commune) => [commune.code, toCommuneEntry(commune).fullName])) };
  }
  const { names } = namesCache;
  return (code) => names.get(code) ?? code;
}

function letterhead(): Letterhead {
  // The province file names it "Tỉnh Ninh Bình" (or "Thành phố Hà Nội"): the letterhead and the place line follow it.
  const province = config.provinceName ?? config.provinceSlug;
  const place = province.replace(/^(Tỉnh|Thành phố)\s+/i, "");
  return {
    authority: /^(Tỉnh|Thành phố)\s/i.test(province) ? `Ủy ban nhân dân ${province}` : `Ủy ban nhân dân tỉnh ${province}`,
    issuer: "Sở Văn hóa, Thể thao và Du lịch",
    place,
  };
}

/** The docx writer is most of the bundle: evaluated at the first export, not at every cold start. */
const documents = () => import("./documents.ts");

const actor = (officer: { id: string; name: string }): Actor => ({ id: officer.id, name: officer.name });

// ——— Input schemas ———

const decision = z.strictObject({ number: text(60), date: calendarDay, issuer: text(200) });
const listQuery = z.strictObject({ limit: pageLimit(50, 20), cursor: z.optional(cursorParam) });
const planBody = z.strictObject({ title: text(300), legalBasis: text(300), periodFrom: calendarDay, periodTo: calendarDay, decision: z.optional(decision) });
const taskBody = z.strictObject({
  duty: z.enum(duties, bilingual("Hãy chọn nhóm nhiệm vụ", "Choose the duty")),
  title: text(300),
  description: z.optional(text(3000)),
  unit: z.discriminatedUnion("kind", [
    z.strictObject({ kind: z.literal("department"), name: text(200) }),
    z.strictObject({
      kind: z.literal("communes"),
      communes: z.array(communeCode).check(z.minLength(1, bilingual("Hãy chọn ít nhất một xã/phường", "Choose at least one commune")), z.maxLength(200)),
    }),
  ]),
  cooperating: z._default(z.array(text(200)).check(z.maxLength(20)), []),
  dueDate: calendarDay,
});
const taskEditBody = z.strictObject({
  expectedVersion,
  title: z.optional(text(300)),
  description: z.optional(text(3000)),
  cooperating: z.optional(z.array(text(200)).check(z.maxLength(20))),
  dueDate: z.optional(calendarDay),
});
/** Files a progress report or follow-up cites: uploaded to the same record first (`…/files`). */
const citedFiles = z._default(z.array(recordId).check(z.maxLength(20)), []);
const progressBody = z.strictObject({
  expectedVersion,
  status: z.enum(taskStatuses, bilingual("Hãy chọn tình trạng", "Choose the status")),
  text: text(5000),
  documentRef: z.optional(text(200)),
  files: citedFiles,
});
const fileBody = z.strictObject({
  fileName: text(200),
  contentType: z.enum(attachmentTypeNames, bilingual("Chỉ nhận tệp PDF, JPEG, PNG hoặc DOCX", "Only PDF, JPEG, PNG or DOCX files")),
  size: z
    .number()
    .check(
      z.int(),
      z.minimum(1, bilingual("Tệp rỗng", "The file is empty")),
      z.maximum(maxAttachmentBytes, bilingual("Tệp lớn hơn 4 MB", "The file is larger than 4 MB")),
    ),
});
const checklistBody = z.strictObject({
  expectedVersion: z.number().check(z.int(), z.minimum(0)),
  questions: z
    .array(
      z.strictObject({
        id: matching(/^[a-z0-9-]{1,40}$/, "Mã câu hỏi: chữ thường, số, gạch nối", "Question id: lowercase, digits, hyphens"),
        text: text(500),
      }),
    )
    .check(z.minLength(1, bilingual("Bảng kiểm cần ít nhất một câu hỏi", "The checklist needs at least one question")), z.maxLength(60)),
});
const inspectionBody = z.strictObject({
  title: text(300),
  decision,
  team: z
    .array(z.strictObject({ name: text(200), role: text(100) }))
    .check(z.minLength(1, bilingual("Đoàn kiểm tra cần ít nhất một thành viên", "The team needs at least one member")), z.maxLength(30)),
  communes: z.array(communeCode).check(z.minLength(1, bilingual("Hãy chọn ít nhất một xã/phường", "Choose at least one commune")), z.maxLength(200)),
  periodFrom: calendarDay,
  periodTo: calendarDay,
  startDate: calendarDay,
  endDate: calendarDay,
});
const unitBody = z.strictObject({
  expectedVersion: z.number().check(z.int(), z.minimum(0)),
  answers: z
    .array(z.strictObject({ questionId: z.string().check(z.maxLength(40)), answer: z.enum(checklistAnswers), note: z.optional(text(1000)) }))
    .check(z.maxLength(60)),
  strengths: z._default(text(5000, 0), ""),
  shortcomings: z._default(text(5000, 0), ""),
});
const recommendationBody = z.strictObject({ text: text(3000), commune: communeCode, dueDate: calendarDay });
const followUpBody = z.strictObject({
  expectedVersion,
  status: z.enum(recommendationStatuses, bilingual("Hãy chọn tình trạng", "Choose the status")),
  evidence: z._default(text(5000, 0), ""),
  files: citedFiles,
});
const yearlyBody = z.strictObject({
  expectedVersion: z.number().check(z.int(), z.minimum(0)),
  blocks: z.strictObject({
    introduction: z.optional(text(10000, 0)),
    leadership: z.optional(text(10000, 0)),
    awareness: z.optional(text(10000, 0)),
    prevention: z.optional(text(10000, 0)),
    intervention: z.optional(text(10000, 0)),
    commendation: z.optional(text(10000, 0)),
    conclusion: z.optional(text(10000, 0)),
  }),
});

const planPath = z.strictObject({ planId: recordId });
const taskPath = z.strictObject({ taskId: recordId });
const inspectionPath = z.strictObject({ inspectionId: recordId });
const unitPath = z.strictObject({ inspectionId: recordId, commune: communeCode });
const recommendationPath = z.strictObject({ recommendationId: recordId });
const communePath = z.strictObject({ commune: communeCode });
const planFilePath = z.strictObject({ planId: recordId, fileId: recordId });
const taskFilePath = z.strictObject({ taskId: recordId, fileId: recordId });
const recommendationFilePath = z.strictObject({ recommendationId: recordId, fileId: recordId });
const yearPath = z.strictObject({
  year: matching(/^20\d{2}$/, "Năm gồm 4 chữ số, từ 2000", "A year of 4 digits, from 2000"),
});

// ——— Resolvers: the commune of a record comes from the store, never from the request ———

/** A department's task belongs to the province: no commune jurisdiction contains this. */
const provinceLevel = "province";

async function resolveTask({ path }: { path: Record<string, string> }): Promise<Resolved<Task> | undefined> {
  const found = await repository.getTask(path.taskId as string);
  if (found === undefined) return undefined;
  return { commune: found.task.unit.kind === "commune" ? found.task.unit.commune : provinceLevel, resource: found.task };
}

async function resolveRecommendation({ path }: { path: Record<string, string> }): Promise<Resolved<Recommendation> | undefined> {
  const found = await repository.getRecommendation(path.recommendationId as string);
  return found === undefined ? undefined : { commune: found.recommendation.commune, resource: found.recommendation };
}

async function resolveCommune({ path }: { path: Record<string, string> }): Promise<Resolved<string> | undefined> {
  const code = path.commune as string;
  return (await communes.getCommune(code)) === undefined ? undefined : { commune: code, resource: code };
}

async function inspectionOf(id: string) {
  const found = await repository.getInspection(id);
  if (found === undefined) throw new NotFoundError("inspection");
  return found.inspection;
}

async function yearReportInput(year: number) {
  const plans = await repository.listPlans(50);
  const tasks = (await Promise.all(plans.items.map((plan) => service.plan(plan.id)))).flatMap((found) =>
    // A plan counts in the years its period covers.
    found.plan.periodFrom.slice(0, 4) <= String(year) && found.plan.periodTo.slice(0, 4) >= String(year) ? found.tasks : [],
  );
  const inspections = (await repository.listInspections(50)).items.filter((inspection) => inspection.startDate.startsWith(String(year)));
  const withRecommendations = await Promise.all(
    inspections.map(async (inspection) => ({ inspection, recommendations: (await service.inspection(inspection.id)).recommendations })),
  );
  const figures = await yearFigures({
    year,
    tasks,
    commendations: await commendationsPublished(documentClient, config.commendationsTable, year),
    statistics: yearSource,
  });
  return { tasks, inspections: withRecommendations, figures };
}

/**
 * The three file routes of a record (route-table.ts `fileRoutes`): the parent comes from the path
 * (a plan, checked to exist) or from the record the route resolved (a task's or recommendation's
 * commune decides who may reach it).
 */
function fileHandlers(
  base: string,
  parentPath: z.ZodMiniType<Record<string, string>>,
  filePath: z.ZodMiniType<Record<string, string>>,
  parent:
    | { ofPath: (path: Record<string, string>) => Promise<FileParent> }
    | { resolve: (request: { path: Record<string, string> }) => Promise<Resolved<FileParent> | undefined> },
) {
  const routeParent = "resolve" in parent ? { resolve: parent.resolve } : {};
  const parentOf = async (path: Record<string, string>, resource: FileParent | undefined) =>
    "ofPath" in parent ? parent.ofPath(path) : (resource as FileParent);
  return {
    [`POST ${base}/files`]: officerRoute<undefined, z.infer<typeof fileBody>, FileParent>({
      path: parentPath,
      body: fileBody,
      ...routeParent,
      handle: async ({ officer, path, body, resource }) => ({ status: 201, body: await files.start(actor(officer), await parentOf(path, resource), body) }),
    }),
    [`POST ${base}/files/{fileId}/confirm`]: officerRoute<undefined, undefined, FileParent>({
      path: filePath,
      ...routeParent,
      handle: async ({ path, resource }) => ok(await files.confirm(await parentOf(path, resource), path.fileId as string)),
    }),
    [`GET ${base}/files/{fileId}`]: officerRoute<undefined, undefined, FileParent>({
      path: filePath,
      ...routeParent,
      handle: async ({ path, resource }) => {
        const { file, bytes: content } = await files.download(await parentOf(path, resource), path.fileId as string);
        return fileReply(content, file.contentType, file.fileName);
      },
    }),
  };
}

/** A task's or recommendation's resolver, answering the file parent it is (its commune decides access). */
const asParent =
  <T extends { id: string }>(kind: FileParent["kind"], resolve: (request: { path: Record<string, string> }) => Promise<Resolved<T> | undefined>) =>
  async (request: { path: Record<string, string> }): Promise<Resolved<FileParent> | undefined> => {
    const found = await resolve(request);
    return found === undefined ? undefined : { commune: found.commune, resource: { kind, id: found.resource.id } };
  };

/** The routes this function serves: its domain's table (and the officer access check). */
const served: HttpFunctionOptions = { name: "oversight", table: oversightRouteTable, officers: officerAccess };

const http = httpFunction(served, {
  "GET /api/oversight/plans": officerRoute({ query: listQuery, handle: async ({ query }) => ok(await service.listPlans(query.limit, query.cursor)) }),
  "POST /api/oversight/plans": officerRoute({
    body: planBody,
    handle: async ({ officer, body }) => {
      const plan = await service.createPlan(actor(officer), body);
      return { status: 201, body: plan, recordKey: `plan#${plan.id}` };
    },
  }),
  "GET /api/oversight/plans/{planId}": officerRoute({
    path: planPath,
    handle: async ({ path }) => ok({ ...(await service.plan(path.planId as string)), files: await files.list({ kind: "plan", id: path.planId as string }) }),
  }),
  "POST /api/oversight/plans/{planId}/tasks": officerRoute({
    path: planPath,
    body: taskBody,
    handle: async ({ path, body }) => ({ status: 201, body: { items: await service.addTasks(path.planId as string, body) } }),
  }),
  "GET /api/oversight/tasks/{taskId}": officerRoute({
    path: taskPath,
    resolve: resolveTask,
    handle: async ({ resource }) => ok({ ...(await service.task(resource.id)), files: await files.list({ kind: "task", id: resource.id }) }),
  }),
  "PATCH /api/oversight/tasks/{taskId}": officerRoute({
    path: taskPath,
    body: taskEditBody,
    resolve: resolveTask,
    handle: async ({ resource, body }) => ok(await service.editTask(resource, body)),
  }),
  "POST /api/oversight/tasks/{taskId}/progress": officerRoute({
    path: taskPath,
    body: progressBody,
    resolve: resolveTask,
    handle: async ({ officer, resource, body }) => {
      const cited = await files.cite({ kind: "task", id: resource.id }, body.files, "body.files");
      return { status: 201, body: await service.reportProgress(actor(officer), resource, { ...body, files: cited }) };
    },
  }),
  "GET /api/oversight/checklist": officerRoute({ handle: async () => ok(await service.checklist()) }),
  "PUT /api/oversight/checklist": officerRoute({
    body: checklistBody,
    handle: async ({ body }) => ok(await service.saveChecklist(body.questions, body.expectedVersion)),
  }),
  "GET /api/oversight/inspections": officerRoute({
    query: listQuery,
    handle: async ({ query }) => ok(await service.listInspections(query.limit, query.cursor)),
  }),
  "POST /api/oversight/inspections": officerRoute({
    body: inspectionBody,
    handle: async ({ officer, body }) => {
      const inspection = await service.createInspection(actor(officer), body);
      return { status: 201, body: inspection, recordKey: `inspection#${inspection.id}` };
    },
  }),
  "GET /api/oversight/inspections/{inspectionId}": officerRoute({
    path: inspectionPath,
    handle: async ({ path }) => ok(await service.inspection(path.inspectionId as string)),
  }),
  "PUT /api/oversight/inspections/{inspectionId}/units/{commune}": officerRoute({
    path: unitPath,
    body: unitBody,
    handle: async ({ officer, path, body }) =>
      ok(await service.recordUnit(actor(officer), await inspectionOf(path.inspectionId as string), path.commune as string, body)),
  }),
  "POST /api/oversight/inspections/{inspectionId}/recommendations": officerRoute({
    path: inspectionPath,
    body: recommendationBody,
    handle: async ({ path, body }) => {
      const recommendation = await service.addRecommendation(await inspectionOf(path.inspectionId as string), body);
      return { status: 201, body: recommendation, recordKey: `recommendation#${recommendation.id}` };
    },
  }),
  "GET /api/oversight/inspections/{inspectionId}/report": officerRoute({
    path: inspectionPath,
    handle: async ({ path }) => {
      const found = await service.inspection(path.inspectionId as string);
      const { inspectionReportDocx } = await documents();
      const bytes = await inspectionReportDocx({ letterhead: letterhead(), ...found, communeName: await communeNames(), generatedAt: new Date() });
      return fileReply(bytes, docxType, `bao-cao-kiem-tra-${found.inspection.decision.date}.docx`);
    },
  }),
  "GET /api/oversight/recommendations/{recommendationId}": officerRoute({
    path: recommendationPath,
    resolve: resolveRecommendation,
    handle: async ({ resource }) =>
      ok({ ...(await service.recommendation(resource.id)), files: await files.list({ kind: "recommendation", id: resource.id }) }),
  }),
  "POST /api/oversight/recommendations/{recommendationId}/follow-up": officerRoute({
    path: recommendationPath,
    body: followUpBody,
    resolve: resolveRecommendation,
    handle: async ({ officer, resource, body }) => {
      const cited = await files.cite({ kind: "recommendation", id: resource.id }, body.files, "body.files");
      return { status: 201, body: await service.followUp(actor(officer), resource, { ...body, files: cited }) };
    },
  }),
  "GET /api/communes/{commune}/oversight": officerRoute({
    path: communePath,
    resolve: resolveCommune,
    handle: async ({ resource }) => ok(await service.communeWork(resource)),
  }),
  "GET /api/oversight/overdue": officerRoute({ handle: async () => ok(await service.openItems(0)) }),
  "GET /api/oversight/yearly-reports/{year}": officerRoute({
    path: yearPath,
    handle: async ({ path }) => {
      const year = Number(path.year);
      const [texts, input] = await Promise.all([service.yearlyTexts(year), yearReportInput(year)]);
      return ok({ texts, figures: input.figures, tasks: input.tasks.length, inspections: input.inspections.length });
    },
  }),
  "PUT /api/oversight/yearly-reports/{year}": officerRoute({
    path: yearPath,
    body: yearlyBody,
    handle: async ({ officer, path, body }) => ok(await service.saveYearlyTexts(actor(officer), Number(path.year), body.blocks, body.expectedVersion)),
  }),
  "GET /api/oversight/yearly-reports/{year}/document": officerRoute({
    path: yearPath,
    handle: async ({ path }) => {
      const year = Number(path.year);
      const [texts, input] = await Promise.all([service.yearlyTexts(year), yearReportInput(year)]);
      const { yearlyReportDocx } = await documents();
      const bytes = await yearlyReportDocx({ letterhead: letterhead(), year, texts, ...input, communeName: await communeNames(), generatedAt: new Date() });
      return fileReply(bytes, docxType, `bao-cao-chi-thi-08-nam-${String(year)}.docx`);
    },
  }),
  ...fileHandlers("/api/oversight/plans/{planId}", planPath, planFilePath, {
    ofPath: async (path) => {
      await service.plan(path.planId as string);
      return { kind: "plan", id: path.planId as string };
    },
  }),
  ...fileHandlers("/api/oversight/tasks/{taskId}", taskPath, taskFilePath, { resolve: asParent("task", resolveTask) }),
  ...fileHandlers("/api/oversight/recommendations/{recommendationId}", recommendationPath, recommendationFilePath, {
    resolve: asParent("recommendation", resolveRecommendation),
  }),
});
http.use(binaryReplies());

/** API Gateway events go to the routes; EventBridge Scheduler's `{source, job}` to the daily reminder. */
export const handler = Object.assign(
  async (event: unknown, context: Parameters<typeof http>[1]) => {
    if (!isOversightJob(event)) return http(event as Parameters<typeof http>[0], context);
    await startTracing();
    return runOversightJob(service, repository, await communeNames(), { from: config.notifyFrom, outbox: config.localOutboxDir });
  },
  { routeKeys: http.routeKeys, routes: http.routes },
);
