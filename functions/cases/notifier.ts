import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Notifier, ReminderNotice } from "./jobs.ts";

/**
 * Where a no-contact order's reminder goes besides the case's alert (which the case list and the
 * case page show to every officer of the commune). Codes only: the case number and the order's
 * end, never a name — the notice may leave our control.
 *
 * - locally: a JSON file in the outbox (`LOCAL_OUTBOX_DIR`, `.data/outbox`), as invitations are;
 * - in AWS: one structured log line that the metric filter counts (no personal data) — the
 *   officers see the alert in the app.
 */
export class OutboxNotifier implements Notifier {
  constructor(private readonly dir: string) {}

  async notify(notice: ReminderNotice): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const file = join(this.dir, `case-reminder-${notice.caseNumber}-${notice.measureId}.json`);
    await writeFile(
      file,
      `${JSON.stringify(
        {
          kind: "no-contact-order-ending",
          subject: `[PCBLGĐ] Quyết định cấm tiếp xúc của vụ việc ${notice.caseNumber} sắp hết hạn / A no-contact order of case ${notice.caseNumber} ends soon`,
          ...notice,
        },
        null,
        2,
      )}\n`,
      "utf8",
    );
  }
}

export class LogNotifier implements Notifier {
  constructor(private readonly log: (message: string, fields: Record<string, string>) => void) {}

  async notify(notice: ReminderNotice): Promise<void> {
    this.log("no-contact order ends soon", { caseId: notice.caseId, caseNumber: notice.caseNumber, commune: notice.commune, endsAt: notice.endsAt });
  }
}
