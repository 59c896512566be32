import { DynamoDBDocumentClient, GetCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import * as z from "zod/mini";
import { httpApiEvent, lambdaContext } from "../../infra/local/lambda-events.ts";

/**
 * The shared middy stack, on paths a real DynamoDB Local cannot produce (throttling, timeouts,
 * unexpected errors) and on body handling that the directory's GET routes do not exercise.
 */
vi.stubEnv("TABLE_DIRECTORY", "pcblgd-test-directory");
vi.stubEnv("POWERTOOLS_LOG_LEVEL", "SILENT");
vi.stubEnv("AWS_REGION", "ap-southeast-1");

const dynamo = mockClient(DynamoDBDocumentClient);
afterEach(() => dynamo.reset());

type Handler = typeof import("../../functions/directory/handler.ts")["handler"];
let directory: Handler;
let http: typeof import("../../functions/lib/http.ts");

beforeAll(async () => {
  directory = (await import("../../functions/directory/handler.ts")).handler;
  http = await import("../../functions/lib/http.ts");
});

function call(handler: Handler, method: string, url: string, routeKey: string, headers: Record<string, string> = {}, body?: string) {
  return handler(httpApiEvent({ method, url, headers, ...(body === undefined ? {} : { body }) }, { routeKey }), lambdaContext("test"));
}

const parse = (result: Awaited<ReturnType<Handler>>) => JSON.parse(result.body ?? "") as Record<string, unknown>;

describe("when DynamoDB fails", () => {
  it("answers 503 problem+json when DynamoDB throttles, so the client retries", async () => {
    dynamo.on(QueryCommand).rejects(Object.assign(new Error("Rate exceeded"), { name: "ThrottlingException" }));
    const result = await call(directory, "GET", "/api/communes?q=phu", "GET /api/communes");
    expect(result.statusCode).toBe(503);
    expect(result.headers?.["content-type"]).toMatch(/^application\/problem\+json/);
    expect(parse(result)).toMatchObject({ status: 503, type: "urn:pcblgd:problem:service-unavailable" });
  });

  it("answers 503 when DynamoDB does not answer in time", async () => {
    dynamo.on(GetCommand).rejects(Object.assign(new Error("socket timed out"), { name: "TimeoutError" }));
    const result = await call(directory, "GET", "/api/health", "GET /api/health");
    expect(result.statusCode).toBe(503);
  });

  it("answers a 500 that reveals nothing of the error and names the request", async () => {
    dynamo.on(QueryCommand).rejects(new Error("Item {name: Nguyễn Văn A} is corrupt"));
    const context = lambdaContext("test");
    const result = await directory(httpApiEvent({ method: "GET", url: "/api/communes" }, { routeKey: "GET /api/communes" }), context);
    expect(result.statusCode).toBe(500);
    expect(result.body).not.toContain("Nguyễn");
    expect(parse(result)).toMatchObject({ status: 500, instance: context.awsRequestId, type: "urn:pcblgd:problem:internal" });
    expect(result.headers?.["cache-control"]).toBe("no-store");
  });
});

describe("the origin gate: in AWS, only CloudFront reaches the functions", () => {
  // The stack reads its settings once per container: each case here is a fresh container's.
  beforeEach(() => http.stackSettings.reset());
  afterEach(() => {
    vi.stubEnv("ORIGIN_VERIFY_SECRET", "");
    vi.stubEnv("AWS_LAMBDA_FUNCTION_NAME", "");
    http.stackSettings.reset();
  });

  it("answers 404 to a request without the origin secret (the execute-api address called directly), and serves one with it", async () => {
    vi.stubEnv("ORIGIN_VERIFY_SECRET", "the-origin-secret-of-this-test");
    dynamo.on(GetCommand).resolves({ Item: { pk: "HEALTH" } });
    const direct = await call(directory, "GET", "/api/health", "GET /api/health", { "cloudfront-viewer-address": "198.51.100.1:443" });
    expect(direct.statusCode).toBe(404);
    expect(parse(direct)).toMatchObject({ type: "urn:pcblgd:problem:not-found" });
    const wrong = await call(directory, "GET", "/api/health", "GET /api/health", { "x-pcblgd-origin-verify": "the-origin-secret-of-this-tesT" });
    expect(wrong.statusCode).toBe(404);
    const viaCloudFront = await call(directory, "GET", "/api/health", "GET /api/health", { "x-pcblgd-origin-verify": "the-origin-secret-of-this-test" });
    expect(viaCloudFront.statusCode).not.toBe(404);
    expect(dynamo.commandCalls(GetCommand).length).toBe(1);
  });

  it("fails loudly in Lambda when the secret is not configured", async () => {
    vi.stubEnv("AWS_LAMBDA_FUNCTION_NAME", "pcblgd-test-directory");
    const result = await call(directory, "GET", "/api/health", "GET /api/health");
    expect(result.statusCode).toBe(500);
    expect(dynamo.commandCalls(GetCommand).length).toBe(0);
  });
});

describe("requests without a body", () => {
  it("are not refused for a Content-Type that announces JSON (fetch wrappers send one on GET)", async () => {
    dynamo.on(QueryCommand).resolves({ Items: [] });
    const result = await call(directory, "GET", "/api/communes?q=phu", "GET /api/communes", { "content-type": "application/json" });
    expect(result.statusCode).toBe(200);
  });
});

describe("JSON bodies", () => {
  const echo = () =>
    http.httpFunction(
      { name: "directory", table: [{ method: "POST", path: "/api/echo", function: "directory", access: "public", summary: "Echo, for these tests" }] },
      {
        "POST /api/echo": http.route({
          body: z.strictObject({ name: z.string().check(z.minLength(1)), age: z.optional(z.number()) }),
          handle: async ({ body }) => ({ status: 201, body }),
        }),
      },
    );

  it("validates and hands the parsed body to the route", async () => {
    const result = await call(echo(), "POST", "/api/echo", "POST /api/echo", { "content-type": "application/json" }, '{"name":"A","age":3}');
    expect(result.statusCode).toBe(201);
    expect(parse(result)).toEqual({ name: "A", age: 3 });
  });

  it.each([
    ['{"name":""}', "body.name"],
    ['{"name":"A","age":"3"}', "body.age"],
    ['{"name":"A","role":"admin"}', "body.role"],
    ["[]", "body"],
  ])("rejects %s naming %s, in Vietnamese and English", async (body, field) => {
    const result = await call(echo(), "POST", "/api/echo", "POST /api/echo", { "content-type": "application/json" }, body);
    expect(result.statusCode).toBe(400);
    const problem = parse(result) as { errors: { field: string; message: string; message_en: string }[] };
    const error = problem.errors.find((entry) => entry.field === field);
    expect(error?.message).toBeTruthy();
    expect(error?.message_en).toBeTruthy();
    expect(error?.message).not.toBe(error?.message_en);
  });

  it("answers 400 to JSON it cannot read", async () => {
    const result = await call(echo(), "POST", "/api/echo", "POST /api/echo", { "content-type": "application/json" }, '{"name":');
    expect(result.statusCode).toBe(400);
    expect(parse(result).type).toBe("urn:pcblgd:problem:malformed-json");
  });

  it("answers 400 to an empty JSON body and 415 to a body that is not JSON", async () => {
    expect((await call(echo(), "POST", "/api/echo", "POST /api/echo", { "content-type": "application/json" })).statusCode).toBe(400);
    const result = await call(echo(), "POST", "/api/echo", "POST /api/echo", { "content-type": "text/plain" }, "name=A");
    expect(result.statusCode).toBe(415);
    expect(parse(result).type).toBe("urn:pcblgd:problem:unsupported-media-type");
  });

  it("refuses JSON that tries to set __proto__", async () => {
    const result = await call(echo(), "POST", "/api/echo", "POST /api/echo", { "content-type": "application/json" }, '{"name":"A","__proto__":{"admin":true}}');
    expect(result.statusCode).toBeGreaterThanOrEqual(400);
    expect(result.statusCode).toBeLessThan(500);
  });
});
