import { fileURLToPath } from "node:url";
import { BatchWriteCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { physicalTableName } from "../../shared/tables.ts";
import { officerClaims, startJwksServer } from "../support/tokens.ts";
import { startBenchSystem } from "./harness.ts";
import { percentile, ratio, runLoad, table } from "./stats.ts";

/**
 * Commendations under concurrent load, through the local API server in its own process, each as a
 * ratio to the raw DynamoDB Local query the endpoint is built on, in the same run:
 *
 * - the public honour roll of a year holding 1,000 published awards: GET /api/honour-roll?year= —
 *   vs the raw Query of the `honourRoll` index (all pages);
 * - the nomination page: GET /api/commendations/nominations/{id} (token, resolve, audit entry,
 *   decryption of the nominee and the report, duplicate lookup) — vs the raw Query of its partition;
 * - a commune's list in a cycle (page of 20, each decrypted) — vs the raw Query of `byCommune`.
 */
const slug = "ninh-binh";
const commune = "13285";
const tableName = physicalTableName(slug, "commendations");
const published = 1_000;
const year = "2026";

export async function commendationsBench(options: { requests: number; concurrency: number }): Promise<void> {
  const requests = Math.min(options.requests, 400);
  console.log(`\n8. Khen thưởng / commendations: ${String(requests)} requests, ${String(options.concurrency)} concurrent`);
  const idp = await startJwksServer();
  const savedEnv = { ...process.env };
  // The API server's process inherits these: it verifies the bench's tokens against this JWKS.
  Object.assign(process.env, idp.env);
  const bench = await startBenchSystem(slug);
  try {
    const { documents, url } = bench;
    const token = (roles: Parameters<typeof officerClaims>[0]["roles"], jurisdiction: "province" | string[]) =>
      idp.mint(officerClaims({ roles, jurisdiction, name: "Cán bộ bench" }));
    const admin = token(["province-admin"], "province");
    const officer = token(["commune-officer"], [commune]);
    const post = async (path: string, body: unknown, bearer: string) => {
      const response = await fetch(`${url}${path}`, {
        method: "POST",
        headers: { authorization: `Bearer ${bearer}`, "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      const json = (await response.json()) as { id: string };
      if (response.status >= 300) throw new Error(`${path} answered ${String(response.status)}: ${JSON.stringify(json)}`);
      return json;
    };
    const cycle = await post("/api/commendations/cycles", { name: "Bench", kind: "year", year: 2026, submissionDeadline: "2099-12-31" }, admin);
    let nominationId = "";
    for (let index = 0; index < 40; index += 1) {
      const created = await post(
        `/api/commendations/communes/${commune}/nominations`,
        {
          cycleId: cycle.id,
          nominee: { kind: "individual", name: `Người được đề nghị ${String(index)}`, unit: "Chi hội Phụ nữ thôn Đông", position: "Chi hội trưởng" },
          report: { background: "Lý lịch. ".repeat(40), achievements: "Thành tích. ".repeat(120), measures: "Giải pháp. ".repeat(60) },
          form: "giay-khen",
          level: "commune-chair",
          publicConsent: true,
        },
        officer,
      );
      nominationId = created.id;
    }
    // Published awards as publication leaves them (only the public fields are read by the honour roll).
    const items = Array.from({ length: published }, (_, n) => ({
      pk: `NOMINATION#bench-${String(n)}`,
      sk: "NOMINATION",
      id: `bench-${String(n)}`,
      commune: n % 2 === 0 ? commune : "13291",
      nomineeKind: n % 3 === 0 ? "collective" : "individual",
      publicName: n % 4 === 0 ? undefined : `Tên công bố ${String(n)}`,
      form: "giay-khen",
      level: "commune-chair",
      status: "published",
      decision: { number: `${String(n)}/QĐ-UBND`, date: "2026-05-19", signer: "Chủ tịch" },
      honourYear: year,
      honourSort: `${n % 2 === 0 ? commune : "13291"}#2026-05-19#bench-${String(n)}`,
    }));
    for (let start = 0; start < items.length; start += 25) {
      await documents.send(new BatchWriteCommand({ RequestItems: { [tableName]: items.slice(start, start + 25).map((Item) => ({ PutRequest: { Item } })) } }));
    }

    const queryAll = async (input: ConstructorParameters<typeof QueryCommand>[0]) => {
      let start: Record<string, unknown> | undefined;
      do {
        const answer = await documents.send(new QueryCommand({ ...input, ExclusiveStartKey: start }));
        start = answer.LastEvaluatedKey;
      } while (start !== undefined);
    };
    const scenarios = [
      {
        name: `honour roll: GET /api/honour-roll?year=${year} (${String(published)} awards, public)`,
        path: `/api/honour-roll?year=${year}`,
        bearer: undefined,
        raw: () =>
          queryAll({
            TableName: tableName,
            IndexName: "honourRoll",
            KeyConditionExpression: "honourYear = :year",
            ExpressionAttributeValues: { ":year": year },
          }),
      },
      {
        name: "nomination page: GET /api/commendations/nominations/{id}",
        path: `/api/commendations/nominations/${nominationId}`,
        bearer: officer,
        raw: () =>
          queryAll({
            TableName: tableName,
            KeyConditionExpression: "pk = :pk",
            ExpressionAttributeValues: { ":pk": `NOMINATION#${nominationId}` },
            ConsistentRead: true,
          }),
      },
      {
        name: "commune list of a cycle (page of 20, decrypted)",
        path: `/api/commendations/communes/${commune}/nominations?cycle=${cycle.id}&limit=20`,
        bearer: officer,
        raw: () =>
          documents.send(
            new QueryCommand({
              TableName: tableName,
              IndexName: "byCommune",
              KeyConditionExpression: "commune = :commune AND begins_with(communeSort, :cycle)",
              ExpressionAttributeValues: { ":commune": commune, ":cycle": `${cycle.id}#` },
              ScanIndexForward: false,
              Limit: 20,
            }),
          ),
      },
    ];
    const rows: (string | number)[][] = [["endpoint", "p50 ms", "p99 ms", "raw p50", "raw p99", "p50 ratio", "p99 ratio"]];
    for (const scenario of scenarios) {
      const call = async () => {
        const response = await fetch(`${url}${scenario.path}`, scenario.bearer ? { headers: { authorization: `Bearer ${scenario.bearer}` } } : {});
        if (response.status !== 200) throw new Error(`${scenario.path} answered ${String(response.status)}: ${await response.text()}`);
        await response.arrayBuffer();
      };
      const raw = async () => {
        await scenario.raw();
      };
      await runLoad(call, 50, options.concurrency); // warm-up
      await runLoad(raw, 50, options.concurrency);
      const api = await runLoad(call, requests, options.concurrency);
      const direct = await runLoad(raw, requests, options.concurrency);
      const [apiP50, apiP99, rawP50, rawP99] = [percentile(api, 50), percentile(api, 99), percentile(direct, 50), percentile(direct, 99)];
      rows.push([scenario.name, apiP50.toFixed(1), apiP99.toFixed(1), rawP50.toFixed(1), rawP99.toFixed(1), ratio(apiP50, rawP50), ratio(apiP99, rawP99)]);
    }
    console.log(table(rows));
  } finally {
    await bench.close();
    process.env = savedEnv;
    await idp.close();
  }
}

// `tsx tests/bench/commendations.ts [requests] [concurrency]`: this part alone.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await commendationsBench({ requests: Number(process.argv[2] ?? 200), concurrency: Number(process.argv[3] ?? 16) });
}
