import { type DynamoDBDocumentClient, GetCommand, QueryCommand, type QueryCommandInput, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import { reporterMessageLimits } from "../../shared/reporter-messages.ts";
import { type ReportStatus, reportStatuses } from "../../shared/reports.ts";
import { CallerConditionFailedError, CaseNotLinkableError, type DynamoCaseOpening, type TransactItem } from "../cases/opening.ts";
import { bindingOf, guardCursor, keyCursor } from "../lib/kit/index.ts";
import { queryAll } from "../lib/query-all.ts";
import { toStoredTransfer } from "../lib/transfers.ts";
import type { InboxCounts, InboxFilters, ReportStore, ReportTransfer, StoredAddition, StoredMessage, StoredReport, TriageWrite } from "./service.ts";
import { CaseNotFoundForLinkError, MessageRefusedError, ReportChangedError } from "./service.ts";

/**
 * The reports table (shared/tables.ts lists its access patterns). A report and its receipt lookup
 * item and the commune's inbox counts are written in one transaction, so the counts are exact and
 * a receipt never points at nothing. Triage updates the report on condition of the version the
 * officer saw and of the report still being new — with the case's items when it opens or links one.
 */
const keys = {
  report: (id: string) => ({ pk: `REPORT#${id}`, sk: "REPORT" }),
  receipt: (lookupKey: string) => ({ pk: `RECEIPT#${lookupKey}`, sk: "RECEIPT" }),
  counts: (commune: string) => ({ pk: `COUNTS#${commune}`, sk: "INBOX" }),
  addition: (id: string, at: string, n: number) => ({ pk: `REPORT#${id}`, sk: `ADDITION#${at}#${String(n).padStart(3, "0")}` }),
  message: (id: string, message: Pick<StoredMessage, "at" | "from" | "n">) => ({
    pk: `REPORT#${id}`,
    sk: `MESSAGE#${message.at}#${message.from}#${String(message.n).padStart(3, "0")}`,
  }),
  transfer: (id: string, transferId: string) => ({ pk: `REPORT#${id}`, sk: `TRANSFER#${transferId}` }),
};

/** The report's counter of each side's messages (the reporter may answer only once an officer wrote). */
const messageCounter = { officer: "officerMessages", reporter: "replies" } as const;

/** Attributes the report item carries besides the stored report, for its keys and indexes. */
function indexAttributes(report: Pick<StoredReport, "id" | "commune" | "status" | "urgent" | "receivedAt">) {
  return {
    inboxSort: `${report.urgent ? "1" : "0"}#${report.receivedAt}#${report.id}`,
    communeStatus: `${report.commune}#${report.status}`,
  };
}

const statusCounter = (status: ReportStatus) => `s_${status}`;

export const maxAdditions = 20;

export class DynamoReportStore implements ReportStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly caseOpening: DynamoCaseOpening,
  ) {}

  private countsUpdate(commune: string, changes: Record<string, number>): TransactItem {
    const names: Record<string, string> = {};
    const values: Record<string, number> = {};
    const parts = Object.entries(changes)
      .filter(([, delta]) => delta !== 0)
      .map(([name, delta], index) => {
        names[`#c${String(index)}`] = name;
        values[`:c${String(index)}`] = delta;
        return `#c${String(index)} :c${String(index)}`;
      });
    return {
      Update: {
        TableName: this.tableName,
        Key: keys.counts(commune),
        UpdateExpression: `ADD ${parts.join(", ")}`,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      },
    };
  }

  async create(report: StoredReport, receipt?: { lookupKey: string; receiptHash: string }): Promise<void> {
    await this.client.send(new TransactWriteCommand({ TransactItems: this.creationItems(report, receipt) }));
  }

  /**
   * Every item a new report writes (the report, the inbox counts, the receipt lookup), each with its
   * condition: another domain that files a report as part of its own write (a mediation turned into
   * a report) puts these in its transaction, so the report never exists without the rest.
   */
  creationItems(report: StoredReport, receipt?: { lookupKey: string; receiptHash: string }): TransactItem[] {
    const items: TransactItem[] = [
      {
        Put: {
          TableName: this.tableName,
          Item: { ...keys.report(report.id), ...indexAttributes(report), ...report },
          ConditionExpression: "attribute_not_exists(pk)",
        },
      },
      this.countsUpdate(report.commune, { total: 1, [statusCounter(report.status)]: 1, urgentNew: report.urgent ? 1 : 0 }),
    ];
    if (receipt) {
      items.push({
        Put: {
          TableName: this.tableName,
          Item: { ...keys.receipt(receipt.lookupKey), reportId: report.id, receiptHash: receipt.receiptHash },
          ConditionExpression: "attribute_not_exists(pk)",
        },
      });
    }
    return items;
  }

  async get(id: string): Promise<StoredReport | undefined> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: keys.report(id), ConsistentRead: true }));
    return Item ? toStoredReport(Item) : undefined;
  }

  async findReceipt(lookupKey: string): Promise<{ reportId: string; receiptHash: string } | undefined> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: keys.receipt(lookupKey), ConsistentRead: true }));
    return Item && typeof Item.reportId === "string" && typeof Item.receiptHash === "string"
      ? { reportId: Item.reportId, receiptHash: Item.receiptHash }
      : undefined;
  }

  async addAddition(reportId: string, addition: StoredAddition): Promise<boolean> {
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.tableName,
                Item: { ...keys.addition(reportId, addition.at, addition.n), ...addition },
                ConditionExpression: "attribute_not_exists(pk)",
              },
            },
            {
              Update: {
                TableName: this.tableName,
                Key: keys.report(reportId),
                UpdateExpression: "ADD additions :one",
                ConditionExpression: "attribute_exists(pk) AND additions < :max",
                ExpressionAttributeValues: { ":one": 1, ":max": maxAdditions },
              },
            },
          ],
        }),
      );
      return true;
    } catch (error) {
      if ((error as Error).name === "TransactionCanceledException") return false;
      throw error;
    }
  }

  /**
   * One message of the thread, with its side's counter on the report in the same transaction: at
   * most `perSide` each, and an answer only after an officer's message. A refusal throws
   * MessageRefusedError (nothing written).
   */
  async addMessage(reportId: string, message: StoredMessage): Promise<void> {
    const counter = messageCounter[message.from];
    const condition =
      message.from === "reporter"
        ? "attribute_exists(pk) AND #officer > :zero AND (attribute_not_exists(#counter) OR #counter < :max)"
        : "attribute_exists(pk) AND (attribute_not_exists(#counter) OR #counter < :max)";
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.tableName,
                Item: { ...keys.message(reportId, message), ...message },
                ConditionExpression: "attribute_not_exists(pk)",
              },
            },
            {
              Update: {
                TableName: this.tableName,
                Key: keys.report(reportId),
                UpdateExpression: "ADD #counter :one",
                ConditionExpression: condition,
                ExpressionAttributeNames: { "#counter": counter, ...(message.from === "reporter" ? { "#officer": messageCounter.officer } : {}) },
                ExpressionAttributeValues: { ":one": 1, ":max": reporterMessageLimits.perSide, ...(message.from === "reporter" ? { ":zero": 0 } : {}) },
              },
            },
          ],
        }),
      );
    } catch (error) {
      if ((error as Error).name === "TransactionCanceledException") throw new MessageRefusedError(message.from);
      throw error;
    }
  }

  /** The thread of a report, oldest first. */
  async messages(reportId: string): Promise<StoredMessage[]> {
    const { Items = [] } = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)",
        ExpressionAttributeValues: { ":pk": `REPORT#${reportId}`, ":prefix": "MESSAGE#" },
        ConsistentRead: true,
      }),
    );
    return Items.map((item) => ({
      from: item.from as StoredMessage["from"],
      at: String(item.at),
      n: Number(item.n),
      textSealed: String(item.textSealed),
      ...(typeof item.by === "string" ? { by: item.by } : {}),
      ...(typeof item.byName === "string" ? { byName: item.byName } : {}),
    }));
  }

  async additions(reportId: string): Promise<StoredAddition[]> {
    const { Items = [] } = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)",
        ExpressionAttributeValues: { ":pk": `REPORT#${reportId}`, ":prefix": "ADDITION#" },
      }),
    );
    return Items.map((item) => ({ at: String(item.at), n: Number(item.n), textSealed: String(item.textSealed) }));
  }

  async counts(commune: string): Promise<InboxCounts> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: keys.counts(commune) }));
    const byStatus = Object.fromEntries(reportStatuses.map((status) => [status, Number(Item?.[statusCounter(status)] ?? 0)])) as Record<ReportStatus, number>;
    return { total: Number(Item?.total ?? 0), byStatus, urgentNew: Number(Item?.urgentNew ?? 0) };
  }

  async inbox(commune: string, filters: InboxFilters, limit: number, cursor?: string): Promise<{ items: StoredReport[]; nextCursor?: string }> {
    const byStatus = filters.status !== undefined;
    const partition = byStatus ? { name: "communeStatus", value: `${commune}#${filters.status}` } : { name: "commune", value: commune };
    const names: Record<string, string> = { "#p": partition.name };
    const values: Record<string, unknown> = { ":p": partition.value };
    const conditions: string[] = [];
    if (filters.channel) {
      names["#channel"] = "channel";
      values[":channel"] = filters.channel;
      conditions.push("#channel = :channel");
    }
    if (filters.fromInstant) {
      names["#receivedAt"] = "receivedAt";
      values[":from"] = filters.fromInstant;
      conditions.push("#receivedAt >= :from");
    }
    if (filters.toInstant) {
      names["#receivedAt"] = "receivedAt";
      values[":to"] = filters.toInstant;
      conditions.push("#receivedAt < :to");
    }
    const codec = inboxCursor(commune, filters, partition);
    let startKey: Record<string, unknown> | undefined = codec.decode(cursor);
    const items: StoredReport[] = [];
    // Filters apply after DynamoDB reads a page, so a page may come back short: read on, never
    // more than the items still wanted (the cursor must resume exactly after the last one given).
    for (let round = 0; round < 10 && items.length < limit; round++) {
      const input: QueryCommandInput = {
        TableName: this.tableName,
        IndexName: byStatus ? "inboxByStatus" : "inbox",
        KeyConditionExpression: "#p = :p",
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        ScanIndexForward: false,
        Limit: limit - items.length,
        ...(conditions.length > 0 ? { FilterExpression: conditions.join(" AND ") } : {}),
        ...(startKey ? { ExclusiveStartKey: startKey } : {}),
      };
      const page = await guardCursor(this.client.send(new QueryCommand(input)));
      items.push(...(page.Items ?? []).map(toStoredReport));
      startKey = page.LastEvaluatedKey;
      if (!startKey) break;
    }
    return { items, ...(startKey ? { nextCursor: codec.encode(startKey) as string } : {}) };
  }

  async triage(report: StoredReport, write: TriageWrite): Promise<{ caseId?: string; caseNumber?: string }> {
    const names: Record<string, string> = {
      "#status": "status",
      "#version": "version",
      "#triage": "triage",
      "#updatedAt": "updatedAt",
      "#communeStatus": "communeStatus",
    };
    const reportUpdate = (caseId?: string): TransactItem => ({
      Update: {
        TableName: this.tableName,
        Key: keys.report(report.id),
        UpdateExpression: `SET #status = :status, #version = :next, #triage = :triage, #updatedAt = :at, #communeStatus = :communeStatus${caseId ? ", #caseId = :caseId" : ""}${write.sealed ? ", #sealed = :sealed" : ""}`,
        ConditionExpression: "#version = :expected AND #status = :new",
        ExpressionAttributeNames: { ...names, ...(caseId ? { "#caseId": "caseId" } : {}), ...(write.sealed ? { "#sealed": "sealed" } : {}) },
        ExpressionAttributeValues: {
          ":status": write.status,
          ":next": write.expectedVersion + 1,
          ":triage": { ...write.triage, ...(caseId ? { caseId } : {}) },
          ":at": write.triage.at,
          ":communeStatus": `${report.commune}#${write.status}`,
          ":expected": write.expectedVersion,
          ":new": "new",
          ...(caseId ? { ":caseId": caseId } : {}),
          ...(write.sealed ? { ":sealed": write.sealed } : {}),
        },
      },
    });
    const counts = this.countsUpdate(report.commune, { [statusCounter("new")]: -1, [statusCounter(write.status)]: 1, urgentNew: report.urgent ? -1 : 0 });
    try {
      if (write.openCase) {
        const caseId = crypto.randomUUID();
        const opened = await this.caseOpening.open(
          {
            caseId,
            commune: report.commune,
            reportId: report.id,
            acts: report.acts,
            urgent: report.urgent,
            openedBy: write.triage.by,
            openedByName: write.byName,
            at: write.triage.at,
          },
          [reportUpdate(caseId), counts],
        );
        return opened;
      }
      if (write.linkCaseId) {
        const linked = await this.caseOpening.link(write.linkCaseId, report.commune, report.id, write.triage.at, [reportUpdate(write.linkCaseId), counts], {
          id: write.triage.by,
          name: write.byName,
        });
        return { caseId: write.linkCaseId, caseNumber: linked.caseNumber };
      }
      await this.client.send(new TransactWriteCommand({ TransactItems: [reportUpdate(), counts] }));
      return {};
    } catch (error) {
      if (error instanceof CallerConditionFailedError) throw new ReportChangedError();
      if (error instanceof CaseNotLinkableError) throw new CaseNotFoundForLinkError();
      if ((error as Error).name === "TransactionCanceledException") {
        const reasons = (error as Error & { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
        if (reasons[0]?.Code === "ConditionalCheckFailed") throw new ReportChangedError();
      }
      throw error;
    }
  }

  // — Transfers between communes (docs/cases.md "Chuyển xã") —

  /** A pending transfer: the report marked (still new, unchanged since read, none pending) and the transfer in the receiver's index. */
  async openTransfer(report: StoredReport, transfer: ReportTransfer, expectedVersion: number): Promise<void> {
    await this.transact([
      {
        Update: {
          TableName: this.tableName,
          Key: keys.report(report.id),
          UpdateExpression: "SET #transfer = :transfer, #version = :next, #updatedAt = :at",
          ConditionExpression: "#version = :expected AND #status = :new AND attribute_not_exists(#transfer)",
          ExpressionAttributeNames: { "#transfer": "transfer", "#version": "version", "#updatedAt": "updatedAt", "#status": "status" },
          ExpressionAttributeValues: {
            ":transfer": { transferId: transfer.transferId, to: transfer.to, requestedAt: transfer.requestedAt },
            ":next": expectedVersion + 1,
            ":at": transfer.requestedAt,
            ":expected": expectedVersion,
            ":new": "new",
          },
        },
      },
      {
        Put: {
          TableName: this.tableName,
          Item: {
            ...keys.transfer(report.id, transfer.transferId),
            ...transfer,
            transferTo: transfer.to,
            transferSort: `${transfer.requestedAt}#${report.id}`,
          },
          ConditionExpression: "attribute_not_exists(pk)",
        },
      },
    ]);
  }

  /**
   * A transfer decided (accepted, declined, withdrawn) or a province move, in one transaction: the
   * report (condition: the version read, and still new when it moves) loses its pending mark and,
   * when `moveTo`, takes the receiving commune with its inbox keys and counts; the transfer item
   * leaves the incoming index (condition: still requested, or new for a move).
   */
  async closeTransfer(report: StoredReport, transfer: ReportTransfer, moveTo?: string): Promise<void> {
    const at = transfer.decidedAt ?? transfer.requestedAt;
    const moving = moveTo !== undefined;
    const items: TransactItem[] = [
      {
        Update: {
          TableName: this.tableName,
          Key: keys.report(report.id),
          UpdateExpression: `SET #version = :next, #updatedAt = :at${moving ? ", #commune = :to, #communeStatus = :communeStatus" : ""} REMOVE #transfer`,
          ConditionExpression: `#version = :expected${moving ? " AND #status = :new" : ""}`,
          ExpressionAttributeNames: {
            "#transfer": "transfer",
            "#version": "version",
            "#updatedAt": "updatedAt",
            ...(moving ? { "#status": "status", "#commune": "commune", "#communeStatus": "communeStatus" } : {}),
          },
          ExpressionAttributeValues: {
            ":next": report.version + 1,
            ":at": at,
            ":expected": report.version,
            ...(moving ? { ":new": "new", ":to": moveTo, ":communeStatus": `${moveTo}#${report.status}` } : {}),
          },
        },
      },
      {
        Put: {
          TableName: this.tableName,
          Item: { ...keys.transfer(report.id, transfer.transferId), ...transfer },
          ConditionExpression: "attribute_not_exists(pk) OR #state = :requested",
          ExpressionAttributeNames: { "#state": "state" },
          ExpressionAttributeValues: { ":requested": "requested" },
        },
      },
    ];
    if (moving) {
      const counted = { total: 1, [statusCounter(report.status)]: 1, urgentNew: report.urgent && report.status === "new" ? 1 : 0 };
      items.push(
        this.countsUpdate(report.commune, Object.fromEntries(Object.entries(counted).map(([name, n]) => [name, -n]))),
        this.countsUpdate(moveTo, counted),
      );
    }
    await this.transact(items);
  }

  async transfer(reportId: string, transferId: string): Promise<ReportTransfer | undefined> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: keys.transfer(reportId, transferId), ConsistentRead: true }));
    return Item ? toReportTransfer(Item) : undefined;
  }

  async transfers(reportId: string): Promise<ReportTransfer[]> {
    const { Items = [] } = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)",
        ExpressionAttributeValues: { ":pk": `REPORT#${reportId}`, ":prefix": "TRANSFER#" },
        ConsistentRead: true,
      }),
    );
    return Items.map(toReportTransfer);
  }

  async incomingTransfers(commune: string): Promise<ReportTransfer[]> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      IndexName: "incomingTransfers",
      KeyConditionExpression: "transferTo = :commune",
      ExpressionAttributeValues: { ":commune": commune },
    });
    return items.map(toReportTransfer);
  }

  /** A transaction whose condition failure means the report or the transfer changed since read. */
  private async transact(items: TransactItem[]): Promise<void> {
    try {
      await this.client.send(new TransactWriteCommand({ TransactItems: items }));
    } catch (error) {
      if ((error as Error).name === "TransactionCanceledException") throw new ReportChangedError();
      throw error;
    }
  }

  async caseNumberOf(caseId: string): Promise<string | undefined> {
    return this.caseOpening.numberOf(caseId);
  }

  async caseIdOfNumber(caseNumber: string): Promise<string | undefined> {
    return this.caseOpening.idOfNumber(caseNumber);
  }

  async caseStatusOf(caseId: string): Promise<string | undefined> {
    return this.caseOpening.statusOf(caseId);
  }
}

const storedFields = [
  "id",
  "commune",
  "channel",
  "status",
  "urgent",
  "acts",
  "receivedAt",
  "occurredOn",
  "danger",
  "victim",
  "reporter",
  "safeContact",
  "sealed",
  "consentToContact",
  "receivedBy",
  "version",
  "createdAt",
  "updatedAt",
  "additions",
  "officerMessages",
  "replies",
  "triage",
  "caseId",
  "mediationId",
  "transfer",
] as const;

function toStoredReport(item: Record<string, unknown>): StoredReport {
  const report: Record<string, unknown> = {};
  for (const field of storedFields) if (item[field] !== undefined) report[field] = item[field];
  return report as unknown as StoredReport;
}

function toReportTransfer(item: Record<string, unknown>): ReportTransfer {
  return { ...toStoredTransfer(item), reportId: String(item.pk).slice("REPORT#".length), ...(typeof item.sealed === "string" ? { sealed: item.sealed } : {}) };
}

/** The inbox's page cursor (the kit's codec): bound to the commune, the status and the filters, keyed by the index read. */
function inboxCursor(commune: string, filters: InboxFilters, partition: { name: string; value: string }) {
  return keyCursor(bindingOf("inbox", commune, { ...filters }), { keyNames: ["pk", "sk", "inboxSort", partition.name], partition });
}
