import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { TestProject } from "vitest/node";
import { DynamoDirectoryStore } from "../../functions/directory/repository.ts";
import { loadOrCreateLocalDataKey } from "../../functions/lib/field-encryption.ts";
import { type LocalDynamo, localClient, startDynamoLocal } from "../../infra/local/dynamodb.ts";
import { ensureTables } from "../../infra/local/tables.ts";
import { loadAllProvinces } from "../../infra/provinces/index.ts";
import { physicalTableName } from "../../shared/tables.ts";
import { freePort } from "../support/ports.ts";

/**
 * Starts one in-memory DynamoDB Local for the whole integration run, creates every province's
 * tables from the shared definitions and seeds them, and hands the endpoint to the tests — with
 * the one field-encryption key of the run: test files share the tables, so one file may read what
 * another wrote (an inbox lists every report of a commune), as a deployment has one key.
 */
let dynamo: LocalDynamo | undefined;

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  dynamo = await startDynamoLocal({ port: await freePort() });
  const client = localClient(dynamo.endpoint);
  for (const province of loadAllProvinces()) {
    await ensureTables(client, province.slug);
    await new DynamoDirectoryStore(DynamoDBDocumentClient.from(client), physicalTableName(province.slug, "directory")).seed(province, new Date().toISOString());
  }
  client.destroy();
  project.provide("dynamoEndpoint", dynamo.endpoint);
  const keys = mkdtempSync(join(tmpdir(), "pcblgd-test-keys-"));
  const dataKeyFile = join(keys, "data-key.bin");
  loadOrCreateLocalDataKey(dataKeyFile);
  project.provide("dataKeyFile", dataKeyFile);
  return async () => {
    await dynamo?.stop();
    rmSync(keys, { recursive: true, force: true });
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    dynamoEndpoint: string;
    /** The run's field-encryption key file (one for every test file, like one deployment). */
    dataKeyFile: string;
  }
}
