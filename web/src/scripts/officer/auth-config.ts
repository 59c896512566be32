/**
 * The site's OpenID Connect settings, read at run time from `/auth-config.json` (its shape:
 * shared/auth-config.ts) so one build works against Cognito in AWS and the local provider on a
 * laptop. Pure: parsing and the settings the UserManager gets, tested without a browser.
 */
import type { AuthConfig } from "../../../../shared/auth-config.ts";

export type { AuthConfig };

export const authConfigPath = "/auth-config.json";

export class AuthConfigError extends Error {
  override name = "AuthConfigError";
}

const isPath = (value: unknown): value is string => typeof value === "string" && /^\/[A-Za-z0-9\-._~/]*$/.test(value) && !value.startsWith("//");

export function parseAuthConfig(value: unknown): AuthConfig {
  if (typeof value !== "object" || value === null) throw new AuthConfigError("auth-config.json is not an object");
  const { authority, clientId, redirectPath, postLogoutPath, signOutEndpoint } = value as Record<string, unknown>;
  if (typeof authority !== "string" || !/^https?:\/\/[^\s]+$/.test(authority)) throw new AuthConfigError("auth-config.json: authority must be an http(s) URL");
  if (typeof clientId !== "string" || !/^[\w-]{1,128}$/.test(clientId)) throw new AuthConfigError("auth-config.json: clientId is missing");
  if (!isPath(redirectPath)) throw new AuthConfigError("auth-config.json: redirectPath must be a path");
  if (!isPath(postLogoutPath)) throw new AuthConfigError("auth-config.json: postLogoutPath must be a path");
  if (signOutEndpoint !== undefined && (typeof signOutEndpoint !== "string" || !/^https:\/\/[^\s]+$/.test(signOutEndpoint))) {
    throw new AuthConfigError("auth-config.json: signOutEndpoint must be an https URL");
  }
  return {
    authority: authority.replace(/\/+$/, ""),
    clientId,
    redirectPath,
    postLogoutPath,
    ...(typeof signOutEndpoint === "string" ? { signOutEndpoint } : {}),
  };
}

/** Cognito's issuer. Its `/logout` endpoint wants `client_id` and `logout_uri`, not just the OpenID parameters. */
export function isCognito(config: Pick<AuthConfig, "authority">): boolean {
  return /^https:\/\/cognito-idp\.[a-z0-9-]+\.amazonaws\.com\//.test(config.authority);
}

/**
 * Authorization Code with PKCE (S256, the library's default), no client secret, the ID token kept
 * for the API. No silent renew and no session-monitor iframe: when the session ends the officer
 * signs in again, and their form is kept as a draft.
 */
export function userManagerSettings(config: AuthConfig, origin: string) {
  return {
    authority: config.authority,
    client_id: config.clientId,
    redirect_uri: `${origin}${config.redirectPath}`,
    post_logout_redirect_uri: `${origin}${config.postLogoutPath}`,
    response_type: "code",
    scope: "openid email profile",
    loadUserInfo: false,
    automaticSilentRenew: false,
    monitorSession: false,
    revokeTokensOnSignout: false,
    redirectMethod: "assign" as const,
    // Cognito's discovery document may lack the sign-out address; the deploy puts it in auth-config.json.
    ...(config.signOutEndpoint ? { metadataSeed: { end_session_endpoint: config.signOutEndpoint } } : {}),
  };
}

/** The extra sign-out parameters a provider needs: Cognito's `/logout` takes `client_id` and `logout_uri`. */
export function signOutExtraParams(config: AuthConfig, origin: string): Record<string, string> {
  return isCognito(config) || config.signOutEndpoint ? { client_id: config.clientId, logout_uri: `${origin}${config.postLogoutPath}` } : {};
}
