import { sealedAttribute } from "../lib/field-encryption.ts";
import { personalFields } from "./service.ts";
import { type CaseJobStore, type Entry, refs } from "./store.ts";

/**
 * The scheduled work of case tracking, run by EventBridge Scheduler in AWS (functions/cases/
 * scheduled.ts, every 5 minutes) and by the local server's timer on a laptop
 * (infra/local/scheduler.ts):
 *
 * - reminders: a no-contact order's REMINDER# item joins the `dueReminders` index when it is
 *   recorded as ordered; once its time comes (24 h before the end, or halfway for a shorter
 *   order), the officers are notified — the case gets an alert shown in the list and on the case
 *   page, the timeline an event, and the notifier a notice (the local outbox; in AWS the log
 *   metric the alarm reads) — and the item leaves the index (conditional: sent once).
 * - retention: a closed case joins the `retention` index with `retainUntil` = closing time + the
 *   configured period; when it passes, every personal field (names, phones, addresses, shelter
 *   locations, narratives, birth years) is deleted, and what counts need (sex, age band,
 *   relationship, vulnerability, acts, measures, services, statuses, dates) stays. See docs/cases.md.
 */
export interface ReminderNotice {
  caseId: string;
  caseNumber: string;
  commune: string;
  measureId: string;
  endsAt: string;
}

export interface Notifier {
  /** No personal data: the case number and the order's end only. */
  notify(notice: ReminderNotice): Promise<void>;
}

export async function runDueReminders(repository: CaseJobStore, notifier: Notifier, now: Date): Promise<number> {
  const at = now.toISOString();
  let sent = 0;
  for (const reminder of await repository.due("reminders", at)) {
    const measureId = String(reminder.measureId);
    if (!(await repository.markReminderSent(reminder, at, `no-contact-ending:${measureId}`))) continue;
    await notifier.notify({
      caseId: String(reminder.caseId),
      caseNumber: String(reminder.caseNumber),
      commune: String(reminder.commune),
      measureId,
      endsAt: String(reminder.endsAt),
    });
    sent++;
  }
  return sent;
}

/** The attributes of an item that retention deletes. */
function erasable(item: Entry): string[] {
  const kind = item.ref === refs.header ? "case" : String(item.kind);
  const fields = [...(personalFields[kind] ?? []), sealedAttribute];
  if (kind === "party") fields.push("birthYear");
  return fields.filter((field) => item[field] !== undefined);
}

export async function runRetention(repository: CaseJobStore, now: Date): Promise<number> {
  const at = now.toISOString();
  let erased = 0;
  for (const header of await repository.due("retention", at)) {
    const caseId = String(header.caseId);
    const file = await repository.file(caseId);
    const current = file.find((item) => item.ref === refs.header);
    // Reopened meanwhile (the consistent header is no longer closed, or closed again later).
    if (current?.status !== "closed" || String(current.retainUntil) > at) continue;
    // The header first, on condition that the case is still closed and due: from then on it is
    // marked erased (no edit, no reopening), and a reopening that won the race keeps everything.
    if (!(await repository.eraseAttributes(caseId, refs.header, erasable(current), { erasedAt: current.erasedAt ?? at }, at))) continue;
    for (const item of file) {
      if (item.ref === refs.header) continue;
      const fields = erasable(item);
      if (fields.length > 0) await repository.eraseAttributes(caseId, item.ref, fields);
    }
    // Only now does the case leave the queue: a run that stopped half-way is finished by the next.
    await repository.leaveRetention(caseId);
    await repository.appendSystemEvent(caseId, at, "case.erased", { retainUntil: String(current.retainUntil) });
    erased++;
  }
  return erased;
}
