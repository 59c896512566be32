import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { traceClient } from "./tracing.ts";

/**
 * The one DynamoDB document client of a function, built at module scope. Locally the SDK reads
 * AWS_ENDPOINT_URL_DYNAMODB (set by the local runtime) — the code path is the same as in AWS.
 */
export const documentClient = DynamoDBDocumentClient.from(traceClient(new DynamoDBClient({})), {
  marshallOptions: { removeUndefinedValues: true },
});
