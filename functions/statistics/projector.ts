import { type CaseFacts, type Contribution, caseContribution, difference, type ReportFacts, reportContribution, stampOf } from "./contributions.ts";

/**
 * The statistics projector: the same code behind the DynamoDB Streams function in AWS and the
 * local stream poller of `npm start`. A stream record only says WHICH source item changed (the
 * streams are KEYS_ONLY); the projector reads that item's current facts, computes what it adds to
 * the counters, and — in one transaction — moves its snapshot from the contribution it added last
 * to the new one and ADDs the difference to the counters. So:
 * - a duplicate or retried record finds the snapshot already at the item's stamp: nothing is added;
 * - records in any order converge: whichever is processed last reads the item's latest state, and a
 *   snapshot never moves back to an older stamp (the transaction's condition);
 * - two projections of one item racing: the loser's condition fails, it reads again and retries.
 */
export type SourceTable = "reports" | "cases";

export interface SourceRef {
  table: SourceTable;
  id: string;
}

export interface Snapshot {
  stamp: string;
  contribution: Contribution;
}

/** Reads the source tables: facts only (codes, sexes, bands, times), never a personal field. */
export interface StatisticsSources {
  report(id: string): Promise<ReportFacts | undefined>;
  caseFile(caseId: string): Promise<CaseFacts | undefined>;
}

export interface SnapshotStore {
  snapshot(source: SourceRef): Promise<Snapshot | undefined>;
  /** Moves the snapshot from `previous` (undefined: none yet) to `next` and adds `delta`, atomically; false when the snapshot moved meanwhile. */
  commit(source: SourceRef, previous: Snapshot | undefined, next: Snapshot, delta: Contribution): Promise<boolean>;
}

export type ProjectionOutcome = "counted" | "unchanged" | "missing";

/** Which source item a changed key belongs to; undefined for items the statistics do not read (timeline, follow-ups, counters…). */
export function sourceOf(table: SourceTable, key: { pk: string; sk: string }): SourceRef | undefined {
  if (table === "reports") {
    return key.pk.startsWith("REPORT#") && key.sk === "REPORT" ? { table, id: key.pk.slice("REPORT#".length) } : undefined;
  }
  if (!key.pk.startsWith("CASE#")) return undefined;
  const counted = key.sk === "CASE" || ["PARTY#", "MEASURE#", "SERVICE#", "SESSION#"].some((prefix) => key.sk.startsWith(prefix));
  return counted ? { table, id: key.pk.slice("CASE#".length) } : undefined;
}

export class StatisticsProjector {
  constructor(
    private readonly sources: StatisticsSources,
    private readonly snapshots: SnapshotStore,
    private readonly cutOffDay: number,
    private readonly maxAttempts = 5,
  ) {}

  /** The item's current snapshot as the source tables say now; undefined when the item does not exist. */
  async current(source: SourceRef): Promise<Snapshot | undefined> {
    if (source.table === "reports") {
      const report = await this.sources.report(source.id);
      return report && this.reportSnapshot(report);
    }
    const file = await this.sources.caseFile(source.id);
    return file && this.caseSnapshot(file);
  }

  /** What a report adds, from facts already read (the rebuild reads them a page at a time). */
  reportSnapshot(report: ReportFacts): Snapshot {
    return { stamp: stampOf(report), contribution: reportContribution(report, this.cutOffDay) };
  }

  caseSnapshot(file: CaseFacts): Snapshot {
    return { stamp: stampOf(file), contribution: caseContribution(file, this.cutOffDay) };
  }

  async project(source: SourceRef): Promise<ProjectionOutcome> {
    for (let attempt = 0; attempt < this.maxAttempts; attempt++) {
      const [previous, next] = await Promise.all([this.snapshots.snapshot(source), this.current(source)]);
      // Reports and cases are never deleted (retention erases fields, not items).
      if (next === undefined) return "missing";
      if (previous !== undefined && previous.stamp >= next.stamp) return "unchanged";
      if (await this.snapshots.commit(source, previous, next, difference(next.contribution, previous?.contribution ?? {}))) return "counted";
    }
    throw new Error(`statistics: the snapshot of ${source.table}/${source.id} kept moving (${String(this.maxAttempts)} attempts)`);
  }
}
