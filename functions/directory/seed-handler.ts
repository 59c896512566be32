import type { CloudFormationCustomResourceEvent } from "aws-lambda";
import { parseProvince } from "../../shared/province.ts";
import { tableDefinitions } from "../../shared/tables.ts";
import { documentClient } from "../lib/dynamo.ts";
import { required, settings } from "../lib/kit/index.ts";
import { logger } from "../lib/powertools.ts";
import { startTracing } from "../lib/tracing.ts";
import { DynamoDirectoryStore } from "./repository.ts";

/**
 * Deploy-time seed (a CloudFormation custom resource behind the CDK Provider framework): writes
 * the province file, passed as a resource property, into the directory table. It runs on create
 * and whenever the province file changes; on delete it does nothing (the table is retained).
 */
const config = settings({ directoryTable: required(tableDefinitions.directory.envVar) });

export async function handler(event: CloudFormationCustomResourceEvent): Promise<{ PhysicalResourceId: string }> {
  await startTracing();
  const physicalId = `directory-seed-${String(event.ResourceProperties.ProvinceSlug)}`;
  if (event.RequestType === "Delete") return { PhysicalResourceId: physicalId };
  const province = parseProvince(JSON.parse(String(event.ResourceProperties.Province)), "custom resource property Province");
  const store = new DynamoDirectoryStore(documentClient, config.directoryTable);
  const result = await store.seed(province, new Date().toISOString());
  logger.info("Directory seeded", { province: province.slug, ...result });
  return { PhysicalResourceId: physicalId };
}
