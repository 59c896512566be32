import { type DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import type { TransactItem } from "../cases/opening.ts";
import type { FieldCipher, RecordContext } from "../lib/field-encryption.ts";
import { bindingOf, guardCursor, keyCursor } from "../lib/kit/cursor.ts";
import { containsFilters, type Register } from "./registers.ts";
import type { LinkOutcome, ListQuery, ModelEvidence, PreventionRecord, PreventionStore, ReportLink, StaffCount, WriteOutcome } from "./service.ts";

/**
 * The prevention table (shared/tables.ts): one item per record, pk RECORD#<id>, sk RECORD, listed by
 * the byCommune index (listKey <register>#<commune>, listSort <day>#<id>). The record's `personal`
 * part is one FieldCipher message whose context names the record: the table holds no name, phone,
 * party or conflict in clear.
 */
type Item = Record<string, unknown>;

const key = (id: string) => ({ pk: `RECORD#${id}`, sk: "RECORD" });
const staffKey = (commune: string, year: number) => ({ pk: `STAFF#${commune}`, sk: `YEAR#${String(year)}` });
const listKeyOf = (register: Register, commune: string) => `${register}#${commune}`;
const keyNames = ["pk", "sk", "listKey", "listSort"] as const;

export class DynamoPreventionRepository implements PreventionStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly cipher: () => FieldCipher,
    private readonly provinceSlug: string,
  ) {}

  private context(id: string): RecordContext {
    return { province: this.provinceSlug, table: "prevention", recordId: id };
  }

  private async toItem(record: PreventionRecord): Promise<Item> {
    const { personal, ...rest } = record;
    return {
      ...key(record.id),
      ...rest,
      listKey: listKeyOf(record.register, record.commune),
      listSort: `${record.day}#${record.id}`,
      ...(personal === undefined ? {} : { personal: await this.cipher().encrypt(JSON.stringify(personal), { ...this.context(record.id), field: "personal" }) }),
    };
  }

  private async fromItem(item: Item): Promise<PreventionRecord> {
    const { pk: _pk, sk: _sk, listKey: _lk, listSort: _ls, personal, ...rest } = item;
    const record = rest as unknown as PreventionRecord;
    if (typeof personal === "string") {
      record.personal = JSON.parse(await this.cipher().decrypt(personal, { ...this.context(record.id), field: "personal" })) as Record<string, unknown>;
    }
    return record;
  }

  async get(id: string): Promise<PreventionRecord | undefined> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: key(id), ConsistentRead: true }));
    return Item ? this.fromItem(Item) : undefined;
  }

  async create(record: PreventionRecord, evidence?: ModelEvidence): Promise<WriteOutcome> {
    return this.write(record, { ConditionExpression: "attribute_not_exists(pk)" }, evidence);
  }

  async replace(record: PreventionRecord, expectedVersion: number, evidence?: ModelEvidence): Promise<WriteOutcome> {
    return this.write(record, { ConditionExpression: "version = :expected", ExpressionAttributeValues: { ":expected": expectedVersion } }, evidence);
  }

  /**
   * Writes the record; an activity run by a model writes the model's `lastActivityOn` in the same
   * transaction (TransactWriteItems), so an activity is never stored without the model's "active"
   * evidence, nor the evidence without the activity. The model's condition holds only while it is
   * still a model of the same commune whose evidence is not newer than what the service read.
   */
  private async write(
    record: PreventionRecord,
    condition: { ConditionExpression: string; ExpressionAttributeValues?: Record<string, unknown> },
    evidence: ModelEvidence | undefined,
  ): Promise<WriteOutcome> {
    const put = { TableName: this.tableName, Item: await this.toItem(record), ...condition };
    try {
      if (evidence === undefined) {
        await this.client.send(new PutCommand(put));
        return "written";
      }
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: put },
            {
              Update: {
                TableName: this.tableName,
                Key: key(evidence.modelId),
                UpdateExpression: "SET lastActivityOn = :day",
                ConditionExpression: "listKey = :model AND (attribute_not_exists(lastActivityOn) OR lastActivityOn <= :day)",
                ExpressionAttributeValues: { ":day": evidence.day, ":model": listKeyOf("models", evidence.commune) },
              },
            },
          ],
        }),
      );
      return "written";
    } catch (error) {
      const name = (error as Error).name;
      if (name === "ConditionalCheckFailedException") return "stale";
      if (name !== "TransactionCanceledException") throw error;
      const reasons = (error as Error & { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
      if (reasons[0]?.Code === "ConditionalCheckFailed") return "stale";
      if (reasons[1]?.Code === "ConditionalCheckFailed") return "model-changed";
      throw error;
    }
  }

  /**
   * Links a mediation to the report it became in ONE transaction with the report's own items (the
   * reports repository's `creationItems`): the mediation's update holds only while it has no report
   * and is still the version the service read, so a refused link leaves no report behind either.
   */
  async linkReport(link: ReportLink, reportItems: TransactItem[]): Promise<LinkOutcome> {
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            ...reportItems,
            {
              Update: {
                TableName: this.tableName,
                Key: key(link.id),
                UpdateExpression: "SET reportId = :report, version = version + :one, updatedBy = :by, updatedAt = :at",
                ConditionExpression: "attribute_exists(pk) AND attribute_not_exists(reportId) AND version = :seen",
                ExpressionAttributeValues: { ":report": link.reportId, ":seen": link.expectedVersion, ":one": 1, ":by": link.by, ":at": link.at },
              },
            },
          ],
        }),
      );
      return "linked";
    } catch (error) {
      if ((error as Error).name !== "TransactionCanceledException") throw error;
      const reasons = (error as Error & { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
      if (reasons[reportItems.length]?.Code === "ConditionalCheckFailed") return "mediation-changed";
      throw error;
    }
  }

  async list(query: ListQuery): Promise<{ items: PreventionRecord[]; cursor?: string }> {
    const listKey = listKeyOf(query.register, query.commune);
    const codec = keyCursor(bindingOf(`prevention.${query.register}`, listKey, { from: query.from, to: query.to, ...query.filters }), {
      keyNames,
      partition: { name: "listKey", value: listKey },
    });
    const names: Record<string, string> = { "#fields": "fields" };
    const values: Record<string, unknown> = { ":list": listKey, ":from": `${query.from ?? "0000-00-00"}#`, ":to": `${query.to ?? "9999-99-99"}#~` };
    const conditions: string[] = [];
    Object.entries(query.filters).forEach(([name, value], index) => {
      const attribute = containsFilters[name] ?? name;
      names[`#f${index}`] = attribute;
      values[`:f${index}`] = value;
      conditions.push(containsFilters[name] ? `contains(#fields.#f${index}, :f${index})` : `#fields.#f${index} = :f${index}`);
    });
    // A filtered Query may answer a page with fewer rows than asked (or none) and a cursor: the
    // client asks for more, as with any page.
    const page = await guardCursor(
      this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: "byCommune",
          KeyConditionExpression: "listKey = :list AND listSort BETWEEN :from AND :to",
          ...(conditions.length > 0 ? { FilterExpression: conditions.join(" AND ") } : {}),
          ExpressionAttributeNames: conditions.length > 0 ? names : undefined,
          ExpressionAttributeValues: values,
          ScanIndexForward: false,
          Limit: query.limit,
          ExclusiveStartKey: codec.decode(query.cursor),
        }),
      ),
    );
    const items = await Promise.all((page.Items ?? []).map((item) => this.fromItem(item)));
    const cursor = codec.encode(page.LastEvaluatedKey);
    return { items, ...(cursor ? { cursor } : {}) };
  }

  async year(register: Register, commune: string, year: number): Promise<PreventionRecord[]> {
    const records: PreventionRecord[] = [];
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: "byCommune",
          KeyConditionExpression: "listKey = :list AND begins_with(listSort, :year)",
          ExpressionAttributeValues: { ":list": listKeyOf(register, commune), ":year": `${String(year)}-` },
          ExclusiveStartKey,
        }),
      );
      // The figures need no identity: the sealed part is not opened.
      for (const item of page.Items ?? []) {
        const { pk: _pk, sk: _sk, listKey: _lk, listSort: _ls, personal: _p, ...rest } = item;
        records.push(rest as unknown as PreventionRecord);
      }
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return records;
  }

  async staff(commune: string, year: number): Promise<StaffCount | undefined> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: staffKey(commune, year), ConsistentRead: true }));
    if (Item === undefined) return undefined;
    const { pk: _pk, sk: _sk, ...count } = Item;
    return count as StaffCount;
  }

  async putStaff(count: StaffCount, expectedVersion: number): Promise<boolean> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...staffKey(count.commune, count.year), ...count },
          ...(expectedVersion === 0
            ? { ConditionExpression: "attribute_not_exists(pk)" }
            : { ConditionExpression: "version = :expected", ExpressionAttributeValues: { ":expected": expectedVersion } }),
        }),
      );
      return true;
    } catch (error) {
      if ((error as Error).name === "ConditionalCheckFailedException") return false;
      throw error;
    }
  }
}
