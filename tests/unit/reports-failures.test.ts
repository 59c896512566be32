import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DeleteItemCommand, DynamoDBClient, PutItemCommand } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, GetCommand, PutCommand, TransactWriteCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { httpApiEvent, lambdaContext } from "../../infra/local/lambda-events.ts";
import { tableEnvironment } from "../../infra/local/tables.ts";

/**
 * The report submission on failure paths DynamoDB Local cannot produce: the report's transaction
 * throttled or timing out. The answer is a 503 the page retries with the same Idempotency-Key — and
 * the idempotency record is released, so that retry files the report instead of being refused.
 */
const scratch = mkdtempSync(join(tmpdir(), "pcblgd-reports-failures-"));
for (const [name, value] of Object.entries({
  ...tableEnvironment("ninh-binh"),
  PROVINCE_SLUG: "ninh-binh",
  CASE_NUMBER_PREFIX: "NB",
  RECEIPT_CODE_PEPPER: randomBytes(32).toString("base64url"),
  ATTEMPT_LIMITER_SECRET: randomBytes(32).toString("base64url"),
  FIELD_KEYRING: "local",
  LOCAL_DATA_KEY_FILE: join(scratch, "data-key.bin"),
  LOCAL_OUTBOX_DIR: join(scratch, "outbox"),
  OFFICER_DIRECTORY: "local",
  POWERTOOLS_LOG_LEVEL: "SILENT",
  AWS_REGION: "ap-southeast-1",
  AWS_ACCESS_KEY_ID: "test",
  AWS_SECRET_ACCESS_KEY: "test",
})) {
  vi.stubEnv(name, value);
}

const documents = mockClient(DynamoDBDocumentClient);
const raw = mockClient(DynamoDBClient);
afterEach(() => {
  documents.reset();
  raw.reset();
});

let handler: typeof import("../../functions/reports/handler.ts")["handler"];
beforeAll(async () => {
  handler = (await import("../../functions/reports/handler.ts")).handler;
});

const report = {
  commune: "13285",
  narrative: "Bị đánh",
  acts: ["a"],
  danger: "no",
  reporter: { anonymous: true },
  consentToContact: true,
};

function submit(key: string) {
  return handler(
    httpApiEvent(
      { method: "POST", url: "/api/reports", headers: { "content-type": "application/json", "idempotency-key": key }, body: JSON.stringify(report) },
      { routeKey: "POST /api/reports" },
    ),
    lambdaContext("reports"),
  );
}

function healthyReads() {
  // The commune exists; the address has no submissions yet; the limiter starts a window.
  documents
    .on(GetCommand)
    .callsFake((input: { TableName: string }) => (input.TableName.endsWith("-directory") ? { Item: { pk: "COMMUNE", sk: "13285", code: "13285" } } : {}));
  documents.on(UpdateCommand).resolves({});
  documents.on(PutCommand).resolves({});
  // Powertools' idempotency layer (its own client): the in-progress record, then its release.
  raw.on(PutItemCommand).resolves({});
  raw.on(DeleteItemCommand).resolves({});
}

describe("a report whose transaction fails", () => {
  it.each([
    ["throttled", "ThrottlingException"],
    ["timing out", "TimeoutError"],
  ])("answers 503 problem+json when DynamoDB is %s, and releases the idempotency record for the retry", async (_label, name) => {
    healthyReads();
    documents.on(TransactWriteCommand).rejects(Object.assign(new Error("slow down"), { name }));
    const result = await submit(crypto.randomUUID());
    expect(result.statusCode).toBe(503);
    expect(result.headers?.["content-type"]).toMatch(/^application\/problem\+json/);
    expect(JSON.parse(result.body ?? "{}").type).toBe("urn:pcblgd:problem:service-unavailable");
    expect(raw.commandCalls(DeleteItemCommand)).toHaveLength(1);
  });

  it("files the report when the retry finds DynamoDB healthy again", async () => {
    healthyReads();
    const key = crypto.randomUUID();
    documents
      .on(TransactWriteCommand)
      .rejectsOnce(Object.assign(new Error("slow down"), { name: "ThrottlingException" }))
      .resolves({});
    expect((await submit(key)).statusCode).toBe(503);
    const retry = await submit(key);
    expect(retry.statusCode).toBe(201);
    expect(JSON.parse(retry.body ?? "{}").receiptCode).toMatch(/^\d{4} \d{4} \d{4} \d{4}$/);
    expect(documents.commandCalls(TransactWriteCommand)).toHaveLength(2);
  });
});
