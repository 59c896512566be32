import { tableDefinitions } from "../../shared/tables.ts";
import { documentClient } from "../lib/dynamo.ts";
import { requiredEnv } from "../lib/env.ts";
import { logger } from "../lib/powertools.ts";
import { runDueReminders, runRetention } from "./jobs.ts";
import { LogNotifier } from "./notifier.ts";
import { DynamoCaseRepository } from "./repository.ts";

/**
 * The cases function's scheduled entry (EventBridge Scheduler, infra/stacks/api-stack.ts): every
 * 5 minutes it sends the reminders that are due; the schedule's input `{ "job": "retention" }`
 * (daily) erases the personal fields of closed cases past their retention period.
 */
const repository = new DynamoCaseRepository(documentClient, requiredEnv(tableDefinitions.cases.envVar));

export async function handler(event: { job?: string }): Promise<{ reminders?: number; erased?: number }> {
  const now = new Date();
  if (event.job === "retention") {
    const erased = await runRetention(repository, now);
    logger.info("retention run", { erased });
    return { erased };
  }
  const reminders = await runDueReminders(repository, new LogNotifier((message, fields) => logger.info(message, fields)), now);
  logger.info("reminders run", { reminders });
  return { reminders };
}
