import {
  BatchGetCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
  TransactWriteCommand,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import { bindingOf, guardCursor, keyCursor } from "../lib/kit/index.ts";
import { queryAll } from "../lib/query-all.ts";
import type { TransactItem } from "./opening.ts";
import {
  type Actor,
  type CaseChange,
  type CaseIdentity,
  type CaseJobStore,
  type CaseStore,
  type CommitResult,
  type Entry,
  type ListOptions,
  refPrefixes,
  refs,
} from "./store.ts";

/**
 * The cases table (shared/tables.ts lists its access patterns): one partition per case,
 * `pk = CASE#<id>`, the header at `sk = CASE` and every other entry of the file beside it, its
 * ref (functions/cases/store.ts) as the sort key. Every change is one transaction conditioned on
 * the header's version; the timeline is append-only. No personal data passes through here in
 * clear: the service encrypts before and decrypts after.
 */
type Item = Record<string, unknown> & { pk: string; sk: string };

export const caseKey = (caseId: string, ref: string = refs.header) => ({ pk: `CASE#${caseId}`, sk: ref });

/** A stored item as the domain sees it: its sort key is its ref, the partition is the case. */
function toEntry(item: Record<string, unknown>): Entry {
  const { pk: _pk, sk, ...rest } = item as Item;
  return { ...rest, ref: sk };
}

/** A reminder entry written is a pending one: it joins the sparse `dueReminders` index until sent. */
function toItem(file: CaseIdentity, entry: Entry): Item {
  // The work index's attributes follow the entry as written now (a loaded entry carries the old ones).
  const { ref, workKey: _key, workSort: _sort, ...rest } = entry;
  return { ...caseKey(file.caseId, ref), ...rest, ...(ref.startsWith("REMINDER#") ? { reminderQueue: "PENDING" } : {}), ...workAttributes(file, entry) };
}

/**
 * The overloaded sparse `work` index (shared/tables.ts): one workKey shape per kind of entry —
 * an assignee (My work), a pending no-contact reminder (orders ending), a referral waiting for an
 * answer, a party with a name (the person index). Other entries stay out of it.
 */
function workAttributes(file: CaseIdentity, entry: Entry): { workKey?: string; workSort?: string } {
  const { ref } = entry;
  if (ref.startsWith(refPrefixes.assignee)) return { workKey: `ASSIGNEE#${String(entry.officerId)}`, workSort: file.caseId };
  if (ref.startsWith("REMINDER#") && typeof entry.endsAt === "string") {
    return { workKey: `ENDING#${file.commune}`, workSort: `${new Date(entry.endsAt).toISOString()}#${file.caseId}` };
  }
  if (ref.startsWith(refPrefixes.referral) && typeof entry.awaitingSince === "string") {
    return { workKey: `AWAITING#${file.commune}`, workSort: `${entry.awaitingSince}#${file.caseId}` };
  }
  if (ref.startsWith(refPrefixes.party) && typeof entry.nameKey === "string") {
    return { workKey: `PERSON#${entry.nameKey}`, workSort: `${file.commune}#${file.caseId}#${String(entry.partyId)}` };
  }
  // A transfer waiting for the receiving commune: its incoming list (it leaves once decided).
  if (ref.startsWith(refPrefixes.transfer) && entry.state === "requested") {
    return { workKey: `INCOMING#${String(entry.to)}`, workSort: `${String(entry.requestedAt)}#${file.caseId}` };
  }
  return {};
}

/**
 * The header's index attributes, kept in step with the domain attributes a change sets: the status
 * index (`communeStatus`), the overdue index (`dueCommune`, `dueSort`, from `nextDue`) and the
 * retention queue (a closed case joins it, a reopened one leaves it).
 */
function withIndexAttributes(file: CaseIdentity, change: CaseChange): { set: Record<string, unknown>; remove: string[] } {
  const set = { ...change.set };
  const remove = [...(change.remove ?? [])];
  if (typeof set.status === "string") {
    set.communeStatus = `${file.commune}#${set.status}`;
    if (set.status === "closed") set.retentionQueue = "CLOSED";
    else remove.push("retentionQueue");
  }
  if (typeof set.nextDue === "string") Object.assign(set, { dueCommune: file.commune, dueSort: `${set.nextDue}#${file.caseId}` });
  if (remove.includes("nextDue")) remove.push("dueCommune", "dueSort");
  return { set, remove: [...new Set(remove)] };
}

/** The page cursor of each list query: bound to the commune and the filters, keyed by the index read. */
function listCursor(options: ListOptions) {
  const [partitionName, sortName, partition] =
    options.overdueBefore !== undefined
      ? ["dueCommune", "dueSort", options.commune]
      : options.status !== undefined
        ? ["communeStatus", "listSort", `${options.commune}#${options.status}`]
        : ["commune", "listSort", options.commune];
  return keyCursor(bindingOf("cases", options.commune, { status: options.status, priority: options.priority, overdue: options.overdueBefore !== undefined }), {
    keyNames: ["pk", "sk", partitionName, sortName],
    partition: { name: partitionName, value: partition },
  });
}

export class DynamoCaseRepository implements CaseStore, CaseJobStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  private async header(caseId: string): Promise<Entry | undefined> {
    const found = await this.client.send(new GetCommand({ TableName: this.tableName, Key: caseKey(caseId), ConsistentRead: true }));
    return found.Item === undefined ? undefined : toEntry(found.Item);
  }

  /** Every item of one case (header, parties, measures…, timeline), strongly consistent. */
  async file(caseId: string): Promise<Entry[]> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: "pk = :pk",
      ExpressionAttributeValues: { ":pk": `CASE#${caseId}` },
      ConsistentRead: true,
    });
    return items.map(toEntry);
  }

  /**
   * Applies a change in one transaction: the header's version moves from `expectedVersion` to
   * the next (condition), the items are written, one timeline event is appended. A stale version
   * answers the current header instead.
   */
  async commit(file: CaseIdentity, expectedVersion: number, change: CaseChange, actor: Actor, at: string): Promise<CommitResult> {
    const { caseId } = file;
    const header = withIndexAttributes(file, change);
    const next = expectedVersion + 1;
    const names: Record<string, string> = { "#version": "version", "#updatedAt": "updatedAt" };
    const values: Record<string, unknown> = { ":expected": expectedVersion, ":next": next, ":at": at };
    const sets = ["#version = :next", "#updatedAt = :at"];
    Object.entries(header.set).forEach(([name, value], index) => {
      names[`#s${String(index)}`] = name;
      values[`:s${String(index)}`] = value;
      sets.push(`#s${String(index)} = :s${String(index)}`);
    });
    const removes = header.remove.map((name, index) => {
      names[`#r${String(index)}`] = name;
      return `#r${String(index)}`;
    });
    const items: TransactItem[] = [
      {
        Update: {
          TableName: this.tableName,
          Key: caseKey(caseId),
          UpdateExpression: `SET ${sets.join(", ")}${removes.length > 0 ? ` REMOVE ${removes.join(", ")}` : ""}`,
          ConditionExpression: "#version = :expected",
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        },
      },
      ...(change.puts ?? []).map((entry): TransactItem => ({ Put: { TableName: this.tableName, Item: toItem(file, entry) } })),
      ...(change.deletes ?? []).map((ref): TransactItem => ({ Delete: { TableName: this.tableName, Key: caseKey(caseId, ref) } })),
      ...(change.reindex ?? []).map((entry): TransactItem => this.reindexed(file, entry)),
      {
        Put: {
          TableName: this.tableName,
          Item: {
            pk: `CASE#${caseId}`,
            sk: `EVENT#${at}#${String(next)}`,
            kind: "event",
            at,
            by: actor.id,
            byName: actor.name,
            action: change.event.action,
            detail: change.event.detail,
            version: next,
          },
          ConditionExpression: "attribute_not_exists(pk)",
        },
      },
    ];
    try {
      await this.client.send(new TransactWriteCommand({ TransactItems: items }));
    } catch (error) {
      if (error instanceof Error && error.name === "TransactionCanceledException") {
        const reasons = (error as Error & { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
        if (reasons[0]?.Code === "ConditionalCheckFailed" || reasons.some((reason) => reason.Code === "TransactionConflict")) {
          return { committed: false, current: await this.header(caseId) };
        }
      }
      throw error;
    }
    return { committed: true, version: next };
  }

  /** An entry's `work` index keys re-set for the file's (new) commune, on condition that the entry is still there. */
  private reindexed(file: CaseIdentity, entry: Entry): TransactItem {
    const { workKey, workSort } = workAttributes(file, entry);
    return {
      Update: {
        TableName: this.tableName,
        Key: caseKey(file.caseId, entry.ref),
        UpdateExpression: workKey === undefined ? "REMOVE workKey, workSort" : "SET workKey = :key, workSort = :sort",
        ConditionExpression: "attribute_exists(pk)",
        ...(workKey === undefined ? {} : { ExpressionAttributeValues: { ":key": workKey, ":sort": workSort } }),
      },
    };
  }

  async incomingTransfers(commune: string): Promise<(Entry & { caseId: string })[]> {
    return (await this.work(`INCOMING#${commune}`)).map((entry) => ({ ...entry, caseId: String(entry.caseId) }));
  }

  /** Cases of one commune, newest first, filtered; a page of at most `limit`, with a cursor. */
  async list(options: ListOptions): Promise<{ items: Entry[]; cursor?: string }> {
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = {};
    const filters: string[] = [];
    let input: QueryCommandInput;
    if (options.overdueBefore !== undefined) {
      names["#dueCommune"] = "dueCommune";
      names["#dueSort"] = "dueSort";
      values[":commune"] = options.commune;
      values[":today"] = options.overdueBefore;
      if (options.status !== undefined) {
        names["#status"] = "status";
        values[":status"] = options.status;
        filters.push("#status = :status");
      }
      input = {
        TableName: this.tableName,
        IndexName: "byCommuneDue",
        KeyConditionExpression: "#dueCommune = :commune AND #dueSort < :today",
      };
    } else if (options.status !== undefined) {
      names["#communeStatus"] = "communeStatus";
      values[":key"] = `${options.commune}#${options.status}`;
      input = { TableName: this.tableName, IndexName: "byCommuneStatus", KeyConditionExpression: "#communeStatus = :key", ScanIndexForward: false };
    } else {
      names["#commune"] = "commune";
      values[":key"] = options.commune;
      input = { TableName: this.tableName, IndexName: "byCommune", KeyConditionExpression: "#commune = :key", ScanIndexForward: false };
    }
    if (options.priority !== undefined) {
      names["#priority"] = "priority";
      values[":priority"] = options.priority;
      filters.push("#priority = :priority");
    }
    const items: Entry[] = [];
    const cursor = listCursor(options);
    let start: Record<string, unknown> | undefined = cursor.decode(options.cursor);
    // A filter may leave pages short: read on until the page is full or the index ends.
    for (let round = 0; round < 20; round++) {
      const page = await guardCursor(
        this.client.send(
          new QueryCommand({
            ...input,
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: values,
            ...(filters.length > 0 ? { FilterExpression: filters.join(" AND ") } : {}),
            Limit: options.limit - items.length,
            ...(start ? { ExclusiveStartKey: start } : {}),
          }),
        ),
      );
      items.push(...(page.Items ?? []).map(toEntry));
      start = page.LastEvaluatedKey;
      if (!start || items.length >= options.limit) break;
    }
    const next = cursor.encode(start);
    return { items, ...(next === undefined ? {} : { cursor: next }) };
  }

  /** Query the `work` index: one partition, optionally a sort-key range, every page. */
  async work(workKey: string, range: { from?: string; to?: string; prefix?: string } = {}): Promise<Entry[]> {
    const names: Record<string, string> = { "#key": "workKey" };
    const values: Record<string, unknown> = { ":key": workKey };
    let condition = "#key = :key";
    if (range.prefix !== undefined) {
      names["#sort"] = "workSort";
      values[":prefix"] = range.prefix;
      condition += " AND begins_with(#sort, :prefix)";
    } else if (range.from !== undefined && range.to !== undefined) {
      names["#sort"] = "workSort";
      Object.assign(values, { ":from": range.from, ":to": range.to });
      condition += " AND #sort BETWEEN :from AND :to";
    } else if (range.to !== undefined) {
      names["#sort"] = "workSort";
      values[":to"] = range.to;
      condition += " AND #sort <= :to";
    }
    const items: Entry[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: "work",
          KeyConditionExpression: condition,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      items.push(...(page.Items ?? []).map((item) => ({ ...toEntry(item), caseId: String(item.pk).slice("CASE#".length) })));
      start = page.LastEvaluatedKey;
    } while (start);
    return items;
  }

  async partiesByName(nameKey: string, communes: readonly string[] | undefined): Promise<(Entry & { caseId: string; commune: string })[]> {
    const key = `PERSON#${nameKey}`;
    const found =
      communes === undefined ? await this.work(key) : (await Promise.all(communes.map((commune) => this.work(key, { prefix: `${commune}#` })))).flat();
    return found.map((entry) => ({ ...entry, caseId: String(entry.caseId), commune: String(entry.workSort).split("#")[0] as string }));
  }

  /** Case headers by id, 100 at a time (BatchGetItem), retried for unprocessed keys. */
  async headers(caseIds: readonly string[]): Promise<Entry[]> {
    const found: Entry[] = [];
    for (let index = 0; index < caseIds.length; index += 100) {
      let keys: Record<string, unknown>[] | undefined = caseIds.slice(index, index + 100).map((caseId) => caseKey(caseId));
      for (let round = 0; keys !== undefined && keys.length > 0 && round < 5; round++) {
        const answer = await this.client.send(new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: keys } } }));
        found.push(...(answer.Responses?.[this.tableName] ?? []).map(toEntry));
        keys = answer.UnprocessedKeys?.[this.tableName]?.Keys as Record<string, unknown>[] | undefined;
      }
    }
    return found;
  }

  async byNumber(caseNumber: string): Promise<Entry | undefined> {
    const found = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: "byNumber",
        KeyConditionExpression: "caseNumber = :number",
        ExpressionAttributeValues: { ":number": caseNumber },
      }),
    );
    const header = (found.Items ?? []).find((item) => item.sk === refs.header);
    return header === undefined ? undefined : toEntry(header);
  }

  /** Items of a sparse queue index (reminders, retention) whose time has come. */
  async due(queue: "reminders" | "retention", now: string, limit = 100): Promise<Entry[]> {
    const [index, queueName, queueValue, timeName] =
      queue === "reminders" ? ["dueReminders", "reminderQueue", "PENDING", "remindAt"] : ["retention", "retentionQueue", "CLOSED", "retainUntil"];
    const found = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: index,
        KeyConditionExpression: "#queue = :queue AND #time <= :now",
        ExpressionAttributeNames: { "#queue": queueName, "#time": timeName },
        ExpressionAttributeValues: { ":queue": queueValue, ":now": now },
        Limit: limit,
      }),
    );
    return (found.Items ?? []).map(toEntry);
  }

  /** Takes a reminder off the queue (once: the condition fails when another run took it) and flags the case. */
  async markReminderSent(reminder: Entry, at: string, alert: string): Promise<boolean> {
    const caseId = String(reminder.caseId);
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.tableName,
                Key: caseKey(caseId, reminder.ref),
                UpdateExpression: "REMOVE reminderQueue SET sentAt = :at",
                ConditionExpression: "attribute_exists(reminderQueue)",
                ExpressionAttributeValues: { ":at": at },
              },
            },
            {
              Update: {
                TableName: this.tableName,
                Key: caseKey(caseId),
                UpdateExpression: "ADD alerts :alert",
                ExpressionAttributeValues: { ":alert": new Set([alert]) },
              },
            },
            {
              Put: {
                TableName: this.tableName,
                Item: {
                  pk: `CASE#${caseId}`,
                  sk: `EVENT#${at}#reminder-${String(reminder.measureId)}`,
                  kind: "event",
                  at,
                  by: "system",
                  byName: "Hệ thống / System",
                  action: "measure.ending-soon",
                  detail: { measureId: String(reminder.measureId), endsAt: String(reminder.endsAt) },
                  version: 0,
                },
                ConditionExpression: "attribute_not_exists(pk)",
              },
            },
          ],
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof Error && error.name === "TransactionCanceledException") return false;
      throw error;
    }
  }

  /**
   * Erases personal attributes of one item (retention). `closedBefore`: only while the case is
   * still closed and due (a concurrent reopening wins: answers false, nothing erased).
   */
  async eraseAttributes(caseId: string, ref: string, attributes: string[], set: Record<string, unknown> = {}, closedBefore?: string): Promise<boolean> {
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = {};
    const removes = attributes.map((name, index) => {
      names[`#r${String(index)}`] = name;
      return `#r${String(index)}`;
    });
    const sets = Object.entries(set).map(([name, value], index) => {
      names[`#s${String(index)}`] = name;
      values[`:s${String(index)}`] = value;
      return `#s${String(index)} = :s${String(index)}`;
    });
    if (removes.length === 0 && sets.length === 0) return true;
    let condition = "attribute_exists(pk)";
    if (closedBefore !== undefined) {
      names["#status"] = "status";
      names["#queue"] = "retentionQueue";
      names["#until"] = "retainUntil";
      values[":closed"] = "closed";
      values[":queue"] = "CLOSED";
      values[":now"] = closedBefore;
      condition = "#status = :closed AND #queue = :queue AND #until <= :now";
    }
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: caseKey(caseId, ref),
          UpdateExpression: [sets.length > 0 ? `SET ${sets.join(", ")}` : "", removes.length > 0 ? `REMOVE ${removes.join(", ")}` : ""].join(" ").trim(),
          ExpressionAttributeNames: names,
          ...(Object.keys(values).length > 0 ? { ExpressionAttributeValues: values } : {}),
          ConditionExpression: condition,
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof Error && error.name === "ConditionalCheckFailedException") return false;
      throw error;
    }
  }

  async leaveRetention(caseId: string): Promise<void> {
    await this.eraseAttributes(caseId, refs.header, ["retentionQueue"]);
  }

  async appendSystemEvent(caseId: string, at: string, action: string, detail: Record<string, string | number | boolean>): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { pk: `CASE#${caseId}`, sk: `EVENT#${at}#${action}`, kind: "event", at, by: "system", byName: "Hệ thống / System", action, detail, version: 0 },
        ConditionExpression: "attribute_not_exists(pk)",
      }),
    );
  }
}
