import { DynamoDBDocumentClient, GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import * as z from "zod/mini";
import type { RouteDefinition } from "../../functions/routes.ts";
import { httpApiEvent, lambdaContext } from "../../infra/local/lambda-events.ts";
import { stubStackEnvironment, whoamiDefinition } from "../support/stack-env.ts";
import { officerClaims, startJwksServer, type TestIdentityProvider } from "../support/tokens.ts";

/**
 * The access control and audit of the shared middy stack (functions/lib/http.ts), on a made-up
 * function with every kind of officer route: record-scoped (a "thing" of one commune), nested (a
 * note of a thing, checked against its parent), province-scoped, the officer's own profile, and a
 * public route. Tokens are real (tests/support/tokens.ts); DynamoDB is mocked to see the audit
 * writes and to make them fail.
 */
stubStackEnvironment();

const dynamo = mockClient(DynamoDBDocumentClient);
let idp: TestIdentityProvider;
let http: typeof import("../../functions/lib/http.ts");

const xa1 = "13285";
const xa2 = "13291";
const things: Record<string, { commune: string; title: string }> = { t1: { commune: xa1, title: "một" }, t2: { commune: xa2, title: "hai" } };
const sideEffects: string[] = [];

const table: RouteDefinition[] = [
  { method: "GET", path: "/api/open", function: "directory", access: "public", summary: "a public route" },
  whoamiDefinition,
  {
    method: "GET",
    path: "/api/things/{thingId}",
    function: "directory",
    access: "officer",
    permission: "case:read",
    scope: "record",
    audit: { action: "thing.read", record: { type: "thing", param: "thingId" } },
    summary: "one thing of one commune",
  },
  {
    method: "POST",
    path: "/api/things/{thingId}/notes",
    function: "directory",
    access: "officer",
    permission: "case:write",
    scope: "record",
    audit: { action: "thing.note", record: { type: "thing", param: "thingId" } },
    summary: "a nested note, checked against its thing",
  },
  {
    method: "GET",
    path: "/api/stats",
    function: "directory",
    access: "officer",
    permission: "stats:read",
    scope: "province",
    audit: { action: "stats.read" },
    summary: "province figures",
  },
];

const resolveThing = async ({ path }: { path: Record<string, string> }) => {
  const thing = things[path.thingId as string];
  return thing === undefined ? undefined : { commune: thing.commune, resource: thing };
};

function makeHandler() {
  return http.httpFunction(
    "directory",
    {
      "GET /api/open": http.route({ handle: async () => http.ok({ open: true }) }),
      "GET /api/whoami": http.officerRoute({ handle: async ({ officer, scope }) => http.ok({ id: officer.id, scope }) }),
      "GET /api/things/{thingId}": http.officerRoute({
        path: z.strictObject({ thingId: z.string().check(z.regex(/^t\d+$/)) }),
        resolve: resolveThing,
        handle: async ({ resource, scope }) => {
          if (resource.title === "boom") throw new Error("boom");
          return http.ok({ thing: resource, scope });
        },
      }),
      "POST /api/things/{thingId}/notes": http.officerRoute({
        body: z.strictObject({ text: z.string().check(z.minLength(1)) }),
        resolve: resolveThing,
        handle: async ({ path, body }) => {
          sideEffects.push(`${path.thingId as string}:${body.text}`);
          return { status: 201, body: { ok: true }, recordKey: `note#${path.thingId as string}-1` };
        },
      }),
      "GET /api/stats": http.officerRoute({ handle: async ({ scope }) => http.ok({ scope }) }),
    },
    table,
  );
}

let handler: ReturnType<typeof makeHandler>;

beforeAll(async () => {
  idp = await startJwksServer();
  for (const [name, value] of Object.entries(idp.env)) vi.stubEnv(name, value);
  http = await import("../../functions/lib/http.ts");
  handler = makeHandler();
});
afterAll(async () => {
  await idp.close();
});
afterEach(() => {
  dynamo.reset();
  sideEffects.length = 0;
});

interface Call {
  method?: string;
  routeKey: string;
  url: string;
  pathParameters?: Record<string, string>;
  token?: string;
  body?: string;
  contentType?: string;
}

async function call(request: Call) {
  const headers: Record<string, string> = {};
  if (request.token !== undefined) headers.authorization = `Bearer ${request.token}`;
  if (request.body !== undefined) headers["content-type"] = request.contentType ?? "application/json";
  const context = lambdaContext("test");
  const result = await handler(
    httpApiEvent(
      {
        method: request.method ?? request.routeKey.split(" ")[0] ?? "GET",
        url: request.url,
        headers,
        ...(request.body === undefined ? {} : { body: request.body }),
      },
      { routeKey: request.routeKey, ...(request.pathParameters ? { pathParameters: request.pathParameters } : {}) },
    ),
    context,
  );
  return { ...result, json: JSON.parse(result.body ?? "null") as Record<string, unknown>, requestId: context.awsRequestId };
}

function auditItems(): Record<string, unknown>[] {
  return dynamo.commandCalls(PutCommand).map((entry) => entry.args[0].input.Item as Record<string, unknown>);
}

const thing = (id: string) => ({ routeKey: "GET /api/things/{thingId}", url: `/api/things/${id}`, pathParameters: { thingId: id } });
const officerOf = (commune: string) => officerClaims({ roles: ["commune-officer"], jurisdiction: [commune] });

describe("record-scoped routes", () => {
  it("lets an officer of the record's commune in, hands the handler the loaded record and the query scope, and audits 'allowed'", async () => {
    const claims = officerOf(xa1);
    const result = await call({ ...thing("t1"), token: idp.mint(claims) });
    expect(result.statusCode).toBe(200);
    expect(result.json).toEqual({ thing: things.t1, scope: { all: false, communes: [xa1] } });
    const [entry, ...more] = auditItems();
    expect(more).toEqual([]);
    expect(entry).toMatchObject({
      officerId: claims.sub,
      action: "thing.read",
      recordKey: "thing#t1",
      outcome: "allowed",
      status: 200,
      requestId: result.requestId,
    });
    expect(entry?.pk).toMatch(/^DAY#\d{4}-\d{2}-\d{2}$/);
    expect(entry?.sk).toBe(`${entry?.at as string}#${result.requestId}#0`);
    expect(dynamo.commandCalls(PutCommand)[0]?.args[0].input.ConditionExpression).toBe("attribute_not_exists(pk)");
  });

  it("answers another commune's record with the same 404 as a record that does not exist", async () => {
    const token = idp.mint(officerOf(xa2));
    const denied = await call({ ...thing("t1"), token });
    const missing = await call({ ...thing("t9"), token });
    expect(denied.statusCode).toBe(404);
    expect(missing.statusCode).toBe(404);
    const strip = (json: Record<string, unknown>) => ({ ...json, instance: undefined });
    expect(strip(denied.json)).toEqual(strip(missing.json));
    expect(denied.json.type).toBe("urn:pcblgd:problem:not-found");
    expect(auditItems().map((entry) => [entry.recordKey, entry.outcome, entry.status])).toEqual([
      ["thing#t1", "denied", 404],
      ["thing#t9", "failed", 404],
    ]);
  });

  it("lets a province-wide officer with the permission read any commune's record", async () => {
    const token = idp.mint(officerClaims({ roles: ["province-officer"], jurisdiction: "province" }));
    expect((await call({ ...thing("t1"), token })).statusCode).toBe(200);
    expect((await call({ ...thing("t2"), token })).json.scope).toEqual({ all: true });
  });

  it("refuses a role without the permission even in its own commune (commendation reviewer, case:read)", async () => {
    const token = idp.mint(officerClaims({ roles: ["commendation-reviewer"], jurisdiction: [xa1] }));
    expect((await call({ ...thing("t1"), token })).statusCode).toBe(404);
    expect(auditItems()[0]?.outcome).toBe("denied");
  });

  it("validates path parameters after authentication (400 naming the field)", async () => {
    const result = await call({
      routeKey: "GET /api/things/{thingId}",
      url: "/api/things/x",
      pathParameters: { thingId: "x" },
      token: idp.mint(officerOf(xa1)),
    });
    expect(result.statusCode).toBe(400);
    expect(result.json.errors).toEqual([expect.objectContaining({ field: "path.thingId" })]);
    expect(auditItems()[0]).toMatchObject({ outcome: "failed", status: 400, recordKey: "thing#x" });
  });

  it("records an id of an unsafe shape as (invalid), not as given", async () => {
    const id = `t1"${"x".repeat(300)}`;
    const result = await call({
      routeKey: "GET /api/things/{thingId}",
      url: "/api/things/x",
      pathParameters: { thingId: id },
      token: idp.mint(officerOf(xa1)),
    });
    expect(result.statusCode).toBe(400);
    expect(auditItems()[0]?.recordKey).toBe("thing#(invalid)");
  });

  it("audits a handler's crash as 'failed' with status 500", async () => {
    things.t3 = { commune: xa1, title: "boom" };
    const result = await call({ ...thing("t3"), token: idp.mint(officerOf(xa1)) });
    expect(result.statusCode).toBe(500);
    expect(auditItems()[0]).toMatchObject({ outcome: "failed", status: 500, recordKey: "thing#t3" });
  });
});

describe("nested items", () => {
  const note = (thingId: string, token: string | undefined, body = '{"text":"ghi chú"}') => ({
    routeKey: "POST /api/things/{thingId}/notes",
    url: `/api/things/${thingId}/notes`,
    pathParameters: { thingId },
    ...(token === undefined ? {} : { token }),
    body,
  });

  it("are checked against their parent's commune, read from the store", async () => {
    const result = await call(note("t1", idp.mint(officerOf(xa1))));
    expect(result.statusCode).toBe(201);
    expect(sideEffects).toEqual(["t1:ghi chú"]);
    // The handler named the record it created.
    expect(auditItems()[0]).toMatchObject({ action: "thing.note", recordKey: "note#t1-1", outcome: "allowed", status: 201 });
  });

  it("are refused for a parent in another commune before the body is even validated", async () => {
    const result = await call(note("t2", idp.mint(officerOf(xa1)), '{"text":""}'));
    expect(result.statusCode).toBe(404);
    expect(sideEffects).toEqual([]);
  });

  it("need the write permission (a province officer may read but not write)", async () => {
    const result = await call(note("t1", idp.mint(officerClaims({ roles: ["province-officer"], jurisdiction: "province" }))));
    expect(result.statusCode).toBe(404);
    expect(sideEffects).toEqual([]);
  });
});

describe("authentication", () => {
  it("answers 401 with WWW-Authenticate without a token, and audits the attempt without an officer", async () => {
    const result = await call(thing("t1"));
    expect(result.statusCode).toBe(401);
    expect(result.headers?.["www-authenticate"]).toBe('Bearer realm="pcblgd"');
    expect(result.headers?.["content-type"]).toMatch(/^application\/problem\+json/);
    expect(result.headers?.["cache-control"]).toBe("no-store");
    expect(result.json.type).toBe("urn:pcblgd:problem:unauthenticated");
    const [entry] = auditItems();
    expect(entry).toMatchObject({ action: "thing.read", outcome: "denied", status: 401 });
    expect(entry).not.toHaveProperty("officerId");
  });

  it.each([
    ["garbage", "garbage"],
    ["an expired token", "expired"],
    ["an access token", "access"],
  ])("answers 401 to %s", async (_label, kind) => {
    const claims = officerOf(xa1);
    const token = kind === "garbage" ? "a.b.c" : kind === "expired" ? idp.mint(claims, { expiresIn: -1 }) : idp.mint(claims, { tokenUse: "access" });
    expect((await call({ ...thing("t1"), token })).statusCode).toBe(401);
  });

  it("checks the token before reading the body: unsigned malformed JSON is a 401, not a 400", async () => {
    const result = await call({
      routeKey: "POST /api/things/{thingId}/notes",
      url: "/api/things/t1/notes",
      pathParameters: { thingId: "t1" },
      body: '{"text":',
    });
    expect(result.statusCode).toBe(401);
  });

  it("leaves public routes alone: no token needed, nothing audited", async () => {
    const result = await call({ routeKey: "GET /api/open", url: "/api/open" });
    expect(result.statusCode).toBe(200);
    expect(auditItems()).toEqual([]);
  });
});

describe("province-scoped and self routes", () => {
  it("allow a province-wide officer with the permission, and refuse the same role in a commune", async () => {
    const stats = { routeKey: "GET /api/stats", url: "/api/stats" };
    expect((await call({ ...stats, token: idp.mint(officerClaims({ roles: ["province-officer"], jurisdiction: "province" })) })).statusCode).toBe(200);
    expect((await call({ ...stats, token: idp.mint(officerClaims({ roles: ["commune-leader"], jurisdiction: [xa1] })) })).statusCode).toBe(404);
  });

  it("serve the officer's own profile to any signed-in officer", async () => {
    const claims = officerClaims({ roles: ["commendation-reviewer"], jurisdiction: [xa2] });
    const result = await call({ routeKey: "GET /api/whoami", url: "/api/whoami", token: idp.mint(claims) });
    expect(result.json).toEqual({ id: claims.sub, scope: { all: false, communes: [xa2] } });
    expect(auditItems()[0]).toMatchObject({ action: "me.read", outcome: "allowed", officerId: claims.sub });
  });
});

describe("revoked tokens", () => {
  const whoami = { routeKey: "GET /api/whoami", url: "/api/whoami" };

  it("looks the token's sub up with one GetItem on revocations", async () => {
    const claims = officerOf(xa1);
    expect((await call({ ...whoami, token: idp.mint(claims) })).statusCode).toBe(200);
    const lookups = dynamo.commandCalls(GetCommand);
    expect(lookups).toHaveLength(1);
    expect(lookups[0]?.args[0].input).toMatchObject({ TableName: "pcblgd-test-revocations", Key: { officerId: claims.sub } });
    expect(lookups[0]?.args[0].input.ConsistentRead).toBeUndefined();
  });

  it("answers 401 like an expired token when iat ≤ revokedAt, and audits it", async () => {
    const claims = officerOf(xa1);
    const token = idp.mint(claims);
    const iat = JSON.parse(Buffer.from(token.split(".")[1] as string, "base64url").toString()).iat as number;
    dynamo.on(GetCommand).resolves({ Item: { revokedAt: iat } });
    const result = await call({ ...whoami, token });
    expect(result.statusCode).toBe(401);
    expect(result.json.type).toBe("urn:pcblgd:problem:unauthenticated");
    expect(auditItems()[0]).toMatchObject({ action: "me.read", outcome: "denied", status: 401 });
  });

  it("accepts a token issued after the revocation", async () => {
    const token = idp.mint(officerOf(xa1));
    const iat = JSON.parse(Buffer.from(token.split(".")[1] as string, "base64url").toString()).iat as number;
    dynamo.on(GetCommand).resolves({ Item: { revokedAt: iat - 1 } });
    expect((await call({ ...whoami, token })).statusCode).toBe(200);
  });

  it("does not let a token through when the lookup fails (503)", async () => {
    dynamo.on(GetCommand).rejects(Object.assign(new Error("Rate exceeded"), { name: "ThrottlingException" }));
    expect((await call({ ...whoami, token: idp.mint(officerOf(xa1)) })).statusCode).toBe(503);
  });

  it("does not look anything up for a public route", async () => {
    expect((await call({ routeKey: "GET /api/open", url: "/api/open" })).statusCode).toBe(200);
    expect(dynamo.commandCalls(GetCommand)).toHaveLength(0);
  });
});

describe("when the audit entry cannot be written", () => {
  it("fails the request with 503 instead of answering unaudited", async () => {
    dynamo.on(PutCommand).rejects(Object.assign(new Error("Rate exceeded"), { name: "ThrottlingException" }));
    const result = await call({ ...thing("t1"), token: idp.mint(officerOf(xa1)) });
    expect(result.statusCode).toBe(503);
    expect(result.json.type).toBe("urn:pcblgd:problem:service-unavailable");
    expect(result.headers?.["cache-control"]).toBe("no-store");
    expect(result.body).not.toContain("một");
    expect(dynamo.commandCalls(PutCommand)).toHaveLength(1);
  });

  it("fails a denied or unauthenticated request with 503 too", async () => {
    dynamo.on(PutCommand).rejects(new Error("AccessDenied"));
    expect((await call({ ...thing("t1"), token: idp.mint(officerOf(xa2)) })).statusCode).toBe(503);
    const unsigned = await call(thing("t1"));
    expect(unsigned.statusCode).toBe(503);
    expect(unsigned.headers?.["cache-control"]).toBe("no-store");
    expect(dynamo.commandCalls(PutCommand)).toHaveLength(2);
  });
});

describe("the route map and the route table must agree (checked at cold start)", () => {
  it.each([
    ["a route the table does not list", { "GET /api/other": "public" }, "is handled but not in the route table"],
    ["a table route without a handler route", { drop: "GET /api/stats" }, "has no handler route"],
    ["an officer route declared public", { "GET /api/stats": "public" }, 'is "officer" in the route table but declared "public"'],
    ["a record-scoped route without resolve", { "GET /api/things/{thingId}": "officer-no-resolve" }, 'a resolve exactly when the scope is "record"'],
  ])("refuses %s", (_label, change, message) => {
    const routes: Record<string, ReturnType<typeof http.route>> = {
      "GET /api/open": http.route({ handle: async () => http.ok(1) }),
      "GET /api/whoami": http.officerRoute({ handle: async () => http.ok(1) }),
      "GET /api/things/{thingId}": http.officerRoute({ resolve: resolveThing, handle: async () => http.ok(1) }),
      "POST /api/things/{thingId}/notes": http.officerRoute({ resolve: resolveThing, handle: async () => http.ok(1) }),
      "GET /api/stats": http.officerRoute({ handle: async () => http.ok(1) }),
    };
    for (const [key, kind] of Object.entries(change)) {
      if (key === "drop") delete routes[kind];
      else if (kind === "public") routes[key] = http.route({ handle: async () => http.ok(1) });
      else routes[key] = http.officerRoute({ handle: async () => http.ok(1) });
    }
    expect(() => http.httpFunction("directory", routes, table)).toThrow(message);
  });

  it("refuses an audit record parameter that is not in the path", () => {
    const broken: RouteDefinition[] = [
      {
        method: "GET",
        path: "/api/stats",
        function: "directory",
        access: "officer",
        permission: "stats:read",
        scope: "province",
        audit: { action: "x.y", record: { type: "x", param: "xId" } },
        summary: "",
      },
    ];
    expect(() => http.httpFunction("directory", { "GET /api/stats": http.officerRoute({ handle: async () => http.ok(1) }) }, broken)).toThrow(
      "{xId} is not in the path",
    );
  });
});
