import { randomUUID } from "node:crypto";
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { DynamoCaseOpening } from "../../functions/cases/opening.ts";
import { loadProvince } from "../../infra/provinces/index.ts";
import { physicalTableName } from "../../shared/tables.ts";

/**
 * Opens a case the way triage does (functions/cases/opening.ts), without a report: the tests of
 * case tracking start from here; the report's side of triage is the reports domain's.
 */
export async function openTestCase(
  documents: DynamoDBDocumentClient,
  options: { province?: string; commune: string; urgent?: boolean; acts?: string[]; at?: string },
): Promise<{ caseId: string; caseNumber: string }> {
  const slug = options.province ?? "ninh-binh";
  const opening = new DynamoCaseOpening(documents, physicalTableName(slug, "cases"), loadProvince(slug).caseNumberPrefix);
  return opening.open(
    {
      commune: options.commune,
      // A report id of the shape real ones have (the case page asks for each report's thread: absent → 404, left out).
      reportId: randomUUID(),
      acts: options.acts ?? ["a"],
      urgent: options.urgent ?? false,
      openedBy: "test-harness",
      openedByName: "Kiểm thử",
      at: options.at ?? new Date().toISOString(),
    },
    [],
  );
}
