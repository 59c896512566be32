import { spawn } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { BatchWriteCommand, DynamoDBDocumentClient, PutCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { caseListSort, DynamoCaseOpening } from "../../functions/cases/opening.ts";
import { DynamoDirectoryStore } from "../../functions/directory/repository.ts";
import { localClient, startDynamoLocal, stopProcess } from "../../infra/local/dynamodb.ts";
import { ensureTables } from "../../infra/local/tables.ts";
import { loadProvince } from "../../infra/provinces/index.ts";
import { physicalTableName } from "../../shared/tables.ts";
import { freePort } from "../support/ports.ts";
import { officerClaims, startJwksServer } from "../support/tokens.ts";
import { cpuPerCall, interleavedLoads, percentile, ratio, runLoad, table } from "./stats.ts";

/**
 * Case tracking under concurrent load, through the local API server in its own process (token
 * verification, the revocation lookup, `resolve`, the audit entry, decryption of the identity
 * fields), each as a ratio to the raw DynamoDB Local query the endpoint is built on, in the same run:
 *
 * - the case page: GET /api/cases/{id} of a case with parties, measures, services, a referral, a
 *   session, follow-ups and its timeline — vs the raw Query of the case's partition (all its items);
 * - the case list of a commune holding 10,000 cases: GET /api/communes/{commune}/cases (a page of
 *   25, newest first; and filtered by status) — vs the raw Query of the byCommune (byCommuneStatus)
 *   index with the same limit.
 */
const slug = "ninh-binh";
const commune = "13285";
const casesTable = physicalTableName(slug, "cases");
const auditTable = physicalTableName(slug, "audit");
const commune10k = 10_000;

/** `count` (10,000) case headers in one commune, shaped as opening.ts writes them, in parallel batches of 25. */
export async function seedCases(documents: DynamoDBDocumentClient, count = commune10k): Promise<void> {
  const statuses = ["new", "intervening", "monitoring", "closed"];
  const start = Date.parse("2024-01-01T00:00:00Z");
  const batches: Record<string, unknown>[][] = [];
  for (let index = 0; index < count; index += 25) {
    batches.push(
      Array.from({ length: Math.min(25, count - index) }, (_, offset) => {
        const n = index + offset;
        const caseId = `bench-${String(n).padStart(6, "0")}`;
        const at = new Date(start + n * 3_000_000).toISOString();
        const status = statuses[n % 4] as string;
        return {
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
          openedBy: "bench",
          updatedAt: at,
          version: 1,
        };
      }),
    );
  }
  let next = 0;
  const worker = async () => {
    while (next < batches.length) {
      const batch = batches[next++] as Record<string, unknown>[];
      let pending = batch.map((Item) => ({ PutRequest: { Item } }));
      while (pending.length > 0) {
        const result = await documents.send(new BatchWriteCommand({ RequestItems: { [casesTable]: pending } }));
        pending = (result.UnprocessedItems?.[casesTable] ?? []) as typeof pending;
      }
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
}

/** One realistic case file, written through the API (encrypted identity, timeline). */
export async function fullCase(url: string, token: string, documents: DynamoDBDocumentClient): Promise<string> {
  const opening = new DynamoCaseOpening(documents, casesTable, loadProvince(slug).caseNumberPrefix);
  const { caseId } = await opening.open(
    { commune, reportId: "bench-report", acts: ["a", "b"], urgent: true, openedBy: "bench", at: new Date().toISOString() },
    [],
  );
  let version = 1;
  const send = async (method: string, suffix: string, body: Record<string, unknown>) => {
    const response = await fetch(`${url}/api/cases/${caseId}${suffix}`, {
      method,
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ expectedVersion: version, ...body }),
    });
    const json = (await response.json()) as { version: number; parties?: { partyId: string; role: string }[]; followUps?: unknown[] };
    if (response.status >= 300) throw new Error(`${method} ${suffix} answered ${String(response.status)}: ${JSON.stringify(json)}`);
    version = json.version;
    return json;
  };
  const party = { sex: "female", ageBand: "18-59", relationship: "spouse", vulnerabilities: ["pregnant"] };
  await send("POST", "/parties", { role: "victim", name: "Nguyễn Thị Bench", phone: "0912 345 678", address: "Xóm 3, thôn Đông", ...party });
  const added = await send("POST", "/parties", {
    role: "perpetrator",
    name: "Trần Văn Bench",
    phone: "0987 654 321",
    address: "Xóm 3",
    ...party,
    sex: "male",
    vulnerabilities: [],
  });
  const victimId = added.parties?.find((entry) => entry.role === "victim")?.partyId as string;
  const perpetratorId = added.parties?.find((entry) => entry.role === "perpetrator")?.partyId as string;
  await send("PUT", `/parties/${victimId}/consents/referral`, { given: true });
  await send("PUT", "/risk", { answers: ["escalating", "threat-to-kill"] });
  await send("POST", "/measures", { code: "a", status: "ordered", authority: "case-officer", perpetratorId, startsAt: new Date().toISOString() });
  await send("POST", "/measures", { code: "g", status: "proposed", authority: "case-officer", perpetratorId });
  await send("POST", "/services", { kind: "shelter", victimId, provider: "Nhà tạm lánh", startsOn: "2026-03-01", location: "Số 7 ngõ Hòa Bình" });
  await send("POST", "/services", { kind: "counselling", victimId, provider: "Trung tâm CTXH", startsOn: "2026-03-02" });
  await send("POST", "/referrals", { target: "health", victimId, referredOn: "2026-03-02" });
  await send("POST", "/sessions", { kind: "mediation", heldOn: "2026-03-03", outcome: "Hai bên cam kết không tái diễn. ".repeat(10) });
  for (const dueOn of ["2026-04-01", "2026-05-01", "2026-06-01"]) await send("POST", "/follow-ups", { dueOn, notes: "Thăm nhà, gặp riêng người bị bạo lực." });
  await send("POST", "/status", { to: "intervening" });
  return caseId;
}

interface Scenario {
  name: string;
  path: string;
  raw: (client: DynamoDBDocumentClient) => Promise<unknown>;
}

export async function casesBench(options: { requests: number; concurrency: number }): Promise<void> {
  const requests = Math.min(options.requests, 400);
  console.log(`\n7. Vụ việc / cases: ${String(requests)} requests, ${String(options.concurrency)} concurrent, a commune holding ${String(commune10k)} cases`);
  const dynamo = await startDynamoLocal({ port: await freePort() });
  const client: DynamoDBClient = localClient(dynamo.endpoint);
  const documents = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  const idp = await startJwksServer();
  // The API server's process inherits these: it verifies the bench's tokens against this JWKS.
  const savedEnv = { ...process.env };
  Object.assign(process.env, idp.env);
  const child = spawn(process.execPath, ["--import", "tsx", "tests/bench/api-server.ts", slug, dynamo.endpoint], {
    cwd: fileURLToPath(new URL("../..", import.meta.url)),
    stdio: ["ignore", "pipe", "inherit"],
  });
  try {
    await ensureTables(client, slug);
    await new DynamoDirectoryStore(documents, physicalTableName(slug, "directory")).seed(loadProvince(slug), new Date().toISOString());
    const [url] = (await once(createInterface({ input: child.stdout }), "line")) as [string];
    const token = idp.mint(officerClaims({ roles: ["commune-officer"], jurisdiction: [commune], name: "Cán bộ bench" }));
    const seeding = performance.now();
    await seedCases(documents);
    const caseId = await fullCase(url, token, documents);
    console.log(`  seeded ${String(commune10k)} cases and one full case file in ${((performance.now() - seeding) / 1000).toFixed(1)} s`);

    const queryIndex = (indexName: string, key: string, value: string) =>
      documents.send(
        new QueryCommand({
          TableName: casesTable,
          IndexName: indexName,
          KeyConditionExpression: "#key = :value",
          ExpressionAttributeNames: { "#key": key },
          ExpressionAttributeValues: { ":value": value },
          ScanIndexForward: false,
          Limit: 25,
        }),
      );
    const caseQuery = (raw: DynamoDBDocumentClient) =>
      raw.send(
        new QueryCommand({
          TableName: casesTable,
          KeyConditionExpression: "pk = :pk",
          ExpressionAttributeValues: { ":pk": `CASE#${caseId}` },
          ConsistentRead: true,
        }),
      );
    let auditSequence = 0;
    const scenarios: Scenario[] = [
      { name: "case page: GET /api/cases/{id} (all items of one case)", path: `/api/cases/${caseId}`, raw: caseQuery },
      {
        // The same page against both DynamoDB operations it cannot skip: the case's Query, then the
        // audit entry every read of a case file writes (a conditional PutItem), one after the other.
        name: "case page vs its Query + the audit PutItem",
        path: `/api/cases/${caseId}`,
        raw: async (raw) => {
          await caseQuery(raw);
          const at = new Date().toISOString();
          await raw.send(
            new PutCommand({
              TableName: auditTable,
              Item: { pk: `DAY#${at.slice(0, 10)}`, sk: `${at}#bench#${String(auditSequence++)}`, action: "case.read", outcome: "allowed", status: 200 },
              ConditionExpression: "attribute_not_exists(pk)",
            }),
          );
        },
      },
      {
        name: `case list: GET /api/communes/${commune}/cases (10,000 cases, page of 25)`,
        path: `/api/communes/${commune}/cases?limit=25`,
        raw: () => queryIndex("byCommune", "commune", commune),
      },
      {
        name: "case list, status = intervening (page of 25)",
        path: `/api/communes/${commune}/cases?limit=25&status=intervening`,
        raw: () => queryIndex("byCommuneStatus", "communeStatus", `${commune}#intervening`),
      },
    ];
    const rows: (string | number)[][] = [["endpoint", "p50 ms", "p99 ms", "raw p50", "raw p99", "p50 ratio", "p99 ratio"]];
    for (const scenario of scenarios) {
      const call = async () => {
        const response = await fetch(`${url}${scenario.path}`, { headers: { authorization: `Bearer ${token}` } });
        if (response.status !== 200) throw new Error(`${scenario.path} answered ${String(response.status)}: ${await response.text()}`);
        await response.arrayBuffer();
      };
      const raw = async () => {
        await scenario.raw(documents);
      };
      await runLoad(call, 50, options.concurrency); // warm-up
      await runLoad(raw, 50, options.concurrency);
      const { api, raw: direct } = await interleavedLoads(call, raw, requests, options.concurrency);
      const [apiP50, apiP99, rawP50, rawP99] = [percentile(api, 50), percentile(api, 99), percentile(direct, 50), percentile(direct, 99)];
      rows.push([scenario.name, apiP50.toFixed(1), apiP99.toFixed(1), rawP50.toFixed(1), rawP99.toFixed(1), ratio(apiP50, rawP50), ratio(apiP99, rawP99)]);
    }
    console.log(table(rows));
    await printCpuSplit(url, token, caseId, (raw) => caseQuery(raw), documents, { dynamoPid: dynamo.process.pid, apiPid: child.pid }, options.concurrency);
  } finally {
    await stopProcess(child);
    process.env = savedEnv;
    await idp.close();
    client.destroy();
    await dynamo.stop();
  }
}

/**
 * Where the case page's time goes: the CPU each process spends per page (DynamoDB Local, the API
 * server, the load generator) against the same for the raw Query, run one after the other at the
 * same concurrency. Every part shares this machine's cores, so under load a latency ratio is
 * roughly a ratio of these totals: what the page costs beyond its Query (the audit entry's write
 * in DynamoDB Local, the API's HTTP, token check, decryption) shows here, process by process.
 */
async function printCpuSplit(
  url: string,
  token: string,
  caseId: string,
  caseQuery: (raw: DynamoDBDocumentClient) => Promise<unknown>,
  documents: DynamoDBDocumentClient,
  processes: { dynamoPid: number | undefined; apiPid: number | undefined },
  concurrency: number,
): Promise<void> {
  if (processes.dynamoPid === undefined || processes.apiPid === undefined) return;
  const page = async () => {
    const response = await fetch(`${url}/api/cases/${caseId}`, { headers: { authorization: `Bearer ${token}` } });
    if (response.status !== 200) throw new Error(`the case page answered ${String(response.status)}`);
    await response.arrayBuffer();
  };
  const raw = async () => {
    await caseQuery(documents);
  };
  const calls = 400;
  const pageCpu = await cpuPerCall(page, calls, concurrency, { "DynamoDB Local": processes.dynamoPid, "API server": processes.apiPid });
  const rawCpu = await cpuPerCall(raw, calls, concurrency, { "DynamoDB Local": processes.dynamoPid });
  if (pageCpu === undefined || rawCpu === undefined) {
    console.log("  (CPU per request: needs Linux's /proc)");
    return;
  }
  const total = (split: Record<string, number>) => Object.values(split).reduce((sum, value) => sum + value, 0);
  const cell = (split: Record<string, number>, name: string) => (split[name] ?? 0).toFixed(2);
  const names = ["DynamoDB Local", "API server", "load generator"];
  console.log(`  CPU per request (ms), ${String(calls)} calls each, ${String(concurrency)} concurrent:`);
  console.log(
    table([
      ["", ...names, "total"],
      ["case page", ...names.map((name) => cell(pageCpu, name)), total(pageCpu).toFixed(2)],
      ["raw Query", ...names.map((name) => cell(rawCpu, name)), total(rawCpu).toFixed(2)],
      ["ratio", ...names.map((name) => (rawCpu[name] ? ratio(pageCpu[name] ?? 0, rawCpu[name] as number) : "—")), ratio(total(pageCpu), total(rawCpu))],
    ]),
  );
}

// `tsx tests/bench/cases.ts [requests] [concurrency]`: this part alone.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await casesBench({ requests: Number(process.argv[2] ?? 400), concurrency: Number(process.argv[3] ?? 16) });
}
