import { halvesOf, type PeriodId } from "../../shared/statistics-periods.ts";
import { mapLimited } from "../lib/concurrency.ts";
import { type Contribution, splitCounterKey, sum } from "./contributions.ts";
import type { Snapshot, SourceRef, SourceTable, StatisticsProjector } from "./projector.ts";
import type { RebuildSource } from "./rebuild-source.ts";
import type { DynamoStatisticsStore } from "./repository.ts";

/**
 * Recomputes the statistics from the source tables: reads every report and case of the province,
 * commune by commune (rebuild-source.ts: Query by partition — a batch job's reads, never a request
 * path's; `concurrency` communes at a time), recomputes each item's contribution with the
 * projector's own code, rewrites every snapshot (batch writes) and overwrites the counter items of
 * the chosen period (or of every period met, and the live counters, when no period is given).
 * Counters then equal a fresh recount.
 *
 * Run it when the stream is quiet (or with its event source mapping disabled): a change projected
 * while the rebuild runs may be overwritten by the recount, and is then restored by the next rebuild.
 */
export interface RebuildOptions {
  /** The province's communes (its province file; in AWS, the directory seeded from it). */
  communes: readonly string[];
  period?: PeriodId;
  /** Communes read at once (default 8). */
  concurrency?: number;
  progress?: (progress: RebuildProgress) => void;
  now?: () => Date;
}

export interface RebuildProgress {
  reports: number;
  cases: number;
  /** Communes done, of `of`. */
  communes: number;
  of: number;
}

export interface RebuildResult {
  reports: number;
  cases: number;
  counterItems: number;
  seconds: number;
}

export async function rebuildStatistics(
  store: DynamoStatisticsStore,
  source: RebuildSource,
  projector: StatisticsProjector,
  options: RebuildOptions,
): Promise<RebuildResult> {
  const started = Date.now();
  const totals: Contribution = {};
  const done: RebuildProgress = { reports: 0, cases: 0, communes: 0, of: options.communes.length };
  const record = async (table: SourceTable, snapshots: { source: SourceRef; snapshot: Snapshot }[]) => {
    await store.putSnapshots(snapshots);
    for (const { snapshot } of snapshots) sum(totals, snapshot.contribution);
    done[table] += snapshots.length;
    options.progress?.({ ...done });
  };
  await mapLimited(options.communes, options.concurrency ?? 8, async (commune) => {
    for await (const page of source.reportFactPages(commune)) {
      await record(
        "reports",
        page.map((report) => ({ source: { table: "reports", id: report.id }, snapshot: projector.reportSnapshot(report) })),
      );
    }
    for await (const page of source.caseFactPages(commune)) {
      await record(
        "cases",
        page.map((file) => ({ source: { table: "cases", id: file.caseId }, snapshot: projector.caseSnapshot(file) })),
      );
    }
    done.communes += 1;
    options.progress?.({ ...done });
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
  return { reports: done.reports, cases: done.cases, counterItems, seconds: (Date.now() - started) / 1000 };
}
