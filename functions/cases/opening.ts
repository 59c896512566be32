import { randomUUID } from "node:crypto";
import { type DynamoDBDocumentClient, GetCommand, QueryCommand, TransactWriteCommand, type TransactWriteCommandInput } from "@aws-sdk/lib-dynamodb";
import { vietnamYear } from "../../shared/vietnam-time.ts";

/**
 * Opening a case (vụ việc) from a report, and linking a report to an existing case: the one place
 * that writes a new case item, so the case number stays gap-free and unique.
 *
 * Numbers read `<prefix>-<year>-<6 digits>` (NB-2026-000123), one sequence per province and year
 * (Asia/Ho_Chi_Minh). The counter is read, then ONE transaction sets it to last+1 on condition that
 * it still holds the value read, puts the case, and writes the caller's own items (the report's
 * triage update, the inbox counts). Two openings racing for the same number: one transaction
 * wins, the other is cancelled by the counter's condition and retried with the next number — no
 * duplicate, and since a number is only taken together with its case, no gap.
 *
 * The case-tracking domain (functions/cases/) owns the rest of the case's shape; this module
 * writes the fields a case starts with.
 */
export type TransactItem = NonNullable<TransactWriteCommandInput["TransactItems"]>[number];

export interface CaseFromReport {
  /** The new case's id, when the caller must name it in its own items (a random UUID otherwise). */
  caseId?: string;
  commune: string;
  reportId: string;
  /** Suspected acts of the report (codes a–q). */
  acts: string[];
  urgent: boolean;
  /** The officer who opens it (token `sub`). */
  openedBy: string;
  /** Their name, for the timeline (optional: the timeline shows the id otherwise). */
  openedByName?: string;
  /** ISO time. */
  at: string;
}

export interface OpenedCase {
  caseId: string;
  caseNumber: string;
}

/** One of the caller's own items failed its condition (e.g. the report was triaged meanwhile). */
export class CallerConditionFailedError extends Error {
  constructor(readonly index: number) {
    super(`the caller's item ${String(index)} failed its condition`);
    this.name = "CallerConditionFailedError";
  }
}

/** The case to link to does not exist, or belongs to another commune than the report. */
export class CaseNotLinkableError extends Error {
  constructor() {
    super("no such case in the report's commune");
    this.name = "CaseNotLinkableError";
  }
}

export const caseKeys = {
  case: (caseId: string) => ({ pk: `CASE#${caseId}`, sk: "CASE" }),
  counter: (year: string) => ({ pk: `COUNTER#${year}`, sk: "CASE-NUMBER" }),
};

/** The case-number year of an instant: the calendar year in Asia/Ho_Chi_Minh (UTC+7, no DST). */
export function caseYear(at: string): string {
  return String(vietnamYear(at));
}

export function formatCaseNumber(prefix: string, year: string, sequence: number): string {
  return `${prefix}-${year}-${String(sequence).padStart(6, "0")}`;
}

/** `listSort` of the byCommune index: newest first when queried backwards. */
export function caseListSort(openedAt: string, caseId: string): string {
  return `${openedAt}#${caseId}`;
}

interface CancellationReason {
  Code?: string;
}

function cancellationReasons(error: unknown): CancellationReason[] | undefined {
  if (error instanceof Error && error.name === "TransactionCanceledException")
    return (error as Error & { CancellationReasons?: CancellationReason[] }).CancellationReasons ?? [];
  return undefined;
}

export class DynamoCaseOpening {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly numberPrefix: string,
    private readonly maxAttempts = 20,
  ) {}

  /**
   * Opens a case and writes `alongside` (the caller's items) in the same transaction. Throws
   * CallerConditionFailedError when one of the caller's items fails its condition; nothing is written then.
   */
  async open(input: CaseFromReport, alongside: TransactItem[]): Promise<OpenedCase> {
    const year = caseYear(input.at);
    const caseId = input.caseId ?? randomUUID();
    for (let attempt = 0; attempt < this.maxAttempts; attempt++) {
      const counter = await this.client.send(new GetCommand({ TableName: this.tableName, Key: caseKeys.counter(year), ConsistentRead: true }));
      const last = typeof counter.Item?.last === "number" ? counter.Item.last : 0;
      const next = last + 1;
      const caseNumber = formatCaseNumber(this.numberPrefix, year, next);
      const counterUpdate: TransactItem = {
        Update: {
          TableName: this.tableName,
          Key: caseKeys.counter(year),
          UpdateExpression: "SET #last = :next",
          ConditionExpression: last === 0 ? "attribute_not_exists(#last)" : "#last = :last",
          ExpressionAttributeNames: { "#last": "last" },
          ExpressionAttributeValues: last === 0 ? { ":next": next } : { ":next": next, ":last": last },
        },
      };
      const caseItem: TransactItem = {
        Put: {
          TableName: this.tableName,
          Item: {
            ...caseKeys.case(caseId),
            kind: "case",
            caseId,
            caseNumber,
            commune: input.commune,
            listSort: caseListSort(input.at, caseId),
            communeStatus: `${input.commune}#new`,
            status: "new",
            priority: input.urgent ? "urgent" : "normal",
            acts: input.acts,
            reportIds: [input.reportId],
            openedAt: input.at,
            openedBy: input.openedBy,
            updatedAt: input.at,
            version: 1,
          },
          ConditionExpression: "attribute_not_exists(pk)",
        },
      };
      // The timeline's first event (functions/cases/repository.ts reads it with the others).
      const openedEvent: TransactItem = {
        Put: {
          TableName: this.tableName,
          Item: {
            pk: `CASE#${caseId}`,
            sk: `EVENT#${input.at}#0`,
            kind: "event",
            at: input.at,
            by: input.openedBy,
            byName: input.openedByName ?? "",
            action: "case.opened",
            detail: { reportId: input.reportId, caseNumber },
            version: 1,
          },
          ConditionExpression: "attribute_not_exists(pk)",
        },
      };
      try {
        await this.client.send(new TransactWriteCommand({ TransactItems: [counterUpdate, caseItem, openedEvent, ...alongside] }));
        return { caseId, caseNumber };
      } catch (error) {
        const reasons = cancellationReasons(error);
        if (reasons === undefined) throw error;
        const callerFailure = reasons.slice(3).findIndex((reason) => reason.Code === "ConditionalCheckFailed");
        if (callerFailure >= 0) throw new CallerConditionFailedError(callerFailure);
        // The counter moved (another case took the number) or a transaction conflict: try again.
        if (reasons[0]?.Code === "ConditionalCheckFailed" || reasons.some((reason) => reason.Code === "TransactionConflict")) continue;
        throw error;
      }
    }
    throw new Error(`could not allocate a case number after ${String(this.maxAttempts)} attempts`);
  }

  /** The status of a case (new, intervening, monitoring, closed), or undefined when there is no such case. */
  async statusOf(caseId: string): Promise<string | undefined> {
    const found = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: caseKeys.case(caseId),
        ProjectionExpression: "#status",
        ExpressionAttributeNames: { "#status": "status" },
      }),
    );
    return typeof found.Item?.status === "string" ? found.Item.status : undefined;
  }

  /** The human number of a case, or undefined when there is no such case. */
  async numberOf(caseId: string): Promise<string | undefined> {
    const found = await this.client.send(new GetCommand({ TableName: this.tableName, Key: caseKeys.case(caseId), ProjectionExpression: "caseNumber" }));
    return typeof found.Item?.caseNumber === "string" ? found.Item.caseNumber : undefined;
  }

  /** The case a number names ("NB-2026-000001", as stored), or undefined when there is none. */
  async idOfNumber(caseNumber: string): Promise<string | undefined> {
    const found = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: "byNumber",
        KeyConditionExpression: "caseNumber = :number",
        ExpressionAttributeValues: { ":number": caseNumber },
        ProjectionExpression: "caseId",
        Limit: 1,
      }),
    );
    const id = found.Items?.[0]?.caseId;
    return typeof id === "string" ? id : undefined;
  }

  /** The commune of a case, or undefined when there is no such case. */
  async communeOf(caseId: string): Promise<string | undefined> {
    const found = await this.client.send(new GetCommand({ TableName: this.tableName, Key: caseKeys.case(caseId), ProjectionExpression: "commune" }));
    return typeof found.Item?.commune === "string" ? found.Item.commune : undefined;
  }

  /**
   * Adds a report to an existing case of the same commune, with the caller's items, in one
   * transaction. The case's version is not bumped: linking a source report is not an edit of the
   * case file that should make an officer's open form stale.
   */
  async link(
    caseId: string,
    commune: string,
    reportId: string,
    at: string,
    alongside: TransactItem[],
    by: { id: string; name?: string } = { id: "triage" },
  ): Promise<{ caseNumber: string }> {
    const found = await this.client.send(new GetCommand({ TableName: this.tableName, Key: caseKeys.case(caseId), ConsistentRead: true }));
    if (found.Item?.commune !== commune) throw new CaseNotLinkableError();
    const linkItem: TransactItem = {
      Update: {
        TableName: this.tableName,
        Key: caseKeys.case(caseId),
        UpdateExpression: "SET #reportIds = list_append(#reportIds, :report), #updatedAt = :at",
        ConditionExpression: "#commune = :commune AND NOT contains(#reportIds, :reportId)",
        ExpressionAttributeNames: { "#reportIds": "reportIds", "#updatedAt": "updatedAt", "#commune": "commune" },
        ExpressionAttributeValues: { ":report": [reportId], ":reportId": reportId, ":at": at, ":commune": commune },
      },
    };
    // The timeline records the link (the case's version stays: see above).
    const linkedEvent: TransactItem = {
      Put: {
        TableName: this.tableName,
        Item: {
          pk: `CASE#${caseId}`,
          sk: `EVENT#${at}#report-${reportId}`,
          kind: "event",
          at,
          by: by.id,
          byName: by.name ?? "",
          action: "report.linked",
          detail: { reportId },
          version: typeof found.Item.version === "number" ? found.Item.version : 0,
        },
        ConditionExpression: "attribute_not_exists(pk)",
      },
    };
    try {
      await this.client.send(new TransactWriteCommand({ TransactItems: [linkItem, linkedEvent, ...alongside] }));
    } catch (error) {
      const reasons = cancellationReasons(error);
      if (reasons === undefined) throw error;
      const callerFailure = reasons.slice(2).findIndex((reason) => reason.Code === "ConditionalCheckFailed");
      if (callerFailure >= 0) throw new CallerConditionFailedError(callerFailure);
      if (reasons[0]?.Code === "ConditionalCheckFailed") throw new CaseNotLinkableError();
      throw error;
    }
    return { caseNumber: String(found.Item.caseNumber) };
  }
}
