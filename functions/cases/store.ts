/**
 * What case tracking needs from storage, in the domain's words. The service (service.ts) and the
 * scheduled jobs (jobs.ts) are written against these interfaces; functions/cases/repository.ts is
 * the DynamoDB implementation and the only place that knows keys, indexes and conditions.
 *
 * A case file is a list of entries. Each entry has a `ref`, its name inside the file: `CASE` for
 * the header, `PARTY#<id>`, `MEASURE#<id>`, `SERVICE#<id>`, `REFERRAL#<id>`, `SESSION#<id>`,
 * `FOLLOWUP#<id>`, `REMINDER#<measure id>`, `EVENT#<time>#<n>` for the rest. The ref also names an
 * encrypted field's record in its encryption context (`<case id>/<ref>`), so it never changes.
 *
 * The service writes domain attributes only (`status`, `nextDue`, a reminder's `remindAt`, a
 * closed case's `retainUntil`); the store keeps its index attributes in step with them.
 */
export type Entry = Record<string, unknown> & { ref: string };

/** The refs of a file's entries. */
export const refs = {
  header: "CASE",
  party: (id: string) => `PARTY#${id}`,
  measure: (id: string) => `MEASURE#${id}`,
  service: (id: string) => `SERVICE#${id}`,
  referral: (id: string) => `REFERRAL#${id}`,
  session: (id: string) => `SESSION#${id}`,
  followUp: (id: string) => `FOLLOWUP#${id}`,
  reminder: (measureId: string) => `REMINDER#${measureId}`,
  note: (id: string) => `NOTE#${id}`,
  assignee: (officerId: string) => `ASSIGNEE#${officerId}`,
  transfer: (id: string) => `TRANSFER#${id}`,
} as const;

/** The prefix of every ref of one kind (`PARTY#`), to pick a kind's entries out of a file. */
export const refPrefixes = {
  party: "PARTY#",
  measure: "MEASURE#",
  service: "SERVICE#",
  referral: "REFERRAL#",
  session: "SESSION#",
  followUp: "FOLLOWUP#",
  note: "NOTE#",
  assignee: "ASSIGNEE#",
  event: "EVENT#",
  transfer: "TRANSFER#",
} as const;

export interface CaseChange {
  /** Header attributes to set (besides version and updatedAt, which the commit sets). */
  set?: Record<string, unknown>;
  /** Header attributes to remove. */
  remove?: string[];
  /** Entries to write whole. */
  puts?: Entry[];
  /** Entries to delete, by ref. */
  deletes?: string[];
  /** Entries whose index attributes follow the file's commune anew (a transfer moved the case): their keys re-set, nothing else. */
  reindex?: Entry[];
  event: { action: string; detail: Record<string, string | number | boolean> };
}

export interface Actor {
  id: string;
  name: string;
}

export interface ListOptions {
  commune: string;
  status?: string;
  priority?: string;
  /** Only cases with an open follow-up due before this date (YYYY-MM-DD). */
  overdueBefore?: string;
  limit: number;
  /** The cursor of the previous page of the SAME query; any other is an InvalidCursorError. */
  cursor?: string;
}

export interface CaseIdentity {
  caseId: string;
  commune: string;
}

export type CommitResult = { committed: true; version: number } | { committed: false; current: Entry | undefined };

export interface CaseStore {
  /** Every entry of one case (header, parties, measures…, timeline), strongly consistent; [] when there is no such case. */
  file(caseId: string): Promise<Entry[]>;
  /**
   * Applies a change at once: the header's version moves from `expectedVersion` to the next, the
   * entries are written, one timeline event is appended — or nothing is, and the answer carries the
   * header as it is now.
   */
  commit(file: CaseIdentity, expectedVersion: number, change: CaseChange, actor: Actor, at: string): Promise<CommitResult>;
  /** Case headers of one commune, newest first (or by due date when overdue), a page with its cursor. */
  list(options: ListOptions): Promise<{ items: Entry[]; cursor?: string }>;
  /** The header of the case with this number, wherever it is. */
  byNumber(caseNumber: string): Promise<Entry | undefined>;
  /** Party entries whose name has this key (the person index), in these communes (all: undefined). */
  partiesByName(nameKey: string, communes: readonly string[] | undefined): Promise<(Entry & { caseId: string; commune: string })[]>;
  /** Case headers by id (missing ones left out). */
  headers(caseIds: readonly string[]): Promise<Entry[]>;
  /** Transfers waiting for this commune to accept or decline them (TRANSFER# entries, with their caseId). */
  incomingTransfers(commune: string): Promise<(Entry & { caseId: string })[]>;
}

/** The scheduled work's view of storage (reminders and retention). */
export interface CaseJobStore {
  file(caseId: string): Promise<Entry[]>;
  /** Entries of a queue whose time has come: due reminders, or closed cases past retention (headers). */
  due(queue: "reminders" | "retention", now: string, limit?: number): Promise<Entry[]>;
  /** Takes a case whose personal data was erased off the retention queue. */
  leaveRetention(caseId: string): Promise<void>;
  /** Takes a reminder off the queue (once: false when another run took it) and flags its case with `alert`. */
  markReminderSent(reminder: Entry, at: string, alert: string): Promise<boolean>;
  /**
   * Removes `attributes` from one entry and sets `set`. `closedBefore`: only while the case is still
   * closed and past retention at that time (false otherwise, nothing changed).
   */
  eraseAttributes(caseId: string, ref: string, attributes: string[], set?: Record<string, unknown>, closedBefore?: string): Promise<boolean>;
  appendSystemEvent(caseId: string, at: string, action: string, detail: Record<string, string | number | boolean>): Promise<void>;
}
