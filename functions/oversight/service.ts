import { randomUUID } from "node:crypto";
import {
  type ChecklistAnswer,
  closedRecommendationStatuses,
  closedTaskStatuses,
  type Duty,
  defaultChecklist,
  isOverdue,
  type RecommendationStatus,
  type ResponsibleUnit,
  type TaskStatus,
} from "../../shared/oversight.ts";
import { addDays, vietnamDay } from "../../shared/vietnam-time.ts";
import { NotFoundError, RuleError, StaleError } from "../lib/kit/errors.ts";

/**
 * Leading and checking the work (issue 13): the province plan and its tasks, inspections with
 * their checklists, findings and recommendations, and the text of the yearly report. No AWS types:
 * the store below is the repository's contract (functions/oversight/repository.ts).
 *
 * Free text that may mention people (progress reports, follow-up evidence, findings) is sealed by
 * the store with the field cipher; titles, units, dates and statuses are not personal data.
 */

export interface Actor {
  id: string;
  name: string;
}

export interface Plan {
  id: string;
  title: string;
  legalBasis: string;
  periodFrom: string;
  periodTo: string;
  decision?: { number: string; date: string; issuer: string };
  createdAt: string;
  createdBy: Actor;
  version: number;
}

export interface ProgressReport {
  at: string;
  by: Actor;
  status: TaskStatus;
  text: string;
  documentRef?: string;
  /** Files of the task this report cites (functions/oversight/files.ts). */
  files?: string[];
}

export interface Task {
  id: string;
  planId: string;
  duty: Duty;
  title: string;
  description?: string;
  unit: ResponsibleUnit;
  cooperating: string[];
  dueDate: string;
  status: TaskStatus;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface ChecklistQuestion {
  id: string;
  text: string;
}

export interface Inspection {
  id: string;
  title: string;
  decision: { number: string; date: string; issuer: string };
  team: { name: string; role: string }[];
  communes: string[];
  periodFrom: string;
  periodTo: string;
  startDate: string;
  endDate: string;
  checklist: ChecklistQuestion[];
  createdAt: string;
  createdBy: Actor;
  version: number;
}

export interface InspectionUnit {
  inspectionId: string;
  commune: string;
  answers: { questionId: string; answer: ChecklistAnswer; note?: string }[];
  strengths: string;
  shortcomings: string;
  updatedAt: string;
  updatedBy: Actor;
  version: number;
}

export interface FollowUp {
  at: string;
  by: Actor;
  status: RecommendationStatus;
  evidence: string;
  /** Files of the recommendation this follow-up cites (functions/oversight/files.ts). */
  files?: string[];
}

export interface Recommendation {
  id: string;
  inspectionId: string;
  text: string;
  commune: string;
  dueDate: string;
  status: RecommendationStatus;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface YearlyTexts {
  year: number;
  /** Text blocks the province officer writes, per duty, plus an introduction and a conclusion. */
  blocks: Partial<Record<Duty | "introduction" | "conclusion", string>>;
  updatedAt?: string;
  updatedBy?: Actor;
  version: number;
}

export interface Page<T> {
  items: T[];
  cursor?: string;
}

/** The store the service needs; the DynamoDB repository implements it. */
export interface OversightStore {
  putPlan(plan: Plan): Promise<void>;
  getPlan(id: string): Promise<Plan | undefined>;
  listPlans(limit: number, cursor?: string): Promise<Page<Plan>>;
  /** All new tasks in one transaction. */
  putTasks(tasks: Task[]): Promise<void>;
  getTask(id: string): Promise<{ task: Task; progress: ProgressReport[] } | undefined>;
  /** Replaces the task when its stored version is `expectedVersion`, appending `progress` in the same transaction; false when stale. */
  saveTask(task: Task, expectedVersion: number, progress?: ProgressReport): Promise<boolean>;
  tasksOfPlan(planId: string): Promise<Task[]>;
  putInspection(inspection: Inspection): Promise<void>;
  getInspection(id: string): Promise<{ inspection: Inspection; units: InspectionUnit[] } | undefined>;
  listInspections(limit: number, cursor?: string): Promise<Page<Inspection>>;
  /** Writes a unit's checklist when its stored version is `expectedVersion` (0: not yet recorded); false when stale. */
  saveUnit(unit: InspectionUnit, expectedVersion: number): Promise<boolean>;
  putRecommendation(recommendation: Recommendation): Promise<void>;
  getRecommendation(id: string): Promise<{ recommendation: Recommendation; followUps: FollowUp[] } | undefined>;
  saveRecommendation(recommendation: Recommendation, expectedVersion: number, followUp: FollowUp): Promise<boolean>;
  recommendationsOfInspection(inspectionId: string): Promise<Recommendation[]>;
  /** A commune's tasks and recommendations (every status). */
  itemsOfCommune(commune: string): Promise<{ tasks: Task[]; recommendations: Recommendation[] }>;
  /** Open tasks and recommendations due on or before `day`. */
  openItemsDueBy(day: string): Promise<{ tasks: Task[]; recommendations: Recommendation[] }>;
  getChecklist(): Promise<{ questions: ChecklistQuestion[]; version: number } | undefined>;
  saveChecklist(questions: ChecklistQuestion[], expectedVersion: number): Promise<boolean>;
  getYearly(year: number): Promise<YearlyTexts | undefined>;
  saveYearly(texts: YearlyTexts, expectedVersion: number): Promise<boolean>;
}

export interface PlanInput {
  title: string;
  legalBasis: string;
  periodFrom: string;
  periodTo: string;
  decision?: { number: string; date: string; issuer: string };
}

export interface TaskInput {
  duty: Duty;
  title: string;
  description?: string;
  /** A department by name, or one or more communes: one task per commune, each reported on by its commune. */
  unit: { kind: "department"; name: string } | { kind: "communes"; communes: string[] };
  cooperating: string[];
  dueDate: string;
}

export interface InspectionInput {
  title: string;
  decision: { number: string; date: string; issuer: string };
  team: { name: string; role: string }[];
  communes: string[];
  periodFrom: string;
  periodTo: string;
  startDate: string;
  endDate: string;
}

/** What the officer sees of an item: the stored status, and whether it is overdue today (Vietnam days). */
export type WithOverdue<T> = T & { overdue: boolean };

export function taskView(task: Task, today: string): WithOverdue<Task> {
  return { ...task, overdue: isOverdue(task.dueDate, closedTaskStatuses.includes(task.status), today) };
}

export function recommendationView(recommendation: Recommendation, today: string): WithOverdue<Recommendation> {
  return { ...recommendation, overdue: isOverdue(recommendation.dueDate, closedRecommendationStatuses.includes(recommendation.status), today) };
}

function checkPeriod(from: string, to: string, field: string): void {
  if (to < from) throw new RuleError(field, "Ngày kết thúc phải sau ngày bắt đầu", "The end must not come before the start");
}

const stale = (current: unknown) =>
  new StaleError(current, {
    vi: "Mục này đã được người khác cập nhật; hãy xem bản hiện tại rồi thử lại.",
    en: "Someone else updated this meanwhile; review the current version and try again.",
  });

export class OversightService {
  constructor(
    private readonly store: OversightStore,
    /** Is this a commune of the province? (the directory) */
    private readonly isCommune: (code: string) => Promise<boolean>,
    private readonly now: () => Date = () => new Date(),
  ) {}

  today(): string {
    return vietnamDay(this.now());
  }

  // ——— The plan and its tasks ———

  async createPlan(actor: Actor, input: PlanInput): Promise<Plan> {
    checkPeriod(input.periodFrom, input.periodTo, "body.periodTo");
    const plan: Plan = { id: randomUUID(), ...input, createdAt: this.now().toISOString(), createdBy: actor, version: 1 };
    await this.store.putPlan(plan);
    return plan;
  }

  listPlans(limit: number, cursor?: string): Promise<Page<Plan>> {
    return this.store.listPlans(limit, cursor);
  }

  async plan(id: string): Promise<{ plan: Plan; tasks: WithOverdue<Task>[] }> {
    const plan = await this.store.getPlan(id);
    if (plan === undefined) throw new NotFoundError("plan");
    const today = this.today();
    return { plan, tasks: (await this.store.tasksOfPlan(id)).map((task) => taskView(task, today)) };
  }

  async addTasks(planId: string, input: TaskInput): Promise<WithOverdue<Task>[]> {
    const plan = await this.store.getPlan(planId);
    if (plan === undefined) throw new NotFoundError("plan");
    if (input.unit.kind === "communes") {
      const communes = [...new Set(input.unit.communes)];
      for (const [index, commune] of communes.entries()) {
        if (!(await this.isCommune(commune))) {
          throw new RuleError(`body.unit.communes.${String(index)}`, "Không có xã/phường này trong tỉnh", "There is no such commune in the province");
        }
      }
      input = { ...input, unit: { kind: "communes", communes } };
    }
    const at = this.now().toISOString();
    const units: ResponsibleUnit[] =
      input.unit.kind === "department" ? [{ kind: "department", name: input.unit.name }] : input.unit.communes.map((commune) => ({ kind: "commune", commune }));
    const tasks: Task[] = units.map((unit) => ({
      id: randomUUID(),
      planId,
      duty: input.duty,
      title: input.title,
      ...(input.description === undefined ? {} : { description: input.description }),
      unit,
      cooperating: input.cooperating,
      dueDate: input.dueDate,
      status: "not-started",
      createdAt: at,
      updatedAt: at,
      version: 1,
    }));
    await this.store.putTasks(tasks);
    const today = this.today();
    return tasks.map((task) => taskView(task, today));
  }

  async task(id: string): Promise<{ task: WithOverdue<Task>; progress: ProgressReport[] } | undefined> {
    const found = await this.store.getTask(id);
    return found === undefined ? undefined : { task: taskView(found.task, this.today()), progress: found.progress };
  }

  /** The province changes a task's title, description, cooperating units or due day. */
  async editTask(task: Task, changes: { expectedVersion: number; title?: string; description?: string; cooperating?: string[]; dueDate?: string }) {
    const { expectedVersion, ...fields } = changes;
    const next: Task = { ...task, ...fields, updatedAt: this.now().toISOString(), version: expectedVersion + 1 };
    if (!(await this.store.saveTask(next, expectedVersion))) throw stale(await this.task(task.id));
    return this.task(task.id);
  }

  /** The responsible unit reports progress; "done" closes the task. */
  async reportProgress(actor: Actor, task: Task, input: { expectedVersion: number; status: TaskStatus; text: string; documentRef?: string; files?: string[] }) {
    const at = this.now().toISOString();
    const progress: ProgressReport = {
      at,
      by: actor,
      status: input.status,
      text: input.text,
      ...(input.documentRef ? { documentRef: input.documentRef } : {}),
      ...(input.files?.length ? { files: input.files } : {}),
    };
    const next: Task = { ...task, status: input.status, updatedAt: at, version: input.expectedVersion + 1 };
    if (!(await this.store.saveTask(next, input.expectedVersion, progress))) throw stale(await this.task(task.id));
    return this.task(task.id);
  }

  // ——— Inspections ———

  async checklist(): Promise<{ questions: ChecklistQuestion[]; version: number }> {
    return (await this.store.getChecklist()) ?? { questions: defaultChecklist, version: 0 };
  }

  async saveChecklist(questions: ChecklistQuestion[], expectedVersion: number) {
    const ids = questions.map((question) => question.id);
    const repeated = ids.findIndex((id, index) => ids.indexOf(id) !== index);
    if (repeated >= 0) throw new RuleError(`body.questions.${String(repeated)}.id`, "Mã câu hỏi bị trùng", "The question id is repeated");
    if (!(await this.store.saveChecklist(questions, expectedVersion))) throw stale(await this.checklist());
    return this.checklist();
  }

  async createInspection(actor: Actor, input: InspectionInput): Promise<Inspection> {
    checkPeriod(input.periodFrom, input.periodTo, "body.periodTo");
    checkPeriod(input.startDate, input.endDate, "body.endDate");
    const communes = [...new Set(input.communes)];
    for (const [index, commune] of communes.entries()) {
      if (!(await this.isCommune(commune)))
        throw new RuleError(`body.communes.${String(index)}`, "Không có xã/phường này trong tỉnh", "There is no such commune in the province");
    }
    const inspection: Inspection = {
      id: randomUUID(),
      ...input,
      communes,
      // The questions as they were when the inspection was ordered: a later edit of the checklist does not change it.
      checklist: (await this.checklist()).questions,
      createdAt: this.now().toISOString(),
      createdBy: actor,
      version: 1,
    };
    await this.store.putInspection(inspection);
    return inspection;
  }

  listInspections(limit: number, cursor?: string): Promise<Page<Inspection>> {
    return this.store.listInspections(limit, cursor);
  }

  async inspection(id: string) {
    const found = await this.store.getInspection(id);
    if (found === undefined) throw new NotFoundError("inspection");
    const today = this.today();
    const recommendations = (await this.store.recommendationsOfInspection(id)).map((recommendation) => recommendationView(recommendation, today));
    return { ...found, recommendations };
  }

  async recordUnit(
    actor: Actor,
    inspection: Inspection,
    commune: string,
    input: { expectedVersion: number; answers: InspectionUnit["answers"]; strengths: string; shortcomings: string },
  ) {
    if (!inspection.communes.includes(commune)) throw new NotFoundError("inspected unit");
    const known = new Set(inspection.checklist.map((question) => question.id));
    const unknown = input.answers.findIndex((answer) => !known.has(answer.questionId));
    if (unknown >= 0)
      throw new RuleError(
        `body.answers.${String(unknown)}.questionId`,
        "Câu hỏi này không có trong bảng kiểm của đợt kiểm tra",
        "This question is not on the inspection's checklist",
      );
    const unit: InspectionUnit = {
      inspectionId: inspection.id,
      commune,
      answers: input.answers,
      strengths: input.strengths,
      shortcomings: input.shortcomings,
      updatedAt: this.now().toISOString(),
      updatedBy: actor,
      version: input.expectedVersion + 1,
    };
    if (!(await this.store.saveUnit(unit, input.expectedVersion))) {
      throw stale((await this.store.getInspection(inspection.id))?.units.find((existing) => existing.commune === commune));
    }
    return unit;
  }

  async addRecommendation(inspection: Inspection, input: { text: string; commune: string; dueDate: string }) {
    if (!inspection.communes.includes(input.commune)) {
      throw new RuleError("body.commune", "Kiến nghị chỉ giao cho xã/phường được kiểm tra", "A recommendation goes to an inspected commune");
    }
    const at = this.now().toISOString();
    const recommendation: Recommendation = {
      id: randomUUID(),
      inspectionId: inspection.id,
      ...input,
      status: "open",
      createdAt: at,
      updatedAt: at,
      version: 1,
    };
    await this.store.putRecommendation(recommendation);
    return recommendationView(recommendation, this.today());
  }

  async recommendation(id: string) {
    const found = await this.store.getRecommendation(id);
    if (found === undefined) return undefined;
    const inspection = await this.store.getInspection(found.recommendation.inspectionId);
    return {
      recommendation: recommendationView(found.recommendation, this.today()),
      followUps: found.followUps,
      inspection:
        inspection === undefined ? undefined : { id: inspection.inspection.id, title: inspection.inspection.title, decision: inspection.inspection.decision },
    };
  }

  async followUp(
    actor: Actor,
    recommendation: Recommendation,
    input: { expectedVersion: number; status: RecommendationStatus; evidence: string; files?: string[] },
  ) {
    if (input.status === "done" && input.evidence.trim() === "") {
      throw new RuleError("body.evidence", "Hãy ghi bằng chứng đã thực hiện kiến nghị", "Record the evidence that the recommendation was carried out");
    }
    const at = this.now().toISOString();
    const next: Recommendation = { ...recommendation, status: input.status, updatedAt: at, version: input.expectedVersion + 1 };
    const followUp: FollowUp = { at, by: actor, status: input.status, evidence: input.evidence, ...(input.files?.length ? { files: input.files } : {}) };
    if (!(await this.store.saveRecommendation(next, input.expectedVersion, followUp))) {
      throw stale(await this.recommendation(recommendation.id));
    }
    return this.recommendation(recommendation.id);
  }

  // ——— What is due ———

  /** A commune's tasks and recommendations with their overdue flags (the commune's officer home). */
  async communeWork(commune: string) {
    const today = this.today();
    const { tasks, recommendations } = await this.store.itemsOfCommune(commune);
    return {
      today,
      tasks: tasks.map((task) => taskView(task, today)),
      recommendations: recommendations.map((recommendation) => recommendationView(recommendation, today)),
    };
  }

  /** Open items already overdue (the province dashboard) or due within `withinDays` (reminders). */
  async openItems(withinDays = 0) {
    const today = this.today();
    const { tasks, recommendations } = await this.store.openItemsDueBy(withinDays === 0 ? addDays(today, -1) : addDays(today, withinDays));
    return {
      today,
      tasks: tasks.map((task) => taskView(task, today)),
      recommendations: recommendations.map((recommendation) => recommendationView(recommendation, today)),
    };
  }

  // ——— The yearly report's texts ———

  async yearlyTexts(year: number): Promise<YearlyTexts> {
    return (await this.store.getYearly(year)) ?? { year, blocks: {}, version: 0 };
  }

  async saveYearlyTexts(actor: Actor, year: number, blocks: YearlyTexts["blocks"], expectedVersion: number) {
    const texts: YearlyTexts = { year, blocks, updatedAt: this.now().toISOString(), updatedBy: actor, version: expectedVersion + 1 };
    if (!(await this.store.saveYearly(texts, expectedVersion))) throw stale(await this.yearlyTexts(year));
    return texts;
  }
}
