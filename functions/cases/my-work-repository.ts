import { type DynamoDBDocumentClient, GetCommand, QueryCommand, type QueryCommandInput } from "@aws-sdk/lib-dynamodb";
import type { WorkCase, WorkStore } from "./my-work.ts";
import type { DynamoCaseRepository } from "./repository.ts";
import type { Entry } from "./store.ts";

/**
 * My work's queries (shared/tables.ts lists them): the cases table's `work` and `byCommuneDue`
 * indexes and headers by key; the reports table's `inboxByStatus` and `incomingTransfers` indexes
 * and inbox counts. Reads only; no Scan.
 */
const openStatuses = ["new", "intervening", "monitoring"] as const;

function workCase(header: Entry): WorkCase {
  return {
    caseId: String(header.caseId),
    caseNumber: String(header.caseNumber),
    commune: String(header.commune),
    status: String(header.status),
    ...(typeof header.nextDue === "string" ? { nextDue: header.nextDue } : {}),
  };
}

export class DynamoWorkRepository implements WorkStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly cases: DynamoCaseRepository,
    private readonly tables: { cases: string; reports: string },
  ) {}

  /** Every page of one query: the items, and the count (for a `Select: "COUNT"` query). */
  private async queryAll(input: QueryCommandInput): Promise<{ items: Record<string, unknown>[]; count: number }> {
    const items: Record<string, unknown>[] = [];
    let count = 0;
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(new QueryCommand({ ...input, ...(start ? { ExclusiveStartKey: start } : {}) }));
      items.push(...(page.Items ?? []));
      count += page.Count ?? 0;
      start = page.LastEvaluatedKey;
    } while (start);
    return { items, count };
  }

  async assignedCases(officerId: string): Promise<WorkCase[]> {
    const entries = await this.cases.work(`ASSIGNEE#${officerId}`);
    return (await this.cases.headers(entries.map((entry) => String(entry.caseId)))).map(workCase);
  }

  async casesDueBy(commune: string, lastDay: string): Promise<WorkCase[]> {
    const { items } = await this.queryAll({
      TableName: this.tables.cases,
      IndexName: "byCommuneDue",
      // dueSort = <earliest due day>#<case id>: every day up to lastDay sorts before "<lastDay>#~".
      KeyConditionExpression: "dueCommune = :commune AND dueSort <= :last",
      ExpressionAttributeValues: { ":commune": commune, ":last": `${lastDay}#~` },
    });
    return items.map((item) => workCase({ ...item, ref: "CASE" }));
  }

  async ordersEnding(commune: string, from: string, to: string) {
    const entries = await this.cases.work(`ENDING#${commune}`, { from, to: `${to}#~` });
    return entries.map((entry) => ({ caseId: String(entry.caseId), caseNumber: String(entry.caseNumber), endsAt: String(entry.endsAt) }));
  }

  async referralsAwaiting(commune: string, sentBy: string) {
    const entries = await this.cases.work(`AWAITING#${commune}`, { to: `${sentBy}#~` });
    return entries.map((entry) => ({ caseId: String(entry.caseId), sentOn: String(entry.awaitingSince) }));
  }

  async caseNumbers(caseIds: readonly string[]): Promise<Map<string, WorkCase>> {
    return new Map((await this.cases.headers(caseIds)).map((header) => [String(header.caseId), workCase(header)]));
  }

  async untriagedReports(commune: string, receivedBefore: string) {
    const { items } = await this.queryAll({
      TableName: this.tables.reports,
      IndexName: "inboxByStatus",
      KeyConditionExpression: "communeStatus = :key",
      FilterExpression: "receivedAt < :before",
      ExpressionAttributeValues: { ":key": `${commune}#new`, ":before": receivedBefore },
    });
    return items.map((item) => ({ reportId: String(item.id), receivedAt: String(item.receivedAt) })).sort((a, b) => a.receivedAt.localeCompare(b.receivedAt));
  }

  async newReportCount(commune: string): Promise<number> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tables.reports, Key: { pk: `COUNTS#${commune}`, sk: "INBOX" } }));
    return Number(Item?.s_new ?? 0);
  }

  async incomingTransferCount(commune: string): Promise<number> {
    const [cases, reports] = await Promise.all([
      this.cases.incomingTransfers(commune),
      this.queryAll({
        TableName: this.tables.reports,
        IndexName: "incomingTransfers",
        KeyConditionExpression: "transferTo = :commune",
        ExpressionAttributeValues: { ":commune": commune },
        Select: "COUNT",
      }),
    ]);
    return cases.length + reports.count;
  }

  async openCaseCount(commune: string): Promise<number> {
    const counts = await Promise.all(
      openStatuses.map(
        async (status) =>
          (
            await this.queryAll({
              TableName: this.tables.cases,
              IndexName: "byCommuneStatus",
              KeyConditionExpression: "communeStatus = :key",
              ExpressionAttributeValues: { ":key": `${commune}#${status}` },
              Select: "COUNT",
            })
          ).count,
      ),
    );
    return counts.reduce((sum, n) => sum + n, 0);
  }
}
