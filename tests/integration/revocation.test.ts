import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OfficerRecord } from "../../functions/admin/officer-directory.ts";
import { type OfficerApi, startOfficerApi } from "../support/officer-api.ts";

/**
 * Revoking earlier ID tokens: when an admin disables an officer or changes their roles, the tokens
 * the officer already holds stop working at once (401, like an expired token); a token issued
 * afterwards works. Real handlers, DynamoDB Local, tokens verified by the production code.
 */
let system: OfficerApi;
let adminToken: string;

beforeAll(async () => {
  system = await startOfficerApi("ninh-binh");
  adminToken = system.adminToken();
});
afterAll(async () => {
  await system?.close();
});

/** Waits for the next whole second, so a token minted afterwards has a later iat than a revocation. */
const nextSecond = () => new Promise((resolve) => setTimeout(resolve, 1000 - (Date.now() % 1000) + 20));

async function inviteOfficer(): Promise<OfficerRecord> {
  const result = await system.call("POST", "/api/admin/officers", {
    token: adminToken,
    body: {
      email: `thu-hoi-${randomUUID().slice(0, 8)}@pcblgd.test`,
      name: "Cán bộ thu hồi",
      roles: ["commune-officer"],
      jurisdiction: { kind: "communes", communes: [system.commune1] },
    },
  });
  expect(result.status, JSON.stringify(result.json)).toBe(201);
  return result.json as OfficerRecord;
}

const tokenOf = (officer: OfficerRecord, roles: OfficerRecord["roles"] = officer.roles) =>
  system.tokenFor(roles, officer.jurisdiction, { sub: officer.id, email: officer.email }).token;

describe("revoking an officer's earlier tokens", () => {
  it("refuses the same token at once after the officer is disabled", async () => {
    const officer = await inviteOfficer();
    const token = tokenOf(officer);
    expect((await system.call("GET", "/api/me", { token })).status).toBe(200);

    const disabled = await system.call("POST", `/api/admin/officers/${officer.id}/disable`, { token: adminToken });
    expect(disabled.status, JSON.stringify(disabled.json)).toBe(200);

    const after = await system.call("GET", "/api/me", { token });
    expect(after.status).toBe(401);
    expect(after.json.type).toMatch(/unauthenticated$/);
    expect(after.headers.get("www-authenticate")).toMatch(/^Bearer/);
  });

  it("refuses the same token after a change of roles, and accepts one issued afterwards with the new roles", async () => {
    const officer = await inviteOfficer();
    const oldToken = tokenOf(officer);
    expect((await system.call("GET", "/api/me", { token: oldToken })).status).toBe(200);

    const changed = await system.call("PATCH", `/api/admin/officers/${officer.id}`, {
      token: adminToken,
      body: { roles: ["commune-leader"], expectedUpdatedAt: officer.updatedAt },
    });
    expect(changed.status, JSON.stringify(changed.json)).toBe(200);

    expect((await system.call("GET", "/api/me", { token: oldToken })).status).toBe(401);

    await nextSecond();
    const newToken = tokenOf(officer, ["commune-leader"]);
    const me = await system.call("GET", "/api/me", { token: newToken });
    expect(me.status, JSON.stringify(me.json)).toBe(200);
    expect(me.json.roles).toEqual(["commune-leader"]);
  });

  it("leaves other officers' tokens and a mere change of name alone", async () => {
    const officer = await inviteOfficer();
    const token = tokenOf(officer);
    const renamed = await system.call("PATCH", `/api/admin/officers/${officer.id}`, {
      token: adminToken,
      body: { name: "Tên mới", expectedUpdatedAt: officer.updatedAt },
    });
    expect(renamed.status, JSON.stringify(renamed.json)).toBe(200);
    expect((await system.call("GET", "/api/me", { token })).status).toBe(200);
    expect((await system.call("GET", "/api/me", { token: adminToken })).status).toBe(200);
  });
});
