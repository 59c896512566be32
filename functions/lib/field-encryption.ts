import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { buildDecrypt } from "@aws-crypto/decrypt-node";
import { buildEncrypt } from "@aws-crypto/encrypt-node";
import { KmsKeyringNode, type KmsNodeClientSupplier } from "@aws-crypto/kms-keyring-node";
import { AlgorithmSuiteIdentifier, CommitmentPolicy, type KeyringNode } from "@aws-crypto/material-management-node";
import { RawAesKeyringNode, RawAesWrappingSuiteIdentifier } from "@aws-crypto/raw-aes-keyring-node";
import { requiredEnv } from "./env.ts";

/**
 * Field-by-field envelope encryption of personal data (names, phone numbers, addresses, free-text
 * narratives) with the AWS Encryption SDK. Every field is its own ESDK message: a fresh data key
 * encrypts the value, the keyring wraps that data key (KMS in AWS, a raw AES-256 key from a local
 * file on a laptop), and the message carries the wrapped key, the encryption context and the
 * ciphertext. The message is stored as a base64 string attribute in DynamoDB.
 *
 * The encryption context names the record (`{ province, table, recordId, field }`). It is
 * authenticated (not secret: it travels in clear in the message header and, with KMS, in
 * CloudTrail), so it must never hold personal data. `decrypt` demands the exact context of the
 * record being read: a ciphertext copied into another record or another field does not decrypt.
 *
 * Algorithm: AES-256-GCM with HKDF-SHA512 and key commitment, without an ECDSA signature (every
 * principal that may decrypt may also encrypt, so a signature adds ~200 bytes per field and buys
 * nothing here); commitment policy REQUIRE_ENCRYPT_REQUIRE_DECRYPT; at most one encrypted data key
 * per message. See docs/privacy.md.
 */

export const fieldAlgorithmSuite = AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY;
const commitmentPolicy = CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT;
// Client construction only: no key material, no network, no file access at module scope.
const { encrypt: esdkEncrypt } = buildEncrypt({ commitmentPolicy, maxEncryptedDataKeys: 1 });
const { decrypt: esdkDecrypt } = buildDecrypt({ commitmentPolicy, maxEncryptedDataKeys: 1 });

/** The encryption context of a record (province slug, table, record id): never personal data. */
export interface RecordContext {
  province: string;
  table: string;
  recordId: string;
  [key: string]: string;
}

/** The context of one field: its record's context plus `field: <attribute name>`. */
export interface FieldContext extends RecordContext {
  field: string;
}

/** Decryption failed: wrong record, tampered or truncated ciphertext, or a key that does not match. */
export class FieldDecryptionError extends Error {
  override readonly name = "FieldDecryptionError";
}

const requiredContextKeys = ["province", "table", "recordId", "field"] as const;
const base64Pattern = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function checkContext(context: FieldContext): Record<string, string> {
  for (const key of requiredContextKeys) {
    if (typeof context[key] !== "string" || context[key] === "") throw new Error(`FieldCipher: the encryption context needs a non-empty "${key}"`);
  }
  for (const [key, value] of Object.entries(context)) {
    if (typeof value !== "string") throw new Error(`FieldCipher: encryption context value "${key}" must be a string`);
    if (key.startsWith("aws-crypto-")) throw new Error(`FieldCipher: "${key}" is reserved by the AWS Encryption SDK`);
  }
  return { ...context };
}

function sameContext(expected: Record<string, string>, actual: Readonly<Record<string, string>>): boolean {
  const expectedKeys = Object.keys(expected);
  const actualKeys = Object.keys(actual);
  return expectedKeys.length === actualKeys.length && expectedKeys.every((key) => Object.hasOwn(actual, key) && actual[key] === expected[key]);
}

export class FieldCipher {
  constructor(private readonly keyring: KeyringNode) {}

  /** Encrypts one value; answers the ESDK message as base64 (a DynamoDB string attribute). */
  async encrypt(plaintext: string, context: FieldContext): Promise<string> {
    if (typeof plaintext !== "string") throw new TypeError("FieldCipher: only strings are encrypted");
    const { result } = await esdkEncrypt(this.keyring, Buffer.from(plaintext, "utf8"), {
      encryptionContext: checkContext(context),
      suiteId: fieldAlgorithmSuite,
    });
    return result.toString("base64");
  }

  /** Decrypts one value, demanding exactly `context`; throws FieldDecryptionError otherwise. */
  async decrypt(ciphertext: string, context: FieldContext): Promise<string> {
    const expected = checkContext(context);
    if (typeof ciphertext !== "string" || ciphertext === "" || !base64Pattern.test(ciphertext)) {
      throw new FieldDecryptionError(`FieldCipher: field "${expected.field}" is not a base64 ciphertext`);
    }
    let output: Awaited<ReturnType<typeof esdkDecrypt>>;
    try {
      output = await esdkDecrypt(this.keyring, Buffer.from(ciphertext, "base64"));
    } catch (error) {
      // The SDK's messages carry no plaintext; the cause is kept for debugging.
      throw new FieldDecryptionError(`FieldCipher: field "${expected.field}" could not be decrypted`, { cause: error });
    }
    const { plaintext, messageHeader } = output;
    if (messageHeader.suiteId !== fieldAlgorithmSuite || !sameContext(expected, messageHeader.encryptionContext)) {
      plaintext.fill(0);
      throw new FieldDecryptionError(`FieldCipher: field "${expected.field}" belongs to another record or field (encryption context mismatch)`);
    }
    return plaintext.toString("utf8");
  }

  /**
   * Encrypts the named string fields of a record (each with `field: <name>` added to the context);
   * the other attributes are copied as they are, absent (undefined or null) fields stay absent.
   */
  async encryptFields<T extends object, K extends keyof T & string>(
    record: T,
    fields: readonly K[],
    context: RecordContext,
  ): Promise<Omit<T, K> & Partial<Record<K, string>>> {
    return this.mapFields(record, fields, (value, field) => this.encrypt(value, { ...context, field }));
  }

  /** The inverse of `encryptFields`, with the same record context. */
  async decryptFields<T extends object, K extends keyof T & string>(
    item: T,
    fields: readonly K[],
    context: RecordContext,
  ): Promise<Omit<T, K> & Partial<Record<K, string>>> {
    return this.mapFields(item, fields, (value, field) => this.decrypt(value, { ...context, field }));
  }

  private async mapFields<T extends object, K extends keyof T & string>(
    record: T,
    fields: readonly K[],
    transform: (value: string, field: string) => Promise<string>,
  ): Promise<Omit<T, K> & Partial<Record<K, string>>> {
    const result: Record<string, unknown> = { ...(record as Record<string, unknown>) };
    await Promise.all(
      fields.map(async (field) => {
        const value: unknown = record[field];
        if (value === undefined || value === null) {
          delete result[field];
          return;
        }
        if (typeof value !== "string") throw new TypeError(`FieldCipher: field "${field}" is not a string`);
        result[field] = await transform(value, field);
      }),
    );
    return result as Omit<T, K> & Partial<Record<K, string>>;
  }
}

// ---------------------------------------------------------------------------------------------
// Keyrings

const keyArnPattern = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/;

/**
 * The AWS keyring: one KMS key (its key ARN, not an alias: decryption checks the ARN recorded in
 * each message). KMS sees the encryption context on GenerateDataKey and Decrypt (CloudTrail logs
 * it, key policies may condition on it). `clientProvider` is for tests; by default the SDK builds
 * one KMS client per region, lazily, at the first call.
 */
export function kmsKeyring(keyArn: string, clientProvider?: KmsNodeClientSupplier): KeyringNode {
  if (!keyArnPattern.test(keyArn)) throw new Error(`DATA_KEY_ARN must be a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>), not "${keyArn}"`);
  return new KmsKeyringNode({ generatorKeyId: keyArn, ...(clientProvider ? { clientProvider } : {}) });
}

export const localKeyNamespace = "pcblgd-local";
export const localKeyName = "data-key";
export const defaultLocalDataKeyFile = ".data/keys/data-key.bin";

/** The laptop keyring: a raw AES-256-GCM wrapping key (32 bytes) from the local key file. */
export function localKeyring(key: Uint8Array): KeyringNode {
  if (key.length !== 32) throw new Error(`The local data key must be 32 bytes (AES-256), not ${String(key.length)}`);
  return new RawAesKeyringNode({
    keyNamespace: localKeyNamespace,
    keyName: localKeyName,
    unencryptedMasterKey: new Uint8Array(key),
    wrappingSuite: RawAesWrappingSuiteIdentifier.AES256_GCM_IV12_TAG16_NO_PADDING,
  });
}

/**
 * Reads the local data key (32 raw bytes), creating it (random, mode 0600, its folder 0700) when
 * missing. Losing the file makes every locally encrypted field unreadable: `npm start -- --reset`
 * wipes `.data/` as a whole.
 */
export function loadOrCreateLocalDataKey(file: string): Buffer {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  try {
    // "wx": two processes starting at once never overwrite each other's key.
    writeFileSync(file, randomBytes(32), { mode: 0o600, flag: "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  const key = readFileSync(file);
  if (key.length !== 32) throw new Error(`The local data key ${file} is damaged (${String(key.length)} bytes, expected 32)`);
  return key;
}

/**
 * The keyring chosen by `FIELD_KEYRING`: `kms` (needs `DATA_KEY_ARN`) or `local` (reads
 * `LOCAL_DATA_KEY_FILE`, default `.data/keys/data-key.bin`). Unset or anything else fails loudly,
 * and a Lambda refuses the local keyring.
 */
export function keyringFromEnv(): KeyringNode {
  const kind = requiredEnv("FIELD_KEYRING");
  if (kind === "kms") return kmsKeyring(requiredEnv("DATA_KEY_ARN"));
  if (kind === "local") {
    if (process.env.AWS_LAMBDA_FUNCTION_NAME) throw new Error("FIELD_KEYRING=local is for the local runtime only, never in Lambda");
    return localKeyring(loadOrCreateLocalDataKey(process.env.LOCAL_DATA_KEY_FILE || defaultLocalDataKeyFile));
  }
  throw new Error(`FIELD_KEYRING must be "kms" or "local", not "${kind}"`);
}

/** The cipher of a function or of the local runtime, from the environment (see keyringFromEnv). */
export function fieldCipherFromEnv(): FieldCipher {
  return new FieldCipher(keyringFromEnv());
}
