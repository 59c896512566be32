import { spawn } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { DynamoDirectoryStore } from "../../functions/directory/repository.ts";
import { localClient, startDynamoLocal, stopProcess } from "../../infra/local/dynamodb.ts";
import { ensureTables } from "../../infra/local/tables.ts";
import { loadProvince } from "../../infra/provinces/index.ts";
import { physicalTableName } from "../../shared/tables.ts";
import { freePort } from "../support/ports.ts";

/**
 * The API server in its own process (tests/bench/api-server.ts), like `npm start`'s, so the load
 * generator does not share its event loop. `env`: more variables for it (a test JWKS server's OIDC_*).
 */
export async function startApiServer(slug: string, dynamoEndpoint: string, env: Record<string, string> = {}): Promise<{ url: string; close(): Promise<void> }> {
  const child = spawn(process.execPath, ["--import", "tsx", "tests/bench/api-server.ts", slug, dynamoEndpoint], {
    cwd: fileURLToPath(new URL("../..", import.meta.url)),
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  // The server prints its URL once it listens.
  const [url] = (await once(createInterface({ input: child.stdout }), "line")) as [string];
  return { url, close: () => stopProcess(child) };
}

/** A fresh in-memory DynamoDB Local with the province's tables seeded, and the API server on it. */
export async function startBenchSystem(slug: string) {
  const dynamo = await startDynamoLocal({ port: await freePort() });
  const client = localClient(dynamo.endpoint);
  const documents = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  await ensureTables(client, slug);
  await new DynamoDirectoryStore(documents, physicalTableName(slug, "directory")).seed(loadProvince(slug), new Date().toISOString());
  const server = await startApiServer(slug, dynamo.endpoint);
  return {
    client,
    documents,
    url: server.url,
    close: async () => {
      await server.close();
      client.destroy();
      await dynamo.stop();
    },
  };
}
