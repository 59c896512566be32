import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { runDueReminders, runRetention } from "../../functions/cases/jobs.ts";
import { OutboxNotifier } from "../../functions/cases/notifier.ts";
import { DynamoCaseRepository } from "../../functions/cases/repository.ts";
import { physicalTableName } from "../../shared/tables.ts";

/**
 * The local runtime's stand-in for EventBridge Scheduler (infra/stacks/api-stack.ts): a timer in
 * the `npm start` process that sends due no-contact-order reminders into the local outbox
 * (`.data/outbox/case-reminder-*.json`) every minute, and runs the retention job once an hour.
 * The same job code runs in AWS (functions/cases/scheduled.ts).
 */
export function startCaseScheduler(options: {
  documents: DynamoDBDocumentClient;
  provinceSlug: string;
  outboxDir: string;
  reminderEveryMs?: number;
  retentionEveryMs?: number;
  log?: (message: string) => void;
}): { stop: () => void; runOnce: (now?: Date) => Promise<{ reminders: number; erased: number }> } {
  const repository = new DynamoCaseRepository(options.documents, physicalTableName(options.provinceSlug, "cases"));
  const notifier = new OutboxNotifier(options.outboxDir);
  const log = options.log ?? (() => {});
  let running = false;
  const reminders = async (now = new Date()) => {
    const sent = await runDueReminders(repository, notifier, now);
    if (sent > 0) log(`nhắc hết hạn cấm tiếp xúc / no-contact reminders: ${String(sent)}`);
    return sent;
  };
  const retention = async (now = new Date()) => {
    const erased = await runRetention(repository, now);
    if (erased > 0) log(`hết thời hạn lưu trữ, đã xóa thông tin cá nhân / retention erased: ${String(erased)}`);
    return erased;
  };
  const guarded = (work: () => Promise<unknown>) => () => {
    if (running) return;
    running = true;
    work()
      .catch((error: unknown) => log(`lịch chạy vụ việc lỗi / case scheduler failed: ${(error as Error).name}`))
      .finally(() => {
        running = false;
      });
  };
  const reminderTimer = setInterval(guarded(reminders), options.reminderEveryMs ?? 60_000);
  const retentionTimer = setInterval(guarded(retention), options.retentionEveryMs ?? 3_600_000);
  reminderTimer.unref();
  retentionTimer.unref();
  return {
    stop: () => {
      clearInterval(reminderTimer);
      clearInterval(retentionTimer);
    },
    runOnce: async (now = new Date()) => ({ reminders: await reminders(now), erased: await retention(now) }),
  };
}
