import { envVarOf } from "./table-env.ts";
/**
 * One definition per DynamoDB table. CDK (infra/stacks/data-stack.ts) and the local runtime
 * (infra/local/tables.ts) both build their tables from these, so keys, indexes, TTL and streams
 * cannot drift apart. Each table lists its access patterns: every request path is a GetItem,
 * Query or transaction on these keys — never a Scan.
 */
export type AttributeType = "S" | "N";

export interface KeyAttribute {
  name: string;
  type: AttributeType;
}

export interface GlobalIndexDefinition {
  indexName: string;
  partitionKey: KeyAttribute;
  sortKey?: KeyAttribute;
  projection: "ALL" | "KEYS_ONLY";
}

export interface TableDefinition {
  /** Short name: the physical table is `pcblgd-<province slug>-<name>`. */
  name: string;
  /** The environment variable through which a function learns the physical name. */
  envVar: string;
  partitionKey: KeyAttribute;
  sortKey?: KeyAttribute;
  globalIndexes: GlobalIndexDefinition[];
  timeToLiveAttribute?: string;
  stream?: "NEW_IMAGE" | "OLD_IMAGE" | "NEW_AND_OLD_IMAGES" | "KEYS_ONLY";
  /** Exists only in the local runtime (e.g. the local OpenID provider's accounts); CDK skips it. */
  localOnly?: boolean;
  accessPatterns: string[];
}

export const tableDefinitions = {
  directory: {
    name: "directory",
    envVar: envVarOf("directory"),
    partitionKey: { name: "pk", type: "S" },
    sortKey: { name: "sk", type: "S" },
    globalIndexes: [
      // Sparse: only trusted addresses carry trustedList (the public directory of the whole province).
      { indexName: "allTrusted", partitionKey: { name: "trustedList", type: "S" }, sortKey: { name: "sk", type: "S" }, projection: "ALL" },
    ],
    accessPatterns: [
      "List the province's communes: Query pk = COMMUNE (one partition, ≤ 200 items, filtered in memory for diacritics-insensitive search)",
      "Get one commune: GetItem pk = COMMUNE, sk = <commune code>",
      "Hotlines of the province: Query pk = HOTLINE, sk begins_with PROVINCE#",
      "Hotlines of one commune: Query pk = HOTLINE, sk begins_with <commune code>#",
      "Trusted addresses of one commune: Query pk = TRUSTED#<commune code>",
      "Trusted addresses of the whole province (public directory pages): Query allTrusted trustedList = TRUSTED",
      "Officer edits (functions/prevention): Put/Update the entry with origin = officer, condition version = expected (409 otherwise); removal keeps a tombstone (status = removed) so a re-seed cannot bring the entry back; an XLSX import is one or more TransactWriteItems of ≤ 100 Puts (condition attribute_not_exists)",
      "Seed state (health): GetItem pk = META, sk = SEED",
    ],
  },
  audit: {
    name: "audit",
    envVar: envVarOf("audit"),
    partitionKey: { name: "pk", type: "S" },
    sortKey: { name: "sk", type: "S" },
    globalIndexes: [
      { indexName: "byOfficer", partitionKey: { name: "officerId", type: "S" }, sortKey: { name: "sk", type: "S" }, projection: "ALL" },
      { indexName: "byRecord", partitionKey: { name: "recordKey", type: "S" }, sortKey: { name: "sk", type: "S" }, projection: "ALL" },
    ],
    accessPatterns: [
      "Append an entry: PutItem pk = DAY#<yyyy-mm-dd, Asia/Ho_Chi_Minh>, sk = <ISO time>#<request id>#<n>, condition attribute_not_exists(pk) — entries are never updated or deleted (the IAM grant allows PutItem only)",
      "Entries of one day (or a date range, one Query per day), newest first: Query pk = DAY#<date>, ScanIndexForward = false, cursor = LastEvaluatedKey",
      "Entries of one officer: Query byOfficer officerId = <sub>, sk between <from> and <to>",
      "Entries about one record: Query byRecord recordKey = <type>#<id>, sk between <from> and <to>",
    ],
  },
  officers: {
    name: "officers",
    envVar: envVarOf("officers"),
    localOnly: true,
    partitionKey: { name: "pk", type: "S" },
    sortKey: { name: "sk", type: "S" },
    globalIndexes: [
      { indexName: "byEmail", partitionKey: { name: "email", type: "S" }, projection: "ALL" },
      { indexName: "all", partitionKey: { name: "kind", type: "S" }, sortKey: { name: "email", type: "S" }, projection: "ALL" },
    ],
    accessPatterns: [
      "Local stand-in for the Cognito user pool (the local OpenID provider's account store); not created in AWS",
      "One officer: GetItem pk = OFFICER#<id>, sk = PROFILE",
      "Sign-in by e-mail: GetItem pk = EMAIL#<lower-cased e-mail>, sk = LOCK → officerId (strongly consistent; written in one transaction with the profile, so an e-mail has one account), then GetItem of the profile",
      "Find by e-mail (eventually consistent): Query byEmail email = <lower-cased e-mail>",
      "List officers by e-mail, paginated: Query all kind = OFFICER, cursor = LastEvaluatedKey",
    ],
  },
  throttle: {
    name: "throttle",
    envVar: envVarOf("throttle"),
    partitionKey: { name: "pk", type: "S" },
    globalIndexes: [],
    timeToLiveAttribute: "expiresAt",
    accessPatterns: [
      "Failed attempts and lock-outs of a sign-in or a code lookup: GetItem / UpdateItem (atomic ADD) pk = <purpose>#<keyed hash of the subject>; expiresAt (TTL) forgets it",
    ],
  },
  revocations: {
    name: "revocations",
    envVar: envVarOf("revocations"),
    partitionKey: { name: "officerId", type: "S" },
    globalIndexes: [],
    timeToLiveAttribute: "expiresAt",
    accessPatterns: [
      "Revoke an officer's earlier ID tokens (the admin service, after disabling them or changing their roles or jurisdiction): PutItem officerId = <sub>, revokedAt = <epoch seconds>, expiresAt (TTL) = revokedAt + 2 h — overwrites the previous revocation",
      "Is this token revoked? (the shared stack, every officer request, after the token verifies): GetItem officerId = <token sub>, eventually consistent — refused when the token's iat ≤ revokedAt",
    ],
  },
  // — Reports (issue 4) —
  reports: {
    name: "reports",
    envVar: envVarOf("reports"),
    partitionKey: { name: "pk", type: "S" },
    sortKey: { name: "sk", type: "S" },
    globalIndexes: [
      { indexName: "inbox", partitionKey: { name: "commune", type: "S" }, sortKey: { name: "inboxSort", type: "S" }, projection: "ALL" },
      { indexName: "inboxByStatus", partitionKey: { name: "communeStatus", type: "S" }, sortKey: { name: "inboxSort", type: "S" }, projection: "ALL" },
      // Province-wide views (issue 11): only report items carry inboxSort, and only reports carry receivedAt.
      { indexName: "provinceInbox", partitionKey: { name: "sk", type: "S" }, sortKey: { name: "inboxSort", type: "S" }, projection: "ALL" },
      { indexName: "byStatusReceived", partitionKey: { name: "status", type: "S" }, sortKey: { name: "receivedAt", type: "S" }, projection: "ALL" },
      // Issue 14: reports other communes ask a commune to take (sparse: TRANSFER# items while pending).
      { indexName: "incomingTransfers", partitionKey: { name: "transferTo", type: "S" }, sortKey: { name: "transferSort", type: "S" }, projection: "ALL" },
    ],
    // Keys only: the statistics projector reads the report itself, so no personal field travels in the stream.
    stream: "KEYS_ONLY",
    accessPatterns: [
      "Create a report (public or officer intake): one transaction — Put pk = REPORT#<id>, sk = REPORT (condition attribute_not_exists), Put pk = RECEIPT#<HMAC lookup key of the receipt code>, sk = RECEIPT (condition attribute_not_exists; public reports only), Update pk = COUNTS#<commune>, sk = INBOX (ADD the status counters)",
      "One report: GetItem pk = REPORT#<id>, sk = REPORT; with the reporter's additions: Query pk = REPORT#<id>",
      "Follow a report by receipt code: GetItem pk = RECEIPT#<lookup key>, then GetItem of the report (status only is answered)",
      "Reporter adds information: Put pk = REPORT#<id>, sk = ADDITION#<ISO time>#<n> (condition attribute_not_exists) with an Update of the report's additionCount",
      "Commune inbox, urgent then newest first: Query inbox commune = <code>, ScanIndexForward = false (inboxSort = <1 urgent | 0>#<receivedAt>#<id>), cursor = LastEvaluatedKey; channel, dates and received-before as filters",
      "Commune inbox of one status: Query inboxByStatus communeStatus = <code>#<status>, same order",
      "Inbox counts: GetItem pk = COUNTS#<commune>, sk = INBOX (kept exact: every create and triage updates it in the same transaction)",
      "Triage: one transaction — Update the report (condition version = expected and status = new) with the counts and, when a case is opened or linked, the case's items (functions/cases/opening.ts)",
      "Province-wide inbox, urgent then newest first (statistics function): Query provinceInbox sk = REPORT, ScanIndexForward = false, communes, status and channel as filters, cursor = LastEvaluatedKey",
      "Reports still awaiting triage after 48 h, province-wide (dashboard): Query byStatusReceived status = new, receivedAt < now − 48 h",
      "Transfer to another commune (issue 14): one transaction — Update the report (condition version = expected, status = new, no pending transfer; SET transfer) and Put pk = REPORT#<id>, sk = TRANSFER#<transfer id> (transferTo = <receiving commune>, transferSort = <requested at>#<report id>: the sparse incomingTransfers index)",
      "Incoming transfers of a commune: Query incomingTransfers transferTo = <code> (pending only; few); My work counts them with Select COUNT",
      "Accept / province move: one transaction — Update the report (condition version = read, status = new; SET commune, communeStatus, REMOVE transfer), Put the TRANSFER# item decided (condition state = requested, or new), Update COUNTS#<from> and COUNTS#<to>; the RECEIPT# item names the report by id, so the reporter's code keeps working. Decline / withdraw: the same without the commune and the counts",
      "A report's transfers (the report page): Query pk = REPORT#<id>, sk begins_with TRANSFER#",
      "Stream (KEYS_ONLY) → the statistics projector (functions/statistics/), which reads the report by its key",
      "Statistics rebuild (batch job, functions/statistics/rebuild-source.ts): Query inbox commune = <code> for each commune of the province, facts only",
    ],
  },
  idempotency: {
    name: "idempotency",
    envVar: envVarOf("idempotency"),
    partitionKey: { name: "id", type: "S" },
    globalIndexes: [],
    timeToLiveAttribute: "expiration",
    accessPatterns: [
      "Powertools idempotency records of public report submissions (its own table): pk = id (function name + hash of the Idempotency-Key), TTL = expiration; the stored answer holds the receipt code encrypted, never in clear",
    ],
  },
  // — Cases (issue 5) —
  cases: {
    name: "cases",
    envVar: envVarOf("cases"),
    partitionKey: { name: "pk", type: "S" },
    sortKey: { name: "sk", type: "S" },
    globalIndexes: [
      { indexName: "byCommune", partitionKey: { name: "commune", type: "S" }, sortKey: { name: "listSort", type: "S" }, projection: "ALL" },
      { indexName: "byCommuneStatus", partitionKey: { name: "communeStatus", type: "S" }, sortKey: { name: "listSort", type: "S" }, projection: "ALL" },
      { indexName: "byCommuneDue", partitionKey: { name: "dueCommune", type: "S" }, sortKey: { name: "dueSort", type: "S" }, projection: "ALL" },
      { indexName: "byNumber", partitionKey: { name: "caseNumber", type: "S" }, projection: "ALL" },
      { indexName: "dueReminders", partitionKey: { name: "reminderQueue", type: "S" }, sortKey: { name: "remindAt", type: "S" }, projection: "ALL" },
      { indexName: "retention", partitionKey: { name: "retentionQueue", type: "S" }, sortKey: { name: "retainUntil", type: "S" }, projection: "ALL" },
      // Issue 14: ONE overloaded sparse index for an officer's work and the person index (a stack
      // update may add one GSI at a time); each kind of entry has one workKey shape, listed below.
      { indexName: "work", partitionKey: { name: "workKey", type: "S" }, sortKey: { name: "workSort", type: "S" }, projection: "ALL" },
      // Province-wide views (issue 11): only case headers carry listSort and dueSort; only reminders carry kind = reminder with endsAt.
      { indexName: "provinceCases", partitionKey: { name: "sk", type: "S" }, sortKey: { name: "listSort", type: "S" }, projection: "ALL" },
      { indexName: "provinceDue", partitionKey: { name: "sk", type: "S" }, sortKey: { name: "dueSort", type: "S" }, projection: "ALL" },
      { indexName: "ordersEnding", partitionKey: { name: "kind", type: "S" }, sortKey: { name: "endsAt", type: "S" }, projection: "ALL" },
    ],
    // Keys only: the statistics projector reads the case file itself, so no personal field travels in the stream.
    stream: "KEYS_ONLY",
    accessPatterns: [
      "Next case number of a year, gap-free: GetItem pk = COUNTER#<year>, sk = CASE-NUMBER, then one transaction — Update the counter (condition last = read value), Put the case (condition attribute_not_exists), Put its first timeline event and the caller's items; retried when another opening won the race",
      "One case: GetItem pk = CASE#<id>, sk = CASE",
      "The whole case file (case page, print summary): Query pk = CASE#<id> — header, PARTY#, MEASURE#, SERVICE#, REFERRAL#, SESSION#, FOLLOWUP#, REMINDER#, EVENT#<ISO time>#<n> (the timeline, append-only: Put with attribute_not_exists, never updated)",
      "Any change of a case file: one transaction — Update the header (condition version = expected, version + 1), Put/Delete the changed items, Put one timeline event; a stale version fails the condition (409 with the current case)",
      "Cases of a commune, newest first: Query byCommune commune = <code>, ScanIndexForward = false, cursor = LastEvaluatedKey; priority as a filter",
      "Cases of a commune in one status: Query byCommuneStatus communeStatus = <code>#<status>, same order",
      "Overdue cases of a commune: Query byCommuneDue dueCommune = <code>, dueSort < <today, Asia/Ho_Chi_Minh> (sparse: only cases with an open follow-up carry dueCommune; dueSort = <earliest due date>#<case id>)",
      "Search by case number: Query byNumber caseNumber = <NB-2026-000123> (then the commune is checked)",
      "Due reminders (the scheduler, every few minutes): Query dueReminders reminderQueue = PENDING, remindAt <= now (sparse: a REMINDER# item leaves the index once sent)",
      "Retention (the scheduler, daily): Query retention retentionQueue = CLOSED, retainUntil <= now (sparse: a closed case joins it, a reopened or erased one leaves it)",
      "Cases assigned to an officer (My work): Query work workKey = ASSIGNEE#<officer id> (ASSIGNEE#<officer id> entries, workSort = <case id>), then GetItem of each header",
      "No-contact orders of a commune ending soon (My work): Query work workKey = ENDING#<commune>, workSort between <now> and <now + 24 h> (REMINDER# entries, workSort = <endsAt>#<case id>)",
      "Referrals of a commune waiting for an answer (My work): Query work workKey = AWAITING#<commune>, workSort <= <today − 7 days> (REFERRAL# entries while sent and unanswered, workSort = <sent on>#<case id>)",
      "Transfers waiting for a commune (issue 14): Query work workKey = INCOMING#<commune> (TRANSFER# entries while requested, workSort = <requested at>#<case id>); accepting or a province move is one change of the case: the header's commune and every entry's commune-bearing work keys re-set in the same transaction (≤ 100 items, else refused)",
      "Cases of a person (same perpetrator, find by name): Query work workKey = PERSON#<HMAC of the folded name under a derived secret>, workSort begins_with <commune># (PARTY# entries with a name; workSort = <commune>#<case id>#<party id>); the year of birth is matched on the entry's personKey (HMAC of name and year)",
      "Province-wide case list, newest first (statistics function): Query provinceCases sk = CASE, ScanIndexForward = false, communes, status and priority as filters, cursor = LastEvaluatedKey",
      "Overdue follow-ups, province-wide (dashboard): Query provinceDue sk = CASE, dueSort < <today, Asia/Ho_Chi_Minh>",
      "No-contact orders ending soon, province-wide (dashboard): Query ordersEnding kind = reminder, endsAt between now and now + 24 h",
      "The statistics projector's read of one case (facts only): GetItem the header, Query pk = CASE#<id>, sk between MEASURE# and SESSION#~ (measures, parties, referrals, reminders, services, sessions)",
      "Statistics rebuild (batch job, functions/statistics/rebuild-source.ts): for each commune of the province, Query byCommune commune = <code> (the headers), then each case's Query pk = CASE#<id>, sk between MEASURE# and SESSION#~; facts only",
      "Stream (KEYS_ONLY) → the statistics projector (functions/statistics/)",
    ],
  },
  // — Commendations (issue 7) —
  commendations: {
    name: "commendations",
    envVar: envVarOf("commendations"),
    partitionKey: { name: "pk", type: "S" },
    sortKey: { name: "sk", type: "S" },
    globalIndexes: [
      { indexName: "byCommune", partitionKey: { name: "commune", type: "S" }, sortKey: { name: "communeSort", type: "S" }, projection: "ALL" },
      { indexName: "byCycle", partitionKey: { name: "cycleId", type: "S" }, sortKey: { name: "cycleSort", type: "S" }, projection: "ALL" },
      { indexName: "honourRoll", partitionKey: { name: "honourYear", type: "S" }, sortKey: { name: "honourSort", type: "S" }, projection: "ALL" },
    ],
    accessPatterns: [
      "Cycles: PutItem pk = CYCLES, sk = CYCLE#<id> (condition attribute_not_exists); one cycle: GetItem; all cycles: Query pk = CYCLES",
      "One nomination: GetItem pk = NOMINATION#<id>, sk = NOMINATION; with its history steps (sk STEP#<ISO time>#<n>) and attachments (sk ATTACHMENT#<id>): Query pk = NOMINATION#<id>",
      "Every change of a nomination: one transaction — Update the nomination (condition version = expected and the status the step starts from), Put the history step (condition attribute_not_exists), Put/Delete the nominee marker",
      "Same nominee twice in a cycle: Query pk = NOMINEE#<cycle id>#<SHA-256 of kind, commune and folded name> (markers, sk = NOMINATION#<id>)",
      "Nominations of a commune in a cycle (optionally one status), a page at a time: Query byCommune commune = <code>, communeSort begins_with <cycle id>#[<status>#], cursor = LastEvaluatedKey",
      "Nominations of a cycle province-wide (optionally one status): Query byCycle cycleId = <id>, cycleSort begins_with [<status>#]",
      "Public honour roll of a year (optionally one commune): Query honourRoll honourYear = <yyyy>, honourSort begins_with [<commune>#] — set only on published awards, removed on revocation",
    ],
  },
  // — Statistics (issue 11) —
  statistics: {
    name: "statistics",
    envVar: envVarOf("statistics"),
    partitionKey: { name: "pk", type: "S" },
    sortKey: { name: "sk", type: "S" },
    globalIndexes: [],
    accessPatterns: [
      "Counters of one half-year, every commune (the province roll-up; a year reads its two halves): Query pk = COUNTS#<yyyy>-H<1|2>; one commune: GetItem sk = <commune code>. Numbers only — codes and counts, never a name",
      "Live counters of every commune (dashboard: open reports, open cases by status, urgent): Query pk = LIVE",
      "What one source item (a report, a case file) currently adds to the counters: GetItem pk = SOURCE#<reports|cases>#<id>, sk = SNAPSHOT",
      "Project one source item: one transaction — Put the snapshot (condition: absent, or the stamp read before and older than the new stamp), Update each counter item it touches (ADD the difference)",
      "Rebuild (functions/statistics/rebuild.ts): Put the recounted counter items of the chosen half-years and every snapshot",
    ],
  },
  // — Prevention network (issue 12, docs/prevention.md) —
  prevention: {
    name: "prevention",
    envVar: envVarOf("prevention"),
    partitionKey: { name: "pk", type: "S" },
    sortKey: { name: "sk", type: "S" },
    globalIndexes: [{ indexName: "byCommune", partitionKey: { name: "listKey", type: "S" }, sortKey: { name: "listSort", type: "S" }, projection: "ALL" }],
    accessPatterns: [
      "One record of a register (model, activity, mediation, course): GetItem pk = RECORD#<id>, sk = RECORD; personal fields sealed in `personal` (FieldCipher, context names the record)",
      "Create: PutItem condition attribute_not_exists(pk); an activity run by a model also Updates the model's lastActivityOn in the same transaction",
      "Edit: UpdateItem/Put condition version = expected (409 with the current record otherwise)",
      "A register of one commune (courses: of the province too, commune = province), newest first, optional date range and filters: Query byCommune listKey = <register>#<commune>, listSort between <from>#… and <to>#~ (listSort = <yyyy-mm-dd>#<id>), cursor = LastEvaluatedKey",
      "Figures of a commune's year (statistics): the same Query with listSort begins_with <yyyy>",
      "A commune's staff count for a year (the trained-staff share's denominator, entered by the commune): GetItem pk = STAFF#<commune>, sk = YEAR#<yyyy>; PutItem condition version = expected (or attribute_not_exists)",
    ],
  },
  // — Oversight: the province plan's tasks, inspections, recommendations, the yearly report (issue 13) —
  oversight: {
    name: "oversight",
    envVar: envVarOf("oversight"),
    partitionKey: { name: "pk", type: "S" },
    sortKey: { name: "sk", type: "S" },
    globalIndexes: [
      { indexName: "byParent", partitionKey: { name: "parentId", type: "S" }, sortKey: { name: "parentSort", type: "S" }, projection: "ALL" },
      { indexName: "byCommune", partitionKey: { name: "commune", type: "S" }, sortKey: { name: "communeSort", type: "S" }, projection: "ALL" },
      { indexName: "openItems", partitionKey: { name: "openQueue", type: "S" }, sortKey: { name: "openSort", type: "S" }, projection: "ALL" },
    ],
    accessPatterns: [
      "Plans: PutItem pk = PLANS, sk = PLAN#<id> (condition attribute_not_exists); all plans: Query pk = PLANS; one: GetItem",
      "One task: GetItem pk = TASK#<id>, sk = TASK; with its progress reports: Query pk = TASK#<id> (sk PROGRESS#<ISO time>#<n>, append-only)",
      "Tasks of a plan / recommendations of an inspection: Query byParent parentId = <plan or inspection id>, parentSort = <due day>#<id>",
      "Tasks and recommendations of a commune: Query byCommune commune = <code>, communeSort begins_with TASK# | REC# (then <due day>#<id>)",
      "Open items by due day (province overdue list, reminders): Query openItems openQueue = OPEN, openSort <= <day> (sparse: a done task or a done / not-done recommendation leaves it)",
      "Every change of a task or recommendation: one transaction — Update the item (condition version = expected, version + 1) and Put its history entry (condition attribute_not_exists)",
      "Inspections: PutItem pk = INSPECTIONS, sk = INSPECTION#<id>; one: GetItem; its units' checklists and findings: Query pk = INSPECTION#<id> (sk UNIT#<commune>)",
      "One recommendation: GetItem pk = REC#<id>, sk = REC; with its follow-ups: Query pk = REC#<id>",
      "The checklist: GetItem pk = CHECKLIST, sk = CURRENT (versioned)",
      "A yearly report's text blocks: GetItem pk = YEARLY#<year>, sk = REPORT (versioned)",
      "Reminders sent: PutItem pk = REMINDED#<day>, sk = <recipient key> (condition attribute_not_exists: at most one message a day; TTL expiresAt)",
    ],
    timeToLiveAttribute: "expiresAt",
  },
} as const satisfies Record<string, TableDefinition>;

export type TableName = keyof typeof tableDefinitions;

export function physicalTableName(provinceSlug: string, table: TableName): string {
  return `pcblgd-${provinceSlug}-${tableDefinitions[table].name}`;
}
