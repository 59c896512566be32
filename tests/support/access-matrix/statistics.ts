import { expect } from "vitest";
import type { OfficerApi } from "../officer-api.ts";
import type { FixtureSet } from "./fixture.ts";

/** A commune of its own, and a fresh past year for every request, so each cell starts from a report in a known state. */
const matrixCommune = (system: () => OfficerApi) =>
  system()
    .province.communes.map((commune) => commune.code)
    .sort()[5] as string;
let nextYear = 1900;

/** A report of a fresh year brought to `state` by the commune's leader and the province; answers its path and version. */
async function reportIn(system: () => OfficerApi, state: "draft" | "submitted" | "approved"): Promise<{ path: string; version: number }> {
  const commune = matrixCommune(system);
  const path = `/api/statistics/communes/${commune}/periods/${String(nextYear++)}`;
  if (state === "draft") return { path, version: 0 };
  const leader = system().tokenFor(["commune-leader"], [commune]).token;
  const submitted = await system().call("POST", `${path}/submit`, { token: leader, body: { expectedVersion: 0 } });
  expect(submitted.status, JSON.stringify(submitted.json)).toBe(200);
  if (state === "submitted") return { path, version: 1 };
  const province = system().tokenFor(["province-officer"], "province").token;
  expect((await system().call("POST", `${path}/approve`, { token: province, body: { expectedVersion: 1 } })).status).toBe(200);
  return { path, version: 2 };
}

/** The report's status after the call: moved exactly when the call was allowed. */
function movedTo(system: () => OfficerApi, path: string, status: string, otherwise: string) {
  return async (allowed: boolean) => {
    const province = system().tokenFor(["province-officer"], "province").token;
    const now = await system().call("GET", path, { token: province });
    expect(now.json.report.status).toBe(allowed ? status : otherwise);
  };
}

export const statisticsFixtures: FixtureSet = (system) => {
  const commune = () => matrixCommune(system);
  const period = "/api/statistics/communes/{commune}/periods/{period}";
  return {
    [`GET ${period}`]: {
      allowed: ["commune-officer", "commune-leader", "province-officer", "province-admin"],
      success: 200,
      commune,
      request: async () => ({ path: (await reportIn(system, "draft")).path }),
    },
    [`PUT ${period}`]: {
      allowed: ["commune-officer", "commune-leader"],
      success: 200,
      commune,
      request: async () => {
        const { path } = await reportIn(system, "draft");
        return { path, body: { expectedVersion: 0, entered: { "households.total": 10 } }, after: movedTo(system, path, "draft", "draft") };
      },
    },
    [`POST ${period}/submit`]: {
      allowed: ["commune-leader"],
      success: 200,
      commune,
      request: async () => {
        const { path } = await reportIn(system, "draft");
        return { path: `${path}/submit`, body: { expectedVersion: 0 }, after: movedTo(system, path, "submitted", "draft") };
      },
    },
    [`POST ${period}/approve`]: {
      allowed: ["province-officer"],
      success: 200,
      commune,
      request: async () => {
        const { path, version } = await reportIn(system, "submitted");
        return { path: `${path}/approve`, body: { expectedVersion: version }, after: movedTo(system, path, "approved", "submitted") };
      },
    },
    [`POST ${period}/return`]: {
      allowed: ["province-officer"],
      success: 200,
      commune,
      request: async () => {
        const { path, version } = await reportIn(system, "submitted");
        return { path: `${path}/return`, body: { expectedVersion: version, reason: "Thiếu số liệu" }, after: movedTo(system, path, "returned", "submitted") };
      },
    },
    [`POST ${period}/reopen`]: {
      allowed: ["province-officer"],
      success: 200,
      commune,
      request: async () => {
        const { path, version } = await reportIn(system, "approved");
        return { path: `${path}/reopen`, body: { expectedVersion: version, reason: "Mở lại" }, after: movedTo(system, path, "draft", "approved") };
      },
    },
    [`GET ${period}/export`]: {
      allowed: ["commune-officer", "commune-leader", "province-officer", "province-admin"],
      success: 200,
      commune,
      request: async () => ({ path: `${(await reportIn(system, "draft")).path}/export?format=csv` }),
    },
    "GET /api/statistics/province/periods/{period}": {
      // Province-scoped: any role holding stats:read, when its jurisdiction is the province.
      allowed: ["commune-officer", "commune-leader", "province-officer", "province-admin"],
      success: 200,
      request: async () => ({ path: "/api/statistics/province/periods/2025" }),
    },
    "GET /api/statistics/province/periods/{period}/export": {
      // Province-scoped: any role holding stats:read, when its jurisdiction is the province.
      allowed: ["commune-officer", "commune-leader", "province-officer", "province-admin"],
      success: 200,
      request: async () => ({ path: "/api/statistics/province/periods/2025/export?format=csv" }),
    },
    "GET /api/province/cases": {
      // Province-scoped: any role holding case:read, when its jurisdiction is the province.
      allowed: ["commune-officer", "commune-leader", "province-officer"],
      success: 200,
      request: async () => ({ path: "/api/province/cases?limit=5" }),
    },
    "GET /api/province/reports": {
      allowed: ["commune-officer", "commune-leader", "province-officer"],
      success: 200,
      request: async () => ({ path: "/api/province/reports?limit=5&status=new" }),
    },
    "GET /api/statistics/dashboard": {
      // Province-scoped: any role holding stats:read, when its jurisdiction is the province.
      allowed: ["commune-officer", "commune-leader", "province-officer", "province-admin"],
      success: 200,
      request: async () => ({ path: "/api/statistics/dashboard" }),
    },
  };
};
