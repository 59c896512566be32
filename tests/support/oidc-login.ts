import { createHash, randomBytes } from "node:crypto";
import { localWebClientId, postLogoutRedirectPath, signInRedirectPath } from "../../shared/auth-config.ts";

/**
 * Signs in to the local OpenID provider over plain HTTP, as a browser would but without one:
 * Authorization Code + PKCE → the provider's sign-in page → the form posted → the redirect back
 * with a code → the token exchange. Cookies are kept in a small jar; redirects are followed by hand.
 *
 *   const api = await startApi("ninh-binh", { oidc: true });
 *   const { idToken } = await signIn(api.url, "canbo.xa1@pcblgd.local", seededOfficerPassword);
 *   await api.get("/api/me", { headers: { authorization: `Bearer ${idToken}` } });
 */

export class CookieJar {
  private readonly cookies = new Map<string, { value: string; path: string }>();

  store(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair = "", ...attributes] = line.split(";").map((part) => part.trim());
      const separator = pair.indexOf("=");
      if (separator <= 0) continue;
      const name = pair.slice(0, separator);
      const value = pair.slice(separator + 1);
      let path = "/";
      let expired = value === "";
      for (const attribute of attributes) {
        const [key = "", attributeValue = ""] = attribute.split("=");
        if (key.toLowerCase() === "path") path = attributeValue || "/";
        if (key.toLowerCase() === "expires" && Date.parse(attributeValue) <= Date.now()) expired = true;
        if (key.toLowerCase() === "max-age" && Number(attributeValue) <= 0) expired = true;
      }
      const key = `${name}\0${path}`;
      if (expired) this.cookies.delete(key);
      else this.cookies.set(key, { value, path });
    }
  }

  header(url: string): string | undefined {
    const { pathname } = new URL(url);
    const matching = [...this.cookies.entries()]
      .filter(([, cookie]) => pathname === cookie.path || pathname.startsWith(cookie.path.endsWith("/") ? cookie.path : `${cookie.path}/`))
      .map(([key, cookie]) => `${key.split("\0")[0]}=${cookie.value}`);
    return matching.length > 0 ? matching.join("; ") : undefined;
  }

  names(): string[] {
    return [...this.cookies.keys()].map((key) => key.split("\0")[0] as string);
  }
}

export interface PageResult {
  status: number;
  url: string;
  html: string;
  headers: Headers;
}

/** One request with the jar's cookies, no automatic redirects. */
export async function request(jar: CookieJar, url: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  const cookie = jar.header(url);
  if (cookie) headers.set("cookie", cookie);
  const response = await fetch(url, { ...init, headers, redirect: "manual" });
  jar.store(response);
  return response;
}

const entities: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };
export function unescapeHtml(value: string): string {
  return value.replace(/&(#\d+|#x[0-9a-f]+|\w+);/gi, (match, entity: string) => {
    if (entity.startsWith("#x") || entity.startsWith("#X")) return String.fromCodePoint(Number.parseInt(entity.slice(2), 16));
    if (entity.startsWith("#")) return String.fromCodePoint(Number(entity.slice(1)));
    return entities[entity.toLowerCase()] ?? match;
  });
}

/** The first form of a page: its action and hidden fields. */
export function parseForm(html: string): { action: string; hidden: Record<string, string> } {
  const form = /<form\b[^>]*\baction="([^"]*)"/i.exec(html);
  if (!form?.[1]) throw new Error(`no form on the page:\n${html.slice(0, 500)}`);
  const hidden: Record<string, string> = {};
  for (const input of html.matchAll(/<input\b[^>]*>/gi)) {
    const tag = input[0];
    if (!/\btype="hidden"/i.test(tag)) continue;
    const name = /\bname="([^"]*)"/i.exec(tag)?.[1];
    const value = /\bvalue="([^"]*)"/i.exec(tag)?.[1] ?? "";
    if (name) hidden[unescapeHtml(name)] = unescapeHtml(value);
  }
  return { action: unescapeHtml(form[1]), hidden };
}

export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString("base64url");
  return { verifier, challenge: createHash("sha256").update(verifier).digest("base64url") };
}

export function decodeJwt(token: string): { header: Record<string, unknown>; payload: Record<string, unknown> } {
  const [header = "", payload = ""] = token.split(".");
  return {
    header: JSON.parse(Buffer.from(header, "base64url").toString("utf8")) as Record<string, unknown>,
    payload: JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as Record<string, unknown>,
  };
}

export type Outcome =
  /** Back at the web app's callback with a code (or an OAuth error). */
  | { kind: "callback"; url: URL; code?: string; state?: string; error?: string }
  /** A page of the provider (sign-in form with an error, new-password form, sign-out…). */
  | ({ kind: "page" } & PageResult);

export interface SignInFlow {
  jar: CookieJar;
  origin: string;
  redirectUri: string;
  verifier: string;
  state: string;
  nonce: string;
  /** The page the flow is on now (the sign-in form at first). */
  page: PageResult;
  /** Set when the provider already had a session and sent the browser straight back. */
  immediate?: Extract<Outcome, { kind: "callback" }>;
  /** Posts the current page's form with these fields and follows redirects. */
  submit(fields: Record<string, string>): Promise<Outcome>;
}

/** Follows redirects on the origin until the web app's callback or a page. */
export async function follow(jar: CookieJar, response: Response, url: string, redirectUri: string): Promise<Outcome> {
  let current = response;
  let currentUrl = url;
  for (let hops = 0; hops < 10; hops++) {
    if (current.status < 300 || current.status >= 400) {
      return { kind: "page", status: current.status, url: currentUrl, html: await current.text(), headers: current.headers };
    }
    const location = current.headers.get("location");
    if (!location) throw new Error(`redirect without a location from ${currentUrl}`);
    await current.body?.cancel();
    const next = new URL(location, currentUrl);
    if (next.href.startsWith(redirectUri)) {
      const params = next.searchParams;
      return {
        kind: "callback",
        url: next,
        ...(params.get("code") ? { code: params.get("code") as string } : {}),
        ...(params.get("state") ? { state: params.get("state") as string } : {}),
        ...(params.get("error") ? { error: params.get("error") as string } : {}),
      };
    }
    currentUrl = next.href;
    current = await request(jar, currentUrl);
  }
  throw new Error("too many redirects");
}

/** Starts Authorization Code + PKCE as the web app does, and stops on the provider's first page. */
export async function startSignIn(
  origin: string,
  options: { jar?: CookieJar; clientId?: string; scope?: string; loginHint?: string } = {},
): Promise<SignInFlow> {
  const jar = options.jar ?? new CookieJar();
  const redirectUri = `${origin}${signInRedirectPath}`;
  const { verifier, challenge } = pkcePair();
  const state = randomBytes(12).toString("base64url");
  const nonce = randomBytes(12).toString("base64url");
  const authorize = new URL(`${origin}/oidc/auth`);
  for (const [name, value] of Object.entries({
    client_id: options.clientId ?? localWebClientId,
    response_type: "code",
    redirect_uri: redirectUri,
    scope: options.scope ?? "openid email profile",
    state,
    nonce,
    code_challenge: challenge,
    code_challenge_method: "S256",
    ...(options.loginHint ? { login_hint: options.loginHint } : {}),
  })) {
    authorize.searchParams.set(name, value);
  }
  const first = await follow(jar, await request(jar, authorize.href), authorize.href, redirectUri);
  const flow: SignInFlow = {
    jar,
    origin,
    redirectUri,
    verifier,
    state,
    nonce,
    page: first.kind === "page" ? first : { status: 0, url: first.url.href, html: "", headers: new Headers() },
    submit: async (fields) => {
      const form = parseForm(flow.page.html);
      const target = new URL(form.action, flow.page.url).href;
      const response = await request(jar, target, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ ...form.hidden, ...fields }).toString(),
      });
      const outcome = await follow(jar, response, target, redirectUri);
      if (outcome.kind === "page") flow.page = outcome;
      return outcome;
    },
  };
  if (first.kind === "callback") flow.immediate = first;
  return flow;
}

export interface TokenResponse {
  id_token: string;
  access_token: string;
  token_type: string;
  expires_in: number;
  scope: string;
}

export async function exchangeCode(
  flow: Pick<SignInFlow, "origin" | "redirectUri" | "verifier">,
  code: string,
  clientId = localWebClientId,
): Promise<Response> {
  return fetch(`${flow.origin}/oidc/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "authorization_code",
      code,
      redirect_uri: flow.redirectUri,
      client_id: clientId,
      code_verifier: flow.verifier,
    }).toString(),
  });
}

export interface SignedIn {
  idToken: string;
  accessToken: string;
  claims: Record<string, unknown>;
  jar: CookieJar;
  tokens: TokenResponse;
}

/** Completes a flow that ended at the callback: checks the state, exchanges the code. */
export async function completeSignIn(flow: SignInFlow, outcome: Outcome): Promise<SignedIn> {
  if (outcome.kind !== "callback" || !outcome.code) {
    throw new Error(
      `sign-in did not reach the callback with a code: ${outcome.kind === "page" ? `page ${String(outcome.status)} ${outcome.url}` : (outcome.error ?? "")}`,
    );
  }
  if (outcome.state !== flow.state) throw new Error("state mismatch");
  const response = await exchangeCode(flow, outcome.code);
  if (response.status !== 200) throw new Error(`token exchange failed: ${String(response.status)} ${await response.text()}`);
  const tokens = (await response.json()) as TokenResponse;
  const claims = decodeJwt(tokens.id_token).payload;
  if (claims.nonce !== flow.nonce) throw new Error("nonce mismatch");
  return { idToken: tokens.id_token, accessToken: tokens.access_token, claims, jar: flow.jar, tokens };
}

/** The whole sign-in of an officer whose account needs no new password: an ID token. */
export async function signIn(origin: string, email: string, password: string, options: { jar?: CookieJar } = {}): Promise<SignedIn> {
  const flow = await startSignIn(origin, options);
  const outcome = flow.immediate ?? (await flow.submit({ email, password }));
  return completeSignIn(flow, outcome);
}

/** RP-initiated sign-out as the web app does it; answers where the provider sent the browser. */
export async function signOut(origin: string, jar: CookieJar, idToken: string): Promise<{ location: URL; state: string }> {
  const state = randomBytes(8).toString("base64url");
  const end = new URL(`${origin}/oidc/session/end`);
  end.searchParams.set("id_token_hint", idToken);
  end.searchParams.set("post_logout_redirect_uri", `${origin}${postLogoutRedirectPath}`);
  end.searchParams.set("state", state);
  const page = await request(jar, end.href);
  if (page.status !== 200) throw new Error(`sign-out page answered ${String(page.status)}`);
  const form = parseForm(await page.text());
  const confirm = await request(jar, new URL(form.action, end).href, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ ...form.hidden, logout: "yes" }).toString(),
  });
  const location = confirm.headers.get("location");
  if (confirm.status < 300 || confirm.status >= 400 || !location) throw new Error(`sign-out confirmation answered ${String(confirm.status)}`);
  return { location: new URL(location, end), state };
}
