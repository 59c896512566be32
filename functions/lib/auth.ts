import {
  FetchError,
  JwksValidationError,
  JwtBaseError,
  JwtExpiredError,
  JwtInvalidAudienceError,
  JwtInvalidIssuerError,
  JwtInvalidSignatureAlgorithmError,
  JwtInvalidSignatureError,
  JwtNotBeforeError,
  JwtParseError,
  KidNotFoundInJwksError,
  NonRetryableFetchError,
  WaitPeriodNotYetEndedJwkError,
} from "aws-jwt-verify/error";
import type { Fetcher } from "aws-jwt-verify/https";
import { SimpleJwksCache } from "aws-jwt-verify/jwk";
import type { JwtPayload } from "aws-jwt-verify/jwt-model";
// The verifier's own module, not the package index: the index also brings the Cognito and ALB verifiers into every officer bundle.
import { JwtVerifier } from "aws-jwt-verify/jwt-verifier";
import { idTokenLifetimeSeconds } from "../../shared/auth-config.ts";
import { isOfficerRole, type OfficerRole, type Principal, parseJurisdiction } from "../../shared/permissions.ts";
import { required, settings } from "./kit/config.ts";

/**
 * Who is calling: the bearer token of an officer route, verified. The API accepts the OpenID **ID
 * token** (Cognito puts groups and custom attributes there), RS256-signed by the issuer, for the web
 * client, unexpired, with `token_use: "id"`. The same code verifies Cognito's tokens in AWS and the
 * local provider's on a laptop; only the environment differs (OIDC_ISSUER, OIDC_CLIENT_ID,
 * OIDC_JWKS_URI). There is no switch that skips it.
 */

/** An authenticated officer: the principal of shared/permissions.ts plus a display name. */
export interface Officer extends Principal {
  name: string;
}

export interface OidcConfig {
  issuer: string;
  clientId: string;
  jwksUri: string;
}

export function oidcConfigFromEnv(): OidcConfig {
  const { issuer, clientId, jwksUri } = settings({ issuer: required("OIDC_ISSUER"), clientId: required("OIDC_CLIENT_ID"), jwksUri: required("OIDC_JWKS_URI") });
  return { issuer, clientId, jwksUri };
}

/** The caller could not be authenticated: answered 401. `reason` is for logs and tests, never for the client. */
export class AuthenticationError extends Error {
  override name = "AuthenticationError";
}

/** The issuer's keys could not be fetched: our problem, not the caller's (answered 503). */
export class IdentityProviderUnavailableError extends Error {
  override name = "IdentityProviderUnavailableError";
}

/**
 * Fetches the JWKS with the runtime's `fetch`, so one fetcher serves Cognito (https) and the local
 * provider (http://localhost); aws-jwt-verify's default fetcher speaks https only.
 */
const jwksFetcher: Fetcher = {
  async fetch(uri: string): Promise<ArrayBuffer> {
    let response: Response;
    try {
      response = await fetch(uri, { headers: { accept: "application/json" }, signal: AbortSignal.timeout(3000) });
    } catch (error) {
      throw new FetchError(uri, (error as Error).name);
    }
    if (response.status !== 200) throw new NonRetryableFetchError(uri, `Status code is ${String(response.status)}, expected 200`);
    return response.arrayBuffer();
  },
};

/**
 * Why aws-jwt-verify refused a token, in words that survive minification (its errors do not set
 * `name`, and a minified bundle renames classes): for logs and tests, never sent to the client.
 */
const rejectionReasons: [new (...args: never[]) => Error, string][] = [
  [JwtExpiredError, "expired"],
  [JwtNotBeforeError, "not yet valid"],
  [JwtInvalidAudienceError, "wrong audience"],
  [JwtInvalidIssuerError, "wrong issuer"],
  [JwtInvalidSignatureAlgorithmError, "wrong algorithm"],
  [JwtInvalidSignatureError, "bad signature"],
  [KidNotFoundInJwksError, "unknown key"],
  [WaitPeriodNotYetEndedJwkError, "unknown key"],
  [JwtParseError, "malformed"],
];

function rejectionReason(error: JwtBaseError): string {
  return rejectionReasons.find(([type]) => error instanceof type)?.[1] ?? "invalid token";
}

export type TokenVerifier = (token: string) => Promise<Officer>;

/**
 * A verifier for one issuer and client. The JWKS is fetched at the first verification and cached
 * (a token with an unknown key id triggers one refetch, rate-limited by aws-jwt-verify).
 */
export function createTokenVerifier(config: OidcConfig): TokenVerifier {
  const verify = createClaimsVerifier(config);
  return async (token: string) => officerFromClaims(await verify(token));
}

/** Like createTokenVerifier, but answers the verified claims themselves (authenticate also needs `iat`). */
function createClaimsVerifier(config: OidcConfig): (token: string) => Promise<JwtPayload> {
  const verifier = JwtVerifier.create(
    { issuer: config.issuer, audience: config.clientId, jwksUri: config.jwksUri },
    { jwksCache: new SimpleJwksCache({ fetcher: jwksFetcher }) },
  );
  return async (token: string) => {
    try {
      return checkLifetime(await verifier.verify(token));
    } catch (error) {
      if (error instanceof FetchError || error instanceof JwksValidationError) throw new IdentityProviderUnavailableError(error.name);
      if (error instanceof JwtBaseError) throw new AuthenticationError(rejectionReason(error));
      throw error;
    }
  };
}

/** Clock skew allowed between the issuer's `iat` and `exp` beyond the issued lifetime. */
const lifetimeLeewaySeconds = 60;

/**
 * aws-jwt-verify checks `exp` only when a token has one. A token without it, or living longer than
 * the provider issues (shared/auth-config.ts), was not issued by our provider as configured:
 * refused, and so is one without `iat` (it could not be revoked, nor its lifetime measured).
 */
function checkLifetime(payload: JwtPayload): JwtPayload {
  const { exp, iat } = payload;
  if (typeof exp !== "number" || !Number.isFinite(exp)) throw new AuthenticationError("no expiry");
  if (typeof iat !== "number" || !Number.isFinite(iat)) throw new AuthenticationError("no iat");
  if (exp - iat > idTokenLifetimeSeconds + lifetimeLeewaySeconds) throw new AuthenticationError("lifetime too long");
  return payload;
}

/**
 * The principal a verified ID token describes, or AuthenticationError: the token must be an ID
 * token, name the officer (sub, email), carry at least one known role (`cognito:groups`) and a
 * well-formed jurisdiction (`custom:jurisdiction`). A group that is not a role of
 * shared/permissions.ts is refused rather than ignored: the token and the platform disagree.
 */
export function officerFromClaims(payload: Record<string, unknown>): Officer {
  if (payload.token_use !== "id") throw new AuthenticationError("not an ID token");
  const { sub, email, name } = payload;
  if (typeof sub !== "string" || sub === "") throw new AuthenticationError("no sub");
  if (typeof email !== "string" || email === "") throw new AuthenticationError("no email");
  const groups = payload["cognito:groups"];
  if (!Array.isArray(groups) || groups.length === 0) throw new AuthenticationError("no groups");
  const roles: OfficerRole[] = [];
  for (const group of groups) {
    if (typeof group !== "string" || !isOfficerRole(group)) throw new AuthenticationError("unknown group");
    if (!roles.includes(group)) roles.push(group);
  }
  const claim = payload["custom:jurisdiction"];
  const jurisdiction = typeof claim === "string" ? parseJurisdiction(claim) : undefined;
  if (jurisdiction === undefined) throw new AuthenticationError("bad jurisdiction");
  return { id: sub, email: email.toLowerCase(), name: typeof name === "string" && name.trim() !== "" ? name : email, roles, jurisdiction };
}

/** `Authorization: Bearer <token>` → the token, or undefined. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer[ ]+([A-Za-z0-9\-_=]+\.[A-Za-z0-9\-_=]+\.[A-Za-z0-9\-_=]*)[ ]*$/i.exec(header ?? "");
  return match?.[1];
}

/** The function's verifier, built at the first officer request from the environment, then reused. */
let processVerifier: ((token: string) => Promise<JwtPayload>) | undefined;

/** A verified officer and when their token was issued (`iat`, epoch seconds: checked against revocations). */
export interface Authenticated {
  officer: Officer;
  issuedAt: number;
}

export async function authenticate(authorizationHeader: string | undefined): Promise<Authenticated> {
  const token = bearerToken(authorizationHeader);
  if (token === undefined) throw new AuthenticationError(authorizationHeader === undefined ? "no token" : "malformed authorization header");
  processVerifier ??= createClaimsVerifier(oidcConfigFromEnv());
  const payload = await processVerifier(token);
  const officer = officerFromClaims(payload);
  // checkLifetime made sure iat is a number (Cognito and the local provider always set it).
  return { officer, issuedAt: payload.iat as number };
}
