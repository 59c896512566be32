import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { LocalOfficerDirectory } from "../../functions/admin/local-officer-directory.ts";
import { allOfficers } from "../../functions/admin/officer-directory.ts";
import { runDigest } from "../../functions/cases/digest.ts";
import { runDueReminders, runRetention } from "../../functions/cases/jobs.ts";
import { DynamoWorkRepository } from "../../functions/cases/my-work-repository.ts";
import { OutboxNotifier } from "../../functions/cases/notifier.ts";
import { DynamoCaseRepository } from "../../functions/cases/repository.ts";
import { outboxDelivery } from "../../functions/reports/notifier.ts";
import { physicalTableName } from "../../shared/tables.ts";
import { vietnamDay, vietnamLocalMinute } from "../../shared/vietnam-time.ts";

/**
 * The local runtime's stand-in for EventBridge Scheduler (infra/stacks/api-stack.ts): a timer in
 * the `npm start` process that sends due no-contact-order reminders into the local outbox
 * (`.data/outbox/case-reminder-*.json`) every minute, runs the retention job once an hour, and
 * — once a day, at the first minute from 07:00 Vietnam time — My work's digest to each officer
 * (`.data/outbox/*-viec-cua-toi-*.txt`; none for an empty list).
 * The same job code runs in AWS (functions/cases/scheduled.ts).
 */
export function startCaseScheduler(options: {
  documents: DynamoDBDocumentClient;
  provinceSlug: string;
  outboxDir: string;
  reminderEveryMs?: number;
  retentionEveryMs?: number;
  log?: (message: string) => void;
}): {
  stop: () => void;
  runOnce: (now?: Date) => Promise<{ reminders: number; erased: number }>;
  digest: (now?: Date) => Promise<number>;
} {
  const repository = new DynamoCaseRepository(options.documents, physicalTableName(options.provinceSlug, "cases"));
  const work = new DynamoWorkRepository(options.documents, repository, {
    cases: physicalTableName(options.provinceSlug, "cases"),
    reports: physicalTableName(options.provinceSlug, "reports"),
  });
  const directory = new LocalOfficerDirectory({
    client: options.documents,
    tableName: physicalTableName(options.provinceSlug, "officers"),
    outboxDir: options.outboxDir,
  });
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
  const digest = async (now = new Date()) => {
    const sent = await runDigest(work, await allOfficers(directory), outboxDelivery(options.outboxDir, "viec-cua-toi"), now);
    log(`Việc của tôi, thư hằng ngày / My work digest: ${String(sent)}`);
    return sent;
  };
  let digestDay = "";
  const dailyDigest = async (now = new Date()) => {
    // 07:00 in Vietnam, once a day (the process may start later: then at its first minute).
    if (vietnamLocalMinute(now).slice(11, 16) < "07:00" || digestDay === vietnamDay(now)) return;
    digestDay = vietnamDay(now);
    await digest(now);
  };
  const guarded = (job: () => Promise<unknown>) => () => {
    if (running) return;
    running = true;
    job()
      .catch((error: unknown) => log(`lịch chạy vụ việc lỗi / case scheduler failed: ${(error as Error).name}`))
      .finally(() => {
        running = false;
      });
  };
  const reminderTimer = setInterval(
    guarded(async () => {
      await reminders();
      await dailyDigest();
    }),
    options.reminderEveryMs ?? 60_000,
  );
  const retentionTimer = setInterval(guarded(retention), options.retentionEveryMs ?? 3_600_000);
  reminderTimer.unref();
  retentionTimer.unref();
  return {
    stop: () => {
      clearInterval(reminderTimer);
      clearInterval(retentionTimer);
    },
    runOnce: async (now = new Date()) => ({ reminders: await reminders(now), erased: await retention(now) }),
    digest,
  };
}
