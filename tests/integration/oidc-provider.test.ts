import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { JwtRsaVerifier } from "aws-jwt-verify";
import { SimpleJwksCache } from "aws-jwt-verify/jwk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalAccount, seededOfficerId, seededOfficerPassword } from "../../functions/admin/local-officer-directory.ts";
import { AttemptLimiter } from "../../functions/lib/attempt-limiter.ts";
import { createTokenVerifier } from "../../functions/lib/auth.ts";
import { createLocalOidc, signInPurpose } from "../../infra/local/oidc/provider.ts";
import { startLocalServer } from "../../infra/local/server.ts";
import { localAuthConfig, postLogoutRedirectPath } from "../../shared/auth-config.ts";
import { parseJurisdiction } from "../../shared/permissions.ts";
import { physicalTableName } from "../../shared/tables.ts";
import { type LocalApi, startApi } from "../support/local-api.ts";
import { CookieJar, completeSignIn, decodeJwt, exchangeCode, parseForm, request, signIn, signOut, startSignIn } from "../support/oidc-login.ts";

/**
 * The local OpenID provider over real HTTP, through the local server, against DynamoDB Local: the
 * flow the web app runs with oidc-client-ts (Authorization Code + PKCE), without a browser.
 */
let api: LocalApi;
const province = "ninh-binh";

beforeAll(async () => {
  api = await startApi(province, { oidc: { progressiveDelay: false } });
});
afterAll(async () => {
  await api?.close();
});

/**
 * Another provider instance on its own server: the same tables and limiter secret, but its own
 * objects (and, when given, a clock of its own) — what a second process would have.
 */
async function otherInstance(now?: () => number) {
  const limiter = new AttemptLimiter({
    client: api.documents,
    tableName: physicalTableName(province, "throttle"),
    secret: api.attemptLimiterSecret,
    ...(now ? { now } : {}),
  });
  const server = await startLocalServer({ provinceSlug: province, port: 0 });
  server.mountOidc(
    createLocalOidc({ origin: server.url, secretsDir: join(api.scratchDir, "oidc"), directory: api.directory, limiter, progressiveDelay: false }),
  );
  return server;
}

const unique = () => randomBytes(5).toString("hex");

/** A fresh account of its own, so lock-outs and disabling never touch another test's officer. */
async function freshOfficer(overrides: Partial<{ password: string; mustChangePassword: boolean }> = {}): Promise<LocalAccount & { password: string }> {
  const password = overrides.password ?? `Fresh#${unique()}-Aa1`;
  const account = await api.directory.create({
    email: `thu.${unique()}@pcblgd.test`,
    name: "Cán bộ thử nghiệm",
    roles: ["commune-officer"],
    jurisdiction: { kind: "communes", communes: ["13291"] },
    password,
    ...(overrides.mustChangePassword ? { mustChangePassword: true } : {}),
  });
  return { ...account, password };
}

function verifierFor(origin: string) {
  return JwtRsaVerifier.create(
    { issuer: `${origin}/oidc`, audience: "pcblgd-web", jwksUri: `${origin}/oidc/jwks` },
    { jwksCache: new SimpleJwksCache({ fetcher: { fetch: async (uri: string) => (await fetch(uri)).arrayBuffer() } }) },
  );
}

describe("discovery, keys and the site's auth configuration", () => {
  it("publishes an issuer on the site's origin under /oidc, code flow with S256 PKCE, RS256 ID tokens", async () => {
    const discovery = (await api.get("/oidc/.well-known/openid-configuration")).json as Record<string, unknown>;
    expect(discovery).toMatchObject({
      issuer: `${api.url}/oidc`,
      authorization_endpoint: `${api.url}/oidc/auth`,
      token_endpoint: `${api.url}/oidc/token`,
      jwks_uri: `${api.url}/oidc/jwks`,
      end_session_endpoint: `${api.url}/oidc/session/end`,
      code_challenge_methods_supported: ["S256"],
      response_types_supported: ["code"],
    });
    expect(discovery.id_token_signing_alg_values_supported).toContain("RS256");
    expect(discovery.claims_supported).toEqual(expect.arrayContaining(["cognito:groups", "custom:jurisdiction", "email", "name", "token_use"]));
  });

  it("serves only public RSA signing keys at /oidc/jwks", async () => {
    const { keys } = (await api.get("/oidc/jwks")).json as { keys: Record<string, unknown>[] };
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatchObject({ kty: "RSA", alg: "RS256", use: "sig", kid: expect.any(String) });
    for (const secret of ["d", "p", "q", "dp", "dq", "qi"]) expect(keys[0]).not.toHaveProperty(secret);
  });

  it("keeps its signing key and the officers' sessions across a restart (state under the key folder)", async () => {
    const before = (await api.get("/oidc/jwks")).json as { keys: { kid: string }[] };
    const { jar } = await signIn(api.url, "canbo.tinh@pcblgd.local", seededOfficerPassword);
    api.oidc?.flush();
    const server = await otherInstance();
    try {
      const after = (await (await fetch(`${server.url}/oidc/jwks`)).json()) as { keys: { kid: string }[] };
      expect(after.keys.map((key) => key.kid)).toEqual(before.keys.map((key) => key.kid));
      // The restarted provider still knows the session: straight back with a code.
      expect((await startSignIn(server.url, { jar })).immediate?.code).toEqual(expect.any(String));
    } finally {
      await server.close();
    }
  });

  it("tells the web app where to sign in: GET /auth-config.json", async () => {
    const result = await api.get("/auth-config.json");
    expect(result.status).toBe(200);
    expect(result.json).toEqual({
      authority: `${api.url}/oidc`,
      clientId: "pcblgd-web",
      redirectPath: "/dang-nhap/callback/",
      postLogoutPath: "/dang-nhap/da-dang-xuat/",
    });
    expect(result.json).toEqual(localAuthConfig(api.url));
  });

  it("shows an accessible, CSP-safe Vietnamese-first sign-in page that says TOTP is AWS-only", async () => {
    const flow = await startSignIn(api.url);
    const { page } = flow;
    expect(page.status).toBe(200);
    expect(page.url).toMatch(new RegExp(`^${api.url}/oidc/interaction/[\\w-]+$`));
    expect(page.headers.get("content-security-policy")).toContain("script-src 'self'");
    expect(page.headers.get("content-security-policy")).toContain("form-action 'self'");
    expect(page.headers.get("cache-control")).toBe("no-store");
    const html = page.html;
    expect(html).toContain('<html lang="vi">');
    expect(html).toMatch(/<label for="email">/);
    expect(html).toMatch(/<input id="email"[^>]*autocomplete="username"/);
    expect(html).toMatch(/<label for="password">/);
    expect(html).toMatch(/<input id="password"[^>]*type="password"[^>]*autocomplete="current-password"/);
    expect(html).toContain("TOTP");
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)/i);
    expect(html).not.toMatch(/<style|\sstyle=/i);
    expect(html).toContain('href="/oidc/assets/oidc.css"');
    // The site's icon, as on its own pages (without a link the browser asks for /favicon.ico: a 404 in its console).
    expect(html).toContain('<link rel="icon" href="/favicon.svg"');
    expect((await fetch(`${api.url}/oidc/assets/oidc.css`)).headers.get("content-type")).toMatch(/^text\/css/);
  });
});

describe("signing in", () => {
  it("gives a commune officer an RS256 ID token with Cognito's claims, verified against /oidc/jwks", async () => {
    const email = "canbo.xa1@pcblgd.local";
    const { idToken, claims } = await signIn(api.url, email, seededOfficerPassword);
    const { header } = decodeJwt(idToken);
    expect(header).toMatchObject({ alg: "RS256", kid: expect.any(String) });
    expect(claims).toMatchObject({
      iss: `${api.url}/oidc`,
      aud: "pcblgd-web",
      sub: seededOfficerId(province, email),
      email,
      email_verified: true,
      name: "Nguyễn Thị Hoa",
      token_use: "id",
      "cognito:groups": ["commune-officer"],
      "custom:jurisdiction": "13285",
    });
    expect(parseJurisdiction(claims["custom:jurisdiction"] as string)).toEqual({ kind: "communes", communes: ["13285"] });
    // 15 minutes, like an officer's session: the web's "expired session" path is reachable.
    expect((claims.exp as number) - (claims.iat as number)).toBe(15 * 60);
    const verified = await verifierFor(api.url).verify(idToken);
    expect(verified.sub).toBe(claims.sub);
  });

  it("gives the province admin the whole province", async () => {
    const { claims } = await signIn(api.url, "quantri@pcblgd.local", seededOfficerPassword);
    expect(claims).toMatchObject({ "cognito:groups": ["province-admin"], "custom:jurisdiction": "province", token_use: "id", name: "Đỗ Thị Thu" });
  });

  it("is accepted by the API's own verifier and by GET /api/me", async () => {
    const { idToken, claims } = await signIn(api.url, "lanhdao.xa1@pcblgd.local", seededOfficerPassword);
    const officer = await createTokenVerifier({ issuer: `${api.url}/oidc`, clientId: "pcblgd-web", jwksUri: `${api.url}/oidc/jwks` })(idToken);
    expect(officer).toMatchObject({ id: claims.sub, roles: ["commune-leader"], jurisdiction: { kind: "communes", communes: ["13285"] } });
    const me = await api.get("/api/me", { headers: { authorization: `Bearer ${idToken}` } });
    expect(me.status).toBe(200);
    expect(JSON.stringify(me.json)).toContain("commune-leader");
    expect((await api.get("/api/me")).status).toBe(401);
  });

  it("lets a signed-in officer straight through on the next authorization (no form, no consent page)", async () => {
    const first = await signIn(api.url, "canbo.tinh@pcblgd.local", seededOfficerPassword);
    const again = await startSignIn(api.url, { jar: first.jar });
    expect(again.immediate?.code).toEqual(expect.any(String));
  });

  it("requires PKCE and checks the verifier; a code works once", async () => {
    const url = new URL(`${api.url}/oidc/auth`);
    for (const [name, value] of Object.entries({
      client_id: "pcblgd-web",
      response_type: "code",
      redirect_uri: `${api.url}/dang-nhap/callback/`,
      scope: "openid",
      state: "s",
    })) {
      url.searchParams.set(name, value);
    }
    const withoutPkce = await fetch(url, { redirect: "manual" });
    expect(withoutPkce.headers.get("location")).toMatch(/error=invalid_request/);

    const flow = await startSignIn(api.url);
    const outcome = await flow.submit({ email: "hoidong@pcblgd.local", password: seededOfficerPassword });
    if (outcome.kind !== "callback" || !outcome.code) throw new Error("expected a code");
    const wrongVerifier = await exchangeCode({ ...flow, verifier: randomBytes(32).toString("base64url") }, outcome.code);
    expect(wrongVerifier.status).toBe(400);
    expect(((await wrongVerifier.json()) as { error: string }).error).toBe("invalid_grant");
    const flow2 = await startSignIn(api.url);
    const outcome2 = await flow2.submit({ email: "hoidong@pcblgd.local", password: seededOfficerPassword });
    if (outcome2.kind !== "callback" || !outcome2.code) throw new Error("expected a code");
    expect((await exchangeCode(flow2, outcome2.code)).status).toBe(200);
    expect((await exchangeCode(flow2, outcome2.code)).status).toBe(400);
  });

  it("refuses redirect URIs other than the site's callback", async () => {
    const url = new URL(`${api.url}/oidc/auth`);
    url.search = new URLSearchParams({
      client_id: "pcblgd-web",
      response_type: "code",
      redirect_uri: "https://evil.example/callback",
      scope: "openid",
      code_challenge: "a".repeat(43),
      code_challenge_method: "S256",
    }).toString();
    const response = await fetch(url, { redirect: "manual" });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain("invalid_redirect_uri");
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)/i);
  });

  it("sends the officer back to the site with access_denied when they cancel", async () => {
    const flow = await startSignIn(api.url);
    const cancel = /href="([^"]*\/abort)"/.exec(flow.page.html)?.[1];
    expect(cancel).toBeDefined();
    const response = await request(flow.jar, new URL(cancel as string, api.url).href);
    const location = new URL(response.headers.get("location") ?? "", api.url);
    const back = await fetch(location, { redirect: "manual", headers: { cookie: flow.jar.header(location.href) ?? "" } });
    expect(back.headers.get("location")).toMatch(/\/dang-nhap\/callback\/\?error=access_denied/);
  });
});

describe("refusals", () => {
  it("answers a wrong password and an unknown e-mail with the same message, and issues nothing", async () => {
    const officer = await freshOfficer();
    const flow = await startSignIn(api.url);
    const wrong = await flow.submit({ email: officer.email, password: "Wrong#Password-1" });
    const flowUnknown = await startSignIn(api.url);
    const unknown = await flowUnknown.submit({ email: `nobody.${unique()}@pcblgd.test`, password: "Wrong#Password-1" });
    for (const outcome of [wrong, unknown]) {
      if (outcome.kind !== "page") throw new Error("expected the sign-in page again");
      expect(outcome.status).toBe(401);
      expect(outcome.html).toContain('role="alert"');
      expect(outcome.html).toContain("E-mail hoặc mật khẩu không đúng.");
      expect(outcome.html).toContain("The e-mail or password is not correct.");
      expect(outcome.html).toMatch(/aria-invalid="true"/);
    }
    expect(flow.jar.names()).not.toContain("pcblgd_oidc_session");
    const absurd = await flowUnknown.submit({ email: `${"a".repeat(3000)}@pcblgd.test`, password: "Wrong#Password-1" });
    expect(absurd.kind === "page" && absurd.status).toBe(401);
  });

  it("locks an e-mail after 5 failures — in DynamoDB, so another provider instance refuses it too — until the lock ends", async () => {
    const officer = await freshOfficer();
    const flow = await startSignIn(api.url);
    const statuses: number[] = [];
    let last: Awaited<ReturnType<typeof flow.submit>> | undefined;
    for (let attempt = 0; attempt < 5; attempt++) {
      last = await flow.submit({ email: officer.email, password: `Wrong#${String(attempt)}-Password` });
      if (last.kind === "page") statuses.push(last.status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 429]);
    if (last?.kind !== "page") throw new Error("expected a page");
    expect(last.html).toContain("Bạn đã nhập sai quá nhiều lần");
    expect(last.html).toMatch(/thử lại sau \d{2}:\d{2}/);
    expect(last.html).toMatch(/Try again after \d{2}:\d{2}/);
    expect(Number(last.headers.get("retry-after"))).toBeGreaterThan(14 * 60);

    // The right password is refused now, here and at the other instance.
    const right = await flow.submit({ email: officer.email, password: officer.password });
    expect(right.kind === "page" && right.status).toBe(429);
    const twin = await otherInstance();
    try {
      const atTwin = await (await startSignIn(twin.url)).submit({ email: officer.email, password: officer.password });
      expect(atTwin.kind === "page" && atTwin.status).toBe(429);
    } finally {
      await twin.close();
    }

    // The table holds a keyed hash, never the e-mail.
    const key = api.limiter.keyOf(signInPurpose, officer.email);
    const { Item } = await api.documents.send(new GetCommand({ TableName: physicalTableName(province, "throttle"), Key: { pk: key } }));
    expect(Item).toMatchObject({ failures: 5, lockedUntil: expect.any(Number), expiresAt: expect.any(Number) });
    expect(JSON.stringify(Item)).not.toContain(officer.email);

    // 16 minutes later (a provider whose clock is ahead), the lock has ended.
    const server = await otherInstance(() => Date.now() + 16 * 60_000);
    try {
      const signedIn = await signIn(server.url, officer.email, officer.password);
      expect(signedIn.claims.sub).toBe(officer.id);
    } finally {
      await server.close();
    }
  });

  it("refuses a disabled officer, and ends the provider session of one disabled while signed in", async () => {
    const officer = await freshOfficer();
    const signedIn = await signIn(api.url, officer.email, officer.password);
    await api.directory.setEnabled(officer.id, false);

    const flow = await startSignIn(api.url);
    const refused = await flow.submit({ email: officer.email, password: officer.password });
    if (refused.kind !== "page") throw new Error("expected a page");
    expect(refused.status).toBe(403);
    expect(refused.html).toContain("Tài khoản này đã bị vô hiệu hóa");

    // The earlier provider session no longer lets them through: the sign-in form again.
    const again = await startSignIn(api.url, { jar: signedIn.jar });
    expect(again.immediate).toBeUndefined();
    expect(again.page.html).toContain('autocomplete="current-password"');

    await api.directory.setEnabled(officer.id, true);
    expect((await signIn(api.url, officer.email, officer.password)).claims.sub).toBe(officer.id);
  });

  it("makes an invited officer set a strong new password (from the outbox's temporary one) before any token", async () => {
    const email = `moi.${unique()}@pcblgd.test`;
    const invited = await api.directory.invite({
      email,
      name: "Cán bộ mới",
      roles: ["commune-officer"],
      jurisdiction: { kind: "communes", communes: ["13285"] },
    });
    expect(invited.status).toBe("invited");
    const letter = readdirSync(api.outboxDir).find((name) => name.endsWith(`-${email}.txt`));
    expect(letter).toBeDefined();
    const text = readFileSync(join(api.outboxDir, letter as string), "utf8");
    const temporary = /Mật khẩu tạm thời \/ Temporary password: (\S+)/.exec(text)?.[1] as string;
    expect(temporary).toMatch(/^.{16}$/);
    expect(text).toContain(`${api.url}/dang-nhap/`);

    const flow = await startSignIn(api.url);
    const step = await flow.submit({ email, password: temporary });
    if (step.kind !== "page") throw new Error("expected the new-password page");
    expect(step.status).toBe(200);
    expect(step.html).toContain("Đặt mật khẩu mới");
    expect(step.html).toMatch(/<input id="new-password"[^>]*autocomplete="new-password"/);

    const weak = await flow.submit({ newPassword: "short", confirmPassword: "short" });
    if (weak.kind !== "page") throw new Error("expected the page again");
    expect(weak.status).toBe(400);
    expect(weak.html).toContain("ít nhất 12 ký tự");
    expect(weak.html).toContain("It needs an uppercase letter");

    const mismatch = await flow.submit({ newPassword: "Mat-khau-moi#2026", confirmPassword: "Mat-khau-moi#2027" });
    expect(mismatch.kind === "page" && mismatch.status).toBe(400);

    const reused = await flow.submit({ newPassword: temporary, confirmPassword: temporary });
    expect(reused.kind === "page" && reused.html).toContain("khác mật khẩu hiện tại");

    const done = await flow.submit({ newPassword: "Mat-khau-moi#2026", confirmPassword: "Mat-khau-moi#2026" });
    expect(done.kind).toBe("callback");
    const tokens = await completeSignIn(flow, done);
    expect(tokens.claims).toMatchObject({ sub: invited.id, email, "cognito:groups": ["commune-officer"] });
    expect((await api.directory.get(invited.id))?.status).toBe("active");

    // The temporary password is gone; the new one works directly.
    const oldOne = await (await startSignIn(api.url)).submit({ email, password: temporary });
    expect(oldOne.kind === "page" && oldOne.status).toBe(401);
    expect((await signIn(api.url, email, "Mat-khau-moi#2026")).claims.sub).toBe(invited.id);
  });
});

describe("signing out", () => {
  it("ends the provider session and returns to the site's signed-out page with the state", async () => {
    const { idToken, jar } = await signIn(api.url, "canbo.xa2@pcblgd.local", seededOfficerPassword);
    const page = await request(
      jar,
      `${api.url}/oidc/session/end?${new URLSearchParams({ id_token_hint: idToken, post_logout_redirect_uri: `${api.url}${postLogoutRedirectPath}` })}`,
    );
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(html).toContain('src="/oidc/assets/logout.js"');
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)/i);
    expect(parseForm(html).hidden.xsrf).toEqual(expect.any(String));

    const { location, state } = await signOut(api.url, jar, idToken);
    expect(location.origin + location.pathname).toBe(`${api.url}${postLogoutRedirectPath}`);
    expect(location.searchParams.get("state")).toBe(state);
    expect(jar.names()).not.toContain("pcblgd_oidc_session");

    const again = await startSignIn(api.url, { jar });
    expect(again.immediate).toBeUndefined();
    expect(again.page.html).toContain('autocomplete="current-password"');
  });

  it("signs out without a provider session too (it had expired), CSP-safe, and still returns to the site", async () => {
    const { idToken } = await signIn(api.url, "canbo.xa2@pcblgd.local", seededOfficerPassword);
    const page = await request(new CookieJar(), `${api.url}/oidc/session/end?${new URLSearchParams({ id_token_hint: idToken })}`);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-security-policy")).not.toContain("sha256-");
    const html = await page.text();
    expect(html).toContain('src="/oidc/assets/logout.js"');
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)/i);
    const { location } = await signOut(api.url, new CookieJar(), idToken);
    expect(location.pathname).toBe(postLogoutRedirectPath);
  });
});
