import { randomBytes } from "node:crypto";
import { type DynamoDBDocumentClient, ScanCommand } from "@aws-sdk/lib-dynamodb";
import { physicalTableName, type TableName } from "../../shared/tables.ts";

/**
 * Tests that look at what a table holds in the raw (is personal data ciphertext?) share the
 * tables with every other test file running at the same time. Two rules keep them honest:
 *
 * - the secrets they look for carry a marker no other file can produce (`uniqueMarker`), so
 *   another file's demo officer called "Nguyễn Thị Hoa" is never mistaken for a leak;
 * - they read every page of the table (`rawItems`), so their own records are surely in the dump.
 */
export function uniqueMarker(): string {
  return `mk${randomBytes(6).toString("hex")}`;
}

/** Every item of a province's table, as stored (a test may Scan; request paths never do). */
export async function rawItems(documents: DynamoDBDocumentClient, province: string, table: TableName): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await documents.send(new ScanCommand({ TableName: physicalTableName(province, table), ExclusiveStartKey: start }));
    items.push(...((page.Items ?? []) as Record<string, unknown>[]));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

/** The raw JSON of the items of `tables`, one line per table. */
export async function rawDump(documents: DynamoDBDocumentClient, province: string, tables: readonly TableName[]): Promise<string> {
  const parts: string[] = [];
  for (const table of tables) parts.push(JSON.stringify(await rawItems(documents, province, table)));
  return parts.join("\n");
}
