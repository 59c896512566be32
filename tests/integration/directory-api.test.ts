import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { routeTable } from "../../functions/routes.ts";
import { loadProvince } from "../../infra/provinces/index.ts";
import { apiSecurityHeaders } from "../../shared/security-headers.ts";
import { startApi } from "../support/local-api.ts";

/**
 * The directory API of Ninh Bình through the local runtime: HTTP → route table → API Gateway v2
 * event → the real handler → DynamoDB Local, seeded from the province file.
 */
let api: Awaited<ReturnType<typeof startApi>>;
const ninhBinh = loadProvince("ninh-binh");

beforeAll(async () => {
  api = await startApi("ninh-binh");
});
afterAll(async () => {
  await api.close();
});

interface Problem {
  type: string;
  title: string;
  title_en: string;
  status: number;
  errors?: { field: string; message: string; message_en: string }[];
}

function expectProblem(result: { status: number; headers: Headers; json?: unknown }, status: number, field?: string): Problem {
  expect(result.status).toBe(status);
  expect(result.headers.get("content-type")).toMatch(/^application\/problem\+json/);
  const problem = result.json as Problem;
  expect(problem.status).toBe(status);
  expect(problem.title).not.toBe("");
  expect(problem.title_en).not.toBe("");
  if (field) {
    const error = problem.errors?.find((entry) => entry.field === field);
    expect(error, `an error for ${field} in ${JSON.stringify(problem.errors)}`).toBeDefined();
    expect(error?.message).not.toBe(error?.message_en);
  }
  return problem;
}

describe("GET /api/communes", () => {
  it("finds Phường Phủ Lý (13285) from 'phu ly' typed without diacritics", async () => {
    const result = await api.get("/api/communes?q=phu%20ly");
    expect(result.status).toBe(200);
    const body = result.json as { items: { code: string; fullName: string; fullNameEn: string }[]; total: number };
    expect(body.items[0]).toMatchObject({ code: "13285", fullName: "Phường Phủ Lý", fullNameEn: "Phu Ly Ward" });
  });

  it.each([
    ["PHỦ LÝ", "13285"],
    ["dong van", "13348"],
    ["Đồng Văn", "13348"],
    ["13285", "13285"],
  ])("finds %s regardless of case and marks", async (query, code) => {
    const result = await api.get(`/api/communes?q=${encodeURIComponent(query)}`);
    const body = result.json as { items: { code: string }[] };
    expect(body.items.map((item) => item.code)).toContain(code);
  });

  it("lists every commune of the province, a page at a time", async () => {
    const firstPage = (await api.get("/api/communes")).json as { items: unknown[]; total: number };
    expect(firstPage.total).toBe(ninhBinh.communes.length);
    expect(firstPage.items).toHaveLength(50);
    const all = (await api.get("/api/communes?limit=200")).json as { items: { code: string }[] };
    expect(new Set(all.items.map((item) => item.code))).toEqual(new Set(ninhBinh.communes.map((commune) => commune.code)));
  });

  it("answers an empty list, not an error, when nothing matches", async () => {
    const result = await api.get("/api/communes?q=zzzz");
    expect(result.status).toBe(200);
    expect(result.json).toEqual({ items: [], total: 0 });
  });

  it.each([
    [`q=${"a".repeat(101)}`, "query.q"],
    ["limit=abc", "query.limit"],
    ["limit=0", "query.limit"],
    ["limit=201", "query.limit"],
    ["limit=1.5", "query.limit"],
    ["commune=13285", "query.commune"],
  ])("rejects %s with a 400 naming %s", async (query, field) => {
    expectProblem(await api.get(`/api/communes?${query}`), 400, field);
  });
});

describe("GET /api/hotlines", () => {
  it("gives the province-wide lines 111 and 113 with their hours", async () => {
    const result = await api.get("/api/hotlines");
    expect(result.status).toBe(200);
    const body = result.json as { commune: unknown; items: { number: string; scope: string; hours: { vi: string } }[] };
    expect(body.commune).toBeNull();
    expect(body.items.map((item) => item.number)).toEqual(expect.arrayContaining(["111", "113"]));
    expect(body.items.every((item) => item.scope === "province" && item.hours.vi.length > 0)).toBe(true);
  });

  it("names the commune when one is asked for", async () => {
    const body = (await api.get("/api/hotlines?commune=13285")).json as { commune: { fullName: string }; items: unknown[] };
    expect(body.commune.fullName).toBe("Phường Phủ Lý");
    expect(body.items.length).toBeGreaterThanOrEqual(2);
  });

  it.each([
    ["commune=99999", "query.commune"],
    ["commune=abc", "query.commune"],
    ["commune=", "query.commune"],
  ])("rejects %s", async (query, field) => {
    const problem = expectProblem(await api.get(`/api/hotlines?${query}`), 400, field);
    expect(problem.type).toBe("urn:pcblgd:problem:validation");
  });
});

describe("GET /api/trusted-addresses", () => {
  it("requires a commune", async () => {
    expectProblem(await api.get("/api/trusted-addresses"), 400, "query.commune");
  });

  it("answers an empty list for a commune with none recorded yet", async () => {
    // A commune no other test file gives entries: the integration files share one DynamoDB Local,
    // and the prevention tests add trusted addresses to the busier ones (13285 among them).
    const body = (await api.get("/api/trusted-addresses?commune=13324")).json as { commune: { code: string }; items: unknown[] };
    expect(body).toEqual({ commune: expect.objectContaining({ code: "13324" }), items: [] });
  });
});

describe("the API as a whole", () => {
  it("reports health with the seeded province", async () => {
    const result = await api.get("/api/health");
    expect(result.status).toBe(200);
    expect(result.json).toMatchObject({ status: "ok", province: "ninh-binh" });
  });

  it("serves every route of the route table (none falls through to 404)", async () => {
    for (const route of routeTable) {
      const result = await api.get(route.path, { method: route.method });
      expect.soft(result.status, `${route.method} ${route.path}`).not.toBe(404);
    }
  });

  it.each([
    ["GET", "/api/nowhere"],
    ["DELETE", "/api/communes"],
    ["GET", "/api"],
  ])("answers %s %s with a problem+json 404", async (method, path) => {
    const problem = expectProblem(await api.get(path, { method }), 404);
    expect(problem.type).toBe("urn:pcblgd:problem:not-found");
  });

  it("never lets responses be cached and sends security headers", async () => {
    for (const path of ["/api/communes?q=phu", "/api/hotlines?commune=abc", "/api/nowhere"]) {
      const result = await api.get(path);
      expect(result.headers.get("cache-control")).toBe("no-store");
      expect(result.headers.get("x-content-type-options")).toBe("nosniff");
      expect(result.headers.get("strict-transport-security")).toMatch(/max-age=\d+/);
      // Every header of the API's list, once, with its value (answers and problems alike).
      for (const [name, value] of Object.entries(apiSecurityHeaders)) expect(result.headers.get(name)).toBe(value);
      expect(result.headers.get("content-security-policy")).toContain("sandbox");
    }
  });
});
