import { randomUUID } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OfficerRecord } from "../../functions/admin/officer-directory.ts";
import { captureOutput } from "../support/local-api.ts";
import { type OfficerApi, startOfficerApi } from "../support/officer-api.ts";

/**
 * Officer administration end to end: the admin function over HTTP, the local officer directory in
 * DynamoDB Local (the stand-in for Cognito), tokens verified by the production code.
 */
let system: OfficerApi;
let adminToken: string;

beforeAll(async () => {
  // The functions log at DEBUG, their most talkative: still no token, e-mail or name may appear.
  system = await startOfficerApi("ninh-binh", { logLevel: "DEBUG" });
  adminToken = system.adminToken();
});
afterAll(async () => {
  await system?.close();
});

const uniqueEmail = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}@pcblgd.test`;

function expectFieldProblem(
  result: { status: number; json: { errors?: { field: string; message: string; message_en: string }[] } },
  status: number,
  field: string,
) {
  expect(result.status, JSON.stringify(result.json)).toBe(status);
  const error = result.json.errors?.find((entry) => entry.field === field);
  expect(error, `an error for ${field} in ${JSON.stringify(result.json.errors)}`).toBeDefined();
  expect(error?.message).not.toBe(error?.message_en);
}

describe("GET /api/me", () => {
  it("describes the signed-in officer with the names of their communes", async () => {
    const { claims, token } = system.tokenFor(["commune-leader"], [system.commune1]);
    const result = await system.call("GET", "/api/me", { token });
    expect(result.status).toBe(200);
    expect(result.json).toEqual({
      id: claims.sub,
      email: claims.email,
      name: claims.name,
      roles: ["commune-leader"],
      roleLabels: [{ role: "commune-leader", vi: expect.any(String), en: expect.any(String) }],
      permissions: expect.arrayContaining(["case:read", "measure:order"]),
      jurisdiction: { kind: "communes", communes: [system.commune1] },
      communes: [{ code: system.commune1, fullName: "Phường Phủ Lý", fullNameEn: "Phu Ly Ward" }],
    });
  });
});

describe("an officer's life: invite → list → change → disable", () => {
  let invited: OfficerRecord;
  const email = uniqueEmail("vong-doi");

  it("invites an officer (201, Location) and leaves the temporary password in the local outbox", async () => {
    const result = await system.call("POST", "/api/admin/officers", {
      token: adminToken,
      body: {
        email: email.toUpperCase(),
        name: "  Nguyễn Văn Mới ",
        roles: ["commune-officer"],
        jurisdiction: { kind: "communes", communes: [system.commune1] },
      },
    });
    expect(result.status, JSON.stringify(result.json)).toBe(201);
    invited = result.json as OfficerRecord;
    expect(invited).toMatchObject({ email, name: "Nguyễn Văn Mới", roles: ["commune-officer"], status: "invited" });
    expect(result.headers.get("location")).toBe(`/api/admin/officers/${invited.id}`);
    const letters = readdirSync(system.api.outboxDir).filter((file) => file.includes(email));
    expect(letters).toHaveLength(1);
    expect(readFileSync(join(system.api.outboxDir, letters[0] as string), "utf8")).toContain(email);
  });

  it("refuses the same e-mail twice (409)", async () => {
    const result = await system.call("POST", "/api/admin/officers", {
      token: adminToken,
      body: { email, name: "Trùng", roles: ["commune-officer"], jurisdiction: { kind: "communes", communes: [system.commune1] } },
    });
    expect(result.status).toBe(409);
  });

  it("lists officers a page at a time until the new one appears", async () => {
    for (let i = 0; i < 4; i++) {
      await system.api.directory.invite({
        email: uniqueEmail("liet-ke"),
        name: "Cán bộ",
        roles: ["commune-officer"],
        jurisdiction: { kind: "communes", communes: [system.commune2] },
      });
    }
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const result = await system.call("GET", `/api/admin/officers?limit=3${cursor ? `&cursor=${cursor}` : ""}`, { token: adminToken });
      expect(result.status).toBe(200);
      expect(result.json.items.length).toBeLessThanOrEqual(3);
      seen.push(...result.json.items.map((item: OfficerRecord) => item.id));
      cursor = result.json.cursor;
      pages++;
    } while (cursor && pages < 200);
    expect(pages).toBeGreaterThan(1);
    expect(seen).toContain(invited.id);
    expect(new Set(seen).size).toBe(seen.length);
  });

  it("reads one officer", async () => {
    const result = await system.call("GET", `/api/admin/officers/${invited.id}`, { token: adminToken });
    expect(result.json).toEqual(invited);
  });

  it("changes role and jurisdiction with the version it read, and refuses a stale version with 409 and the current record", async () => {
    const changed = await system.call("PATCH", `/api/admin/officers/${invited.id}`, {
      token: adminToken,
      body: {
        roles: ["commune-leader"],
        jurisdiction: { kind: "communes", communes: [system.commune1, system.commune2] },
        expectedUpdatedAt: invited.updatedAt,
      },
    });
    expect(changed.status, JSON.stringify(changed.json)).toBe(200);
    expect(changed.json).toMatchObject({ roles: ["commune-leader"], jurisdiction: { kind: "communes", communes: [system.commune1, system.commune2] } });
    expect(changed.json.updatedAt).not.toBe(invited.updatedAt);

    const stale = await system.call("PATCH", `/api/admin/officers/${invited.id}`, {
      token: adminToken,
      body: { name: "Ghi đè", expectedUpdatedAt: invited.updatedAt },
    });
    expect(stale.status).toBe(409);
    expect(stale.json.type).toBe("urn:pcblgd:problem:conflict");
    expect(stale.json.current).toEqual(changed.json);
    expect((await system.api.directory.get(invited.id))?.name).toBe("Nguyễn Văn Mới");
  });

  it("disables the officer, then enables them again", async () => {
    const disabled = await system.call("POST", `/api/admin/officers/${invited.id}/disable`, { token: adminToken });
    expect(disabled.status).toBe(200);
    expect(disabled.json.status).toBe("disabled");
    expect((await system.api.directory.get(invited.id))?.status).toBe("disabled");
    const enabled = await system.call("POST", `/api/admin/officers/${invited.id}/enable`, { token: adminToken });
    expect(enabled.json.status).not.toBe("disabled");
  });
});

describe("nobody raises their own privileges", () => {
  let self: OfficerRecord;
  let selfToken: string;

  beforeAll(async () => {
    self = await system.api.directory.invite({
      email: uniqueEmail("tu-sua"),
      name: "Quản trị B",
      roles: ["province-admin"],
      jurisdiction: { kind: "province" },
    });
    selfToken = system.tokenFor(["province-admin"], "province", { sub: self.id, email: self.email }).token;
  });

  it("refuses changing one's own roles (400 on body.roles) and jurisdiction (400 on body.jurisdiction)", async () => {
    expectFieldProblem(
      await system.call("PATCH", `/api/admin/officers/${self.id}`, {
        token: selfToken,
        body: { roles: ["province-admin", "province-officer"], expectedUpdatedAt: self.updatedAt },
      }),
      400,
      "body.roles",
    );
    expectFieldProblem(
      await system.call("PATCH", `/api/admin/officers/${self.id}`, {
        token: selfToken,
        body: { jurisdiction: { kind: "communes", communes: [system.commune1] }, expectedUpdatedAt: self.updatedAt },
      }),
      400,
      "body.jurisdiction",
    );
    expect(await system.api.directory.get(self.id)).toEqual(self);
  });

  it("refuses disabling oneself (400 on path.officerId), and allows renaming oneself", async () => {
    expectFieldProblem(await system.call("POST", `/api/admin/officers/${self.id}/disable`, { token: selfToken }), 400, "path.officerId");
    const renamed = await system.call("PATCH", `/api/admin/officers/${self.id}`, {
      token: selfToken,
      body: { name: "Quản trị Bình", roles: ["province-admin"], jurisdiction: { kind: "province" }, expectedUpdatedAt: self.updatedAt },
    });
    expect(renamed.status, JSON.stringify(renamed.json)).toBe(200);
    expect(renamed.json).toMatchObject({ name: "Quản trị Bình", roles: ["province-admin"] });
  });
});

describe("invalid requests write nothing", () => {
  const valid = () => ({
    email: uniqueEmail("sai"),
    name: "Cán bộ",
    roles: ["commune-officer"],
    jurisdiction: { kind: "communes", communes: [system.commune1] },
  });

  it.each([
    ["a commune that is not in the province", "body.jurisdiction.communes.0", { jurisdiction: { kind: "communes", communes: ["99999"] } }],
    ["a malformed commune code", "body.jurisdiction.communes.0", { jurisdiction: { kind: "communes", communes: ["123"] } }],
    ["the same commune twice", "body.jurisdiction.communes", { jurisdiction: { kind: "communes", communes: ["13285", "13285"] } }],
    ["a commune role for the whole province", "body.jurisdiction", { jurisdiction: { kind: "province" } }],
    ["no role", "body.roles", { roles: [] }],
    ["an unknown role", "body.roles.0", { roles: ["superuser"] }],
    ["a bad e-mail", "body.email", { email: "not-an-email" }],
    ["an empty name", "body.name", { name: "   " }],
    ["an unknown field", "body.password", { password: "x" }],
  ])("refuses %s (400 on %s)", async (_label, field, change) => {
    const body = { ...valid(), ...change };
    expectFieldProblem(await system.call("POST", "/api/admin/officers", { token: adminToken, body }), 400, field);
    if (typeof body.email === "string" && body.email.includes("@")) expect(await system.api.directory.findByEmail(body.email)).toBeUndefined();
  });

  it("requires expectedUpdatedAt on PATCH", async () => {
    const target = await system.api.directory.invite({
      ...valid(),
      roles: ["commune-officer"],
      jurisdiction: { kind: "communes", communes: [system.commune1] },
    });
    expectFieldProblem(
      await system.call("PATCH", `/api/admin/officers/${target.id}`, { token: adminToken, body: { name: "X" } }),
      400,
      "body.expectedUpdatedAt",
    );
  });

  it("answers 404 for an officer that does not exist, and 400 for a malformed id or cursor", async () => {
    expect((await system.call("GET", `/api/admin/officers/${randomUUID()}`, { token: adminToken })).status).toBe(404);
    expect((await system.call("POST", `/api/admin/officers/${randomUUID()}/disable`, { token: adminToken })).status).toBe(404);
    expectFieldProblem(await system.call("GET", "/api/admin/officers/a%22b", { token: adminToken }), 400, "path.officerId");
    expectFieldProblem(await system.call("GET", "/api/admin/officers?cursor=bm90LWEtY3Vyc29y", { token: adminToken }), 400, "query.cursor");
  });
});

describe("logs", () => {
  it("carry no token, e-mail, name or officer id of officer requests, allowed or refused", async () => {
    const email = uniqueEmail("nhat-ky-log");
    const officer = system.tokenFor(["commune-officer"], [system.commune1], { name: "Tên-Bí-Mật-Cán-Bộ" });
    const output = await captureOutput(async () => {
      await system.call("GET", "/api/me", { token: officer.token });
      await system.call("GET", "/api/admin/officers", { token: officer.token });
      await system.call("GET", "/api/me", { token: `${officer.token}x` });
      await system.call("POST", "/api/admin/officers", {
        token: adminToken,
        body: { email, name: "Người-Được-Mời-Bí-Mật", roles: ["commune-officer"], jurisdiction: { kind: "communes", communes: [system.commune1] } },
      });
    });
    expect(output.match(/"route":/g)?.length).toBeGreaterThanOrEqual(4);
    for (const secret of [
      officer.token.split(".")[1] as string,
      officer.token.split(".")[2] as string,
      officer.claims.email,
      "Tên-Bí-Mật",
      email,
      "Người-Được-Mời",
      officer.claims.sub,
    ]) {
      expect(output).not.toContain(secret);
    }
  });
});
