import { allOfficers, officerDirectory } from "../admin/officer-directory.ts";
import { documentClient } from "../lib/dynamo.ts";
import { monitoredLogMessages } from "../lib/log-messages.ts";
import { logger } from "../lib/powertools.ts";
import { type Deliver, outboxDelivery, sesDelivery } from "../reports/notifier.ts";
import { type ReminderMarks, runOversightReminders } from "./jobs.ts";
import type { OversightService } from "./service.ts";

/**
 * The oversight function's scheduled work: EventBridge Scheduler (infra/stacks/api-stack.ts)
 * invokes it daily at 07:00 Vietnam time with `{ "source": "pcblgd.scheduler", "job":
 * "oversight-reminders" }`; API Gateway's events carry a route key, so a request never looks like it.
 */
export function isOversightJob(event: unknown): boolean {
  if (typeof event !== "object" || event === null) return false;
  const candidate = event as Record<string, unknown>;
  return candidate.source === "pcblgd.scheduler" && candidate.job === "oversight-reminders" && !("routeKey" in candidate);
}

/** Where reminders go: the function's NOTIFY_FROM and LOCAL_OUTBOX_DIR settings (handler.ts). */
export interface ReminderSender {
  from?: string | undefined;
  outbox?: string | undefined;
}

/** In AWS: SES from the province's sender when configured; locally the outbox; otherwise a log line (no personal data). */
function delivery({ from, outbox }: ReminderSender): Deliver {
  if (from) return sesDelivery(from);
  if (outbox) return outboxDelivery(outbox);
  return async (message) => logger.info("oversight reminder (no sender configured)", { recipients: message.to.length, subject: message.subject });
}

export async function runOversightJob(
  service: OversightService,
  marks: ReminderMarks,
  communeName: (code: string) => string,
  sender: ReminderSender = {},
): Promise<{ job: string; count: number }> {
  const count = await runOversightReminders({
    service,
    marks,
    officers: async () => allOfficers(await officerDirectory(documentClient)),
    deliver: delivery(sender),
    communeName,
  });
  logger.info(monitoredLogMessages.oversightRemindersRun, { sent: count });
  return { job: "oversight-reminders", count };
}
