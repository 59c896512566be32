import * as z from "zod/mini";
import { checklistAnswers, duties, recommendationStatuses, taskStatuses } from "../../shared/oversight.ts";
import { tableDefinitions } from "../../shared/tables.ts";
import { DynamoDirectoryStore } from "../directory/repository.ts";
import { toCommuneEntry } from "../directory/service.ts";
import { documentClient } from "../lib/dynamo.ts";
import { type FieldCipher, fieldCipherFromEnv } from "../lib/field-encryption.ts";
import { binaryReplies, fileReply } from "../lib/file-reply.ts";
import { httpFunction, officerRoute, ok, type Resolved } from "../lib/http.ts";
import { optional, required, settings } from "../lib/kit/config.ts";
import { NotFoundError } from "../lib/kit/errors.ts";
import { bilingual, calendarDay, communeCode, cursorParam, expectedVersion, matching, pageLimit, recordId, text } from "../lib/kit/schemas.ts";
import { startTracing } from "../lib/tracing.ts";
import { docxType, type Letterhead } from "./documents.ts";
import { commendationsPublished, yearFigures } from "./figures.ts";
import { DynamoOversightRepository } from "./repository.ts";
import { isOversightJob, runOversightJob } from "./scheduled.ts";
import { type Actor, OversightService, type Recommendation, type Task } from "./service.ts";

/**
 * The oversight function (issue 13): thin routes over OversightService. The shared stack
 * authenticates, authorizes against the route table (record-scoped routes resolve the task's or
 * recommendation's commune from the store) and audits every request, exports included.
 */
const config = settings({
  oversightTable: required(tableDefinitions.oversight.envVar),
  directoryTable: required(tableDefinitions.directory.envVar),
  commendationsTable: required(tableDefinitions.commendations.envVar),
  provinceSlug: required("PROVINCE_SLUG"),
  provinceName: optional("PROVINCE_NAME"),
  notifyFrom: optional("NOTIFY_FROM"),
  localOutboxDir: optional("LOCAL_OUTBOX_DIR"),
});

let cipher: FieldCipher | undefined;
const repository = new DynamoOversightRepository(
  documentClient,
  config.oversightTable,
  () => {
    cipher ??= fieldCipherFromEnv();
    return cipher;
  },
  config.provinceSlug,
);
const communes = new DynamoDirectoryStore(documentClient, config.directoryTable);
export const service = new OversightService(repository, async (code) => (await communes.getCommune(code)) !== undefined);

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
const progressBody = z.strictObject({
  expectedVersion,
  status: z.enum(taskStatuses, bilingual("Hãy chọn tình trạng", "Choose the status")),
  text: text(5000),
  documentRef: z.optional(text(200)),
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
  const figures = await yearFigures({ year, tasks, commendations: await commendationsPublished(documentClient, config.commendationsTable, year) });
  return { tasks, inspections: withRecommendations, figures };
}

const http = httpFunction("oversight", {
  "GET /api/oversight/plans": officerRoute({ query: listQuery, handle: async ({ query }) => ok(await service.listPlans(query.limit, query.cursor)) }),
  "POST /api/oversight/plans": officerRoute({
    body: planBody,
    handle: async ({ officer, body }) => {
      const plan = await service.createPlan(actor(officer), body);
      return { status: 201, body: plan, recordKey: `plan#${plan.id}` };
    },
  }),
  "GET /api/oversight/plans/{planId}": officerRoute({ path: planPath, handle: async ({ path }) => ok(await service.plan(path.planId as string)) }),
  "POST /api/oversight/plans/{planId}/tasks": officerRoute({
    path: planPath,
    body: taskBody,
    handle: async ({ path, body }) => ({ status: 201, body: { items: await service.addTasks(path.planId as string, body) } }),
  }),
  "GET /api/oversight/tasks/{taskId}": officerRoute({
    path: taskPath,
    resolve: resolveTask,
    handle: async ({ resource }) => ok(await service.task(resource.id)),
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
    handle: async ({ officer, resource, body }) => ({ status: 201, body: await service.reportProgress(actor(officer), resource, body) }),
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
    handle: async ({ resource }) => ok(await service.recommendation(resource.id)),
  }),
  "POST /api/oversight/recommendations/{recommendationId}/follow-up": officerRoute({
    path: recommendationPath,
    body: followUpBody,
    resolve: resolveRecommendation,
    handle: async ({ officer, resource, body }) => ({ status: 201, body: await service.followUp(actor(officer), resource, body) }),
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
