import { createHash, generateKeyPairSync, type JsonWebKey, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

/**
 * The local provider's secrets, generated on first start and kept under `.data/oidc/` (readable
 * by the owner only), so a restart keeps issued ID tokens verifiable and cookies valid:
 *   signing-key.json  the RS256 private JWK (its public half is served at /oidc/jwks)
 *   cookie-keys.json  the keys signing the provider's cookies
 */
export interface OidcSecrets {
  signingKey: JsonWebKey & { kid: string; alg: "RS256"; use: "sig" };
  cookieKeys: string[];
}

function writeSecret(file: string, content: string): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  // "wx": two processes starting at once never overwrite each other's key.
  try {
    writeFileSync(file, content, { mode: 0o600, flag: "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
}

function readOrCreate(file: string, create: () => string): string {
  if (!existsSync(file)) writeSecret(file, create());
  return readFileSync(file, "utf8");
}

/** RFC 7638 thumbprint: a stable key id derived from the public key. */
function thumbprint(jwk: JsonWebKey): string {
  return createHash("sha256")
    .update(JSON.stringify({ e: jwk.e, kty: jwk.kty, n: jwk.n }))
    .digest("base64url");
}

export function loadOrCreateOidcSecrets(dir: string): OidcSecrets {
  const signingKey = JSON.parse(
    readOrCreate(join(dir, "signing-key.json"), () => {
      const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
      const jwk = privateKey.export({ format: "jwk" });
      return `${JSON.stringify({ ...jwk, kid: thumbprint(jwk), alg: "RS256", use: "sig" }, null, 2)}\n`;
    }),
  ) as OidcSecrets["signingKey"];
  const cookieKeys = JSON.parse(readOrCreate(join(dir, "cookie-keys.json"), () => `${JSON.stringify([randomBytes(32).toString("base64url")])}\n`)) as string[];
  if (signingKey.kty !== "RSA" || typeof signingKey.kid !== "string" || !Array.isArray(cookieKeys) || cookieKeys.length === 0) {
    throw new Error(`Khoá của nhà cung cấp OpenID cục bộ hỏng / the local OpenID provider's keys in ${dir} are damaged: delete the folder to regenerate them`);
  }
  return { signingKey, cookieKeys };
}

/** A random secret kept in `file` (created on first use), e.g. ATTEMPT_LIMITER_SECRET. */
export function loadOrCreateSecret(file: string): string {
  return readOrCreate(file, () => `${randomBytes(32).toString("base64url")}\n`).trim();
}
