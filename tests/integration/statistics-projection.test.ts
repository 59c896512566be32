import { randomUUID } from "node:crypto";
import { CreateTableCommand, waitUntilTableExists } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, PutCommand, ScanCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { DynamoDBRecord } from "aws-lambda";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { type Contribution, sum } from "../../functions/statistics/contributions.ts";
import { type SnapshotStore, type SourceTable, StatisticsProjector } from "../../functions/statistics/projector.ts";
import { type RebuildProgress, rebuildStatistics } from "../../functions/statistics/rebuild.ts";
import { DynamoRebuildSource } from "../../functions/statistics/rebuild-source.ts";
import { DynamoStatisticsStore } from "../../functions/statistics/repository.ts";
import { projectRecords } from "../../functions/statistics/stream-handler.ts";
import { localClient } from "../../infra/local/dynamodb.ts";
import { createTableInput } from "../../infra/local/tables.ts";
import { tableDefinitions } from "../../shared/tables.ts";

/**
 * The statistics projection is exact: for random histories of reports and cases (received,
 * triaged, opened, parties, measures, services, sessions, closed, reopened, linked, erased by
 * retention), the counters the projector keeps equal a fresh recount of the source tables — when
 * stream records arrive in any order, duplicated, interleaved with the changes, and when a batch
 * fails half-way and is retried. Own tables (a unique prefix) so other files' data does not count.
 */
const prefix = `pcblgd-stx${randomUUID().slice(0, 8)}`;
const names = { statistics: `${prefix}-statistics`, reports: `${prefix}-reports`, cases: `${prefix}-cases` };
const client = localClient(inject("dynamoEndpoint"));
const documents = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
const store = new DynamoStatisticsStore(documents, names);
const projector = new StatisticsProjector(store, store, 31);

beforeAll(async () => {
  for (const table of ["statistics", "reports", "cases"] as const) {
    await client.send(new CreateTableCommand(createTableInput(tableDefinitions[table], names[table])));
    await waitUntilTableExists({ client, maxWaitTime: 30 }, { TableName: names[table] });
  }
});
afterAll(() => client.destroy());

// — A KEYS_ONLY stream of what the test writes ——————————————————————————————————————————————————

let sequence = 0;
function record(table: SourceTable, pk: string, sk: string): DynamoDBRecord {
  sequence++;
  return {
    eventID: String(sequence),
    eventSourceARN: `arn:aws:dynamodb:ddblocal:000000000000:table/${names[table]}/stream/2026`,
    dynamodb: { Keys: { pk: { S: pk }, sk: { S: sk } }, SequenceNumber: String(sequence).padStart(21, "0"), StreamViewType: "KEYS_ONLY" },
  };
}

// — The source tables, written in the shapes the reports and cases repositories write ————————————

const communes = ["37001", "37002", "37003"];
const channels = ["online", "hotline", "walk-in"];
const acts = ["a", "b", "i", "n", "p"];
const sexes = ["female", "male", "unknown"];
const bands = ["under-16", "16-17", "18-59", "60-plus"];
const instants = ["2025-12-31T16:30:00.000Z", "2026-03-01T03:00:00.000Z", "2026-06-30T16:59:00.000Z", "2026-06-30T17:00:00.000Z", "2026-12-31T17:00:00.000Z"];

type Op =
  | { op: "report"; commune: number; channel: number; at: number }
  | { op: "triage"; report: number; action: number; days: number }
  | { op: "case"; commune: number; acts: number[]; urgent: boolean; at: number }
  | { op: "party"; case: number; role: number; sex: number; band: number }
  | { op: "measure"; case: number; code: number; status: number; party: number }
  | { op: "service"; case: number; kind: number; party: number }
  | { op: "session"; case: number; party: number }
  | { op: "status"; case: number; to: number; at: number }
  | { op: "link"; case: number }
  | { op: "erase"; case: number };

const index = fc.nat(40);
const opArbitrary: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constant("report" as const), commune: fc.nat(2), channel: fc.nat(2), at: fc.nat(4) }),
  fc.record({ op: fc.constant("triage" as const), report: index, action: fc.nat(3), days: fc.nat(10) }),
  fc.record({ op: fc.constant("case" as const), commune: fc.nat(2), acts: fc.array(fc.nat(4), { maxLength: 3 }), urgent: fc.boolean(), at: fc.nat(4) }),
  fc.record({ op: fc.constant("party" as const), case: index, role: fc.nat(1), sex: fc.nat(2), band: fc.nat(3) }),
  fc.record({ op: fc.constant("measure" as const), case: index, code: fc.nat(3), status: fc.nat(3), party: index }),
  fc.record({ op: fc.constant("service" as const), case: index, kind: fc.nat(3), party: index }),
  fc.record({ op: fc.constant("session" as const), case: index, party: index }),
  fc.record({ op: fc.constant("status" as const), case: index, to: fc.nat(3), at: fc.nat(4) }),
  fc.record({ op: fc.constant("link" as const), case: index }),
  fc.record({ op: fc.constant("erase" as const), case: index }),
);

interface History {
  reports: { id: string; version: number; status: string; receivedAt: string }[];
  cases: { id: string; version: number; status: string; parties: { id: string; role: string }[] }[];
  clock: number;
}

function tick(history: History): string {
  history.clock += 1000;
  return new Date(Date.parse("2026-01-01T00:00:00Z") + history.clock).toISOString();
}

const pick = <T>(list: T[], n: number): T | undefined => (list.length === 0 ? undefined : list[n % list.length]);

/** Applies one operation to the source tables; answers the stream records it causes. */
async function apply(history: History, op: Op): Promise<DynamoDBRecord[]> {
  const put = (table: "reports" | "cases", Item: Record<string, unknown>) => documents.send(new PutCommand({ TableName: names[table], Item }));
  const bump = async (entry: History["cases"][number], set: Record<string, unknown>, remove: string[] = []) => {
    entry.version++;
    const values: Record<string, unknown> = { ":v": entry.version, ":at": tick(history) };
    const attributes: Record<string, string> = { "#version": "version", "#updatedAt": "updatedAt" };
    const sets = ["#version = :v", "#updatedAt = :at"];
    Object.entries(set).forEach(([name, value], n) => {
      attributes[`#s${String(n)}`] = name;
      values[`:s${String(n)}`] = value;
      sets.push(`#s${String(n)} = :s${String(n)}`);
    });
    const removes = remove.map((name, n) => {
      attributes[`#r${String(n)}`] = name;
      return `#r${String(n)}`;
    });
    await documents.send(
      new UpdateCommand({
        TableName: names.cases,
        Key: { pk: `CASE#${entry.id}`, sk: "CASE" },
        UpdateExpression: `SET ${sets.join(", ")}${removes.length ? ` REMOVE ${removes.join(", ")}` : ""}`,
        ExpressionAttributeNames: attributes,
        ExpressionAttributeValues: values,
      }),
    );
    return record("cases", `CASE#${entry.id}`, "CASE");
  };
  switch (op.op) {
    case "report": {
      const id = randomUUID();
      const at = instants[op.at] as string;
      const commune = communes[op.commune] as string;
      await put("reports", {
        pk: `REPORT#${id}`,
        sk: "REPORT",
        id,
        commune,
        channel: channels[op.channel],
        status: "new",
        urgent: false,
        acts: [],
        receivedAt: at,
        inboxSort: `0#${at}#${id}`,
        communeStatus: `${commune}#new`,
        sealed: { narrative: "sealed" },
        version: 1,
        createdAt: at,
        updatedAt: tick(history),
      });
      history.reports.push({ id, version: 1, status: "new", receivedAt: at });
      return [record("reports", `REPORT#${id}`, "REPORT")];
    }
    case "triage": {
      const report = pick(history.reports, op.report);
      if (report?.status !== "new") return [];
      const action = ["open-case", "not-dv", "duplicate", "referred"][op.action] as string;
      report.status = action === "open-case" ? "case-opened" : action;
      report.version++;
      const at = new Date(Date.parse(report.receivedAt) + op.days * 86_400_000 + 3_600_000).toISOString();
      await documents.send(
        new UpdateCommand({
          TableName: names.reports,
          Key: { pk: `REPORT#${report.id}`, sk: "REPORT" },
          UpdateExpression: "SET #status = :status, #version = :v, #triage = :triage, #updatedAt = :at",
          ExpressionAttributeNames: { "#status": "status", "#version": "version", "#triage": "triage", "#updatedAt": "updatedAt" },
          ExpressionAttributeValues: { ":status": report.status, ":v": report.version, ":triage": { action, at, by: "officer" }, ":at": tick(history) },
        }),
      );
      return [record("reports", `REPORT#${report.id}`, "REPORT")];
    }
    case "case": {
      const id = randomUUID();
      const at = instants[op.at] as string;
      const commune = communes[op.commune] as string;
      await put("cases", {
        pk: `CASE#${id}`,
        sk: "CASE",
        kind: "case",
        caseId: id,
        caseNumber: `NB-2026-${id.slice(0, 6)}`,
        commune,
        listSort: `${at}#${id}`,
        communeStatus: `${commune}#new`,
        status: "new",
        priority: op.urgent ? "urgent" : "normal",
        acts: [...new Set(op.acts.map((n) => acts[n] as string))],
        reportIds: [],
        openedAt: at,
        updatedAt: tick(history),
        version: 1,
      });
      history.cases.push({ id, version: 1, status: "new", parties: [] });
      return [record("cases", `CASE#${id}`, "CASE")];
    }
    case "party": {
      const entry = pick(history.cases, op.case);
      if (!entry) return [];
      const partyId = randomUUID();
      const role = op.role === 0 ? "victim" : "perpetrator";
      entry.parties.push({ id: partyId, role });
      await put("cases", {
        pk: `CASE#${entry.id}`,
        sk: `PARTY#${partyId}`,
        kind: "party",
        partyId,
        role,
        sex: sexes[op.sex],
        ageBand: bands[op.band],
        relationship: "spouse",
        vulnerabilities: [],
        consents: {},
        name: "sealed-name",
      });
      return [record("cases", `CASE#${entry.id}`, `PARTY#${partyId}`), await bump(entry, {})];
    }
    case "measure": {
      const entry = pick(history.cases, op.case);
      if (!entry) return [];
      const perpetrator = pick(
        entry.parties.filter((party) => party.role === "perpetrator"),
        op.party,
      );
      // Updating an existing measure's status is a put over the same key.
      const measureId = `m${String(op.code)}`;
      await put("cases", {
        pk: `CASE#${entry.id}`,
        sk: `MEASURE#${measureId}`,
        kind: "measure",
        measureId,
        code: ["c", "g", "h", "k"][op.code],
        status: ["proposed", "ordered", "ended", "revoked"][op.status],
        authority: "commune-chairman",
        ...(perpetrator ? { perpetratorId: perpetrator.id } : {}),
      });
      return [record("cases", `CASE#${entry.id}`, `MEASURE#${measureId}`), await bump(entry, {})];
    }
    case "service": {
      const entry = pick(history.cases, op.case);
      if (!entry) return [];
      const victim = pick(
        entry.parties.filter((party) => party.role === "victim"),
        op.party,
      );
      const serviceId = randomUUID();
      await put("cases", {
        pk: `CASE#${entry.id}`,
        sk: `SERVICE#${serviceId}`,
        kind: "service",
        serviceId,
        serviceKind: ["medical", "counselling", "legal-aid", "shelter"][op.kind],
        provider: "x",
        startsOn: "2026-01-02",
        ...(victim ? { victimId: victim.id } : {}),
      });
      return [record("cases", `CASE#${entry.id}`, `SERVICE#${serviceId}`), await bump(entry, {})];
    }
    case "session": {
      const entry = pick(history.cases, op.case);
      if (!entry) return [];
      const perpetrator = pick(
        entry.parties.filter((party) => party.role === "perpetrator"),
        op.party,
      );
      const sessionId = randomUUID();
      await put("cases", {
        pk: `CASE#${entry.id}`,
        sk: `SESSION#${sessionId}`,
        kind: "session",
        sessionId,
        sessionKind: "community-criticism",
        heldOn: "2026-02-01",
        ...(perpetrator ? { perpetratorId: perpetrator.id } : {}),
      });
      return [record("cases", `CASE#${entry.id}`, `SESSION#${sessionId}`), await bump(entry, {})];
    }
    case "status": {
      const entry = pick(history.cases, op.case);
      if (!entry) return [];
      const to = ["intervening", "monitoring", "closed", "intervening"][op.to] as string;
      const from = entry.status;
      entry.status = to;
      if (to === "closed") return [await bump(entry, { status: to, closedAt: instants[op.at], closeReason: "violence-ended", retentionQueue: "CLOSED" })];
      return [await bump(entry, { status: to }, from === "closed" ? ["closedAt", "closeReason", "retentionQueue"] : [])];
    }
    case "link": {
      // Linking a report changes the case's updatedAt, not its version.
      const entry = pick(history.cases, op.case);
      if (!entry) return [];
      await documents.send(
        new UpdateCommand({
          TableName: names.cases,
          Key: { pk: `CASE#${entry.id}`, sk: "CASE" },
          UpdateExpression: "SET reportIds = list_append(reportIds, :r), updatedAt = :at",
          ExpressionAttributeValues: { ":r": [randomUUID()], ":at": tick(history) },
        }),
      );
      return [record("cases", `CASE#${entry.id}`, "CASE")];
    }
    case "erase": {
      // Retention: personal fields go, no version change; the statistics must not move.
      const entry = pick(history.cases, op.case);
      if (entry?.status !== "closed") return [];
      const records: DynamoDBRecord[] = [];
      for (const party of entry.parties) {
        await documents.send(
          new UpdateCommand({
            TableName: names.cases,
            Key: { pk: `CASE#${entry.id}`, sk: `PARTY#${party.id}` },
            UpdateExpression: "REMOVE #n",
            ExpressionAttributeNames: { "#n": "name" },
          }),
        );
        records.push(record("cases", `CASE#${entry.id}`, `PARTY#${party.id}`));
      }
      await documents.send(
        new UpdateCommand({
          TableName: names.cases,
          Key: { pk: `CASE#${entry.id}`, sk: "CASE" },
          UpdateExpression: "SET erasedAt = :at",
          ExpressionAttributeValues: { ":at": tick(history) },
        }),
      );
      records.push(record("cases", `CASE#${entry.id}`, "CASE"));
      return records;
    }
  }
}

// — Comparing the counters with a recount ————————————————————————————————————————————————————————

async function scanAll(table: string): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await documents.send(new ScanCommand({ TableName: table, ConsistentRead: true, ...(start ? { ExclusiveStartKey: start } : {}) }));
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

/** The counters as stored, without zeros. */
async function storedCounters(): Promise<Contribution> {
  const counters: Contribution = {};
  for (const item of await scanAll(names.statistics)) {
    if (String(item.pk).startsWith("SOURCE#")) continue;
    for (const [name, value] of Object.entries(item)) {
      if (typeof value !== "number" || value === 0) continue;
      const key = `${String(item.pk)}|${String(item.sk)}`;
      counters[key] = { ...counters[key], [name]: value };
    }
  }
  return counters;
}

/** A fresh recount: every report and case as it is now, its contribution, added up. */
async function recount(): Promise<Contribution> {
  const totals: Contribution = {};
  for (const item of await scanAll(names.reports)) {
    const snapshot = await projector.current({ table: "reports", id: String(item.id) });
    if (snapshot) sum(totals, snapshot.contribution);
  }
  for (const item of await scanAll(names.cases)) {
    if (item.sk !== "CASE") continue;
    const snapshot = await projector.current({ table: "cases", id: String(item.caseId) });
    if (snapshot) sum(totals, snapshot.contribution);
  }
  for (const key of Object.keys(totals)) {
    for (const [name, value] of Object.entries(totals[key] ?? {})) if (value === 0) delete totals[key]?.[name];
    if (Object.keys(totals[key] ?? {}).length === 0) delete totals[key];
  }
  return totals;
}

/** Shuffles and duplicates records, as a stream with retries could deliver them. */
function delivery(records: DynamoDBRecord[], seeds: number[]): DynamoDBRecord[] {
  const out: DynamoDBRecord[] = [];
  records.forEach((entry, n) => {
    out.push(entry);
    if ((seeds[n % seeds.length] ?? 0) % 3 === 0) out.push(entry);
  });
  return out
    .map((entry, n) => ({ entry, key: seeds[(n * 7) % seeds.length] ?? n }))
    .sort((a, b) => a.key - b.key)
    .map(({ entry }) => entry);
}

describe("statistics projection", () => {
  it("equals a fresh recount for random histories, whatever the order and duplication of stream records", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(opArbitrary, fc.nat(3)), { minLength: 5, maxLength: 30 }),
        fc.array(fc.nat(1000), { minLength: 5, maxLength: 40 }),
        async (steps, seeds) => {
          const history: History = { reports: [], cases: [], clock: 0 };
          const pending: DynamoDBRecord[] = [];
          for (const [op, flush] of steps) {
            pending.push(...(await apply(history, op)));
            // Sometimes a batch goes out mid-history: some records, shuffled, some twice.
            if (flush === 0) await projectRecords(projector, delivery(pending.slice(-4), seeds));
          }
          // Eventually every record is delivered, in a shuffled order, some more than once.
          const batches = delivery(pending, seeds);
          for (let start = 0; start < batches.length; start += 7) {
            const { batchItemFailures } = await projectRecords(projector, batches.slice(start, start + 7));
            expect(batchItemFailures).toEqual([]);
          }
          expect(await storedCounters()).toEqual(await recount());
        },
      ),
      { numRuns: 12 },
    );
  });

  it("a batch that fails half-way and is retried counts each change once", async () => {
    const history: History = { reports: [], cases: [], clock: 0 };
    const records = [
      ...(await apply(history, { op: "case", commune: 0, acts: [0, 1], urgent: true, at: 1 })),
      ...(await apply(history, { op: "party", case: 0, role: 0, sex: 0, band: 2 })),
      ...(await apply(history, { op: "report", commune: 1, channel: 1, at: 1 })),
    ];
    const before = await storedCounters();
    // The first attempt: the report's commit fails (a throttled transaction, say); the case's succeeds.
    let failOnce = true;
    const flaky: SnapshotStore = {
      snapshot: (source) => store.snapshot(source),
      commit: async (source, previous, next, delta) => {
        if (source.table === "reports" && failOnce) {
          failOnce = false;
          throw Object.assign(new Error("throttled"), { name: "ProvisionedThroughputExceededException" });
        }
        return store.commit(source, previous, next, delta);
      },
    };
    const first = await projectRecords(new StatisticsProjector(store, flaky, 31), records);
    expect(first.batchItemFailures.map((failure) => failure.itemIdentifier)).toEqual([records[3]?.dynamodb?.SequenceNumber]);
    // Lambda retries the whole batch (bisecting keeps the successful half too): nothing counts twice.
    for (let attempt = 0; attempt < 3; attempt++) expect((await projectRecords(projector, records)).batchItemFailures).toEqual([]);
    const after = await storedCounters();
    const half = "COUNTS#2026-H1|37001";
    expect((after[half]?.cases ?? 0) - (before[half]?.cases ?? 0)).toBe(1);
    expect((after[half]?.["victims.female.18-59"] ?? 0) - (before[half]?.["victims.female.18-59"] ?? 0)).toBe(1);
    expect((after["COUNTS#2026-H1|37002"]?.reports ?? 0) - (before["COUNTS#2026-H1|37002"]?.reports ?? 0)).toBe(1);
    expect(await storedCounters()).toEqual(await recount());
  });

  it("counts in Vietnam time: 23:30 on 31 December is that year, midnight is the next", async () => {
    const history: History = { reports: [], cases: [], clock: 0 };
    const before = await storedCounters();
    // instants[0] = 2025-12-31T16:30Z = 23:30 on 31/12/2025 in Vietnam; instants[4] = 00:00 on 01/01/2027.
    const records = [
      ...(await apply(history, { op: "case", commune: 2, acts: [], urgent: false, at: 0 })),
      ...(await apply(history, { op: "case", commune: 2, acts: [], urgent: false, at: 4 })),
      ...(await apply(history, { op: "case", commune: 2, acts: [], urgent: false, at: 2 })),
      ...(await apply(history, { op: "case", commune: 2, acts: [], urgent: false, at: 3 })),
    ];
    await projectRecords(projector, records);
    const after = await storedCounters();
    const grew = (key: string) => (after[key]?.cases ?? 0) - (before[key]?.cases ?? 0);
    expect(grew("COUNTS#2025-H2|37003")).toBe(1);
    expect(grew("COUNTS#2027-H1|37003")).toBe(1);
    // 23:59 on 30 June is the first half; 00:00 on 1 July the second.
    expect(grew("COUNTS#2026-H1|37003")).toBe(1);
    expect(grew("COUNTS#2026-H2|37003")).toBe(1);
  });

  it("the rebuild recomputes the counters from the source tables", async () => {
    // Corrupt a counter item and lose a snapshot: the rebuild restores both.
    await documents.send(new PutCommand({ TableName: names.statistics, Item: { pk: "COUNTS#2026-H1", sk: "37001", cases: 999 } }));
    const progress: RebuildProgress[] = [];
    const result = await rebuildStatistics(store, new DynamoRebuildSource(documents, names), projector, {
      communes,
      concurrency: 2,
      progress: (done) => progress.push(done),
    });
    expect(result.cases).toBeGreaterThan(0);
    expect(progress.at(-1)).toEqual({ reports: result.reports, cases: result.cases, communes: communes.length, of: communes.length });
    expect(await storedCounters()).toEqual(await recount());
  });
});
