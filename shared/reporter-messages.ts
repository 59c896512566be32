/**
 * Talking back to a reporter (issue 14, part 5): the commune's officers send a message to the
 * person who reported, who reads it with their receipt code on the follow-up page and may answer.
 * The texts are encrypted at rest (functions/reports), never e-mailed.
 *
 * What the receipt code shows: the officers' messages in full, and only WHEN the reporter answered
 * — not what they wrote — as for the information they added. Whoever finds the code on a phone
 * (possibly the person who hurts them) must not read the reporter's own words back.
 */
export const reporterMessageLimits = {
  /** Characters of one message or answer. */
  text: 2000,
  /** Messages the officers may send on one report, and answers the reporter may give. */
  perSide: 20,
} as const;

export type MessageAuthor = "officer" | "reporter";

/** One line of the thread as the reporter sees it with the receipt code. */
export interface ReceiptThreadEntry {
  from: MessageAuthor;
  /** ISO instant. */
  at: string;
  /** The officers' words; absent for the reporter's own answers (see above). */
  text?: string;
}

export interface ReceiptThread {
  entries: ReceiptThreadEntry[];
  /** An answer is possible once the officers wrote, until the answers run out. */
  canReply: boolean;
}

/** GET /api/reports/{reportId}/messages (case:read-identity): the whole thread for officers. */
export interface ReportMessage {
  from: MessageAuthor;
  at: string;
  text: string;
  /** The officer who sent it (id); absent for the reporter's answers. */
  by?: string;
  byName?: string;
}
export interface ReportThread {
  reportId: string;
  messages: ReportMessage[];
  /** False when the report came without a receipt code (officer intake): nobody can read a message. */
  reachable: boolean;
}
