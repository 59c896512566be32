/**
 * `npm run bench`: size and speed figures, each as a ratio to a baseline measured in the same run
 * (this machine is shared and noisy; absolute numbers drift, ratios hold).
 *   1. bundle size of every function vs a bundle holding only the bare DynamoDB client: the bytes a
 *      cold start loads (entry file and the chunks it imports statically) and the whole package;
 *   2. module-load (cold-start) time of every handler vs that bare-client bundle;
 *   3. p50/p99 of the API under concurrent load through the local server (its own process, as
 *      `npm start` runs it) vs the same raw
 *      DynamoDB Local operation under the same load.
 *   4. the public site's main pages: weight (served and gzip) and Lighthouse mobile performance and
 *      accessibility, the home page also as a ratio to its 60 KB budget (tests/bench/site.ts).
 *   5. personal data: encrypt + decrypt of a 2 KB narrative (local keyring) vs a plain
 *      JSON.stringify + parse of the same record; the receipt-code hash time (slow on purpose).
 *   6. report submission (POST /api/reports) under concurrent load vs a raw PutItem, and vs a raw
 *      PutItem plus the receipt code's scrypt hash (tests/bench/reports.ts).
 *   7. case tracking: the case page (all items of one case) and the case list of a commune holding
 *      10,000 cases, each vs the raw DynamoDB Local query it is built on, and the case page also vs
 *      that query plus the audit entry's PutItem (tests/bench/cases.ts).
 *   8. commendations: the public honour roll of a year (1,000 awards), a nomination's page and a
 *      commune's list, each vs the raw DynamoDB Local query (tests/bench/commendations.ts).
 *   9. statistics: the rebuild's throughput over 100,000 cases (cases per second), and the province
 *      dashboard for 129 communes vs the raw DynamoDB Local reads it is built on (tests/bench/statistics.ts).
 *  10. KMS requests per operation in AWS mode (FIELD_KEYRING=kms), counted through the real
 *      handlers: at most one per record written and per record read (tests/bench/kms.ts).
 *  11. mixed load: 50 clients for 60 s on public and officer routes through the local server, zero
 *      errors required, p99 per route as a ratio to its raw DynamoDB Local operations (tests/bench/load.ts).
 * Sections 7, 8, 10 and 11 also run alone: `npx tsx tests/bench/cases.ts` (…/commendations.ts, …/kms.ts, …/load.ts).
 *
 *   npm run bench -- [--requests 1000] [--concurrency 16] [--loads 7] [--clients 50] [--seconds 60] [--only 7,11]
 *
 * `--only`: the sections to run, by number (1 and 2 go together: the load times need the bundles).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { type DynamoDBClient, GetItemCommand, QueryCommand } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { httpFunctions, seedFunction, statisticsProjectorFunction } from "../../functions/catalogue.ts";
import { DynamoDirectoryStore } from "../../functions/directory/repository.ts";
import { FieldCipher, loadOrCreateLocalDataKey, localKeyring } from "../../functions/lib/field-encryption.ts";
import { hashReceiptCode, newReceiptCode } from "../../functions/lib/receipt-codes.ts";
import { bundleFunction } from "../../infra/bundling.ts";
import { localClient, startDynamoLocal } from "../../infra/local/dynamodb.ts";
import { ensureTables, tableEnvironment } from "../../infra/local/tables.ts";
import { loadProvince } from "../../infra/provinces/index.ts";
import { physicalTableName } from "../../shared/tables.ts";
import { freePort } from "../support/ports.ts";
import { casesBench } from "./cases.ts";
import { commendationsBench } from "./commendations.ts";
import { startApiServer } from "./harness.ts";
import { kmsBench } from "./kms.ts";
import { loadBench } from "./load.ts";
import { reportsBench } from "./reports.ts";
import { siteBench } from "./site.ts";
import { statisticsBench } from "./statistics.ts";
import { median, percentile, ratio, runLoad, table } from "./stats.ts";

const { values } = parseArgs({
  options: {
    requests: { type: "string", default: "1000" },
    concurrency: { type: "string", default: "16" },
    loads: { type: "string", default: "7" },
    clients: { type: "string", default: "50" },
    seconds: { type: "string", default: "60" },
    only: { type: "string" },
  },
});
const requests = Number(values.requests);
const concurrency = Number(values.concurrency);
const loadRuns = Number(values.loads);
const sections = values.only === undefined ? undefined : new Set(values.only.split(",").map((part) => Number(part.trim())));
const wanted = (...numbers: number[]) => sections === undefined || numbers.some((number) => sections.has(number));

const slug = "ninh-binh";
const directoryTable = physicalTableName(slug, "directory");

interface LoadScenario {
  name: string;
  path: string;
  /** The raw DynamoDB Local operation the endpoint is built on. */
  raw: (client: DynamoDBClient) => Promise<unknown>;
}

const getCommune = (client: DynamoDBClient, code: string) =>
  client.send(new GetItemCommand({ TableName: directoryTable, Key: { pk: { S: "COMMUNE" }, sk: { S: code } } }));
const queryPartition = (client: DynamoDBClient, pk: string, prefix?: string) =>
  client.send(
    new QueryCommand({
      TableName: directoryTable,
      KeyConditionExpression: prefix ? "pk = :pk AND begins_with(sk, :prefix)" : "pk = :pk",
      ExpressionAttributeValues: { ":pk": { S: pk }, ...(prefix ? { ":prefix": { S: prefix } } : {}) },
    }),
  );

/** Each endpoint beside the raw DynamoDB calls it makes, issued the same way (in parallel where it does). */
const loadScenarios: LoadScenario[] = [
  {
    name: "GET /api/health",
    path: "/api/health",
    raw: (client) => client.send(new GetItemCommand({ TableName: directoryTable, Key: { pk: { S: "META" }, sk: { S: "SEED" } } })),
  },
  { name: "GET /api/communes?q=phu ly", path: "/api/communes?q=phu%20ly", raw: (client) => queryPartition(client, "COMMUNE") },
  {
    name: "GET /api/hotlines?commune=13285",
    path: "/api/hotlines?commune=13285",
    raw: (client) => Promise.all([getCommune(client, "13285"), queryPartition(client, "HOTLINE", "PROVINCE#"), queryPartition(client, "HOTLINE", "13285#")]),
  },
  {
    name: "GET /api/trusted-addresses?commune=13285",
    path: "/api/trusted-addresses?commune=13285",
    raw: (client) => Promise.all([getCommune(client, "13285"), queryPartition(client, "TRUSTED#13285")]),
  },
];

const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`;

async function bundles(dir: string) {
  console.log("\n1. Kích thước bundle / bundle sizes (esbuild, minified ESM, as deployed)");
  const baseline = await bundleFunction("tests/bench/baseline-handler.ts", join(dir, "baseline", "index.mjs"));
  const functions = { ...httpFunctions, seed: seedFunction, "statistics-projector": statisticsProjectorFunction };
  const built: { name: string; outfile: string; bytes: number; totalBytes: number; budget?: number }[] = [
    { name: "baseline (bare DynamoDB client)", outfile: baseline.outfile, bytes: baseline.bytes, totalBytes: baseline.totalBytes },
  ];
  for (const [name, definition] of Object.entries(functions)) {
    const result = await bundleFunction(definition.entry, join(dir, name, "index.mjs"));
    built.push({ name, outfile: result.outfile, bytes: result.bytes, totalBytes: result.totalBytes, budget: definition.bundleBudget });
  }
  console.log(
    table([
      ["function", "loaded at cold start", "vs baseline", "budget", "whole package", "vs baseline"],
      ...built.map((bundle) => [
        bundle.name,
        kb(bundle.bytes),
        ratio(bundle.bytes, baseline.bytes),
        bundle.budget === undefined ? "—" : `${bundle.budget.toFixed(2)}×`,
        kb(bundle.totalBytes),
        ratio(bundle.totalBytes, baseline.totalBytes),
      ]),
    ]),
  );
  return built;
}

/** Imports a bundle in a fresh Node process, as a cold Lambda does, and returns the load time in ms. */
function loadTime(outfile: string): number {
  const script = `const t=performance.now();await import(${JSON.stringify(pathToFileURL(outfile).href)});process.stdout.write(String(performance.now()-t));`;
  const result = spawnSync(process.execPath, ["--input-type=module", "-e", script], {
    encoding: "utf8",
    env: {
      ...process.env,
      // Every table's variable, as the functions get them (the admin function names three).
      ...tableEnvironment(slug),
      PROVINCE_SLUG: slug,
      CASE_NUMBER_PREFIX: "NB",
      AWS_REGION: "ap-southeast-1",
      POWERTOOLS_TRACE_ENABLED: "false",
    },
  });
  if (result.status !== 0) throw new Error(`Loading ${outfile} failed:\n${result.stderr}`);
  return Number(result.stdout);
}

function coldStarts(built: { name: string; outfile: string }[]) {
  console.log(`\n2. Thời gian nạp module / module-load (cold-start) time, median of ${String(loadRuns)} fresh processes`);
  const times = built.map((bundle) => {
    // Interleaved runs would be fairer still; a median of several fresh processes is enough here.
    const samples = Array.from({ length: loadRuns }, () => loadTime(bundle.outfile));
    return { name: bundle.name, ms: median(samples) };
  });
  const baseline = times[0]?.ms ?? Number.NaN;
  console.log(table([["function", "load (ms)", "vs baseline"], ...times.map((time) => [time.name, time.ms.toFixed(1), ratio(time.ms, baseline)])]));
}

async function endpoints() {
  console.log(`\n3. API qua máy chủ cục bộ / API through the local server: ${String(requests)} requests, ${String(concurrency)} concurrent`);
  const dynamo = await startDynamoLocal({ port: await freePort() });
  const client = localClient(dynamo.endpoint);
  try {
    await ensureTables(client, slug);
    await new DynamoDirectoryStore(DynamoDBDocumentClient.from(client), directoryTable).seed(loadProvince(slug), new Date().toISOString());
    const server = await startApiServer(slug, dynamo.endpoint);
    const rows: (string | number)[][] = [["endpoint", "p50 ms", "p99 ms", "raw p50", "raw p99", "p50 ratio", "p99 ratio"]];
    try {
      for (const scenario of loadScenarios) {
        const call = async () => {
          const response = await fetch(`${server.url}${scenario.path}`);
          if (response.status !== 200) throw new Error(`${scenario.path} answered ${String(response.status)}`);
          await response.arrayBuffer();
        };
        await runLoad(call, 50, concurrency); // warm-up: the handler module and connections
        const raw = async () => {
          await scenario.raw(client);
        };
        await runLoad(raw, 50, concurrency);
        const api = await runLoad(call, requests, concurrency);
        const direct = await runLoad(raw, requests, concurrency);
        const [apiP50, apiP99, rawP50, rawP99] = [percentile(api, 50), percentile(api, 99), percentile(direct, 50), percentile(direct, 99)];
        rows.push([scenario.name, apiP50.toFixed(1), apiP99.toFixed(1), rawP50.toFixed(1), rawP99.toFixed(1), ratio(apiP50, rawP50), ratio(apiP99, rawP99)]);
      }
    } finally {
      await server.close();
    }
    console.log(table(rows));
  } finally {
    client.destroy();
    await dynamo.stop();
  }
}

async function privacy(dir: string) {
  console.log("\n5. Dữ liệu cá nhân / personal data: a record's envelope and receipt codes (median)");
  const cipher = new FieldCipher(localKeyring(loadOrCreateLocalDataKey(join(dir, "keys", "data-key.bin"))));
  const record = {
    id: "R-2026-000123",
    commune: "13285",
    narrative: "Tôi bị chồng đánh và đe doạ. ".repeat(80).slice(0, 2048),
    reporterName: "Nguyễn Thị Lan",
    reporterPhone: "0912 345 678",
    location: "Thôn Đông, nhà số 12",
  };
  const fields = ["narrative", "reporterName", "reporterPhone", "location"];
  const context = { province: slug, table: "reports", recordId: record.id };
  const time = async (run: () => unknown, count: number) => {
    const samples: number[] = [];
    for (let i = 0; i < count; i++) {
      const started = performance.now();
      await run();
      samples.push(performance.now() - started);
    }
    return median(samples);
  };
  const sealed = async () => cipher.decryptFields(await cipher.encryptFields(record, fields, context), fields, context);
  const plain = () => JSON.parse(JSON.stringify(record)) as unknown;
  await time(sealed, 50); // warm-up
  await time(plain, 50);
  const [encrypted, baseline] = [await time(sealed, 500), await time(plain, 500)];
  const hashed = await time(() => hashReceiptCode(newReceiptCode(), "bench-pepper-bench-pepper-bench-pepper"), 9);
  console.log(
    table([
      ["operation", "median ms", "vs baseline"],
      ["JSON.stringify + parse of the record (baseline)", baseline.toFixed(4), "1.00×"],
      ["seal + open of the report's envelope: 2 KB narrative, name, phone, place (local keyring)", encrypted.toFixed(3), ratio(encrypted, baseline)],
      ["receipt-code hash (scrypt, slow on purpose)", hashed.toFixed(1), "—"],
    ]),
  );
}

const dir = mkdtempSync(join(tmpdir(), "pcblgd-bench-"));
let loadErrors = 0;
try {
  if (wanted(1, 2)) coldStarts(await bundles(dir));
  if (wanted(3)) await endpoints();
  if (wanted(4)) await siteBench();
  if (wanted(5)) await privacy(dir);
  if (wanted(6)) await reportsBench({ requests, concurrency });
  if (wanted(7)) await casesBench({ requests, concurrency });
  if (wanted(8)) await commendationsBench({ requests, concurrency });
  if (wanted(9)) await statisticsBench({ requests, concurrency });
  if (wanted(10)) kmsBench();
  if (wanted(11)) ({ errors: loadErrors } = await loadBench({ clients: Number(values.clients), seconds: Number(values.seconds) }));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
// The load scenario requires zero errors.
if (loadErrors > 0) process.exitCode = 1;
