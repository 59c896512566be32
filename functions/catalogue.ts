import type { TableName } from "../shared/tables.ts";
import type { FunctionName } from "./routes.ts";

/**
 * Every Lambda function: its entry file and the tables it may touch. The ApiFunction construct
 * grants exactly these and sets each table's environment variable; nothing else reaches a table.
 *
 * - `read`: GetItem, Query… (grantReadData);
 * - `readWrite`: grantReadWriteData;
 * - `append`: PutItem only — an append-only log (the audit table): no read, update or delete;
 * - `queryAppend`: Query (table and indexes) and PutItem — the admin function lists the audit log
 *   and appends to it, and still cannot change an entry.
 *
 * Every function that serves officer routes also reads `revocations` (the shared stack looks up the
 * token's officer there): infra/stacks/api-stack.ts adds that binding when the definition does not
 * list the table itself; the officers function lists it, read-write, because it also revokes.
 *
 * Tables marked `localOnly` in shared/tables.ts (the local account store) exist only in the local
 * runtime: in AWS the binding is skipped (no grant, no variable).
 */
export type TableAccess = "read" | "readWrite" | "append" | "queryAppend";

export interface FunctionDefinition {
  entry: string;
  description: string;
  tables: Partial<Record<TableName, TableAccess>>;
  /** Administers officer accounts: in AWS, the Cognito admin actions on the province's pool (api-stack.ts). */
  manageOfficers?: boolean;
  /**
   * Encrypts personal fields (functions/lib/field-encryption.ts). In AWS: FIELD_KEYRING=kms and the
   * province's field key, usable only with an encryption context whose `table` is one of these.
   */
  fieldEncryption?: { tables: string[] };
  /** Derives its HMAC secrets (receipt-code pepper, attempt limiter) with the province's KMS HMAC key (functions/lib/derived-secrets.ts). */
  derivesSecrets?: boolean;
  /** E-mails officers (lists them in Cognito; sends with SES from the province file's notificationSender). */
  notifiesOfficers?: boolean;
  /**
   * The bundle's size budget: the bytes a cold start loads (the entry file and the chunks it
   * imports statically; infra/bundling.ts), as a multiple of the same for a bundle holding only the
   * bare DynamoDB client (tests/infra/bundles.test.ts checks it; `npm run bench` prints the
   * figures). Raise it only with a reason: every one of those bytes is loaded at each cold start.
   */
  bundleBudget: number;
}

export const httpFunctions: Record<FunctionName, FunctionDefinition> = {
  directory: {
    entry: "functions/directory/handler.ts",
    description: "Public directory: communes, hotlines, trusted addresses, health",
    bundleBudget: 1.5,
    tables: { directory: "read" },
  },
  admin: {
    entry: "functions/admin/handler.ts",
    description: "Signed-in officer profile and the audit log",
    // Every officer's first request (GET /api/me): officer administration is the officers function's.
    // Measured 1.49× (issue 17's 1.5×). The shared officer stack alone is ≈1.47×: the public stack
    // (the directory function, 1.40×) plus the ID-token verifier (≈0.065×).
    bundleBudget: 1.5,
    tables: { audit: "queryAppend", directory: "read" },
  },
  reports: {
    entry: "functions/reports/handler.ts",
    description: "Public reports with receipt codes, follow-up, officer intake, commune inboxes and triage",
    bundleBudget: 3.15,
    tables: { reports: "readWrite", cases: "readWrite", idempotency: "readWrite", throttle: "readWrite", directory: "read", audit: "append", officers: "read" },
    fieldEncryption: { tables: ["reports", "idempotency"] },
    derivesSecrets: true,
    notifiesOfficers: true,
  },
  cases: {
    entry: "functions/cases/handler.ts",
    description: "Case tracking: parties, measures, services, referrals, mediation, follow-ups, timeline",
    // The Encryption SDK with its KMS client is about 0.9× of the baseline by itself, asn1.js left out (issue 17 aims at 2×: not met).
    bundleBudget: 3.0,
    tables: { cases: "readWrite", reports: "read", directory: "read", audit: "append", officers: "read" },
    fieldEncryption: { tables: ["cases"] },
    // The person index (same perpetrator, find by name) is keyed with a derived secret.
    derivesSecrets: true,
    // Reminders before a no-contact order ends are e-mailed to the commune's case officers.
    notifiesOfficers: true,
  },
  commendations: {
    entry: "functions/commendations/handler.ts",
    description: "Commendations: cycles, nominations, council review, appraisal, decisions, honour roll",
    // exceljs, docx and the S3 client are chunks loaded at the first export or upload; the Encryption SDK (≈0.9×) is not.
    bundleBudget: 2.85,
    derivesSecrets: true,
    tables: { commendations: "readWrite", directory: "read", audit: "append" },
    // Nominees' names and achievement reports are encrypted field by field (KMS keyring in AWS).
    fieldEncryption: { tables: ["commendations"] },
  },
  statistics: {
    entry: "functions/statistics/handler.ts",
    description: "Statistics: commune and province figures, period reports and their approval, the province dashboard, exports, public figures",
    // exceljs (the XLSX export) is a chunk loaded at the first export only; the Encryption SDK (the period reports' sealed reasons) is loaded at start.
    bundleBudget: 2.85,
    // Reports and cases: the province-wide indexes of the dashboard (counts by commune, no personal field);
    // prevention: the programme targets the prevention registers measure (functions/prevention/figures.ts, plain fields only).
    tables: { statistics: "readWrite", reports: "read", cases: "read", directory: "read", prevention: "read", audit: "append" },
    // A period report's reasons (return, reopen, corrections) are free text: sealed per report.
    fieldEncryption: { tables: ["statistics"] },
  },
  prevention: {
    entry: "functions/prevention/handler.ts",
    description: "Prevention network: the live directory kept by the communes, models and groups, activities, mediations, training; exports",
    // exceljs (imports and exports) is a chunk loaded at the first import or export; the Encryption SDK (≈0.9×) is not.
    bundleBudget: 2.9,
    // reports: a mediation turned into a report is filed in the commune's inbox (ReportsService.intake).
    tables: { prevention: "readWrite", directory: "readWrite", reports: "readWrite", audit: "append" },
    // Members, parties, conflicts and course participants are sealed field by field; so is a report filed from a mediation,
    // and a directory entry's contact person (the public directory reads only the listed ones' projection).
    fieldEncryption: { tables: ["prevention", "reports", "directory"] },
  },
  oversight: {
    entry: "functions/oversight/handler.ts",
    description: "Oversight: the province plan's tasks, inspections and recommendations, the yearly Directive 08 report, daily reminders",
    // docx (the inspection and yearly reports) and the S3 client of the file uploads are chunks loaded at
    // the first export or file route; the Encryption SDK (≈0.9×) is not.
    bundleBudget: 3.1,
    // statistics and prevention: the yearly report's figures (the roll-up and the registers' plain fields).
    tables: { oversight: "readWrite", directory: "read", commendations: "read", statistics: "read", prevention: "read", audit: "append" },
    // Progress reports, follow-up evidence and findings may name people: sealed like case narratives.
    fieldEncryption: { tables: ["oversight"] },
    // Reminders of tasks and recommendations due within 7 days or overdue.
    notifiesOfficers: true,
  },
  officers: {
    entry: "functions/admin/officers-handler.ts",
    description: "Officer administration: list, invite, import, change, disable (Cognito admin APIs)",
    // jszip (the officer import) and the Cognito client are chunks loaded at their first use, not at a cold start (measured 1.63×).
    bundleBudget: 1.7,
    // directory: the jurisdiction's communes exist; officers: the local account store (localOnly);
    // revocations: disabling an officer or changing their access revokes the tokens they hold.
    tables: { directory: "read", officers: "readWrite", revocations: "readWrite", audit: "append" },
    manageOfficers: true,
  },
};

/** Runs at deploy time (a CloudFormation custom resource) to seed the province's directory. */
export const seedFunction: FunctionDefinition = {
  entry: "functions/directory/seed-handler.ts",
  description: "Seeds the directory table from the province file at each deploy",
  bundleBudget: 1.4,
  tables: { directory: "readWrite" },
};

/**
 * The statistics projector (issue 11): invoked by the event source mappings of the reports' and
 * cases' streams, and once by hand for a rebuild (docs/statistics.md). Reads the source tables
 * (facts only: it names the attributes it reads), writes the statistics table.
 */
export const statisticsProjectorFunction: FunctionDefinition = {
  entry: "functions/statistics/stream-handler.ts",
  description: "Statistics projector: DynamoDB Streams of reports and cases → per-period counters; one-off rebuild",
  bundleBudget: 1.4,
  // directory: the province's communes, which the one-off rebuild reads commune by commune.
  tables: { statistics: "readWrite", reports: "read", cases: "read", directory: "read" },
};
