import { describe, expect, it } from "vitest";
import { routeTable } from "../../functions/routes.ts";
import { matchRoute } from "../../infra/local/api.ts";
import { parseJavaVersion } from "../../infra/local/dynamodb.ts";
import { httpApiEvent, lambdaContext } from "../../infra/local/lambda-events.ts";
import { createTableInput } from "../../infra/local/tables.ts";

describe("matchRoute (the local stand-in for API Gateway's routing)", () => {
  const routes = [
    ...routeTable,
    { method: "GET", path: "/api/cases/{caseId}", function: "directory", access: "officer", summary: "" },
    { method: "GET", path: "/api/cases/mine", function: "directory", access: "officer", summary: "" },
  ] as const;

  it("matches every route of the table by method and path", () => {
    for (const route of routeTable) expect(matchRoute(route.method, route.path).routeKey).toBe(`${route.method} ${route.path}`);
  });

  it("extracts and decodes path parameters, preferring exact routes", () => {
    expect(matchRoute("GET", "/api/cases/NB-2026%2F1", routes)).toMatchObject({ routeKey: "GET /api/cases/{caseId}", pathParameters: { caseId: "NB-2026/1" } });
    expect(matchRoute("GET", "/api/cases/mine", routes).routeKey).toBe("GET /api/cases/mine");
  });

  it("sends unknown paths and wrong methods to $default", () => {
    expect(matchRoute("GET", "/api/unknown").routeKey).toBe("$default");
    expect(matchRoute("POST", "/api/communes").routeKey).toBe("$default");
    expect(matchRoute("GET", "/api/communes/extra").routeKey).toBe("$default");
  });
});

describe("httpApiEvent", () => {
  it("builds a payload 2.0 event as API Gateway does", () => {
    const event = httpApiEvent(
      {
        method: "post",
        url: "/api/x?a=1&a=2&b=%C4%91",
        headers: { "Content-Type": "application/json", Cookie: "s=1; t=2", "X-Many": ["p", "q"] },
        body: '{"k":1}',
      },
      { routeKey: "POST /api/x" },
    );
    expect(event).toMatchObject({
      version: "2.0",
      routeKey: "POST /api/x",
      rawPath: "/api/x",
      rawQueryString: "a=1&a=2&b=%C4%91",
      queryStringParameters: { a: "1,2", b: "đ" },
      cookies: ["s=1", "t=2"],
      headers: { "content-type": "application/json", "x-many": "p,q" },
      body: '{"k":1}',
      isBase64Encoded: false,
      requestContext: { http: { method: "POST", path: "/api/x" }, stage: "$default", routeKey: "POST /api/x" },
    });
    expect(event.headers.cookie).toBeUndefined();
  });

  it("base64-encodes bodies that are not text", () => {
    const event = httpApiEvent(
      { method: "PUT", url: "/api/f", headers: { "content-type": "image/png" }, body: Buffer.from([0, 1, 2]) },
      { routeKey: "PUT /api/f" },
    );
    expect(event).toMatchObject({ isBase64Encoded: true, body: "AAEC" });
  });
});

describe("lambdaContext", () => {
  it("counts down the remaining time from the timeout", () => {
    const context = lambdaContext("pcblgd-x-directory", 3_000);
    expect(context.getRemainingTimeInMillis()).toBeLessThanOrEqual(3_000);
    expect(context.getRemainingTimeInMillis()).toBeGreaterThan(2_000);
    expect(context.awsRequestId).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe("createTableInput", () => {
  it("turns a definition with an index, TTL and a stream into CreateTable input", () => {
    const input = createTableInput(
      {
        name: "t",
        envVar: "T",
        partitionKey: { name: "pk", type: "S" },
        sortKey: { name: "sk", type: "S" },
        globalIndexes: [{ indexName: "byDate", partitionKey: { name: "commune", type: "S" }, sortKey: { name: "at", type: "N" }, projection: "ALL" }],
        timeToLiveAttribute: "expiresAt",
        stream: "NEW_IMAGE",
        accessPatterns: [],
      },
      "pcblgd-x-t",
    );
    expect(input.AttributeDefinitions).toEqual([
      { AttributeName: "pk", AttributeType: "S" },
      { AttributeName: "sk", AttributeType: "S" },
      { AttributeName: "commune", AttributeType: "S" },
      { AttributeName: "at", AttributeType: "N" },
    ]);
    expect(input.GlobalSecondaryIndexes?.[0]?.KeySchema).toEqual([
      { AttributeName: "commune", KeyType: "HASH" },
      { AttributeName: "at", KeyType: "RANGE" },
    ]);
    expect(input.StreamSpecification).toEqual({ StreamEnabled: true, StreamViewType: "NEW_IMAGE" });
    expect(input.BillingMode).toBe("PAY_PER_REQUEST");
  });
});

describe("parseJavaVersion", () => {
  it.each([
    ['openjdk version "17.0.15" 2025-04-15', 17],
    ['java version "1.8.0_402"', 8],
    ['openjdk version "21" 2023-09-19', 21],
    ["bash: java: command not found", undefined],
  ])("%s → %s", (text, version) => {
    expect(parseJavaVersion(text)).toBe(version);
  });
});

describe("the local server's cache headers", () => {
  it("name the object the deploy uploads, so report pages are never stored locally either", async () => {
    const { objectKeyOf } = await import("../../infra/local/server.ts");
    const { cacheControlFor } = await import("../../infra/site-cache.ts");
    expect(objectKeyOf("/")).toBe("index.html");
    expect(objectKeyOf("/bao-tin/")).toBe("bao-tin/index.html");
    expect(objectKeyOf("/bao-tin")).toBe("bao-tin/index.html");
    expect(objectKeyOf("/_astro/a.js")).toBe("_astro/a.js");
    expect(cacheControlFor(objectKeyOf("/en/report/"))).toBe("no-store");
  });
});

describe("the local server's compressed copies", () => {
  it("sends a page's brotli copy, with the page's type and headers, only to a client that accepts it", async () => {
    const { mkdtempSync, rmSync, writeFileSync } = await import("node:fs");
    const { request } = await import("node:http");
    const { tmpdir } = await import("node:os");
    const { join } = await import("node:path");
    const { brotliCompressSync, brotliDecompressSync } = await import("node:zlib");
    const { startLocalServer } = await import("../../infra/local/server.ts");
    const siteDir = mkdtempSync(join(tmpdir(), "pcblgd-compressed-"));
    const html = "<!doctype html><title>Xã, phường</title>";
    writeFileSync(join(siteDir, "index.html"), html);
    writeFileSync(join(siteDir, "index.html.br"), brotliCompressSync(html));
    const server = await startLocalServer({ provinceSlug: "ninh-binh", siteDir, port: 0 });
    const get = (encoding: string) =>
      new Promise<{ headers: Record<string, string | string[] | undefined>; body: Buffer }>((resolve, reject) => {
        request(`${server.url}/`, { headers: { "accept-encoding": encoding } }, (response) => {
          const chunks: Buffer[] = [];
          response.on("data", (chunk: Buffer) => chunks.push(chunk));
          response.on("end", () => resolve({ headers: response.headers, body: Buffer.concat(chunks) }));
        })
          .on("error", reject)
          .end();
      });
    try {
      const compressed = await get("gzip, br");
      expect(compressed.headers["content-encoding"]).toBe("br");
      expect(compressed.headers["content-type"]).toMatch(/^text\/html/);
      expect(compressed.headers["content-security-policy"]).toBeDefined();
      expect(brotliDecompressSync(compressed.body).toString()).toBe(html);
      const plain = await get("identity");
      expect(plain.headers["content-encoding"]).toBeUndefined();
      expect(plain.body.toString()).toBe(html);
    } finally {
      await server.close();
      rmSync(siteDir, { recursive: true, force: true });
    }
  });
});
