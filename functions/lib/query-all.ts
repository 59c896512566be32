import { type DynamoDBDocumentClient, QueryCommand, type QueryCommandInput } from "@aws-sdk/lib-dynamodb";

// Kept apart from dynamo.ts, whose module builds the function's client and tracer: a repository
// that pages through a partition must not pull those in (the local runtime imports repositories
// before it has set the functions' environment).
/**
 * Every item a Query matches, page after page (a case file, a nomination with its history, the
 * cycles): for partitions that are small by construction. `maxItems` bounds a partition that
 * could grow (the honour roll of a year); reading stops at the page that reaches it.
 */
export async function queryAll(
  client: DynamoDBDocumentClient,
  input: QueryCommandInput,
  maxItems = Number.POSITIVE_INFINITY,
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await client.send(new QueryCommand({ ...input, ...(start ? { ExclusiveStartKey: start } : {}) }));
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start !== undefined && items.length < maxItems);
  return items;
}
