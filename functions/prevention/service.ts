import { randomUUID } from "node:crypto";
import { hasPermission, type Principal } from "../../shared/permissions.ts";
import { vietnamDay } from "../../shared/vietnam-time.ts";
import { NotFoundError, RuleError, StaleError } from "../lib/kit/errors.ts";
import { activeWindowMonths, type Owner, type Register, registerFilters } from "./registers.ts";
import type { ActivityBody, CourseBody, MediationBody, ModelBody } from "./schemas.ts";

/**
 * The prevention registers' rules (docs/prevention.md). Domain code only: the store is an
 * interface (repository.ts is its DynamoDB side, which also seals `personal`).
 */
export interface PreventionRecord {
  id: string;
  register: Register;
  /** The commune the record belongs to (`province` for a course the province organises). */
  commune: Owner;
  /** The record's day (activity, mediation, course start, model's founding or entry): orders its list. */
  day: string;
  version: number;
  createdBy: string;
  createdAt: string;
  updatedBy: string;
  updatedAt: string;
  /** What every reader of the register may see, statistics included. */
  fields: Record<string, unknown>;
  /** Names, phones, parties, the conflict: sealed in the table, shown only to those allowed. */
  personal?: Record<string, unknown>;
  /** Models: the latest day an activity run by the model was recorded (for "active"). */
  lastActivityOn?: string;
  /** Mediations: the report this mediation became. */
  reportId?: string;
}

export interface ListQuery {
  register: Register;
  commune: Owner;
  from?: string;
  to?: string;
  /** `fields.<name>` = value, or contains it for an array field. */
  filters: Record<string, string>;
  limit: number;
  cursor?: string;
}

/**
 * The "active" evidence an activity run by a model writes on the model, in the same transaction as
 * the activity: `day` is the later of the activity's day and the model's evidence as read, and the
 * write holds only while the model is still one of `commune`'s with evidence no newer than `day`.
 */
export interface ModelEvidence {
  modelId: string;
  commune: Owner;
  day: string;
}

/** A write's outcome: `stale` — the record's version moved; `model-changed` — the model's evidence (or the model) did. */
export type WriteOutcome = "written" | "stale" | "model-changed";

export interface PreventionStore {
  get(id: string): Promise<PreventionRecord | undefined>;
  /** Writes a new record (and an activity's model evidence, all or nothing). */
  create(record: PreventionRecord, evidence?: ModelEvidence): Promise<WriteOutcome>;
  /** Replaces the record if its stored version is `expectedVersion` (and writes the evidence with it). */
  replace(record: PreventionRecord, expectedVersion: number, evidence?: ModelEvidence): Promise<WriteOutcome>;
  /** Newest first, a page at a time; the cursor is bound to the query (kit keyCursor). */
  list(query: ListQuery): Promise<{ items: PreventionRecord[]; cursor?: string }>;
  /** Every record of a register, commune and year (statistics, yearly summary): all pages. */
  year(register: Register, commune: Owner, year: number): Promise<PreventionRecord[]>;
  /** The commune's staff count of a year, as the commune entered it (undefined: never entered). */
  staff(commune: string, year: number): Promise<StaffCount | undefined>;
  /** Writes the count if the stored version is `expectedVersion` (0: none stored yet); false otherwise. */
  putStaff(count: StaffCount, expectedVersion: number): Promise<boolean>;
}

/**
 * How many staff a commune has in a year — the denominator of the "90 % of staff trained" target
 * (docs/prevention.md, "Figures"). Entered by the commune (its cán bộ, công chức and the people
 * doing the prevention work: most of them have no officer account, so accounts cannot count them).
 */
export interface StaffCount {
  commune: string;
  year: number;
  count: number;
  version: number;
  updatedBy: string;
  updatedAt: string;
}

/**
 * What the prevention service needs of the reports domain: file a report in a commune's inbox, as
 * an officer's intake would, and set the mediation's `reportId` in the SAME write (handler.ts adapts
 * ReportsService.intake; the repositories' items go in one transaction). The mediation's part holds
 * only while it has no report and is still `expectedVersion`; otherwise nothing is written at all.
 */
export interface ReportIntake {
  fileReport(
    officer: Principal,
    report: { commune: string; narrative: string; receivedByName: string; occurredOn: string; mediationId: string },
    mediation: { expectedVersion: number; at: string },
  ): Promise<{ reportId: string } | "mediation-changed">;
}

/** A mediation's link to the report it became, written with the report (repository.ts `linkReport`). */
export interface ReportLink {
  id: string;
  reportId: string;
  expectedVersion: number;
  by: string;
  at: string;
}
export type LinkOutcome = "linked" | "mediation-changed";

type Bodies = { models: ModelBody; activities: ActivityBody; mediations: MediationBody; courses: CourseBody };

/** Splits a register's body into what it orders by, what anyone may read, and what is sealed. */
function split<R extends Register>(
  register: R,
  body: Bodies[R],
  today: string,
): { day: string; fields: Record<string, unknown>; personal?: Record<string, unknown> } {
  switch (register) {
    case "models": {
      const { members, ...fields } = body as ModelBody;
      const bySex = countBySex(members);
      return {
        day: fields.decision?.date ?? today,
        fields: { ...fields, memberCount: members.length, boardCount: members.filter((m) => m.board).length, membersBySex: bySex },
        personal: { members },
      };
    }
    case "activities": {
      // Notes are free text and may name people: sealed, as every free text about people.
      const { notes, ...fields } = body as ActivityBody;
      return { day: fields.date, fields, ...(notes === undefined ? {} : { personal: { notes } }) };
    }
    case "mediations": {
      // A family's village beside the day of its mediation points at the family: sealed with the parties.
      const { parties, conflict, mediators, village, ...fields } = body as MediationBody;
      return {
        day: fields.date,
        fields: { ...fields, partyCount: parties.length },
        personal: { parties, conflict, mediators, ...(village === undefined ? {} : { village }) },
      };
    }
    default: {
      const { participants, ...fields } = body as CourseBody;
      const completed = participants.filter((p) => p.completed);
      const trainedByCommune: Record<string, number> = {};
      for (const p of completed) if (p.commune !== undefined) trainedByCommune[p.commune] = (trainedByCommune[p.commune] ?? 0) + 1;
      return {
        day: fields.startsOn,
        fields: {
          ...fields,
          participantCount: participants.length,
          completedCount: completed.length,
          participantsBySex: countBySex(participants),
          trainedByCommune,
        },
        personal: { participants },
      };
    }
  }
}

function countBySex(people: { sex: string }[]): Record<string, number> {
  const counts: Record<string, number> = { female: 0, male: 0, other: 0 };
  for (const person of people) counts[person.sex] = (counts[person.sex] ?? 0) + 1;
  return counts;
}

/** The day `months` months before `day` (yyyy-mm-dd), clamped to the month's length. */
export function monthsBefore(day: string, months: number): string {
  const [year, month, date] = day.split("-").map(Number) as [number, number, number];
  const total = year * 12 + (month - 1) - months;
  const y = Math.floor(total / 12);
  const m = (total % 12) + 1;
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(Math.min(date, last)).padStart(2, "0")}`;
}

export interface RecordView extends Omit<PreventionRecord, "personal"> {
  personal?: Record<string, unknown>;
  /** Models: active = status active and an activity recorded in the last six months (never ticked by hand). */
  active?: boolean;
}

export class PreventionService {
  constructor(
    private readonly store: PreventionStore,
    private readonly now: () => Date = () => new Date(),
    private readonly newId: () => string = randomUUID,
  ) {}

  /** The record as this officer may see it: identities only with `prevention:read-identity`, or to whoever entered it. */
  view(officer: Principal, record: PreventionRecord): RecordView {
    const { personal, ...rest } = record;
    const mayReadIdentity = hasPermission(officer, "prevention:read-identity") || record.createdBy === officer.id;
    const view: RecordView = { ...rest, ...(mayReadIdentity && personal ? { personal } : {}) };
    if (record.register === "models") {
      const since = monthsBefore(vietnamDay(this.now()), activeWindowMonths);
      view.active = record.fields.status === "active" && record.lastActivityOn !== undefined && record.lastActivityOn >= since;
    }
    return view;
  }

  async get(officer: Principal, record: PreventionRecord, register: Register): Promise<RecordView> {
    if (record.register !== register) throw new NotFoundError(register);
    return this.view(officer, record);
  }

  async create<R extends Register>(officer: Principal, register: R, commune: Owner, body: Bodies[R]): Promise<RecordView> {
    this.checkDate(register, body);
    const at = this.now().toISOString();
    const record: PreventionRecord = {
      id: this.newId(),
      register,
      commune,
      ...split(register, body, vietnamDay(this.now())),
      version: 1,
      createdBy: officer.id,
      createdAt: at,
      updatedBy: officer.id,
      updatedAt: at,
    };
    await this.withEvidence(record, (evidence) => this.store.create(record, evidence));
    return this.view(officer, record);
  }

  async update<R extends Register>(officer: Principal, current: PreventionRecord, register: R, body: Bodies[R], expectedVersion: number): Promise<RecordView> {
    if (current.register !== register) throw new NotFoundError(register);
    if (current.version !== expectedVersion) throw new StaleError(this.view(officer, current));
    // A volunteer edits only what they entered (others' records, and their identities, stay out
    // of reach): anything else is answered like a record they may not see.
    if (!hasPermission(officer, "prevention:read-identity") && current.createdBy !== officer.id) throw new NotFoundError(register);
    this.checkDate(register, body);
    const next: PreventionRecord = {
      ...current,
      ...split(register, body, current.day),
      version: expectedVersion + 1,
      updatedBy: officer.id,
      updatedAt: this.now().toISOString(),
    };
    if (register === "models" && current.fields.decision === undefined && (body as ModelBody).decision === undefined) next.day = current.day;
    if ((await this.withEvidence(next, (evidence) => this.store.replace(next, expectedVersion, evidence))) === "stale") {
      const fresh = await this.store.get(current.id);
      throw new StaleError(fresh ? this.view(officer, fresh) : undefined);
    }
    return this.view(officer, next);
  }

  async list(officer: Principal, query: ListQuery): Promise<{ items: RecordView[]; cursor?: string }> {
    for (const name of Object.keys(query.filters)) {
      if (!(registerFilters[query.register] as readonly string[]).includes(name)) {
        throw new RuleError(`query.${name}`, "Bộ lọc không dùng được cho sổ này", "This filter does not apply to this register");
      }
    }
    const page = await this.store.list(query);
    return { items: page.items.map((record) => this.view(officer, record)), ...(page.cursor ? { cursor: page.cursor } : {}) };
  }

  /** The commune's staff count of a year (version 0 and no count when never entered). */
  async staff(commune: string, year: number): Promise<StaffCount | { commune: string; year: number; version: 0 }> {
    return (await this.store.staff(commune, year)) ?? { commune, year, version: 0 };
  }

  async setStaff(officer: Principal, commune: string, year: number, count: number, expectedVersion: number): Promise<StaffCount> {
    const current = await this.store.staff(commune, year);
    if ((current?.version ?? 0) !== expectedVersion) throw new StaleError(current ?? { commune, year, version: 0 });
    const next: StaffCount = { commune, year, count, version: expectedVersion + 1, updatedBy: officer.id, updatedAt: this.now().toISOString() };
    if (!(await this.store.putStaff(next, expectedVersion))) throw new StaleError(await this.store.staff(commune, year));
    return next;
  }

  /**
   * Violence appeared in a mediation: it becomes a report in the commune's inbox (the conflict as
   * its narrative, the mediators as who received it, both sealed there as here). Linked both ways:
   * the report keeps `mediationId`, the mediation `reportId` — one transaction, on condition of the
   * version read and of no report yet.
   */
  async referMediation(officer: Principal, current: PreventionRecord, intake: ReportIntake): Promise<RecordView> {
    if (current.register !== "mediations") throw new NotFoundError("mediation");
    if (!hasPermission(officer, "prevention:read-identity") && current.createdBy !== officer.id) throw new NotFoundError("mediation");
    const already = () => new RuleError("path.recordId", "Vụ hòa giải này đã được chuyển thành tin báo", "This mediation has already become a report");
    if (current.reportId !== undefined) throw already();
    const personal = current.personal as { conflict: string; mediators: string };
    const at = this.now().toISOString();
    const filed = await intake.fileReport(
      officer,
      {
        commune: current.commune,
        narrative: `${personal.conflict}\n\n(Chuyển từ sổ hòa giải, ngày ${current.day} / From the mediation register.)`,
        receivedByName: personal.mediators,
        occurredOn: current.day,
        mediationId: current.id,
      },
      { expectedVersion: current.version, at },
    );
    if (filed === "mediation-changed") {
      // Nothing was written: referred meanwhile (400) or edited since it was read (409 with the record).
      const fresh = await this.store.get(current.id);
      if (fresh?.reportId !== undefined) throw already();
      throw new StaleError(fresh ? this.view(officer, fresh) : undefined);
    }
    const { reportId } = filed;
    return this.view(officer, { ...current, reportId, version: current.version + 1, updatedBy: officer.id, updatedAt: at });
  }

  /** What happened is not in the future. */
  private checkDate(register: Register, body: unknown): void {
    if ((register === "activities" || register === "mediations") && (body as { date: string }).date > vietnamDay(this.now())) {
      throw new RuleError("body.date", "Ngày không được ở tương lai", "The date cannot be in the future");
    }
  }

  /**
   * Writes a record; an activity run by a model carries the model's evidence in the same write
   * (a model of its own commune, or the activity is refused). When the model's evidence moved
   * between the read and the write, the model is read again and the write tried once more.
   */
  private async withEvidence(record: PreventionRecord, write: (evidence?: ModelEvidence) => Promise<WriteOutcome>): Promise<"written" | "stale"> {
    const modelId = record.register === "activities" ? (record.fields.modelId as string | undefined) : undefined;
    if (modelId === undefined) return (await write()) === "stale" ? "stale" : "written";
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const model = await this.store.get(modelId);
      if (model?.register !== "models" || model.commune !== record.commune) {
        throw new RuleError("body.modelId", "Không có mô hình này trong xã/phường", "There is no such model in this commune");
      }
      const day = model.lastActivityOn !== undefined && model.lastActivityOn > record.day ? model.lastActivityOn : record.day;
      const outcome = await write({ modelId, commune: record.commune, day });
      if (outcome !== "model-changed") return outcome;
    }
    throw new StaleError(undefined);
  }
}
