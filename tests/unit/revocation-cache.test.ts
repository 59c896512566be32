import { DynamoDBDocumentClient, GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { RouteDefinition } from "../../functions/routes.ts";
import { httpApiEvent, lambdaContext } from "../../infra/local/lambda-events.ts";
import { stubStackEnvironment, whoamiDefinition } from "../support/stack-env.ts";
import { officerClaims, startJwksServer, type TestIdentityProvider } from "../support/tokens.ts";

/**
 * The shared stack with the revocation lookup kept per container, as deployed
 * (REVOCATION_CACHE_SECONDS): a revoked token keeps working in a container that read the
 * officer's revocation before it was written, for at most the TTL — and is refused once it has
 * passed. DynamoDB is mocked to change the revocations table between requests and count reads;
 * the clock is faked to pass the TTL without waiting for it.
 */
const ttlSeconds = 15;
vi.stubEnv("REVOCATION_CACHE_SECONDS", String(ttlSeconds));
stubStackEnvironment();

const dynamo = mockClient(DynamoDBDocumentClient);
let idp: TestIdentityProvider;
let handler: (token: string) => Promise<number>;

const table: RouteDefinition[] = [whoamiDefinition];

beforeAll(async () => {
  idp = await startJwksServer();
  for (const [name, value] of Object.entries(idp.env)) vi.stubEnv(name, value);
  const http = await import("../../functions/lib/http.ts");
  const stack = http.httpFunction("directory", { "GET /api/whoami": http.officerRoute({ handle: async ({ officer }) => http.ok({ id: officer.id }) }) }, table);
  handler = async (token) => {
    const event = httpApiEvent({ method: "GET", url: "/api/whoami", headers: { authorization: `Bearer ${token}` } }, { routeKey: "GET /api/whoami" });
    return (await stack(event, lambdaContext("test"))).statusCode ?? 500;
  };
});
afterAll(async () => {
  vi.useRealTimers();
  await idp.close();
});
afterEach(() => dynamo.reset());

describe("the revocation lookup kept per container (REVOCATION_CACHE_SECONDS)", () => {
  it("reads once per officer and TTL, and refuses a token revoked meanwhile once the TTL has passed", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const claims = officerClaims({ roles: ["commune-officer"], jurisdiction: ["13285"] });
    const token = idp.mint(claims);
    const iat = JSON.parse(Buffer.from(token.split(".")[1] as string, "base64url").toString()).iat as number;
    dynamo.on(PutCommand).resolves({});
    dynamo.on(GetCommand).resolves({});
    expect(await handler(token)).toBe(200);

    // An admin disables the officer: the table now revokes the token.
    dynamo.on(GetCommand).resolves({ Item: { revokedAt: iat } });
    vi.setSystemTime(Date.now() + ttlSeconds * 1000 - 50);
    expect(await handler(token)).toBe(200);
    expect(dynamo.commandCalls(GetCommand)).toHaveLength(1);

    vi.setSystemTime(Date.now() + 100);
    expect(await handler(token)).toBe(401);
    expect(dynamo.commandCalls(GetCommand)).toHaveLength(2);
    // …and keeps refusing it.
    expect(await handler(token)).toBe(401);
  });
});
