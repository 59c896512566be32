import { randomUUID } from "node:crypto";
import { normalizeCaseNumber } from "../../shared/cases.ts";
import { hasPermission, type Principal } from "../../shared/permissions.ts";
import { type MessageAuthor, type ReceiptThread, type ReportThread, reporterMessageLimits } from "../../shared/reporter-messages.ts";
import {
  type AgeBand,
  type ContactChannel,
  type DangerAnswer,
  type InboxItem,
  type InboxPage,
  type PublicStatus,
  publicStatusOf,
  type ReceiptStatus,
  type ReportChannel,
  type ReportDetail,
  type ReporterRelationship,
  type ReportInput,
  type ReportStatus,
  type Sex,
  type TriageAction,
  triageOutcome,
} from "../../shared/reports.ts";
import type { PendingTransfer, TransferView } from "../../shared/transfers.ts";
import { addDays, startOfVietnamDay, vietnamDay } from "../../shared/vietnam-time.ts";
import type { FieldCipher, RecordContext } from "../lib/field-encryption.ts";
import { DomainError, RuleError, StaleError, TooManyAttemptsError } from "../lib/kit/index.ts";
import { HttpProblem } from "../lib/problem.ts";
import { formatReceiptCode, hashReceiptCode, newReceiptCode } from "../lib/receipt-codes.ts";
import { checkPending, checkTarget, decided, refuseWhilePending, type StoredTransfer, type TransferRequest, transferViewBase } from "../lib/transfers.ts";

/**
 * Reports (tin báo): the public's online reports with receipt codes, officers' intake, commune
 * inboxes and triage. No AWS types here: the store (repository.ts), the cipher, the receipt-code
 * pepper and the notifier come in through the constructor.
 *
 * Personal data — the narrative, where it happened, the reporter's name and phone, when to call
 * and the number never to call, who received it, triage reasons and the reporter's additions —
 * is encrypted before it reaches the store: one envelope per report (functions/lib/field-encryption.ts)
 * under an encryption context naming the province, the table and the report; each addition is its
 * own record. Codes (commune, acts, channel, age band…) stay
 * clear: the inbox and statistics need them and they identify nobody.
 */

/** The encrypted fields of a report written before the envelope: one ciphertext (base64) per field. */
export interface SealedReportFields {
  narrative: string;
  location?: string;
  reporterName?: string;
  reporterPhone?: string;
  safeContactWhen?: string;
  safeContactNeverCall?: string;
  receivedByName?: string;
}
const sealedFieldNames = [
  "narrative",
  "location",
  "reporterName",
  "reporterPhone",
  "safeContactWhen",
  "safeContactNeverCall",
  "receivedByName",
  "triageReason",
] as const;
type SealedFieldName = (typeof sealedFieldNames)[number];

export interface StoredReport {
  id: string;
  commune: string;
  channel: ReportChannel;
  status: ReportStatus;
  urgent: boolean;
  acts: string[];
  /** ISO instant (UTC). */
  receivedAt: string;
  occurredOn?: string;
  danger: DangerAnswer;
  victim?: { sex?: Sex; ageBand?: AgeBand; child?: boolean };
  reporter: { anonymous: boolean; relationship?: ReporterRelationship };
  safeContact?: { mayCall: boolean; channel?: ContactChannel };
  /** The report's envelope (base64); a report written before it holds one ciphertext per field. */
  sealed: string | SealedReportFields;
  consentToContact: boolean;
  /** The officer who recorded it (intake). */
  receivedBy?: string;
  version: number;
  createdAt: string;
  updatedAt: string;
  additions: number;
  /** Messages the officers sent to the reporter, and the reporter's answers (the thread's counters). */
  officerMessages?: number;
  replies?: number;
  /**
   * `reasonSealed`: the reason of a report triaged before the envelope held it (one ciphertext);
   * `byName`: the officer's name when they triaged (shown instead of their id; older records lack it).
   */
  triage?: { action: TriageAction; reasonSealed?: string; caseId?: string; by: string; byName?: string; at: string };
  caseId?: string;
  /** The mediation (prevention register) this report was filed from, when violence appeared in it. */
  mediationId?: string;
  /** The pending transfer to another commune (docs/cases.md "Chuyển xã"). */
  transfer?: PendingTransfer;
}

/** A transfer of a report, as stored beside it: the note and the decline reason in one envelope. */
export interface ReportTransfer extends StoredTransfer {
  reportId: string;
  sealed?: string;
}

export interface StoredAddition {
  at: string;
  n: number;
  textSealed: string;
}

/** One message of the thread with the reporter; the text sealed. */
export interface StoredMessage {
  from: MessageAuthor;
  at: string;
  /** The side's count with this message (1, 2, …): part of the key and of the encryption context. */
  n: number;
  textSealed: string;
  by?: string;
  byName?: string;
}

export interface InboxFilters {
  status?: ReportStatus;
  channel?: ReportChannel;
  /** ISO instants (UTC) bounding receivedAt: [from, to). */
  fromInstant?: string;
  toInstant?: string;
}

export type InboxCounts = InboxPage["counts"];

export interface TriageWrite {
  status: Exclude<ReportStatus, "new">;
  /** The triaging officer's name, for the case's timeline (the id is in `triage.by`). */
  byName: string;
  expectedVersion: number;
  triage: { action: TriageAction; by: string; byName?: string; at: string };
  /** The report's envelope re-sealed with the triage reason (absent: the envelope is unchanged). */
  sealed?: string;
  openCase?: boolean;
  linkCaseId?: string;
}

export interface ReportStore {
  create(report: StoredReport, receipt?: { lookupKey: string; receiptHash: string }): Promise<void>;
  get(id: string): Promise<StoredReport | undefined>;
  findReceipt(lookupKey: string): Promise<{ reportId: string; receiptHash: string } | undefined>;
  /** False when the report has taken all the additions it may (nothing written). */
  addAddition(reportId: string, addition: StoredAddition): Promise<boolean>;
  additions(reportId: string): Promise<StoredAddition[]>;
  addMessage(reportId: string, message: StoredMessage): Promise<void>;
  messages(reportId: string): Promise<StoredMessage[]>;
  counts(commune: string): Promise<InboxCounts>;
  inbox(commune: string, filters: InboxFilters, limit: number, cursor?: string): Promise<{ items: StoredReport[]; nextCursor?: string }>;
  triage(report: StoredReport, write: TriageWrite): Promise<{ caseId?: string; caseNumber?: string }>;
  caseNumberOf(caseId: string): Promise<string | undefined>;
  /** The case a case number ("NB-2026-000001") names, in any commune (the link checks the commune). */
  caseIdOfNumber(caseNumber: string): Promise<string | undefined>;
  /** The status of the case a report was opened as or linked to. */
  caseStatusOf(caseId: string): Promise<string | undefined>;
  /** Transfers (ReportChangedError when the report or the transfer changed since read; nothing written). */
  openTransfer(report: StoredReport, transfer: ReportTransfer, expectedVersion: number): Promise<void>;
  closeTransfer(report: StoredReport, transfer: ReportTransfer, moveTo?: string): Promise<void>;
  transfer(reportId: string, transferId: string): Promise<ReportTransfer | undefined>;
  transfers(reportId: string): Promise<ReportTransfer[]>;
  incomingTransfers(commune: string): Promise<ReportTransfer[]>;
}

/** A new report for the commune's officers: codes only, never what was reported. */
export interface NewReportNotice {
  reportId: string;
  commune: string;
  urgent: boolean;
  channel: ReportChannel;
  receivedAt: string;
}

/** The reporter answered the officers' message: the report (and its case's number), never the words. */
export interface ReporterAnsweredNotice {
  reportId: string;
  commune: string;
  caseNumber?: string;
}

export interface Notifier {
  newReport(notice: NewReportNotice): Promise<void>;
  reporterAnswered(notice: ReporterAnsweredNotice): Promise<void>;
}

export interface ReceiptCodeLookup {
  /** Finds the report of a code behind the attempt limiter; `subject` is the caller's address. */
  find(
    subject: string,
    code: string,
  ): Promise<{ status: "found"; reportId: string } | { status: "not-found"; delayMs: number } | { status: "locked"; retryAfterSeconds: number }>;
}

/** The store's triage found another version or status than expected (someone triaged it meanwhile). */
export class ReportChangedError extends Error {
  override readonly name = "ReportChangedError";
}
/** The store found no case to link to in the report's commune. */
export class CaseNotFoundForLinkError extends Error {
  override readonly name = "CaseNotFoundForLinkError";
}
/** The store refused a message of the thread (the service turns it into a rule refusal on the text). */
export class MessageRefusedError extends Error {
  override readonly name = "MessageRefusedError";
  constructor(readonly from: MessageAuthor) {
    super("message refused");
  }
}

/** No report has this receipt code: 404 of its own type (the reporter's page says to check the digits). */
export class UnknownReceiptError extends DomainError {
  override readonly name = "UnknownReceiptError";
  toProblem(): HttpProblem {
    return new HttpProblem({
      status: 404,
      type: "unknown-receipt",
      title: "Không tìm thấy tin báo với mã này",
      titleEn: "No report has this receipt code",
      detail: "Hãy kiểm tra lại 16 chữ số của mã biên nhận.",
      detailEn: "Check the 16 digits of the receipt code.",
    });
  }
}

/** Too many wrong codes from this address: 429 until the lock ends. */
const lockedOut = {
  vi: "Đã nhập sai mã quá nhiều lần. Hãy thử lại sau, hoặc gọi đường dây nóng.",
  en: "Too many wrong codes. Try again later, or call the hotline.",
};

const reportChanged = { vi: "Tin báo đã được người khác xử lý hoặc thay đổi; hãy tải lại.", en: "Someone else triaged or changed this report; reload it." };

export interface ReportsServiceOptions {
  store: ReportStore;
  cipher: FieldCipher;
  provinceSlug: string;
  receiptPepper: () => Promise<string>;
  receipts: ReceiptCodeLookup;
  notifier: Notifier;
  /** Logs a failure without personal data (the notifier failing must not lose the report). */
  onNotifyFailure: (error: Error) => void;
  /** Whether the province has a commune (the directory): a transfer's target must exist. */
  communeExists?: (code: string) => Promise<boolean>;
  now?: () => Date;
}

export interface SubmittedReport {
  reportId: string;
  receiptCode: string;
  urgent: boolean;
  status: PublicStatus;
}

export class ReportsService {
  private readonly now: () => Date;

  constructor(private readonly options: ReportsServiceOptions) {
    this.now = options.now ?? (() => new Date());
  }

  private context(reportId: string): RecordContext {
    return { province: this.options.provinceSlug, table: "reports", recordId: reportId };
  }

  /** A public online report: stored with a fresh receipt code (only its hash kept), then the commune's officers are told. */
  async submitPublic(input: ReportInput): Promise<SubmittedReport> {
    const at = this.now().toISOString();
    const report = await this.buildReport(input, { id: randomUUID(), channel: "online", receivedAt: at, at });
    const code = newReceiptCode();
    const pepper = await this.options.receiptPepper();
    const { lookupKey, hash } = await hashReceiptCode(code, pepper);
    await this.options.store.create(report, { lookupKey, receiptHash: hash });
    await this.notify(report);
    return { reportId: report.id, receiptCode: formatReceiptCode(code), urgent: report.urgent, status: publicStatusOf(report.status) };
  }

  /** A report an officer records on behalf of a caller (hotline, trusted address, walk-in, police, school). */
  async intake(
    officer: Principal,
    input: ReportInput & { channel: ReportChannel; receivedAt: string; receivedByName?: string },
    links: { mediationId?: string } = {},
  ): Promise<ReportDetail> {
    const at = this.now().toISOString();
    // This request's cipher: the detail answered below shows the report without decrypting it back.
    const cipher = this.options.cipher.forRequest();
    const report = await this.buildReport(
      input,
      {
        id: randomUUID(),
        channel: input.channel,
        receivedAt: new Date(input.receivedAt).toISOString(),
        at,
        receivedBy: officer.id,
        ...(input.receivedByName ? { receivedByName: input.receivedByName } : {}),
      },
      cipher,
    );
    if (links.mediationId !== undefined) report.mediationId = links.mediationId;
    await this.options.store.create(report);
    await this.notify(report);
    return this.detail(officer, report, undefined, cipher);
  }

  private async buildReport(
    input: ReportInput,
    meta: { id: string; channel: ReportChannel; receivedAt: string; at: string; receivedBy?: string; receivedByName?: string },
    cipher = this.options.cipher,
  ): Promise<StoredReport> {
    const identified = input.reporter.anonymous ? undefined : input.reporter;
    const plain: Partial<Record<SealedFieldName, string>> = {
      narrative: input.narrative,
      location: input.location,
      reporterName: identified?.name,
      reporterPhone: identified?.phone,
      safeContactWhen: input.safeContact?.when,
      safeContactNeverCall: input.safeContact?.neverCall,
      receivedByName: meta.receivedByName,
    };
    const { sealed } = await cipher.encryptFields(plain, sealedFieldNames, this.context(meta.id));
    if (sealed === undefined) throw new Error("a report always has a narrative to seal");
    // A child victim or someone in danger now makes the report urgent: it tops the inbox and the notice says so.
    const urgent = input.danger === "yes" || input.victim?.child === true || input.victim?.ageBand === "under-16";
    return {
      id: meta.id,
      commune: input.commune,
      channel: meta.channel,
      status: "new",
      urgent,
      acts: input.acts,
      receivedAt: meta.receivedAt,
      ...(input.occurredOn ? { occurredOn: input.occurredOn } : {}),
      danger: input.danger,
      ...(input.victim ? { victim: input.victim } : {}),
      reporter: { anonymous: input.reporter.anonymous, ...(identified?.relationship ? { relationship: identified.relationship } : {}) },
      ...(input.safeContact
        ? { safeContact: { mayCall: input.safeContact.mayCall, ...(input.safeContact.channel ? { channel: input.safeContact.channel } : {}) } }
        : {}),
      sealed,
      consentToContact: input.consentToContact,
      ...(meta.receivedBy ? { receivedBy: meta.receivedBy } : {}),
      version: 1,
      createdAt: meta.at,
      updatedAt: meta.at,
      additions: 0,
    };
  }

  private async notify(report: StoredReport): Promise<void> {
    try {
      await this.options.notifier.newReport({
        reportId: report.id,
        commune: report.commune,
        urgent: report.urgent,
        channel: report.channel,
        receivedAt: report.receivedAt,
      });
    } catch (error) {
      // The report is stored and in the inbox; a lost notice must not turn into a lost report.
      this.options.onNotifyFailure(error as Error);
    }
  }

  // ——— The reporter, with their receipt code ———

  private async reportOfCode(subject: string, code: string): Promise<StoredReport> {
    const found = await this.options.receipts.find(subject, code);
    if (found.status === "locked") throw new TooManyAttemptsError(found.retryAfterSeconds, lockedOut);
    if (found.status === "not-found") {
      // The limiter's progressive delay slows guessing down without locking people out at once.
      if (found.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, found.delayMs));
      throw new UnknownReceiptError("unknown receipt code");
    }
    const report = await this.options.store.get(found.reportId);
    if (!report) throw new UnknownReceiptError("unknown receipt code");
    return report;
  }

  /**
   * The reporter's view: received, being handled (a case was opened from the report or it joined
   * one), closed (triaged without a case, or its case closed). Never more than that.
   */
  private async receiptStatus(report: StoredReport): Promise<ReceiptStatus> {
    let status = publicStatusOf(report.status);
    if (status === "in-progress" && report.caseId && (await this.options.store.caseStatusOf(report.caseId)) === "closed") status = "closed";
    return { status, receivedOn: vietnamDay(report.receivedAt), additions: report.additions, thread: await this.receiptThread(report) };
  }

  // ——— The thread with the reporter (shared/reporter-messages.ts) ———

  private messageContext(reportId: string, message: Pick<StoredMessage, "from" | "n">) {
    return { ...this.context(reportId), field: `message#${message.from}#${String(message.n)}` };
  }

  /** What the receipt code shows: the officers' words, and only when the reporter answered. */
  private async receiptThread(report: StoredReport): Promise<ReceiptThread> {
    const officerCount = report.officerMessages ?? 0;
    if (officerCount === 0) return { entries: [], canReply: false };
    const messages = await this.options.store.messages(report.id);
    const entries = await Promise.all(
      messages.map(async (message) =>
        message.from === "officer"
          ? { from: message.from, at: message.at, text: await this.options.cipher.decrypt(message.textSealed, this.messageContext(report.id, message)) }
          : { from: message.from, at: message.at },
      ),
    );
    return { entries, canReply: (report.replies ?? 0) < reporterMessageLimits.perSide };
  }

  /** The reporter answers, with their receipt code (the lock-out of wrong codes applies). */
  async replyToOfficers(subject: string, code: string, text: string): Promise<ReceiptStatus> {
    const report = await this.reportOfCode(subject, code);
    const message = { from: "reporter" as const, at: this.now().toISOString(), n: (report.replies ?? 0) + 1 };
    await this.addMessage(report.id, { ...message, textSealed: await this.options.cipher.encrypt(text, this.messageContext(report.id, message)) });
    await this.tellOfficersOfAnswer(report);
    return this.receiptStatus({ ...report, replies: message.n });
  }

  /** The officers learn that an answer waits (codes only); a lost notice must not lose the answer. */
  private async tellOfficersOfAnswer(report: StoredReport): Promise<void> {
    try {
      const caseNumber = report.caseId === undefined ? undefined : await this.options.store.caseNumberOf(report.caseId);
      await this.options.notifier.reporterAnswered({ reportId: report.id, commune: report.commune, ...(caseNumber ? { caseNumber } : {}) });
    } catch (error) {
      this.options.onNotifyFailure(error as Error);
    }
  }

  /** An officer writes to the reporter (only a report filed online has a receipt code to read it with). */
  async sendToReporter(officer: Principal & { name?: string }, report: StoredReport, text: string): Promise<ReportThread> {
    if (report.channel !== "online") {
      throw new RuleError(
        "body.text",
        "Tin báo này không gửi qua mạng nên người báo không có mã biên nhận để đọc tin nhắn",
        "This report was not filed online: its reporter has no receipt code to read a message with",
      );
    }
    const message = { from: "officer" as const, at: this.now().toISOString(), n: (report.officerMessages ?? 0) + 1 };
    await this.addMessage(report.id, {
      ...message,
      textSealed: await this.options.cipher.encrypt(text, this.messageContext(report.id, message)),
      by: officer.id,
      ...(officer.name ? { byName: officer.name } : {}),
    });
    return this.thread(report);
  }

  /** Stores a message; the store's refusal (a side's limit, an answer before any officer wrote) is a rule refusal on the text. */
  private async addMessage(reportId: string, message: StoredMessage): Promise<void> {
    try {
      await this.options.store.addMessage(reportId, message);
    } catch (error) {
      if (!(error instanceof MessageRefusedError)) throw error;
      throw message.from === "reporter"
        ? new RuleError(
            "body.text",
            "Chưa thể trả lời: cán bộ chưa gửi tin nhắn, hoặc đã hết số lần trả lời; hãy gọi đường dây nóng",
            "No answer is possible: the officers have not written, or the answers ran out; call the hotline",
          )
        : new RuleError("body.text", "Đã gửi đủ số tin nhắn cho tin báo này", "This report has taken all the messages it can");
    }
  }

  /** The whole thread for officers who may read identities (the route's permission). */
  async thread(report: StoredReport): Promise<ReportThread> {
    const messages = await this.options.store.messages(report.id);
    return {
      reportId: report.id,
      reachable: report.channel === "online",
      messages: await Promise.all(
        messages.map(async (message) => ({
          from: message.from,
          at: message.at,
          text: await this.options.cipher.decrypt(message.textSealed, this.messageContext(report.id, message)),
          ...(message.by ? { by: message.by } : {}),
          ...(message.byName ? { byName: message.byName } : {}),
        })),
      ),
    };
  }

  /** The status only — received, being handled, closed — never what was reported. */
  async receiptStatusOf(subject: string, code: string): Promise<ReceiptStatus> {
    return this.receiptStatus(await this.reportOfCode(subject, code));
  }

  async addInformation(subject: string, code: string, text: string): Promise<ReceiptStatus> {
    const report = await this.reportOfCode(subject, code);
    const at = this.now().toISOString();
    const n = report.additions + 1;
    const textSealed = await this.options.cipher.encrypt(text, { ...this.context(report.id), field: `addition#${at}#${String(n)}` });
    if (!(await this.options.store.addAddition(report.id, { at, n, textSealed }))) {
      throw new RuleError(
        "body.text",
        "Tin báo này đã nhận đủ số lần gửi thêm; hãy gọi đường dây nóng hoặc gửi tin báo mới",
        "This report has taken all the additions it can; call the hotline or send a new report",
      );
    }
    return this.receiptStatus({ ...report, additions: n });
  }

  // ——— Officers ———

  async inbox(
    commune: string,
    filters: { status?: ReportStatus; channel?: ReportChannel; from?: string; to?: string; receivedBefore?: string },
    limit: number,
    cursor?: string,
  ): Promise<InboxPage> {
    // `to` (a Vietnamese day, inclusive) and `receivedBefore` (an instant) both bound receivedAt from
    // above: the earlier one is the query's bound, and the cursor is bound to it.
    const upperBounds = [
      ...(filters.to ? [startOfVietnamDay(addDays(filters.to, 1))] : []),
      ...(filters.receivedBefore ? [new Date(filters.receivedBefore).toISOString()] : []),
    ].sort();
    const [page, counts] = await Promise.all([
      this.options.store.inbox(
        commune,
        {
          ...(filters.status ? { status: filters.status } : {}),
          ...(filters.channel ? { channel: filters.channel } : {}),
          ...(filters.from ? { fromInstant: startOfVietnamDay(filters.from) } : {}),
          ...(upperBounds[0] ? { toInstant: upperBounds[0] } : {}),
        },
        limit,
        cursor,
      ),
      this.options.store.counts(commune),
    ]);
    return { items: page.items.map(toInboxItem), ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}), counts };
  }

  /** The whole report. Identity fields and narratives only for officers who may read identities. */
  /** `knownCaseNumber`: the number of the report's case when the caller has it already (triage just opened or linked it). */
  async detail(officer: Principal, report: StoredReport, knownCaseNumber?: string, cipher = this.options.cipher): Promise<ReportDetail> {
    const identityVisible = hasPermission(officer, "case:read-identity");
    const base: ReportDetail = {
      ...toInboxItem(report),
      version: report.version,
      ...(report.occurredOn ? { occurredOn: report.occurredOn } : {}),
      danger: report.danger,
      reporter: { anonymous: report.reporter.anonymous, ...(report.reporter.relationship ? { relationship: report.reporter.relationship } : {}) },
      ...(report.safeContact ? { safeContact: { ...report.safeContact } } : {}),
      consentToContact: report.consentToContact,
      ...(report.receivedBy ? { receivedBy: report.receivedBy } : {}),
      ...(report.mediationId ? { mediationId: report.mediationId } : {}),
      identityVisible,
      transfers: await this.transferViews(officer, await this.options.store.transfers(report.id), cipher),
      canTransfer: hasPermission(officer, "case:transfer"),
    };
    const plain = identityVisible ? await this.openReport(report, cipher) : undefined;
    if (report.triage) {
      const caseNumber = report.triage.caseId ? (knownCaseNumber ?? (await this.options.store.caseNumberOf(report.triage.caseId))) : undefined;
      base.triage = {
        action: report.triage.action,
        by: report.triage.by,
        ...(report.triage.byName ? { byName: report.triage.byName } : {}),
        at: report.triage.at,
        ...(report.triage.caseId ? { caseId: report.triage.caseId } : {}),
        ...(caseNumber ? { caseNumber } : {}),
        ...(plain?.triageReason !== undefined ? { reason: plain.triageReason } : {}),
      };
    }
    if (plain === undefined) return base;
    const additions = await this.options.store.additions(report.id);
    return {
      ...base,
      ...(plain.narrative !== undefined ? { narrative: plain.narrative } : {}),
      ...(plain.location !== undefined ? { location: plain.location } : {}),
      reporter: {
        ...base.reporter,
        ...(plain.reporterName !== undefined ? { name: plain.reporterName } : {}),
        ...(plain.reporterPhone !== undefined ? { phone: plain.reporterPhone } : {}),
      },
      ...(report.safeContact
        ? {
            safeContact: {
              ...report.safeContact,
              ...(plain.safeContactWhen !== undefined ? { when: plain.safeContactWhen } : {}),
              ...(plain.safeContactNeverCall !== undefined ? { neverCall: plain.safeContactNeverCall } : {}),
            },
          }
        : {}),
      ...(plain.receivedByName !== undefined ? { receivedByName: plain.receivedByName } : {}),
      additionsText: await Promise.all(
        additions.map(async (addition) => ({
          at: addition.at,
          text: await cipher.decrypt(addition.textSealed, { ...this.context(report.id), field: `addition#${addition.at}#${String(addition.n)}` }),
        })),
      ),
    };
  }

  /** The report's personal fields: its envelope (or, written before it, its per-field ciphertexts and triage reason). */
  private async openReport(report: StoredReport, cipher: FieldCipher): Promise<Partial<Record<SealedFieldName, string>>> {
    const stored = typeof report.sealed === "string" ? { sealed: report.sealed } : { ...report.sealed, triageReason: report.triage?.reasonSealed };
    return cipher.decryptFields(stored, sealedFieldNames, this.context(report.id));
  }

  private async caseIdOfTyped(typed: string | undefined): Promise<string> {
    const number = typed === undefined ? undefined : normalizeCaseNumber(typed);
    const caseId = number === undefined ? undefined : await this.options.store.caseIdOfNumber(number);
    if (caseId === undefined) throw new CaseNotFoundForLinkError();
    return caseId;
  }

  /** Triage a new report: open a case, link it to one of the commune's cases, or close it with a reason. */
  async triage(
    officer: Principal & { name?: string },
    report: StoredReport,
    input: { action: TriageAction; expectedVersion: number; reason?: string; caseId?: string; caseNumber?: string },
  ): Promise<ReportDetail> {
    if (report.status !== "new" || report.version !== input.expectedVersion) throw new StaleError(await this.detail(officer, report), reportChanged);
    if (report.transfer !== undefined) {
      throw new RuleError(
        "body.action",
        "Tin báo đang chờ xã khác tiếp nhận: hãy rút lại yêu cầu chuyển trước khi phân loại",
        "The report waits for another commune to accept it: withdraw the transfer before triaging",
      );
    }
    const at = this.now().toISOString();
    // The reason joins the report's envelope (re-sealed: one Decrypt and one data key); this
    // request's cipher then answers the detail below without opening it again.
    const cipher = this.options.cipher.forRequest();
    const sealed = input.reason
      ? (await cipher.encryptFields({ ...(await this.openReport(report, cipher)), triageReason: input.reason }, sealedFieldNames, this.context(report.id)))
          .sealed
      : undefined;
    const status = triageOutcome[input.action];
    const byName = officer.name || officer.email;
    let written: { caseId?: string; caseNumber?: string };
    try {
      // Officers link by the case number on their screen; the internal id is what is stored.
      const linkCaseId = input.action !== "link-case" ? undefined : (input.caseId ?? (await this.caseIdOfTyped(input.caseNumber)));
      written = await this.options.store.triage(report, {
        status,
        byName,
        expectedVersion: input.expectedVersion,
        triage: { action: input.action, by: officer.id, byName, at },
        ...(sealed === undefined ? {} : { sealed }),
        ...(input.action === "open-case" ? { openCase: true } : {}),
        ...(linkCaseId ? { linkCaseId } : {}),
      });
    } catch (error) {
      if (error instanceof CaseNotFoundForLinkError) {
        throw new RuleError(
          input.caseNumber === undefined ? "body.caseId" : "body.caseNumber",
          "Không có vụ việc này trong xã của tin báo",
          "There is no such case in the report's commune",
        );
      }
      if (error instanceof ReportChangedError) {
        const current = await this.options.store.get(report.id);
        throw new StaleError(current ? await this.detail(officer, current) : undefined, reportChanged);
      }
      throw error;
    }
    const updated: StoredReport = {
      ...report,
      status,
      version: input.expectedVersion + 1,
      updatedAt: at,
      ...(sealed === undefined ? {} : { sealed }),
      triage: { action: input.action, ...(written.caseId ? { caseId: written.caseId } : {}), by: officer.id, byName, at },
      ...(written.caseId ? { caseId: written.caseId } : {}),
    };
    return this.detail(officer, updated, written.caseNumber, cipher);
  }

  // — Transfers between communes (docs/cases.md "Chuyển xã") ———————————————————————————————————

  private transferContext(transfer: Pick<ReportTransfer, "reportId" | "transferId">): RecordContext {
    return { ...this.context(transfer.reportId), recordId: `${transfer.reportId}/TRANSFER#${transfer.transferId}` };
  }

  private async sealTransfer(
    transfer: ReportTransfer,
    words: { note?: string | undefined; declineReason?: string },
    cipher: FieldCipher,
  ): Promise<ReportTransfer> {
    const { sealed } = await cipher.encryptFields(words, transferWords, this.transferContext(transfer));
    const { sealed: _old, ...rest } = transfer;
    return sealed === undefined ? rest : { ...rest, sealed };
  }

  private async openTransfer(transfer: ReportTransfer, cipher: FieldCipher): Promise<{ note?: string; declineReason?: string }> {
    if (transfer.sealed === undefined) return {};
    return cipher.decryptFields({ sealed: transfer.sealed }, transferWords, this.transferContext(transfer));
  }

  /** Transfers as `reader` may see them: the note and the decline reason for readers of identities only. */
  private async transferViews(reader: Principal, transfers: ReportTransfer[], cipher = this.options.cipher): Promise<TransferView[]> {
    const mayRead = hasPermission(reader, "case:read-identity");
    const views = await Promise.all(
      transfers.map(async (transfer): Promise<TransferView> => {
        const words = mayRead ? await this.openTransfer(transfer, cipher) : {};
        return {
          ...transferViewBase(transfer, { kind: "report", recordId: transfer.reportId }),
          ...(words.note !== undefined ? { note: words.note } : transfer.sealed !== undefined && !mayRead ? { noteHidden: true } : {}),
          ...(words.declineReason !== undefined ? { declineReason: words.declineReason } : {}),
        };
      }),
    );
    return views.sort((a, b) => a.requestedAt.localeCompare(b.requestedAt));
  }

  /** Reports other communes ask `commune` to take: codes only, and the sender's note. */
  async incomingTransfers(reader: Principal, commune: string): Promise<TransferView[]> {
    return this.transferViews(reader, await this.options.store.incomingTransfers(commune));
  }

  private async newTransfer(
    officer: Principal & { name?: string },
    report: StoredReport,
    input: TransferRequest,
    state: "requested" | "moved",
  ): Promise<ReportTransfer> {
    if (report.status !== "new") {
      throw new RuleError(
        "body.to",
        "Chỉ chuyển được tin báo chưa phân loại (đã mở vụ việc: hãy chuyển vụ việc)",
        "Only an untriaged report can be transferred (once a case is open, transfer the case)",
      );
    }
    refuseWhilePending(report.transfer);
    if (report.version !== input.expectedVersion) throw new StaleError(await this.detail(officer, report), reportChanged);
    await checkTarget(report.commune, input.to, async (code) => {
      if (this.options.communeExists === undefined) throw new Error("the commune directory is not configured");
      return this.options.communeExists(code);
    });
    const at = this.now().toISOString();
    const byName = officer.name || officer.email;
    const transfer: ReportTransfer = {
      reportId: report.id,
      transferId: randomUUID(),
      from: report.commune,
      to: input.to,
      reason: input.reason,
      state,
      requestedAt: at,
      requestedBy: officer.id,
      requestedByName: byName,
      ...(state === "moved" ? { decidedAt: at, decidedBy: officer.id, decidedByName: byName } : {}),
      // Codes only: what the receiving commune reads before it accepts.
      summary: {
        acts: report.acts,
        urgent: report.urgent,
        channel: report.channel,
        receivedAt: report.receivedAt,
        ...(report.victim ? { victim: report.victim } : {}),
      },
    };
    return input.note ? this.sealTransfer(transfer, { note: input.note }, this.options.cipher) : transfer;
  }

  /** Runs a store write; a lost race answers 409 with the report as the caller may see it now (or the transfer). */
  private async written(officer: Principal, report: StoredReport, write: () => Promise<void>): Promise<void> {
    try {
      await write();
    } catch (error) {
      if (!(error instanceof ReportChangedError)) throw error;
      const current = await this.options.store.get(report.id);
      throw new StaleError(current && current.commune === report.commune ? await this.detail(officer, current) : undefined, reportChanged);
    }
  }

  /** Ask another commune to take an untriaged report; it stays here, marked pending, until accepted. */
  async requestTransfer(officer: Principal & { name?: string }, report: StoredReport, input: TransferRequest): Promise<ReportDetail> {
    const transfer = await this.newTransfer(officer, report, input, "requested");
    await this.written(officer, report, () => this.options.store.openTransfer(report, transfer, input.expectedVersion));
    return this.detail(officer, {
      ...report,
      version: report.version + 1,
      updatedAt: transfer.requestedAt,
      transfer: { transferId: transfer.transferId, to: transfer.to, requestedAt: transfer.requestedAt },
    });
  }

  /** A province officer moves an untriaged report to another commune at once, with a reason. */
  async move(officer: Principal & { name?: string }, report: StoredReport, input: TransferRequest): Promise<ReportDetail> {
    const transfer = await this.newTransfer(officer, report, input, "moved");
    await this.written(officer, report, () => this.options.store.closeTransfer(report, transfer, input.to));
    return this.detail(officer, { ...report, commune: input.to, version: report.version + 1, updatedAt: transfer.requestedAt });
  }

  /** The transfer must still be the report's pending one (409 with the transfer as it is otherwise). */
  private async pending(officer: Principal, report: StoredReport, transfer: ReportTransfer): Promise<void> {
    const [view] = await this.transferViews(officer, [transfer]);
    checkPending(transfer, report.transfer?.transferId, () => view as TransferView);
  }

  private decide(officer: Principal & { name?: string }, transfer: ReportTransfer, state: "accepted" | "declined" | "withdrawn"): ReportTransfer {
    return { ...transfer, ...decided(transfer, state, { id: officer.id, name: officer.name || officer.email }, this.now().toISOString()) };
  }

  /** The receiving commune takes the report: its inbox from now on; the sender keeps no access; the receipt code still works. */
  async acceptTransfer(officer: Principal & { name?: string }, report: StoredReport, transfer: ReportTransfer): Promise<ReportDetail> {
    await this.pending(officer, report, transfer);
    const accepted = this.decide(officer, transfer, "accepted");
    await this.written(officer, report, () => this.options.store.closeTransfer(report, accepted, transfer.to));
    const { transfer: _pending, ...rest } = report;
    return this.detail(officer, { ...rest, commune: transfer.to, version: report.version + 1, updatedAt: String(accepted.decidedAt) });
  }

  /** The receiving commune declines with its reason; the report stays with the sender. Answers the transfer only. */
  async declineTransfer(officer: Principal & { name?: string }, report: StoredReport, transfer: ReportTransfer, reason: string): Promise<TransferView> {
    await this.pending(officer, report, transfer);
    const cipher = this.options.cipher.forRequest();
    const { note } = await this.openTransfer(transfer, cipher);
    const declined = await this.sealTransfer(this.decide(officer, transfer, "declined"), { note, declineReason: reason }, cipher);
    await this.written(officer, report, () => this.options.store.closeTransfer(report, declined));
    return (await this.transferViews(officer, [declined], cipher))[0] as TransferView;
  }

  /** The sender takes its request back while it is pending. */
  async withdrawTransfer(officer: Principal & { name?: string }, report: StoredReport, transfer: ReportTransfer): Promise<ReportDetail> {
    await this.pending(officer, report, transfer);
    const withdrawn = this.decide(officer, transfer, "withdrawn");
    await this.written(officer, report, () => this.options.store.closeTransfer(report, withdrawn));
    const { transfer: _pending, ...rest } = report;
    return this.detail(officer, { ...rest, version: report.version + 1, updatedAt: String(withdrawn.decidedAt) });
  }
}

export function toInboxItem(report: StoredReport): InboxItem {
  return {
    id: report.id,
    commune: report.commune,
    channel: report.channel,
    status: report.status,
    urgent: report.urgent,
    acts: report.acts,
    receivedAt: report.receivedAt,
    ...(report.victim ? { victim: report.victim } : {}),
    additions: report.additions,
    ...(report.caseId ? { caseId: report.caseId } : {}),
    ...(report.transfer ? { transfer: report.transfer } : {}),
  };
}

/** The sealed words of a report's transfer: the sender's note and the receiver's reason to decline. */
const transferWords = ["note", "declineReason"] as const;
