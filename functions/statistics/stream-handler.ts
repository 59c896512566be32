import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from "aws-lambda";
import { startTracing } from "#tracing";
import { defaultCutOffDay, isPeriodId } from "../../shared/statistics-periods.ts";
import { documentClient } from "../lib/dynamo.ts";
import { integer, required, settings } from "../lib/kit/index.ts";
import { logger } from "../lib/powertools.ts";
import { type SourceRef, type SourceTable, StatisticsProjector, sourceOf } from "./projector.ts";
import { DynamoStatisticsStore } from "./repository.ts";

/**
 * The statistics projector in AWS: invoked by the event source mappings of the reports' and the
 * cases' streams (infra/stacks/statistics.ts: bisect on error, a retry limit, failures to an SQS
 * queue) with ReportBatchItemFailures, and — as a one-off — with `{ "source":
 * "pcblgd.statistics", "job": "rebuild", "period"?: "2026" }` (docs/statistics.md).
 */
const config = settings({
  statisticsTable: required("TABLE_STATISTICS"),
  reportsTable: required("TABLE_REPORTS"),
  casesTable: required("TABLE_CASES"),
  directoryTable: required("TABLE_DIRECTORY"),
  cutOffDay: integer("STATISTICS_CUTOFF_DAY", defaultCutOffDay),
});

let wired: { store: DynamoStatisticsStore; projector: StatisticsProjector } | undefined;
function wiring() {
  if (wired === undefined) {
    const store = new DynamoStatisticsStore(documentClient, { statistics: config.statisticsTable, reports: config.reportsTable, cases: config.casesTable });
    wired = { store, projector: new StatisticsProjector(store, store, config.cutOffDay) };
  }
  return wired;
}

/** `arn:…:table/pcblgd-<slug>-cases/stream/…` → "cases". */
export function tableOfRecord(record: DynamoDBRecord): SourceTable | undefined {
  const name = /:table\/([^/]+)\/stream\//.exec(record.eventSourceARN ?? "")?.[1] ?? "";
  if (name.endsWith("-reports")) return "reports";
  if (name.endsWith("-cases")) return "cases";
  return undefined;
}

export function sourceOfRecord(record: DynamoDBRecord): SourceRef | undefined {
  const table = tableOfRecord(record);
  const pk = record.dynamodb?.Keys?.pk?.S;
  const sk = record.dynamodb?.Keys?.sk?.S;
  return table && pk && sk ? sourceOf(table, { pk, sk }) : undefined;
}

/**
 * Projects every source item a batch names, each once (many records of one case → one read of
 * the case). A failure is reported for that item's records only; Lambda retries from the earliest.
 */
export async function projectRecords(projector: StatisticsProjector, records: DynamoDBRecord[]): Promise<DynamoDBBatchResponse> {
  const bySource = new Map<string, { source: SourceRef; sequences: string[] }>();
  for (const record of records) {
    const source = sourceOfRecord(record);
    if (source === undefined) continue;
    const key = `${source.table}/${source.id}`;
    const entry = bySource.get(key) ?? { source, sequences: [] };
    entry.sequences.push(record.dynamodb?.SequenceNumber ?? "");
    bySource.set(key, entry);
  }
  const failures: string[] = [];
  await Promise.all(
    [...bySource.values()].map(async ({ source, sequences }) => {
      try {
        await projector.project(source);
      } catch (error) {
        logger.error("statistics projection failed", { table: source.table, error: (error as Error).name });
        failures.push(...sequences);
      }
    }),
  );
  return { batchItemFailures: failures.map((itemIdentifier) => ({ itemIdentifier })) };
}

export interface RebuildJob {
  source: "pcblgd.statistics";
  job: "rebuild";
  period?: string;
}

function isRebuildJob(event: unknown): event is RebuildJob {
  const candidate = event as Partial<RebuildJob> | null;
  return candidate?.source === "pcblgd.statistics" && candidate.job === "rebuild" && (candidate.period === undefined || isPeriodId(candidate.period));
}

/**
 * The one-off rebuild: the province's communes from the directory (seeded from the province file at
 * each deploy), then every commune's reports and cases by Query. Its code is a chunk of its own,
 * loaded by the job only: a stream batch never carries it.
 */
async function rebuild(event: RebuildJob, store: DynamoStatisticsStore, projector: StatisticsProjector) {
  const [{ rebuildStatistics }, { DynamoRebuildSource }, { DynamoDirectoryStore }] = await Promise.all([
    import("./rebuild.ts"),
    import("./rebuild-source.ts"),
    import("../directory/repository.ts"),
  ]);
  const communes = (await new DynamoDirectoryStore(documentClient, config.directoryTable).listCommunes()).map((commune) => commune.code);
  return rebuildStatistics(store, new DynamoRebuildSource(documentClient, { reports: config.reportsTable, cases: config.casesTable }), projector, {
    communes,
    ...(event.period === undefined ? {} : { period: event.period as never }),
    progress: (done) => logger.info("rebuild progress", { ...done }),
  });
}

export async function handler(event: DynamoDBStreamEvent | RebuildJob): Promise<DynamoDBBatchResponse | Awaited<ReturnType<typeof rebuild>>> {
  await startTracing();
  const { store, projector } = wiring();
  if (isRebuildJob(event)) {
    const result = await rebuild(event, store, projector);
    logger.info("rebuild done", { ...result });
    return result;
  }
  return projectRecords(projector, (event as DynamoDBStreamEvent).Records ?? []);
}
