/**
 * `GET /auth-config.json`: the OpenID settings the web reads at run time, so one build of the site
 * signs in against the local provider (`npm start`) or the province's Cognito user pool (deploy).
 */
export interface AuthConfig {
  /** The OpenID issuer: `<origin>/oidc` locally, `https://cognito-idp.<region>.amazonaws.com/<poolId>` in AWS. */
  authority: string;
  clientId: string;
  redirectPath: string;
  postLogoutPath: string;
  /**
   * AWS only: Cognito's discovery document has no `end_session_endpoint`; its managed-login
   * sign-out is `<signInDomain>/logout?client_id=…&logout_uri=…`. Absent locally.
   */
  signOutEndpoint?: string;
}

/**
 * The longest an ID token lives: Cognito's user pool client issues them for this long
 * (infra/stacks/auth-stack.ts), the local provider for less (15 minutes). The API refuses a token
 * without `exp` or one whose `exp - iat` is longer (functions/lib/auth.ts): whoever could sign such
 * a token must not get a session that outlives every revocation and password change.
 */
export const idTokenLifetimeSeconds = 60 * 60;

/** The web app's client at the local provider (Cognito generates its own id). */
export const localWebClientId = "pcblgd-web";
export const signInRedirectPath = "/dang-nhap/callback/";
export const postLogoutRedirectPath = "/dang-nhap/da-dang-xuat/";
/** The local provider is mounted here on the site's own origin. */
export const localOidcMountPath = "/oidc";

export function localAuthConfig(origin: string): AuthConfig {
  return { authority: `${origin}${localOidcMountPath}`, clientId: localWebClientId, redirectPath: signInRedirectPath, postLogoutPath: postLogoutRedirectPath };
}

export function cognitoIssuer(region: string, userPoolId: string): string {
  return `https://cognito-idp.${region}.amazonaws.com/${userPoolId}`;
}

export function cognitoAuthConfig(input: { region: string; userPoolId: string; clientId: string; signInDomain?: string }): AuthConfig {
  return {
    authority: cognitoIssuer(input.region, input.userPoolId),
    clientId: input.clientId,
    redirectPath: signInRedirectPath,
    postLogoutPath: postLogoutRedirectPath,
    ...(input.signInDomain ? { signOutEndpoint: `${input.signInDomain.replace(/\/$/, "")}/logout` } : {}),
  };
}
