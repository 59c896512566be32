import { randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import { GetItemCommand, QueryCommand as RawQueryCommand } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { DynamoDirectoryStore } from "../../functions/directory/repository.ts";
import { hashReceiptCode, newReceiptCode, verifyReceiptCode } from "../../functions/lib/receipt-codes.ts";
import { localClient, startDynamoLocal } from "../../infra/local/dynamodb.ts";
import { ensureTables } from "../../infra/local/tables.ts";
import { loadProvince } from "../../infra/provinces/index.ts";
import { physicalTableName } from "../../shared/tables.ts";
import { fetchFrom } from "../support/from-address.ts";
import { freePort } from "../support/ports.ts";
import { officerClaims, startJwksServer } from "../support/tokens.ts";
import { fullCase, seedCases } from "./cases.ts";
import { startApiServer } from "./harness.ts";
import { percentile, ratio, table } from "./stats.ts";

/**
 * Mixed load: `clients` (50) concurrent clients for `seconds` (60) on public and officer routes
 * through the local API server in its own process, zero errors required. Each client is one
 * person at one address (127.50.<n>.1: the local server takes the client address from the socket,
 * as CloudFront gives it in AWS — no header a client could write), and picks each next request at
 * random with the weights below. Then the same clients run the raw DynamoDB Local operations of
 * each route, with the same weights, for a third of the time; p99 per route is printed as a ratio
 * to its raw operations.
 *
 * Honest about the two deliberate costs of the public write path:
 * - a submission's receipt code is hashed with scrypt (≈ 32 MiB, tens of ms: docs/privacy.md), so
 *   its raw baseline is the PutItem plus that hash, and the receipt lookup's the GetItems plus the
 *   scrypt verification;
 * - the submission limiter allows 30 submissions per address per hour: a client submits at most
 *   `submissionsPerClient` (25) times in the run, and once it has, draws another route. A real
 *   crowd of 50 people does not send one report every two seconds each; the submission share here
 *   (1 request in 20) is already far above what a province sees.
 */
const slug = "ninh-binh";
const commune = "13285";
const submissionsPerClient = 25;

interface Route {
  name: string;
  weight: number;
  /** One call through the API; throws on any status but the expected one. */
  api: (client: ClientState) => Promise<void>;
  /** The raw DynamoDB Local operations (and the deliberate hash) it is built on. */
  raw: () => Promise<void>;
}

interface ClientState {
  address: string;
  submissions: number;
}

function reportBody() {
  return {
    commune,
    narrative: "Tối qua chồng tôi say rượu, đánh và đe doạ tôi trước mặt các con. ".repeat(4),
    acts: ["a", "b"],
    danger: "no",
    victim: { sex: "female", ageBand: "16-59" },
    reporter: { anonymous: false, name: "Nguyễn Thị Tải", phone: "0912 345 678", relationship: "self" },
    safeContact: { mayCall: true, when: "Sau 9 giờ sáng", channel: "call" },
    consentToContact: true,
  };
}

export async function loadBench(options: { clients: number; seconds: number }): Promise<{ errors: number }> {
  console.log(`\n11. Tải hỗn hợp / mixed load: ${String(options.clients)} clients for ${String(options.seconds)} s, public and officer routes`);
  const dynamo = await startDynamoLocal({ port: await freePort() });
  const client = localClient(dynamo.endpoint);
  const documents = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  const idp = await startJwksServer();
  const tableOf = (name: Parameters<typeof physicalTableName>[1]) => physicalTableName(slug, name);
  try {
    await ensureTables(client, slug);
    await new DynamoDirectoryStore(documents, tableOf("directory")).seed(loadProvince(slug), new Date().toISOString());
    const server = await startApiServer(slug, dynamo.endpoint, idp.env);
    try {
      const token = idp.mint(officerClaims({ roles: ["commune-officer"], jurisdiction: [commune], name: "Cán bộ tải" }));
      const officer = { authorization: `Bearer ${token}` };
      await seedCases(documents, 2_000);
      const caseId = await fullCase(server.url, token, documents);
      const pepper = "load-bench-pepper-load-bench-pepper";
      const rawReceipt = await hashReceiptCode(newReceiptCode(), pepper);

      const expect = async (response: Response, status: number, what: string) => {
        if (response.status !== status) throw new Error(`${what} answered ${String(response.status)}: ${(await response.text()).slice(0, 300)}`);
        return response;
      };
      const get = async (state: ClientState, path: string, headers: Record<string, string> = {}) => {
        await (await expect(await fetchFrom(state.address, `${server.url}${path}`, { headers }), 200, `GET ${path}`)).arrayBuffer();
      };
      const receipts: string[] = [];
      const submit = async (state: ClientState) => {
        state.submissions += 1;
        const response = await fetchFrom(state.address, `${server.url}/api/reports`, {
          method: "POST",
          headers: { "content-type": "application/json", "idempotency-key": randomUUID() },
          body: JSON.stringify(reportBody()),
        });
        const { receiptCode } = (await (await expect(response, 201, "POST /api/reports")).json()) as { receiptCode: string };
        receipts.push(receiptCode);
      };
      // Receipt codes to look up exist before the load starts (valid codes: a miss would count
      // against the client's lookup limiter, which is not what is measured).
      const setupClient = { address: "127.49.0.1", submissions: 0 };
      for (let n = 0; n < 10; n++) await submit(setupClient);

      const query = (input: ConstructorParameters<typeof QueryCommand>[0]) => documents.send(new QueryCommand(input));
      const routes: Route[] = [
        {
          name: "GET /api/directory",
          weight: 15,
          api: (state) => get(state, "/api/directory"),
          raw: async () => {
            await Promise.all([
              query({ TableName: tableOf("directory"), KeyConditionExpression: "pk = :pk", ExpressionAttributeValues: { ":pk": "HOTLINE" } }),
              query({
                TableName: tableOf("directory"),
                IndexName: "allTrusted",
                KeyConditionExpression: "trustedList = :list",
                ExpressionAttributeValues: { ":list": "TRUSTED" },
              }),
            ]);
          },
        },
        {
          name: "GET /api/communes?q=…",
          weight: 15,
          api: (state) => get(state, "/api/communes?q=phu%20ly"),
          raw: async () => {
            await client.send(
              new RawQueryCommand({
                TableName: tableOf("directory"),
                KeyConditionExpression: "pk = :pk",
                ExpressionAttributeValues: { ":pk": { S: "COMMUNE" } },
              }),
            );
          },
        },
        {
          name: "POST /api/reports (scrypt)",
          weight: 5,
          api: submit,
          raw: async () => {
            await hashReceiptCode(newReceiptCode(), pepper);
            await documents.send(
              new PutCommand({ TableName: tableOf("reports"), Item: { pk: `BENCH#${randomUUID()}`, sk: "REPORT", body: JSON.stringify(reportBody()) } }),
            );
          },
        },
        {
          name: "POST /api/receipts/status (scrypt)",
          weight: 5,
          api: async (state) => {
            const receiptCode = receipts[Math.floor(Math.random() * receipts.length)] as string;
            const response = await fetchFrom(state.address, `${server.url}/api/receipts/status`, {
              method: "POST",
              headers: { "content-type": "application/json" },
              body: JSON.stringify({ receiptCode }),
            });
            await (await expect(response, 200, "POST /api/receipts/status")).arrayBuffer();
          },
          raw: async () => {
            // The limiter's check, the receipt item, the scrypt verification, the report.
            await client.send(new GetItemCommand({ TableName: tableOf("throttle"), Key: { pk: { S: "receipt-code#bench" } }, ConsistentRead: true }));
            await documents.send(new GetCommand({ TableName: tableOf("reports"), Key: { pk: "RECEIPT#bench", sk: "RECEIPT" } }));
            await verifyReceiptCode("0000 0000 0000 0000", rawReceipt.hash);
            await documents.send(new GetCommand({ TableName: tableOf("reports"), Key: { pk: "REPORT#bench", sk: "REPORT" } }));
          },
        },
        {
          name: "GET /api/communes/{c}/reports (inbox)",
          weight: 20,
          api: (state) => get(state, `/api/communes/${commune}/reports?limit=25`, officer),
          raw: async () => {
            await Promise.all([
              query({
                TableName: tableOf("reports"),
                IndexName: "inbox",
                KeyConditionExpression: "commune = :c",
                ExpressionAttributeValues: { ":c": commune },
                ScanIndexForward: false,
                Limit: 25,
              }),
              documents.send(new GetCommand({ TableName: tableOf("reports"), Key: { pk: `COUNTS#${commune}`, sk: "INBOX" } })),
            ]);
          },
        },
        {
          name: "GET /api/communes/{c}/cases (list)",
          weight: 20,
          api: (state) => get(state, `/api/communes/${commune}/cases?limit=25`, officer),
          raw: async () => {
            await query({
              TableName: tableOf("cases"),
              IndexName: "byCommune",
              KeyConditionExpression: "commune = :c",
              ExpressionAttributeValues: { ":c": commune },
              ScanIndexForward: false,
              Limit: 25,
            });
          },
        },
        {
          name: "GET /api/cases/{id} (case page)",
          weight: 20,
          api: (state) => get(state, `/api/cases/${caseId}`, officer),
          raw: async () => {
            await query({
              TableName: tableOf("cases"),
              KeyConditionExpression: "pk = :pk",
              ExpressionAttributeValues: { ":pk": `CASE#${caseId}` },
              ConsistentRead: true,
            });
          },
        },
      ];
      const submission = routes[2] as Route;
      const totalWeight = routes.reduce((sum, route) => sum + route.weight, 0);
      const pick = (state: ClientState): Route => {
        let draw = Math.random() * totalWeight;
        for (const route of routes) {
          draw -= route.weight;
          if (draw < 0) return route === submission && state.submissions >= submissionsPerClient ? pick(state) : route;
        }
        return routes[0] as Route;
      };

      const run = async (seconds: number, side: "api" | "raw") => {
        const samples = new Map<string, number[]>(routes.map((route) => [route.name, []]));
        const errors: string[] = [];
        const until = performance.now() + seconds * 1000;
        const worker = async (index: number) => {
          const state: ClientState = { address: `127.50.${String(index + 1)}.1`, submissions: 0 };
          while (performance.now() < until) {
            const route = pick(state);
            const started = performance.now();
            try {
              await (side === "api" ? route.api(state) : route.raw());
              samples.get(route.name)?.push(performance.now() - started);
            } catch (error) {
              errors.push(`${route.name}: ${(error as Error).message}`);
            }
          }
        };
        await Promise.all(Array.from({ length: options.clients }, (_, index) => worker(index)));
        return { samples, errors };
      };

      const api = await run(options.seconds, "api");
      const raw = await run(Math.max(10, Math.round(options.seconds / 3)), "raw");
      const rows: (string | number)[][] = [["route", "requests", "errors", "p50 ms", "p99 ms", "raw p99 ms", "p99 ratio"]];
      for (const route of routes) {
        const mine = api.samples.get(route.name) ?? [];
        const base = raw.samples.get(route.name) ?? [];
        const errors = api.errors.filter((error) => error.startsWith(`${route.name}:`)).length;
        rows.push([
          route.name,
          mine.length,
          errors,
          percentile(mine, 50).toFixed(1),
          percentile(mine, 99).toFixed(1),
          percentile(base, 99).toFixed(1),
          ratio(percentile(mine, 99), percentile(base, 99)),
        ]);
      }
      const total = [...api.samples.values()].reduce((sum, samples) => sum + samples.length, 0);
      console.log(table(rows));
      console.log(
        `  ${String(total)} requests in ${String(options.seconds)} s (${(total / options.seconds).toFixed(0)}/s), ${String(api.errors.length)} errors` +
          `${raw.errors.length > 0 ? `; ${String(raw.errors.length)} raw-side errors` : ""}`,
      );
      for (const error of [...new Set(api.errors)].slice(0, 5)) console.log(`  error: ${error}`);
      return { errors: api.errors.length };
    } finally {
      await server.close();
    }
  } finally {
    await idp.close();
    client.destroy();
    await dynamo.stop();
  }
}

// `tsx tests/bench/load.ts [clients] [seconds]`: this part alone; exits 1 on any error.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { errors } = await loadBench({ clients: Number(process.argv[2] ?? 50), seconds: Number(process.argv[3] ?? 60) });
  if (errors > 0) process.exitCode = 1;
}
