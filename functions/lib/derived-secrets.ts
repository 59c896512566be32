import { optional, required, settings } from "./kit/config.ts";

/**
 * Secrets a function needs as bytes it holds (the receipt-code pepper, the attempt limiter's HMAC
 * key). Locally they come from the environment (files under .data/). In AWS they are DERIVED, never
 * stored: an HMAC of a fixed label under a KMS HMAC key (`SECRETS_MAC_KEY_ARN`, GenerateMac) — the
 * same value in every container, no secret in the function's configuration, CloudTrail logs each
 * derivation, and disabling the key stops them. Derived once per container, at the first request
 * that needs it (not at cold start).
 */
const cache = new Map<string, Promise<string>>();

const config = settings({ macKeyArn: required("SECRETS_MAC_KEY_ARN") });

/** `envVar` (the local runtime's value) when set, else the KMS derivation of `label`. */
export function derivedSecret(envVar: string, label: string): Promise<string> {
  const { fromEnv } = settings({ fromEnv: optional(envVar) });
  if (fromEnv !== undefined) return Promise.resolve(fromEnv);
  let pending = cache.get(label);
  if (!pending) {
    pending = deriveWithKms(config.macKeyArn, label);
    // A failed derivation (KMS unreachable) is not cached: the next request tries again.
    pending.catch(() => cache.delete(label));
    cache.set(label, pending);
  }
  return pending;
}

async function deriveWithKms(keyArn: string, label: string): Promise<string> {
  const { KMSClient, GenerateMacCommand } = await import("@aws-sdk/client-kms");
  const client = new KMSClient({});
  const result = await client.send(new GenerateMacCommand({ KeyId: keyArn, MacAlgorithm: "HMAC_SHA_256", Message: Buffer.from(`pcblgd:${label}`, "utf8") }));
  if (!result.Mac) throw new Error("KMS GenerateMac answered no MAC");
  return Buffer.from(result.Mac).toString("base64url");
}
