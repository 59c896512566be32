import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AuthenticationError, bearerToken, createTokenVerifier, IdentityProviderUnavailableError, officerFromClaims } from "../../functions/lib/auth.ts";
import { idTokenLifetimeSeconds } from "../../shared/auth-config.ts";
import { generateSigningKey, mintIdToken, officerClaims, startJwksServer, strangerKey, type TestIdentityProvider } from "../support/tokens.ts";

/**
 * The ID-token verifier (functions/lib/auth.ts) against a local RSA key and a JWKS served over
 * HTTP — the code that verifies Cognito's and the local provider's tokens, unchanged.
 */
let idp: TestIdentityProvider;
let verify: ReturnType<typeof createTokenVerifier>;

beforeAll(async () => {
  idp = await startJwksServer();
  verify = createTokenVerifier({ issuer: idp.issuer, clientId: idp.clientId, jwksUri: idp.jwksUri });
});
afterAll(async () => {
  await idp.close();
});

const communeOfficer = () => officerClaims({ roles: ["commune-officer"], jurisdiction: ["13285"], name: "Nguyễn Thị Hoa", email: "Canbo.Xa1@PCBLGD.local" });

async function reasonOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error, "verification should fail").toBeInstanceOf(AuthenticationError);
  return (error as Error).message;
}

describe("a valid ID token", () => {
  it("gives the principal: sub, e-mail (lower case), name, roles and jurisdiction", async () => {
    const claims = communeOfficer();
    const officer = await verify(idp.mint(claims));
    expect(officer).toEqual({
      id: claims.sub,
      email: "canbo.xa1@pcblgd.local",
      name: "Nguyễn Thị Hoa",
      roles: ["commune-officer"],
      jurisdiction: { kind: "communes", communes: ["13285"] },
    });
  });

  it("reads a province jurisdiction and several roles, and falls back to the e-mail for a missing name", async () => {
    const claims = officerClaims({ roles: ["province-officer", "commendation-reviewer"], jurisdiction: "province" });
    delete claims.name;
    const officer = await verify(idp.mint(claims));
    expect(officer.jurisdiction).toEqual({ kind: "province" });
    expect(officer.roles).toEqual(["province-officer", "commendation-reviewer"]);
    expect(officer.name).toBe(claims.email);
  });

  it("fetches the JWKS once and then verifies from the cache", async () => {
    const before = idp.jwksRequests();
    for (let i = 0; i < 5; i++) await verify(idp.mint(communeOfficer()));
    expect(idp.jwksRequests() - before).toBe(0);
  });
});

describe("tokens that are refused with 401", () => {
  it.each([
    ["an expired token", () => idp.mint(communeOfficer(), { expiresIn: -60 }), "expired"],
    ["a token for another client", () => idp.mint(communeOfficer(), { audience: "someone-else" }), "wrong audience"],
    ["a token from another issuer", () => idp.mint(communeOfficer(), { issuer: "https://cognito-idp.ap-southeast-1.amazonaws.com/other" }), "wrong issuer"],
    ["a token signed with another key", () => idp.mint(communeOfficer(), { signWith: strangerKey() }), "bad signature"],
    ["a token whose key id is not in the JWKS", () => idp.mint(communeOfficer(), { key: generateSigningKey("unknown-kid") }), "unknown key"],
    [
      "an unsigned token (alg none)",
      () =>
        `${idp
          .mint(communeOfficer(), { header: { alg: "none" } })
          .split(".")
          .slice(0, 2)
          .join(".")}.`,
      undefined,
    ],
    ["an HS256 token", () => idp.mint(communeOfficer(), { header: { alg: "HS256" } }), undefined],
    ["garbage", () => "not.a.jwt", undefined],
  ])("%s", async (_label, token, reason) => {
    const message = await reasonOf(verify(token()));
    if (reason) expect(message).toBe(reason);
  });

  it("a token without exp, or living longer than the provider issues (more than an hour)", async () => {
    const forever = mintIdToken({ ...communeOfficer(), exp: undefined }, { issuer: idp.issuer, audience: idp.clientId, key: idp.key });
    expect(JSON.parse(Buffer.from(forever.split(".")[1] ?? "", "base64url").toString())).not.toHaveProperty("exp");
    expect(await reasonOf(verify(forever))).toBe("no expiry");
    expect(await reasonOf(verify(idp.mint(communeOfficer(), { expiresIn: idTokenLifetimeSeconds + 120 })))).toBe("lifetime too long");
    expect(await reasonOf(verify(idp.mint({ ...communeOfficer(), iat: undefined })))).toBe("no iat");
    await expect(verify(idp.mint(communeOfficer(), { expiresIn: idTokenLifetimeSeconds }))).resolves.toBeDefined();
  });

  it("an access token (token_use access)", async () => {
    expect(await reasonOf(verify(idp.mint(communeOfficer(), { tokenUse: "access" })))).toBe("not an ID token");
    expect(await reasonOf(verify(idp.mint(communeOfficer(), { tokenUse: null })))).toBe("not an ID token");
  });

  it.each([
    ["no jurisdiction", { "custom:jurisdiction": undefined }, "bad jurisdiction"],
    ["an empty jurisdiction", { "custom:jurisdiction": "" }, "bad jurisdiction"],
    ["a garbled jurisdiction", { "custom:jurisdiction": "13285,abc" }, "bad jurisdiction"],
    ["a jurisdiction that is not a string", { "custom:jurisdiction": ["13285"] }, "bad jurisdiction"],
    ["an unknown group", { "cognito:groups": ["commune-officer", "superuser"] }, "unknown group"],
    ["no group at all", { "cognito:groups": undefined }, "no groups"],
    ["an empty group list", { "cognito:groups": [] }, "no groups"],
    ["groups that are not a list", { "cognito:groups": "province-admin" }, "no groups"],
    ["no e-mail", { email: undefined }, "no email"],
  ])("%s", async (_label, override, reason) => {
    const claims: Record<string, unknown> = { ...communeOfficer(), ...override };
    for (const [name, value] of Object.entries(claims)) if (value === undefined) delete claims[name];
    expect(await reasonOf(verify(idp.mint(claims)))).toBe(reason);
  });
});

describe("the identity provider unreachable", () => {
  it("is our failure (503), not the caller's (401)", async () => {
    const closed = await startJwksServer();
    const jwksUri = closed.jwksUri;
    await closed.close();
    const verifier = createTokenVerifier({ issuer: closed.issuer, clientId: closed.clientId, jwksUri });
    await expect(verifier(closed.mint(communeOfficer()))).rejects.toBeInstanceOf(IdentityProviderUnavailableError);
  });
});

describe("officerFromClaims", () => {
  it("deduplicates roles", () => {
    const claims = { ...communeOfficer(), token_use: "id", "cognito:groups": ["commune-officer", "commune-officer"] };
    expect(officerFromClaims(claims).roles).toEqual(["commune-officer"]);
  });
});

describe("bearerToken", () => {
  it.each([
    ["Bearer a.b.c", "a.b.c"],
    ["bearer a.b.c", "a.b.c"],
    ["Bearer  a.b.c ", "a.b.c"],
    ["Basic dXNlcjpwYXNz", undefined],
    ["Bearer", undefined],
    ["Bearer a.b", undefined],
    ["Bearer a.b.c d", undefined],
    ["", undefined],
    [undefined, undefined],
  ])("%s → %s", (header, token) => {
    expect(bearerToken(header)).toBe(token);
  });
});
