import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildDecrypt } from "@aws-crypto/decrypt-node";
import { KMS } from "@aws-crypto/kms-keyring-node";
import { CommitmentPolicy } from "@aws-crypto/material-management-node";
import { mockClient } from "aws-sdk-client-mock";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  FieldCipher,
  type FieldContext,
  FieldDecryptionError,
  fieldAlgorithmSuite,
  fieldCipherFromEnv,
  keyringFromEnv,
  kmsKeyring,
  loadOrCreateLocalDataKey,
  localKeyring,
} from "../../functions/lib/field-encryption.ts";

let scratch: string;
let cipher: FieldCipher;
const localKeyringOf = (dir: string) => localKeyring(loadOrCreateLocalDataKey(join(dir, "keys", "data-key.bin")));

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), "pcblgd-field-encryption-"));
  cipher = new FieldCipher(localKeyring(loadOrCreateLocalDataKey(join(scratch, "keys", "data-key.bin"))));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const context: FieldContext = { province: "ninh-binh", table: "reports", recordId: "R-2026-000123", field: "narrative" };
const narrative = "Chồng tôi đánh tôi tối qua ở thôn Đông, xã Gia Viễn. Số điện thoại an toàn: 0912 345 678.";

describe("FieldCipher with the local keyring", () => {
  it("round-trips text, Vietnamese diacritics and the empty string", async () => {
    for (const value of [narrative, "", "Nguyễn Thị Hoà", "🙂".repeat(100)]) {
      const ciphertext = await cipher.encrypt(value, context);
      expect(ciphertext).toMatch(/^[A-Za-z0-9+/]+={0,2}$/);
      expect(await cipher.decrypt(ciphertext, context)).toBe(value);
    }
  });

  it("never stores the plaintext, and encrypts the same value differently each time", async () => {
    const first = await cipher.encrypt(narrative, context);
    const second = await cipher.encrypt(narrative, context);
    expect(first).not.toBe(second);
    const bytes = Buffer.from(first, "base64");
    for (const needle of ["Chồng tôi", "0912 345 678", "Gia Viễn"]) {
      expect(bytes.includes(Buffer.from(needle, "utf8"))).toBe(false);
      expect(first).not.toContain(needle);
    }
  });

  it("refuses another record's, field's or table's context (a copied ciphertext does not decrypt)", async () => {
    const ciphertext = await cipher.encrypt(narrative, context);
    const others: FieldContext[] = [
      { ...context, recordId: "R-2026-000124" },
      { ...context, field: "reporterName" },
      { ...context, table: "cases" },
      { ...context, province: "ha-nam" },
      { ...context, extra: "x" },
    ];
    for (const other of others) {
      await expect(cipher.decrypt(ciphertext, other)).rejects.toThrow(FieldDecryptionError);
    }
  });

  it("refuses a tampered or truncated ciphertext", async () => {
    const bytes = Buffer.from(await cipher.encrypt(narrative, context), "base64");
    for (const index of [10, Math.floor(bytes.length / 2), bytes.length - 5]) {
      const tampered = Buffer.from(bytes);
      tampered[index] = (tampered[index] ?? 0) ^ 0x01;
      await expect(cipher.decrypt(tampered.toString("base64"), context)).rejects.toThrow(FieldDecryptionError);
    }
    await expect(cipher.decrypt(bytes.subarray(0, bytes.length - 20).toString("base64"), context)).rejects.toThrow(FieldDecryptionError);
    await expect(cipher.decrypt("not base64!", context)).rejects.toThrow(/not a base64 ciphertext/);
    await expect(cipher.decrypt("", context)).rejects.toThrow(FieldDecryptionError);
  });

  it("does not decrypt with another key file", async () => {
    const ciphertext = await cipher.encrypt(narrative, context);
    const other = new FieldCipher(localKeyring(loadOrCreateLocalDataKey(join(scratch, "other", "data-key.bin"))));
    await expect(other.decrypt(ciphertext, context)).rejects.toThrow(FieldDecryptionError);
  });

  it("keeps decryption errors free of the plaintext", async () => {
    const ciphertext = await cipher.encrypt(narrative, context);
    const error = await cipher.decrypt(ciphertext, { ...context, recordId: "other" }).then(
      () => new Error("decrypted"),
      (caught: unknown) => caught as Error,
    );
    expect(String(error)).not.toContain("Chồng");
    expect(error.message).toContain("narrative");
  });

  it("demands a complete context without reserved keys", async () => {
    await expect(cipher.encrypt("x", { ...context, recordId: "" })).rejects.toThrow(/recordId/);
    await expect(cipher.encrypt("x", { province: "ninh-binh", table: "reports", recordId: "1" } as FieldContext)).rejects.toThrow(/field/);
    await expect(cipher.encrypt("x", { ...context, "aws-crypto-public-key": "k" })).rejects.toThrow(/reserved/);
  });

  const recordContext = { province: "ninh-binh", table: "reports", recordId: "R1" };
  const reportFields = ["reporterName", "reporterPhone", "narrative", "victimAddress"] as const;
  const report = { id: "R1", commune: "13285", reporterName: "Trần Văn An", reporterPhone: "0912345678", narrative, victimAddress: undefined };

  it("seals all the personal fields of a record into one envelope, their names in its context", async () => {
    const item = await cipher.encryptFields(report, reportFields, recordContext);
    expect(Object.keys(item).sort()).toEqual(["commune", "id", "sealed"]);
    expect(JSON.stringify(item)).not.toContain("Trần");
    const { messageHeader } = await buildDecrypt({ commitmentPolicy: CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT }).decrypt(
      localKeyringOf(scratch),
      Buffer.from(item.sealed as string, "base64"),
    );
    expect(messageHeader.suiteId).toBe(fieldAlgorithmSuite);
    expect(messageHeader.encryptionContext).toEqual({ ...recordContext, fields: "narrative,reporterName,reporterPhone" });
    expect(await cipher.decryptFields(item, reportFields, recordContext)).toEqual({
      id: "R1",
      commune: "13285",
      reporterName: "Trần Văn An",
      reporterPhone: "0912345678",
      narrative,
    });
    // Nothing to seal, no envelope; a value that is not a string is refused.
    expect(await cipher.encryptFields({ id: "R2", reporterName: "" }, ["reporterName"], recordContext)).toEqual({ id: "R2" });
    await expect(cipher.encryptFields({ age: 12 }, ["age"], recordContext)).rejects.toThrow(/not a string/);
    await expect(cipher.encryptFields({ sealed: "x" }, ["sealed"], recordContext)).rejects.toThrow(/cannot name/);
  });

  it("refuses an envelope of another record, one holding fields the reader does not expect, and a tampered one", async () => {
    const item = await cipher.encryptFields(report, reportFields, recordContext);
    await expect(cipher.decryptFields(item, reportFields, { ...recordContext, recordId: "R2" })).rejects.toThrow(FieldDecryptionError);
    await expect(cipher.decryptFields(item, reportFields, { ...recordContext, table: "cases" })).rejects.toThrow(FieldDecryptionError);
    await expect(cipher.decryptFields(item, ["narrative"], recordContext)).rejects.toThrow(/not one of this record's personal fields/);
    const sealed = Buffer.from(item.sealed as string, "base64");
    sealed[sealed.length - 5] = (sealed[sealed.length - 5] as number) ^ 1;
    await expect(cipher.decryptFields({ sealed: sealed.toString("base64") }, reportFields, recordContext)).rejects.toThrow(FieldDecryptionError);
    // A single value's message is not an envelope, and an envelope is not a single value.
    const single = await cipher.encrypt("Trần Văn An", { ...recordContext, field: "reporterName" });
    await expect(cipher.decryptFields({ sealed: single }, reportFields, recordContext)).rejects.toThrow(FieldDecryptionError);
    await expect(cipher.decrypt(item.sealed as string, { ...recordContext, field: "sealed" })).rejects.toThrow(FieldDecryptionError);
    await expect(cipher.encryptFields(report, reportFields, { ...recordContext, fields: "x" })).rejects.toThrow(/set by FieldCipher/);
  });

  it("still reads a record written in the legacy format (one message per field), and the two formats side by side", async () => {
    // As the previous FieldCipher wrote it: each field its own message under `field: <name>`.
    const legacy = {
      id: "R1",
      commune: "13285",
      reporterName: await cipher.encrypt("Trần Văn An", { ...recordContext, field: "reporterName" }),
      narrative: await cipher.encrypt(narrative, { ...recordContext, field: "narrative" }),
    };
    expect(await cipher.decryptFields(legacy, reportFields, recordContext)).toEqual({ id: "R1", commune: "13285", reporterName: "Trần Văn An", narrative });
    // A legacy name moved into the phone attribute does not decrypt there.
    await expect(cipher.decryptFields({ ...legacy, reporterPhone: legacy.reporterName }, reportFields, recordContext)).rejects.toThrow(FieldDecryptionError);
    const mixed = { ...(await cipher.encryptFields({ reporterPhone: "0912345678" }, reportFields, recordContext)), narrative: legacy.narrative };
    expect(await cipher.decryptFields(mixed, reportFields, recordContext)).toEqual({ reporterPhone: "0912345678", narrative });
    expect(FieldCipher.holds(legacy, reportFields)).toBe(true);
    expect(FieldCipher.holds(mixed, ["other"])).toBe(true);
    expect(FieldCipher.holds({ id: "R1" }, reportFields)).toBe(false);
  });
});

describe("loadOrCreateLocalDataKey", () => {
  it("creates a 32-byte key readable by the owner only, then reads the same key", () => {
    const file = join(scratch, "fresh", "nested", "data-key.bin");
    const key = loadOrCreateLocalDataKey(file);
    expect(key).toHaveLength(32);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(loadOrCreateLocalDataKey(file).equals(key)).toBe(true);
  });

  it("refuses a damaged key file", () => {
    const file = join(scratch, "damaged.bin");
    writeFileSync(file, "short");
    expect(() => loadOrCreateLocalDataKey(file)).toThrow(/damaged/);
    expect(() => localKeyring(randomBytes(16))).toThrow(/32 bytes/);
  });
});

describe("keyringFromEnv", () => {
  const names = ["FIELD_KEYRING", "DATA_KEY_ARN", "LOCAL_DATA_KEY_FILE", "AWS_LAMBDA_FUNCTION_NAME"] as const;
  const saved = Object.fromEntries(names.map((name) => [name, process.env[name]]));
  afterEach(() => {
    for (const name of names) {
      const value = saved[name];
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });
  const setEnv = (values: Partial<Record<(typeof names)[number], string>>) => {
    for (const name of names) delete process.env[name];
    Object.assign(process.env, values);
  };

  it("fails loudly when unset, unknown or incomplete", () => {
    setEnv({});
    expect(() => keyringFromEnv()).toThrow(/FIELD_KEYRING/);
    setEnv({ FIELD_KEYRING: "aes" });
    expect(() => keyringFromEnv()).toThrow(/FIELD_KEYRING must be one of kms, local/);
    setEnv({ FIELD_KEYRING: "kms" });
    expect(() => keyringFromEnv()).toThrow(/DATA_KEY_ARN/);
    setEnv({ FIELD_KEYRING: "kms", DATA_KEY_ARN: "alias/pcblgd-data" });
    expect(() => keyringFromEnv()).toThrow(/key ARN/);
    setEnv({ FIELD_KEYRING: "local", AWS_LAMBDA_FUNCTION_NAME: "pcblgd-reports" });
    expect(() => keyringFromEnv()).toThrow(/never in Lambda/);
  });

  it("builds the local keyring from LOCAL_DATA_KEY_FILE, and the KMS keyring from DATA_KEY_ARN", async () => {
    const file = join(scratch, "env", "data-key.bin");
    setEnv({ FIELD_KEYRING: "local", LOCAL_DATA_KEY_FILE: file });
    const fromEnv = fieldCipherFromEnv();
    const ciphertext = await fromEnv.encrypt("0912345678", context);
    expect(await new FieldCipher(localKeyring(loadOrCreateLocalDataKey(file))).decrypt(ciphertext, context)).toBe("0912345678");
    setEnv({ FIELD_KEYRING: "kms", DATA_KEY_ARN: "arn:aws:kms:ap-southeast-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab" });
    expect(keyringFromEnv()).toBeDefined();
  });
});

describe("FieldCipher with the KMS keyring (mocked KMS)", () => {
  const keyArn = "arn:aws:kms:ap-southeast-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
  const kms = new KMS({ region: "ap-southeast-1", credentials: { accessKeyId: "test", secretAccessKey: "test" } });
  const kmsMock = mockClient(kms);
  /** A stand-in for KMS: wrapped keys remember their plaintext and the context they were made under. */
  const wrapped = new Map<string, { plaintext: Uint8Array; context: Record<string, string> | undefined }>();
  kmsMock.onAnyCommand().callsFake((input: Record<string, unknown>) => {
    if ("NumberOfBytes" in input) {
      const plaintext = new Uint8Array(randomBytes(Number(input.NumberOfBytes)));
      const blob = new Uint8Array(randomBytes(64));
      // Copies: the SDK zeroes the plaintext data key it is handed once it is done with it.
      wrapped.set(Buffer.from(blob).toString("base64"), { plaintext, context: input.EncryptionContext as Record<string, string> | undefined });
      return { KeyId: keyArn, Plaintext: plaintext.slice(), CiphertextBlob: blob };
    }
    const entry = wrapped.get(Buffer.from(input.CiphertextBlob as Uint8Array).toString("base64"));
    const sorted = (value: unknown) => JSON.stringify(Object.entries((value ?? {}) as Record<string, string>).sort());
    if (!entry || sorted(entry.context) !== sorted(input.EncryptionContext)) {
      throw Object.assign(new Error("InvalidCiphertextException"), { name: "InvalidCiphertextException" });
    }
    return { KeyId: keyArn, Plaintext: entry.plaintext.slice() };
  });
  const kmsCipher = new FieldCipher(kmsKeyring(keyArn, () => kms));
  afterAll(() => kmsMock.restore());

  const commandCalls = (name: string) =>
    kmsMock.calls().filter((call) => (call.args[0] as { constructor: { name: string } }).constructor.name === name) as unknown as {
      args: [{ input: Record<string, unknown> }];
    }[];

  it("calls GenerateDataKey and Decrypt with the key ARN and the encryption context", async () => {
    kmsMock.resetHistory();
    const ciphertext = await kmsCipher.encrypt(narrative, context);
    const generated = commandCalls("GenerateDataKeyCommand");
    expect(generated).toHaveLength(1);
    expect(generated[0]?.args[0].input).toMatchObject({ KeyId: keyArn, NumberOfBytes: 32, EncryptionContext: context });

    expect(await kmsCipher.decrypt(ciphertext, context)).toBe(narrative);
    const decrypted = commandCalls("DecryptCommand");
    expect(decrypted).toHaveLength(1);
    expect(decrypted[0]?.args[0].input).toMatchObject({ KeyId: keyArn, EncryptionContext: context });
  });

  it("makes one GenerateDataKey per record written and one Decrypt per record read, once per request", async () => {
    const record = { reporterName: "Trần Văn An", reporterPhone: "0912345678", narrative, location: "Xóm 3" };
    const fields = ["reporterName", "reporterPhone", "narrative", "location"] as const;
    const recordContext = { province: "ninh-binh", table: "reports", recordId: "R-KMS" };
    kmsMock.resetHistory();
    const item = await kmsCipher.encryptFields(record, fields, recordContext);
    expect(commandCalls("GenerateDataKeyCommand")).toHaveLength(1);
    expect(commandCalls("GenerateDataKeyCommand")[0]?.args[0].input.EncryptionContext).toEqual({
      ...recordContext,
      fields: "location,narrative,reporterName,reporterPhone",
    });
    expect(await kmsCipher.decryptFields(item, fields, recordContext)).toEqual(record);
    expect(commandCalls("DecryptCommand")).toHaveLength(1);
    // One request's cipher opens an envelope once, and knows what it sealed itself.
    kmsMock.resetHistory();
    const request = kmsCipher.forRequest();
    await Promise.all([request.decryptFields(item, fields, recordContext), request.decryptFields(item, fields, recordContext)]);
    const written = await request.encryptFields(record, fields, { ...recordContext, recordId: "R-KMS-2" });
    expect(await request.decryptFields(written, fields, { ...recordContext, recordId: "R-KMS-2" })).toEqual(record);
    expect(commandCalls("DecryptCommand")).toHaveLength(1);
    expect(commandCalls("GenerateDataKeyCommand")).toHaveLength(1);
    // …and still checks the reader's fields on what it remembers.
    await expect(request.decryptFields(item, ["narrative"], recordContext)).rejects.toThrow(FieldDecryptionError);
  });

  it("refuses another record's context, and a local key cannot open a KMS ciphertext", async () => {
    const ciphertext = await kmsCipher.encrypt(narrative, context);
    await expect(kmsCipher.decrypt(ciphertext, { ...context, recordId: "R-2026-000999" })).rejects.toThrow(FieldDecryptionError);
    await expect(cipher.decrypt(ciphertext, context)).rejects.toThrow(FieldDecryptionError);
  });
});
