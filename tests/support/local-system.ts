import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inject } from "vitest";
import { seededOfficerPassword, seededOfficers } from "../../functions/admin/local-officer-directory.ts";
import { localClient } from "../../infra/local/dynamodb.ts";
import { startLocalSystem as startSystem } from "../../infra/local/system.ts";
import { loadProvince } from "../../infra/provinces/index.ts";

/**
 * The whole local system as `npm start` runs it (the same infra/local/system.ts), in the test
 * process: the functions pointed at the shared DynamoDB Local (tests/integration/global-setup.ts:
 * tables and directory seeded), the built site (tests/support/browser-setup.ts), the local server with
 * the real handlers, `/auth-config.json`, the OpenID provider under /oidc and the demo officers.
 * Only the ports and the scratch directories (provider keys, outbox) differ.
 */
export async function startLocalSystem(provinceSlug = "ninh-binh", options: { idTokenTtlSeconds?: number } = {}) {
  const province = loadProvince(provinceSlug);
  const dynamoEndpoint = inject("dynamoEndpoint");
  const scratch = mkdtempSync(join(tmpdir(), "pcblgd-e2e-"));
  const outboxDir = join(scratch, "outbox");
  const client = localClient(dynamoEndpoint);
  const { server, directory } = await startSystem({
    province,
    client,
    dynamoEndpoint,
    siteDir: inject("siteDir"),
    port: 0,
    oidcDir: join(scratch, "oidc"),
    outboxDir,
    attemptLimiterSecret: randomBytes(32).toString("base64url"),
    receiptCodePepper: randomBytes(32).toString("base64url"),
    localDataKeyFile: join(scratch, "keys", "data-key.bin"),
    logLevel: "ERROR",
    oidc: { progressiveDelay: false, ...options },
  });

  return {
    url: server.url,
    province,
    directory,
    outboxDir,
    officers: seededOfficers(province),
    password: seededOfficerPassword,
    close: async () => {
      await server.close();
      client.destroy();
      rmSync(scratch, { recursive: true, force: true });
    },
  };
}

export type LocalSystem = Awaited<ReturnType<typeof startLocalSystem>>;
