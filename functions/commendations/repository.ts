import { TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
  TransactWriteCommand,
  type TransactWriteCommandInput,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import type { Cycle, HonourEntry, Nomination, NominationPage, NominationStatus, NominationSummary, Step } from "../../shared/commendations.ts";
import type { FieldCipher, RecordContext } from "../lib/field-encryption.ts";
import { bindingOf, guardCursor, keyCursor } from "../lib/kit/index.ts";
import { queryAll } from "../lib/query-all.ts";
import { type Attachment, type CommendationRepository, type NominationChange, VersionConflict } from "./service.ts";

/**
 * The commendations table (shared/tables.ts lists its access patterns). The nominee (name, unit,
 * position), the achievement report and the remarks are sealed in one envelope per nomination
 * (functions/lib/field-encryption.ts), a step's comments and an attachment's file name each in
 * their own, with the record as the encryption context; everything else is workflow data.
 */
type Item = Record<string, unknown>;

type Transact = NonNullable<TransactWriteCommandInput["TransactItems"]>[number];

const workflowFields = [
  "id",
  "cycleId",
  "commune",
  "status",
  "version",
  "form",
  "level",
  "publicConsent",
  "consentRecordedAt",
  "nomineeKey",
  "council",
  "appraisal",
  "decision",
  "revocation",
  "returnComments",
  "publicName",
  "createdAt",
  "createdBy",
  "updatedAt",
] as const;

const nominationKey = (id: string) => ({ pk: `NOMINATION#${id}`, sk: "NOMINATION" });
const markerKey = (cycleId: string, key: string, id: string) => ({ pk: `NOMINEE#${cycleId}#${key}`, sk: `NOMINATION#${id}` });

export class DynamoCommendationRepository implements CommendationRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly cipher: () => FieldCipher,
    private readonly provinceSlug: string,
  ) {}

  // -------------------------------------------------------------------------------------------
  // Cycles

  async getCycle(id: string): Promise<Cycle | undefined> {
    const answer = await this.client.send(new GetCommand({ TableName: this.tableName, Key: { pk: "CYCLES", sk: `CYCLE#${id}` } }));
    return answer.Item === undefined ? undefined : toCycle(answer.Item);
  }

  async listCycles(): Promise<Cycle[]> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: "pk = :pk",
      ExpressionAttributeValues: { ":pk": "CYCLES" },
    });
    return items.map(toCycle).sort((a, b) => b.year - a.year || b.submissionDeadline.localeCompare(a.submissionDeadline));
  }

  async createCycle(cycle: Cycle): Promise<void> {
    await this.client.send(
      new PutCommand({ TableName: this.tableName, Item: { pk: "CYCLES", sk: `CYCLE#${cycle.id}`, ...cycle }, ConditionExpression: "attribute_not_exists(pk)" }),
    );
  }

  // -------------------------------------------------------------------------------------------
  // Nominations

  async getNomination(id: string): Promise<Nomination | undefined> {
    const answer = await this.client.send(new GetCommand({ TableName: this.tableName, Key: nominationKey(id), ConsistentRead: true }));
    return answer.Item === undefined ? undefined : this.fromItem(answer.Item);
  }

  async getDetail(id: string, known?: Nomination): Promise<{ nomination: Nomination; steps: Step[]; attachments: Attachment[] } | undefined> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: "pk = :pk",
      ExpressionAttributeValues: { ":pk": `NOMINATION#${id}` },
      ConsistentRead: true,
    });
    const main = items.find((item) => item.sk === "NOMINATION");
    if (main === undefined) return undefined;
    const steps = await Promise.all(items.filter((item) => String(item.sk).startsWith("STEP#")).map((item) => this.stepFromItem(id, item)));
    const attachments = await Promise.all(items.filter((item) => String(item.sk).startsWith("ATTACHMENT#")).map((item) => this.attachmentFromItem(id, item)));
    attachments.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    // The caller's copy is used only when it is the version just read (nothing changed in between).
    const nomination = known !== undefined && known.version === main.version ? known : await this.fromItem(main);
    return { nomination, steps, attachments };
  }

  async createNomination(nomination: Nomination, step: Step): Promise<void> {
    await this.client.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: this.tableName, Item: await this.toItem(nomination), ConditionExpression: "attribute_not_exists(pk)" } },
          await this.putStep(nomination.id, step),
          { Put: { TableName: this.tableName, Item: markerKey(nomination.cycleId, nomination.nomineeKey, nomination.id) } },
        ],
      }),
    );
  }

  async changeNomination(change: NominationChange): Promise<void> {
    const { next } = change;
    const names: Record<string, string> = { "#status": "status", "#version": "version" };
    const values: Record<string, unknown> = { ":expected": change.expectedVersion };
    change.from.forEach((status, index) => {
      values[`:from${String(index)}`] = status;
    });
    const items: Transact[] = [
      {
        Put: {
          TableName: this.tableName,
          Item: await this.toItem(next),
          ConditionExpression: `#version = :expected AND #status IN (${change.from.map((_, index) => `:from${String(index)}`).join(", ")})`,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        },
      },
      await this.putStep(next.id, change.step),
    ];
    if (change.previousNomineeKey !== undefined) {
      items.push({ Delete: { TableName: this.tableName, Key: markerKey(next.cycleId, change.previousNomineeKey, next.id) } });
      items.push({ Put: { TableName: this.tableName, Item: markerKey(next.cycleId, next.nomineeKey, next.id) } });
    }
    try {
      await this.client.send(new TransactWriteCommand({ TransactItems: items }));
    } catch (error) {
      if (error instanceof TransactionCanceledException && error.CancellationReasons?.[0]?.Code === "ConditionalCheckFailed") throw new VersionConflict();
      throw error;
    }
  }

  async nominationsWithNominee(cycleId: string, nomineeKey: string): Promise<string[]> {
    const answer = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: "pk = :pk",
        ExpressionAttributeValues: { ":pk": `NOMINEE#${cycleId}#${nomineeKey}` },
        ConsistentRead: true,
      }),
    );
    return (answer.Items ?? []).map((item) => String(item.sk).slice("NOMINATION#".length));
  }

  listByCommune(commune: string, cycleId: string, status: NominationStatus | undefined, limit: number, cursor?: string): Promise<NominationPage> {
    const prefix = `${cycleId}#${status === undefined ? "" : `${status}#`}`;
    return this.page(
      {
        IndexName: "byCommune",
        KeyConditionExpression: "commune = :partition AND begins_with(communeSort, :prefix)",
        ExpressionAttributeValues: { ":partition": commune, ":prefix": prefix },
      },
      limit,
      cursor,
      listCursor("nominations.commune", { name: "commune", value: commune }, "communeSort", prefix, { cycleId, status }),
    );
  }

  listByCycle(cycleId: string, status: NominationStatus | undefined, limit: number, cursor?: string): Promise<NominationPage> {
    const prefix = status === undefined ? "" : `${status}#`;
    return this.page(
      {
        IndexName: "byCycle",
        KeyConditionExpression: status === undefined ? "cycleId = :partition" : "cycleId = :partition AND begins_with(cycleSort, :prefix)",
        ExpressionAttributeValues: { ":partition": cycleId, ...(status === undefined ? {} : { ":prefix": prefix }) },
      },
      limit,
      cursor,
      listCursor("nominations.cycle", { name: "cycleId", value: cycleId }, "cycleSort", prefix, { status }),
    );
  }

  // -------------------------------------------------------------------------------------------
  // Attachments

  async putAttachment(nominationId: string, attachment: Attachment): Promise<void> {
    const sk = `ATTACHMENT#${attachment.id}`;
    // A file's name may name a person: sealed (its own record), the rest is bookkeeping.
    const sealed = await this.cipher().encryptFields(attachment, attachmentFields, this.context(`${nominationId}/${sk}`));
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { pk: `NOMINATION#${nominationId}`, sk, ...sealed },
        ConditionExpression: "attribute_not_exists(pk)",
      }),
    );
  }

  async getAttachment(nominationId: string, attachmentId: string): Promise<Attachment | undefined> {
    const answer = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: { pk: `NOMINATION#${nominationId}`, sk: `ATTACHMENT#${attachmentId}` }, ConsistentRead: true }),
    );
    return answer.Item === undefined ? undefined : this.attachmentFromItem(nominationId, answer.Item);
  }

  /** An attachment item, its file name opened (one written before names were sealed holds it in clear). */
  private async attachmentFromItem(nominationId: string, item: Item): Promise<Attachment> {
    const stored = strip(item);
    if (stored.sealed === undefined) return stored as unknown as Attachment;
    return (await this.cipher().decryptFields(stored, attachmentFields, this.context(`${nominationId}/${String(item.sk)}`))) as unknown as Attachment;
  }

  async markAttachmentReady(nominationId: string, attachmentId: string, step: Step): Promise<void> {
    await this.client.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: this.tableName,
              Key: { pk: `NOMINATION#${nominationId}`, sk: `ATTACHMENT#${attachmentId}` },
              UpdateExpression: "SET #status = :ready",
              ConditionExpression: "attribute_exists(pk)",
              ExpressionAttributeNames: { "#status": "status" },
              ExpressionAttributeValues: { ":ready": "ready" },
            },
          },
          await this.putStep(nominationId, step),
        ],
      }),
    );
  }

  async removeAttachment(nominationId: string, attachmentId: string): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk: `NOMINATION#${nominationId}`, sk: `ATTACHMENT#${attachmentId}` },
        UpdateExpression: "SET #status = :rejected",
        ExpressionAttributeNames: { "#status": "status" },
        ExpressionAttributeValues: { ":rejected": "rejected" },
      }),
    );
  }

  // -------------------------------------------------------------------------------------------
  // Public honour roll (no personal data is decrypted: only `publicName`, set with consent)

  async honourRoll(year: number, commune?: string): Promise<HonourEntry[]> {
    const entries: HonourEntry[] = [];
    let start: Item | undefined;
    do {
      const answer = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: "honourRoll",
          KeyConditionExpression: commune === undefined ? "honourYear = :year" : "honourYear = :year AND begins_with(honourSort, :commune)",
          ExpressionAttributeValues: { ":year": String(year), ...(commune === undefined ? {} : { ":commune": `${commune}#` }) },
          ExclusiveStartKey: start,
        }),
      );
      for (const item of answer.Items ?? []) {
        const decision = item.decision as { number: string; date: string };
        entries.push({
          id: String(item.id),
          year,
          commune: String(item.commune),
          kind: item.nomineeKind as HonourEntry["kind"],
          ...(typeof item.publicName === "string" ? { name: item.publicName } : {}),
          form: item.form as HonourEntry["form"],
          level: item.level as HonourEntry["level"],
          decisionNumber: decision.number,
          decisionDate: decision.date,
        });
      }
      start = answer.LastEvaluatedKey;
    } while (start !== undefined && entries.length < 2000);
    return entries;
  }

  // -------------------------------------------------------------------------------------------

  private async page(
    query: Omit<QueryCommandInput, "TableName">,
    limit: number,
    cursor: string | undefined,
    codec: ReturnType<typeof listCursor>,
  ): Promise<NominationPage> {
    const answer = await guardCursor(
      this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          ...query,
          ScanIndexForward: false,
          Limit: limit,
          ExclusiveStartKey: codec.decode(cursor),
        }),
      ),
    );
    const items = await Promise.all((answer.Items ?? []).map((item) => this.summaryFromItem(item)));
    return { items, ...(answer.LastEvaluatedKey === undefined ? {} : { cursor: codec.encode(answer.LastEvaluatedKey) as string }) };
  }

  private async putStep(nominationId: string, step: Step): Promise<Transact> {
    const sk = `STEP#${step.at}#${crypto.randomUUID().slice(0, 8)}`;
    const { comments, ...clear } = step;
    const commentsSealed = comments === undefined ? undefined : await this.cipher().encrypt(comments, { ...this.context(nominationId), field: sk });
    return {
      Put: {
        TableName: this.tableName,
        Item: { pk: `NOMINATION#${nominationId}`, sk, ...clear, ...(commentsSealed === undefined ? {} : { commentsSealed }) },
        ConditionExpression: "attribute_not_exists(pk)",
      },
    };
  }

  private async stepFromItem(nominationId: string, item: Item): Promise<Step> {
    const { commentsSealed, ...rest } = strip(item);
    const step = rest as unknown as Step;
    if (typeof commentsSealed !== "string") return step;
    return { ...step, comments: await this.cipher().decrypt(commentsSealed, { ...this.context(nominationId), field: String(item.sk) }) };
  }

  /** The nomination item's envelope (or, written before it, its three ciphertexts) opened: nominee, report, remarks. */
  private async open(item: Item): Promise<{ person: { name: string; unit: string; position?: string }; report: unknown; remarks: Record<string, unknown> }> {
    const opened = await this.cipher().decryptFields(pick(item, "sealed", ...nominationFields), nominationFields, this.context(String(item.id)));
    const person = JSON.parse(String(opened.nominee)) as { name: string; unit: string; position?: string };
    const remarks = opened.remarks === undefined ? {} : joinRemarks(item, JSON.parse(opened.remarks) as Remarks);
    return { person, report: opened.report === undefined ? undefined : JSON.parse(opened.report), remarks };
  }

  private context(id: string): RecordContext {
    return { province: this.provinceSlug, table: "commendations", recordId: id };
  }

  private async toItem(nomination: Nomination): Promise<Item> {
    const item: Item = { ...nominationKey(nomination.id) };
    for (const field of workflowFields) if (nomination[field] !== undefined) item[field] = nomination[field];
    // Free-text remarks (council and appraisal comments, the reason to return or revoke) often
    // name people: sealed like the nominee, the workflow's codes, counts and dates stay clear.
    const { remarks, workflow } = splitRemarks(nomination);
    Object.assign(item, workflow);
    delete item.returnComments;
    // One envelope for the nominee, the achievement report and the remarks: one data key per write.
    const { sealed } = await this.cipher().encryptFields(
      {
        nominee: JSON.stringify({ name: nomination.nominee.name, unit: nomination.nominee.unit, position: nomination.nominee.position }),
        report: JSON.stringify(nomination.report),
        ...(remarks === undefined ? {} : { remarks: JSON.stringify(remarks) }),
      },
      nominationFields,
      this.context(nomination.id),
    );
    const sortTail = `${nomination.updatedAt}#${nomination.id}`;
    Object.assign(item, {
      nomineeKind: nomination.nominee.kind,
      sealed,
      communeSort: `${nomination.cycleId}#${nomination.status}#${sortTail}`,
      cycleSort: `${nomination.status}#${sortTail}`,
    });
    // Only a published award is on the public honour roll (the index holds nothing else).
    if (nomination.status === "published" && nomination.decision !== undefined) {
      item.honourYear = nomination.decision.date.slice(0, 4);
      item.honourSort = `${nomination.commune}#${nomination.decision.date}#${nomination.id}`;
    }
    return item;
  }

  /** Lists: the nominee without the achievement report (the envelope holds both: one decryption either way). */
  private async summaryFromItem(item: Item): Promise<NominationSummary> {
    const { person, remarks } = await this.open(item);
    const summary: Record<string, unknown> = {};
    for (const field of workflowFields) if (item[field] !== undefined) summary[field] = item[field];
    Object.assign(summary, remarks);
    summary.nominee = { kind: item.nomineeKind, name: person.name, unit: person.unit, ...(person.position ? { position: person.position } : {}) };
    return summary as unknown as NominationSummary;
  }

  private async fromItem(item: Item): Promise<Nomination> {
    const { person, report, remarks } = await this.open(item);
    const nomination: Record<string, unknown> = {};
    for (const field of workflowFields) if (item[field] !== undefined) nomination[field] = item[field];
    Object.assign(nomination, remarks);
    nomination.nominee = { kind: item.nomineeKind, name: person.name, unit: person.unit, ...(person.position ? { position: person.position } : {}) };
    nomination.report = report;
    return nomination as unknown as Nomination;
  }
}

function toCycle(item: Item): Cycle {
  const { pk: _pk, sk: _sk, ...cycle } = item;
  return cycle as unknown as Cycle;
}

/** The personal fields of a nomination item (JSON texts) and of an attachment item. */
const nominationFields = ["nominee", "report", "remarks"] as const;
const attachmentFields = ["fileName"] as const;

function pick(item: Item, ...names: string[]): Item {
  return Object.fromEntries(names.filter((name) => item[name] !== undefined).map((name) => [name, item[name]]));
}

function strip(item: Item): Item {
  const { pk: _pk, sk: _sk, ...rest } = item;
  return rest;
}

/**
 * A list's page cursor (the kit's codec): bound to the partition (the commune or the cycle) and the
 * filters, and its key must lie in the queried range (the sort key's prefix).
 */
function listCursor(route: string, partition: { name: string; value: string }, sortName: string, prefix: string, filters: Record<string, unknown>) {
  return keyCursor(bindingOf(route, partition.value, filters), {
    keyNames: ["pk", "sk", partition.name, sortName],
    partition,
    accepts: (key) => String(key[sortName]).startsWith(prefix),
  });
}

/** The free-text remarks of a nomination, kept apart from its clear workflow fields. */
interface Remarks {
  returnComments?: string;
  councilComments?: string;
  appraisalComments?: string;
  revocationReason?: string;
}

/** The nomination's remark texts, and its workflow fields without them (for the clear item). */
function splitRemarks(nomination: Nomination): { remarks?: Remarks; workflow: Item } {
  const remarks: Remarks = {};
  const workflow: Item = {};
  if (nomination.returnComments !== undefined) remarks.returnComments = nomination.returnComments;
  if (nomination.council !== undefined) {
    const { comments, ...council } = nomination.council;
    if (comments !== undefined) remarks.councilComments = comments;
    workflow.council = council;
  }
  if (nomination.appraisal !== undefined) {
    const { comments, ...appraisal } = nomination.appraisal;
    if (comments !== undefined) remarks.appraisalComments = comments;
    workflow.appraisal = appraisal;
  }
  if (nomination.revocation !== undefined) {
    const { reason, ...revocation } = nomination.revocation;
    remarks.revocationReason = reason;
    workflow.revocation = revocation;
  }
  return { ...(Object.keys(remarks).length > 0 ? { remarks } : {}), workflow };
}

/** The inverse of splitRemarks on a stored item. */
function joinRemarks(item: Item, remarks: Remarks): Record<string, unknown> {
  const joined: Record<string, unknown> = {};
  if (remarks.returnComments !== undefined) joined.returnComments = remarks.returnComments;
  if (item.council !== undefined)
    joined.council = { ...(item.council as object), ...(remarks.councilComments === undefined ? {} : { comments: remarks.councilComments }) };
  if (item.appraisal !== undefined)
    joined.appraisal = { ...(item.appraisal as object), ...(remarks.appraisalComments === undefined ? {} : { comments: remarks.appraisalComments }) };
  if (item.revocation !== undefined) joined.revocation = { ...(item.revocation as object), reason: remarks.revocationReason ?? "" };
  return joined;
}
