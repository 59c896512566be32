import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
  TransactWriteCommand,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import type { TransactItem } from "./opening.ts";

/**
 * The cases table (shared/tables.ts lists its access patterns): one partition per case,
 * `pk = CASE#<id>`, the header at `sk = CASE` and every other item of the file beside it. Every
 * change is one transaction conditioned on the header's version; the timeline is append-only.
 * No personal data passes through here in clear: the service encrypts before and decrypts after.
 */
export type Item = Record<string, unknown> & { pk: string; sk: string };

export class StaleCaseError extends Error {
  override name = "StaleCaseError";
  constructor(readonly current: Item | undefined) {
    super("the case changed since the client read it");
  }
}

export class InvalidCursorError extends Error {
  override name = "InvalidCursorError";
}

export interface CaseChange {
  /** Header attributes to set (besides version and updatedAt, which the commit sets). */
  set?: Record<string, unknown>;
  /** Header attributes to remove. */
  remove?: string[];
  /** Items to put (whole items, keys included). */
  puts?: Item[];
  /** Items to delete (keys). */
  deletes?: { pk: string; sk: string }[];
  event: { action: string; detail: Record<string, string | number | boolean> };
}

export interface Actor {
  id: string;
  name: string;
}

export interface ListOptions {
  commune: string;
  status?: string;
  priority?: string;
  /** Only cases with an open follow-up due before this date (YYYY-MM-DD). */
  overdueBefore?: string;
  limit: number;
  cursor?: string;
}

export const caseKey = (caseId: string) => ({ pk: `CASE#${caseId}`, sk: "CASE" });

function encodeCursor(key: Record<string, unknown> | undefined): string | undefined {
  return key === undefined ? undefined : Buffer.from(JSON.stringify(key), "utf8").toString("base64url");
}

function decodeCursor(cursor: string | undefined): Record<string, unknown> | undefined {
  if (cursor === undefined) return undefined;
  try {
    const key = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as unknown;
    if (typeof key !== "object" || key === null || Array.isArray(key)) throw new Error("not an object");
    for (const value of Object.values(key)) if (typeof value !== "string") throw new Error("not a key");
    return key as Record<string, unknown>;
  } catch {
    throw new InvalidCursorError("invalid cursor");
  }
}

export class DynamoCaseRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async header(caseId: string, consistent = false): Promise<Item | undefined> {
    const found = await this.client.send(new GetCommand({ TableName: this.tableName, Key: caseKey(caseId), ConsistentRead: consistent }));
    return found.Item as Item | undefined;
  }

  /** Every item of one case (header, parties, measures…, timeline), strongly consistent. */
  async file(caseId: string): Promise<Item[]> {
    const items: Item[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: "pk = :pk",
          ExpressionAttributeValues: { ":pk": `CASE#${caseId}` },
          ConsistentRead: true,
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      items.push(...((page.Items ?? []) as Item[]));
      start = page.LastEvaluatedKey;
    } while (start);
    return items;
  }

  /**
   * Applies a change in one transaction: the header's version moves from `expectedVersion` to
   * the next (condition), the items are written, one timeline event is appended. A stale version
   * throws StaleCaseError with the current header.
   */
  async commit(caseId: string, expectedVersion: number, change: CaseChange, actor: Actor, at: string): Promise<number> {
    const next = expectedVersion + 1;
    const names: Record<string, string> = { "#version": "version", "#updatedAt": "updatedAt" };
    const values: Record<string, unknown> = { ":expected": expectedVersion, ":next": next, ":at": at };
    const sets = ["#version = :next", "#updatedAt = :at"];
    Object.entries(change.set ?? {}).forEach(([name, value], index) => {
      names[`#s${String(index)}`] = name;
      values[`:s${String(index)}`] = value;
      sets.push(`#s${String(index)} = :s${String(index)}`);
    });
    const removes = (change.remove ?? []).map((name, index) => {
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
      ...(change.puts ?? []).map((Item): TransactItem => ({ Put: { TableName: this.tableName, Item } })),
      ...(change.deletes ?? []).map((Key): TransactItem => ({ Delete: { TableName: this.tableName, Key } })),
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
          throw new StaleCaseError(await this.header(caseId, true));
        }
      }
      throw error;
    }
    return next;
  }

  /** Cases of one commune, newest first, filtered; a page of at most `limit`, with a cursor. */
  async list(options: ListOptions): Promise<{ items: Item[]; cursor?: string }> {
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
    const items: Item[] = [];
    let start = decodeCursor(options.cursor);
    // A filter may leave pages short: read on until the page is full or the index ends.
    for (let round = 0; round < 20; round++) {
      const page = await this.client.send(
        new QueryCommand({
          ...input,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          ...(filters.length > 0 ? { FilterExpression: filters.join(" AND ") } : {}),
          Limit: options.limit - items.length,
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      items.push(...((page.Items ?? []) as Item[]));
      start = page.LastEvaluatedKey;
      if (!start || items.length >= options.limit) break;
    }
    const cursor = encodeCursor(start);
    return { items, ...(cursor === undefined ? {} : { cursor }) };
  }

  async byNumber(caseNumber: string): Promise<Item | undefined> {
    const found = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: "byNumber",
        KeyConditionExpression: "caseNumber = :number",
        ExpressionAttributeValues: { ":number": caseNumber },
      }),
    );
    return (found.Items ?? []).find((item) => item.sk === "CASE") as Item | undefined;
  }

  /** Items of a sparse queue index (reminders, retention) whose time has come. */
  async due(index: "dueReminders" | "retention", now: string, limit = 100): Promise<Item[]> {
    const [queueName, queue, timeName] = index === "dueReminders" ? ["reminderQueue", "PENDING", "remindAt"] : ["retentionQueue", "CLOSED", "retainUntil"];
    const found = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: index,
        KeyConditionExpression: "#queue = :queue AND #time <= :now",
        ExpressionAttributeNames: { "#queue": queueName, "#time": timeName },
        ExpressionAttributeValues: { ":queue": queue, ":now": now },
        Limit: limit,
      }),
    );
    return (found.Items ?? []) as Item[];
  }

  /** Takes a reminder off the queue (once: the condition fails when another run took it) and flags the case. */
  async markReminderSent(reminder: Item, at: string, alert: string): Promise<boolean> {
    const caseId = String(reminder.caseId);
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.tableName,
                Key: { pk: reminder.pk, sk: reminder.sk },
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
  async eraseAttributes(key: { pk: string; sk: string }, attributes: string[], set: Record<string, unknown> = {}, closedBefore?: string): Promise<boolean> {
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
          Key: key,
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
