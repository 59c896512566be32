import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isOfficerRoute, type RouteDefinition, routeKey, routeTable } from "../../functions/routes.ts";
import type { Jurisdiction, OfficerRole } from "../../shared/permissions.ts";
import { adminFixtures } from "../support/access-matrix/admin.ts";
import { caseFixtures } from "../support/access-matrix/cases.ts";
import { commendationFixtures, commendationHelpers } from "../support/access-matrix/commendations.ts";
import type { Fixture } from "../support/access-matrix/fixture.ts";
import { oversightFixtures, oversightHelpers } from "../support/access-matrix/oversight.ts";
import { bodies, preventionFixtures } from "../support/access-matrix/prevention.ts";
import { intake, reportFixtures } from "../support/access-matrix/reports.ts";
import { statisticsFixtures } from "../support/access-matrix/statistics.ts";
import { transferFixtures } from "../support/access-matrix/transfers.ts";
import { openTestCase } from "../support/cases.ts";
import { type OfficerApi, startOfficerApi } from "../support/officer-api.ts";

/**
 * Page cursors (issue 15, point 2): EVERY GET route of the route table, called as an officer it
 * allows (through the access matrix's fixtures), is sent cursors that are not its own — garbage,
 * a cursor of another commune or another filter of the same list, a cursor of another list, and a
 * tampered one. The answer is a 400 problem naming `query.cursor`, never a 500 and never a page.
 * A route that takes no cursor ignores it (no query schema) or names it as an unknown field.
 *
 * A route that takes a cursor is a paged list and needs an entry in `pagedLists` below (two
 * queries of it, each with more than one item): a new list route without one fails this file.
 */
let system: OfficerApi;
const commendations = commendationHelpers(() => system);
const oversight = oversightHelpers(() => system);

const fixtures: Record<string, Fixture> = {
  ...adminFixtures(() => system),
  ...reportFixtures(() => system),
  ...caseFixtures(() => system),
  ...commendationFixtures(() => system),
  ...preventionFixtures(() => system),
  ...statisticsFixtures(() => system),
  ...oversightFixtures(() => system),
  ...transferFixtures(() => system),
};

/** The kit's answer to a cursor that is not this query's (functions/lib/kit/errors.ts). */
const codecMessage = "The page cursor is not valid or belongs to another list; load the list again from the start.";

const communeRoles: readonly OfficerRole[] = ["commune-officer", "commune-leader"];

/** A token of `role` that may read both test communes (and `commune`, for a commune role) or the province. */
function tokenOf(role: OfficerRole, commune?: string): string {
  const communes = [...new Set([system.commune1, system.commune2, ...(commune === undefined ? [] : [commune])])];
  const jurisdiction: Jurisdiction = communeRoles.includes(role) ? { kind: "communes", communes } : { kind: "province" };
  return system.tokenFor([role], jurisdiction).token;
}

function allowedRole(route: RouteDefinition): OfficerRole {
  const fixture = fixtures[routeKey(route)];
  if (fixture === undefined || fixture.allowed === "any-officer") return "province-admin";
  // A province-scoped route is read with the province's jurisdiction: a province role when it may.
  const provinceRole = fixture.allowed.find((role) => !communeRoles.includes(role));
  if (isOfficerRoute(route) && route.scope === "province" && provinceRole !== undefined) return provinceRole;
  return fixture.allowed[0] as OfficerRole;
}

function withCursor(path: string, cursor: string): string {
  return `${path}${path.includes("?") ? "&" : "?"}cursor=${encodeURIComponent(cursor)}`;
}

interface PagedList {
  /** The officer role that reads it. */
  role: OfficerRole;
  /** Two different queries of the list (another commune, another filter), each holding ≥ 2 items; limit=1 is added. */
  queries: () => Promise<[string, string]>;
}

async function reportsIn(commune: string, count: number): Promise<void> {
  const { token } = system.tokenFor(["commune-officer"], [commune]);
  for (let n = 0; n < count; n++) {
    const created = await system.call("POST", `/api/communes/${commune}/reports`, { token, body: intake(commune) });
    expect(created.status).toBe(201);
  }
}

async function casesIn(commune: string, count: number): Promise<void> {
  for (let n = 0; n < count; n++) await openTestCase(system.api.documents, { commune });
}

/** The paged lists of the route table and how to fill two queries of each. */
const pagedLists: Record<string, PagedList> = {
  "GET /api/province/cases": {
    role: "province-officer",
    queries: async () => {
      await Promise.all([casesIn(system.commune1, 2), casesIn(system.commune2, 2)]);
      return [`/api/province/cases?communes=${system.commune1}`, `/api/province/cases?communes=${system.commune2}`];
    },
  },
  "GET /api/province/reports": {
    role: "province-officer",
    queries: async () => {
      await Promise.all([reportsIn(system.commune1, 2), reportsIn(system.commune2, 2)]);
      return [`/api/province/reports?communes=${system.commune1}`, `/api/province/reports?communes=${system.commune2}`];
    },
  },
  "GET /api/communes/{commune}/cases": {
    role: "commune-officer",
    queries: async () => {
      await Promise.all([casesIn(system.commune1, 2), casesIn(system.commune2, 2)]);
      return [`/api/communes/${system.commune1}/cases`, `/api/communes/${system.commune2}/cases`];
    },
  },
  "GET /api/communes/{commune}/reports": {
    role: "commune-officer",
    queries: async () => {
      await Promise.all([reportsIn(system.commune1, 2), reportsIn(system.commune2, 2)]);
      return [`/api/communes/${system.commune1}/reports`, `/api/communes/${system.commune1}/reports?status=new`];
    },
  },
  "GET /api/commendations/communes/{commune}/nominations": {
    role: "commune-officer",
    queries: async () => {
      const cycle = await commendations.cycleId();
      for (const commune of [system.commune1, system.commune2]) {
        for (let n = 0; n < 2; n++) await commendations.nomination("draft", { commune, body: { nominee: nominee(`${commune}-${String(n)}`) } });
      }
      return [
        `/api/commendations/communes/${system.commune1}/nominations?cycle=${cycle}`,
        `/api/commendations/communes/${system.commune2}/nominations?cycle=${cycle}`,
      ];
    },
  },
  "GET /api/commendations/nominations": {
    role: "province-officer",
    queries: async () => {
      const cycle = await commendations.cycleId();
      const other = await commendations.createCycle();
      for (let n = 0; n < 2; n++) await commendations.nomination("draft", { cycle: other, body: { nominee: nominee(`other-${String(n)}`) } });
      return [`/api/commendations/nominations?cycle=${cycle}`, `/api/commendations/nominations?cycle=${other}`];
    },
  },
  // The prevention registers (issue 12): two communes' lists of each.
  ...Object.fromEntries(
    (["models", "activities", "mediations", "courses"] as const).map((register) => [
      `GET /api/communes/{commune}/prevention/${register}`,
      {
        role: "commune-officer",
        queries: async () => {
          for (const commune of [system.commune1, system.commune2]) {
            const { token } = system.tokenFor(["commune-officer"], [commune]);
            for (let n = 0; n < 2; n++)
              expect((await system.call("POST", `/api/communes/${commune}/prevention/${register}`, { token, body: bodies[register] })).status).toBe(201);
          }
          return [`/api/communes/${system.commune1}/prevention/${register}`, `/api/communes/${system.commune2}/prevention/${register}`];
        },
      } satisfies PagedList,
    ]),
  ),
  "GET /api/admin/officers": {
    role: "province-admin",
    // One listing only: its foreign cursors are the other lists' (below).
    queries: async () => ["/api/admin/officers", "/api/admin/officers"],
  },
  "GET /api/admin/audit": {
    role: "province-admin",
    queries: async () => {
      const { claims, token } = system.tokenFor(["province-admin"], "province");
      for (let n = 0; n < 3; n++) expect((await system.call("GET", "/api/me", { token })).status).toBe(200);
      return ["/api/admin/audit", `/api/admin/audit?officer=${claims.sub}`];
    },
  },
  "GET /api/oversight/plans": {
    role: "province-officer",
    // One listing (the province's plans): its foreign cursors are the other lists'.
    queries: async () => {
      for (let n = 0; n < 2; n++) await oversight.plan();
      return ["/api/oversight/plans", "/api/oversight/plans"];
    },
  },
  "GET /api/oversight/inspections": {
    role: "province-officer",
    queries: async () => {
      for (let n = 0; n < 2; n++) await oversight.inspection([system.commune1]);
      return ["/api/oversight/inspections", "/api/oversight/inspections"];
    },
  },
};

function nominee(tag: string) {
  return { kind: "individual", name: `Người đề nghị ${tag}`, unit: "Chi hội thôn Đông" };
}

/** Every string inside the cursor's state changed: its key names another partition, its day is not a day. */
function tampered(cursor: string): string {
  const parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as { b: string; s: unknown };
  const change = (value: unknown): unknown => {
    if (typeof value === "string") return `${value}-x`;
    if (Array.isArray(value)) return value.map(change);
    if (value !== null && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([name, inner]) => [name, change(inner)]));
    return value;
  };
  return Buffer.from(JSON.stringify({ b: parsed.b, s: change(parsed.s) }), "utf8").toString("base64url");
}

/** The same state, bound to another query (the binding digest changed). */
function rebound(cursor: string): string {
  const parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as { b: string; s: unknown };
  return Buffer.from(JSON.stringify({ b: `${parsed.b.slice(1)}A`, s: parsed.s }), "utf8").toString("base64url");
}

const garbage = ["garbage", "!!!", Buffer.from('{"x":1}').toString("base64url"), Buffer.from("[1,2,3]").toString("base64url"), "A".repeat(3000)];

beforeAll(async () => {
  system = await startOfficerApi("ninh-binh");
});
afterAll(async () => {
  await system?.close();
});

function expectCursorRefused(result: { status: number; json: { errors?: { field: string }[] } }, label: string): void {
  expect(result.status, `${label}: ${JSON.stringify(result.json)}`).toBe(400);
  expect(
    result.json.errors?.map((error) => error.field),
    label,
  ).toContain("query.cursor");
}

const getRoutes = routeTable.filter((route) => route.method === "GET");
const takesCursor = new Set<string>();

describe.each(getRoutes.map((route) => [routeKey(route), route] as const))("%s", (key, route) => {
  it("answers a garbage cursor with a 400 on query.cursor, or ignores it — never a 500", async () => {
    let path = route.path as string;
    let token: string | undefined;
    if (isOfficerRoute(route)) {
      const fixture = fixtures[key];
      expect(fixture, `${key} has a fixture in the access matrix`).toBeDefined();
      const role = allowedRole(route);
      const { claims } = system.tokenFor([role], "province");
      path = (await (fixture as Fixture).request({ id: claims.sub, role })).path;
      token = tokenOf(role, fixture?.commune?.());
    }
    // A public route's path parameter: this year (the public statistics of a year).
    path = path.replace("{year}", String(new Date().getFullYear()));
    expect(path, "a public GET route's path is filled in").not.toMatch(/\{/);
    const plain = await system.call("GET", path, token === undefined ? {} : { token });
    for (const cursor of garbage) {
      const result = await system.call("GET", withCursor(path, cursor), token === undefined ? {} : { token });
      expect(result.status, `${key} with cursor ${cursor.slice(0, 20)}`).toBeLessThan(500);
      if (result.status === plain.status && plain.status < 400) continue; // no query schema: the parameter is ignored
      expectCursorRefused(result, `${key} with cursor ${cursor.slice(0, 20)}`);
      const named = result.json.errors.find((error: { field: string }) => error.field === "query.cursor");
      if (named.message_en !== "Unknown field: cursor") takesCursor.add(key);
    }
    if (takesCursor.has(key)) expect(pagedLists[key], `${key} takes a cursor: add it to pagedLists in tests/integration/cursors.test.ts`).toBeDefined();
  });
});

describe("paged lists", () => {
  const cursors = new Map<string, string[]>();

  it("every paged list is a route of the route table that takes a cursor", () => {
    const keys = new Set(getRoutes.map(routeKey));
    for (const key of Object.keys(pagedLists)) {
      expect(keys.has(key), `${key} is in the route table`).toBe(true);
      expect(takesCursor.has(key), `${key} takes a cursor`).toBe(true);
    }
  });

  it("gives a cursor that continues its own query", async () => {
    for (const [key, list] of Object.entries(pagedLists)) {
      const token = tokenOf(list.role);
      const own: string[] = [];
      for (const query of await list.queries()) {
        const first = await system.call("GET", `${query}${query.includes("?") ? "&" : "?"}limit=1`, { token });
        expect(first.status, `${key}: ${JSON.stringify(first.json)}`).toBe(200);
        const cursor = (first.json.cursor ?? first.json.nextCursor) as string | undefined;
        expect(cursor, `${key} ${query} has a second page`).toBeTypeOf("string");
        const next = await system.call("GET", withCursor(`${query}${query.includes("?") ? "&" : "?"}limit=1`, cursor as string), { token });
        expect(next.status, `${key}: ${JSON.stringify(next.json)}`).toBe(200);
        expect(Array.isArray(next.json.items), key).toBe(true);
        own.push(cursor as string);
      }
      cursors.set(key, own);
    }
    expect([...cursors.keys()].sort()).toEqual(Object.keys(pagedLists).sort());
  });

  it("refuses a cursor of another commune or filter, of another list, tampered or rebound: 400 on query.cursor", async () => {
    expect(cursors.size).toBe(Object.keys(pagedLists).length);
    for (const [key, list] of Object.entries(pagedLists)) {
      const token = tokenOf(list.role);
      const [first, second] = await list.queries();
      const [ownFirst, ownSecond] = cursors.get(key) as [string, string];
      const foreign: [string, string][] = [];
      // The same list's other query (another commune, another filter), when it differs.
      if (first !== second) foreign.push([`the other query of ${key}`, ownSecond]);
      for (const [otherKey, others] of cursors) if (otherKey !== key) foreign.push([`a cursor of ${otherKey}`, others[0] as string]);
      foreign.push(["a tampered cursor", tampered(ownFirst)], ["a rebound cursor", rebound(ownFirst)], ["a truncated cursor", ownFirst.slice(0, -5)]);
      for (const [label, cursor] of foreign) {
        const result = await system.call("GET", withCursor(first, cursor), { token });
        expectCursorRefused(result, `${key} given ${label}`);
        expect(result.json.type).toBe("urn:pcblgd:problem:validation");
        const named = result.json.errors.find((error: { field: string }) => error.field === "query.cursor");
        expect(named.message_en, `${key} given ${label}`).toBe(codecMessage);
        expect(named.message).toMatch(/Con trỏ trang/);
      }
    }
  });
});
