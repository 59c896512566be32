import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AuditEntry, DynamoAuditRepository } from "../../functions/lib/audit.ts";
import { physicalTableName } from "../../shared/tables.ts";
import { vietnamDay } from "../../shared/vietnam-time.ts";
import { type OfficerApi, startOfficerApi } from "../support/officer-api.ts";

/**
 * The audit log end to end: every officer-route request leaves exactly one entry (allowed, denied
 * or failed) written by the shared stack; province admins list it by officer, record and dates
 * (Vietnam time), newest first, a page at a time; nothing can change an entry.
 */
let system: OfficerApi;
let adminToken: string;
let repository: DynamoAuditRepository;

beforeAll(async () => {
  system = await startOfficerApi("ninh-binh");
  adminToken = system.adminToken();
  repository = new DynamoAuditRepository(system.api.documents, physicalTableName("ninh-binh", "audit"));
});
afterAll(async () => {
  await system?.close();
});

async function listAll(query: string, limit = 50): Promise<AuditEntry[]> {
  const entries: AuditEntry[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 100; page++) {
    const result = await system.call("GET", `/api/admin/audit?${query}&limit=${String(limit)}${cursor ? `&cursor=${cursor}` : ""}`, { token: adminToken });
    expect(result.status, JSON.stringify(result.json)).toBe(200);
    entries.push(...result.json.items);
    cursor = result.json.cursor;
    if (!cursor) return entries;
  }
  throw new Error("too many pages");
}

const summary = (entries: AuditEntry[]) => entries.map((entry) => [entry.action, entry.outcome, entry.status]);

describe("every officer-route request leaves exactly one entry", () => {
  it("allowed, denied and failed alike, with the officer, the action and the status", async () => {
    const officer = system.tokenFor(["commune-officer"], [system.commune1]);
    expect((await system.call("GET", "/api/me", { token: officer.token })).status).toBe(200);
    expect((await system.call("GET", "/api/admin/officers", { token: officer.token })).status).toBe(404);
    expect((await system.call("GET", "/api/admin/audit", { token: officer.token })).status).toBe(404);

    const entries = await listAll(`officer=${officer.claims.sub}`);
    expect(summary(entries)).toEqual([
      ["audit.list", "denied", 404],
      ["officer.list", "denied", 404],
      ["me.read", "allowed", 200],
    ]);
    expect(entries.every((entry) => entry.officerId === officer.claims.sub)).toBe(true);
    expect(new Set(entries.map((entry) => entry.requestId)).size).toBe(3);
  });

  it("records failures after access was granted, with the record acted on", async () => {
    const admin = system.tokenFor(["province-admin"], "province");
    const target = await system.api.directory.invite({
      email: `muc-tieu-${randomUUID().slice(0, 8)}@pcblgd.test`,
      name: "Mục tiêu",
      roles: ["commune-officer"],
      jurisdiction: { kind: "communes", communes: [system.commune1] },
    });
    const missing = randomUUID();
    expect((await system.call("PATCH", `/api/admin/officers/${target.id}`, { token: admin.token, body: { name: "" } })).status).toBe(400);
    expect((await system.call("GET", `/api/admin/officers/${missing}`, { token: admin.token })).status).toBe(404);
    const entries = await listAll(`officer=${admin.claims.sub}`);
    expect(entries.map((entry) => [entry.action, entry.outcome, entry.status, entry.recordKey])).toEqual([
      ["officer.read", "failed", 404, `officer#${missing}`],
      ["officer.update", "failed", 400, `officer#${target.id}`],
    ]);
  });

  it("records requests without a valid token, without an officer", async () => {
    const result = await system.call("GET", "/api/me", { token: "garbage.garbage.garbage" });
    expect(result.status).toBe(401);
    const requestId = result.json.instance as string;
    const today = vietnamDay(new Date());
    const entries = (await listAll(`from=${today}&to=${today}`, 100)).filter((entry) => entry.requestId === requestId);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ action: "me.read", outcome: "denied", status: 401 });
    expect(entries[0]).not.toHaveProperty("officerId");
  });

  it("does not audit public routes", async () => {
    const result = await system.call("GET", "/api/communes?q=phu%20ly");
    expect(result.status).toBe(200);
    const today = vietnamDay(new Date());
    const entries = await listAll(`from=${today}&to=${today}`, 100);
    expect(entries.some((entry) => entry.action.startsWith("commune"))).toBe(false);
  });
});

describe("filters", () => {
  it("by record: everything done to one officer, newest first, including the invitation that created it", async () => {
    const email = `ho-so-${randomUUID().slice(0, 8)}@pcblgd.test`;
    const invited = await system.call("POST", "/api/admin/officers", {
      token: adminToken,
      body: { email, name: "Hồ sơ", roles: ["commune-officer"], jurisdiction: { kind: "communes", communes: [system.commune2] } },
    });
    const id = invited.json.id as string;
    await system.call("GET", `/api/admin/officers/${id}`, { token: adminToken });
    await system.call("GET", `/api/admin/officers/${id}`, { token: system.tokenFor(["province-officer"], "province").token });
    await system.call("POST", `/api/admin/officers/${id}/disable`, { token: adminToken });
    const entries = await listAll(`record=${encodeURIComponent(`officer#${id}`)}`);
    expect(summary(entries)).toEqual([
      ["officer.disable", "allowed", 200],
      ["officer.read", "denied", 404],
      ["officer.read", "allowed", 200],
      ["officer.invite", "allowed", 201],
    ]);
    const sorted = [...entries].sort((a, b) => (a.at < b.at ? 1 : -1));
    expect(entries.map((entry) => entry.requestId)).toEqual(sorted.map((entry) => entry.requestId));
  });

  describe("by date, in Vietnam time", () => {
    const officerId = randomUUID();
    // 17:00 UTC is midnight in Vietnam (UTC+7).
    const instants = [
      "2001-02-01T10:00:00.000Z", // 01/02 VN
      "2001-02-01T16:59:59.999Z", // 01/02 23:59:59 VN
      "2001-02-01T17:00:00.000Z", // 02/02 00:00 VN
      "2001-02-02T12:00:00.000Z", // 02/02 VN
      "2001-02-03T16:59:59.000Z", // 03/02 23:59:59 VN
      "2001-02-03T17:00:00.000Z", // 04/02 00:00 VN
      "2001-02-05T01:00:00.000Z", // 05/02 VN
    ];

    beforeAll(async () => {
      for (const [index, at] of instants.entries()) {
        await repository.append({
          at,
          officerId,
          action: "test.synthetic",
          recordKey: `test#${String(index)}`,
          outcome: "allowed",
          status: 200,
          requestId: randomUUID(),
        });
      }
    });

    it("includes exactly the days from `from` to `to`", async () => {
      const entries = await listAll(`officer=${officerId}&from=2001-02-02&to=2001-02-03`);
      expect(entries.map((entry) => entry.at)).toEqual(["2001-02-03T16:59:59.000Z", "2001-02-02T12:00:00.000Z", "2001-02-01T17:00:00.000Z"]);
    });

    it("walks the days without an officer or record filter", async () => {
      const entries = await listAll("from=2001-02-02&to=2001-02-03");
      expect(entries.map((entry) => entry.at)).toEqual(["2001-02-03T16:59:59.000Z", "2001-02-02T12:00:00.000Z", "2001-02-01T17:00:00.000Z"]);
    });

    it("combines officer and record", async () => {
      const entries = await listAll(`officer=${officerId}&record=${encodeURIComponent("test#3")}`);
      expect(entries.map((entry) => entry.at)).toEqual(["2001-02-02T12:00:00.000Z"]);
    });

    it("pages newest first, by officer and by day, without gaps or repeats", async () => {
      const everything = await listAll(`officer=${officerId}`, 100);
      expect(everything.map((entry) => entry.at)).toEqual([...instants].reverse());
      for (const query of [`officer=${officerId}`, "from=2001-01-31&to=2001-02-06"]) {
        const pages: AuditEntry[][] = [];
        let cursor: string | undefined;
        do {
          const result = await system.call("GET", `/api/admin/audit?${query}&limit=3${cursor ? `&cursor=${cursor}` : ""}`, { token: adminToken });
          expect(result.status).toBe(200);
          expect(result.json.items.length).toBeLessThanOrEqual(3);
          pages.push(result.json.items);
          cursor = result.json.cursor;
        } while (cursor);
        expect(pages.flat().map((entry) => entry.at)).toEqual([...instants].reverse());
        expect(pages.filter((page) => page.length > 0).length).toBeGreaterThanOrEqual(3);
      }
    });

    it("refuses a cursor made for other filters, a tampered cursor, and bad dates", async () => {
      const first = await system.call("GET", `/api/admin/audit?officer=${officerId}&limit=2`, { token: adminToken });
      const cursor = first.json.cursor as string;
      expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
      for (const query of [
        `officer=${randomUUID()}&cursor=${cursor}`,
        `from=2001-02-01&cursor=${cursor}`,
        `officer=${officerId}&cursor=${Buffer.from('{"f":"x"}').toString("base64url")}`,
        `officer=${officerId}&cursor=${cursor.slice(0, -4)}`,
      ]) {
        const result = await system.call("GET", `/api/admin/audit?${query}`, { token: adminToken });
        expect(result.status, query).toBe(400);
        expect(result.json.errors[0].field).toBe("query.cursor");
      }
      for (const [query, field] of [
        ["from=2001-02-30", "query.from"],
        ["to=2001-13-01", "query.to"],
        ["from=2001-02-03&to=2001-02-02", "query.from"],
        ["from=2001-01-01&to=2003-01-01", "query.to"],
        ["record=no-hash", "query.record"],
        ["limit=101", "query.limit"],
      ] as const) {
        const result = await system.call("GET", `/api/admin/audit?${query}`, { token: adminToken });
        expect(result.status, query).toBe(400);
        expect(result.json.errors.map((error: { field: string }) => error.field)).toContain(field);
      }
    });

    it("cannot be changed or deleted through any route", async () => {
      const before = await listAll(`officer=${officerId}`, 100);
      const sortKey = encodeURIComponent(`${instants[0] as string}#x#0`);
      for (const [method, path] of [
        ["PUT", "/api/admin/audit"],
        ["PATCH", "/api/admin/audit"],
        ["DELETE", "/api/admin/audit"],
        ["POST", "/api/admin/audit"],
        ["GET", `/api/admin/audit/${sortKey}`],
        ["PUT", `/api/admin/audit/${sortKey}`],
        ["PATCH", `/api/admin/audit/${sortKey}`],
        ["DELETE", `/api/admin/audit/${sortKey}`],
      ] as const) {
        const result = await system.call(method, path, {
          token: adminToken,
          ...(method === "GET" || method === "DELETE" ? {} : { body: { outcome: "allowed" } }),
        });
        expect(result.status, `${method} ${path}`).toBe(404);
      }
      expect(await listAll(`officer=${officerId}`, 100)).toEqual(before);
    });

    it("cannot be overwritten even by the repository (a conditional put)", async () => {
      const entry = (await listAll(`officer=${officerId}`, 1)).at(-1) as AuditEntry;
      await expect(repository.append({ ...entry, outcome: "denied" })).rejects.toMatchObject({ name: "ConditionalCheckFailedException" });
    });
  });
});
