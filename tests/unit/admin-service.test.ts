import { randomUUID } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import {
  type InviteOfficer,
  type OfficerChanges,
  type OfficerDirectory,
  OfficerExistsError,
  OfficerNotFoundError,
  type OfficerPage,
  type OfficerRecord,
} from "../../functions/admin/officer-directory.ts";
import { profileOf } from "../../functions/admin/profile.ts";
import { AdminService } from "../../functions/admin/service.ts";
import { NotFoundError, RuleError, StaleError } from "../../functions/lib/kit/index.ts";
import type { Principal } from "../../shared/permissions.ts";

/** The admin rules, against an in-memory officer directory (the real ones have their own tests). */
class MemoryDirectory implements OfficerDirectory {
  readonly officers = new Map<string, OfficerRecord>();
  private clock = Date.parse("2026-03-01T00:00:00Z");
  private tick(): string {
    this.clock += 1000;
    return new Date(this.clock).toISOString();
  }

  async list({ limit, cursor }: { limit: number; cursor?: string }): Promise<OfficerPage> {
    const all = [...this.officers.values()].sort((a, b) => a.email.localeCompare(b.email));
    const start = cursor === undefined ? 0 : Number(cursor);
    const items = all.slice(start, start + limit);
    return { items, ...(start + limit < all.length ? { cursor: String(start + limit) } : {}) };
  }
  async get(id: string) {
    return this.officers.get(id);
  }
  async invite(input: InviteOfficer) {
    if ([...this.officers.values()].some((officer) => officer.email === input.email)) throw new OfficerExistsError(input.email);
    const now = this.tick();
    const record: OfficerRecord = { id: randomUUID(), ...input, status: "invited", createdAt: now, updatedAt: now };
    this.officers.set(record.id, record);
    return record;
  }
  async update(id: string, changes: OfficerChanges) {
    const current = this.officers.get(id);
    if (!current) throw new OfficerNotFoundError(id);
    const next = { ...current, ...changes, updatedAt: this.tick() };
    this.officers.set(id, next);
    return next;
  }
  async setEnabled(id: string, enabled: boolean) {
    return this.update(id, {}).then((record) => {
      const next = { ...record, status: enabled ? ("active" as const) : ("disabled" as const) };
      this.officers.set(id, next);
      return next;
    });
  }
}

const communes = new Map([
  ["13285", { code: "13285", fullName: "Phường Phủ Lý", fullNameEn: "Phu Ly Ward" }],
  ["13291", { code: "13291", fullName: "Phường Phù Vân", fullNameEn: "Phu Van Ward" }],
]);

/** The revocations the service recorded, in order. */
let revoked: { officerId: string; at: Date }[];
const revocationClock = new Date("2026-03-01T08:00:00Z");

const communeNames = { commune: async (code: string) => communes.get(code) };
let directory: MemoryDirectory;
let service: AdminService;
let admin: Principal & { name: string };

beforeEach(async () => {
  directory = new MemoryDirectory();
  revoked = [];
  service = new AdminService(directory, communeNames, { revoke: async (officerId, at) => void revoked.push({ officerId, at }) }, () => revocationClock);
  const adminRecord = await directory.invite({
    email: "quantri@pcblgd.local",
    name: "Quản trị",
    roles: ["province-admin"],
    jurisdiction: { kind: "province" },
  });
  admin = { id: adminRecord.id, email: adminRecord.email, name: adminRecord.name, roles: ["province-admin"], jurisdiction: { kind: "province" } };
});

const invite = (overrides: Partial<InviteOfficer> = {}): InviteOfficer => ({
  email: `canbo-${randomUUID().slice(0, 6)}@pcblgd.local`,
  name: "Nguyễn Thị Hoa",
  roles: ["commune-officer"],
  jurisdiction: { kind: "communes", communes: ["13285"] },
  ...overrides,
});

async function refusal(work: Promise<unknown>): Promise<RuleError> {
  const error = await work.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(RuleError);
  return error as RuleError;
}

describe("me", () => {
  it("gives roles with their labels, permissions and the communes' names", async () => {
    const me = await profileOf(
      {
        id: "x",
        email: "canbo.xa1@pcblgd.local",
        name: "Hoa",
        roles: ["commune-leader"],
        jurisdiction: { kind: "communes", communes: ["13285"] },
      },
      communeNames,
    );
    expect(me.roleLabels).toEqual([{ role: "commune-leader", vi: "Lãnh đạo UBND xã (Chủ tịch/Phó Chủ tịch)", en: "Commune leader (chair/vice-chair)" }]);
    expect(me.permissions).toContain("measure:order");
    expect(me.permissions).not.toContain("admin:users");
    expect(me.communes).toEqual([communes.get("13285")]);
  });

  it("lists no communes for the whole province", async () => {
    expect((await profileOf(admin, communeNames)).communes).toEqual([]);
  });
});

describe("invite", () => {
  it("creates the officer with a lower-cased e-mail", async () => {
    const created = await service.invite(admin, invite({ email: "  Canbo.Moi@PCBLGD.local " }));
    expect(created).toMatchObject({ email: "canbo.moi@pcblgd.local", status: "invited", roles: ["commune-officer"] });
  });

  it("refuses a commune the province does not have, naming its position", async () => {
    const error = await refusal(service.invite(admin, invite({ jurisdiction: { kind: "communes", communes: ["13285", "99999"] } })));
    expect(error.field).toBe("body.jurisdiction.communes.1");
  });

  it("keeps commune roles in communes and province roles in the province", async () => {
    expect((await refusal(service.invite(admin, invite({ jurisdiction: { kind: "province" } })))).field).toBe("body.jurisdiction");
    expect((await refusal(service.invite(admin, invite({ roles: ["province-officer"] })))).field).toBe("body.jurisdiction");
    expect((await refusal(service.invite(admin, invite({ roles: ["commune-officer", "province-admin"] })))).field).toBe("body.jurisdiction");
    // A commendation reviewer may sit on a commune's council or the province's.
    await service.invite(admin, invite({ roles: ["commendation-reviewer"] }));
    await service.invite(admin, invite({ roles: ["commendation-reviewer"], jurisdiction: { kind: "province" } }));
  });

  it("refuses inviting oneself", async () => {
    expect((await refusal(service.invite(admin, invite({ email: "QuanTri@pcblgd.local" })))).field).toBe("body.email");
  });
});

describe("update", () => {
  it("changes roles and jurisdiction when the version matches", async () => {
    const officer = await service.invite(admin, invite());
    const updated = await service.update(admin, officer.id, {
      roles: ["commune-leader"],
      jurisdiction: { kind: "communes", communes: ["13291"] },
      expectedUpdatedAt: officer.updatedAt,
    });
    expect(updated).toMatchObject({ roles: ["commune-leader"], jurisdiction: { kind: "communes", communes: ["13291"] } });
    expect(updated?.updatedAt).not.toBe(officer.updatedAt);
  });

  it("answers a stale version with the current record", async () => {
    const officer = await service.invite(admin, invite());
    const first = await service.update(admin, officer.id, { name: "Tên mới", expectedUpdatedAt: officer.updatedAt });
    const stale = await service.update(admin, officer.id, { name: "Tên khác", expectedUpdatedAt: officer.updatedAt }).catch((error: unknown) => error);
    expect(stale).toBeInstanceOf(StaleError);
    expect((stale as StaleError).current).toEqual(first);
  });

  it("refuses changing one's own roles or jurisdiction, but lets an unchanged form through", async () => {
    const self = (await directory.get(admin.id)) as OfficerRecord;
    expect((await refusal(service.update(admin, admin.id, { roles: ["province-admin", "province-officer"], expectedUpdatedAt: self.updatedAt }))).field).toBe(
      "body.roles",
    );
    expect(
      (await refusal(service.update(admin, admin.id, { jurisdiction: { kind: "communes", communes: ["13285"] }, expectedUpdatedAt: self.updatedAt }))).field,
    ).toBe("body.jurisdiction");
    const renamed = await service.update(admin, admin.id, {
      name: "Quản trị tỉnh",
      roles: ["province-admin"],
      jurisdiction: { kind: "province" },
      expectedUpdatedAt: self.updatedAt,
    });
    expect(renamed?.name).toBe("Quản trị tỉnh");
  });

  it("checks the resulting combination of roles and jurisdiction", async () => {
    const officer = await service.invite(admin, invite());
    expect((await refusal(service.update(admin, officer.id, { jurisdiction: { kind: "province" }, expectedUpdatedAt: officer.updatedAt }))).field).toBe(
      "body.jurisdiction",
    );
  });

  it("answers undefined for an unknown officer", async () => {
    expect(await service.update(admin, "nobody", { name: "x", expectedUpdatedAt: "x" })).toBeUndefined();
  });
});

describe("disable and enable", () => {
  it("disables and enables another officer", async () => {
    const officer = await service.invite(admin, invite());
    expect((await service.setEnabled(admin, officer.id, false))?.status).toBe("disabled");
    expect((await service.setEnabled(admin, officer.id, true))?.status).toBe("active");
  });

  it("refuses disabling oneself", async () => {
    expect((await refusal(service.setEnabled(admin, admin.id, false))).field).toBe("path.officerId");
  });
});

describe("revoking earlier tokens", () => {
  it("revokes before and after disabling an officer, not when enabling", async () => {
    const officer = await service.invite(admin, invite());
    await service.setEnabled(admin, officer.id, false);
    expect(revoked).toEqual([
      { officerId: officer.id, at: revocationClock },
      { officerId: officer.id, at: revocationClock },
    ]);
    revoked.length = 0;
    await service.setEnabled(admin, officer.id, false);
    await service.setEnabled(admin, officer.id, true);
    expect(revoked).toEqual([]);
  });

  it("revokes when roles or jurisdiction change, not for a new name or an unchanged form", async () => {
    const officer = await service.invite(admin, invite());
    const renamed = (await service.update(admin, officer.id, {
      name: "Tên mới",
      roles: ["commune-officer"],
      expectedUpdatedAt: officer.updatedAt,
    })) as OfficerRecord;
    expect(revoked).toEqual([]);
    const promoted = (await service.update(admin, officer.id, { roles: ["commune-leader"], expectedUpdatedAt: renamed.updatedAt })) as OfficerRecord;
    expect(revoked.map((entry) => entry.officerId)).toEqual([officer.id, officer.id]);
    revoked.length = 0;
    await service.update(admin, officer.id, { jurisdiction: { kind: "communes", communes: ["13291"] }, expectedUpdatedAt: promoted.updatedAt });
    expect(revoked.map((entry) => entry.officerId)).toEqual([officer.id, officer.id]);
  });

  it("changes nothing when the revocation cannot be recorded", async () => {
    const officer = await service.invite(admin, invite());
    const failing = new AdminService(
      directory,
      { commune: async (code) => communes.get(code) },
      {
        revoke: async () => {
          throw new Error("table unavailable");
        },
      },
    );
    await expect(failing.setEnabled(admin, officer.id, false)).rejects.toThrow("table unavailable");
    expect((await directory.get(officer.id))?.status).toBe("invited");
  });
});

describe("only admin:users on the province", () => {
  it.each<[string, Pick<Principal, "roles" | "jurisdiction">]>([
    ["a commune officer", { roles: ["commune-officer"], jurisdiction: { kind: "communes", communes: ["13285"] } }],
    ["a province officer", { roles: ["province-officer"], jurisdiction: { kind: "province" } }],
    ["an admin with a commune jurisdiction", { roles: ["province-admin"], jurisdiction: { kind: "communes", communes: ["13285"] } }],
  ])("refuses %s everything", async (_label, access) => {
    const actor: Principal = { id: "someone", email: "someone@pcblgd.local", ...access };
    const officer = await service.invite(admin, invite());
    for (const attempt of [
      service.list(actor, { limit: 10 }),
      service.get(actor, officer.id),
      service.invite(actor, invite()),
      service.update(actor, officer.id, { name: "x", expectedUpdatedAt: officer.updatedAt }),
      service.setEnabled(actor, officer.id, false),
    ]) {
      await expect(attempt).rejects.toBeInstanceOf(NotFoundError);
    }
  });
});
