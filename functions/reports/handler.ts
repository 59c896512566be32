import { createHash } from "node:crypto";
import { IdempotencyAlreadyInProgressError, IdempotencyConfig, IdempotencyValidationError, makeIdempotent } from "@aws-lambda-powertools/idempotency";
import { DynamoDBPersistenceLayer } from "@aws-lambda-powertools/idempotency/dynamodb";
import { MetricUnit } from "@aws-lambda-powertools/metrics";
import type { Context } from "aws-lambda";
import type { PublicReceipt, ReportInput } from "../../shared/reports.ts";
import { reportLimits } from "../../shared/reports.ts";
import { tableDefinitions } from "../../shared/tables.ts";
import type { OfficerDirectory } from "../admin/officer-directory.ts";
import { DynamoCaseOpening } from "../cases/opening.ts";
import { DynamoDirectoryStore } from "../directory/repository.ts";
import { toCommuneEntry } from "../directory/service.ts";
import { AttemptLimiter } from "../lib/attempt-limiter.ts";
import { clientAddress } from "../lib/client-address.ts";
import { derivedSecret } from "../lib/derived-secrets.ts";
import { documentClient } from "../lib/dynamo.ts";
import { requiredEnv } from "../lib/env.ts";
import { type FieldCipher, fieldCipherFromEnv } from "../lib/field-encryption.ts";
import { httpFunction, officerRoute, type Reply, route } from "../lib/http.ts";
import { logger, metrics, tracer } from "../lib/powertools.ts";
import { HttpProblem, problems } from "../lib/problem.ts";
import { ReceiptLookupGuard } from "../lib/receipt-codes.ts";
import { OfficerNotifier, outboxDelivery, sesDelivery } from "./notifier.ts";
import { problemPage, receiptPage, statusPage } from "./pages.ts";
import { DynamoReportStore } from "./repository.ts";
import {
  communePath,
  inboxQuerySchema,
  intakeSchema,
  publicReportSchema,
  receiptAdditionSchema,
  receiptFormToBody,
  receiptStatusSchema,
  reportFormToBody,
  reportPath,
  triageSchema,
} from "./schemas.ts";
import {
  CaseNotFoundForLinkError,
  InvalidInboxCursorError,
  ReceiptLookupLockedError,
  ReportChangedError,
  ReportsService,
  type StoredReport,
  TooManyAdditionsError,
  UnknownReceiptError,
} from "./service.ts";

/**
 * The reports function: public reports and their receipts, officer intake, inboxes and triage.
 * Module scope builds clients only; the cipher, the secrets (derived with KMS in AWS, see
 * lib/derived-secrets.ts) and the officer directory come at the first request that needs them.
 */
const provinceSlug = requiredEnv("PROVINCE_SLUG");
const communes = new DynamoDirectoryStore(documentClient, requiredEnv(tableDefinitions.directory.envVar));
const caseOpening = new DynamoCaseOpening(documentClient, requiredEnv(tableDefinitions.cases.envVar), requiredEnv("CASE_NUMBER_PREFIX"));
const store = new DynamoReportStore(documentClient, requiredEnv(tableDefinitions.reports.envVar), caseOpening);
const idempotencyStore = new DynamoDBPersistenceLayer({ tableName: requiredEnv(tableDefinitions.idempotency.envVar) });

/** Submissions per client address (kept only as a keyed hash with a TTL) per hour. Generous: many people share a mobile carrier's address. */
export const submissionPolicy = { maxFailures: 30, windowSeconds: 3600, lockSeconds: 3600 };

let cipherInstance: FieldCipher | undefined;
const cipher = (): FieldCipher => {
  cipherInstance ??= fieldCipherFromEnv();
  return cipherInstance;
};

let directoryPromise: Promise<OfficerDirectory> | undefined;
function officerDirectory(): Promise<OfficerDirectory> {
  directoryPromise ??= (async (): Promise<OfficerDirectory> => {
    if (requiredEnv("OFFICER_DIRECTORY") === "local") {
      const { localOfficerDirectoryFromEnv } = await import("../admin/local-officer-directory.ts");
      return localOfficerDirectoryFromEnv(documentClient);
    }
    const [{ CognitoIdentityProviderClient }, { CognitoOfficerDirectory }] = await Promise.all([
      import("@aws-sdk/client-cognito-identity-provider"),
      import("../admin/cognito-officer-directory.ts"),
    ]);
    return new CognitoOfficerDirectory(tracer.captureAWSv3Client(new CognitoIdentityProviderClient({})), requiredEnv("USER_POOL_ID"));
  })();
  return directoryPromise;
}

interface Runtime {
  service: ReportsService;
  submissions: AttemptLimiter;
}

let runtimePromise: Promise<Runtime> | undefined;
function runtime(): Promise<Runtime> {
  runtimePromise ??= (async () => {
    const [pepper, limiterSecret] = await Promise.all([
      derivedSecret("RECEIPT_CODE_PEPPER", "receipt-code-pepper"),
      derivedSecret("ATTEMPT_LIMITER_SECRET", "attempt-limiter"),
    ]);
    const throttleTable = requiredEnv(tableDefinitions.throttle.envVar);
    const guard = new ReceiptLookupGuard({ limiter: new AttemptLimiter({ client: documentClient, tableName: throttleTable, secret: limiterSecret }), pepper });
    const outbox = process.env.LOCAL_OUTBOX_DIR;
    const from = process.env.NOTIFY_FROM;
    const deliver = outbox ? outboxDelivery(outbox) : from ? sesDelivery(from) : undefined;
    const service = new ReportsService({
      store,
      cipher: cipher(),
      provinceSlug,
      receiptPepper: async () => pepper,
      receipts: {
        find: async (subject, code) => {
          const found = await guard.lookup(subject, code, (lookupKey) => store.findReceipt(lookupKey));
          if (found.status === "found") return { status: "found", reportId: found.record.reportId };
          if (found.status === "locked") return { status: "locked", retryAfterSeconds: (found.lockedUntil.getTime() - Date.now()) / 1000 };
          return { status: "not-found", delayMs: found.delayMs };
        },
      },
      notifier: deliver
        ? new OfficerNotifier(
            officerDirectory,
            async (code) => {
              const commune = await communes.getCommune(code);
              return commune ? toCommuneEntry(commune).fullName : code;
            },
            deliver,
          )
        : { newReport: async () => logger.warn("report notifications are not configured (NOTIFY_FROM)") },
      onNotifyFailure: (error) => {
        logger.error("report notification failed", { errorName: error.name });
        metrics.addMetric("ReportNotificationFailed", MetricUnit.Count, 1);
      },
    });
    return { service, submissions: new AttemptLimiter({ client: documentClient, tableName: throttleTable, secret: limiterSecret, policy: submissionPolicy }) };
  })();
  runtimePromise.catch(() => {
    runtimePromise = undefined;
  });
  return runtimePromise;
}

// ——— Idempotent submission ———

interface SubmissionRequest {
  idempotencyKey: string;
  payloadHash: string;
  input: ReportInput;
}

/** What the idempotency table keeps of a submission: the receipt code ENCRYPTED (bound to the key), never in clear. */
interface SubmissionRecord {
  sealedReceipt: string;
  urgent: boolean;
}

const idempotencyConfig = new IdempotencyConfig({
  eventKeyJmesPath: "idempotencyKey",
  payloadValidationJmesPath: "payloadHash",
  // A retry within a day gets the same receipt; after that the record expires (TTL).
  expiresAfterSeconds: 24 * 3600,
});

function sealingContext(idempotencyKey: string) {
  return { province: provinceSlug, table: "idempotency", recordId: sha256(idempotencyKey), field: "receiptCode" };
}

/** The receipt code of a submission this request has just filed: answered as it is, not decrypted back from its record. */
const freshReceipts = new WeakMap<SubmissionRequest, string>();

const submitOnce = makeIdempotent(
  async (request: SubmissionRequest): Promise<SubmissionRecord> => {
    const { service } = await runtime();
    const submitted = await service.submitPublic(request.input);
    freshReceipts.set(request, submitted.receiptCode);
    metrics.addMetric("ReportSubmitted", MetricUnit.Count, 1);
    return { sealedReceipt: await cipher().encrypt(submitted.receiptCode, sealingContext(request.idempotencyKey)), urgent: submitted.urgent };
  },
  { persistenceStore: idempotencyStore, config: idempotencyConfig },
);

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

const idempotencyKeyPattern = /^[A-Za-z0-9_-]{8,128}$/;

/**
 * The submission's idempotency key: the Idempotency-Key header (the page's JavaScript), the form's
 * hidden field, or — a form without either, or a client that sends none — the report itself, so a
 * browser re-posting the same form does not file it twice.
 */
function idempotencyKeyOf(header: string | undefined, field: string | undefined, payloadHash: string): string {
  const given = header ?? field;
  if (given === undefined || given === "") return `payload-${payloadHash}`;
  if (!idempotencyKeyPattern.test(given)) {
    throw problems.validation([
      {
        field: header === undefined ? "body.idempotencyKey" : "header.idempotency-key",
        message: "Khoá chống gửi trùng gồm 8–128 chữ, số, gạch ngang hoặc gạch dưới",
        message_en: "The idempotency key is 8–128 letters, digits, hyphens or underscores",
      },
    ]);
  }
  return `key-${given}`;
}

async function requireCommune(code: string): Promise<void> {
  if (await communes.getCommune(code)) return;
  throw problems.validation([
    { field: "body.commune", message: `Không có xã/phường mã ${code} trong tỉnh này`, message_en: `There is no commune with code ${code} in this province` },
  ]);
}

function tooManySubmissions(retryAfterSeconds: number): HttpProblem {
  return problems.tooManyRequests(retryAfterSeconds, {
    vi: "Đã có quá nhiều tin báo từ địa chỉ mạng này. Nếu có người đang gặp nguy hiểm, hãy gọi ngay 113; trẻ em cần giúp đỡ: 111.",
    en: "Too many reports came from this network address. If someone is in danger, call 113 now; a child needs help: 111.",
  });
}

// ——— The reporter's receipt ———

async function withReceipt<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof UnknownReceiptError) {
      // The limiter's progressive delay slows guessing down without locking people out at once.
      if (error.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, error.delayMs));
      throw new HttpProblem({
        status: 404,
        type: "unknown-receipt",
        title: "Không tìm thấy tin báo với mã này",
        titleEn: "No report has this receipt code",
        detail: "Hãy kiểm tra lại 16 chữ số của mã biên nhận.",
        detailEn: "Check the 16 digits of the receipt code.",
      });
    }
    if (error instanceof ReceiptLookupLockedError) {
      throw problems.tooManyRequests(error.retryAfterSeconds, {
        vi: "Đã nhập sai mã quá nhiều lần. Hãy thử lại sau, hoặc gọi đường dây nóng.",
        en: "Too many wrong codes. Try again later, or call the hotline.",
      });
    }
    if (error instanceof TooManyAdditionsError) {
      throw problems.refused({
        field: "body.text",
        message: "Tin báo này đã nhận đủ số lần gửi thêm; hãy gọi đường dây nóng hoặc gửi tin báo mới",
        message_en: "This report has taken all the additions it can; call the hotline or send a new report",
      });
    }
    throw error;
  }
}

const statusForm = { toBody: (fields: URLSearchParams) => receiptFormToBody(fields, false), problemPage };
const additionForm = { toBody: (fields: URLSearchParams) => receiptFormToBody(fields, true), problemPage };

// ——— Officers ———

async function resolveCommune({ path }: { path: Record<string, string> }) {
  const code = String(path.commune);
  return (await communes.getCommune(code)) ? { commune: code, resource: undefined } : undefined;
}

async function resolveReport({ path }: { path: Record<string, string> }) {
  const report = await store.get(String(path.reportId));
  return report ? { commune: report.commune, resource: report } : undefined;
}

async function officerWork<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof InvalidInboxCursorError) {
      throw problems.validation([
        {
          field: "query.cursor",
          message: "Con trỏ trang không hợp lệ; hãy tải lại từ đầu",
          message_en: "Invalid page cursor; start again from the first page",
        },
      ]);
    }
    if (error instanceof CaseNotFoundForLinkError) {
      throw problems.refused({
        field: "body.caseId",
        message: "Không có vụ việc này trong xã của tin báo",
        message_en: "There is no such case in the report's commune",
      });
    }
    throw error;
  }
}

export const handler = httpFunction("reports", {
  "POST /api/reports": route({
    body: publicReportSchema,
    form: { toBody: reportFormToBody, problemPage },
    maxBodyBytes: reportLimits.body,
    handle: async ({ body, headers, sourceIp, viaForm, remainingTimeMs }): Promise<Reply> => {
      if (body.website) {
        // The honeypot: hidden from people (and from screen readers); a robot filled it.
        metrics.addMetric("ReportHoneypot", MetricUnit.Count, 1);
        throw problems.refused({ field: "body.website", message: "Không nhận được tin báo này", message_en: "This report cannot be accepted" });
      }
      await requireCommune(body.commune);
      const { website: _honeypot, idempotencyKey: formKey, ...input } = body;
      const payloadHash = sha256(canonical(input));
      const idempotencyKey = idempotencyKeyOf(headers["idempotency-key"], formKey, payloadHash);
      const { submissions } = await runtime();
      const subject = clientAddress(headers, sourceIp);
      const admitted = await submissions.check("report-submission", subject);
      if (!admitted.allowed) throw tooManySubmissions((admitted.lockedUntil.getTime() - Date.now()) / 1000);
      await submissions.recordFailure("report-submission", subject);

      idempotencyConfig.registerLambdaContext({ getRemainingTimeInMillis: remainingTimeMs } as Context);
      let record: SubmissionRecord;
      const submission: SubmissionRequest = { idempotencyKey, payloadHash, input: input as ReportInput };
      try {
        record = await submitOnce(submission);
      } catch (error) {
        if (error instanceof IdempotencyValidationError) {
          throw new HttpProblem({
            status: 422,
            type: "idempotency-key-reused",
            title: "Khoá chống gửi trùng đã dùng cho một tin báo khác",
            titleEn: "The idempotency key was used for another report",
            detail: "Hãy tải lại trang rồi gửi lại.",
            detailEn: "Reload the page and send again.",
          });
        }
        if (error instanceof IdempotencyAlreadyInProgressError) {
          throw new HttpProblem({
            status: 409,
            type: "submission-in-progress",
            title: "Tin báo này đang được gửi",
            titleEn: "This report is being submitted",
            detail: "Hãy chờ vài giây rồi thử lại: tin báo sẽ không bị gửi trùng.",
            detailEn: "Wait a few seconds and try again: it will not be filed twice.",
            headers: { "retry-after": "2" },
          });
        }
        throw error;
      }
      const receipt: PublicReceipt = {
        // A retry gets the receipt of the first submission, from its sealed record.
        receiptCode: freshReceipts.get(submission) ?? (await cipher().decrypt(record.sealedReceipt, sealingContext(idempotencyKey))),
        status: "received",
        urgent: record.urgent,
      };
      return viaForm ? { status: 201, body: undefined, html: receiptPage(receipt) } : { status: 201, body: receipt };
    },
  }),
  "POST /api/receipts/status": route({
    body: receiptStatusSchema,
    form: statusForm,
    handle: async ({ body, headers, sourceIp, viaForm }): Promise<Reply> => {
      const { service } = await runtime();
      const status = await withReceipt(() => service.receiptStatusOf(clientAddress(headers, sourceIp), body.receiptCode));
      return viaForm ? { body: undefined, html: statusPage(body.receiptCode, status) } : { body: status };
    },
  }),
  "POST /api/receipts/additions": route({
    body: receiptAdditionSchema,
    form: additionForm,
    maxBodyBytes: reportLimits.body,
    handle: async ({ body, headers, sourceIp, viaForm }): Promise<Reply> => {
      const { service } = await runtime();
      const status = await withReceipt(() => service.addInformation(clientAddress(headers, sourceIp), body.receiptCode, body.text));
      return viaForm ? { status: 201, body: undefined, html: statusPage(body.receiptCode, status, true) } : { status: 201, body: status };
    },
  }),
  "GET /api/communes/{commune}/reports": officerRoute({
    path: communePath,
    query: inboxQuerySchema,
    resolve: resolveCommune,
    handle: async ({ path, query }) => {
      const { service } = await runtime();
      const { limit, cursor, ...filters } = query;
      if (filters.from && filters.to && filters.from > filters.to) {
        throw problems.validation([
          { field: "query.to", message: "Ngày kết thúc phải sau ngày bắt đầu", message_en: "The end date must not be before the start date" },
        ]);
      }
      return { body: await officerWork(() => service.inbox(String(path.commune), filters, limit, cursor)) };
    },
  }),
  "POST /api/communes/{commune}/reports": officerRoute({
    path: communePath,
    body: intakeSchema,
    maxBodyBytes: reportLimits.body,
    resolve: resolveCommune,
    handle: async ({ path, body, officer }) => {
      if (body.commune !== path.commune) {
        throw problems.validation([
          {
            field: "body.commune",
            message: "Xã trong nội dung khác xã của hộp tin báo",
            message_en: "The commune in the body differs from the inbox's commune",
          },
        ]);
      }
      const { service } = await runtime();
      const detail = await service.intake(officer, body);
      return { status: 201, body: detail, recordKey: `report#${detail.id}` };
    },
  }),
  "GET /api/reports/{reportId}": officerRoute<undefined, undefined, StoredReport>({
    path: reportPath,
    resolve: resolveReport,
    handle: async ({ officer, resource }) => {
      const { service } = await runtime();
      return { body: await service.detail(officer, resource) };
    },
  }),
  "POST /api/reports/{reportId}/triage": officerRoute({
    path: reportPath,
    body: triageSchema,
    resolve: resolveReport,
    handle: async ({ officer, resource, body }) => {
      const { service } = await runtime();
      try {
        return { body: await officerWork(() => service.triage(officer, resource as StoredReport, body)) };
      } catch (error) {
        if (error instanceof ReportChangedError) {
          const current = await store.get((resource as StoredReport).id);
          throw problems.conflict(
            { vi: "Tin báo đã được người khác xử lý hoặc thay đổi; hãy tải lại.", en: "Someone else triaged or changed this report; reload it." },
            current ? await service.detail(officer, current) : undefined,
          );
        }
        throw error;
      }
    },
  }),
});
