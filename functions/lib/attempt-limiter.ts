import { createHmac } from "node:crypto";
import { DeleteCommand, type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { required, settings } from "./kit/config.ts";

/**
 * Brute-force protection whose state lives in DynamoDB (the `throttle` table), because Lambdas —
 * and the two local OpenID provider instances of a test — share no memory.
 *
 * One item per (purpose, subject): `pk = <purpose>#<HMAC-SHA256(secret, purpose, subject)>`, so
 * the table never holds a raw e-mail, receipt code or IP address, and a leaked table cannot be
 * matched against a list of e-mails without the secret. Failures are counted with an atomic ADD
 * within a window (default 5 within 15 minutes); the failure that reaches the limit locks the
 * subject (default 15 minutes). `expiresAt` (the table's TTL attribute) lets DynamoDB forget the
 * item, and every read also treats an item past `expiresAt` as gone, since TTL deletion is lazy.
 *
 * Item: { pk, failures, windowStart, expiresAt, lockedUntil? } — times in epoch seconds.
 */
export interface AttemptLimiterPolicy {
  /** Failures within the window that lock the subject. */
  maxFailures: number;
  windowSeconds: number;
  lockSeconds: number;
}

export const defaultAttemptPolicy: AttemptLimiterPolicy = { maxFailures: 5, windowSeconds: 15 * 60, lockSeconds: 15 * 60 };

export type AttemptState =
  | {
      allowed: true;
      /** Failures so far in the current window. */
      failures: number;
      /** Failures left before the lock. */
      remaining: number;
      /** A progressive delay the caller may wait before answering a failure (0 for the first ones). */
      delayMs: number;
    }
  | { allowed: false; lockedUntil: Date };

export interface AttemptLimiterOptions {
  client: DynamoDBDocumentClient;
  tableName: string;
  /** The HMAC key: at least 32 characters (the local runtime generates one; AWS keeps one in a secret). */
  secret: string;
  policy?: Partial<AttemptLimiterPolicy>;
  /** Milliseconds since the epoch; injectable for tests. */
  now?: () => number;
}

interface ThrottleItem {
  pk: string;
  failures?: number;
  windowStart?: number;
  expiresAt?: number;
  lockedUntil?: number;
}

const purposePattern = /^[a-z][a-z0-9-]{0,31}$/;

export class AttemptLimiter {
  readonly policy: AttemptLimiterPolicy;
  private readonly client: DynamoDBDocumentClient;
  private readonly tableName: string;
  private readonly secret: string;
  private readonly now: () => number;

  constructor(options: AttemptLimiterOptions) {
    if (options.secret.length < 32) throw new Error("AttemptLimiter: the secret must be at least 32 characters");
    this.client = options.client;
    this.tableName = options.tableName;
    this.secret = options.secret;
    this.policy = { ...defaultAttemptPolicy, ...options.policy };
    this.now = options.now ?? Date.now;
  }

  /** The table key of a subject: the purpose in clear, the subject only as a keyed hash. */
  keyOf(purpose: string, subject: string): string {
    if (!purposePattern.test(purpose)) throw new Error(`AttemptLimiter: invalid purpose "${purpose}"`);
    const digest = createHmac("sha256", this.secret).update(purpose).update("\0").update(subject).digest("base64url");
    return `${purpose}#${digest}`;
  }

  /** May the subject try now? Locked subjects get the time the lock ends. */
  async check(purpose: string, subject: string): Promise<AttemptState> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: { pk: this.keyOf(purpose, subject) }, ConsistentRead: true }));
    return this.stateOf(Item as ThrottleItem | undefined, this.seconds());
  }

  /** Counts one failure (atomically) and answers the state after it: the limit-reaching failure locks. */
  async recordFailure(purpose: string, subject: string): Promise<AttemptState> {
    const pk = this.keyOf(purpose, subject);
    for (let attempt = 0; attempt < 5; attempt++) {
      const now = this.seconds();
      const counted = await this.addToLiveWindow(pk, now);
      if (counted) {
        if (counted.failures === this.policy.maxFailures && counted.lockedUntil === undefined) {
          // Exactly one caller sees the count reach the limit (ADD is atomic): it sets the lock.
          const lockedUntil = now + this.policy.lockSeconds;
          await this.client.send(
            new UpdateCommand({
              TableName: this.tableName,
              Key: { pk },
              UpdateExpression: "SET lockedUntil = :until, expiresAt = :until",
              ExpressionAttributeValues: { ":until": lockedUntil },
            }),
          );
          return { allowed: false, lockedUntil: new Date(lockedUntil * 1000) };
        }
        return this.stateOf(counted, now);
      }
      if (await this.startWindow(pk, now)) return this.stateOf({ pk, failures: 1, windowStart: now, expiresAt: now + this.policy.windowSeconds }, now);
      // Another request started the window between the two writes: count into it.
    }
    throw new Error("AttemptLimiter: could not record the failure (contention)");
  }

  /** Forgets the subject's failures, e.g. after a successful sign-in. */
  async reset(purpose: string, subject: string): Promise<void> {
    await this.client.send(new DeleteCommand({ TableName: this.tableName, Key: { pk: this.keyOf(purpose, subject) } }));
  }

  private seconds(): number {
    return Math.floor(this.now() / 1000);
  }

  /** ADD 1 to a window that is still running; undefined when there is none (absent or expired). */
  private async addToLiveWindow(pk: string, now: number): Promise<ThrottleItem | undefined> {
    try {
      const { Attributes } = await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk },
          UpdateExpression: "ADD failures :one",
          ConditionExpression: "attribute_exists(pk) AND expiresAt > :now",
          ExpressionAttributeValues: { ":one": 1, ":now": now },
          ReturnValues: "ALL_NEW",
        }),
      );
      return Attributes as ThrottleItem;
    } catch (error) {
      if (isConditionFailure(error)) return undefined;
      throw error;
    }
  }

  /** Starts a new window with one failure, unless a live one appeared meanwhile. */
  private async startWindow(pk: string, now: number): Promise<boolean> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { pk, failures: 1, windowStart: now, expiresAt: now + this.policy.windowSeconds },
          ConditionExpression: "attribute_not_exists(pk) OR expiresAt <= :now",
          ExpressionAttributeValues: { ":now": now },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  private stateOf(item: ThrottleItem | undefined, now: number): AttemptState {
    const { maxFailures, lockSeconds } = this.policy;
    if (!item || (item.expiresAt ?? 0) <= now) return { allowed: true, failures: 0, remaining: maxFailures, delayMs: 0 };
    if (item.lockedUntil !== undefined && item.lockedUntil > now) return { allowed: false, lockedUntil: new Date(item.lockedUntil * 1000) };
    const failures = item.failures ?? 0;
    // At the limit but the lock not written yet (a concurrent failure is writing it): locked.
    if (failures >= maxFailures) return { allowed: false, lockedUntil: new Date((item.lockedUntil ?? now + lockSeconds) * 1000) };
    return { allowed: true, failures, remaining: maxFailures - failures, delayMs: progressiveDelayMs(failures) };
  }
}

function isConditionFailure(error: unknown): boolean {
  return (error as Error | undefined)?.name === "ConditionalCheckFailedException";
}

/** 0 ms for the first two failures, then 250, 500, 1000 … capped at 2 s. */
export function progressiveDelayMs(failures: number): number {
  if (failures < 2) return 0;
  return Math.min(2000, 250 * 2 ** (failures - 2));
}

/** The limiter of a function or of the local runtime: `TABLE_THROTTLE` and `ATTEMPT_LIMITER_SECRET`. */
export function attemptLimiterFromEnv(client: DynamoDBDocumentClient, policy?: Partial<AttemptLimiterPolicy>): AttemptLimiter {
  const { tableName, secret } = settings({ tableName: required("TABLE_THROTTLE"), secret: required("ATTEMPT_LIMITER_SECRET") });
  return new AttemptLimiter({ client, tableName, secret, ...(policy ? { policy } : {}) });
}
