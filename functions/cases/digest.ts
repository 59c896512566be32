import { vietnamDay } from "../../shared/vietnam-time.ts";
import type { OfficerRecord } from "../admin/officer-directory.ts";
import type { Deliver } from "../reports/notifier.ts";
import { digestMessage, myWork, type WorkStore } from "./my-work.ts";

/**
 * The daily digest of My work (07:00 Asia/Ho_Chi_Minh: EventBridge Scheduler in AWS, the local
 * scheduler of `npm start`): each active commune officer gets their own list — counts and case
 * numbers only, never a name — and nothing when it is empty. One message per officer, to them
 * alone. Answers how many were sent.
 */
export async function runDigest(store: WorkStore, officers: readonly OfficerRecord[], deliver: Deliver, now: Date = new Date()): Promise<number> {
  const today = vietnamDay(now);
  let sent = 0;
  for (const officer of officers) {
    if (officer.status !== "active" || officer.jurisdiction.kind !== "communes") continue;
    const message = digestMessage(await myWork(store, officer, now), today);
    if (message === undefined) continue;
    await deliver({ to: [officer.email], ...message });
    sent++;
  }
  return sent;
}
