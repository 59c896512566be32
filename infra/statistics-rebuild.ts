/**
 * `npm run stats:rebuild -- --province <slug> [--period 2026 | 2026-H1] [--endpoint http://localhost:8000 | --aws]`
 *
 * Recomputes the statistics of a province from its reports and cases tables, read commune by
 * commune (the communes of its province file) with Query (functions/statistics/rebuild.ts,
 * rebuild-source.ts), showing its progress. By default against the DynamoDB Local
 * of `npm start`; `--aws` runs against the province's tables in AWS with the caller's credentials
 * (in AWS the projector function also runs it: `{ "source": "pcblgd.statistics", "job": "rebuild" }`).
 */
import { parseArgs } from "node:util";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { StatisticsProjector } from "../functions/statistics/projector.ts";
import { rebuildStatistics } from "../functions/statistics/rebuild.ts";
import { DynamoRebuildSource } from "../functions/statistics/rebuild-source.ts";
import { DynamoStatisticsStore } from "../functions/statistics/repository.ts";
import { isPeriodId } from "../shared/statistics-periods.ts";
import { physicalTableName } from "../shared/tables.ts";
import { localClient } from "./local/dynamodb.ts";
import { loadProvince } from "./provinces/index.ts";

const { values } = parseArgs({
  options: {
    province: { type: "string", default: "ninh-binh" },
    period: { type: "string" },
    endpoint: { type: "string", default: "http://127.0.0.1:8000" },
    aws: { type: "boolean", default: false },
  },
});
const province = loadProvince(values.province);
if (values.period !== undefined && !isPeriodId(values.period)) {
  console.error("--period: một năm (2026) hoặc nửa năm (2026-H1) / a year (2026) or a half-year (2026-H1)");
  process.exit(2);
}
const client = values.aws ? new DynamoDBClient({ region: province.region }) : localClient(values.endpoint);
const documents = DynamoDBDocumentClient.from(client);
const tables = {
  statistics: physicalTableName(province.slug, "statistics"),
  reports: physicalTableName(province.slug, "reports"),
  cases: physicalTableName(province.slug, "cases"),
};
const store = new DynamoStatisticsStore(documents, tables);
console.log(`Tính lại thống kê / rebuilding the statistics of ${province.name.vi}${values.period ? ` (${values.period})` : ""}…`);
const projector = new StatisticsProjector(store, store, province.statisticsCutOffDay);
const result = await rebuildStatistics(store, new DynamoRebuildSource(documents, tables), projector, {
  communes: province.communes.map((commune) => commune.code),
  ...(values.period === undefined ? {} : { period: values.period as never }),
  progress: (done) =>
    process.stdout.write(
      `\r  xã, phường / communes ${String(done.communes)}/${String(done.of)} — tin báo / reports: ${String(done.reports)}, vụ việc / cases: ${String(done.cases)}   `,
    ),
});
const perSecond = result.seconds > 0 ? Math.round((result.reports + result.cases) / result.seconds) : 0;
console.log(
  `\n✔ ${String(result.reports)} tin báo / reports, ${String(result.cases)} vụ việc / cases, ${String(result.counterItems)} bản ghi số liệu / counter items in ${result.seconds.toFixed(1)} s (${String(perSecond)}/s)`,
);
client.destroy();
