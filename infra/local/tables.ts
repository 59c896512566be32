import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DescribeTableCommand,
  type DynamoDBClient,
  ResourceInUseException,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
  waitUntilTableExists,
} from "@aws-sdk/client-dynamodb";
import { physicalTableName, type TableDefinition, type TableName, tableDefinitions } from "../../shared/tables.ts";

/** The CreateTable input for a shared table definition: the same keys, indexes and stream as CDK. */
export function createTableInput(definition: TableDefinition, tableName: string): CreateTableCommandInput {
  const attributes = new Map<string, string>();
  const key = (partition: { name: string; type: string }, sort?: { name: string; type: string }) => {
    attributes.set(partition.name, partition.type);
    if (sort) attributes.set(sort.name, sort.type);
    return [{ AttributeName: partition.name, KeyType: "HASH" as const }, ...(sort ? [{ AttributeName: sort.name, KeyType: "RANGE" as const }] : [])];
  };
  const KeySchema = key(definition.partitionKey, definition.sortKey);
  const GlobalSecondaryIndexes = definition.globalIndexes.map((index) => ({
    IndexName: index.indexName,
    KeySchema: key(index.partitionKey, index.sortKey),
    Projection: { ProjectionType: index.projection },
  }));
  return {
    TableName: tableName,
    BillingMode: "PAY_PER_REQUEST",
    KeySchema,
    AttributeDefinitions: [...attributes].map(([AttributeName, AttributeType]) => ({ AttributeName, AttributeType: AttributeType as "S" | "N" })),
    ...(GlobalSecondaryIndexes.length > 0 ? { GlobalSecondaryIndexes } : {}),
    ...(definition.stream ? { StreamSpecification: { StreamEnabled: true, StreamViewType: definition.stream } } : {}),
  };
}

/** Creates every table of the province that does not exist yet; existing tables are left as they are. */
export async function ensureTables(client: DynamoDBClient, provinceSlug: string): Promise<{ created: string[]; existing: string[] }> {
  const created: string[] = [];
  const existing: string[] = [];
  for (const name of Object.keys(tableDefinitions) as TableName[]) {
    const definition: TableDefinition = tableDefinitions[name];
    const tableName = physicalTableName(provinceSlug, name);
    try {
      await client.send(new CreateTableCommand(createTableInput(definition, tableName)));
      await waitUntilTableExists({ client, maxWaitTime: 30 }, { TableName: tableName });
      if (definition.timeToLiveAttribute) {
        await client.send(
          new UpdateTimeToLiveCommand({ TableName: tableName, TimeToLiveSpecification: { Enabled: true, AttributeName: definition.timeToLiveAttribute } }),
        );
      }
      created.push(tableName);
    } catch (error) {
      if (!(error instanceof ResourceInUseException)) throw error;
      await upgradeTable(client, definition, tableName);
      existing.push(tableName);
    }
  }
  return { created, existing };
}

/**
 * Brings a table kept from an earlier run (.data/) up to its definition: indexes added since are
 * created (one at a time, as DynamoDB requires) and its stream is enabled, as a deploy would do.
 */
async function upgradeTable(client: DynamoDBClient, definition: TableDefinition, tableName: string): Promise<void> {
  const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
  const wanted = createTableInput(definition, tableName);
  const present = new Set((Table?.GlobalSecondaryIndexes ?? []).map((index) => index.IndexName));
  for (const index of wanted.GlobalSecondaryIndexes ?? []) {
    if (present.has(index.IndexName)) continue;
    const keyNames = new Set((index.KeySchema ?? []).map((key) => key.AttributeName));
    await client.send(
      new UpdateTableCommand({
        TableName: tableName,
        AttributeDefinitions: (wanted.AttributeDefinitions ?? []).filter((attribute) => keyNames.has(attribute.AttributeName)),
        GlobalSecondaryIndexUpdates: [{ Create: { IndexName: index.IndexName, KeySchema: index.KeySchema, Projection: index.Projection } }],
      }),
    );
  }
  if (wanted.StreamSpecification && !Table?.StreamSpecification?.StreamEnabled) {
    await client.send(new UpdateTableCommand({ TableName: tableName, StreamSpecification: wanted.StreamSpecification }));
  }
}

/** Environment variables that tell the functions the physical table names (as the CDK construct does). */
export function tableEnvironment(provinceSlug: string): Record<string, string> {
  return Object.fromEntries(
    (Object.keys(tableDefinitions) as TableName[]).map((name) => [tableDefinitions[name].envVar, physicalTableName(provinceSlug, name)]),
  );
}
