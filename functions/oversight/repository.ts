import { DeleteCommand, type DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { closedRecommendationStatuses, closedTaskStatuses } from "../../shared/oversight.ts";
import type { FieldCipher } from "../lib/field-encryption.ts";
import { bindingOf, guardCursor, keyCursor } from "../lib/kit/cursor.ts";
import { queryAll } from "../lib/query-all.ts";
import type { FileParent, FileStore, OversightFile } from "./files.ts";
import type {
  ChecklistQuestion,
  FollowUp,
  Inspection,
  InspectionUnit,
  OversightStore,
  Page,
  Plan,
  ProgressReport,
  Recommendation,
  Task,
  YearlyTexts,
} from "./service.ts";

/**
 * The oversight table (shared/tables.ts lists its access patterns). Keys and index attributes are
 * made here and nowhere else; the service sees plain records.
 *
 * Sealed free text: a task's description, a recommendation's text, a progress report's text, a
 * follow-up's evidence and an inspected unit's findings and notes may name people, so they are
 * encrypted with the field cipher, one envelope per record, bound to it (encryption context
 * `{province, table: "oversight", recordId}`). Task and recommendation headers written before
 * their free text was sealed hold it in clear (no `sealed` attribute): they are read as they are,
 * and sealed at their next write.
 */
type Item = Record<string, unknown>;

const keyAttributes = ["pk", "sk", "parentId", "parentSort", "communeSort", "openQueue", "openSort", "kind", "expiresAt"];

function strip(item: Item): Item {
  const record: Item = {};
  for (const [name, value] of Object.entries(item)) if (!keyAttributes.includes(name)) record[name] = value;
  return record;
}

/** A task's commune lives in its unit; the item's `commune` only feeds the byCommune index. */
function toTask(item: Item): Task {
  const { commune: _index, ...task } = strip(item);
  return task as unknown as Task;
}

/**
 * A task in a list: without its description (sealed, or in clear if written before sealing) — a
 * list shows titles, units, due days and statuses; the task's own read opens the description.
 */
function toTaskSummary(item: Item): Task {
  const { sealed: _sealed, description: _description, ...task } = toTask(item) as Task & { sealed?: string };
  return task;
}

const taskSealed = ["description"] as const;
const recommendationSealed = ["text"] as const;

/** The partition a file lives in: its record's own (`PLAN#`, `TASK#`, `REC#`), beside the header. */
const parentPk = (parent: FileParent) => `${{ plan: "PLAN", task: "TASK", recommendation: "REC" }[parent.kind]}#${parent.id}`;

export class DynamoOversightRepository implements OversightStore, FileStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly cipher: () => FieldCipher,
    private readonly provinceSlug: string,
  ) {}

  private context(recordId: string) {
    return { province: this.provinceSlug, table: "oversight", recordId };
  }

  private async seal<T extends object>(record: T, fields: readonly (keyof T & string)[], recordId: string): Promise<Item> {
    return (await this.cipher().encryptFields(record, fields, this.context(recordId))) as Item;
  }

  private async open<T>(item: Item, fields: readonly string[], recordId: string): Promise<T> {
    return (await this.cipher().decryptFields(item, fields as (keyof Item & string)[], this.context(recordId))) as T;
  }

  private async page<T>(partition: string, route: string, limit: number, cursor: string | undefined, toRecord: (item: Item) => T): Promise<Page<T>> {
    const codec = keyCursor(bindingOf(route, partition), { keyNames: ["pk", "sk"], partition: { name: "pk", value: partition } });
    const answer = await guardCursor(
      this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: "pk = :pk",
          ExpressionAttributeValues: { ":pk": partition },
          ScanIndexForward: false,
          Limit: limit,
          ExclusiveStartKey: codec.decode(cursor),
        }),
      ),
    );
    const next = codec.encode(answer.LastEvaluatedKey);
    return { items: (answer.Items ?? []).map(toRecord), ...(next === undefined ? {} : { cursor: next }) };
  }

  // ——— Plans ———

  putPlan(plan: Plan): Promise<void> {
    return this.putListed("PLANS", `PLAN#${plan.createdAt}#${plan.id}`, `PLAN#${plan.id}`, "PLAN", { kind: "plan", ...plan });
  }

  /**
   * A record kept twice in one transaction: in its list partition (sk ordered by creation, newest
   * first when read backwards) and under its own key for a GetItem by id. Neither is ever updated.
   */
  private async putListed(listPk: string, listSk: string, ownPk: string, ownSk: string, record: Item): Promise<void> {
    await this.client.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: this.tableName, Item: { pk: listPk, sk: listSk, ...record }, ConditionExpression: "attribute_not_exists(pk)" } },
          { Put: { TableName: this.tableName, Item: { pk: ownPk, sk: ownSk, ...record }, ConditionExpression: "attribute_not_exists(pk)" } },
        ],
      }),
    );
  }

  async getPlan(id: string): Promise<Plan | undefined> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: { pk: `PLAN#${id}`, sk: "PLAN" } }));
    return Item === undefined ? undefined : (strip(Item) as unknown as Plan);
  }

  listPlans(limit: number, cursor?: string): Promise<Page<Plan>> {
    return this.page("PLANS", "oversight.plans", limit, cursor, (item) => strip(item) as unknown as Plan);
  }

  // ——— Tasks ———

  private async taskItem(task: Task): Promise<Item> {
    const sealed = await this.seal(task, taskSealed, `TASK#${task.id}`);
    const commune = task.unit.kind === "commune" ? task.unit.commune : undefined;
    return dueItem("TASK", "task", { ...sealed, id: task.id, dueDate: task.dueDate }, task.planId, commune, !closedTaskStatuses.includes(task.status));
  }

  /** A header as stored: sealed free text opened, or (written before sealing) read in clear. */
  private async openHeader(item: Item, fields: readonly string[], recordId: string): Promise<Item> {
    return typeof item.sealed === "string" ? this.open<Item>(item, fields, recordId) : item;
  }

  async putTasks(tasks: Task[]): Promise<void> {
    for (let start = 0; start < tasks.length; start += 100) {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: await Promise.all(
            tasks
              .slice(start, start + 100)
              .map(async (task) => ({ Put: { TableName: this.tableName, Item: await this.taskItem(task), ConditionExpression: "attribute_not_exists(pk)" } })),
          ),
        }),
      );
    }
  }

  async getTask(id: string): Promise<{ task: Task; progress: ProgressReport[] } | undefined> {
    const found = await this.withHistory<ProgressReport>("TASK", id, "PROGRESS#", "text");
    if (found === undefined) return undefined;
    return { task: toTask(await this.openHeader(found.header, taskSealed, `TASK#${id}`)), progress: found.history };
  }

  /** A task's or recommendation's partition: its header and its append-only history, the history's sealed field opened. */
  private async withHistory<T>(
    prefix: "TASK" | "REC",
    id: string,
    historyPrefix: string,
    sealedField: string,
  ): Promise<{ header: Item; history: T[] } | undefined> {
    const pk = `${prefix}#${id}`;
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: "pk = :pk",
      ExpressionAttributeValues: { ":pk": pk },
      ConsistentRead: true,
    });
    const header = items.find((item) => item.sk === prefix);
    if (header === undefined) return undefined;
    const history = await Promise.all(
      items.filter((item) => String(item.sk).startsWith(historyPrefix)).map((item) => this.open<T>(strip(item), [sealedField], `${pk}/${String(item.sk)}`)),
    );
    return { header, history };
  }

  async saveTask(task: Task, expectedVersion: number, progress?: ProgressReport): Promise<boolean> {
    const writes: NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]["TransactItems"]> = [
      {
        Put: {
          TableName: this.tableName,
          Item: await this.taskItem(task),
          ConditionExpression: "version = :expected",
          ExpressionAttributeValues: { ":expected": expectedVersion },
        },
      },
    ];
    if (progress !== undefined) {
      const sk = `PROGRESS#${progress.at}#${String(task.version)}`;
      writes.push({
        Put: {
          TableName: this.tableName,
          Item: { pk: `TASK#${task.id}`, sk, kind: "progress", ...(await this.seal(progress, ["text"], `TASK#${task.id}/${sk}`)) },
          ConditionExpression: "attribute_not_exists(pk)",
        },
      });
    }
    return this.transact(writes);
  }

  private async transact(writes: NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]["TransactItems"]>): Promise<boolean> {
    try {
      await this.client.send(new TransactWriteCommand({ TransactItems: writes }));
      return true;
    } catch (error) {
      if ((error as Error).name === "TransactionCanceledException" || (error as Error).name === "ConditionalCheckFailedException") return false;
      throw error;
    }
  }

  async tasksOfPlan(planId: string): Promise<Task[]> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      IndexName: "byParent",
      KeyConditionExpression: "parentId = :parent",
      FilterExpression: "kind = :kind",
      ExpressionAttributeValues: { ":parent": planId, ":kind": "task" },
    });
    return items.map(toTaskSummary);
  }

  // ——— Inspections ———

  putInspection(inspection: Inspection): Promise<void> {
    return this.putListed("INSPECTIONS", `INSPECTION#${inspection.createdAt}#${inspection.id}`, `INSPECTION#${inspection.id}`, "INSPECTION", {
      kind: "inspection",
      ...inspection,
    });
  }

  async getInspection(id: string): Promise<{ inspection: Inspection; units: InspectionUnit[] } | undefined> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: "pk = :pk",
      ExpressionAttributeValues: { ":pk": `INSPECTION#${id}` },
      ConsistentRead: true,
    });
    const header = items.find((item) => item.sk === "INSPECTION");
    if (header === undefined) return undefined;
    const units = await Promise.all(
      items
        .filter((item) => String(item.sk).startsWith("UNIT#"))
        .map(async (item) => {
          const opened = await this.open<InspectionUnit & { notes?: string }>(
            strip(item),
            ["strengths", "shortcomings", "notes"],
            `INSPECTION#${id}/${String(item.sk)}`,
          );
          const { notes, ...unit } = opened;
          return { ...unit, answers: mergeNotes(unit.answers, notes) } as InspectionUnit;
        }),
    );
    return { inspection: strip(header) as unknown as Inspection, units };
  }

  listInspections(limit: number, cursor?: string): Promise<Page<Inspection>> {
    return this.page("INSPECTIONS", "oversight.inspections", limit, cursor, (item) => strip(item) as unknown as Inspection);
  }

  async saveUnit(unit: InspectionUnit, expectedVersion: number): Promise<boolean> {
    const sk = `UNIT#${unit.commune}`;
    // The answers' notes travel sealed as one JSON text; the answers themselves (yes / partly / no) stay readable for counting.
    const notes = JSON.stringify(unit.answers.map((answer) => answer.note ?? ""));
    const record = { ...unit, answers: unit.answers.map(({ note: _note, ...answer }) => answer), notes };
    const item = {
      pk: `INSPECTION#${unit.inspectionId}`,
      sk,
      kind: "unit",
      ...(await this.seal(record, ["strengths", "shortcomings", "notes"], `INSPECTION#${unit.inspectionId}/${sk}`)),
    };
    return this.transact([
      {
        Put: {
          TableName: this.tableName,
          Item: item,
          ConditionExpression: expectedVersion === 0 ? "attribute_not_exists(pk)" : "version = :expected",
          ...(expectedVersion === 0 ? {} : { ExpressionAttributeValues: { ":expected": expectedVersion } }),
        },
      },
    ]);
  }

  // ——— Recommendations ———

  private async recommendationItem(recommendation: Recommendation): Promise<Item> {
    const open = !closedRecommendationStatuses.includes(recommendation.status);
    const sealed = await this.seal(recommendation, recommendationSealed, `REC#${recommendation.id}`);
    return dueItem(
      "REC",
      "recommendation",
      { ...sealed, id: recommendation.id, dueDate: recommendation.dueDate },
      recommendation.inspectionId,
      recommendation.commune,
      open,
    );
  }

  /** Recommendations as stored → with their text (sealed or, written before sealing, in clear). */
  private toRecommendations(items: Item[]): Promise<Recommendation[]> {
    return Promise.all(
      items.map(async (item) => strip(await this.openHeader(item, recommendationSealed, `REC#${String(item.id)}`)) as unknown as Recommendation),
    );
  }

  async putRecommendation(recommendation: Recommendation): Promise<void> {
    await this.client.send(
      new PutCommand({ TableName: this.tableName, Item: await this.recommendationItem(recommendation), ConditionExpression: "attribute_not_exists(pk)" }),
    );
  }

  async getRecommendation(id: string): Promise<{ recommendation: Recommendation; followUps: FollowUp[] } | undefined> {
    const found = await this.withHistory<FollowUp>("REC", id, "FOLLOWUP#", "evidence");
    if (found === undefined) return undefined;
    const [recommendation] = await this.toRecommendations([found.header]);
    return { recommendation: recommendation as Recommendation, followUps: found.history };
  }

  async saveRecommendation(recommendation: Recommendation, expectedVersion: number, followUp: FollowUp): Promise<boolean> {
    const sk = `FOLLOWUP#${followUp.at}#${String(recommendation.version)}`;
    return this.transact([
      {
        Put: {
          TableName: this.tableName,
          Item: await this.recommendationItem(recommendation),
          ConditionExpression: "version = :expected",
          ExpressionAttributeValues: { ":expected": expectedVersion },
        },
      },
      {
        Put: {
          TableName: this.tableName,
          Item: { pk: `REC#${recommendation.id}`, sk, kind: "follow-up", ...(await this.seal(followUp, ["evidence"], `REC#${recommendation.id}/${sk}`)) },
          ConditionExpression: "attribute_not_exists(pk)",
        },
      },
    ]);
  }

  async recommendationsOfInspection(inspectionId: string): Promise<Recommendation[]> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      IndexName: "byParent",
      KeyConditionExpression: "parentId = :parent",
      FilterExpression: "kind = :kind",
      ExpressionAttributeValues: { ":parent": inspectionId, ":kind": "recommendation" },
    });
    return this.toRecommendations(items);
  }

  // ——— What is due ———

  async itemsOfCommune(commune: string): Promise<{ tasks: Task[]; recommendations: Recommendation[] }> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      IndexName: "byCommune",
      KeyConditionExpression: "commune = :commune",
      ExpressionAttributeValues: { ":commune": commune },
    });
    return this.split(items);
  }

  async openItemsDueBy(day: string): Promise<{ tasks: Task[]; recommendations: Recommendation[] }> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      IndexName: "openItems",
      KeyConditionExpression: "openQueue = :open AND openSort <= :until",
      ExpressionAttributeValues: { ":open": "OPEN", ":until": `${day}#\uffff` },
    });
    return this.split(items);
  }

  private async split(items: Item[]): Promise<{ tasks: Task[]; recommendations: Recommendation[] }> {
    return {
      tasks: items.filter((item) => item.kind === "task").map(toTaskSummary),
      recommendations: await this.toRecommendations(items.filter((item) => item.kind === "recommendation")),
    };
  }

  /** A reminder for `recipientKey` (a keyed hash, never an address) on `day`: true the first time only. */
  async markReminded(day: string, recipientKey: string, expiresAt: number): Promise<boolean> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { pk: `REMINDED#${day}`, sk: recipientKey, expiresAt },
          ConditionExpression: "attribute_not_exists(pk)",
        }),
      );
      return true;
    } catch (error) {
      if ((error as Error).name === "ConditionalCheckFailedException") return false;
      throw error;
    }
  }

  // ——— Files (functions/oversight/files.ts): `FILE#<id>` items in their record's partition, the name sealed ———

  async putFile(parent: FileParent, file: OversightFile): Promise<void> {
    const pk = parentPk(parent);
    const sk = `FILE#${file.id}`;
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { pk, sk, kind: "file", ...(await this.seal(file, ["fileName"], `${pk}/${sk}`)) },
        ConditionExpression: "attribute_not_exists(pk)",
      }),
    );
  }

  private openFile(item: Item): Promise<OversightFile> {
    return this.open<OversightFile>(strip(item), ["fileName"], `${String(item.pk)}/${String(item.sk)}`);
  }

  async getFile(parent: FileParent, id: string): Promise<OversightFile | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: { pk: parentPk(parent), sk: `FILE#${id}` }, ConsistentRead: true }),
    );
    return Item === undefined ? undefined : this.openFile(Item);
  }

  async markFileReady(parent: FileParent, id: string): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk: parentPk(parent), sk: `FILE#${id}` },
        UpdateExpression: "SET #status = :ready",
        ConditionExpression: "attribute_exists(pk)",
        ExpressionAttributeNames: { "#status": "status" },
        ExpressionAttributeValues: { ":ready": "ready" },
      }),
    );
  }

  async removeFile(parent: FileParent, id: string): Promise<void> {
    await this.client.send(new DeleteCommand({ TableName: this.tableName, Key: { pk: parentPk(parent), sk: `FILE#${id}` } }));
  }

  async filesOf(parent: FileParent): Promise<OversightFile[]> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: "pk = :pk AND begins_with(sk, :file)",
      ExpressionAttributeValues: { ":pk": parentPk(parent), ":file": "FILE#" },
      ConsistentRead: true,
    });
    return Promise.all(items.map((item) => this.openFile(item)));
  }

  // ——— Checklist and yearly texts ———

  async getChecklist(): Promise<{ questions: ChecklistQuestion[]; version: number } | undefined> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: { pk: "CHECKLIST", sk: "CURRENT" }, ConsistentRead: true }));
    return Item === undefined ? undefined : { questions: Item.questions as ChecklistQuestion[], version: Number(Item.version) };
  }

  saveChecklist(questions: ChecklistQuestion[], expectedVersion: number): Promise<boolean> {
    return this.putVersioned({ pk: "CHECKLIST", sk: "CURRENT", questions, version: expectedVersion + 1 }, expectedVersion);
  }

  async getYearly(year: number): Promise<YearlyTexts | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: { pk: `YEARLY#${String(year)}`, sk: "REPORT" }, ConsistentRead: true }),
    );
    return Item === undefined ? undefined : (strip(Item) as unknown as YearlyTexts);
  }

  saveYearly(texts: YearlyTexts, expectedVersion: number): Promise<boolean> {
    return this.putVersioned({ pk: `YEARLY#${String(texts.year)}`, sk: "REPORT", ...texts }, expectedVersion);
  }

  private putVersioned(item: Item, expectedVersion: number): Promise<boolean> {
    return this.transact([
      {
        Put: {
          TableName: this.tableName,
          Item: item,
          ConditionExpression: expectedVersion === 0 ? "attribute_not_exists(pk)" : "version = :expected",
          ...(expectedVersion === 0 ? {} : { ExpressionAttributeValues: { ":expected": expectedVersion } }),
        },
      },
    ]);
  }
}

/**
 * A task or a recommendation as an item: under its parent (plan or inspection) by due day, in its
 * commune's list when it has one, and in the open queue until it is closed (a sparse index).
 */
function dueItem(
  prefix: "TASK" | "REC",
  kind: string,
  record: { id: string; dueDate: string },
  parentId: string,
  commune: string | undefined,
  open: boolean,
): Item {
  const due = `${record.dueDate}#${record.id}`;
  return {
    pk: `${prefix}#${record.id}`,
    sk: prefix,
    kind,
    ...record,
    parentId,
    parentSort: due,
    ...(commune === undefined ? {} : { commune, communeSort: `${prefix}#${due}` }),
    ...(open ? { openQueue: "OPEN", openSort: `${record.dueDate}#${prefix}#${record.id}` } : {}),
  };
}

function mergeNotes(answers: InspectionUnit["answers"], notes: string | undefined): InspectionUnit["answers"] {
  const parsed = notes === undefined ? [] : (JSON.parse(notes) as string[]);
  return answers.map((answer, index) => (parsed[index] ? { ...answer, note: parsed[index] } : answer));
}
