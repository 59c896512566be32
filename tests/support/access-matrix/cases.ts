import { randomUUID } from "node:crypto";
import { expect } from "vitest";
import type { OfficerRole } from "../../../shared/permissions.ts";
import { openTestCase } from "../cases.ts";
import type { Fixture, FixtureSet } from "./fixture.ts";

/**
 * Case tracking's rows of the access matrix. Each cell opens a fresh case in xã 1 (and, for a
 * nested item, creates the item first as a commune leader), then calls the route as the cell's
 * officer: readers are commune officers, commune leaders and province officers (case:read);
 * writers are commune officers and leaders (case:write). Outside the jurisdiction: 404.
 */
const readers: OfficerRole[] = ["commune-officer", "commune-leader", "province-officer"];
const writers: OfficerRole[] = ["commune-officer", "commune-leader"];

interface Prepared {
  caseId: string;
  version: number;
  victimId: string;
  perpetratorId: string;
  itemId: string;
}

export const caseFixtures: FixtureSet = (system) => {
  const commune = () => system().commune1;
  const setupToken = () => system().tokenFor(["commune-leader"], [system().commune1]).token;

  async function call(caseId: string, method: string, suffix: string, body: Record<string, unknown>) {
    const token = setupToken();
    const current = await system().call("GET", `/api/cases/${caseId}`, { token });
    const result = await system().call(method, `/api/cases/${caseId}${suffix}`, { token, body: { expectedVersion: current.json.version, ...body } });
    expect(result.status, JSON.stringify(result.json)).toBeLessThan(300);
    return result.json;
  }

  /** A case with a victim (consenting to referral) and a perpetrator, and optionally one more item. */
  async function prepare(item?: "measure" | "service" | "follow-up" | "referral"): Promise<Prepared> {
    const { caseId } = await openTestCase(system().api.documents, { commune: commune() });
    await call(caseId, "POST", "/parties", { role: "victim", name: "Nạn nhân", sex: "female", ageBand: "18-59", relationship: "spouse", vulnerabilities: [] });
    let view = await call(caseId, "POST", "/parties", { role: "perpetrator", sex: "male", ageBand: "18-59", relationship: "spouse", vulnerabilities: [] });
    const parties = view.parties as { partyId: string; role: string }[];
    const victimId = parties.find((party) => party.role === "victim")?.partyId as string;
    const perpetratorId = parties.find((party) => party.role === "perpetrator")?.partyId as string;
    view = await call(caseId, "PUT", `/parties/${victimId}/consents/referral`, { given: true });
    let itemId = "";
    if (item === "measure") {
      view = await call(caseId, "POST", "/measures", { code: "g", status: "proposed", authority: "case-officer", perpetratorId });
      itemId = view.measures[0].measureId;
    } else if (item === "service") {
      view = await call(caseId, "POST", "/services", { kind: "counselling", victimId, provider: "Trung tâm", startsOn: "2026-03-01" });
      itemId = view.services[0].serviceId;
    } else if (item === "referral") {
      view = await call(caseId, "POST", "/referrals", { target: "health", victimId, referredOn: "2026-03-02" });
      itemId = view.referrals[0].referralId;
    } else if (item === "follow-up") {
      view = await call(caseId, "POST", "/follow-ups", { dueOn: "2026-04-01" });
      itemId = view.followUps[0].followUpId;
    }
    return { caseId, version: view.version, victimId, perpetratorId, itemId };
  }

  const write = (
    method: string,
    suffix: (prepared: Prepared) => string,
    body: (prepared: Prepared) => Record<string, unknown>,
    options: { item?: "measure" | "service" | "follow-up" | "referral"; success?: 200 | 201 } = {},
  ): Fixture => ({
    allowed: writers,
    success: options.success ?? 200,
    commune,
    request: async () => {
      const prepared = await prepare(options.item);
      return { method, path: `/api/cases/${prepared.caseId}${suffix(prepared)}`, body: { expectedVersion: prepared.version, ...body(prepared) } };
    },
  });

  /** Two cases of the commune with a perpetrator of the same (unique) name and year: the second links to the first. */
  async function samePerson() {
    const name = `Người Trùng ${randomUUID().slice(0, 8)}`;
    const perpetrator = { role: "perpetrator", name, birthYear: 1980, sex: "male", ageBand: "18-59", relationship: "spouse", vulnerabilities: [] };
    const earlier = await openTestCase(system().api.documents, { commune: commune() });
    const first = await call(earlier.caseId, "POST", "/parties", perpetrator);
    const later = await openTestCase(system().api.documents, { commune: commune() });
    const second = await call(later.caseId, "POST", "/parties", perpetrator);
    return {
      earlier: earlier.caseId,
      earlierParty: first.parties[0].partyId as string,
      later: later.caseId,
      laterParty: second.parties[0].partyId as string,
      version: second.version as number,
    };
  }

  return {
    // — Issue 14 —
    "POST /api/cases/{caseId}/referrals/{referralId}/status": write(
      "POST",
      (prepared) => `/referrals/${prepared.itemId}/status`,
      () => ({ status: "received", on: "2026-03-03" }),
      { item: "referral" },
    ),
    "POST /api/cases/{caseId}/notes": write(
      "POST",
      () => "/notes",
      () => ({ text: "Ghi chú của ma trận quyền" }),
      { success: 201 },
    ),
    "PUT /api/cases/{caseId}/assignees": write(
      "PUT",
      () => "/assignees",
      () => ({ officerIds: [] }),
    ),
    "GET /api/cases/{caseId}/parties/{partyId}/same-person": {
      allowed: writers,
      success: 200,
      commune,
      request: async () => {
        const prepared = await prepare();
        return { path: `/api/cases/${prepared.caseId}/parties/${prepared.perpetratorId}/same-person` };
      },
    },
    "POST /api/cases/{caseId}/parties/{partyId}/same-person": {
      allowed: writers,
      success: 200,
      commune,
      request: async () => {
        const pair = await samePerson();
        return {
          method: "POST",
          path: `/api/cases/${pair.later}/parties/${pair.laterParty}/same-person`,
          body: { expectedVersion: pair.version, caseId: pair.earlier, partyId: pair.earlierParty },
        };
      },
    },
    "POST /api/communes/{commune}/person-search": {
      allowed: writers,
      success: 200,
      commune,
      request: async () => ({ method: "POST", path: `/api/communes/${commune()}/person-search`, body: { name: "Không Ai Tên Này" } }),
    },
    "GET /api/communes/{commune}/case-officers": {
      allowed: writers,
      success: 200,
      commune,
      request: async () => ({ path: `/api/communes/${commune()}/case-officers` }),
    },
    "GET /api/my-work": {
      allowed: "any-officer",
      success: 200,
      request: async () => ({ path: "/api/my-work" }),
    },
    "GET /api/communes/{commune}/cases": {
      allowed: readers,
      success: 200,
      commune,
      request: async () => ({ path: `/api/communes/${commune()}/cases?limit=5` }),
    },
    "GET /api/cases/{caseId}": {
      allowed: readers,
      success: 200,
      commune,
      request: async () => {
        const { caseId } = await openTestCase(system().api.documents, { commune: commune() });
        return { path: `/api/cases/${caseId}` };
      },
    },
    "PATCH /api/cases/{caseId}": {
      allowed: writers,
      success: 200,
      commune,
      request: async () => {
        const { caseId } = await openTestCase(system().api.documents, { commune: commune(), acts: ["a"] });
        return {
          path: `/api/cases/${caseId}`,
          body: { expectedVersion: 1, acts: ["a", "b"] },
          after: async (allowed) => {
            const view = await system().call("GET", `/api/cases/${caseId}`, { token: setupToken() });
            expect(view.json.acts).toEqual(allowed ? ["a", "b"] : ["a"]);
          },
        };
      },
    },
    "PUT /api/cases/{caseId}/risk": write(
      "PUT",
      () => "/risk",
      () => ({ answers: ["escalating"] }),
    ),
    "POST /api/cases/{caseId}/status": write(
      "POST",
      () => "/status",
      () => ({ to: "intervening" }),
    ),
    "POST /api/cases/{caseId}/parties": write(
      "POST",
      () => "/parties",
      () => ({ role: "victim", sex: "female", ageBand: "60-plus", relationship: "parent", vulnerabilities: ["elderly"] }),
      { success: 201 },
    ),
    "PUT /api/cases/{caseId}/parties/{partyId}": write(
      "PUT",
      (prepared) => `/parties/${prepared.perpetratorId}`,
      () => ({ role: "perpetrator", sex: "male", ageBand: "18-59", relationship: "former-spouse", vulnerabilities: [] }),
    ),
    "PUT /api/cases/{caseId}/parties/{partyId}/consents/{purpose}": write(
      "PUT",
      (prepared) => `/parties/${prepared.victimId}/consents/statistics`,
      () => ({ given: true }),
    ),
    "POST /api/cases/{caseId}/measures": write(
      "POST",
      () => "/measures",
      (prepared) => ({ code: "a", status: "ordered", authority: "case-officer", perpetratorId: prepared.perpetratorId, startsAt: "2026-03-01T08:00:00+07:00" }),
      { success: 201 },
    ),
    "PATCH /api/cases/{caseId}/measures/{measureId}": write(
      "PATCH",
      (prepared) => `/measures/${prepared.itemId}`,
      () => ({ status: "revoked" }),
      {
        item: "measure",
      },
    ),
    "POST /api/cases/{caseId}/services": write(
      "POST",
      () => "/services",
      (prepared) => ({ kind: "legal-aid", victimId: prepared.victimId, provider: "Trợ giúp pháp lý tỉnh", startsOn: "2026-03-01" }),
      { success: 201 },
    ),
    "PUT /api/cases/{caseId}/services/{serviceId}": write(
      "PUT",
      (prepared) => `/services/${prepared.itemId}`,
      (prepared) => ({ kind: "counselling", victimId: prepared.victimId, provider: "Trung tâm", startsOn: "2026-03-01", endsOn: "2026-03-31" }),
      { item: "service" },
    ),
    "POST /api/cases/{caseId}/referrals": write(
      "POST",
      () => "/referrals",
      (prepared) => ({ target: "health", victimId: prepared.victimId, referredOn: "2026-03-02" }),
      { success: 201 },
    ),
    "POST /api/cases/{caseId}/sessions": write(
      "POST",
      () => "/sessions",
      () => ({ kind: "mediation", heldOn: "2026-03-03" }),
      { success: 201 },
    ),
    "POST /api/cases/{caseId}/follow-ups": write(
      "POST",
      () => "/follow-ups",
      () => ({ dueOn: "2026-04-01" }),
      { success: 201 },
    ),
    "PATCH /api/cases/{caseId}/follow-ups/{followUpId}": write(
      "PATCH",
      (prepared) => `/follow-ups/${prepared.itemId}`,
      () => ({ doneOn: "2026-04-02" }),
      {
        item: "follow-up",
      },
    ),
  };
};
