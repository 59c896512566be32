import { type DynamoDBDocumentClient, PutCommand, QueryCommand, type QueryCommandInput } from "@aws-sdk/lib-dynamodb";
import { addDays, isCalendarDay, startOfVietnamDay, vietnamDay } from "../../shared/vietnam-time.ts";
import { bindingOf, checkedKey, type DynamoKey, decodeCursor, encodeCursor, guardCursor, InvalidCursorError, type KeyCursorSpec } from "./kit/index.ts";

/**
 * The audit log: who did what to which record, when, and how it ended. Entries are appended by the
 * shared middy stack (functions/lib/http.ts) for every officer-route request — allowed, denied or
 * failed — so a handler cannot forget one; nothing updates or deletes them (the functions' IAM
 * grant on the table is PutItem, plus Query for the admin function that lists them).
 *
 * Keys (shared/tables.ts): pk `DAY#<yyyy-mm-dd in Asia/Ho_Chi_Minh>`, sk `<ISO time>#<request id>#<n>`;
 * GSIs byOfficer (officerId, sk) and byRecord (recordKey, sk).
 */
export type AuditOutcome = "allowed" | "denied" | "failed";

export interface AuditEntry {
  /** ISO 8601, UTC: when the request arrived. */
  at: string;
  /** The token's `sub`; absent when no officer could be authenticated. */
  officerId?: string;
  /** `officer.update`, `audit.list`… (the route table's audit action). */
  action: string;
  /** `<type>#<id>` of the record acted on, when there is one. */
  recordKey?: string;
  /**
   * What the officers call that record, when it has such a name (a case's number): the log then
   * reads "NB-2026-000001", not an internal id. Not personal data — case numbers are on every page.
   */
  recordLabel?: string;
  /** A record handed from one commune to another (a transfer between communes): both commune codes. */
  handOver?: { from: string; to: string };
  outcome: AuditOutcome;
  status: number;
  requestId: string;
}

export interface AuditSink {
  append(entry: AuditEntry): Promise<void>;
}

export interface AuditQuery {
  officerId?: string;
  recordKey?: string;
  /** First and last day (inclusive, Vietnam time). */
  from?: string;
  to?: string;
  limit: number;
  cursor?: string;
}

export interface AuditPage {
  items: AuditEntry[];
  /** Opaque; pass back to continue. Absent on the last page. */
  cursor?: string;
}

type Key = DynamoKey;

/**
 * A page's cursor (the kit's codec, bound to the filters): with an officer or record filter, the
 * index's LastEvaluatedKey; on a day walk, the day to continue with and the key inside it.
 */
interface CursorState {
  /** Day walk: the day to continue with. */
  d?: string;
  /** LastEvaluatedKey of the previous Query (absent: start the day `d` from its newest entry). */
  k?: Key;
}

/** Without an officer or record filter, the log is walked day by day, at most this many days per page. */
export const maxDaysPerPage = 31;
/** Without `from`, a day walk goes this many days back from `to`. */
export const defaultRangeDays = 30;

function readCursor(cursor: string, binding: string): CursorState {
  const state = decodeCursor(cursor, binding);
  if (typeof state !== "object" || state === null || Array.isArray(state)) throw new InvalidCursorError("not a cursor state");
  const { d, k } = state as Record<string, unknown>;
  if (d !== undefined && (typeof d !== "string" || !isCalendarDay(d))) throw new InvalidCursorError("bad day");
  return { ...(d === undefined ? {} : { d }), ...(k === undefined ? {} : { k: k as Key }) };
}

function keySpec(partition: { name: string; value: string }): KeyCursorSpec {
  const keyNames = partition.name === "pk" ? ["pk", "sk"] : ["pk", "sk", partition.name];
  return { keyNames, partition };
}

function toEntry(item: Record<string, unknown>): AuditEntry {
  const { pk: _pk, sk: _sk, ...entry } = item;
  return entry as unknown as AuditEntry;
}

export class DynamoAuditRepository implements AuditSink {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** Appends one entry; the condition makes an overwrite impossible even with a reused request id. */
  async append(entry: AuditEntry, sequence = 0): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { pk: `DAY#${vietnamDay(entry.at)}`, sk: `${entry.at}#${entry.requestId}#${String(sequence)}`, ...entry },
        ConditionExpression: "attribute_not_exists(pk)",
      }),
    );
  }

  /**
   * Entries newest first. With an officer (and optionally a record) the byOfficer index is queried,
   * with a record the byRecord index, otherwise the day partitions from `to` back to `from`. Dates
   * bound the sort key: `[start of from, start of the day after to)` in Vietnam time.
   */
  async list(query: AuditQuery): Promise<AuditPage> {
    const filters = bindingOf("audit", "province", { officer: query.officerId, record: query.recordKey, from: query.from, to: query.to });
    const state = query.cursor === undefined ? undefined : readCursor(query.cursor, filters);
    const lower = query.from === undefined ? undefined : startOfVietnamDay(query.from);
    const upper = query.to === undefined ? undefined : startOfVietnamDay(addDays(query.to, 1));
    if (query.officerId !== undefined || query.recordKey !== undefined) {
      const byOfficer = query.officerId !== undefined;
      const partition = byOfficer ? { name: "officerId", value: query.officerId as string } : { name: "recordKey", value: query.recordKey as string };
      if (state !== undefined && state.k === undefined) throw new InvalidCursorError("no key");
      const startKey = state === undefined ? undefined : checkedKey(state.k, keySpec(partition));
      const { items, lastKey } = await this.collect(
        {
          IndexName: byOfficer ? "byOfficer" : "byRecord",
          ...this.keyCondition(partition.name, partition.value, lower, upper),
          ...(byOfficer && query.recordKey !== undefined
            ? {
                FilterExpression: "recordKey = :record",
                ExpressionAttributeValues: { ...this.values(partition.value, lower, upper), ":record": query.recordKey },
              }
            : {}),
        },
        query.limit,
        startKey,
      );
      return { items, ...(lastKey === undefined ? {} : { cursor: encodeCursor({ k: lastKey } satisfies CursorState, filters) }) };
    }
    return this.walkDays(query, filters, state, lower, upper);
  }

  private async walkDays(query: AuditQuery, filters: string, state: CursorState | undefined, lower?: string, upper?: string): Promise<AuditPage> {
    const last = query.to ?? vietnamDay(new Date());
    const first = query.from ?? addDays(last, -defaultRangeDays);
    let day = state?.d ?? last;
    if (state !== undefined && state.d === undefined) throw new InvalidCursorError("no day");
    let startKey = state?.k === undefined ? undefined : checkedKey(state.k, keySpec({ name: "pk", value: `DAY#${day}` }));
    const items: AuditEntry[] = [];
    for (let walked = 0; day >= first && walked < maxDaysPerPage; walked++) {
      const page = await this.collect(this.keyCondition("pk", `DAY#${day}`, lower, upper), query.limit - items.length, startKey);
      items.push(...page.items);
      if (page.lastKey !== undefined) return { items, cursor: encodeCursor({ d: day, k: page.lastKey } satisfies CursorState, filters) };
      day = addDays(day, -1);
      startKey = undefined;
      if (items.length >= query.limit) break;
    }
    return { items, ...(day >= first ? { cursor: encodeCursor({ d: day } satisfies CursorState, filters) } : {}) };
  }

  private keyCondition(
    name: string,
    value: string,
    lower?: string,
    upper?: string,
  ): Pick<QueryCommandInput, "KeyConditionExpression" | "ExpressionAttributeNames" | "ExpressionAttributeValues"> {
    const range =
      lower !== undefined && upper !== undefined
        ? " AND sk BETWEEN :lower AND :upper"
        : lower !== undefined
          ? " AND sk >= :lower"
          : upper !== undefined
            ? " AND sk < :upper"
            : "";
    return {
      KeyConditionExpression: `#partition = :partition${range}`,
      ExpressionAttributeNames: { "#partition": name },
      ExpressionAttributeValues: this.values(value, lower, upper),
    };
  }

  private values(partition: string, lower?: string, upper?: string): Record<string, string> {
    return { ":partition": partition, ...(lower === undefined ? {} : { ":lower": lower }), ...(upper === undefined ? {} : { ":upper": upper }) };
  }

  /**
   * Queries newest first until `limit` entries are collected or the partition ends. A filter
   * (officer and record together) may leave a page short, so the Query repeats — at most a few
   * times, so that one request stays bounded; the cursor then continues where it stopped.
   */
  private async collect(input: Omit<QueryCommandInput, "TableName">, limit: number, startKey?: Key): Promise<{ items: AuditEntry[]; lastKey?: Key }> {
    const items: AuditEntry[] = [];
    let exclusiveStartKey = startKey;
    for (let round = 0; round < 5; round++) {
      const page = await guardCursor(
        this.client.send(
          new QueryCommand({ ...input, TableName: this.tableName, ScanIndexForward: false, Limit: limit - items.length, ExclusiveStartKey: exclusiveStartKey }),
        ),
      );
      items.push(...(page.Items ?? []).map(toEntry));
      exclusiveStartKey = page.LastEvaluatedKey as Key | undefined;
      if (exclusiveStartKey === undefined || items.length >= limit) break;
    }
    return { items, ...(exclusiveStartKey === undefined ? {} : { lastKey: exclusiveStartKey }) };
  }
}
