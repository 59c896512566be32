import { randomBytes } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, GetCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import {
  LocalOfficerDirectory,
  localOfficerDirectoryFromEnv,
  seededOfficerId,
  seededOfficerPassword,
  seededOfficers,
  WeakPasswordError,
} from "../../functions/admin/local-officer-directory.ts";
import { OfficerExistsError, OfficerNotFoundError } from "../../functions/admin/officer-directory.ts";
import { InvalidCursorError } from "../../functions/lib/kit/index.ts";
import { localClient } from "../../infra/local/dynamodb.ts";
import { ensureTables } from "../../infra/local/tables.ts";
import { loadProvince } from "../../infra/provinces/index.ts";
import type { Jurisdiction } from "../../shared/permissions.ts";
import { physicalTableName } from "../../shared/tables.ts";

/** The local account store against DynamoDB Local, on tables of its own (slug per test where state matters). */
let client: DynamoDBClient;
let documents: DynamoDBDocumentClient;
let outboxDir: string;
const ninhBinh = loadProvince("ninh-binh");

beforeAll(async () => {
  client = localClient(inject("dynamoEndpoint"));
  documents = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  outboxDir = mkdtempSync(join(tmpdir(), "pcblgd-outbox-"));
});
afterAll(() => {
  client.destroy();
  rmSync(outboxDir, { recursive: true, force: true });
});

async function freshDirectory(): Promise<{ directory: LocalOfficerDirectory; slug: string }> {
  const slug = `officers-${randomBytes(3).toString("hex")}`;
  await ensureTables(client, slug);
  return {
    directory: new LocalOfficerDirectory({ client: documents, tableName: physicalTableName(slug, "officers"), outboxDir, siteOrigin: "http://localhost:4321" }),
    slug,
  };
}

const email = () => `thu.${randomBytes(4).toString("hex")}@pcblgd.test`;
const commune: Jurisdiction = { kind: "communes", communes: ["13285"] };

describe("seeding the demo officers", () => {
  it("creates the seven officers of the contract: xã 1 = 13285 Phủ Lý, xã 2 = 13291 Phù Vân, province roles, a volunteer of xã 1", async () => {
    const { directory } = await freshDirectory();
    const result = await directory.seedOfficers(ninhBinh);
    expect(result.created).toHaveLength(7);
    const expected = {
      "canbo.xa1@pcblgd.local": [["commune-officer"], { kind: "communes", communes: ["13285"] }],
      "canbo.xa2@pcblgd.local": [["commune-officer"], { kind: "communes", communes: ["13291"] }],
      "lanhdao.xa1@pcblgd.local": [["commune-leader"], { kind: "communes", communes: ["13285"] }],
      "canbo.tinh@pcblgd.local": [["province-officer"], { kind: "province" }],
      "hoidong@pcblgd.local": [["commendation-reviewer"], { kind: "province" }],
      "quantri@pcblgd.local": [["province-admin"], { kind: "province" }],
      "tinhnguyen.xa1@pcblgd.local": [["community-volunteer"], { kind: "communes", communes: ["13285"] }],
    } as const;
    for (const [address, [roles, jurisdiction]] of Object.entries(expected)) {
      const officer = await directory.get(seededOfficerId(ninhBinh.slug, address));
      expect(officer).toMatchObject({ email: address, roles, jurisdiction, status: "active" });
      expect((await directory.verifyCredentials(address, seededOfficerPassword)).ok).toBe(true);
    }
  });

  it("is idempotent, even run twice at once, and never undoes a change", async () => {
    const { directory } = await freshDirectory();
    await Promise.all([directory.seedOfficers(ninhBinh), directory.seedOfficers(ninhBinh)]);
    expect((await directory.list({ limit: 50 })).items).toHaveLength(seededOfficers(ninhBinh).length);

    const id = seededOfficerId(ninhBinh.slug, "canbo.xa1@pcblgd.local");
    await directory.update(id, { name: "Tên đã sửa" });
    await directory.changePassword(id, "Mat-khau-rieng#2026");
    const again = await directory.seedOfficers(ninhBinh);
    expect(again).toEqual({ created: [], kept: seededOfficers(ninhBinh).map((officer) => officer.email) });
    expect((await directory.get(id))?.name).toBe("Tên đã sửa");
    expect((await directory.verifyCredentials("canbo.xa1@pcblgd.local", seededOfficerPassword)).ok).toBe(false);
    expect((await directory.verifyCredentials("canbo.xa1@pcblgd.local", "Mat-khau-rieng#2026")).ok).toBe(true);
  });

  it("gives a one-commune province's both commune officers that commune", () => {
    const officers = seededOfficers({ communes: [{ code: "99001", name: "A", nameEn: "A", type: "xa" }] as never });
    expect(officers.map((officer) => officer.jurisdiction)).toContainEqual({ kind: "communes", communes: ["99001"] });
  });
});

describe("the OfficerDirectory contract", () => {
  it("lists by e-mail a page at a time with an opaque cursor", async () => {
    const { directory } = await freshDirectory();
    await directory.seedOfficers(ninhBinh);
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await directory.list({ limit: 4, ...(cursor ? { cursor } : {}) });
      seen.push(...page.items.map((item) => item.email));
      if (page.cursor) expect(page.cursor).toMatch(/^[A-Za-z0-9_-]+$/);
      cursor = page.cursor;
      pages++;
    } while (cursor && pages < 5);
    expect(seen).toEqual([...seededOfficers(ninhBinh).map((officer) => officer.email)].sort());
    expect(pages).toBe(2);
    const page = await directory.list({ limit: 10 });
    expect(page.items[0]).not.toHaveProperty("passwordHash");
    expect(page.items[0]).not.toHaveProperty("mustChangePassword");
  });

  it("refuses a cursor it did not hand out", async () => {
    const { directory } = await freshDirectory();
    for (const cursor of ["not-a-cursor", Buffer.from('{"pk":"x"}').toString("base64url"), Buffer.from("[1,2]").toString("base64url")]) {
      await expect(directory.list({ limit: 5, cursor })).rejects.toBeInstanceOf(InvalidCursorError);
    }
  });

  it("invites: an invited account, a temporary password in the outbox (never in the table in clear), one account per e-mail", async () => {
    const { directory, slug } = await freshDirectory();
    const address = email();
    const invited = await directory.invite({ email: address.toUpperCase(), name: "Cán bộ mới", roles: ["commune-officer"], jurisdiction: commune });
    expect(invited).toMatchObject({ email: address, status: "invited", roles: ["commune-officer"], jurisdiction: commune });
    expect(invited).not.toHaveProperty("passwordHash");

    const letter = readdirSync(outboxDir).find((name) => name.endsWith(`-${address}.txt`));
    const text = readFileSync(join(outboxDir, letter as string), "utf8");
    const temporary = /Temporary password: (\S+)/.exec(text)?.[1] as string;
    expect(text).toContain("http://localhost:4321/dang-nhap/");
    const check = await directory.verifyCredentials(address, temporary);
    expect(check.ok && check.account.mustChangePassword).toBe(true);

    const { Item } = await documents.send(
      new GetCommand({ TableName: physicalTableName(slug, "officers"), Key: { pk: `OFFICER#${invited.id}`, sk: "PROFILE" } }),
    );
    expect(Item?.passwordHash).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(JSON.stringify(Item)).not.toContain(temporary);

    await expect(directory.invite({ email: ` ${address} `, name: "Trùng", roles: ["commune-officer"], jurisdiction: commune })).rejects.toBeInstanceOf(
      OfficerExistsError,
    );
  });

  it("updates name, roles and jurisdiction; concurrent changes to different fields both survive", async () => {
    const { directory } = await freshDirectory();
    const officer = await directory.create({ email: email(), name: "A", roles: ["commune-officer"], jurisdiction: commune, password: "Mat-khau-dau#2026" });
    await Promise.all([
      directory.update(officer.id, { name: "Tên mới" }),
      directory.update(officer.id, { roles: ["commune-leader"] }),
      directory.update(officer.id, { jurisdiction: { kind: "province" } }),
    ]);
    const after = await directory.get(officer.id);
    expect(after).toMatchObject({ name: "Tên mới", roles: ["commune-leader"], jurisdiction: { kind: "province" } });
    expect(Date.parse(after?.updatedAt ?? "")).toBeGreaterThan(Date.parse(officer.updatedAt));
    await expect(directory.update("no-such-officer", { name: "x" })).rejects.toBeInstanceOf(OfficerNotFoundError);
    expect(await directory.get("no-such-officer")).toBeUndefined();
  });

  it("disables and enables; a disabled officer is told so only with the right password", async () => {
    const { directory } = await freshDirectory();
    const address = email();
    const officer = await directory.create({ email: address, name: "B", roles: ["commune-officer"], jurisdiction: commune, password: "Mat-khau-dau#2026" });
    expect((await directory.setEnabled(officer.id, false)).status).toBe("disabled");
    expect(await directory.verifyCredentials(address, "Mat-khau-dau#2026")).toEqual({ ok: false, reason: "disabled" });
    expect(await directory.verifyCredentials(address, "Sai-mat-khau#2026")).toEqual({ ok: false, reason: "invalid" });
    expect((await directory.setEnabled(officer.id, true)).status).toBe("active");
    expect((await directory.verifyCredentials(address.toUpperCase(), "Mat-khau-dau#2026")).ok).toBe(true);
    await expect(directory.setEnabled("no-such-officer", true)).rejects.toBeInstanceOf(OfficerNotFoundError);
  });

  it("changes a password only to a strong, different one, which activates an invited account", async () => {
    const { directory } = await freshDirectory();
    const address = email();
    const officer = await directory.create({
      email: address,
      name: "C",
      roles: ["commune-officer"],
      jurisdiction: commune,
      password: "Tam-thoi#2026-ab",
      mustChangePassword: true,
    });
    expect(officer.status).toBe("invited");
    await expect(directory.changePassword(officer.id, "short")).rejects.toBeInstanceOf(WeakPasswordError);
    await expect(directory.changePassword(officer.id, "Tam-thoi#2026-ab")).rejects.toThrow(/differ/);
    const changed = await directory.changePassword(officer.id, "Mat-khau-moi#2026");
    expect(changed).toMatchObject({ status: "active", mustChangePassword: false });
    expect((await directory.verifyCredentials(address, "Mat-khau-moi#2026")).ok).toBe(true);
  });

  it("spends the same scrypt work on an unknown e-mail as on a wrong password", async () => {
    const { directory } = await freshDirectory();
    const address = email();
    await directory.create({ email: address, name: "D", roles: ["commune-officer"], jurisdiction: commune, password: "Mat-khau-dau#2026" });
    await directory.verifyCredentials(email(), "warm-up");
    const time = async (who: string) => {
      const start = performance.now();
      for (let round = 0; round < 3; round++) await directory.verifyCredentials(who, "Sai-mat-khau#2026");
      return performance.now() - start;
    };
    const known = await time(address);
    const unknown = await time(email());
    expect(unknown).toBeGreaterThan(known * 0.5);
    expect(await directory.verifyCredentials(email(), "Sai-mat-khau#2026")).toEqual({ ok: false, reason: "invalid" });
  });

  it("is built from TABLE_OFFICERS and LOCAL_OUTBOX_DIR", () => {
    const saved = process.env.TABLE_OFFICERS;
    try {
      delete process.env.TABLE_OFFICERS;
      expect(() => localOfficerDirectoryFromEnv(documents)).toThrow(/TABLE_OFFICERS/);
      process.env.TABLE_OFFICERS = "pcblgd-x-officers";
      expect(localOfficerDirectoryFromEnv(documents)).toBeInstanceOf(LocalOfficerDirectory);
    } finally {
      if (saved === undefined) delete process.env.TABLE_OFFICERS;
      else process.env.TABLE_OFFICERS = saved;
    }
  });
});
