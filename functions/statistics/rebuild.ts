import { halvesOf, type PeriodId } from "../../shared/statistics-periods.ts";
import { type Contribution, splitCounterKey, sum } from "./contributions.ts";
import type { SourceTable, StatisticsProjector } from "./projector.ts";
import type { DynamoStatisticsStore } from "./repository.ts";

/**
 * Recomputes the statistics from the source tables: pages through every report and case
 * province-wide (Query on the provinceInbox / provinceCases indexes — a batch job, never a request
 * path), recomputes each item's contribution with the projector's own code, rewrites every snapshot
 * and overwrites the counter items of the chosen period (or of every period met, and the live
 * counters, when no period is given). Counters then equal a fresh recount.
 *
 * Run it when the stream is quiet (or with its event source mapping disabled): a change projected
 * while the rebuild runs may be overwritten by the recount, and is then restored by the next rebuild.
 */
export interface RebuildOptions {
  period?: PeriodId;
  concurrency?: number;
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
  const concurrency = options.concurrency ?? 16;
  for (const table of ["reports", "cases"] as const) {
    for await (const ids of store.sourcePages(table)) {
      for (let index = 0; index < ids.length; index += concurrency) {
        await Promise.all(
          ids.slice(index, index + concurrency).map(async (id) => {
            const source = { table, id };
            const snapshot = await projector.current(source);
            if (snapshot === undefined) return;
            await store.putSnapshot(source, snapshot);
            sum(totals, snapshot.contribution);
          }),
        );
      }
      counts[table] += ids.length;
      options.progress?.(table, counts[table]);
    }
  }
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
    for (const key of keys) {
      await store.putCounters(key, totals[key] ?? {}, at);
      counterItems++;
    }
  }
  return { ...counts, counterItems, seconds: (Date.now() - started) / 1000 };
}
