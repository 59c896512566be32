import { type DynamoDBDocumentClient, QueryCommand, type QueryCommandInput } from "@aws-sdk/lib-dynamodb";
import type { ProvinceWatchStore } from "./service.ts";

/**
 * The province-wide reads of the reports and cases tables (their own indexes, shared/tables.ts):
 * one Query each, whatever the number of communes. Only keys and the commune are read
 * (ProjectionExpression): no personal field.
 */
export class DynamoProvinceWatch implements ProvinceWatchStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tables: { reports: string; cases: string },
  ) {}

  private async countByCommune(input: QueryCommandInput, communeOf: (item: Record<string, unknown>) => string): Promise<Map<string, number>> {
    const counts = new Map<string, number>();
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(new QueryCommand({ ...input, ...(start ? { ExclusiveStartKey: start } : {}) }));
      for (const item of page.Items ?? []) {
        const commune = communeOf(item);
        counts.set(commune, (counts.get(commune) ?? 0) + 1);
      }
      start = page.LastEvaluatedKey;
    } while (start);
    return counts;
  }

  /** Open cases whose earliest open follow-up is before today (dueSort = <due day>#<case id>). */
  overdueFollowUps(today: string): Promise<Map<string, number>> {
    return this.countByCommune(
      {
        TableName: this.tables.cases,
        IndexName: "provinceDue",
        KeyConditionExpression: "sk = :sk AND dueSort < :today",
        ExpressionAttributeValues: { ":sk": "CASE", ":today": today },
        ProjectionExpression: "dueCommune",
      },
      (item) => String(item.dueCommune),
    );
  }

  /** No-contact orders (their reminder items) ending in [from, to). */
  ordersEnding(from: string, to: string): Promise<Map<string, number>> {
    return this.countByCommune(
      {
        TableName: this.tables.cases,
        IndexName: "ordersEnding",
        KeyConditionExpression: "kind = :kind AND endsAt BETWEEN :from AND :to",
        ExpressionAttributeValues: { ":kind": "reminder", ":from": from, ":to": to },
        ProjectionExpression: "commune",
      },
      (item) => String(item.commune),
    );
  }

  /** Reports still new, received before `before`. */
  awaitingTriageSince(before: string): Promise<Map<string, number>> {
    return this.countByCommune(
      {
        TableName: this.tables.reports,
        IndexName: "byStatusReceived",
        KeyConditionExpression: "#status = :new AND receivedAt < :before",
        ExpressionAttributeNames: { "#status": "status" },
        ExpressionAttributeValues: { ":new": "new", ":before": before },
        ProjectionExpression: "commune",
      },
      (item) => String(item.commune),
    );
  }
}
