import { randomBytes, randomInt } from "node:crypto";
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { AttemptLimiter } from "../../functions/lib/attempt-limiter.ts";
import {
  hashReceiptCode,
  newReceiptCode,
  ReceiptLookupGuard,
  receiptLookupGuardFromEnv,
  receiptLookupKey,
  receiptLookupPurpose,
} from "../../functions/lib/receipt-codes.ts";
import { localClient } from "../../infra/local/dynamodb.ts";
import { ensureTables } from "../../infra/local/tables.ts";
import { physicalTableName } from "../../shared/tables.ts";

/**
 * The intended use of receipt codes, against DynamoDB Local: the report's receipt item is stored
 * under the code's lookup key (one GetItem finds it), verified with the slow hash, and every
 * lookup goes through the AttemptLimiter. There is no reports table yet: the fixture items live in
 * this test province's `directory` table under `pk = RECEIPT#<lookup key>`.
 */
const slug = "receipt-test";
const throttleTable = physicalTableName(slug, "throttle");
const fixtureTable = physicalTableName(slug, "directory");
const secret = randomBytes(32).toString("base64url");
const pepper = randomBytes(32).toString("base64url");
let client: DynamoDBClient;
let documents: DynamoDBDocumentClient;
let guard: ReceiptLookupGuard;
let limiter: AttemptLimiter;

interface ReceiptItem {
  pk: string;
  sk: string;
  reportId: string;
  status: string;
  receiptHash: string;
}

beforeAll(async () => {
  client = localClient(inject("dynamoEndpoint"));
  documents = DynamoDBDocumentClient.from(client);
  await ensureTables(client, slug);
  limiter = new AttemptLimiter({ client: documents, tableName: throttleTable, secret });
  guard = new ReceiptLookupGuard({ limiter, pepper });
});
afterAll(() => client.destroy());

/** What the reports service will do when a report is sent: store the receipt item, show the code once. */
async function storeReport(status = "mới") {
  const code = newReceiptCode();
  const { lookupKey, hash } = await hashReceiptCode(code, pepper);
  const item: ReceiptItem = { pk: `RECEIPT#${lookupKey}`, sk: "RECEIPT", reportId: `R-${randomBytes(4).toString("hex")}`, status, receiptHash: hash };
  await documents.send(new PutCommand({ TableName: fixtureTable, Item: item, ConditionExpression: "attribute_not_exists(pk)" }));
  return { code, item };
}

const finds: string[] = [];
afterEach(() => {
  finds.length = 0;
});
async function find(lookupKey: string): Promise<ReceiptItem | undefined> {
  finds.push(lookupKey);
  const { Item } = await documents.send(new GetCommand({ TableName: fixtureTable, Key: { pk: `RECEIPT#${lookupKey}`, sk: "RECEIPT" } }));
  return Item as ReceiptItem | undefined;
}

const sourceIp = () => `203.0.113.${String(randomInt(1, 255))}-${randomBytes(3).toString("hex")}`;
/** A code that is certainly not stored (the chance of a collision is 10^-16 per try). */
const wrongCode = () => newReceiptCode();

describe("ReceiptLookupGuard against DynamoDB Local", () => {
  it("finds the report by the code in any typed form, with one GetItem on the lookup key", async () => {
    const { code, item } = await storeReport();
    const typed = code.replaceAll(" ", "-");
    const result = await guard.lookup(sourceIp(), typed, find);
    expect(result).toEqual({ status: "found", record: item });
    expect(finds).toEqual([receiptLookupKey(code, pepper)]);
  });

  it("stores neither the code nor the subject", async () => {
    const { code, item } = await storeReport();
    const digits = code.replaceAll(" ", "");
    expect(JSON.stringify(item)).not.toContain(digits);
    const ip = sourceIp();
    await guard.lookup(ip, wrongCode(), find);
    const { Item } = await documents.send(
      new GetCommand({ TableName: throttleTable, Key: { pk: limiter.keyOf(receiptLookupPurpose, ip) }, ConsistentRead: true }),
    );
    expect(Item).toMatchObject({ failures: 1 });
    expect(JSON.stringify(Item)).not.toContain(ip);
  });

  it("counts every miss, locks on the 5th, then refuses even the right code without looking it up", async () => {
    const { code } = await storeReport();
    const ip = sourceIp();
    const misses = [];
    for (let attempt = 0; attempt < 4; attempt++) misses.push(await guard.lookup(ip, wrongCode(), find));
    expect(misses).toEqual([
      { status: "not-found", remaining: 4, delayMs: 0 },
      { status: "not-found", remaining: 3, delayMs: 250 },
      { status: "not-found", remaining: 2, delayMs: 500 },
      { status: "not-found", remaining: 1, delayMs: 1000 },
    ]);
    expect(await guard.lookup(ip, wrongCode(), find)).toMatchObject({ status: "locked", lockedUntil: expect.any(Date) });
    finds.length = 0;
    expect(await guard.lookup(ip, code, find)).toMatchObject({ status: "locked" });
    expect(finds).toEqual([]);
    // Another subject is not locked out.
    expect(await guard.lookup(sourceIp(), code, find)).toMatchObject({ status: "found" });
  });

  it("counts malformed input as a miss without a lookup", async () => {
    const ip = sourceIp();
    expect(await guard.lookup(ip, "1234 5678", find)).toEqual({ status: "not-found", remaining: 4, delayMs: 0 });
    expect(finds).toEqual([]);
  });

  it("does not reset the failures on a success (a valid code must not clear guesses)", async () => {
    const { code } = await storeReport();
    const ip = sourceIp();
    await guard.lookup(ip, wrongCode(), find);
    await guard.lookup(ip, wrongCode(), find);
    expect(await guard.lookup(ip, code, find)).toMatchObject({ status: "found" });
    expect(await guard.lookup(ip, wrongCode(), find)).toMatchObject({ status: "not-found", remaining: 2 });
  });

  it("refuses a stored item whose hash is not this code's (a lookup-key match alone is not proof)", async () => {
    const { code } = await storeReport();
    const { item: other } = await storeReport();
    const ip = sourceIp();
    const swapped = async (lookupKey: string) => {
      const record = await find(lookupKey);
      return record && { ...record, receiptHash: other.receiptHash };
    };
    expect(await guard.lookup(ip, code, swapped)).toEqual({ status: "not-found", remaining: 4, delayMs: 0 });
  });

  it("is built from TABLE_THROTTLE, ATTEMPT_LIMITER_SECRET and RECEIPT_CODE_PEPPER", async () => {
    const names = ["TABLE_THROTTLE", "ATTEMPT_LIMITER_SECRET", "RECEIPT_CODE_PEPPER"] as const;
    const saved = Object.fromEntries(names.map((name) => [name, process.env[name]]));
    try {
      Object.assign(process.env, { TABLE_THROTTLE: throttleTable, ATTEMPT_LIMITER_SECRET: secret });
      delete process.env.RECEIPT_CODE_PEPPER;
      expect(() => receiptLookupGuardFromEnv(documents)).toThrow(/RECEIPT_CODE_PEPPER/);
      process.env.RECEIPT_CODE_PEPPER = pepper;
      const { code, item } = await storeReport();
      expect(await receiptLookupGuardFromEnv(documents).lookup(sourceIp(), code, find)).toEqual({ status: "found", record: item });
    } finally {
      for (const name of names) {
        const value = saved[name];
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  });
});
