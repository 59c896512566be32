import { randomUUID } from "node:crypto";
import { expect } from "vitest";
import type { OfficerRecord } from "../../../functions/admin/officer-directory.ts";
import type { OfficerApi } from "../officer-api.ts";
import type { FixtureSet } from "./fixture.ts";

/** A fresh officer of xã 1 in the local directory, for the routes that act on one. */
async function newOfficer(system: () => OfficerApi): Promise<OfficerRecord> {
  return system().api.directory.invite({
    email: `matrix-${randomUUID().slice(0, 8)}@pcblgd.test`,
    name: "Cán bộ ma trận",
    roles: ["commune-officer"],
    jurisdiction: { kind: "communes", communes: [system().commune1] },
  });
}

export const adminFixtures: FixtureSet = (system) => ({
  "GET /api/me": { allowed: "any-officer", success: 200, request: async () => ({ path: "/api/me" }) },
  "GET /api/admin/officers": { allowed: ["province-admin"], success: 200, request: async () => ({ path: "/api/admin/officers?limit=5" }) },
  "POST /api/admin/officers": {
    allowed: ["province-admin"],
    success: 201,
    request: async () => {
      const email = `moi-${randomUUID().slice(0, 8)}@pcblgd.test`;
      return {
        path: "/api/admin/officers",
        body: { email, name: "Cán bộ mới", roles: ["commune-officer"], jurisdiction: { kind: "communes", communes: [system().commune1] } },
        after: async (allowed) => {
          const found = await system().api.directory.findByEmail(email);
          expect(found !== undefined, `an account for ${email} exists exactly when allowed`).toBe(allowed);
        },
      };
    },
  },
  "POST /api/admin/officers/import": {
    allowed: ["province-admin"],
    success: 200,
    request: async () => {
      const csv = `email,ho_ten / name,vai_tro / roles,xa_phuong / communes\nnhap-${randomUUID().slice(0, 8)}@pcblgd.test,Cán bộ nhập,commune-officer,${system().commune1}\n`;
      return { path: "/api/admin/officers/import", body: { fileName: "can-bo.csv", content: Buffer.from(csv).toString("base64") } };
    },
  },
  "GET /api/admin/officers/{officerId}": {
    allowed: ["province-admin"],
    success: 200,
    request: async () => ({ path: `/api/admin/officers/${(await newOfficer(system)).id}` }),
  },
  "PATCH /api/admin/officers/{officerId}": {
    allowed: ["province-admin"],
    success: 200,
    request: async () => {
      const target = await newOfficer(system);
      return {
        path: `/api/admin/officers/${target.id}`,
        body: { roles: ["commune-leader"], expectedUpdatedAt: target.updatedAt },
        after: async (allowed) => {
          expect((await system().api.directory.get(target.id))?.roles).toEqual(allowed ? ["commune-leader"] : ["commune-officer"]);
        },
      };
    },
  },
  "POST /api/admin/officers/{officerId}/disable": {
    allowed: ["province-admin"],
    success: 200,
    request: async () => {
      const target = await newOfficer(system);
      return {
        path: `/api/admin/officers/${target.id}/disable`,
        after: async (allowed) => {
          expect((await system().api.directory.get(target.id))?.status === "disabled").toBe(allowed);
        },
      };
    },
  },
  "POST /api/admin/officers/{officerId}/enable": {
    allowed: ["province-admin"],
    success: 200,
    request: async () => {
      const target = await newOfficer(system);
      await system().api.directory.setEnabled(target.id, false);
      return {
        path: `/api/admin/officers/${target.id}/enable`,
        after: async (allowed) => {
          expect((await system().api.directory.get(target.id))?.status === "disabled").toBe(!allowed);
        },
      };
    },
  },
  "GET /api/admin/audit": { allowed: ["province-admin"], success: 200, request: async () => ({ path: "/api/admin/audit?limit=5" }) },
});
