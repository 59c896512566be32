import { DynamoDBClient, GetItemCommand } from "@aws-sdk/client-dynamodb";

/**
 * The benchmark's yardstick: a handler holding only the bare DynamoDB client. Every function's
 * bundle size and module-load time is reported as a ratio to this one.
 */
const client = new DynamoDBClient({});

export async function handler(event: { key: string }): Promise<unknown> {
  const result = await client.send(new GetItemCommand({ TableName: process.env.TABLE ?? "t", Key: { pk: { S: event.key } } }));
  return result.Item ?? null;
}
