import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { channelLabels } from "../../shared/reports.ts";
import { allOfficers, communeOfficerEmails, type OfficerDirectory, type OfficerRecord } from "../admin/officer-directory.ts";
import type { NewReportNotice, Notifier, ReporterAnsweredNotice } from "./service.ts";

/**
 * Tells the officers of a commune that a report arrived. The notice carries codes only — the
 * commune, the channel, the time, whether it is urgent — never what was reported or by whom: an
 * e-mail leaves our control. Officers open the inbox to read it (signed in, audited).
 *
 * Recipients: officers not disabled (invited ones too: their first notice may come before their first sign-in) who may read reports and whose jurisdiction names the commune
 * (province-wide officers follow the statistics, not every report). Delivery is SES e-mail in AWS
 * and a file in the local outbox (`.data/outbox`) on a laptop.
 */
export interface Message {
  to: string[];
  subject: string;
  text: string;
}

export type Deliver = (message: Message) => Promise<void>;

/** The commune's officers who may read reports (functions/admin/officer-directory.ts has the rule). */
export function recipientsFor(officers: readonly OfficerRecord[], commune: string): string[] {
  return communeOfficerEmails(officers, commune, "report:read");
}

export function noticeMessage(notice: NewReportNotice, communeName: string): Omit<Message, "to"> {
  const urgent = notice.urgent ? "[KHẨN / URGENT] " : "";
  const channel = channelLabels[notice.channel];
  return {
    subject: `${urgent}Tin báo mới tại ${communeName} / New report in ${communeName}`,
    text: [
      `${notice.urgent ? "KHẨN CẤP: có người có thể đang gặp nguy hiểm hoặc nạn nhân là trẻ em. " : ""}Có tin báo mới về bạo lực gia đình tại ${communeName} (${channel.vi}).`,
      "Đăng nhập trang Cán bộ → Tin báo để xem và xử lý. Thư này không chứa nội dung tin báo.",
      "",
      `${notice.urgent ? "URGENT: someone may be in danger now or the victim is a child. " : ""}A new domestic-violence report arrived for ${communeName} (${channel.en}).`,
      "Sign in to the officer pages → Reports to read and triage it. This e-mail does not contain the report.",
      "",
      `Mã tin báo / report id: ${notice.reportId}`,
    ].join("\n"),
  };
}

/** The commune's officers who write to reporters (report:triage) learn that an answer waits. */
export function answerMessage(notice: ReporterAnsweredNotice, communeName: string): Omit<Message, "to"> {
  const reference = notice.caseNumber ? `vụ việc ${notice.caseNumber}` : `tin báo ${notice.reportId}`;
  const referenceEn = notice.caseNumber ? `case ${notice.caseNumber}` : `report ${notice.reportId}`;
  return {
    subject: `Người báo tin đã trả lời — ${reference} / The reporter answered — ${referenceEn}`,
    text: [
      `Người báo tin của ${reference} (${communeName}) đã trả lời tin nhắn của cán bộ.`,
      "Đăng nhập trang Cán bộ → Tin báo để đọc. Thư này không chứa nội dung tin nhắn.",
      "",
      `The reporter of ${referenceEn} (${communeName}) answered the officers' message.`,
      "Sign in to the officer pages → Reports to read it. This e-mail does not contain the message.",
      "",
      `Mã tin báo / report id: ${notice.reportId}`,
    ].join("\n"),
  };
}

export class OfficerNotifier implements Notifier {
  constructor(
    private readonly directory: () => Promise<OfficerDirectory>,
    private readonly communeName: (code: string) => Promise<string>,
    private readonly deliver: Deliver,
  ) {}

  async newReport(notice: NewReportNotice): Promise<void> {
    const officers = await allOfficers(await this.directory());
    const to = recipientsFor(officers, notice.commune);
    if (to.length === 0) return;
    await this.deliver({ to, ...noticeMessage(notice, await this.communeName(notice.commune)) });
  }

  async reporterAnswered(notice: ReporterAnsweredNotice): Promise<void> {
    const to = communeOfficerEmails(await allOfficers(await this.directory()), notice.commune, "report:triage");
    if (to.length === 0) return;
    await this.deliver({ to, ...answerMessage(notice, await this.communeName(notice.commune)) });
  }
}

/** The local runtime's delivery: one file per notice in the outbox the README points to. */
export function outboxDelivery(outboxDir: string, label = "tin-bao"): Deliver {
  return async (message) => {
    await mkdir(outboxDir, { recursive: true, mode: 0o700 });
    const stamp = new Date().toISOString().replace(/[:.]/g, "-");
    const text = [`To: ${message.to.join(", ")}`, `Subject: ${message.subject}`, "", message.text, ""].join("\n");
    await writeFile(join(outboxDir, `${stamp}-${label}-${crypto.randomUUID().slice(0, 8)}.txt`), text, { mode: 0o600, flag: "wx" });
  };
}

/** AWS: one SES e-mail, recipients in Bcc (officers do not see each other's addresses). */
export function sesDelivery(from: string): Deliver {
  return async (message) => {
    const { SESv2Client, SendEmailCommand } = await import("@aws-sdk/client-sesv2");
    const client = new SESv2Client({});
    for (let start = 0; start < message.to.length; start += 50) {
      await client.send(
        new SendEmailCommand({
          FromEmailAddress: from,
          Destination: { BccAddresses: message.to.slice(start, start + 50) },
          Content: { Simple: { Subject: { Data: message.subject, Charset: "UTF-8" }, Body: { Text: { Data: message.text, Charset: "UTF-8" } } } },
        }),
      );
    }
  };
}
