import { DescribeTableCommand, DescribeTimeToLiveCommand, type DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DynamoDirectoryStore } from "../../functions/directory/repository.ts";
import { localClient } from "../../infra/local/dynamodb.ts";
import { ensureTables } from "../../infra/local/tables.ts";
import { loadProvince } from "../../infra/provinces/index.ts";
import { physicalTableName, type TableDefinition, type TableName, tableDefinitions } from "../../shared/tables.ts";

let client: DynamoDBClient;
let documents: DynamoDBDocumentClient;
const province = loadProvince("tinh-mau");
// A slug of its own so this file's writes never meet the other files' tables.
const slug = "seed-test";
const table = physicalTableName(slug, "directory");

beforeAll(async () => {
  client = localClient(inject("dynamoEndpoint"));
  documents = DynamoDBDocumentClient.from(client);
  await ensureTables(client, slug);
});
afterAll(() => client.destroy());

async function countItems(pk: string): Promise<number> {
  const result = await documents.send(
    new QueryCommand({ TableName: table, KeyConditionExpression: "pk = :pk", ExpressionAttributeValues: { ":pk": pk }, Select: "COUNT" }),
  );
  return result.Count ?? 0;
}

describe("tables from the shared definitions", () => {
  it("creates each table with the keys and indexes of its definition", async () => {
    for (const name of Object.keys(tableDefinitions) as TableName[]) {
      const definition: TableDefinition = tableDefinitions[name];
      const { Table } = await client.send(new DescribeTableCommand({ TableName: physicalTableName(slug, name) }));
      expect(Table?.KeySchema).toEqual([
        { AttributeName: definition.partitionKey.name, KeyType: "HASH" },
        ...(definition.sortKey ? [{ AttributeName: definition.sortKey.name, KeyType: "RANGE" }] : []),
      ]);
      const indexes = (Table?.GlobalSecondaryIndexes ?? []).map((index) => ({ name: index.IndexName, keys: index.KeySchema?.map((key) => key.AttributeName) }));
      expect(indexes.sort((a, b) => String(a.name).localeCompare(String(b.name)))).toEqual(
        definition.globalIndexes
          .map((index) => ({ name: index.indexName, keys: [index.partitionKey.name, ...(index.sortKey ? [index.sortKey.name] : [])] }))
          .sort((a, b) => a.name.localeCompare(b.name)),
      );
      const { TimeToLiveDescription } = await client.send(new DescribeTimeToLiveCommand({ TableName: physicalTableName(slug, name) }));
      expect(TimeToLiveDescription?.AttributeName).toBe(definition.timeToLiveAttribute);
      expect(Table?.BillingModeSummary?.BillingMode).toBe("PAY_PER_REQUEST");
    }
  });

  it("leaves existing tables alone when asked again", async () => {
    const again = await ensureTables(client, slug);
    expect(again.created).toEqual([]);
    expect(again.existing).toEqual(Object.keys(tableDefinitions).map((name) => physicalTableName(slug, name as TableName)));
  });
});

describe("seeding the directory", () => {
  it("is idempotent and never overwrites what an admin edited", async () => {
    const store = new DynamoDirectoryStore(documents, table);
    const first = await store.seed(province, "2026-01-01T00:00:00.000Z");
    expect(first).toEqual({ written: 3 + 3 + 2, keptEdited: 0 });

    const edited = { pk: "TRUSTED#99001", sk: "tram-y-te-an-hoa", name: "Trạm Y tế (đã sửa)", origin: "admin" };
    await documents.send(new PutCommand({ TableName: table, Item: edited }));

    const second = await store.seed(province, "2026-01-02T00:00:00.000Z");
    expect(second).toEqual({ written: 7, keptEdited: 1 });
    expect(await countItems("COMMUNE")).toBe(3);
    expect(await countItems("HOTLINE")).toBe(3);
    const { Item } = await documents.send(new GetCommand({ TableName: table, Key: { pk: "TRUSTED#99001", sk: "tram-y-te-an-hoa" } }));
    expect(Item?.name).toBe("Trạm Y tế (đã sửa)");
    expect((await store.getSeedState())?.seededAt).toBe("2026-01-02T00:00:00.000Z");
  });
});
