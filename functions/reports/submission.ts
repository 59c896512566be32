import { createHash } from "node:crypto";
import { IdempotencyAlreadyInProgressError, IdempotencyConfig, IdempotencyValidationError, makeIdempotent } from "@aws-lambda-powertools/idempotency";
import type { BasePersistenceLayer } from "@aws-lambda-powertools/idempotency/persistence";
import type { Context } from "aws-lambda";
import type { PublicReceipt, ReportInput } from "../../shared/reports.ts";
import type { AttemptLimiter } from "../lib/attempt-limiter.ts";
import type { FieldCipher } from "../lib/field-encryption.ts";
import { DomainError, InvalidFieldError, RuleError, TooManyAttemptsError } from "../lib/kit/index.ts";
import { monitoredLogMessages } from "../lib/log-messages.ts";
import { logger } from "../lib/powertools.ts";
import { HttpProblem } from "../lib/problem.ts";
import type { PublicReportBody } from "./schemas.ts";
import type { ReportsService } from "./service.ts";

/**
 * A public report's submission, once: the honeypot, the commune, the per-address limit, then the
 * report stored exactly once per idempotency key (Powertools idempotency over its own table). A
 * retry with the same key gets the same receipt; the table keeps that receipt only ENCRYPTED,
 * bound to the key (`sealingContext`), never in clear. The handler (handler.ts) only parses and
 * answers.
 */

/** Submissions per client address (kept only as a keyed hash with a TTL) per hour. Generous: many people share a mobile carrier's address. */
export const submissionPolicy = { maxFailures: 30, windowSeconds: 3600, lockSeconds: 3600 };

export interface SubmissionDependencies {
  service: () => Promise<ReportsService>;
  /** The per-address limiter with `submissionPolicy`. */
  limiter: () => Promise<AttemptLimiter>;
  cipher: () => FieldCipher;
  communeExists: (code: string) => Promise<boolean>;
  persistenceStore: BasePersistenceLayer;
  provinceSlug: string;
}

export interface SubmissionRequest {
  body: PublicReportBody;
  /** The Idempotency-Key header (the page's JavaScript), if any. */
  idempotencyKeyHeader: string | undefined;
  /** The client address the limit counts (functions/lib/client-address.ts). */
  subject: string;
  remainingTimeMs: () => number;
}

/** What the idempotency table keeps of a submission: the receipt code ENCRYPTED (bound to the key), never in clear. */
interface SubmissionRecord {
  sealedReceipt: string;
  urgent: boolean;
}

interface IdempotentRequest {
  idempotencyKey: string;
  payloadHash: string;
  input: ReportInput;
}

const idempotencyKeyPattern = /^[A-Za-z0-9_-]{8,128}$/;

const tooManySubmissions = {
  vi: "Đã có quá nhiều tin báo từ địa chỉ mạng này. Nếu có người đang gặp nguy hiểm, hãy gọi ngay 113; trẻ em cần giúp đỡ: 111.",
  en: "Too many reports came from this network address. If someone is in danger, call 113 now; a child needs help: 111.",
};

export class ReportSubmission {
  private readonly config = new IdempotencyConfig({
    eventKeyJmesPath: "idempotencyKey",
    payloadValidationJmesPath: "payloadHash",
    // A retry within a day gets the same receipt; after that the record expires (TTL).
    expiresAfterSeconds: 24 * 3600,
  });
  private readonly submitOnce: (request: IdempotentRequest) => Promise<SubmissionRecord>;
  /** The receipt code of a submission this request has just filed: answered as it is, not decrypted back from its record. */
  private readonly freshReceipts = new WeakMap<IdempotentRequest, string>();

  constructor(private readonly deps: SubmissionDependencies) {
    this.submitOnce = makeIdempotent(
      async (request: IdempotentRequest): Promise<SubmissionRecord> => {
        const submitted = await (await deps.service()).submitPublic(request.input);
        this.freshReceipts.set(request, submitted.receiptCode);
        logger.info(monitoredLogMessages.reportSubmitted, { urgent: submitted.urgent });
        return { sealedReceipt: await deps.cipher().encrypt(submitted.receiptCode, this.sealingContext(request.idempotencyKey)), urgent: submitted.urgent };
      },
      { persistenceStore: deps.persistenceStore, config: this.config },
    );
  }

  async submit(request: SubmissionRequest): Promise<PublicReceipt> {
    const { body } = request;
    if (body.website) {
      // The honeypot: hidden from people (and from screen readers); a robot filled it.
      logger.info(monitoredLogMessages.reportHoneypot);
      throw new RuleError("body.website", "Không nhận được tin báo này", "This report cannot be accepted");
    }
    if (!(await this.deps.communeExists(body.commune))) {
      throw new InvalidFieldError(
        "body.commune",
        `Không có xã/phường mã ${body.commune} trong tỉnh này`,
        `There is no commune with code ${body.commune} in this province`,
      );
    }
    const { website: _honeypot, idempotencyKey: formKey, ...input } = body;
    const payloadHash = sha256(canonical(input));
    const idempotencyKey = idempotencyKeyOf(request.idempotencyKeyHeader, formKey, payloadHash);
    const limiter = await this.deps.limiter();
    const admitted = await limiter.check("report-submission", request.subject);
    if (!admitted.allowed) throw new TooManyAttemptsError((admitted.lockedUntil.getTime() - Date.now()) / 1000, tooManySubmissions);
    await limiter.recordFailure("report-submission", request.subject);

    this.config.registerLambdaContext({ getRemainingTimeInMillis: request.remainingTimeMs } as Context);
    let record: SubmissionRecord;
    const submission: IdempotentRequest = { idempotencyKey, payloadHash, input: input as ReportInput };
    try {
      record = await this.submitOnce(submission);
    } catch (error) {
      if (error instanceof IdempotencyValidationError) throw new IdempotencyKeyReusedError();
      if (error instanceof IdempotencyAlreadyInProgressError) throw new SubmissionInProgressError();
      throw error;
    }
    return {
      // A retry gets the receipt of the first submission, from its sealed record.
      receiptCode: this.freshReceipts.get(submission) ?? (await this.deps.cipher().decrypt(record.sealedReceipt, this.sealingContext(idempotencyKey))),
      status: "received",
      urgent: record.urgent,
    };
  }

  private sealingContext(idempotencyKey: string) {
    return { province: this.deps.provinceSlug, table: "idempotency", recordId: sha256(idempotencyKey), field: "receiptCode" };
  }
}

function sha256(value: string): string {
  return createHash("sha256").update(value).digest("base64url");
}

/** JSON with sorted keys: the same report in another key order is the same payload. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value !== null && typeof value === "object") {
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`)
      .join(",")}}`;
  }
  return JSON.stringify(value);
}

/**
 * The submission's idempotency key: the Idempotency-Key header (the page's JavaScript), the form's
 * hidden field, or — a form without either, or a client that sends none — the report itself, so a
 * browser re-posting the same form does not file it twice.
 */
function idempotencyKeyOf(header: string | undefined, field: string | undefined, payloadHash: string): string {
  const given = header ?? field;
  if (given === undefined || given === "") return `payload-${payloadHash}`;
  if (!idempotencyKeyPattern.test(given)) {
    throw new InvalidFieldError(
      header === undefined ? "body.idempotencyKey" : "header.idempotency-key",
      "Khoá chống gửi trùng gồm 8–128 chữ, số, gạch ngang hoặc gạch dưới",
      "The idempotency key is 8–128 letters, digits, hyphens or underscores",
    );
  }
  return `key-${given}`;
}

class IdempotencyKeyReusedError extends DomainError {
  toProblem(): HttpProblem {
    return new HttpProblem({
      status: 422,
      type: "idempotency-key-reused",
      title: "Khoá chống gửi trùng đã dùng cho một tin báo khác",
      titleEn: "The idempotency key was used for another report",
      detail: "Hãy tải lại trang rồi gửi lại.",
      detailEn: "Reload the page and send again.",
    });
  }
}

class SubmissionInProgressError extends DomainError {
  toProblem(): HttpProblem {
    return new HttpProblem({
      status: 409,
      type: "submission-in-progress",
      title: "Tin báo này đang được gửi",
      titleEn: "This report is being submitted",
      detail: "Hãy chờ vài giây rồi thử lại: tin báo sẽ không bị gửi trùng.",
      detailEn: "Wait a few seconds and try again: it will not be filed twice.",
      headers: { "retry-after": "2" },
    });
  }
}
