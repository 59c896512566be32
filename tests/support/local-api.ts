import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inject } from "vitest";
import { localClient } from "../../infra/local/dynamodb.ts";
import { startLocalApi, startLocalSystem } from "../../infra/local/system.ts";
import { loadProvince } from "../../infra/provinces/index.ts";

export interface StartApiOptions {
  logLevel?: string;
  /**
   * Also mount the local OpenID provider under /oidc (seeding the province's demo officers), so
   * tests can sign in over HTTP (tests/support/oidc-login.ts) and call officer routes.
   */
  oidc?: boolean | { idTokenTtlSeconds?: number; progressiveDelay?: boolean };
  /** The attempt limiter's HMAC key (default: random per call); pass the same one to share lock-outs. */
  attemptLimiterSecret?: string;
  /** Serve this built site too (the browser tests); otherwise only /api/* and /oidc. */
  siteDir?: string;
}

/**
 * Points the functions of this test file at the shared DynamoDB Local and starts the local server
 * for one province, with the same wiring as `npm start` (infra/local/system.ts); only the port and
 * the scratch directory (provider keys, outbox, data key) differ. Each test file runs in its own
 * module graph, so one file = one province. The OIDC_* variables always point at the server's own
 * /oidc, as `npm start` sets them.
 */
export async function startApi(provinceSlug: string, options: string | StartApiOptions = {}) {
  const settings: StartApiOptions = typeof options === "string" ? { logLevel: options } : options;
  const dynamoEndpoint = inject("dynamoEndpoint");
  const attemptLimiterSecret = settings.attemptLimiterSecret ?? randomBytes(32).toString("base64url");
  const scratch = mkdtempSync(join(tmpdir(), "pcblgd-api-"));
  const outboxDir = join(scratch, "outbox");
  const client = localClient(dynamoEndpoint);
  const systemOptions = {
    province: loadProvince(provinceSlug),
    client,
    dynamoEndpoint,
    ...(settings.siteDir ? { siteDir: settings.siteDir } : {}),
    port: 0,
    oidcDir: join(scratch, "oidc"),
    outboxDir,
    attemptLimiterSecret,
    receiptCodePepper: randomBytes(32).toString("base64url"),
    nomineeKeySecret: randomBytes(32).toString("base64url"),
    personIndexSecret: randomBytes(32).toString("base64url"),
    localDataKeyFile: inject("dataKeyFile"),
    logLevel: settings.logLevel ?? "WARN",
  };
  const system = settings.oidc
    ? await startLocalSystem({ ...systemOptions, oidc: typeof settings.oidc === "object" ? settings.oidc : {} })
    : { ...(await startLocalApi(systemOptions)), oidc: undefined };
  const { server } = system;

  const get = async (path: string, init?: RequestInit) => {
    const response = await fetch(`${server.url}${path}`, init);
    const text = await response.text();
    return { status: response.status, headers: response.headers, text, json: text ? (JSON.parse(text) as Record<string, unknown>) : undefined };
  };
  return {
    ...server,
    get,
    oidc: system.oidc,
    directory: system.directory,
    limiter: system.limiter,
    documents: system.documents,
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
