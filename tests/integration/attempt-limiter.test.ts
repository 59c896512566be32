import { randomBytes } from "node:crypto";
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, GetCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { AttemptLimiter, type AttemptLimiterOptions, attemptLimiterFromEnv, progressiveDelayMs } from "../../functions/lib/attempt-limiter.ts";
import { localClient } from "../../infra/local/dynamodb.ts";
import { ensureTables } from "../../infra/local/tables.ts";
import { physicalTableName } from "../../shared/tables.ts";

/** The brute-force limiter against DynamoDB Local, on tables of its own. */
const slug = "limiter-test";
const tableName = physicalTableName(slug, "throttle");
const secret = randomBytes(32).toString("base64url");
let client: DynamoDBClient;
let documents: DynamoDBDocumentClient;

beforeAll(async () => {
  client = localClient(inject("dynamoEndpoint"));
  documents = DynamoDBDocumentClient.from(client);
  await ensureTables(client, slug);
});
afterAll(() => client.destroy());

/** A limiter whose clock the test moves. */
function limiterAt(start = Date.now(), options: Partial<AttemptLimiterOptions> = {}) {
  const clock = { now: start };
  const limiter = new AttemptLimiter({ client: documents, tableName, secret, now: () => clock.now, ...options });
  return { limiter, clock, minutes: (count: number) => (clock.now += count * 60_000) };
}

const subject = () => `canbo.${randomBytes(4).toString("hex")}@pcblgd.local`;

async function itemOf(limiter: AttemptLimiter, purpose: string, who: string) {
  const { Item } = await documents.send(new GetCommand({ TableName: tableName, Key: { pk: limiter.keyOf(purpose, who) }, ConsistentRead: true }));
  return Item;
}

describe("AttemptLimiter", () => {
  it("allows a fresh subject", async () => {
    const { limiter } = limiterAt();
    expect(await limiter.check("sign-in", subject())).toEqual({ allowed: true, failures: 0, remaining: 5, delayMs: 0 });
  });

  it("locks on the 5th failure within 15 minutes, for 15 minutes, then forgets", async () => {
    const { limiter, minutes } = limiterAt();
    const who = subject();
    const states = [];
    for (let attempt = 0; attempt < 4; attempt++) states.push(await limiter.recordFailure("sign-in", who));
    expect(states.map((state) => state.allowed && state.remaining)).toEqual([4, 3, 2, 1]);
    expect(states.map((state) => state.allowed && state.delayMs)).toEqual([0, 250, 500, 1000]);

    const fifth = await limiter.recordFailure("sign-in", who);
    if (fifth.allowed) throw new Error("expected a lock");
    const lockedUntil = fifth.lockedUntil.getTime();
    expect(lockedUntil - (Date.now() + 15 * 60_000)).toBeLessThan(5_000);
    expect(await limiter.check("sign-in", who)).toEqual({ allowed: false, lockedUntil: fifth.lockedUntil });

    minutes(14);
    expect((await limiter.check("sign-in", who)).allowed).toBe(false);
    minutes(1.1);
    expect(await limiter.check("sign-in", who)).toEqual({ allowed: true, failures: 0, remaining: 5, delayMs: 0 });
    // The next failure starts a new window rather than adding to the old count.
    expect(await limiter.recordFailure("sign-in", who)).toMatchObject({ allowed: true, failures: 1 });
  });

  it("counts failures within a window only", async () => {
    const { limiter, minutes } = limiterAt();
    const who = subject();
    for (let attempt = 0; attempt < 4; attempt++) await limiter.recordFailure("sign-in", who);
    minutes(16);
    expect((await limiter.check("sign-in", who)).allowed).toBe(true);
    expect(await limiter.recordFailure("sign-in", who)).toMatchObject({ allowed: true, failures: 1, remaining: 4 });
  });

  it("forgets a subject on reset (a successful sign-in)", async () => {
    const { limiter } = limiterAt();
    const who = subject();
    await limiter.recordFailure("sign-in", who);
    await limiter.recordFailure("sign-in", who);
    await limiter.reset("sign-in", who);
    expect(await limiter.check("sign-in", who)).toMatchObject({ allowed: true, failures: 0 });
    expect(await itemOf(limiter, "sign-in", who)).toBeUndefined();
  });

  it("counts concurrent failures atomically (Lambdas share no memory): one lock, every failure counted", async () => {
    const who = subject();
    // Separate limiter objects, as separate Lambda instances would have.
    const results = await Promise.all(Array.from({ length: 12 }, () => limiterAt().limiter.recordFailure("sign-in", who)));
    expect(results.filter((result) => result.allowed)).toHaveLength(4);
    const { limiter } = limiterAt();
    expect(await itemOf(limiter, "sign-in", who)).toMatchObject({ failures: 12, lockedUntil: expect.any(Number) });
    expect((await limiter.check("sign-in", who)).allowed).toBe(false);
  });

  it("stores a keyed hash with a TTL, never the subject", async () => {
    const { limiter } = limiterAt();
    const who = subject();
    await limiter.recordFailure("receipt-code", who);
    const item = await itemOf(limiter, "receipt-code", who);
    expect(item?.pk).toMatch(/^receipt-code#[A-Za-z0-9_-]{43}$/);
    expect(JSON.stringify(item)).not.toContain(who);
    expect(item?.expiresAt).toBeGreaterThan(Math.floor(Date.now() / 1000) + 14 * 60);
    expect(item?.expiresAt).toBeLessThanOrEqual(Math.floor(Date.now() / 1000) + 15 * 60 + 1);
  });

  it("keeps purposes apart, and keys depend on the secret", async () => {
    const { limiter } = limiterAt();
    const who = subject();
    for (let attempt = 0; attempt < 5; attempt++) await limiter.recordFailure("sign-in", who);
    expect((await limiter.check("sign-in", who)).allowed).toBe(false);
    expect((await limiter.check("receipt-code", who)).allowed).toBe(true);
    const other = new AttemptLimiter({ client: documents, tableName, secret: randomBytes(32).toString("base64url") });
    expect(other.keyOf("sign-in", who)).not.toBe(limiter.keyOf("sign-in", who));
    expect((await other.check("sign-in", who)).allowed).toBe(true);
  });

  it("honours a policy of its own", async () => {
    const { limiter } = limiterAt(Date.now(), { policy: { maxFailures: 2, lockSeconds: 60 } });
    const who = subject();
    await limiter.recordFailure("sign-in", who);
    const second = await limiter.recordFailure("sign-in", who);
    if (second.allowed) throw new Error("expected a lock");
    expect(second.lockedUntil.getTime() - Date.now()).toBeLessThanOrEqual(61_000);
  });

  it("refuses a short secret and a malformed purpose", () => {
    expect(() => new AttemptLimiter({ client: documents, tableName, secret: "short" })).toThrow(/32 characters/);
    const { limiter } = limiterAt();
    expect(() => limiter.keyOf("Sign In", "x")).toThrow(/purpose/);
    expect(() => limiter.keyOf("sign-in#x", "x")).toThrow(/purpose/);
  });

  it("is built from TABLE_THROTTLE and ATTEMPT_LIMITER_SECRET", () => {
    const saved = { table: process.env.TABLE_THROTTLE, secret: process.env.ATTEMPT_LIMITER_SECRET };
    try {
      delete process.env.ATTEMPT_LIMITER_SECRET;
      process.env.TABLE_THROTTLE = tableName;
      expect(() => attemptLimiterFromEnv(documents)).toThrow(/ATTEMPT_LIMITER_SECRET/);
      process.env.ATTEMPT_LIMITER_SECRET = secret;
      expect(attemptLimiterFromEnv(documents).keyOf("sign-in", "a")).toBe(limiterAt().limiter.keyOf("sign-in", "a"));
    } finally {
      for (const [name, value] of [
        ["TABLE_THROTTLE", saved.table],
        ["ATTEMPT_LIMITER_SECRET", saved.secret],
      ] as const) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  });
});

describe("progressiveDelayMs", () => {
  it("waits nothing at first, then doubles up to 2 s", () => {
    expect([0, 1, 2, 3, 4, 5, 6, 10].map(progressiveDelayMs)).toEqual([0, 0, 250, 500, 1000, 2000, 2000, 2000]);
  });
});
