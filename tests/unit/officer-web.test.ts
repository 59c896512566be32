import { describe, expect, it } from "vitest";
import { localAuthConfig, postLogoutRedirectPath, signInRedirectPath } from "../../shared/auth-config.ts";
import { officerRoutes } from "../../web/src/i18n.ts";
import { AuthConfigError, isCognito, parseAuthConfig, signOutExtraParams, userManagerSettings } from "../../web/src/scripts/officer/auth-config.ts";
import { fieldFor, placeErrors, summarize } from "../../web/src/scripts/officer/field-errors.ts";
import { fill, jurisdictionName, parseMe, roleNames, toJurisdiction } from "../../web/src/scripts/officer/me.ts";
import { formValuesOf, looksLikeEmail, missingFields, toOfficerInput } from "../../web/src/scripts/officer/officer-input.ts";
import { safeReturnPath, signInUrl } from "../../web/src/scripts/officer/return-to.ts";
import { assertChromium, chromiumInstallHint, MissingChromiumError } from "../support/browser.ts";

/** The pure parts of the officer pages' scripts (web/src/scripts/officer/). */

describe("where sign-in returns to", () => {
  it.each([
    ["/can-bo/", "/can-bo/"],
    ["/can-bo/quan-tri/can-bo/", "/can-bo/quan-tri/can-bo/"],
    ["/can-bo/vu-viec/?id=abc-1#ghi-chu", "/can-bo/vu-viec/?id=abc-1#ghi-chu"],
    ["/can-bo/tim/?q=ph%C3%BA", "/can-bo/tim/?q=ph%C3%BA"],
  ])("follows %s", (value, expected) => {
    expect(safeReturnPath(value)).toBe(expected);
  });

  it.each([
    null,
    undefined,
    "",
    "//evil.example/can-bo/",
    "https://evil.example/can-bo/",
    "/\\evil.example",
    "javascript:alert(1)",
    "/dang-nhap/",
    "/dang-nhap/callback/",
    "/",
    "/can-bo",
    "/can-bo/../dang-nhap/",
    "/can-bo/%0d%0aSet-Cookie",
    "/can-bo/%2e%2e/dang-nhap/",
    "/can-bo/%2F%2Fevil.example",
    "/can-bo/\u0000",
    "/can-bo/<script>",
    `/can-bo/${"a".repeat(600)}`,
  ])("refuses %j and goes to the officer home instead", (value) => {
    expect(safeReturnPath(value)).toBe("/can-bo/");
  });

  it("builds the sign-in address with the page to return to, and the reason when the session ended", () => {
    expect(signInUrl("/can-bo/quan-tri/can-bo/")).toBe("/dang-nhap/?quay-lai=%2Fcan-bo%2Fquan-tri%2Fcan-bo%2F");
    expect(signInUrl("/can-bo/", true)).toBe("/dang-nhap/?quay-lai=%2Fcan-bo%2F&ly-do=het-han");
    expect(signInUrl("https://evil.example/")).toBe("/dang-nhap/?quay-lai=%2Fcan-bo%2F");
  });
});

describe("auth-config.json", () => {
  it("reads the local provider's settings as the local server serves them", () => {
    const config = parseAuthConfig(localAuthConfig("http://localhost:4321"));
    expect(config).toEqual({
      authority: "http://localhost:4321/oidc",
      clientId: "pcblgd-web",
      redirectPath: "/dang-nhap/callback/",
      postLogoutPath: "/dang-nhap/da-dang-xuat/",
    });
    expect(isCognito(config)).toBe(false);
    expect(signOutExtraParams(config, "http://localhost:4321")).toEqual({});
  });

  it("registers the pages the site really has as the redirect and post-logout addresses", () => {
    expect(signInRedirectPath).toBe(officerRoutes.callback);
    expect(postLogoutRedirectPath).toBe(officerRoutes.signedOut);
  });

  it("configures Authorization Code with PKCE, no silent renew and no session iframe", () => {
    const settings = userManagerSettings(parseAuthConfig(localAuthConfig("http://localhost:4321")), "http://localhost:4321");
    expect(settings).toMatchObject({
      authority: "http://localhost:4321/oidc",
      client_id: "pcblgd-web",
      redirect_uri: "http://localhost:4321/dang-nhap/callback/",
      post_logout_redirect_uri: "http://localhost:4321/dang-nhap/da-dang-xuat/",
      response_type: "code",
      scope: "openid email profile",
      automaticSilentRenew: false,
      monitorSession: false,
    });
    expect(settings).not.toHaveProperty("disablePKCE");
    expect(settings).not.toHaveProperty("client_secret");
  });

  it("sends Cognito's /logout the client id and logout_uri it wants, and seeds its sign-out address", () => {
    const config = parseAuthConfig({
      authority: "https://cognito-idp.ap-southeast-1.amazonaws.com/ap-southeast-1_AbC123",
      clientId: "4f3k2j1h0g9f8e7d6c5b4a3z2y",
      redirectPath: "/dang-nhap/callback/",
      postLogoutPath: "/dang-nhap/da-dang-xuat/",
      signOutEndpoint: "https://pcblgd-37.auth.ap-southeast-1.amazoncognito.com/logout",
    });
    expect(isCognito(config)).toBe(true);
    expect(signOutExtraParams(config, "https://pcblgd.example.vn")).toEqual({
      client_id: "4f3k2j1h0g9f8e7d6c5b4a3z2y",
      logout_uri: "https://pcblgd.example.vn/dang-nhap/da-dang-xuat/",
    });
    expect(userManagerSettings(config, "https://pcblgd.example.vn").metadataSeed).toEqual({
      end_session_endpoint: "https://pcblgd-37.auth.ap-southeast-1.amazoncognito.com/logout",
    });
  });

  it.each([
    [null, /not an object/],
    [{ clientId: "x", redirectPath: "/a/", postLogoutPath: "/b/" }, /authority/],
    [{ authority: "ftp://x", clientId: "x", redirectPath: "/a/", postLogoutPath: "/b/" }, /authority/],
    [{ authority: "http://x/oidc", redirectPath: "/a/", postLogoutPath: "/b/" }, /clientId/],
    [{ authority: "http://x/oidc", clientId: "x", redirectPath: "https://evil/", postLogoutPath: "/b/" }, /redirectPath/],
    [{ authority: "http://x/oidc", clientId: "x", redirectPath: "/a/", postLogoutPath: "//evil/" }, /postLogoutPath/],
    [{ authority: "http://x/oidc", clientId: "x", redirectPath: "/a/", postLogoutPath: "/b/", signOutEndpoint: "http://plain" }, /signOutEndpoint/],
  ])("refuses %j", (value, message) => {
    expect(() => parseAuthConfig(value)).toThrow(AuthConfigError);
    expect(() => parseAuthConfig(value)).toThrow(message);
  });
});

describe("problem+json field errors on a form", () => {
  const fields = ["email", "name", "roles", "jurisdiction", "communes"];
  const aliases = { "jurisdiction.communes": "communes" };

  it.each([
    ["body.email", "email"],
    ["body.roles.1", "roles"],
    ["body.jurisdiction", "jurisdiction"],
    ["body.jurisdiction.kind", "jurisdiction"],
    ["body.jurisdiction.communes.3", "communes"],
    ["query.from", undefined],
    ["body.expectedUpdatedAt", undefined],
    ["path.officerId", undefined],
    ["", undefined],
  ])("places %s on %s", (path, field) => {
    expect(fieldFor(path, fields, aliases)).toBe(field);
  });

  it("places query fields on a filter form", () => {
    expect(fieldFor("query.from", ["officer", "record", "from", "to"])).toBe("from");
  });

  it("lists one message per field in the form's order, then the general ones", () => {
    const placed = placeErrors(
      [
        { field: "body.expectedUpdatedAt", message: "chung" },
        { field: "body.jurisdiction.communes.0", message: "xã 1" },
        { field: "body.email", message: "e-mail" },
        { field: "body.jurisdiction.communes.1", message: "xã 2" },
      ],
      fields,
      aliases,
    );
    expect(summarize(placed, fields)).toEqual([
      { field: "email", message: "e-mail" },
      { field: "communes", message: "xã 1" },
      { field: undefined, message: "chung" },
    ]);
  });
});

describe("the officer form's values", () => {
  const base = {
    email: " moi@pcblgd.local ",
    name: "  Nguyễn   Thị  Mới ",
    roles: ["commune-officer", "nonsense"],
    jurisdiction: "communes",
    communes: ["13285", "13285", "13291"],
  };

  it("become the API's invitation: trimmed, known roles only, communes once each", () => {
    expect(toOfficerInput(base)).toEqual({
      email: "moi@pcblgd.local",
      name: "Nguyễn Thị Mới",
      roles: ["commune-officer"],
      jurisdiction: { kind: "communes", communes: ["13285", "13291"] },
    });
    expect(toOfficerInput({ ...base, jurisdiction: "province" }).jurisdiction).toEqual({ kind: "province" });
    expect(toOfficerInput({ roles: [], jurisdiction: "", communes: [] })).toEqual({ roles: [], jurisdiction: undefined });
  });

  it("name what is missing before anything is sent", () => {
    expect(missingFields(base)).toEqual([]);
    expect(missingFields({ email: "", name: " ", roles: ["x"], jurisdiction: "", communes: [] })).toEqual(["email", "name", "roles", "jurisdiction"]);
    expect(missingFields({ roles: ["province-admin"], jurisdiction: "communes", communes: [] })).toEqual(["communes"]);
    expect(missingFields({ roles: ["province-admin"], jurisdiction: "province", communes: [] })).toEqual([]);
  });

  it.each([
    ["a@b.vn", true],
    ["ten.xa@ninhbinh.gov.vn", true],
    ["a@b", false],
    ["a b@c.vn", false],
    ["", false],
  ])("treats %s as an e-mail: %s", (value, ok) => {
    expect(looksLikeEmail(value)).toBe(ok);
  });

  it("come back from an officer's current access", () => {
    expect(formValuesOf({ roles: ["commune-leader"], jurisdiction: { kind: "communes", communes: ["13285"] } })).toEqual({
      roles: ["commune-leader"],
      jurisdiction: "communes",
      communes: ["13285"],
    });
    expect(formValuesOf({ roles: ["province-admin"], jurisdiction: { kind: "province" } })).toEqual({
      roles: ["province-admin"],
      jurisdiction: "province",
      communes: [],
    });
  });
});

describe("the signed-in officer (GET /api/me)", () => {
  it("reads the profile, with the jurisdiction as an object or in the claim's form", () => {
    const me = parseMe({
      id: "u1",
      email: "canbo.xa1@pcblgd.local",
      name: "Nguyễn Thị Hoa",
      roles: ["commune-officer", "bogus"],
      permissions: ["report:read"],
      jurisdiction: { kind: "communes", communes: ["13285"] },
      communes: [{ code: "13285", fullName: "Phường Phủ Lý", fullNameEn: "Phu Ly Ward" }, { code: 1 }, null],
    });
    expect(me).toEqual({
      id: "u1",
      email: "canbo.xa1@pcblgd.local",
      name: "Nguyễn Thị Hoa",
      roles: ["commune-officer"],
      jurisdiction: { kind: "communes", communes: ["13285"] },
      communeNames: new Map([["13285", "Phường Phủ Lý"]]),
    });
    expect(parseMe({ id: "u2", email: "a@b.vn", name: "", roles: [], jurisdiction: "province" })).toMatchObject({
      name: "a@b.vn",
      jurisdiction: { kind: "province" },
    });
    expect(parseMe({ id: "u3", email: "a@b.vn", jurisdiction: { kind: "communes", communes: [] } })).toBeUndefined();
    expect(parseMe({ email: "a@b.vn", jurisdiction: "province" })).toBeUndefined();
    expect(parseMe("nope")).toBeUndefined();
    expect(toJurisdiction({ kind: "communes", communes: ["1328"] })).toBeUndefined();
  });

  it("describes roles and jurisdiction in Vietnamese", () => {
    expect(roleNames(["commune-officer", "commune-leader"])).toBe("Cán bộ xã, Lãnh đạo UBND xã (Chủ tịch/Phó Chủ tịch)");
    const names = new Map([
      ["13285", "Phường Phủ Lý"],
      ["13291", "Phường Phù Vân"],
    ]);
    expect(jurisdictionName({ kind: "province" }, names, "Toàn tỉnh")).toBe("Toàn tỉnh");
    expect(jurisdictionName({ kind: "communes", communes: ["13285", "13291", "99999"] }, names, "Toàn tỉnh")).toBe("Phường Phủ Lý, Phường Phù Vân, 99999");
  });

  it("fills message templates, leaving unknown placeholders as they are", () => {
    expect(fill("Xin chào, {name}", { name: "Hoa" })).toBe("Xin chào, Hoa");
    expect(fill("{n} cán bộ, {x}", { n: 3 })).toBe("3 cán bộ, {x}");
  });
});

describe("the browser tests without Chromium", () => {
  it("stop with the exact command that installs it", () => {
    expect(() => assertChromium("/nonexistent/chromium")).toThrow(MissingChromiumError);
    expect(() => assertChromium("/nonexistent/chromium")).toThrow("sudo apt-get update && sudo apt-get install -y chromium");
    expect(chromiumInstallHint).toBe("sudo apt-get update && sudo apt-get install -y chromium");
  });
});
