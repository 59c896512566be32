import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { buildDecrypt } from "@aws-crypto/decrypt-node";
import { buildEncrypt } from "@aws-crypto/encrypt-node";
import { KmsKeyringNode, type KmsNodeClientSupplier } from "@aws-crypto/kms-keyring-node";
import { AlgorithmSuiteIdentifier, CommitmentPolicy, type KeyringNode } from "@aws-crypto/material-management-node";
import { RawAesKeyringNode, RawAesWrappingSuiteIdentifier } from "@aws-crypto/raw-aes-keyring-node";
import { oneOf, optional, required, settings } from "./kit/config.ts";

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

const recordContextKeys = ["province", "table", "recordId"] as const;
const base64Pattern = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * A copy of the context, checked: the record's keys are non-empty strings; `field` is there for a
 * single value (`extra = "field"`) and absent from a record's context, as `fields` always is (the
 * envelope adds it); nothing reserved by the SDK.
 */
function checkContext(context: RecordContext, extra?: "field"): Record<string, string> {
  for (const key of [...recordContextKeys, ...(extra ? [extra] : [])]) {
    if (typeof context[key] !== "string" || context[key] === "") throw new Error(`FieldCipher: the encryption context needs a non-empty "${key}"`);
  }
  for (const [key, value] of Object.entries(context)) {
    if (typeof value !== "string") throw new Error(`FieldCipher: encryption context value "${key}" must be a string`);
    if (key.startsWith("aws-crypto-")) throw new Error(`FieldCipher: "${key}" is reserved by the AWS Encryption SDK`);
    if (key === "fields" || (key === "field" && extra === undefined)) throw new Error(`FieldCipher: "${key}" is set by FieldCipher, not by the caller`);
  }
  return { ...context };
}

function sameContext(expected: Record<string, string>, actual: Readonly<Record<string, string>>): boolean {
  const expectedKeys = Object.keys(expected);
  const actualKeys = Object.keys(actual);
  return expectedKeys.length === actualKeys.length && expectedKeys.every((key) => Object.hasOwn(actual, key) && actual[key] === expected[key]);
}

/** The item attribute that holds a record's envelope (one ESDK message for all its personal fields). */
export const sealedAttribute = "sealed";

/** A record as `encryptFields` stores it: the clear attributes, and the envelope when a field had a value. */
export type SealedRecord<T, K extends PropertyKey> = Omit<T, K | typeof sealedAttribute> & { sealed?: string };
/** A record as `decryptFields` answers it: the clear attributes and the fields that had a value. */
export type OpenedRecord<T, K extends PropertyKey> = Omit<T, K | typeof sealedAttribute> & Partial<Record<K, string>>;

const fieldNamePattern = /^[A-Za-z][A-Za-z0-9#:._-]{0,127}$/;

/**
 * Encrypts the personal fields of records. `encryptFields` / `decryptFields` are the way records
 * are written and read: ONE ESDK message per record (its "envelope", in the `sealed` attribute)
 * holding all of the record's personal fields as a JSON object, under the record's context plus
 * `fields: <the names present, sorted, comma-separated>` — so a record costs one data key (one KMS
 * GenerateDataKey) to write and one KMS Decrypt to read, however many fields it has.
 *
 * Records written before the envelope (one ESDK message per field, each in the field's own
 * attribute, under `field: <name>`) are still read: `decryptFields` opens both. A write that
 * rewrites a record writes the envelope only (the record is re-sealed); nothing else migrates.
 *
 * `encrypt` / `decrypt` seal one value on its own (a record with a single personal value, and the
 * legacy per-field format).
 *
 * A cipher made by `forRequest()` remembers, for the life of one request, what it sealed and what
 * it opened: the same envelope is never decrypted twice in a request (a case written then shown,
 * a list holding the same record twice). Never keep one across requests: that would be a cache of
 * plaintext personal data.
 */
export class FieldCipher {
  constructor(
    private readonly keyring: KeyringNode,
    private readonly opened?: Map<string, Promise<Record<string, string>>>,
  ) {}

  /** A cipher with the same keyring and a memory of this request's envelopes (see the class comment). */
  forRequest(): FieldCipher {
    return new FieldCipher(this.keyring, new Map());
  }

  /** Encrypts one value; answers the ESDK message as base64 (a DynamoDB string attribute). */
  async encrypt(plaintext: string, context: FieldContext): Promise<string> {
    if (typeof plaintext !== "string") throw new TypeError("FieldCipher: only strings are encrypted");
    return this.encryptMessage(Buffer.from(plaintext, "utf8"), checkContext(context, "field"));
  }

  /** Decrypts one value, demanding exactly `context`; throws FieldDecryptionError otherwise. */
  async decrypt(ciphertext: string, context: FieldContext): Promise<string> {
    const expected = checkContext(context, "field");
    const plaintext = await this.decryptMessage(ciphertext, `field "${expected.field}"`, (actual) => sameContext(expected, actual));
    return plaintext.toString("utf8");
  }

  /**
   * Seals the named string fields of a record into one envelope (`sealed`); the other attributes
   * are copied as they are, the named fields are dropped (absent, null and "" stay absent). A
   * record with no value in any of them gets no envelope.
   */
  async encryptFields<T extends object, K extends string>(record: T, fields: readonly K[], context: RecordContext): Promise<SealedRecord<T, K>> {
    const result: Record<string, unknown> = { ...(record as Record<string, unknown>) };
    delete result[sealedAttribute];
    const values: Record<string, string> = {};
    for (const field of [...new Set(fields)].sort()) {
      checkFieldName(field);
      const value: unknown = result[field];
      delete result[field];
      if (value === undefined || value === null || value === "") continue;
      if (typeof value !== "string") throw new TypeError(`FieldCipher: field "${field}" is not a string`);
      values[field] = value;
    }
    const names = Object.keys(values);
    if (names.length === 0) return result as SealedRecord<T, K>;
    const envelopeContext = { ...checkContext(context), fields: names.join(",") };
    const sealed = await this.encryptMessage(Buffer.from(JSON.stringify(values), "utf8"), envelopeContext);
    this.opened?.set(sealed, Promise.resolve(values));
    result[sealedAttribute] = sealed;
    return result as SealedRecord<T, K>;
  }

  /**
   * The inverse of `encryptFields`, with the same record context: opens the envelope once, and
   * any field still stored in the legacy per-field format. Answers the clear attributes and the
   * fields that had a value; an envelope holding a field not in `fields`, or another record's, is
   * refused (FieldDecryptionError).
   */
  async decryptFields<T extends object, K extends string>(item: T, fields: readonly K[], context: RecordContext): Promise<OpenedRecord<T, K>> {
    const result: Record<string, unknown> = { ...(item as Record<string, unknown>) };
    const sealed = result[sealedAttribute];
    delete result[sealedAttribute];
    const legacy = fields.filter((field) => result[field] !== undefined && result[field] !== null);
    const [envelope, legacyValues] = await Promise.all([
      sealed === undefined || sealed === null ? {} : this.openEnvelope(sealed, fields, context),
      Promise.all(
        legacy.map(async (field) => {
          const value = result[field];
          if (typeof value !== "string") throw new FieldDecryptionError(`FieldCipher: field "${field}" is not a ciphertext`);
          return [field, await this.decrypt(value, { ...context, field })] as const;
        }),
      ),
    ]);
    for (const field of fields) delete result[field];
    Object.assign(result, Object.fromEntries(legacyValues), envelope);
    return result as OpenedRecord<T, K>;
  }

  /** Whether an item holds personal fields (an envelope or a legacy field), without decrypting anything. */
  static holds(item: Record<string, unknown>, fields: readonly string[]): boolean {
    return typeof item[sealedAttribute] === "string" || fields.some((field) => typeof item[field] === "string");
  }

  private openEnvelope(sealed: unknown, fields: readonly string[], context: RecordContext): Promise<Record<string, string>> {
    const expected = checkContext(context);
    if (typeof sealed !== "string") return Promise.reject(new FieldDecryptionError(`FieldCipher: the envelope of "${expected.recordId}" is not a ciphertext`));
    const remembered = this.opened?.get(sealed);
    if (remembered !== undefined) return remembered.then((values) => checkEnvelopeFields(values, fields, expected.recordId as string));
    const opening = this.decryptEnvelope(sealed, fields, expected);
    this.opened?.set(sealed, opening);
    return opening;
  }

  private async decryptEnvelope(sealed: string, fields: readonly string[], expected: Record<string, string>): Promise<Record<string, string>> {
    const what = `the envelope of "${expected.recordId}"`;
    let names: string[] = [];
    const plaintext = await this.decryptMessage(sealed, what, (actual) => {
      const { fields: listed, ...rest } = actual;
      if (typeof listed !== "string" || !sameContext(expected, rest)) return false;
      names = listed.split(",");
      return true;
    });
    let values: unknown;
    try {
      values = JSON.parse(plaintext.toString("utf8"));
    } catch {
      throw new FieldDecryptionError(`FieldCipher: ${what} does not hold fields`);
    } finally {
      plaintext.fill(0);
    }
    const opened = checkEnvelopeFields(values, fields, expected.recordId as string);
    // The context lists exactly the fields the envelope holds (sorted): anything else is not ours.
    if (Object.keys(opened).sort().join(",") !== names.join(",")) throw new FieldDecryptionError(`FieldCipher: ${what} does not match its field list`);
    return opened;
  }

  private async encryptMessage(plaintext: Buffer, encryptionContext: Record<string, string>): Promise<string> {
    const { result } = await esdkEncrypt(this.keyring, plaintext, { encryptionContext, suiteId: fieldAlgorithmSuite });
    return result.toString("base64");
  }

  /** Decrypts one ESDK message and checks its suite and context (`contextMatches`) before answering it. */
  private async decryptMessage(ciphertext: unknown, what: string, contextMatches: (actual: Readonly<Record<string, string>>) => boolean): Promise<Buffer> {
    if (typeof ciphertext !== "string" || ciphertext === "" || !base64Pattern.test(ciphertext)) {
      throw new FieldDecryptionError(`FieldCipher: ${what} is not a base64 ciphertext`);
    }
    let output: Awaited<ReturnType<typeof esdkDecrypt>>;
    try {
      output = await esdkDecrypt(this.keyring, Buffer.from(ciphertext, "base64"));
    } catch (error) {
      // The SDK's messages carry no plaintext; the cause is kept for debugging.
      throw new FieldDecryptionError(`FieldCipher: ${what} could not be decrypted`, { cause: error });
    }
    const { plaintext, messageHeader } = output;
    if (messageHeader.suiteId !== fieldAlgorithmSuite || !contextMatches(messageHeader.encryptionContext)) {
      plaintext.fill(0);
      throw new FieldDecryptionError(`FieldCipher: ${what} belongs to another record or field (encryption context mismatch)`);
    }
    return plaintext;
  }
}

function checkFieldName(field: string): void {
  if (!fieldNamePattern.test(field) || field === sealedAttribute) throw new Error(`FieldCipher: "${field}" cannot name a personal field`);
}

/** An envelope's plaintext: an object of strings, each named in `fields`. */
function checkEnvelopeFields(values: unknown, fields: readonly string[], recordId: string): Record<string, string> {
  if (typeof values !== "object" || values === null || Array.isArray(values))
    throw new FieldDecryptionError(`FieldCipher: the envelope of "${recordId}" does not hold fields`);
  for (const [name, value] of Object.entries(values)) {
    if (!fields.includes(name) || typeof value !== "string") {
      throw new FieldDecryptionError(`FieldCipher: the envelope of "${recordId}" holds "${name}", which is not one of this record's personal fields`);
    }
  }
  return { ...(values as Record<string, string>) };
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
  // Read when a function builds its cipher (once per container), so one object per call.
  const config = settings({
    keyring: oneOf("FIELD_KEYRING", ["kms", "local"]),
    dataKeyArn: required("DATA_KEY_ARN"),
    localDataKeyFile: optional("LOCAL_DATA_KEY_FILE", defaultLocalDataKeyFile),
    lambdaFunction: optional("AWS_LAMBDA_FUNCTION_NAME"),
  });
  if (config.keyring === "kms") return kmsKeyring(config.dataKeyArn);
  if (config.lambdaFunction !== undefined) throw new Error("FIELD_KEYRING=local is for the local runtime only, never in Lambda");
  return localKeyring(loadOrCreateLocalDataKey(config.localDataKeyFile));
}

/** The cipher of a function or of the local runtime, from the environment (see keyringFromEnv). */
export function fieldCipherFromEnv(): FieldCipher {
  return new FieldCipher(keyringFromEnv());
}
