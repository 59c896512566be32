import { randomUUID } from "node:crypto";
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { expect } from "vitest";
import { physicalTableName } from "../../../shared/tables.ts";
import type { OfficerApi } from "../officer-api.ts";
import type { FixtureSet } from "./fixture.ts";

/** A commune of its own, so the counts this file checks move only with its own requests. */
const matrixCommune = (system: () => OfficerApi) =>
  system()
    .province.communes.map((commune) => commune.code)
    .sort()[3] as string;

/** An officer's intake of a hotline call in `commune` (no personal data). */
export function intake(commune: string) {
  return {
    commune,
    narrative: "Tin báo của ma trận quyền",
    acts: ["b"],
    danger: "no",
    reporter: { anonymous: true },
    consentToContact: false,
    channel: "hotline",
    receivedAt: new Date().toISOString(),
  };
}

async function newReport(system: () => OfficerApi): Promise<string> {
  const commune = matrixCommune(system);
  const { token } = system().tokenFor(["commune-officer"], [commune]);
  const created = await system().call("POST", `/api/communes/${commune}/reports`, { token, body: intake(commune) });
  expect(created.status).toBe(201);
  return created.json.id as string;
}

/** A report filed online (it has a receipt code, so officers may write to its reporter). */
async function onlineReport(system: () => OfficerApi): Promise<string> {
  const commune = matrixCommune(system);
  const submitted = await system().call("POST", "/api/reports", {
    body: {
      commune,
      narrative: `Tin báo qua mạng của ma trận quyền ${randomUUID()}`,
      acts: ["b"],
      danger: "no",
      reporter: { anonymous: true },
      consentToContact: false,
    },
    headers: { "idempotency-key": randomUUID(), "x-forwarded-for": "198.51.100.91" },
  });
  expect(submitted.status).toBe(201);
  const { token } = system().tokenFor(["commune-officer"], [commune]);
  const inbox = await system().call("GET", `/api/communes/${commune}/reports?limit=1&channel=online`, { token });
  return (inbox.json.items as { id: string }[])[0]?.id as string;
}

async function stored(system: () => OfficerApi, key: { pk: string; sk: string }) {
  const { Item } = await system().api.documents.send(
    new GetCommand({ TableName: physicalTableName(system().province.slug, "reports"), Key: key, ConsistentRead: true }),
  );
  return Item;
}

const readers = ["commune-officer", "commune-leader", "province-officer"] as const;
const communeWorkers = ["commune-officer", "commune-leader"] as const;

export const reportFixtures: FixtureSet = (system) => ({
  "GET /api/communes/{commune}/reports": {
    allowed: readers,
    success: 200,
    commune: () => matrixCommune(system),
    request: async () => ({ path: `/api/communes/${matrixCommune(system)}/reports?limit=5` }),
  },
  "POST /api/communes/{commune}/reports": {
    allowed: communeWorkers,
    success: 201,
    commune: () => matrixCommune(system),
    request: async () => {
      const commune = matrixCommune(system);
      const countsKey = { pk: `COUNTS#${commune}`, sk: "INBOX" };
      const before = Number((await stored(system, countsKey))?.total ?? 0);
      return {
        path: `/api/communes/${commune}/reports`,
        body: intake(commune),
        after: async (allowed) => {
          expect(Number((await stored(system, countsKey))?.total ?? 0) - before).toBe(allowed ? 1 : 0);
        },
      };
    },
  },
  "GET /api/reports/{reportId}": {
    allowed: readers,
    success: 200,
    commune: () => matrixCommune(system),
    request: async () => ({ path: `/api/reports/${await newReport(system)}` }),
  },
  "POST /api/reports/{reportId}/triage": {
    allowed: communeWorkers,
    success: 200,
    commune: () => matrixCommune(system),
    request: async () => {
      const reportId = await newReport(system);
      return {
        path: `/api/reports/${reportId}/triage`,
        body: { action: "not-dv", reason: "Ma trận quyền", expectedVersion: 1 },
        after: async (allowed) => {
          expect((await stored(system, { pk: `REPORT#${reportId}`, sk: "REPORT" }))?.status).toBe(allowed ? "not-dv" : "new");
        },
      };
    },
  },
  "GET /api/reports/{reportId}/messages": {
    allowed: communeWorkers,
    success: 200,
    commune: () => matrixCommune(system),
    request: async () => ({ path: `/api/reports/${await newReport(system)}/messages` }),
  },
  "POST /api/reports/{reportId}/messages": {
    allowed: communeWorkers,
    success: 201,
    commune: () => matrixCommune(system),
    request: async () => {
      const reportId = await onlineReport(system);
      return {
        path: `/api/reports/${reportId}/messages`,
        body: { text: "Chúng tôi đã đến thăm; gọi 113 nếu cần." },
        after: async (allowed) => {
          expect((await stored(system, { pk: `REPORT#${reportId}`, sk: "REPORT" }))?.officerMessages).toBe(allowed ? 1 : undefined);
        },
      };
    },
  },
});
