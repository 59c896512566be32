import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { KMS } from "@aws-crypto/kms-keyring-node";
import { mockClient } from "aws-sdk-client-mock";

/**
 * A stand-in for AWS KMS behind the real KMS keyring, for counting its requests: every KMS client
 * the functions build is mocked (aws-sdk-client-mock on the SDK's KMS class). It answers
 * GenerateDataKey and Decrypt with real key material: a data key is wrapped with AES-256-GCM
 * under a local wrapping key, the encryption context as additional data, so a Decrypt with
 * another context, a tampered blob or another "key" fails as it would in KMS.
 */
export const countingKeyArn = "arn:aws:kms:ap-southeast-1:123456789012:key/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0";

export interface KmsCounts {
  GenerateDataKey: number;
  Decrypt: number;
  /** The encryption contexts of the calls, in order (for what each call was for). */
  contexts: { command: "GenerateDataKey" | "Decrypt"; context: Record<string, string> }[];
}

const canonical = (context: unknown) => Buffer.from(JSON.stringify(Object.entries((context ?? {}) as Record<string, string>).sort()), "utf8");

function invalidCiphertext(): Error {
  return Object.assign(new Error("InvalidCiphertextException"), { name: "InvalidCiphertextException" });
}

export function startCountingKms() {
  const wrappingKey = randomBytes(32);
  const mock = mockClient(KMS);
  const counts: KmsCounts = { GenerateDataKey: 0, Decrypt: 0, contexts: [] };
  mock.onAnyCommand().callsFake((input: Record<string, unknown>) => {
    const context = (input.EncryptionContext ?? {}) as Record<string, string>;
    if ("NumberOfBytes" in input) {
      if (input.KeyId !== countingKeyArn) throw invalidCiphertext();
      counts.GenerateDataKey++;
      counts.contexts.push({ command: "GenerateDataKey", context });
      const dataKey = randomBytes(Number(input.NumberOfBytes));
      const iv = randomBytes(12);
      const cipher = createCipheriv("aes-256-gcm", wrappingKey, iv).setAAD(canonical(context));
      const wrapped = Buffer.concat([cipher.update(dataKey), cipher.final()]);
      const blob = Buffer.concat([iv, cipher.getAuthTag(), wrapped]);
      // Copies: the SDK zeroes the plaintext data key it is handed once it is done with it.
      return { KeyId: countingKeyArn, Plaintext: new Uint8Array(dataKey), CiphertextBlob: new Uint8Array(blob) };
    }
    counts.Decrypt++;
    counts.contexts.push({ command: "Decrypt", context });
    const blob = Buffer.from(input.CiphertextBlob as Uint8Array);
    try {
      const decipher = createDecipheriv("aes-256-gcm", wrappingKey, blob.subarray(0, 12)).setAAD(canonical(context));
      decipher.setAuthTag(blob.subarray(12, 28));
      const dataKey = Buffer.concat([decipher.update(blob.subarray(28)), decipher.final()]);
      return { KeyId: countingKeyArn, Plaintext: new Uint8Array(dataKey) };
    } catch {
      throw invalidCiphertext();
    }
  });
  return {
    counts,
    /** The requests made while `work` ran. */
    async during<T>(work: () => Promise<T>): Promise<{ result: T; GenerateDataKey: number; Decrypt: number; contexts: KmsCounts["contexts"] }> {
      const before = { GenerateDataKey: counts.GenerateDataKey, Decrypt: counts.Decrypt, contexts: counts.contexts.length };
      const result = await work();
      return {
        result,
        GenerateDataKey: counts.GenerateDataKey - before.GenerateDataKey,
        Decrypt: counts.Decrypt - before.Decrypt,
        contexts: counts.contexts.slice(before.contexts),
      };
    },
    restore: () => mock.restore(),
  };
}
