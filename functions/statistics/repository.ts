import { BatchWriteCommand, type DynamoDBDocumentClient, GetCommand, PutCommand, type QueryCommandInput, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import type { PeriodId } from "../../shared/statistics-periods.ts";
import type { FieldCipher, RecordContext } from "../lib/field-encryption.ts";
import { queryAll } from "../lib/query-all.ts";
import type { CaseFacts, Contribution, Counters, ReportFacts } from "./contributions.ts";
import { splitCounterKey } from "./contributions.ts";
import type { Snapshot, SnapshotStore, SourceRef, StatisticsSources } from "./projector.ts";
import type { PeriodReport, StatisticsStore } from "./service.ts";

/**
 * The statistics table and the projector's reads of the source tables, one record by its key
 * (shared/tables.ts lists both tables' access patterns; the rebuild's reads are rebuild-source.ts's).
 * The source reads name the attributes they want (ProjectionExpression): sealed personal fields
 * never reach this function's memory.
 */
export interface StatisticsTables {
  statistics: string;
  reports: string;
  cases: string;
}

type Item = Record<string, unknown>;

const snapshotKey = (source: SourceRef) => ({ pk: `SOURCE#${source.table}#${source.id}`, sk: "SNAPSHOT" });

/** A ProjectionExpression of attribute paths (`triage.at` is the `at` of the map `triage`). */
export function projection(paths: string[]) {
  const names: Record<string, string> = {};
  const aliases = new Map<string, string>();
  const alias = (name: string) => {
    if (!aliases.has(name)) {
      aliases.set(name, `#a${String(aliases.size)}`);
      names[`#a${String(aliases.size - 1)}`] = name;
    }
    return aliases.get(name) as string;
  };
  const expression = paths.map((path) => path.split(".").map(alias).join("."));
  return { ProjectionExpression: expression.join(", "), ExpressionAttributeNames: names };
}

export const reportAttributes = ["id", "commune", "channel", "status", "receivedAt", "urgent", "triage.action", "triage.at", "version", "updatedAt"];
export const caseHeaderAttributes = ["caseId", "commune", "status", "priority", "acts", "openedAt", "closedAt", "closeReason", "version", "updatedAt"];
const caseItemAttributes = ["sk", "kind", "partyId", "role", "sex", "ageBand", "code", "status", "perpetratorId", "serviceKind", "victimId", "sessionKind"];

const text = (value: unknown) => (typeof value === "string" ? value : undefined);

export function toReportFacts(item: Item): ReportFacts {
  const triage = item.triage as { action?: string; at?: string } | undefined;
  return {
    id: String(item.id),
    commune: String(item.commune),
    channel: String(item.channel),
    status: String(item.status),
    receivedAt: String(item.receivedAt),
    urgent: item.urgent === true,
    ...(triage ? { triage: { ...(triage.action ? { action: triage.action } : {}), ...(triage.at ? { at: triage.at } : {}) } } : {}),
    version: Number(item.version ?? 0),
    updatedAt: String(item.updatedAt ?? ""),
  };
}

export function toCaseFacts(header: Item, items: Item[]): CaseFacts {
  const closedAt = text(header.closedAt);
  const closeReason = text(header.closeReason);
  return {
    caseId: String(header.caseId),
    commune: String(header.commune),
    status: String(header.status),
    priority: String(header.priority),
    acts: Array.isArray(header.acts) ? header.acts.map(String) : [],
    openedAt: String(header.openedAt),
    ...(closedAt ? { closedAt } : {}),
    ...(closeReason ? { closeReason } : {}),
    version: Number(header.version ?? 0),
    updatedAt: String(header.updatedAt ?? ""),
    parties: items
      .filter((item) => item.kind === "party")
      .map((item) => ({ partyId: String(item.partyId), role: String(item.role), sex: String(item.sex), ageBand: String(item.ageBand) })),
    measures: items
      .filter((item) => item.kind === "measure")
      .map((item) => ({
        code: String(item.code),
        status: String(item.status),
        ...(text(item.perpetratorId) ? { perpetratorId: String(item.perpetratorId) } : {}),
      })),
    services: items
      .filter((item) => item.kind === "service")
      .map((item) => ({ kind: String(item.serviceKind), ...(text(item.victimId) ? { victimId: String(item.victimId) } : {}) })),
    sessions: items
      .filter((item) => item.kind === "session")
      .map((item) => ({ kind: String(item.sessionKind), ...(text(item.perpetratorId) ? { perpetratorId: String(item.perpetratorId) } : {}) })),
  };
}

const periodKey = (period: string, commune: string) => ({ pk: `PERIOD#${period}`, sk: commune });

/**
 * A period report's free texts — the return reason, each step's reason (return, reopen) and each
 * correction's reason — are officers' notes about the figures, but free text may name people: they
 * are sealed in one FieldCipher envelope per report (`sealed`, field `reasons`), its context naming
 * the report. Reports written before hold them in clear and are still read as they are.
 */
export interface ReasonSealing {
  cipher: () => FieldCipher;
  province: string;
}

interface Reasons {
  returnReason?: string;
  /** By the step's index in `history`. */
  history?: Record<string, string>;
  /** By the corrected cell's key. */
  corrections?: Record<string, string>;
}
const reasonsField = ["reasons"] as const;

/** The report without its reasons, and the reasons (undefined when it has none). */
function takeReasons(report: PeriodReport): { rest: PeriodReport; reasons: Reasons | undefined } {
  const rest: PeriodReport = structuredClone(report);
  const reasons: Reasons = {};
  if (rest.returnReason !== undefined) reasons.returnReason = rest.returnReason;
  delete rest.returnReason;
  rest.history.forEach((step, index) => {
    if (step.reason === undefined) return;
    reasons.history = { ...reasons.history, [String(index)]: step.reason };
    delete step.reason;
  });
  for (const [key, correction] of Object.entries(rest.corrections)) {
    if (correction.reason === undefined) continue;
    reasons.corrections = { ...reasons.corrections, [key]: correction.reason };
    delete (correction as { reason?: string }).reason;
  }
  return { rest, reasons: Object.keys(reasons).length === 0 ? undefined : reasons };
}

function putReasons(report: PeriodReport, reasons: Reasons): PeriodReport {
  if (reasons.returnReason !== undefined) report.returnReason = reasons.returnReason;
  for (const [index, reason] of Object.entries(reasons.history ?? {})) {
    const step = report.history[Number(index)];
    if (step) step.reason = reason;
  }
  for (const [key, reason] of Object.entries(reasons.corrections ?? {})) {
    const correction = report.corrections[key];
    if (correction) correction.reason = reason;
  }
  return report;
}

export class DynamoStatisticsStore implements StatisticsSources, SnapshotStore, StatisticsStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tables: StatisticsTables,
    /** Needed by the period reports only (the projector and the rebuild never read them). */
    private readonly sealing?: ReasonSealing,
  ) {}

  private reasonContext(period: string, commune: string): RecordContext {
    return { province: this.sealing?.province ?? "", table: "statistics", recordId: `PERIOD#${period}#${commune}` };
  }

  private cipher(): FieldCipher {
    if (this.sealing === undefined) throw new Error("statistics store: period reports need a cipher (ReasonSealing)");
    return this.sealing.cipher();
  }

  /** The stored item as a report; its sealed reasons opened when `open`, left out otherwise. */
  private async toReport(item: Item, open: boolean): Promise<PeriodReport> {
    const { sealed, ...stored } = item;
    const report = toPeriodReport(stored);
    if (!open) return takeReasons(report).rest;
    if (typeof sealed !== "string") return report;
    const context = this.reasonContext(report.period, report.commune);
    const opened = await this.cipher().decryptFields({ sealed }, reasonsField, context);
    return putReasons(report, JSON.parse(opened.reasons ?? "{}") as Reasons);
  }

  // — Source reads ————————————————————————————————————————————————————————————————————————————

  async report(id: string): Promise<ReportFacts | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tables.reports, Key: { pk: `REPORT#${id}`, sk: "REPORT" }, ConsistentRead: true, ...projection(reportAttributes) }),
    );
    return Item ? toReportFacts(Item) : undefined;
  }

  async caseFile(caseId: string): Promise<CaseFacts | undefined> {
    const [{ Item: header }, items] = await Promise.all([
      this.client.send(
        new GetCommand({ TableName: this.tables.cases, Key: { pk: `CASE#${caseId}`, sk: "CASE" }, ConsistentRead: true, ...projection(caseHeaderAttributes) }),
      ),
      this.queryAll(caseItemsQuery(this.tables.cases, caseId)),
    ]);
    return header ? toCaseFacts(header, items) : undefined;
  }

  // — Snapshots and counters ———————————————————————————————————————————————————————————————————

  async snapshot(source: SourceRef): Promise<Snapshot | undefined> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tables.statistics, Key: snapshotKey(source), ConsistentRead: true }));
    return Item ? { stamp: String(Item.stamp), contribution: (Item.contribution ?? {}) as Contribution } : undefined;
  }

  async commit(source: SourceRef, previous: Snapshot | undefined, next: Snapshot, delta: Contribution): Promise<boolean> {
    const put = {
      Put: {
        TableName: this.tables.statistics,
        Item: { ...snapshotKey(source), stamp: next.stamp, contribution: next.contribution },
        ConditionExpression: previous === undefined ? "attribute_not_exists(pk)" : "stamp = :previous",
        ...(previous === undefined ? {} : { ExpressionAttributeValues: { ":previous": previous.stamp } }),
      },
    };
    const updates = Object.entries(delta).map(([key, counters]) => ({
      Update: { TableName: this.tables.statistics, Key: splitCounterKey(key), ...addExpression(counters) },
    }));
    try {
      await this.client.send(new TransactWriteCommand({ TransactItems: [put, ...updates] }));
      return true;
    } catch (error) {
      if ((error as Error).name === "TransactionCanceledException") return false;
      throw error;
    }
  }

  /** Overwrites snapshots (the rebuild), 25 to a batch. */
  async putSnapshots(snapshots: { source: SourceRef; snapshot: Snapshot }[]): Promise<void> {
    await this.putAll(snapshots.map(({ source, snapshot }) => ({ ...snapshotKey(source), ...snapshot })));
  }

  /** Overwrites counter items with recounted values (the rebuild), 25 to a batch. */
  async putCounters(counters: { key: string; counters: Counters }[], at: string): Promise<void> {
    await this.putAll(counters.map((entry) => ({ ...splitCounterKey(entry.key), ...entry.counters, rebuiltAt: at })));
  }

  /** BatchWriteItem in batches of 25, four in flight, until nothing is left unprocessed. */
  private async putAll(items: Item[]): Promise<void> {
    const table = this.tables.statistics;
    let next = 0;
    const worker = async () => {
      while (next < items.length) {
        let pending = items.slice(next, next + 25).map((Item) => ({ PutRequest: { Item } }));
        next += 25;
        for (let attempt = 0; pending.length > 0; attempt++) {
          if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(1000, 25 * 2 ** attempt)));
          const result = await this.client.send(new BatchWriteCommand({ RequestItems: { [table]: pending } }));
          pending = (result.UnprocessedItems?.[table] ?? []) as typeof pending;
        }
      }
    };
    await Promise.all(Array.from({ length: 4 }, worker));
  }

  /** Every counter item of a partition (`COUNTS#<half>` or `LIVE`), by commune. */
  async counters(partition: string): Promise<Map<string, Counters>> {
    const items = await this.queryAll({
      TableName: this.tables.statistics,
      KeyConditionExpression: "pk = :pk",
      ExpressionAttributeValues: { ":pk": partition },
    });
    return new Map(items.map((item) => [String(item.sk), numbersOf(item)]));
  }

  halfCounters(half: string): Promise<Map<string, Counters>> {
    return this.counters(`COUNTS#${half}`);
  }

  async communeCounters(half: string, commune: string): Promise<Counters> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tables.statistics, Key: { pk: `COUNTS#${half}`, sk: commune } }));
    return numbersOf(Item ?? {});
  }

  live(): Promise<Map<string, Counters>> {
    return this.counters("LIVE");
  }

  // — Period reports ——————————————————————————————————————————————————————————————————————————

  async periodReport(period: PeriodId, commune: string): Promise<PeriodReport | undefined> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tables.statistics, Key: periodKey(period, commune), ConsistentRead: true }));
    return Item ? this.toReport(Item, true) : undefined;
  }

  async periodReports(period: PeriodId): Promise<PeriodReport[]> {
    const items = await this.queryAll({
      TableName: this.tables.statistics,
      KeyConditionExpression: "pk = :pk",
      ExpressionAttributeValues: { ":pk": `PERIOD#${period}` },
    });
    return Promise.all(items.map((item) => this.toReport(item, false)));
  }

  async savePeriodReport(report: PeriodReport, expectedVersion: number): Promise<boolean> {
    const { rest, reasons } = takeReasons(report);
    const sealed =
      reasons === undefined
        ? {}
        : await this.cipher().encryptFields({ reasons: JSON.stringify(reasons) }, reasonsField, this.reasonContext(report.period, report.commune));
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tables.statistics,
          Item: { ...periodKey(report.period, report.commune), kind: "period-report", ...rest, ...sealed },
          ConditionExpression: expectedVersion === 0 ? "attribute_not_exists(pk)" : "version = :expected",
          ...(expectedVersion === 0 ? {} : { ExpressionAttributeValues: { ":expected": expectedVersion } }),
        }),
      );
      return true;
    } catch (error) {
      if ((error as Error).name === "ConditionalCheckFailedException") return false;
      throw error;
    }
  }

  private queryAll(input: QueryCommandInput): Promise<Item[]> {
    return queryAll(this.client, input);
  }
}

/**
 * A case file's counted items (parties, measures, services, sessions — and referrals and
 * reminders between them, left out by toCaseFacts): its own partition, facts only. The projector's
 * read of one case and the rebuild's.
 */
export function caseItemsQuery(table: string, caseId: string): QueryCommandInput {
  return {
    TableName: table,
    KeyConditionExpression: "pk = :pk AND sk BETWEEN :from AND :to",
    ConsistentRead: true,
    ...withValues(projection(caseItemAttributes), { ":pk": `CASE#${caseId}`, ":from": "MEASURE#", ":to": "SESSION#~" }),
  };
}

function numbersOf(item: Item): Counters {
  return Object.fromEntries(Object.entries(item).filter((entry): entry is [string, number] => typeof entry[1] === "number"));
}

function toPeriodReport(item: Item): PeriodReport {
  const { pk: _pk, sk: _sk, kind: _kind, ...report } = item;
  return report as unknown as PeriodReport;
}

function withValues<T extends { ExpressionAttributeNames: Record<string, string> }>(base: T, values: Record<string, unknown>) {
  return { ...base, ExpressionAttributeValues: values };
}

function addExpression(counters: Counters) {
  const names: Record<string, string> = {};
  const values: Record<string, number> = {};
  const parts = Object.entries(counters).map(([counter, n], index) => {
    names[`#c${String(index)}`] = counter;
    values[`:c${String(index)}`] = n;
    return `#c${String(index)} :c${String(index)}`;
  });
  return { UpdateExpression: `ADD ${parts.join(", ")}`, ExpressionAttributeNames: names, ExpressionAttributeValues: values };
}
