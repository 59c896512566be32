import { logger } from "../lib/powertools.ts";
import { runDueReminders, runRetention } from "./jobs.ts";
import { LogNotifier } from "./notifier.ts";
import type { DynamoCaseRepository } from "./repository.ts";

/**
 * The cases function's scheduled work. EventBridge Scheduler (infra/stacks/api-stack.ts) invokes
 * the same Lambda as the API with `{ "source": "pcblgd.scheduler", "job": "reminders" }` every
 * 5 minutes and `{ …, "job": "retention" }` daily; API Gateway builds its own events (a route key,
 * a request context), so an HTTP request can never look like one of these.
 */
export interface CaseJobEvent {
  source: "pcblgd.scheduler";
  job: "reminders" | "retention";
}

export function isCaseJob(event: unknown): event is CaseJobEvent {
  if (typeof event !== "object" || event === null) return false;
  const candidate = event as Record<string, unknown>;
  return candidate.source === "pcblgd.scheduler" && (candidate.job === "reminders" || candidate.job === "retention") && !("routeKey" in candidate);
}

export async function runCaseJob(repository: DynamoCaseRepository, event: CaseJobEvent, now = new Date()): Promise<{ job: string; count: number }> {
  if (event.job === "retention") {
    const count = await runRetention(repository, now);
    logger.info("retention run", { erased: count });
    return { job: event.job, count };
  }
  const count = await runDueReminders(repository, new LogNotifier((message, fields) => logger.info(message, fields)), now);
  logger.info("reminders run", { sent: count });
  return { job: event.job, count };
}
