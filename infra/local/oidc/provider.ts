import { readFileSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { join } from "node:path";
import Provider, { type Account, errors, type Interaction, interactionPolicy, type KoaContextWithOIDC } from "oidc-provider";
import {
  type LocalAccount,
  type LocalOfficerDirectory,
  normalizeEmail,
  passwordProblems,
  WeakPasswordError,
} from "../../../functions/admin/local-officer-directory.ts";
import type { AttemptLimiter, AttemptState } from "../../../functions/lib/attempt-limiter.ts";
import { localOidcMountPath, localWebClientId, postLogoutRedirectPath, signInRedirectPath } from "../../../shared/auth-config.ts";
import { formatJurisdiction } from "../../../shared/permissions.ts";
import { loadOrCreateOidcSecrets, type OidcSecrets } from "./keys.ts";
import { type Bilingual, errorPage, loggedOutPage, loginPage, logoutPage, newPasswordPage, signingOutPage } from "./pages.ts";
import { LocalStateStore } from "./state-store.ts";

/**
 * A real OpenID provider for the local runtime (oidc-provider 9), mounted by the local server under
 * `/oidc` on the site's own origin, so the site's CSP (`connect-src 'self'`, `form-action 'self'`)
 * holds. It signs officers in against the local account store (the `officers` table) and issues
 * RS256 ID tokens with the claims Cognito puts in its ID tokens (`cognito:groups`,
 * `custom:jurisdiction`, `email`, `name`, `token_use: "id"`), so the API verifies both with the
 * same code. One client: the web app (`pcblgd-web`, public, Authorization Code + PKCE S256).
 *
 * Failed sign-ins are counted per e-mail in DynamoDB (functions/lib/attempt-limiter.ts): after 5
 * within 15 minutes the e-mail is locked for 15 minutes, whichever provider instance is asked.
 * TOTP is not asked locally (Cognito requires it in AWS); the sign-in page says so.
 */
export const signInPurpose = "sign-in";
/** The site's own sign-in page: where "sign in again" links lead (it starts a fresh flow). */
const siteSignInPath = "/dang-nhap/";

export interface LocalOidcOptions {
  /** The site's origin as the browser uses it: `http://localhost:<port>` (the issuer is `<origin>/oidc`). */
  origin: string;
  /** Where the signing key and cookie keys are kept (`.data/oidc`). */
  secretsDir: string;
  directory: LocalOfficerDirectory;
  limiter: AttemptLimiter;
  /** ID token lifetime, like an officer's session in AWS: 15 minutes by default. */
  idTokenTtlSeconds?: number;
  /** How long the provider remembers a sign-in (then it asks for the password again): 1 hour. */
  sessionTtlSeconds?: number;
  /** Wait a little longer after each failure (progressive delay); default true. */
  progressiveDelay?: boolean;
  /** Keep sessions, grants and codes in `<secretsDir>/state.json` across restarts; default true. */
  persistState?: boolean;
}

export interface LocalOidc {
  issuer: string;
  jwksUri: string;
  clientId: string;
  provider: Provider;
  /** Serves a request whose path is `/oidc` or under it. */
  handle(request: IncomingMessage, response: ServerResponse): Promise<void>;
  /** Writes the provider's state to disk now (call on shutdown). */
  flush(): void;
}

const assetsDir = new URL("./assets/", import.meta.url);
const assets: Record<string, { file: string; type: string }> = {
  "/assets/oidc.css": { file: "oidc.css", type: "text/css; charset=utf-8" },
  "/assets/logout.js": { file: "logout.js", type: "text/javascript; charset=utf-8" },
};

const messages = {
  missing: { vi: "Hãy nhập e-mail và mật khẩu.", en: "Enter your e-mail and password." },
  invalid: { vi: "E-mail hoặc mật khẩu không đúng.", en: "The e-mail or password is not correct." },
  disabled: {
    vi: "Tài khoản này đã bị vô hiệu hóa. Hãy liên hệ quản trị viên của tỉnh.",
    en: "This account is disabled. Contact your province administrator.",
  },
  mismatch: { vi: "Hai mật khẩu mới không giống nhau.", en: "The two new passwords differ." },
  expired: {
    vi: "Phiên đăng nhập đã hết hạn hoặc không còn hợp lệ. Hãy bắt đầu đăng nhập lại từ trang web.",
    en: "The sign-in session expired or is no longer valid. Start signing in again from the site.",
  },
} satisfies Record<string, Bilingual>;

const vietnamTime = new Intl.DateTimeFormat("vi-VN", { timeZone: "Asia/Ho_Chi_Minh", hour: "2-digit", minute: "2-digit", hour12: false });

export function lockedMessage(until: Date, now = new Date()): Bilingual {
  const minutes = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 60_000));
  const time = vietnamTime.format(until);
  return {
    vi: `Bạn đã nhập sai quá nhiều lần. Hãy thử lại sau ${time} (giờ Việt Nam, khoảng ${String(minutes)} phút nữa).`,
    en: `Too many failed attempts. Try again after ${time} (Vietnam time, in about ${String(minutes)} minutes).`,
  };
}

function invalidMessage(state: AttemptState): Bilingual {
  if (!state.allowed || state.remaining > 2) return messages.invalid;
  return {
    vi: `${messages.invalid.vi} Còn ${String(state.remaining)} lần thử trước khi tạm khóa 15 phút.`,
    en: `${messages.invalid.en} ${String(state.remaining)} attempts left before a 15-minute lock.`,
  };
}

const errorTexts: Record<string, Bilingual> = {
  invalid_request: { vi: "Yêu cầu đăng nhập không hợp lệ.", en: "The sign-in request is not valid." },
  invalid_client: { vi: "Ứng dụng yêu cầu đăng nhập không được nhận ra.", en: "The application asking for sign-in is not recognised." },
  invalid_redirect_uri: { vi: "Địa chỉ quay lại không được đăng ký.", en: "The return address is not registered." },
};

function claimsOf(account: LocalAccount, use: string) {
  return {
    sub: account.id,
    email: account.email,
    email_verified: true,
    name: account.name,
    "cognito:groups": [...account.roles],
    "custom:jurisdiction": formatJurisdiction(account.jurisdiction),
    ...(use === "id_token" ? { token_use: "id" } : {}),
  };
}

function readForm(request: IncomingMessage, limit = 16 * 1024): Promise<URLSearchParams> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(Object.assign(new Error("Form too large"), { status: 413 }));
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on("end", () => resolve(new URLSearchParams(Buffer.concat(chunks).toString("utf8"))));
    request.on("error", reject);
  });
}

function sendHtml(response: ServerResponse, status: number, html: string, headers: Record<string, string> = {}): void {
  response.writeHead(status, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store", ...headers });
  response.end(html);
}

/**
 * oidc-provider's default prompts, plus: a session whose account findAccount no longer answers
 * (disabled since) must sign in again — the default policy would go on to consent without one.
 */
function signInPolicy(): interactionPolicy.Policy {
  const policy = interactionPolicy.base();
  policy
    .get("login")
    ?.checks.add(
      new interactionPolicy.Check("account_unavailable", "the signed-in account is no longer available", (ctx) =>
        ctx.oidc.session.accountId !== undefined && ctx.oidc.account === undefined
          ? interactionPolicy.Check.REQUEST_PROMPT
          : interactionPolicy.Check.NO_NEED_TO_PROMPT,
      ),
    );
  return policy;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function createLocalOidc(options: LocalOidcOptions): LocalOidc {
  const origin = options.origin.replace(/\/$/, "");
  const mountPath = localOidcMountPath;
  const assetsPath = `${mountPath}/assets`;
  const issuer = `${origin}${mountPath}`;
  const idTokenTtl = options.idTokenTtlSeconds ?? 15 * 60;
  const sessionTtl = options.sessionTtlSeconds ?? 60 * 60;
  const secrets: OidcSecrets = loadOrCreateOidcSecrets(options.secretsDir);
  const { directory, limiter } = options;
  const state = new LocalStateStore(options.persistState === false ? undefined : join(options.secretsDir, "state.json"));

  const provider = new Provider(issuer, {
    adapter: state.adapterFactory(),
    clients: [
      {
        client_id: localWebClientId,
        client_name: "PCBLGĐ",
        application_type: "web",
        token_endpoint_auth_method: "none",
        grant_types: ["authorization_code"],
        response_types: ["code"],
        redirect_uris: [`${origin}${signInRedirectPath}`],
        post_logout_redirect_uris: [`${origin}${postLogoutRedirectPath}`],
        id_token_signed_response_alg: "RS256",
      },
    ],
    jwks: { keys: [secrets.signingKey] },
    cookies: {
      keys: secrets.cookieKeys,
      names: { session: "pcblgd_oidc_session", interaction: "pcblgd_oidc_interaction", resume: "pcblgd_oidc_resume" },
      long: { httpOnly: true, sameSite: "lax", path: mountPath },
      short: { httpOnly: true, sameSite: "lax" },
    },
    responseTypes: ["code"],
    scopes: ["openid", "email", "profile"],
    // Cognito's ID token carries the groups, the jurisdiction, the e-mail and the name; so does
    // this one (conformIdTokenClaims: false puts the scopes' claims in the ID token itself).
    claims: {
      openid: ["sub", "token_use", "cognito:groups", "custom:jurisdiction"],
      email: ["email", "email_verified"],
      profile: ["name"],
    },
    conformIdTokenClaims: false,
    pkce: { required: () => true },
    clientBasedCORS: (_ctx: unknown, requestOrigin: string) => requestOrigin === origin,
    ttl: { AccessToken: idTokenTtl, AuthorizationCode: 60, IdToken: idTokenTtl, Interaction: 15 * 60, Session: sessionTtl, Grant: sessionTtl },
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: (ctx: KoaContextWithOIDC, form: string) => {
          ctx.body = logoutPage({ assetsPath, form, automatic: ctx.oidc.entities.IdTokenHint !== undefined });
        },
        postLogoutSuccessSource: (ctx: KoaContextWithOIDC) => {
          ctx.body = loggedOutPage({ assetsPath });
        },
      },
      pushedAuthorizationRequests: { enabled: false },
    },
    interactions: { policy: signInPolicy(), url: (_ctx: unknown, interaction: Interaction) => `${mountPath}/interaction/${interaction.uid}` },
    // A disabled (or not yet activated) officer has no account here: their provider session ends
    // at the next request and no token is issued for them.
    findAccount: async (_ctx: unknown, sub: string): Promise<Account | undefined> => {
      const account = await directory.getAccount(sub);
      if (account?.status !== "active") return undefined;
      return { accountId: account.id, claims: (use) => claimsOf(account, use) };
    },
    // The web app is first-party: consent is given on its behalf (no consent page).
    loadExistingGrant: async (ctx: KoaContextWithOIDC) => {
      const client = ctx.oidc.client;
      const accountId = ctx.oidc.session.accountId;
      if (!client || !accountId) return undefined;
      const grantId = ctx.oidc.result?.consent?.grantId ?? ctx.oidc.session.grantIdFor(client.clientId);
      if (grantId) {
        const existing = await provider.Grant.find(grantId);
        if (existing) return existing;
      }
      if (client.clientId !== localWebClientId) return undefined;
      const grant = new provider.Grant({ accountId, clientId: client.clientId });
      grant.addOIDCScope("openid email profile");
      await grant.save();
      return grant;
    },
    renderError: (ctx: KoaContextWithOIDC, out: { error?: string; error_description?: string }) => {
      ctx.type = "html";
      const code = out.error ?? "server_error";
      ctx.body = errorPage({
        assetsPath,
        title: { vi: "Không đăng nhập được", en: "Sign-in failed" },
        detail: errorTexts[code] ?? { vi: "Đã có lỗi khi xử lý yêu cầu đăng nhập.", en: "Something went wrong with the sign-in request." },
        code,
        signInUrl: siteSignInPath,
      });
    },
  });
  // Sign-out without a provider session: replace oidc-provider's inline-script form (and the
  // script hash it adds to the CSP) with a page that obeys the site's CSP as it is.
  provider.use(async (ctx, next) => {
    await next();
    // ctx.oidc exists only on the provider's own routes (not on an unknown path or method).
    if (ctx.oidc?.route !== "end_session" || ctx.status !== 200 || ctx.oidc.session.accountId) return;
    const xsrf = ctx.oidc.session.state?.secret;
    if (!xsrf) return;
    ctx.body = signingOutPage({ assetsPath, action: ctx.oidc.urlFor("end_session_confirm"), xsrf });
    const policy = ctx.response.get("content-security-policy");
    if (policy) ctx.set("content-security-policy", policy.replace(/\s*'sha256-[A-Za-z0-9+/=]+'/g, ""));
  });
  provider.on("server_error", (_ctx: unknown, error: unknown) => {
    console.error("Local OpenID provider error / lỗi nhà cung cấp OpenID cục bộ:", (error as Error).name);
  });

  const callback = provider.callback();

  /** Accounts that proved their temporary password in this interaction and must now set a new one. */
  const pendingPasswordChange = new Map<string, { accountId: string; email: string; expiresAt: number }>();
  const pendingFor = (uid: string) => {
    const now = Date.now();
    for (const [key, entry] of pendingPasswordChange) if (entry.expiresAt <= now) pendingPasswordChange.delete(key);
    return pendingPasswordChange.get(uid);
  };

  const action = (uid: string, step: string) => `${mountPath}/interaction/${encodeURIComponent(uid)}/${step}`;

  async function finishLogin(request: IncomingMessage, response: ServerResponse, accountId: string): Promise<void> {
    // Not remembered: the provider's cookie ends with the browser (shared computers in commune offices).
    await provider.interactionFinished(request, response, { login: { accountId, amr: ["pwd"], remember: false } }, { mergeWithLastSubmission: false });
  }

  async function autoConsent(request: IncomingMessage, response: ServerResponse, details: Interaction): Promise<void> {
    const accountId = details.session?.accountId;
    if (!accountId || details.params.client_id !== localWebClientId) {
      await provider.interactionFinished(
        request,
        response,
        { error: "access_denied", error_description: "consent required" },
        { mergeWithLastSubmission: false },
      );
      return;
    }
    const grant = (details.grantId ? await provider.Grant.find(details.grantId) : undefined) ?? new provider.Grant({ accountId, clientId: localWebClientId });
    const { missingOIDCScope, missingOIDCClaims, missingResourceScopes } = details.prompt.details;
    if (missingOIDCScope) grant.addOIDCScope(missingOIDCScope.join(" "));
    if (missingOIDCClaims) grant.addOIDCClaims(missingOIDCClaims);
    for (const [resource, scopes] of Object.entries(missingResourceScopes ?? {})) grant.addResourceScope(resource, scopes.join(" "));
    const grantId = await grant.save();
    await provider.interactionFinished(request, response, { consent: { grantId } }, { mergeWithLastSubmission: true });
  }

  async function showInteraction(request: IncomingMessage, response: ServerResponse, details: Interaction): Promise<void> {
    if (details.prompt.name === "consent") {
      await autoConsent(request, response, details);
      return;
    }
    const pending = pendingFor(details.uid);
    if (pending) {
      sendHtml(response, 200, newPasswordPage({ assetsPath, action: action(details.uid, "password"), email: pending.email }));
      return;
    }
    const hint = typeof details.params.login_hint === "string" ? details.params.login_hint : undefined;
    sendHtml(
      response,
      200,
      loginPage({ assetsPath, action: action(details.uid, "login"), cancelUrl: action(details.uid, "abort"), ...(hint ? { email: hint } : {}) }),
    );
  }

  async function submitLogin(request: IncomingMessage, response: ServerResponse, details: Interaction): Promise<void> {
    const form = await readForm(request);
    const email = normalizeEmail(form.get("email") ?? "");
    const password = form.get("password") ?? "";
    const page = (status: number, error: Bilingual, headers: Record<string, string> = {}) =>
      sendHtml(
        response,
        status,
        loginPage({ assetsPath, action: action(details.uid, "login"), cancelUrl: action(details.uid, "abort"), email, error }),
        headers,
      );
    if (email === "" || password === "") {
      page(400, messages.missing);
      return;
    }
    const locked = (until: Date) => page(429, lockedMessage(until), { "retry-after": String(Math.max(1, Math.ceil((until.getTime() - Date.now()) / 1000))) });
    const before = await limiter.check(signInPurpose, email);
    if (!before.allowed) {
      locked(before.lockedUntil);
      return;
    }
    const result = await directory.verifyCredentials(email, password);
    if (!result.ok && result.reason === "invalid") {
      const after = await limiter.recordFailure(signInPurpose, email);
      if (!after.allowed) {
        locked(after.lockedUntil);
        return;
      }
      if (options.progressiveDelay !== false && after.delayMs > 0) await sleep(after.delayMs);
      page(401, invalidMessage(after));
      return;
    }
    if (!result.ok) {
      page(403, messages.disabled);
      return;
    }
    await limiter.reset(signInPurpose, email);
    if (result.account.mustChangePassword) {
      pendingPasswordChange.set(details.uid, { accountId: result.account.id, email: result.account.email, expiresAt: Date.now() + 15 * 60_000 });
      sendHtml(response, 200, newPasswordPage({ assetsPath, action: action(details.uid, "password"), email: result.account.email }));
      return;
    }
    await finishLogin(request, response, result.account.id);
  }

  async function submitNewPassword(request: IncomingMessage, response: ServerResponse, details: Interaction): Promise<void> {
    const form = await readForm(request);
    const pending = pendingFor(details.uid);
    if (!pending) {
      response.writeHead(303, { location: `${mountPath}/interaction/${encodeURIComponent(details.uid)}`, "cache-control": "no-store" });
      response.end();
      return;
    }
    const newPassword = form.get("newPassword") ?? "";
    const page = (errors: Bilingual[]) =>
      sendHtml(response, 400, newPasswordPage({ assetsPath, action: action(details.uid, "password"), email: pending.email, errors }));
    const problems = passwordProblems(newPassword).map((problem) => ({ vi: problem.message, en: problem.message_en }));
    if (problems.length > 0) {
      page(problems);
      return;
    }
    if (newPassword !== (form.get("confirmPassword") ?? "")) {
      page([messages.mismatch]);
      return;
    }
    try {
      await directory.changePassword(pending.accountId, newPassword);
    } catch (error) {
      if (error instanceof WeakPasswordError) {
        page(error.problems.map((problem) => ({ vi: problem.message, en: problem.message_en })));
        return;
      }
      throw error;
    }
    pendingPasswordChange.delete(details.uid);
    await finishLogin(request, response, pending.accountId);
  }

  async function interaction(request: IncomingMessage, response: ServerResponse, uid: string, step: string | undefined): Promise<void> {
    let details: Interaction;
    try {
      details = await provider.interactionDetails(request, response);
    } catch (error) {
      if (error instanceof errors.SessionNotFound) {
        sendHtml(
          response,
          400,
          errorPage({
            assetsPath,
            title: { vi: "Phiên đăng nhập hết hạn", en: "Sign-in session expired" },
            detail: messages.expired,
            signInUrl: siteSignInPath,
          }),
        );
        return;
      }
      throw error;
    }
    if (details.uid !== uid) {
      sendHtml(
        response,
        400,
        errorPage({ assetsPath, title: { vi: "Phiên đăng nhập hết hạn", en: "Sign-in session expired" }, detail: messages.expired, signInUrl: siteSignInPath }),
      );
      return;
    }
    const method = request.method ?? "GET";
    if (step === undefined && method === "GET") return showInteraction(request, response, details);
    if (step === "abort" && method === "GET") {
      pendingPasswordChange.delete(uid);
      return provider.interactionFinished(
        request,
        response,
        { error: "access_denied", error_description: "End-User aborted interaction" },
        { mergeWithLastSubmission: false },
      );
    }
    if (method === "POST" && details.prompt.name === "login" && step === "login") return submitLogin(request, response, details);
    if (method === "POST" && details.prompt.name === "login" && step === "password") return submitNewPassword(request, response, details);
    if (method === "POST" && details.prompt.name === "consent") return autoConsent(request, response, details);
    response.writeHead(405, { "content-type": "text/plain; charset=utf-8", allow: "GET, POST" });
    response.end("Method not allowed");
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? "/", origin);
    const rest = url.pathname.slice(mountPath.length) || "/";
    const asset = assets[rest];
    if (asset && (request.method === "GET" || request.method === "HEAD")) {
      const body = readFileSync(new URL(asset.file, assetsDir));
      response.writeHead(200, { "content-type": asset.type, "cache-control": "no-cache", "content-length": String(body.length) });
      response.end(request.method === "HEAD" ? undefined : body);
      return;
    }
    const interactionMatch = /^\/interaction\/([A-Za-z0-9_-]+)(?:\/(login|password|abort))?\/?$/.exec(rest);
    if (interactionMatch?.[1]) {
      try {
        await interaction(request, response, interactionMatch[1], interactionMatch[2]);
      } catch (error) {
        console.error("Local sign-in error / lỗi đăng nhập cục bộ:", (error as Error).name);
        if (!response.headersSent) {
          sendHtml(
            response,
            500,
            errorPage({
              assetsPath,
              title: { vi: "Không đăng nhập được", en: "Sign-in failed" },
              detail: { vi: "Đã có lỗi, hãy thử lại.", en: "Something went wrong; try again." },
            }),
          );
        }
      }
      return;
    }
    // oidc-provider finds its mount path from originalUrl minus url, as under Express.
    Object.assign(request, { originalUrl: request.url, url: `${rest}${url.search}` });
    await callback(request, response);
  }

  return { issuer, jwksUri: `${issuer}/jwks`, clientId: localWebClientId, provider, handle, flush: () => state.flush() };
}
