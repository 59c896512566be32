import { createHmac, randomBytes, randomInt, type ScryptOptions, scrypt, timingSafeEqual } from "node:crypto";
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { type AttemptLimiter, type AttemptLimiterPolicy, attemptLimiterFromEnv } from "./attempt-limiter.ts";
import { required, settings } from "./kit/config.ts";

/**
 * The public reporter's receipt code (GlobaLeaks style): shown once when a report is sent, read
 * aloud or written down, and later typed in to follow the report's status (never its content).
 *
 * - 16 decimal digits from `crypto.randomInt`: 10^16 ≈ 2^53.15 codes, shown as `1234 5678 9012 3456`.
 * - Stored twice, never in clear:
 *   - a **lookup key** `HMAC-SHA256(pepper, code)` — deterministic, so the report is found with one
 *     GetItem on it; keyed with a secret pepper (Secrets Manager in AWS, `.data/` locally), so a
 *     copy of the table alone cannot be searched for a code, nor its keys tested offline;
 *   - a **slow salted hash** `scrypt(code, per-code salt)` with its parameters in the stored string
 *     — the verifier. A lookup-key match is never taken as proof alone; the verifier is compared in
 *     constant time, and testing guesses against it costs ~10^16 scrypt runs per code.
 *   Honest limit: with both the table and the pepper, the lookup keys can be enumerated at HMAC
 *   speed; the pepper therefore lives apart from the table, and a code reveals a status only.
 * - Lookups go through the AttemptLimiter (`ReceiptLookupGuard`), so online guessing is capped.
 * See docs/privacy.md.
 */

export const receiptCodeDigits = 16;
/** log2(10^16): the entropy of a code. */
export const receiptCodeEntropyBits = receiptCodeDigits * Math.log2(10);

const groupSize = 4;
/** Spaces (incl. the ideographic one) and dash punctuation (incl. full-width hyphen after NFKC). */
const separators = /[\s\p{Pd}]/gu;

/** A fresh code, formatted for reading aloud: `1234 5678 9012 3456`. */
export function newReceiptCode(): string {
  const groups = Array.from({ length: receiptCodeDigits / groupSize }, () => String(randomInt(0, 10 ** groupSize)).padStart(groupSize, "0"));
  return groups.join(" ");
}

/** `1234567890123456` → `1234 5678 9012 3456`. */
export function formatReceiptCode(digits: string): string {
  return digits.replace(/(\d{4})(?=\d)/g, "$1 ");
}

/**
 * The 16 ASCII digits of what a person typed: full-width digits (０-９) become ASCII, spaces and
 * dashes are dropped. Anything else (letters, a wrong length) answers undefined.
 */
export function normaliseReceiptCode(input: string): string | undefined {
  if (typeof input !== "string" || input.length > 64) return undefined;
  const digits = input.normalize("NFKC").replace(separators, "");
  return /^[0-9]{16}$/.test(digits) ? digits : undefined;
}

function digitsOf(code: string): string {
  const digits = normaliseReceiptCode(code);
  if (digits === undefined) throw new Error("Not a receipt code (16 digits expected)");
  return digits;
}

function checkPepper(pepper: string): void {
  if (typeof pepper !== "string" || pepper.length < 32) throw new Error("The receipt-code pepper must be at least 32 characters");
}

/** The deterministic key the report is stored under: HMAC-SHA256 of the code with the pepper (base64url). */
export function receiptLookupKey(code: string, pepper: string): string {
  checkPepper(pepper);
  return createHmac("sha256", pepper).update("receipt-code\0").update(digitsOf(code)).digest("base64url");
}

/** scrypt cost: N = 2^15, r = 8, p = 1 (32 MiB, tens of ms) — recorded in every stored hash. */
export const receiptScryptParameters = { log2N: 15, r: 8, p: 1 } as const;
const keyLength = 32;
const storedPattern = /^scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d)\$([A-Za-z0-9_-]{22,})\$([A-Za-z0-9_-]{43})$/;

function deriveKey(digits: string, salt: Buffer, log2N: number, r: number, p: number): Promise<Buffer> {
  const N = 2 ** log2N;
  const options: ScryptOptions = { N, r, p, maxmem: 128 * N * r * p + 16 * 1024 * 1024 };
  return new Promise((resolve, reject) => {
    scrypt(digits, salt, keyLength, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

export interface ReceiptCodeHash {
  /** Partition key of the report's receipt item: find it with one GetItem. */
  lookupKey: string;
  /** `scrypt$ln=15,r=8,p=1$<salt>$<hash>` (base64url): the verifier. */
  hash: string;
}

/** Both stored forms of a code (normalised first). Asynchronous: scrypt runs off the event loop. */
export async function hashReceiptCode(code: string, pepper: string): Promise<ReceiptCodeHash> {
  const lookupKey = receiptLookupKey(code, pepper);
  const { log2N, r, p } = receiptScryptParameters;
  const salt = randomBytes(16);
  const key = await deriveKey(digitsOf(code), salt, log2N, r, p);
  return { lookupKey, hash: `scrypt$ln=${String(log2N)},r=${String(r)},p=${String(p)}$${salt.toString("base64url")}$${key.toString("base64url")}` };
}

/** Does `code` match the stored hash? Constant-time comparison; a malformed code is simply false. */
export async function verifyReceiptCode(code: string, stored: string): Promise<boolean> {
  const match = storedPattern.exec(stored);
  if (!match) throw new Error("Not a stored receipt-code hash");
  const [log2N, r, p] = [Number(match[1]), Number(match[2]), Number(match[3])];
  // Bounds: a damaged or hostile stored string must not make us burn gigabytes.
  if (log2N < 10 || log2N > 20 || r < 1 || r > 16 || p < 1 || p > 4) throw new Error("Receipt-code hash parameters out of bounds");
  const digits = normaliseReceiptCode(code);
  if (digits === undefined) return false;
  const expected = Buffer.from(String(match[5]), "base64url");
  const actual = await deriveKey(digits, Buffer.from(String(match[4]), "base64url"), log2N, r, p);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/** The pepper of a function or of the local runtime: `RECEIPT_CODE_PEPPER` (≥ 32 characters). */
export function receiptCodePepperFromEnv(): string {
  const { pepper } = settings({ pepper: required("RECEIPT_CODE_PEPPER") });
  checkPepper(pepper);
  return pepper;
}

// ---------------------------------------------------------------------------------------------
// Lookups behind the attempt limiter

export const receiptLookupPurpose = "receipt-code";

export type ReceiptLookup<T> =
  | { status: "found"; record: T }
  /** Wrong, unknown or malformed code: one failure counted; wait `delayMs` before answering. */
  | { status: "not-found"; remaining: number; delayMs: number }
  | { status: "locked"; lockedUntil: Date };

export interface ReceiptLookupGuardOptions {
  limiter: AttemptLimiter;
  pepper: string;
}

/**
 * A receipt-code lookup behind the AttemptLimiter. `subject` is who is guessing — the caller's
 * source IP, which the limiter keeps only as a keyed hash with a TTL (never logged, never stored
 * in clear). A locked subject is refused before any lookup; every miss counts one failure.
 * A success does NOT reset the counter: whoever holds one valid code could otherwise clear their
 * failures between guesses.
 */
export class ReceiptLookupGuard {
  private readonly limiter: AttemptLimiter;
  private readonly pepper: string;

  constructor(options: ReceiptLookupGuardOptions) {
    checkPepper(options.pepper);
    this.limiter = options.limiter;
    this.pepper = options.pepper;
  }

  /** `find` reads the record stored under the lookup key (one GetItem) with its `receiptHash`. */
  async lookup<T extends { receiptHash: string }>(
    subject: string,
    input: string,
    find: (lookupKey: string) => Promise<T | undefined>,
  ): Promise<ReceiptLookup<T>> {
    const before = await this.limiter.check(receiptLookupPurpose, subject);
    if (!before.allowed) return { status: "locked", lockedUntil: before.lockedUntil };
    const digits = normaliseReceiptCode(input);
    if (digits !== undefined) {
      const record = await find(receiptLookupKey(digits, this.pepper));
      if (record && (await verifyReceiptCode(digits, record.receiptHash))) return { status: "found", record };
    }
    const after = await this.limiter.recordFailure(receiptLookupPurpose, subject);
    if (!after.allowed) return { status: "locked", lockedUntil: after.lockedUntil };
    return { status: "not-found", remaining: after.remaining, delayMs: after.delayMs };
  }
}

/** The guard of a function: `TABLE_THROTTLE`, `ATTEMPT_LIMITER_SECRET` and `RECEIPT_CODE_PEPPER`. */
export function receiptLookupGuardFromEnv(client: DynamoDBDocumentClient, policy?: Partial<AttemptLimiterPolicy>): ReceiptLookupGuard {
  return new ReceiptLookupGuard({ limiter: attemptLimiterFromEnv(client, policy), pepper: receiptCodePepperFromEnv() });
}
