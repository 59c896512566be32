import { createRequire } from "node:module";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { describe, expect, it, vi } from "vitest";
import { stubStackEnvironment } from "../support/stack-env.ts";

/**
 * X-Ray tracing is loaded only when it is on (functions/lib/tracing.ts): importing Powertools'
 * tracer imports the X-Ray SDK, whose async hook then slows every promise of the process.
 */
stubStackEnvironment();
const loadedModules = () => Object.keys(createRequire(import.meta.url).cache);
const xraySdkLoaded = () => loadedModules().some((path) => path.includes("aws-xray-sdk-core"));

describe("tracing", () => {
  it("is off outside Lambda: the shared stack and the DynamoDB client load without the X-Ray SDK", async () => {
    vi.stubEnv("AWS_EXECUTION_ENV", "");
    await import("../../functions/lib/http.ts");
    await import("../../functions/lib/dynamo.ts");
    const tracing = await import("../../functions/lib/tracing.ts");
    expect(tracing.tracingEnabled()).toBe(false);
    expect(await tracing.startTracing()).toBeUndefined();
    expect(xraySdkLoaded()).toBe(false);
  });

  it("is off in Lambda when POWERTOOLS_TRACE_ENABLED is false", async () => {
    vi.resetModules();
    vi.stubEnv("AWS_EXECUTION_ENV", "AWS_Lambda_nodejs22.x");
    vi.stubEnv("POWERTOOLS_TRACE_ENABLED", "false");
    const tracing = await import("../../functions/lib/tracing.ts");
    expect(await tracing.startTracing()).toBeUndefined();
    expect(xraySdkLoaded()).toBe(false);
  });

  it("starts in Lambda by default, and instruments the clients registered before and after", async () => {
    vi.resetModules();
    vi.stubEnv("AWS_EXECUTION_ENV", "AWS_Lambda_nodejs22.x");
    vi.stubEnv("POWERTOOLS_TRACE_ENABLED", "");
    const tracing = await import("../../functions/lib/tracing.ts");
    const instrumented = (client: DynamoDBClient) => client.middlewareStack.identify().some((name) => /xray/i.test(name));
    const before = tracing.traceClient(new DynamoDBClient({ region: "ap-southeast-1" }));
    expect(instrumented(before)).toBe(false);
    expect(await tracing.startTracing()).toBeDefined();
    expect(xraySdkLoaded()).toBe(true);
    expect(instrumented(before)).toBe(true);
    expect(instrumented(tracing.traceClient(new DynamoDBClient({ region: "ap-southeast-1" })))).toBe(true);
  });
});
