import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { type DynamoDBDocumentClient as DocumentClient, DynamoDBDocumentClient, QueryCommand, type QueryCommandInput } from "@aws-sdk/lib-dynamodb";
import { tracer } from "./powertools.ts";

/**
 * The one DynamoDB document client of a function, built at module scope. Locally the SDK reads
 * AWS_ENDPOINT_URL_DYNAMODB (set by the local runtime) — the code path is the same as in AWS.
 */
export const documentClient = DynamoDBDocumentClient.from(tracer.captureAWSv3Client(new DynamoDBClient({})), {
  marshallOptions: { removeUndefinedValues: true },
});

/**
 * Every item a Query matches, page after page (a case file, a nomination with its history, the
 * cycles): for partitions that are small by construction. `maxItems` bounds a partition that
 * could grow (the honour roll of a year); reading stops at the page that reaches it.
 */
export async function queryAll(client: DocumentClient, input: QueryCommandInput, maxItems = Number.POSITIVE_INFINITY): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await client.send(new QueryCommand({ ...input, ...(start ? { ExclusiveStartKey: start } : {}) }));
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start !== undefined && items.length < maxItems);
  return items;
}
