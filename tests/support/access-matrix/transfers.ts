import type { OfficerRole } from "../../../shared/permissions.ts";
import { transferHelpers } from "../transfers.ts";
import type { Fixture, FixtureSet } from "./fixture.ts";

/**
 * Transfers between communes (issue 14). Each cell asks a fresh transfer from the sender commune to
 * the receiver. Accept and decline are the RECEIVER's (the fixture's commune is the transfer's
 * target); asking and withdrawing are the sender's; the incoming lists are the receiver's; a move
 * is the province's. Whoever holds case:transfer inside: commune officers, leaders, province officers.
 */
const transferers: OfficerRole[] = ["commune-officer", "commune-leader", "province-officer"];

export const transferFixtures: FixtureSet = (system) => {
  const t = transferHelpers(system, [12, 13]);
  const request = { reason: "family-moved", note: "Chuyển về xã bên" };
  const row = (commune: () => string, make: () => Promise<{ method?: string; path: string; body?: unknown }>, success: 200 | 201 = 200): Fixture => ({
    allowed: transferers,
    success,
    commune,
    request: make,
  });
  return {
    "GET /api/communes/{commune}/incoming-cases": row(t.receiver, async () => ({ path: `/api/communes/${t.receiver()}/incoming-cases` })),
    "GET /api/communes/{commune}/incoming-reports": row(t.receiver, async () => ({ path: `/api/communes/${t.receiver()}/incoming-reports` })),
    "POST /api/cases/{caseId}/transfers": row(
      t.sender,
      async () => {
        const opened = await t.senderCase();
        return { path: `/api/cases/${opened.caseId}/transfers`, body: { expectedVersion: opened.version, to: t.receiver(), ...request } };
      },
      201,
    ),
    "POST /api/cases/{caseId}/transfers/{transferId}/accept": row(t.receiver, async () => {
      const { caseId, transferId } = await t.caseInTransfer();
      return { path: `/api/cases/${caseId}/transfers/${transferId}/accept`, body: {} };
    }),
    "POST /api/cases/{caseId}/transfers/{transferId}/decline": row(t.receiver, async () => {
      const { caseId, transferId } = await t.caseInTransfer();
      return { path: `/api/cases/${caseId}/transfers/${transferId}/decline`, body: { reason: "Không có hộ này trên địa bàn" } };
    }),
    "POST /api/cases/{caseId}/transfers/{transferId}/withdraw": row(t.sender, async () => {
      const { caseId, transferId } = await t.caseInTransfer();
      return { path: `/api/cases/${caseId}/transfers/${transferId}/withdraw` };
    }),
    // Province-scoped: inside is the province's jurisdiction.
    "POST /api/cases/{caseId}/move": {
      allowed: transferers,
      success: 200,
      request: async () => {
        const opened = await t.senderCase();
        return { path: `/api/cases/${opened.caseId}/move`, body: { expectedVersion: opened.version, to: t.receiver(), ...request } };
      },
    },
    "POST /api/reports/{reportId}/transfers": row(
      t.sender,
      async () => {
        const report = await t.senderReport();
        return { path: `/api/reports/${report.reportId}/transfers`, body: { expectedVersion: report.version, to: t.receiver(), ...request } };
      },
      201,
    ),
    "POST /api/reports/{reportId}/transfers/{transferId}/accept": row(t.receiver, async () => {
      const { reportId, transferId } = await t.reportInTransfer();
      return { path: `/api/reports/${reportId}/transfers/${transferId}/accept` };
    }),
    "POST /api/reports/{reportId}/transfers/{transferId}/decline": row(t.receiver, async () => {
      const { reportId, transferId } = await t.reportInTransfer();
      return { path: `/api/reports/${reportId}/transfers/${transferId}/decline`, body: { reason: "Không thuộc địa bàn" } };
    }),
    "POST /api/reports/{reportId}/transfers/{transferId}/withdraw": row(t.sender, async () => {
      const { reportId, transferId } = await t.reportInTransfer();
      return { path: `/api/reports/${reportId}/transfers/${transferId}/withdraw`, body: {} };
    }),
    "POST /api/reports/{reportId}/move": {
      allowed: transferers,
      success: 200,
      request: async () => {
        const report = await t.senderReport();
        return { path: `/api/reports/${report.reportId}/move`, body: { expectedVersion: report.version, to: t.receiver(), ...request } };
      },
    },
  };
};
