import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { inject } from "vitest";
import { LocalOfficerDirectory } from "../../functions/admin/local-officer-directory.ts";
import { AttemptLimiter } from "../../functions/lib/attempt-limiter.ts";
import { localClient } from "../../infra/local/dynamodb.ts";
import { configureFunctionEnvironment, oidcEnvironment } from "../../infra/local/environment.ts";
import { createLocalOidc, type LocalOidc } from "../../infra/local/oidc/provider.ts";
import { startLocalServer } from "../../infra/local/server.ts";
import { loadProvince } from "../../infra/provinces/index.ts";
import { physicalTableName } from "../../shared/tables.ts";

export interface StartApiOptions {
  logLevel?: string;
  /**
   * Also mount the local OpenID provider under /oidc (seeding the province's demo officers), so
   * tests can sign in over HTTP (tests/support/oidc-login.ts) and call officer routes.
   */
  oidc?: boolean | { idTokenTtlSeconds?: number; progressiveDelay?: boolean };
  /** The attempt limiter's HMAC key (default: random per call); pass the same one to share lock-outs. */
  attemptLimiterSecret?: string;
}

/**
 * Points the functions of this test file at the shared DynamoDB Local and starts the local server
 * (API only) for one province. Each test file runs in its own module graph, so one file = one
 * province. The OIDC_* variables always point at the server's own /oidc, as `npm start` sets them.
 */
export async function startApi(provinceSlug: string, options: string | StartApiOptions = {}) {
  const settings: StartApiOptions = typeof options === "string" ? { logLevel: options } : options;
  const dynamoEndpoint = inject("dynamoEndpoint");
  const attemptLimiterSecret = settings.attemptLimiterSecret ?? randomBytes(32).toString("base64url");
  const scratch = mkdtempSync(join(tmpdir(), "pcblgd-api-"));
  const outboxDir = join(scratch, "outbox");
  configureFunctionEnvironment({
    provinceSlug,
    dynamoEndpoint,
    logLevel: settings.logLevel ?? "WARN",
    attemptLimiterSecret,
    outboxDir,
    receiptCodePepper: randomBytes(32).toString("base64url"),
    localDataKeyFile: join(scratch, "keys", "data-key.bin"),
  });
  const server = await startLocalServer({ provinceSlug, port: 0 });
  Object.assign(process.env, oidcEnvironment(server.url));

  const client = localClient(dynamoEndpoint);
  const documents = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  const directory = new LocalOfficerDirectory({ client: documents, tableName: physicalTableName(provinceSlug, "officers"), outboxDir, siteOrigin: server.url });
  const limiter = new AttemptLimiter({ client: documents, tableName: physicalTableName(provinceSlug, "throttle"), secret: attemptLimiterSecret });
  let oidc: LocalOidc | undefined;
  if (settings.oidc) {
    const oidcSettings = typeof settings.oidc === "object" ? settings.oidc : {};
    await directory.seedOfficers(loadProvince(provinceSlug));
    oidc = createLocalOidc({ origin: server.url, secretsDir: join(scratch, "oidc"), directory, limiter, ...oidcSettings });
    server.mountOidc(oidc);
  }

  const get = async (path: string, init?: RequestInit) => {
    const response = await fetch(`${server.url}${path}`, init);
    const text = await response.text();
    return { status: response.status, headers: response.headers, text, json: text ? (JSON.parse(text) as Record<string, unknown>) : undefined };
  };
  return {
    ...server,
    get,
    oidc,
    directory,
    limiter,
    documents,
    outboxDir,
    attemptLimiterSecret,
    /** The provider's keys and the outbox live here; removed by close(). */
    scratchDir: scratch,
    close: async () => {
      await server.close();
      client.destroy();
      rmSync(scratch, { recursive: true, force: true });
    },
  };
}

export type LocalApi = Awaited<ReturnType<typeof startApi>>;

/** Everything written to stdout and stderr while `work` runs (the functions log to stdout). */
export async function captureOutput(work: () => Promise<void>): Promise<string> {
  const captured: string[] = [];
  const originalOut = process.stdout.write.bind(process.stdout);
  const originalErr = process.stderr.write.bind(process.stderr);
  const capture = (chunk: unknown) => {
    captured.push(typeof chunk === "string" ? chunk : Buffer.from(chunk as Uint8Array).toString("utf8"));
    return true;
  };
  process.stdout.write = capture as typeof process.stdout.write;
  process.stderr.write = capture as typeof process.stderr.write;
  try {
    await work();
  } finally {
    process.stdout.write = originalOut;
    process.stderr.write = originalErr;
  }
  return captured.join("");
}
