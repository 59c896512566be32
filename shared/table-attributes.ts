import type { tableDefinitions } from "./tables.ts";

/**
 * What each table's items may hold as strings, beside shared/tables.ts: the attributes that are
 * sealed (an AWS Encryption SDK message, functions/lib/field-encryption.ts) and the allow-list of
 * attributes kept in clear, each with the reason it identifies nobody. Paths name nested values
 * `a.b`, list entries `a[]`, any map key `*`. tests/integration/table-attributes.test.ts dumps the
 * items the handlers write and fails on any string that is neither: personal data is sealed by
 * default, and keeping something in clear is a decision written down here.
 */
export interface AttributePolicy {
  /** Attributes holding an ESDK message (base64). */
  sealed: readonly string[];
  /** Attributes kept in clear: path → why it is not personal data (or not about a person in a case). */
  clear: Readonly<Record<string, string>>;
}

const keys = "the item's keys: record type and opaque ids, codes and dates";
const officerName = "an officer's name as the directory holds it (staff acting in their role, not a person in a case)";
const officerId = "an officer's opaque id (the token's sub)";
const at = "an ISO time";
const day = "a calendar day";

/** The legacy per-field ciphertext attributes (records written before one envelope per record): read, never written. */
const legacySealed = {
  reports: [
    "sealed.narrative",
    "sealed.location",
    "sealed.reporterName",
    "sealed.reporterPhone",
    "sealed.safeContactWhen",
    "sealed.safeContactNeverCall",
    "sealed.receivedByName",
    "triage.reasonSealed",
  ],
  cases: ["name", "phone", "address", "location", "overrideReason", "outcome", "notes", "closeNote"],
  commendations: ["nominee", "report", "remarks"],
} as const;

export const attributePolicies: Partial<Record<keyof typeof tableDefinitions, AttributePolicy>> = {
  reports: {
    sealed: ["sealed", "textSealed", ...legacySealed.reports],
    clear: {
      pk: keys,
      sk: keys,
      id: "the report's opaque id",
      reportId: "the report's opaque id",
      commune: "the commune's code",
      channel: "a channel code",
      status: "a status code",
      communeStatus: "commune code # status code (index key)",
      inboxSort: "urgency flag, time and id (index key)",
      "acts[]": "violence act codes (a–q)",
      receivedAt: at,
      occurredOn: day,
      danger: "a yes/no/unknown code",
      "victim.sex": "a sex code",
      "victim.ageBand": "an age band code",
      "reporter.relationship": "a relationship code",
      "safeContact.channel": "a contact channel code",
      receivedBy: officerId,
      createdAt: at,
      updatedAt: at,
      at,
      "triage.action": "a triage action code",
      "triage.by": officerId,
      "triage.byName": officerName,
      "triage.at": at,
      "triage.caseId": "the case's opaque id",
      caseId: "the case's opaque id",
      receiptHash: "the receipt code's salted scrypt hash (a verifier, not the code)",
      lookupKey: "the receipt code's HMAC under a secret pepper",
    },
  },
  cases: {
    sealed: ["sealed", ...legacySealed.cases],
    clear: {
      pk: keys,
      sk: keys,
      kind: "the item's kind",
      caseId: "the case's opaque id",
      caseNumber: "the case's human number (province prefix, year, sequence)",
      commune: "the commune's code",
      dueCommune: "the commune's code (index key)",
      status: "a status code",
      priority: "a priority code",
      communeStatus: "commune code # status code (index key)",
      listSort: "time # id (index key)",
      dueSort: "day # id (index key)",
      nextDue: day,
      "acts[]": "violence act codes",
      "reportIds[]": "report ids",
      openedAt: at,
      openedBy: officerId,
      openedByName: officerName,
      updatedAt: at,
      closedAt: at,
      closeReason: "a closing reason code (the free-text note is sealed)",
      retentionQueue: "the retention index's queue name",
      retainUntil: at,
      erasedAt: at,
      "alerts[]": "alert codes with a measure id",
      "assignedOfficers[].officerId": officerId,
      "assignedOfficers[].name": officerName,
      "childProtectionOfficer.name": officerName,
      "childProtectionOfficer.unit": "the officer's unit",
      "risk.answers[]": "risk checklist codes",
      "risk.priority": "a priority code",
      "risk.assessedBy": officerId,
      "risk.assessedAt": at,
      partyId: "the party's opaque id",
      role: "a role code (victim, perpetrator…)",
      sex: "a sex code",
      ageBand: "an age band code",
      relationship: "a relationship code",
      "vulnerabilities[]": "vulnerability codes",
      "consents.*.by": officerId,
      "consents.*.at": at,
      measureId: "the measure's opaque id",
      code: "a measure code (Art. 22)",
      authority: "an ordering authority code",
      perpetratorId: "a party's opaque id",
      decisionNumber: "the number of an authority's decision (an official document's reference)",
      startsAt: at,
      endsAt: at,
      recordedBy: officerId,
      recordedAt: at,
      serviceId: "the service's opaque id",
      serviceKind: "a service kind code",
      provider: "the name of a support provider (an organisation)",
      victimId: "a party's opaque id",
      startsOn: day,
      endsOn: day,
      referralId: "the referral's opaque id",
      target: "a referral target code",
      basis: "consent or override",
      referredOn: day,
      sessionId: "the session's opaque id",
      sessionKind: "a session kind code",
      heldOn: day,
      followUpId: "the follow-up's opaque id",
      dueOn: day,
      doneOn: day,
      reminderQueue: "the reminder index's queue name",
      remindAt: at,
      at,
      by: officerId,
      byName: officerName,
      action: "a timeline action code",
      "detail.*": "a timeline event's codes and ids (fields changed, status, codes; never free text)",
      "history[].status": "a referral step's status code (a declined step's reason is sealed)",
      "history[].on": day,
      "history[].by": officerId,
      "history[].at": at,
      awaitingSince: day,
      noteId: "the note's opaque id",
      corrects: "the opaque id of the note a correction corrects",
      officerId,
      nameKey: "the HMAC of the folded name under a derived secret (the person index; not reversible without the secret)",
      personKey: "the HMAC of the folded name and birth year under a derived secret (the same-person check)",
      workKey: "the work index's key: a kind, then an officer id, a commune code or a name's HMAC",
      workSort: "the work index's sort key: times, commune code and opaque ids",
      repeatBasis: "Điều 32's basis code (repeat or override; a leader's reason is sealed)",
      "sameAs[].caseId": "another case's opaque id",
      "sameAs[].caseNumber": "another case's human number",
      "sameAs[].partyId": "a party's opaque id",
      "sameAs[].openedAt": at,
    },
  },
  commendations: {
    sealed: ["sealed", "commentsSealed", ...legacySealed.commendations],
    clear: {
      pk: keys,
      sk: keys,
      id: "the record's opaque id",
      cycleId: "the cycle's opaque id",
      commune: "the commune's code",
      status: "a workflow status code",
      nomineeKind: "individual, collective or household",
      nomineeKey: "the HMAC of the folded name under a derived secret (duplicate detection)",
      form: "a commendation form code",
      level: "a commendation level code",
      publicName: "the name shown on the public honour roll, kept only with the nominee's consent or for a collective",
      communeSort: "index key: cycle # status # time # id",
      cycleSort: "index key: status # time # id",
      honourYear: "a year",
      honourSort: "index key: commune # day # id",
      createdAt: at,
      updatedAt: at,
      createdBy: officerId,
      submittedAt: at,
      at,
      action: "a step's action code",
      from: "a status code",
      to: "a status code",
      officerId,
      officerName,
      "council.outcome": "a council outcome code",
      "council.heldOn": day,
      "appraisal.outcome": "an appraisal outcome code",
      "decision.number": "the number of the award decision (an official document)",
      "decision.date": day,
      "decision.signer": "the signing official and their office (a public act)",
      "revocation.at": at,
      "revocation.by": officerId,
      contentType: "a file type code",
      key: "the object key of the file: nominations/<id>/<id>",
      uploadedBy: officerId,
      name: "a cycle's title (the province's campaign, not a person)",
      kind: "a cycle's kind: year or campaign",
      consentRecordedAt: at,
      "council.meetingDate": day,
      "council.recordedAt": at,
      "council.recordedBy": officerId,
      "council.recordedByName": officerName,
      year: "a year",
      submissionDeadline: day,
      councilDeadline: day,
      "forms[]": "commendation form codes",
    },
  },
  oversight: {
    // functions/oversight/repository.ts: a task's description, a recommendation's text, a progress
    // report's text, a follow-up's evidence and an inspected unit's findings and answer notes may name
    // people (one envelope per record); the rest is the province's own work.
    sealed: ["sealed"],
    clear: {
      pk: keys,
      sk: "the item's keys: record type and opaque ids, codes and dates (a reminder mark: a keyed hash of the recipient, never an address)",
      kind: "the item's kind",
      id: "the record's opaque id",
      planId: "the plan's opaque id",
      inspectionId: "the inspection's opaque id",
      parentId: "the plan's or inspection's opaque id (index key)",
      parentSort: "day # id (index key)",
      commune: "the commune's code",
      communeSort: "type # day # id (index key)",
      openQueue: "the open items index's queue name",
      openSort: "day # type # id (index key)",
      title: "a plan's, task's or inspection's title (the province's work programme, not a person)",
      legalBasis: "the legal documents a plan rests on",
      duty: "a Directive 08 duty code",
      "unit.kind": "department or commune",
      "unit.name": "the responsible department's name (an organisation)",
      "unit.commune": "the commune's code",
      "cooperating[]": "the cooperating organisations' names",
      "communes[]": "commune codes",
      status: "a status code",
      dueDate: day,
      periodFrom: day,
      periodTo: day,
      startDate: day,
      endDate: day,
      "decision.number": "the number of a decision (an official document)",
      "decision.date": day,
      "decision.issuer": "the issuing official and their office (a public act)",
      "team[].name": "an inspection team member's name (staff acting in their role, named in the public decision)",
      "team[].role": "a team member's role in the inspection",
      "checklist[].id": "a checklist question's code",
      "checklist[].text": "a checklist question (the province's standard questions)",
      "questions[].id": "a checklist question's code",
      "questions[].text": "a checklist question (the province's standard questions)",
      "answers[].questionId": "a checklist question's code",
      "answers[].answer": "yes, partly or no (the answer's note is sealed)",
      documentRef: "the number of the document a progress report cites (an official document's reference)",
      "blocks.*": "the yearly report's text on the province's work, per duty (an aggregate report to the ministry; no case)",
      createdAt: at,
      updatedAt: at,
      at,
      "createdBy.id": officerId,
      "createdBy.name": officerName,
      "updatedBy.id": officerId,
      "updatedBy.name": officerName,
      "by.id": officerId,
      "by.name": officerName,
    },
  },
  audit: {
    sealed: [],
    clear: {
      pk: keys,
      sk: keys,
      at,
      officerId,
      action: "a route's audit action code",
      recordKey: "<type>#<opaque id> of the record acted on",
      recordLabel: "what officers call the record (a case's number, shown on every page)",
      outcome: "allowed, denied or failed",
      requestId: "the request's id",
    },
  },
  idempotency: {
    // The submission's answer, kept for a retry: the receipt code sealed, the urgent flag.
    sealed: ["data.sealedReceipt"],
    clear: {
      id: "the function's name and a hash of the idempotency key",
      status: "the idempotency record's state",
      validation: "a hash of the submission's payload",
    },
  },
};

/** How an attribute path of `table` is declared: sealed, clear, or undefined (undeclared). */
export function classifyAttribute(table: keyof typeof attributePolicies, path: string): "sealed" | "clear" | undefined {
  const policy = attributePolicies[table];
  if (policy === undefined) return undefined;
  const matches = (pattern: string) => pattern === path || new RegExp(`^${pattern.replace(/[.[\]]/g, "\\$&").replace(/\*/g, "[^.]+")}$`).test(path);
  if (policy.sealed.some(matches)) return "sealed";
  if (Object.keys(policy.clear).some(matches)) return "clear";
  return undefined;
}

/** An ESDK message of the field suite, base64: format version 2, suite 0x0478 (AES-256-GCM, HKDF-SHA512, key commitment, no signature). */
export function isFieldCiphertext(value: string): boolean {
  if (!/^(?:[A-Za-z0-9+/]{4})+(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(value)) return false;
  const head = atob(value.slice(0, 8));
  return head.charCodeAt(0) === 0x02 && head.charCodeAt(1) === 0x04 && head.charCodeAt(2) === 0x78;
}
