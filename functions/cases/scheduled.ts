import { logger, tracer } from "../lib/powertools.ts";
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

export async function runCaseJob(repository: CaseJobStore, event: CaseJobEvent, now = new Date(), work?: WorkStore): Promise<{ job: string; count: number }> {
  if (event.job === "digest") {
    const count = work === undefined ? 0 : await runDigestJob(work, now);
    logger.info("digest run", { sent: count });
    return { job: event.job, count };
  }
  if (event.job === "retention") {
    const count = await runRetention(repository, now);
    logger.info("retention run", { erased: count });
    return { job: event.job, count };
  }
  const count = await runDueReminders(repository, await reminderNotifier(), now);
  logger.info("reminders run", { sent: count });
  return { job: event.job, count };
}

/**
 * E-mail through SES to the commune's case officers when the province names a sender (NOTIFY_FROM)
 * and the officers live in Cognito (USER_POOL_ID); otherwise a log line. Either way the case's
 * alert shows in the app. Modules are imported at the first run only.
 */
async function reminderNotifier(): Promise<Notifier> {
  const log = new LogNotifier((message, fields) => logger.info(message, fields));
  const from = process.env.NOTIFY_FROM;
  const pool = process.env.USER_POOL_ID;
  if (!from || !pool) return log;
  const [{ CognitoIdentityProviderClient }, { CognitoOfficerDirectory }, { sesDelivery }] = await Promise.all([
    import("@aws-sdk/client-cognito-identity-provider"),
    import("../admin/cognito-officer-directory.ts"),
    import("../reports/notifier.ts"),
  ]);
  const directory = new CognitoOfficerDirectory(tracer.captureAWSv3Client(new CognitoIdentityProviderClient({})), pool);
  const email = new OfficerEmailNotifier(async () => directory, sesDelivery(from));
  return {
    notify: async (notice) => {
      await log.notify(notice);
      await email.notify(notice);
    },
  };
}

/** My work's daily digest: e-mailed with SES when the province names a sender; otherwise nothing is sent (the list is in the app). */
async function runDigestJob(work: WorkStore, now: Date): Promise<number> {
  const from = process.env.NOTIFY_FROM;
  if (!from) return 0;
  const [{ runDigest }, { allOfficers }, { officerDirectoryFromEnv }, { sesDelivery }] = await Promise.all([
    import("./digest.ts"),
    import("../admin/officer-directory.ts"),
    import("../admin/officer-directory-from-env.ts"),
    import("../reports/notifier.ts"),
  ]);
  return runDigest(work, await allOfficers(await officerDirectoryFromEnv()), sesDelivery(from), now);
}
