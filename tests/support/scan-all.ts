import { type DynamoDBDocumentClient, paginateScan } from "@aws-sdk/lib-dynamodb";

/**
 * Every item of a table, page after page. The integration files share one DynamoDB Local, so a
 * table soon outgrows a Scan's first page (1 MB): a check that something is (or is not) in the
 * raw table must read all of it.
 */
export async function scanAll(documents: DynamoDBDocumentClient, tableName: string): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  for await (const page of paginateScan({ client: documents }, { TableName: tableName })) items.push(...(page.Items ?? []));
  return items;
}
