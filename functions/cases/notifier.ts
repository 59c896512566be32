import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { allOfficers, communeOfficerEmails, type OfficerDirectory, type OfficerRecord } from "../admin/officer-directory.ts";
import type { Deliver } from "../reports/notifier.ts";
import type { Notifier, ReminderNotice } from "./jobs.ts";

/**
 * Where a no-contact order's reminder goes besides the case's alert (which the case list and the
 * case page show to every officer of the commune). Codes only: the case number and the order's
 * end, never a name — the notice may leave our control.
 *
 * - locally: a JSON file in the outbox (`LOCAL_OUTBOX_DIR`, `.data/outbox`), as invitations are;
 * - in AWS: an e-mail (SES, from the province's `notificationSender`) to the officers of the
 *   case's commune who may work on cases; without a sender, one structured log line (no personal
 *   data) — the officers see the alert in the app either way.
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

/** The commune's officers who may work on its cases (functions/admin/officer-directory.ts has the rule). */
export function caseOfficersOf(officers: readonly OfficerRecord[], commune: string): string[] {
  return communeOfficerEmails(officers, commune, "case:write");
}

export function reminderMessage(notice: ReminderNotice): { subject: string; text: string } {
  const ends = new Intl.DateTimeFormat("vi-VN", { timeZone: "Asia/Ho_Chi_Minh", dateStyle: "full", timeStyle: "short" }).format(new Date(notice.endsAt));
  return {
    subject: `[PCBLGĐ] Cấm tiếp xúc sắp hết hạn — vụ việc ${notice.caseNumber} / A no-contact order ends soon`,
    text: [
      `Quyết định cấm tiếp xúc của vụ việc ${notice.caseNumber} hết hạn lúc ${ends} (giờ Việt Nam).`,
      "Đăng nhập trang Cán bộ → Vụ việc để xem và quyết định biện pháp tiếp theo. Thư này không chứa thông tin cá nhân.",
      "",
      `The no-contact order of case ${notice.caseNumber} ends at ${notice.endsAt} (UTC).`,
      "Sign in to the officer pages → Cases to decide what comes next. This e-mail holds no personal data.",
    ].join("\n"),
  };
}

export class OfficerEmailNotifier implements Notifier {
  constructor(
    private readonly directory: () => Promise<OfficerDirectory>,
    private readonly deliver: Deliver,
  ) {}

  async notify(notice: ReminderNotice): Promise<void> {
    const officers = await allOfficers(await this.directory());
    const to = caseOfficersOf(officers, notice.commune);
    if (to.length > 0) await this.deliver({ to, ...reminderMessage(notice) });
  }
}
