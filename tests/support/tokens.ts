import { generateKeyPairSync, type KeyObject, randomUUID, sign } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { formatJurisdiction, type Jurisdiction, type OfficerRole } from "../../shared/permissions.ts";

/**
 * OpenID ID tokens for tests, signed with a locally generated RSA key and verified by the real
 * verifier (functions/lib/auth.ts) against a JWKS served by a tiny local HTTP server — the same
 * code path as Cognito and the local provider, with no "skip auth" switch anywhere.
 *
 *   const idp = await startJwksServer();          // http://127.0.0.1:<port>/oidc, JWKS at /oidc/jwks
 *   process.env = { ...process.env, ...idp.env };  // OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_JWKS_URI
 *   const token = idp.mint(officerClaims({ roles: ["commune-officer"], jurisdiction: ["13285"] }));
 */

export interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  /** The public half as a JWK (with kid, alg, use), as a JWKS lists it. */
  publicJwk: Record<string, unknown>;
}

export function generateSigningKey(kid: string = randomUUID()): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  return { kid, privateKey, publicJwk: { ...publicKey.export({ format: "jwk" }), kid, alg: "RS256", use: "sig" } };
}

/** One key per test process: generating RSA keys is slow enough to share. */
let defaultKey: SigningKey | undefined;
export function defaultSigningKey(): SigningKey {
  defaultKey ??= generateSigningKey("test-key-1");
  return defaultKey;
}

/** The claims Cognito (and the local provider) put in an officer's ID token. */
export interface OfficerClaims {
  sub: string;
  email: string;
  name?: string;
  "cognito:groups"?: unknown;
  "custom:jurisdiction"?: unknown;
  token_use?: unknown;
  [claim: string]: unknown;
}

/** Claims of an officer with these roles and jurisdiction (commune codes, or "province"). */
export function officerClaims(options: {
  roles: readonly OfficerRole[];
  jurisdiction: "province" | readonly string[] | Jurisdiction;
  sub?: string;
  email?: string;
  name?: string;
}): OfficerClaims {
  const jurisdiction: Jurisdiction =
    options.jurisdiction === "province"
      ? { kind: "province" }
      : Array.isArray(options.jurisdiction)
        ? { kind: "communes", communes: [...options.jurisdiction] }
        : (options.jurisdiction as Jurisdiction);
  const sub = options.sub ?? randomUUID();
  return {
    sub,
    email: options.email ?? `officer-${sub.slice(0, 8)}@pcblgd.test`,
    name: options.name ?? "Cán bộ thử nghiệm",
    "cognito:groups": [...options.roles],
    "custom:jurisdiction": formatJurisdiction(jurisdiction),
  };
}

export interface MintOptions {
  issuer: string;
  audience: string;
  /** Seconds from now; negative for an already expired token. Default 3600. */
  expiresIn?: number;
  /** Default "id". Pass "access" for an access token, `null` to leave the claim out. */
  tokenUse?: string | null;
  key?: SigningKey;
  /** Signs with this key but names `key`'s kid in the header: a forged signature. */
  signWith?: KeyObject;
  /** Header fields to override (alg, kid, typ). */
  header?: Record<string, unknown>;
}

const base64url = (value: Buffer | string) => Buffer.from(value).toString("base64url");

/** An RS256-signed JWT with the standard claims (iss, aud, iat, exp, auth_time, token_use) around `claims`. */
export function mintIdToken(claims: OfficerClaims | Record<string, unknown>, options: MintOptions): string {
  const key = options.key ?? defaultSigningKey();
  const now = Math.floor(Date.now() / 1000);
  const header = { alg: "RS256", typ: "JWT", kid: key.kid, ...options.header };
  const payload: Record<string, unknown> = {
    iss: options.issuer,
    aud: options.audience,
    iat: now,
    auth_time: now,
    exp: now + (options.expiresIn ?? 3600),
    ...(options.tokenUse === null ? {} : { token_use: options.tokenUse ?? "id" }),
    ...claims,
  };
  const signingInput = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(payload))}`;
  const signature = sign("RSA-SHA256", Buffer.from(signingInput), options.signWith ?? key.privateKey);
  return `${signingInput}.${base64url(signature)}`;
}

export interface TestIdentityProvider {
  /** `http://127.0.0.1:<port>/oidc` */
  issuer: string;
  jwksUri: string;
  clientId: string;
  key: SigningKey;
  /** The functions' OIDC environment for this provider. */
  env: { OIDC_ISSUER: string; OIDC_CLIENT_ID: string; OIDC_JWKS_URI: string };
  /** A token from this issuer for this client (options override). */
  mint(claims: OfficerClaims | Record<string, unknown>, options?: Partial<MintOptions>): string;
  /** How many times the JWKS was fetched (the verifier should cache it). */
  jwksRequests(): number;
  close(): Promise<void>;
}

/** Serves `{ keys: [...] }` at `/oidc/jwks` on a free loopback port. */
export async function startJwksServer(options: { key?: SigningKey; clientId?: string; extraKeys?: SigningKey[] } = {}): Promise<TestIdentityProvider> {
  const key = options.key ?? defaultSigningKey();
  const jwks = JSON.stringify({ keys: [key, ...(options.extraKeys ?? [])].map((entry) => entry.publicJwk) });
  let requests = 0;
  const server = createServer((request, response) => {
    if (request.url === "/oidc/jwks") {
      requests++;
      response.writeHead(200, { "content-type": "application/json" });
      response.end(jwks);
      return;
    }
    response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const issuer = `http://127.0.0.1:${String((server.address() as AddressInfo).port)}/oidc`;
  const clientId = options.clientId ?? "pcblgd-web";
  const jwksUri = `${issuer}/jwks`;
  return {
    issuer,
    jwksUri,
    clientId,
    key,
    env: { OIDC_ISSUER: issuer, OIDC_CLIENT_ID: clientId, OIDC_JWKS_URI: jwksUri },
    mint: (claims, overrides = {}) => mintIdToken(claims, { issuer, audience: clientId, key, ...overrides }),
    jwksRequests: () => requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A private key unrelated to any JWKS: tokens signed with it must fail verification. */
export function strangerKey(): KeyObject {
  return generateSigningKey().privateKey;
}
