import { monitoredLogMessages } from "../lib/log-messages.ts";
import { logger } from "../lib/powertools.ts";
import { type Notifier, runDueReminders, runRetention } from "./jobs.ts";
import type { WorkStore } from "./my-work.ts";
import { LogNotifier, OfficerEmailNotifier } from "./notifier.ts";
import type { CaseJobStore } from "./store.ts";

/**
 * The cases function's scheduled work. EventBridge Scheduler (infra/stacks/api-stack.ts) invokes
 * the same Lambda as the API with `{ "source": "pcblgd.scheduler", "job": "reminders" }` every
 * 5 minutes and `{ …, "job": "retention" }` daily; API Gateway builds its own events (a route key,
 * a request context), so an HTTP request can never look like one of these.
 */
export interface CaseJobEvent {
  source: "pcblgd.scheduler";
  job: "reminders" | "retention" | "digest";
}

export function isCaseJob(event: unknown): event is CaseJobEvent {
  if (typeof event !== "object" || event === null) return false;
  const candidate = event as Record<string, unknown>;
  return (
    candidate.source === "pcblgd.scheduler" &&
    (candidate.job === "reminders" || candidate.job === "retention" || candidate.job === "digest") &&
    !("routeKey" in candidate)
  );
}

export async function runCaseJob(
  repository: CaseJobStore,
  event: CaseJobEvent,
  options: { sender?: string | undefined; now?: Date; work?: WorkStore } = {},
): Promise<{ job: string; count: number }> {
  const now = options.now ?? new Date();
  if (event.job === "digest") {
    const count = options.work === undefined || options.sender === undefined ? 0 : await runDigestJob(options.work, options.sender, now);
    logger.info("digest run", { sent: count });
    return { job: event.job, count };
  }
  if (event.job === "retention") {
    const count = await runRetention(repository, now);
    logger.info(monitoredLogMessages.caseRetentionRun, { erased: count });
    return { job: event.job, count };
  }
  const count = await runDueReminders(repository, await reminderNotifier(options.sender), now);
  logger.info(monitoredLogMessages.caseRemindersRun, { sent: count });
  return { job: event.job, count };
}

/**
 * E-mail through SES to the commune's case officers when the province names a sender (NOTIFY_FROM),
 * found in the one officer directory (functions/admin/officer-directory.ts); otherwise a log line.
 * Either way the case's alert shows in the app. Modules are imported at the first run only.
 */
async function reminderNotifier(sender: string | undefined): Promise<Notifier> {
  const log = new LogNotifier((message, fields) => logger.info(message, fields));
  if (sender === undefined) return log;
  const [{ officerDirectory }, { documentClient }, { sesDelivery }] = await Promise.all([
    import("../admin/officer-directory.ts"),
    import("../lib/dynamo.ts"),
    import("../reports/notifier.ts"),
  ]);
  const email = new OfficerEmailNotifier(() => officerDirectory(documentClient), sesDelivery(sender));
  return {
    notify: async (notice) => {
      await log.notify(notice);
      await email.notify(notice);
    },
  };
}

/** My work's daily digest: e-mailed with SES when the province names a sender; otherwise nothing is sent (the list is in the app). */
async function runDigestJob(work: WorkStore, sender: string, now: Date): Promise<number> {
  const [{ runDigest }, { allOfficers, officerDirectory }, { documentClient }, { sesDelivery }] = await Promise.all([
    import("./digest.ts"),
    import("../admin/officer-directory.ts"),
    import("../lib/dynamo.ts"),
    import("../reports/notifier.ts"),
  ]);
  return runDigest(work, await allOfficers(await officerDirectory(documentClient)), sesDelivery(sender), now);
}
