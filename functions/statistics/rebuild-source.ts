import { type DynamoDBDocumentClient, QueryCommand, type QueryCommandInput } from "@aws-sdk/lib-dynamodb";
import { mapLimited } from "../lib/concurrency.ts";
import { queryAll } from "../lib/query-all.ts";
import type { CaseFacts, ReportFacts } from "./contributions.ts";
import { caseHeaderAttributes, caseItemsQuery, projection, reportAttributes, toCaseFacts, toReportFacts } from "./repository.ts";

/**
 * The rebuild's reads of the source tables — a batch job's, never a request path's, and kept out
 * of the request repository. Everything is read by Query on a partition, one commune at a time:
 * a commune's reports from the `inbox` index (commune = <code>: report items only), its case
 * headers from `byCommune` (commune = <code>: headers only carry listSort), and each case file's
 * counted items from the case's own partition (pk = CASE#<id>, the projector's read). The
 * projections name the facts only: sealed personal fields never reach the rebuild's memory.
 * The communes come from the province file (the directory seeded from it, in AWS).
 */
export interface RebuildSource {
  /** A commune's reports, a page of facts at a time. */
  reportFactPages(commune: string): AsyncGenerator<ReportFacts[]>;
  /** A commune's case files, a page of facts at a time. */
  caseFactPages(commune: string): AsyncGenerator<CaseFacts[]>;
}

type Item = Record<string, unknown>;

export class DynamoRebuildSource implements RebuildSource {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tables: { reports: string; cases: string },
    /** Case files of one page read at once (their item Queries). */
    private readonly caseFilesAtOnce = 8,
  ) {}

  async *reportFactPages(commune: string): AsyncGenerator<ReportFacts[]> {
    const query = { TableName: this.tables.reports, IndexName: "inbox", KeyConditionExpression: "#commune = :commune" };
    for await (const items of this.pages(query, commune, ["pk", "sk", ...reportAttributes])) {
      yield items.filter((item) => item.sk === "REPORT" && String(item.pk).startsWith("REPORT#")).map(toReportFacts);
    }
  }

  async *caseFactPages(commune: string): AsyncGenerator<CaseFacts[]> {
    const query = { TableName: this.tables.cases, IndexName: "byCommune", KeyConditionExpression: "#commune = :commune" };
    for await (const items of this.pages(query, commune, ["pk", "sk", ...caseHeaderAttributes])) {
      const headers = items.filter((item) => item.sk === "CASE" && String(item.pk).startsWith("CASE#"));
      yield await mapLimited(headers, this.caseFilesAtOnce, async (header) =>
        toCaseFacts(header, await queryAll(this.client, caseItemsQuery(this.tables.cases, String(header.caseId)))),
      );
    }
  }

  /** The pages of a commune's partition of an index, naming `attributes` only. */
  private async *pages(input: QueryCommandInput, commune: string, attributes: string[]): AsyncGenerator<Item[]> {
    const named = projection([...new Set(attributes)]);
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          ...input,
          ProjectionExpression: named.ProjectionExpression,
          ExpressionAttributeNames: { ...named.ExpressionAttributeNames, "#commune": "commune" },
          ExpressionAttributeValues: { ":commune": commune },
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      yield page.Items ?? [];
      start = page.LastEvaluatedKey;
    } while (start);
  }
}
