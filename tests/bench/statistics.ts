import { fileURLToPath } from "node:url";
import { BatchWriteCommand, type DynamoDBDocumentClient, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { caseListSort } from "../../functions/cases/opening.ts";
import { StatisticsProjector } from "../../functions/statistics/projector.ts";
import { rebuildStatistics } from "../../functions/statistics/rebuild.ts";
import { DynamoRebuildSource } from "../../functions/statistics/rebuild-source.ts";
import { DynamoStatisticsStore } from "../../functions/statistics/repository.ts";
import { loadProvince } from "../../infra/provinces/index.ts";
import { physicalTableName } from "../../shared/tables.ts";
import { addDays, vietnamDay } from "../../shared/vietnam-time.ts";
import { officerClaims, startJwksServer } from "../support/tokens.ts";
import { startBenchSystem } from "./harness.ts";
import { percentile, ratio, runLoad, table } from "./stats.ts";

/**
 * Statistics: the province holding `cases` cases over its 129 communes (and 2% as many reports
 * still awaiting triage), shaped as the reports and cases code write them.
 * - the rebuild (functions/statistics/rebuild.ts) over all of them: its throughput, cases per second;
 * - the province dashboard, GET /api/statistics/dashboard (token, audit entry, the directory, four
 *   reads) vs the raw DynamoDB Local reads it is built on (Query LIVE, the three province-wide index
 *   queries and the communes' Query, in parallel), p50 and p99.
 */
const slug = "ninh-binh";

async function writeAll(documents: DynamoDBDocumentClient, tableName: string, items: Record<string, unknown>[]): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const start = next;
      next += 25;
      let pending = items.slice(start, start + 25).map((Item) => ({ PutRequest: { Item } }));
      while (pending.length > 0) {
        const result = await documents.send(new BatchWriteCommand({ RequestItems: { [tableName]: pending } }));
        pending = (result.UnprocessedItems?.[tableName] ?? []) as typeof pending;
      }
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
}

function seedItems(total: number, communes: string[]) {
  const statuses = ["new", "intervening", "monitoring", "closed"];
  const today = vietnamDay();
  const start = Date.parse("2025-01-01T00:00:00Z");
  const cases: Record<string, unknown>[] = [];
  for (let n = 0; n < total; n++) {
    const caseId = `bench-${String(n).padStart(7, "0")}`;
    const commune = communes[n % communes.length] as string;
    const at = new Date(start + n * 300_000).toISOString();
    const status = statuses[n % 4] as string;
    const overdue = status !== "closed" && n % 10 === 1;
    cases.push({
      pk: `CASE#${caseId}`,
      sk: "CASE",
      kind: "case",
      caseId,
      caseNumber: `NB-2025-${String(n + 1).padStart(6, "0")}`,
      commune,
      listSort: caseListSort(at, caseId),
      communeStatus: `${commune}#${status}`,
      status,
      priority: n % 7 === 0 ? "urgent" : "normal",
      acts: ["a", "b"],
      reportIds: [`report-${String(n)}`],
      openedAt: at,
      updatedAt: at,
      version: 1,
      ...(status === "closed" ? { closedAt: at, closeReason: "violence-ended" } : {}),
      ...(overdue ? { dueCommune: commune, dueSort: `${addDays(today, -3)}#${caseId}` } : {}),
    });
    if (status !== "closed" && n % 100 === 2) {
      cases.push({
        pk: `CASE#${caseId}`,
        sk: "REMINDER#m1",
        kind: "reminder",
        caseId,
        commune,
        measureId: "m1",
        endsAt: new Date(Date.now() + 6 * 3600_000).toISOString(),
      });
    }
  }
  const reports = Array.from({ length: Math.ceil(total / 50) }, (_, n) => {
    const id = `bench-report-${String(n)}`;
    const commune = communes[n % communes.length] as string;
    const receivedAt = new Date(Date.now() - (n % 2 === 0 ? 72 : 2) * 3600_000).toISOString();
    return {
      pk: `REPORT#${id}`,
      sk: "REPORT",
      id,
      commune,
      channel: "hotline",
      status: "new",
      urgent: false,
      receivedAt,
      inboxSort: `0#${receivedAt}#${id}`,
      communeStatus: `${commune}#new`,
      version: 1,
      updatedAt: receivedAt,
    };
  });
  return { cases, reports };
}

export async function statisticsBench(options: { requests: number; concurrency: number; cases?: number }): Promise<void> {
  const total = options.cases ?? 100_000;
  const requests = Math.min(options.requests, 400);
  const communes = loadProvince(slug).communes.map((commune) => commune.code);
  console.log(
    `\n9. Thống kê / statistics: ${String(total)} cases over ${String(communes.length)} communes; dashboard ${String(requests)} requests, ${String(options.concurrency)} concurrent`,
  );
  const idp = await startJwksServer();
  const savedEnv = { ...process.env };
  // The API server's process inherits these: it verifies the bench's tokens against this JWKS.
  Object.assign(process.env, idp.env);
  const system = await startBenchSystem(slug);
  try {
    const tables = { statistics: physicalTableName(slug, "statistics"), reports: physicalTableName(slug, "reports"), cases: physicalTableName(slug, "cases") };
    const seeding = performance.now();
    const { cases, reports } = seedItems(total, communes);
    await writeAll(system.documents, tables.cases, cases);
    await writeAll(system.documents, tables.reports, reports);
    console.log(`  seeded in ${((performance.now() - seeding) / 1000).toFixed(1)} s`);

    const store = new DynamoStatisticsStore(system.documents, tables);
    const rebuilt = await rebuildStatistics(store, new DynamoRebuildSource(system.documents, tables), new StatisticsProjector(store, store, 31), { communes });
    console.log(
      `  rebuild: ${String(rebuilt.cases)} cases + ${String(rebuilt.reports)} reports in ${rebuilt.seconds.toFixed(1)} s — ${String(Math.round(rebuilt.cases / rebuilt.seconds))} cases/s (${String(rebuilt.counterItems)} counter items)`,
    );

    const token = idp.mint(officerClaims({ roles: ["province-officer"], jurisdiction: "province", name: "Cán bộ tỉnh bench" }));
    const now = Date.now();
    const pages = async (input: ConstructorParameters<typeof QueryCommand>[0]) => {
      let start: Record<string, unknown> | undefined;
      do {
        const page = await system.documents.send(new QueryCommand({ ...input, ...(start ? { ExclusiveStartKey: start } : {}) }));
        start = page.LastEvaluatedKey;
      } while (start);
    };
    const raw = async () => {
      await Promise.all([
        pages({ TableName: tables.statistics, KeyConditionExpression: "pk = :pk", ExpressionAttributeValues: { ":pk": "LIVE" } }),
        pages({ TableName: physicalTableName(slug, "directory"), KeyConditionExpression: "pk = :pk", ExpressionAttributeValues: { ":pk": "COMMUNE" } }),
        pages({
          TableName: tables.cases,
          IndexName: "provinceDue",
          KeyConditionExpression: "sk = :sk AND dueSort < :today",
          ExpressionAttributeValues: { ":sk": "CASE", ":today": vietnamDay() },
          ProjectionExpression: "dueCommune",
        }),
        pages({
          TableName: tables.cases,
          IndexName: "ordersEnding",
          KeyConditionExpression: "kind = :kind AND endsAt BETWEEN :from AND :to",
          ExpressionAttributeValues: { ":kind": "reminder", ":from": new Date(now).toISOString(), ":to": new Date(now + 86_400_000).toISOString() },
          ProjectionExpression: "commune",
        }),
        pages({
          TableName: tables.reports,
          IndexName: "byStatusReceived",
          KeyConditionExpression: "#status = :new AND receivedAt < :before",
          ExpressionAttributeNames: { "#status": "status" },
          ExpressionAttributeValues: { ":new": "new", ":before": new Date(now - 48 * 3600_000).toISOString() },
          ProjectionExpression: "commune",
        }),
      ]);
    };
    const call = async () => {
      const response = await fetch(`${system.url}/api/statistics/dashboard`, { headers: { authorization: `Bearer ${token}` } });
      if (response.status !== 200) throw new Error(`dashboard answered ${String(response.status)}: ${await response.text()}`);
      await response.arrayBuffer();
    };
    await runLoad(call, 30, options.concurrency); // warm-up
    await runLoad(raw, 30, options.concurrency);
    const api = await runLoad(call, requests, options.concurrency);
    const direct = await runLoad(raw, requests, options.concurrency);
    const [apiP50, apiP99, rawP50, rawP99] = [percentile(api, 50), percentile(api, 99), percentile(direct, 50), percentile(direct, 99)];
    console.log(
      table([
        ["endpoint", "p50 ms", "p99 ms", "raw p50", "raw p99", "p50 ratio", "p99 ratio"],
        [
          "dashboard: GET /api/statistics/dashboard (129 communes)",
          apiP50.toFixed(1),
          apiP99.toFixed(1),
          rawP50.toFixed(1),
          rawP99.toFixed(1),
          ratio(apiP50, rawP50),
          ratio(apiP99, rawP99),
        ],
      ]),
    );
  } finally {
    await system.close();
    process.env = savedEnv;
    await idp.close();
  }
}

// `tsx tests/bench/statistics.ts [requests] [concurrency] [cases]`: this part alone.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await statisticsBench({ requests: Number(process.argv[2] ?? 400), concurrency: Number(process.argv[3] ?? 16), cases: Number(process.argv[4] ?? 100_000) });
}
