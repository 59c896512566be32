import { DynamoDBPersistenceLayer } from "@aws-lambda-powertools/idempotency/dynamodb";
import * as z from "zod/mini";
import { reportLimits } from "../../shared/reports.ts";
import { tableEnvVar } from "../../shared/table-env.ts";
import { officerDirectory } from "../admin/officer-directory.ts";
import { DynamoCaseOpening } from "../cases/opening.ts";
import { DynamoDirectoryStore } from "../directory/repository.ts";
import { toCommuneEntry } from "../directory/service.ts";
import { AttemptLimiter } from "../lib/attempt-limiter.ts";
import type { Officer } from "../lib/auth.ts";
import { clientAddress } from "../lib/client-address.ts";
import { derivedSecret } from "../lib/derived-secrets.ts";
import { documentClient } from "../lib/dynamo.ts";
import { type FieldCipher, fieldCipherFromEnv } from "../lib/field-encryption.ts";
import { type HttpFunctionOptions, httpFunction, officerRoute, type Reply, route } from "../lib/http.ts";
import { InvalidFieldError, NotFoundError, optional, required, settings } from "../lib/kit/index.ts";
import { monitoredLogMessages } from "../lib/log-messages.ts";
import { officerAccess } from "../lib/officer-access.ts";
import { logger } from "../lib/powertools.ts";
import { ReceiptLookupGuard } from "../lib/receipt-codes.ts";
import { transferSchemas } from "../lib/transfers.ts";
import { OfficerNotifier, outboxDelivery, sesDelivery } from "./notifier.ts";
import { problemPage, receiptPage, statusPage } from "./pages.ts";
import { DynamoReportStore } from "./repository.ts";
import { reportRouteTable } from "./route-table.ts";
import {
  communePath,
  inboxQuerySchema,
  intakeSchema,
  officerMessageSchema,
  publicReportSchema,
  receiptAdditionSchema,
  receiptFormToBody,
  receiptReplySchema,
  receiptStatusSchema,
  reportFormToBody,
  reportPath,
  triageSchema,
} from "./schemas.ts";
import { ReportsService, type ReportTransfer, type StoredReport } from "./service.ts";
import { ReportSubmission, submissionPolicy } from "./submission.ts";

/**
 * The reports function: public reports and their receipts, officer intake, inboxes and triage.
 * Module scope builds clients only; the cipher, the secrets (derived with KMS in AWS, see
 * lib/derived-secrets.ts) and the officer directory come at the first request that needs them.
 * The shared stack turns the services' errors (the kit's) into problems.
 */
const config = settings({
  provinceSlug: required("PROVINCE_SLUG"),
  caseNumberPrefix: required("CASE_NUMBER_PREFIX"),
  directoryTable: required(tableEnvVar("directory")),
  casesTable: required(tableEnvVar("cases")),
  reportsTable: required(tableEnvVar("reports")),
  idempotencyTable: required(tableEnvVar("idempotency")),
  throttleTable: required(tableEnvVar("throttle")),
  /** Notices of new reports: JSON files in this folder (the local runtime)… */
  outboxDir: optional("LOCAL_OUTBOX_DIR"),
  /** …or e-mail from the province's sender (AWS); neither: a warning in the log. */
  notifySender: optional("NOTIFY_FROM"),
});
const communes = new DynamoDirectoryStore(documentClient, config.directoryTable);
const caseOpening = new DynamoCaseOpening(documentClient, config.casesTable, config.caseNumberPrefix);
const store = new DynamoReportStore(documentClient, config.reportsTable, caseOpening);

let cipherInstance: FieldCipher | undefined;
const cipher = (): FieldCipher => {
  cipherInstance ??= fieldCipherFromEnv();
  return cipherInstance;
};

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
    const guard = new ReceiptLookupGuard({
      limiter: new AttemptLimiter({ client: documentClient, tableName: config.throttleTable, secret: limiterSecret }),
      pepper,
    });
    const deliver = config.outboxDir ? outboxDelivery(config.outboxDir) : config.notifySender ? sesDelivery(config.notifySender) : undefined;
    const service = new ReportsService({
      store,
      cipher: cipher(),
      provinceSlug: config.provinceSlug,
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
            () => officerDirectory(documentClient),
            async (code) => {
              const commune = await communes.getCommune(code);
              return commune ? toCommuneEntry(commune).fullName : code;
            },
            deliver,
          )
        : {
            newReport: async () => logger.warn("report notifications are not configured (NOTIFY_FROM)"),
            reporterAnswered: async () => logger.warn("report notifications are not configured (NOTIFY_FROM)"),
          },
      communeExists: async (code) => (await communes.getCommune(code)) !== undefined,
      onNotifyFailure: (error) => {
        logger.error(monitoredLogMessages.reportNoticeFailed, { errorName: error.name });
      },
    });
    return {
      service,
      submissions: new AttemptLimiter({ client: documentClient, tableName: config.throttleTable, secret: limiterSecret, policy: submissionPolicy }),
    };
  })();
  runtimePromise.catch(() => {
    runtimePromise = undefined;
  });
  return runtimePromise;
}

const submission = new ReportSubmission({
  service: async () => (await runtime()).service,
  limiter: async () => (await runtime()).submissions,
  cipher,
  communeExists: async (code) => (await communes.getCommune(code)) !== undefined,
  persistenceStore: new DynamoDBPersistenceLayer({ tableName: config.idempotencyTable }),
  provinceSlug: config.provinceSlug,
});

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

/**
 * A transfer's routes load the report and its transfer, and answer the commune `authorize` checks:
 * the transfer's receiving commune (accept, decline) or its sender (withdraw) — never the request's.
 */
const resolveTransfer =
  (side: "from" | "to") =>
  async ({ path }: { path: Record<string, string> }): Promise<{ commune: string; resource: TransferAt } | undefined> => {
    const [report, transfer] = await Promise.all([store.get(String(path.reportId)), store.transfer(String(path.reportId), String(path.transferId))]);
    return report && transfer ? { commune: transfer[side], resource: { report, transfer } } : undefined;
  };

interface TransferAt {
  report: StoredReport;
  transfer: ReportTransfer;
}

function transferAction<B>(
  side: "from" | "to",
  body: z.ZodMiniType<B>,
  work: (service: ReportsService, officer: Officer, at: TransferAt, body: B) => Promise<unknown>,
) {
  return officerRoute<undefined, B, TransferAt>({
    path: transferSchemas.path("reportId"),
    body,
    resolve: resolveTransfer(side),
    handle: async ({ officer, resource, body: input }) => {
      const at = resource as TransferAt;
      return { body: await work((await runtime()).service, officer, at, input), handOver: { from: at.transfer.from, to: at.transfer.to } };
    },
  });
}

const noBody = z.optional(z.strictObject({}));

/** The routes this function serves: its domain's table (and the officer access check). */
const served: HttpFunctionOptions = { name: "reports", table: reportRouteTable, officers: officerAccess };

export const handler = httpFunction(served, {
  "POST /api/reports": route({
    body: publicReportSchema,
    form: { toBody: reportFormToBody, problemPage },
    maxBodyBytes: reportLimits.body,
    handle: async ({ body, headers, sourceIp, viaForm, remainingTimeMs }): Promise<Reply> => {
      const receipt = await submission.submit({
        body,
        idempotencyKeyHeader: headers["idempotency-key"],
        subject: clientAddress(headers, sourceIp),
        remainingTimeMs,
      });
      return viaForm ? { status: 201, body: undefined, html: receiptPage(receipt) } : { status: 201, body: receipt };
    },
  }),
  "POST /api/receipts/status": route({
    body: receiptStatusSchema,
    form: statusForm,
    handle: async ({ body, headers, sourceIp, viaForm }): Promise<Reply> => {
      const { service } = await runtime();
      const status = await service.receiptStatusOf(clientAddress(headers, sourceIp), body.receiptCode);
      return viaForm ? { body: undefined, html: statusPage(body.receiptCode, status) } : { body: status };
    },
  }),
  "POST /api/receipts/additions": route({
    body: receiptAdditionSchema,
    form: additionForm,
    maxBodyBytes: reportLimits.body,
    handle: async ({ body, headers, sourceIp, viaForm }): Promise<Reply> => {
      const { service } = await runtime();
      const status = await service.addInformation(clientAddress(headers, sourceIp), body.receiptCode, body.text);
      return viaForm ? { status: 201, body: undefined, html: statusPage(body.receiptCode, status, true) } : { status: 201, body: status };
    },
  }),
  "POST /api/receipts/replies": route({
    body: receiptReplySchema,
    form: additionForm,
    maxBodyBytes: reportLimits.body,
    handle: async ({ body, headers, sourceIp, viaForm }): Promise<Reply> => {
      const { service } = await runtime();
      const status = await service.replyToOfficers(clientAddress(headers, sourceIp), body.receiptCode, body.text);
      return viaForm ? { status: 201, body: undefined, html: statusPage(body.receiptCode, status, false, true) } : { status: 201, body: status };
    },
  }),
  "GET /api/reports/{reportId}/messages": officerRoute<undefined, undefined, StoredReport>({
    path: reportPath,
    resolve: resolveReport,
    handle: async ({ resource }) => {
      const { service } = await runtime();
      return { body: await service.thread(resource) };
    },
  }),
  "POST /api/reports/{reportId}/messages": officerRoute<undefined, { text: string }, StoredReport>({
    path: reportPath,
    body: officerMessageSchema,
    maxBodyBytes: reportLimits.body,
    resolve: resolveReport,
    handle: async ({ officer, resource, body }) => {
      const { service } = await runtime();
      return { status: 201, body: await service.sendToReporter(officer, resource, body.text) };
    },
  }),
  "GET /api/communes/{commune}/reports": officerRoute({
    path: communePath,
    query: inboxQuerySchema,
    resolve: resolveCommune,
    handle: async ({ path, query }) => {
      const { service } = await runtime();
      const { limit, cursor, ...filters } = query;
      return { body: await service.inbox(String(path.commune), filters, limit, cursor) };
    },
  }),
  "POST /api/communes/{commune}/reports": officerRoute({
    path: communePath,
    body: intakeSchema,
    maxBodyBytes: reportLimits.body,
    resolve: resolveCommune,
    handle: async ({ path, body, officer }) => {
      if (body.commune !== path.commune) {
        throw new InvalidFieldError("body.commune", "Xã trong nội dung khác xã của hộp tin báo", "The commune in the body differs from the inbox's commune");
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
  "GET /api/communes/{commune}/incoming-reports": officerRoute({
    path: communePath,
    resolve: resolveCommune,
    handle: async ({ officer, path }) => {
      const { service } = await runtime();
      return { body: { items: await service.incomingTransfers(officer, String(path.commune)) } };
    },
  }),
  "POST /api/reports/{reportId}/transfers": officerRoute({
    path: reportPath,
    body: transferSchemas.request,
    resolve: resolveReport,
    handle: async ({ officer, resource, body }) => {
      const { service } = await runtime();
      const report = resource as StoredReport;
      return { status: 201, body: await service.requestTransfer(officer, report, body), handOver: { from: report.commune, to: body.to } };
    },
  }),
  "POST /api/reports/{reportId}/transfers/{transferId}/accept": transferAction("to", noBody, (service, officer, at) =>
    service.acceptTransfer(officer, at.report, at.transfer),
  ),
  "POST /api/reports/{reportId}/transfers/{transferId}/decline": transferAction("to", transferSchemas.decline, (service, officer, at, body) =>
    service.declineTransfer(officer, at.report, at.transfer, body.reason),
  ),
  "POST /api/reports/{reportId}/transfers/{transferId}/withdraw": transferAction("from", noBody, (service, officer, at) =>
    service.withdrawTransfer(officer, at.report, at.transfer),
  ),
  "POST /api/reports/{reportId}/move": officerRoute({
    path: reportPath,
    body: transferSchemas.request,
    handle: async ({ officer, path, body }) => {
      const report = await store.get(String(path.reportId));
      if (report === undefined) throw new NotFoundError("report");
      const { service } = await runtime();
      return { body: await service.move(officer, report, body), handOver: { from: report.commune, to: body.to } };
    },
  }),
  "POST /api/reports/{reportId}/triage": officerRoute({
    path: reportPath,
    body: triageSchema,
    resolve: resolveReport,
    handle: async ({ officer, resource, body }) => {
      const { service } = await runtime();
      return { body: await service.triage(officer, resource as StoredReport, body) };
    },
  }),
});
