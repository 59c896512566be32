/**
 * Officer sign-in and sign-out with `oidc-client-ts` (Authorization Code + PKCE). Tokens and the
 * sign-in state live in sessionStorage only — never localStorage: the tab's session ends with the
 * tab, and nothing is left for the next person at a shared computer.
 */
import { type User, UserManager, WebStorageStateStore } from "oidc-client-ts";
import { type AuthConfig, authConfigPath, parseAuthConfig, signOutExtraParams, userManagerSettings } from "./auth-config.ts";
import { clearDrafts } from "./drafts.ts";
import { officerHome, safeReturnPath } from "./return-to.ts";

interface Auth {
  config: AuthConfig;
  manager: UserManager;
}

let auth: Promise<Auth> | undefined;

async function loadAuth(): Promise<Auth> {
  const response = await fetch(authConfigPath, { cache: "no-cache", credentials: "same-origin", headers: { accept: "application/json" } });
  if (!response.ok) throw new Error(`auth-config.json: HTTP ${String(response.status)}`);
  const config = parseAuthConfig(await response.json());
  const store = new WebStorageStateStore({ store: window.sessionStorage });
  const manager = new UserManager({
    ...userManagerSettings(config, window.location.origin),
    userStore: store,
    stateStore: new WebStorageStateStore({ store: window.sessionStorage }),
  });
  return { config, manager };
}

function getAuth(): Promise<Auth> {
  auth ??= loadAuth();
  return auth;
}

/** True while the ID token the API checks is still valid (with a minute's margin for clock skew and the request). */
export function isUsable(user: User | null, nowSeconds = Date.now() / 1000): user is User {
  if (!user?.id_token || user.expired) return false;
  const exp = typeof user.profile.exp === "number" ? user.profile.exp : undefined;
  return exp === undefined || exp - 30 > nowSeconds;
}

/** The signed-in officer's tokens, or null when there is no usable session. */
export async function currentUser(): Promise<User | null> {
  const { manager } = await getAuth();
  const user = await manager.getUser();
  return isUsable(user) ? user : null;
}

/** This tab's session: usable, ended (a stored one ran out; it is forgotten), or none at all. */
export async function sessionState(): Promise<"usable" | "ended" | "none"> {
  const { manager } = await getAuth();
  const user = await manager.getUser();
  if (isUsable(user)) return "usable";
  if (!user) return "none";
  await manager.removeUser();
  return "ended";
}

/** The ID token the API takes as `Authorization: Bearer …`, or undefined without a session. */
export async function idToken(): Promise<string | undefined> {
  return (await currentUser())?.id_token;
}

/** Goes to the provider's sign-in page; afterwards the callback page brings the officer to `returnTo`. */
export async function startSignIn(returnTo: string): Promise<void> {
  const { manager } = await getAuth();
  await manager.signinRedirect({ state: { returnTo: safeReturnPath(returnTo) } });
}

/** On the callback page: exchanges the code for tokens and says where to go next. */
export async function finishSignIn(): Promise<string> {
  const { manager } = await getAuth();
  const user = await manager.signinRedirectCallback();
  const state = user.state as { returnTo?: unknown } | undefined;
  return safeReturnPath(typeof state?.returnTo === "string" ? state.returnTo : officerHome);
}

/** Forgets the session in this tab (the API refused the token, or it ran out). */
export async function forgetSession(): Promise<void> {
  const { manager } = await getAuth();
  await manager.removeUser();
}

/**
 * Signs out: drafts and tokens are deleted, then the provider ends its session and sends the
 * officer to the signed-out page. Without a session there is nothing to end at the provider.
 */
export async function signOut(): Promise<void> {
  clearDrafts(window.sessionStorage);
  const { config, manager } = await getAuth();
  const user = await manager.getUser();
  if (!user?.id_token) {
    await manager.removeUser();
    window.location.assign(config.postLogoutPath);
    return;
  }
  await manager.signoutRedirect({ id_token_hint: user.id_token, extraQueryParams: signOutExtraParams(config, window.location.origin) });
}
