import { type DynamoDBDocumentClient, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { bindingOf, guardCursor, keyCursor } from "../lib/kit/index.ts";

/**
 * Province-wide lists of reports and cases (all communes, or a chosen set) with the filters of the
 * commune lists, a page at a time: one Query on the reports' `provinceInbox` or the cases'
 * `provinceCases` index (never one query per commune), filters applied by DynamoDB, the cursor bound
 * to the query (functions/lib/kit). Only facts are read and answered — codes, statuses, times —
 * never a name, a phone number or a narrative, whatever the reader's roles.
 */
export interface ProvinceListQuery {
  communes?: string[];
  status?: string;
  /** Cases: priority; reports: channel. */
  priority?: string;
  channel?: string;
  limit: number;
  cursor?: string;
}

const caseFacts = ["caseId", "caseNumber", "commune", "status", "priority", "openedAt", "updatedAt", "dueSort"];
const reportFacts = ["id", "commune", "channel", "status", "urgent", "acts", "receivedAt", "caseId"];

export class DynamoProvinceLists {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tables: { reports: string; cases: string },
  ) {}

  private async page(
    kind: "cases" | "reports",
    query: ProvinceListQuery,
    equals: Record<string, string | undefined>,
  ): Promise<{ items: Record<string, unknown>[]; cursor?: string }> {
    const [tableName, indexName, sortKey, sk, attributes] =
      kind === "cases"
        ? [this.tables.cases, "provinceCases", "listSort", "CASE", caseFacts]
        : [this.tables.reports, "provinceInbox", "inboxSort", "REPORT", reportFacts];
    const codec = keyCursor(bindingOf(`province-${kind}`, sk, { communes: query.communes?.join(","), ...equals }), {
      keyNames: ["pk", "sk", sortKey],
      partition: { name: "sk", value: sk },
    });
    const names: Record<string, string> = { "#sk": "sk" };
    const values: Record<string, unknown> = { ":sk": sk };
    const filters: string[] = [];
    if (query.communes && query.communes.length > 0) {
      names["#commune"] = "commune";
      const placeholders = query.communes.map((commune, index) => {
        values[`:c${String(index)}`] = commune;
        return `:c${String(index)}`;
      });
      filters.push(`#commune IN (${placeholders.join(", ")})`);
    }
    for (const [name, value] of Object.entries(equals)) {
      if (value === undefined) continue;
      names[`#${name}`] = name;
      values[`:${name}`] = value;
      filters.push(`#${name} = :${name}`);
    }
    const projection = attributes.map((attribute, index) => {
      names[`#p${String(index)}`] = attribute;
      return `#p${String(index)}`;
    });
    const items: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined = codec.decode(query.cursor);
    // Filters may leave a page short: read on (bounded) until it is full or the index ends.
    for (let round = 0; round < 20 && items.length < query.limit; round++) {
      const page = await guardCursor(
        this.client.send(
          new QueryCommand({
            TableName: tableName,
            IndexName: indexName,
            KeyConditionExpression: "#sk = :sk",
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: values,
            ScanIndexForward: false,
            Limit: query.limit - items.length,
            ProjectionExpression: [...projection, "pk", "#sk", sortKey].join(", "),
            ...(filters.length > 0 ? { FilterExpression: filters.join(" AND ") } : {}),
            ...(start ? { ExclusiveStartKey: start } : {}),
          }),
        ),
      );
      items.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
      if (!start) break;
    }
    const cursor = codec.encode(start);
    return {
      items: items.map((item) => Object.fromEntries(attributes.filter((name) => item[name] !== undefined).map((name) => [name, item[name]]))),
      ...(cursor ? { cursor } : {}),
    };
  }

  cases(query: ProvinceListQuery) {
    return this.page("cases", query, { status: query.status, priority: query.priority });
  }

  reports(query: ProvinceListQuery) {
    return this.page("reports", query, { status: query.status, channel: query.channel });
  }
}
