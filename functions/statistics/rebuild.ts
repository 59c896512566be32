import { halvesOf, type PeriodId } from "../../shared/statistics-periods.ts";
import { type Contribution, splitCounterKey, sum } from "./contributions.ts";
import type { Snapshot, SourceRef, SourceTable, StatisticsProjector } from "./projector.ts";
import type { DynamoStatisticsStore } from "./repository.ts";

/**
 * Recomputes the statistics from the source tables: pages through every report and case (a
 * parallel Scan, `segments` at once, naming the facts only — a batch job, never a request path),
 * recomputes each item's contribution with the projector's own code, rewrites every snapshot (batch
 * writes) and overwrites the counter items of the chosen period (or of every period met, and the
 * live counters, when no period is given). Counters then equal a fresh recount.
 *
 * Run it when the stream is quiet (or with its event source mapping disabled): a change projected
 * while the rebuild runs may be overwritten by the recount, and is then restored by the next rebuild.
 */
export interface RebuildOptions {
  period?: PeriodId;
  /** Parallel Scan segments per table (default 8). */
  segments?: number;
  progress?: (table: SourceTable, done: number) => void;
  now?: () => Date;
}

export interface RebuildResult {
  reports: number;
  cases: number;
  counterItems: number;
  seconds: number;
}

export async function rebuildStatistics(store: DynamoStatisticsStore, projector: StatisticsProjector, options: RebuildOptions = {}): Promise<RebuildResult> {
  const started = Date.now();
  const totals: Contribution = {};
  const counts = { reports: 0, cases: 0 };
  const segments = options.segments ?? 8;
  const record = async (table: SourceTable, snapshots: { source: SourceRef; snapshot: Snapshot }[]) => {
    await store.putSnapshots(snapshots);
    for (const { snapshot } of snapshots) sum(totals, snapshot.contribution);
    counts[table] += snapshots.length;
    options.progress?.(table, counts[table]);
  };
  const everySegment = (run: (segment: number) => Promise<void>) => Promise.all(Array.from({ length: segments }, (_, segment) => run(segment)));
  await everySegment(async (segment) => {
    for await (const page of store.reportFactPages(segment, segments)) {
      await record(
        "reports",
        page.map((report) => ({ source: { table: "reports", id: report.id }, snapshot: projector.reportSnapshot(report) })),
      );
    }
  });
  await everySegment(async (segment) => {
    for await (const page of store.caseFactPages(segment, segments)) {
      await record(
        "cases",
        page.map((file) => ({ source: { table: "cases", id: file.caseId }, snapshot: projector.caseSnapshot(file) })),
      );
    }
  });
  const halves = options.period === undefined ? undefined : new Set(halvesOf(options.period).map((half) => `COUNTS#${half}`));
  const partitions = new Set(Object.keys(totals).map((key) => splitCounterKey(key).pk));
  for (const partition of halves ?? []) partitions.add(partition);
  const inScope = [...partitions].filter((partition) => (halves === undefined ? true : halves.has(partition)));
  const at = (options.now?.() ?? new Date()).toISOString();
  let counterItems = 0;
  for (const partition of inScope) {
    // Communes that counted before and count nothing now are overwritten with nothing.
    const keys = new Set([...(await store.counters(partition)).keys()].map((commune) => `${partition}|${commune}`));
    for (const key of Object.keys(totals)) if (splitCounterKey(key).pk === partition) keys.add(key);
    await store.putCounters(
      [...keys].map((key) => ({ key, counters: totals[key] ?? {} })),
      at,
    );
    counterItems += keys.size;
  }
  return { ...counts, counterItems, seconds: (Date.now() - started) / 1000 };
}
