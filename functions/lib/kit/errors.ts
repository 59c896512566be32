import { type HttpProblem, problems } from "../problem.ts";

/**
 * The errors every domain service throws. Services know nothing of HTTP: they say what went wrong
 * in the domain's words, and the shared stack (functions/lib/http.ts) turns each kind into its
 * problem+json once, for every function.
 *
 * - RuleError: a rule of the law or of the platform refuses the change → 400 `refused`, naming the field;
 * - InvalidFieldError: a value a schema cannot judge alone is wrong (a commune the province does not
 *   have, a malformed header) → 400 `validation`, naming the field, like a schema's refusal;
 * - TooManyAttemptsError: a limit per address or per code was reached → 429 with Retry-After;
 * - StaleError: the record changed since the client read it (or already exists) → 409 with `current`;
 * - NotFoundError: absent or not the caller's to see — deliberately one answer → 404;
 * - InvalidCursorError: a page cursor that was not made for this query → 400 on `query.cursor`.
 */
export abstract class DomainError extends Error {
  abstract toProblem(): HttpProblem;
}

export interface Bilingual {
  vi: string;
  en: string;
}

/** What RuleError and InvalidFieldError share: the field at fault and why, in both languages. */
abstract class FieldRefusal extends DomainError {
  constructor(
    /** Where the offending value is, as the client sent it: `body.measure.endsAt`, `header.idempotency-key`. */
    readonly field: string,
    readonly vi: string,
    readonly en: string,
  ) {
    super(en);
  }

  protected fieldError() {
    return { field: this.field, message: this.vi, message_en: this.en };
  }
}

export class RuleError extends FieldRefusal {
  override readonly name: string = "RuleError";
  toProblem(): HttpProblem {
    return problems.refused(this.fieldError());
  }
}

export class InvalidFieldError extends FieldRefusal {
  override readonly name: string = "InvalidFieldError";
  toProblem(): HttpProblem {
    return problems.validation([this.fieldError()]);
  }
}

/** Too many attempts from one subject (an address, a code): 429 with Retry-After, and what to do meanwhile. */
export class TooManyAttemptsError extends DomainError {
  override readonly name: string = "TooManyAttemptsError";
  constructor(
    readonly retryAfterSeconds: number,
    readonly detail: Bilingual,
  ) {
    super(detail.en);
  }

  toProblem(): HttpProblem {
    return problems.tooManyRequests(this.retryAfterSeconds, this.detail);
  }
}

const staleDefault: Bilingual = {
  vi: "Dữ liệu đã được người khác thay đổi; hãy xem bản hiện tại rồi thử lại.",
  en: "Someone else changed this meanwhile; review the current version and try again.",
};

export class StaleError extends DomainError {
  override readonly name = "StaleError";
  constructor(
    /** The record as it is now, for the client to merge (only what the caller may see). */
    readonly current?: unknown,
    readonly detail: Bilingual = staleDefault,
  ) {
    super(detail.en);
  }

  toProblem(): HttpProblem {
    return problems.conflict(this.detail, this.current);
  }
}

export class NotFoundError extends DomainError {
  override readonly name = "NotFoundError";
  constructor(what = "record") {
    super(`${what} not found or not visible`);
  }

  toProblem(): HttpProblem {
    return problems.hidden();
  }
}

export class InvalidCursorError extends DomainError {
  override readonly name = "InvalidCursorError";
  constructor(reason = "invalid cursor") {
    super(reason);
  }

  toProblem(): HttpProblem {
    return problems.validation([
      {
        field: "query.cursor",
        message: "Con trỏ trang không hợp lệ hoặc thuộc về một danh sách khác; hãy tải lại danh sách từ đầu.",
        message_en: "The page cursor is not valid or belongs to another list; load the list again from the start.",
      },
    ]);
  }
}
