import * as z from "zod/mini";
import { tableEnvVar } from "../../shared/table-env.ts";
import { vietnamYear } from "../../shared/vietnam-time.ts";
import { DynamoCaseOpening } from "../cases/opening.ts";
import { DirectoryEditing, type Entry, type EntryKind, entryStatuses } from "../directory/entries.ts";
import { DynamoDirectoryStore } from "../directory/repository.ts";
import { documentClient } from "../lib/dynamo.ts";
import { type FieldCipher, fieldCipherFromEnv } from "../lib/field-encryption.ts";
import { binaryReplies, fileReply } from "../lib/file-reply.ts";
import { type HttpFunctionOptions, httpFunction, officerRoute, ok, type Reply, type RouteMap } from "../lib/http.ts";
import { kitSchemas as k, required, settings } from "../lib/kit/index.ts";
import { officerAccess } from "../lib/officer-access.ts";
import { problems } from "../lib/problem.ts";
import { parseOrProblem } from "../lib/validation.ts";
import { DynamoReportStore } from "../reports/repository.ts";
import { ReportsService, type StoredReport } from "../reports/service.ts";
import { preventionFigures } from "./figures.ts";
import { type Register, recordTypes, registerFilters, registers } from "./registers.ts";
import { DynamoPreventionRepository } from "./repository.ts";
import { preventionRouteTable } from "./route-table.ts";
import { registerBodies } from "./schemas.ts";
import { SealedContactStore } from "./sealed-directory.ts";
import { type PreventionRecord, PreventionService, type ReportIntake, type ReportLink } from "./service.ts";

/**
 * The prevention function: thin routes over DirectoryEditing (functions/directory/entries.ts) and
 * PreventionService. The shared stack authenticates, authorizes each route against the commune its
 * `resolve` found (the record's own, or the commune of a list) and audits every request.
 */
const config = settings({
  preventionTable: required(tableEnvVar("prevention")),
  directoryTable: required(tableEnvVar("directory")),
  provinceSlug: required("PROVINCE_SLUG"),
  reportsTable: required(tableEnvVar("reports")),
});

let cipherInstance: FieldCipher | undefined;
const cipher = (): FieldCipher => {
  cipherInstance ??= fieldCipherFromEnv();
  return cipherInstance;
};
const directory = new DynamoDirectoryStore(documentClient, config.directoryTable);
// Contacts are sealed at rest; the public directory reads only the projection of those who agreed.
const editing = new DirectoryEditing(new SealedContactStore(directory, cipher, config.provinceSlug));
const repository = new DynamoPreventionRepository(documentClient, config.preventionTable, cipher, config.provinceSlug);
const service = new PreventionService(repository);

/** Thrown out of the reports service's intake when the mediation's part refused the transaction. */
class MediationChanged extends Error {}

/**
 * The reports store as the reports domain writes a new report, except that the report's items
 * (report, inbox counts) go in the mediation's transaction (repository.ts `linkReport`): a report
 * filed from a mediation never exists without the mediation's `reportId`, nor the reverse.
 */
class ReportWithMediationLink extends DynamoReportStore {
  constructor(private readonly link: Omit<ReportLink, "reportId">) {
    // Intake never opens a case, so its case opening is never reached.
    super(documentClient, config.reportsTable, new DynamoCaseOpening(documentClient, "", ""));
  }

  override async create(report: StoredReport, receipt?: { lookupKey: string; receiptHash: string }): Promise<void> {
    const outcome = await repository.linkReport({ ...this.link, reportId: report.id }, this.creationItems(report, receipt));
    if (outcome !== "linked") throw new MediationChanged();
  }
}

/**
 * A mediation turned into a report goes through the reports domain's own intake (sealing, inbox
 * counts), with a store built per call around the mediation it links.
 */
function reportIntake(): ReportIntake {
  const refuse = async (): Promise<never> => {
    throw new Error("not used by intake");
  };
  return {
    fileReport: async (officer, report, mediation) => {
      const reports = new ReportsService({
        store: new ReportWithMediationLink({ id: report.mediationId, by: officer.id, ...mediation }),
        cipher: cipher(),
        provinceSlug: config.provinceSlug,
        receiptPepper: refuse,
        receipts: { find: refuse },
        // The inbox shows every report; the commune's officers are e-mailed by the reports function's notices only.
        notifier: { newReport: async () => {}, reporterAnswered: async () => {} },
        onNotifyFailure: () => {},
      });
      try {
        const detail = await reports.intake(
          officer,
          {
            commune: report.commune,
            narrative: report.narrative,
            acts: [],
            occurredOn: report.occurredOn,
            danger: "unknown",
            reporter: { anonymous: true },
            consentToContact: false,
            channel: "other",
            receivedAt: new Date().toISOString(),
            receivedByName: report.receivedByName,
          },
          { mediationId: report.mediationId },
        );
        return { reportId: detail.id };
      } catch (error) {
        if (error instanceof MediationChanged) return "mediation-changed";
        throw error;
      }
    },
  };
}
/** exceljs is most of the bundle: evaluated at the first import or export only. */
const spreadsheets = () => import("./spreadsheets.ts");

/** A commune of the province, or `province` where the route allows it (province-wide hotlines, the province's courses). */
const owner = z.union([k.communeCode, z.literal("province")]);
const communePath = z.strictObject({ commune: owner });
const resolveOwner = async ({ path }: { path: Record<string, string> }) => {
  const commune = path.commune as string;
  if (commune !== "province" && (await directory.getCommune(commune)) === undefined) return undefined;
  return { commune, resource: undefined };
};

// ---------------------------------------------------------------------------------------------
// The live directory.

const phone = z.string().check(z.regex(/^[0-9 .+]{3,20}$/, k.bilingual("Số điện thoại không hợp lệ", "Not a phone number")));
const contact = z.strictObject({ name: k.text(120), phone: z.optional(phone), consent: z.boolean() });
const editableStatus = z.optional(z.enum(entryStatuses.filter((status) => status !== "removed") as ["active", "suspended"]));
const hotlineFields = z.strictObject({
  name: z.strictObject({ vi: k.text(200), en: k.text(200) }),
  number: phone,
  hours: z.strictObject({ vi: k.text(120), en: k.text(120) }),
  free: z.boolean(),
  contact: z.optional(contact),
  status: editableStatus,
});
const addressFields = z.strictObject({
  name: k.text(200),
  address: k.text(300),
  phone: z.optional(phone),
  hours: z.optional(z.strictObject({ vi: k.text(120), en: k.text(120) })),
  contact: z.optional(contact),
  status: editableStatus,
});
const withVersion = <T extends z.ZodMiniObject>(schema: T) => z.extend(schema, { expectedVersion: k.expectedVersion });
const entryPath = z.strictObject({
  commune: owner,
  entryId: z.string().check(z.regex(/^[a-z0-9-]{1,64}$/, k.bilingual("Mã mục không hợp lệ", "Not a valid entry id"))),
});
const versionQuery = z.strictObject({ expectedVersion: z.coerce.number().check(z.int(), z.minimum(0)) });

const resolveEntry =
  (kind: EntryKind) =>
  async ({ path }: { path: Record<string, string> }) => {
    const entry = await editing.get(kind, path.commune as string, path.entryId as string);
    return entry === undefined ? undefined : { commune: path.commune as string, resource: entry };
  };

function entryRoutes(kind: EntryKind, segment: string, fields: z.ZodMiniObject): RouteMap {
  const base = `/api/communes/{commune}/directory-entries/${segment}`;
  return {
    [`POST ${base}`]: officerRoute({
      path: communePath,
      body: fields as z.ZodMiniType<Record<string, unknown>>,
      resolve: resolveOwner,
      handle: async ({ officer, path, body }) => {
        const entry = await editing.create(officer.id, { kind, owner: path.commune as string, fields: body } as never);
        return { status: 201, body: entry.entry, recordKey: `directory-entry#${entry.entry.id}` };
      },
    }),
    [`PUT ${base}/{entryId}`]: officerRoute({
      path: entryPath,
      body: withVersion(fields) as z.ZodMiniType<Record<string, unknown>>,
      resolve: resolveEntry(kind),
      handle: async ({ officer, body, resource }) => {
        const { expectedVersion, ...changes } = body as { expectedVersion: number } & Record<string, unknown>;
        return ok((await editing.update(officer.id, resource as Entry, changes as never, expectedVersion)).entry);
      },
    }),
    [`DELETE ${base}/{entryId}`]: officerRoute({
      path: entryPath,
      query: versionQuery,
      resolve: resolveEntry(kind),
      handle: async ({ officer, query, resource }) => {
        await editing.remove(officer.id, resource as Entry, query.expectedVersion);
        return { status: 200, body: { removed: true } };
      },
    }),
  };
}

const directoryRoutes: RouteMap = {
  "GET /api/communes/{commune}/directory-entries": officerRoute({
    path: communePath,
    resolve: resolveOwner,
    handle: async ({ path }) => ok(await editing.list(path.commune as string)),
  }),
  "GET /api/communes/{commune}/directory-entries/template": officerRoute({
    path: communePath,
    resolve: resolveOwner,
    handle: async () => {
      const { directoryTemplate, spreadsheetTypes } = await spreadsheets();
      return fileReply(await directoryTemplate(), spreadsheetTypes.xlsx, "mau-danh-ba.xlsx");
    },
  }),
  "POST /api/communes/{commune}/directory-entries/import": officerRoute({
    path: communePath,
    body: z.strictObject({ file: z.string().check(z.minLength(1), z.maxLength(4_000_000)), commit: z._default(z.boolean(), false) }),
    maxBodyBytes: 4_100_000,
    resolve: resolveOwner,
    handle: async ({ officer, path, body }) => {
      const { readDirectoryImport } = await spreadsheets();
      const { rows, errors } = await readDirectoryImport(Buffer.from(body.file, "base64"), path.commune as string);
      if (errors.length > 0) {
        throw problems.validation(
          errors.slice(0, 200).map((error) => ({
            field: `row.${String(error.row)}.${error.field}`,
            message: `Dòng ${String(error.row)}: ${error.message}`,
            message_en: `Row ${String(error.row)}: ${error.message_en}`,
          })),
        );
      }
      if (!body.commit) return ok({ valid: true, rows: rows.length, preview: rows.slice(0, 100) });
      const written = await editing.importRows(officer.id, rows);
      return { status: 201, body: { imported: written.length } };
    },
  }),
  ...entryRoutes("hotline", "hotlines", hotlineFields),
  ...entryRoutes("trusted-address", "trusted-addresses", addressFields),
};

// ---------------------------------------------------------------------------------------------
// The registers.

/** A register's filters (the date range and its own fields); a list adds its page, an export takes every page. */
const filtersFor = (register: Register) => ({
  from: z.optional(k.calendarDay),
  to: z.optional(k.calendarDay),
  ...Object.fromEntries(registerFilters[register].map((name) => [name, z.optional(k.text(80))])),
});
const listQueryFor = (register: Register) => z.strictObject({ ...filtersFor(register), limit: k.pageLimit(100, 20), cursor: z.optional(k.cursorParam) });
const exportQueryFor = (register: Register) => z.strictObject({ ...filtersFor(register), format: z._default(z.enum(["csv", "xlsx"]), "xlsx") });
const recordPath = z.strictObject({ recordId: k.recordId });

const resolveRecord = async ({ path }: { path: Record<string, string> }) => {
  const record = await repository.get(path.recordId as string);
  return record === undefined ? undefined : { commune: record.commune, resource: record };
};

function listFilters(register: Register, query: Record<string, unknown>) {
  const filters: Record<string, string> = {};
  for (const name of registerFilters[register]) if (typeof query[name] === "string") filters[name] = query[name] as string;
  return filters;
}

function registerRouteMap(register: Register): RouteMap {
  const list = `/api/communes/{commune}/prevention/${register}`;
  const one = `/api/prevention/${register}/{recordId}`;
  const body = registerBodies[register] as z.ZodMiniType<Record<string, unknown>>;
  const listQuery = listQueryFor(register);
  // The province organises courses; the other registers belong to a commune.
  const ownerPath = register === "courses" ? communePath : z.strictObject({ commune: k.communeCode });
  type Query = { from?: string; to?: string; limit: number; cursor?: string } & Record<string, unknown>;
  const listOf = (officer: Parameters<PreventionService["list"]>[0], commune: string, query: Query) =>
    service.list(officer, {
      register,
      commune,
      limit: query.limit,
      filters: listFilters(register, query),
      ...(query.from ? { from: query.from } : {}),
      ...(query.to ? { to: query.to } : {}),
      ...(query.cursor ? { cursor: query.cursor } : {}),
    });
  return {
    [`GET ${list}`]: officerRoute({
      path: ownerPath,
      query: listQuery as z.ZodMiniType<Query>,
      resolve: resolveOwner,
      handle: async ({ officer, path, query }) => ok(await listOf(officer, path.commune as string, query)),
    }),
    [`POST ${list}`]: officerRoute({
      path: ownerPath,
      body,
      resolve: resolveOwner,
      handle: async ({ officer, path, body: input }) => {
        const view = await service.create(officer, register, path.commune as string, input as never);
        return { status: 201, body: view, recordKey: `${recordTypes[register]}#${view.id}` };
      },
    }),
    [`GET ${list}/export`]: officerRoute({
      path: ownerPath,
      query: exportQueryFor(register) as z.ZodMiniType<Omit<Query, "limit"> & { format: "csv" | "xlsx" }>,
      resolve: resolveOwner,
      handle: async ({ officer, path, query }) => {
        // Every page of the filtered list (an export is bounded by the commune and the filters).
        const views = [];
        let cursor: string | undefined;
        do {
          const page = await listOf(officer, path.commune as string, { ...query, limit: 100, ...(cursor === undefined ? {} : { cursor }) });
          views.push(...page.items);
          cursor = page.cursor;
        } while (cursor !== undefined && views.length < 10_000);
        const { registerCsv, registerXlsx, spreadsheetTypes } = await spreadsheets();
        const name = `${register}-${path.commune as string}`;
        return query.format === "csv"
          ? fileReply(registerCsv(views), spreadsheetTypes.csv, `${name}.csv`)
          : fileReply(await registerXlsx(register, views), spreadsheetTypes.xlsx, `${name}.xlsx`);
      },
    }),
    [`GET ${one}`]: officerRoute({
      path: recordPath,
      resolve: resolveRecord,
      handle: async ({ officer, resource }) => ok(await service.get(officer, resource as PreventionRecord, register)),
    }),
    [`PUT ${one}`]: officerRoute({
      path: recordPath,
      body: z.looseObject({ expectedVersion: k.expectedVersion }),
      resolve: resolveRecord,
      handle: async ({ officer, resource, body: input }) => {
        const { expectedVersion, ...rest } = input as { expectedVersion: number } & Record<string, unknown>;
        const checked = parseOrProblem(registerBodies[register] as z.ZodMiniType<unknown>, rest, "body");
        return ok(await service.update(officer, resource as PreventionRecord, register, checked as never, expectedVersion));
      },
    }),
  };
}

const yearParam = z._default(z.coerce.number().check(z.int(), z.minimum(2000), z.maximum(2100)), vietnamYear());
const staffBody = z.strictObject({
  year: z.number().check(z.int(), z.minimum(2000), z.maximum(2100)),
  count: z
    .number()
    .check(z.refine((value) => Number.isInteger(value) && value >= 0 && value <= 10_000, k.bilingual("Số nguyên từ 0 đến 10000", "A whole number 0 to 10000"))),
  expectedVersion: k.expectedVersion,
});
const staffRoutes: RouteMap = {
  // The denominator as the commune entered it, and the share it gives with the year's completions.
  "GET /api/communes/{commune}/prevention/staff": officerRoute({
    path: z.strictObject({ commune: k.communeCode }),
    query: z.strictObject({ year: yearParam }),
    resolve: resolveOwner,
    handle: async ({ path, query }) => {
      const [staff, figures] = await Promise.all([
        service.staff(path.commune as string, query.year),
        preventionFigures(repository, path.commune as string, query.year),
      ]);
      return ok({
        ...staff,
        staffTrained: figures.staffTrained,
        ...(figures.staffTrainedShare === undefined ? {} : { staffTrainedShare: figures.staffTrainedShare }),
      });
    },
  }),
  "PUT /api/communes/{commune}/prevention/staff": officerRoute({
    path: z.strictObject({ commune: k.communeCode }),
    body: staffBody,
    resolve: resolveOwner,
    handle: async ({ officer, path, body }) => ok(await service.setStaff(officer, path.commune as string, body.year, body.count, body.expectedVersion)),
  }),
};

const summaryQuery = z.strictObject({ year: yearParam });

/** The routes this function serves: its domain's table (and the officer access check). */
const served: HttpFunctionOptions = { name: "prevention", table: preventionRouteTable, officers: officerAccess };

export const handler = httpFunction(served, {
  ...directoryRoutes,
  ...Object.assign({}, ...registers.map(registerRouteMap)),
  ...staffRoutes,
  "POST /api/prevention/mediations/{recordId}/report": officerRoute({
    path: recordPath,
    resolve: resolveRecord,
    handle: async ({ officer, resource }) => ({
      status: 201,
      body: await service.referMediation(officer, resource as PreventionRecord, reportIntake()),
    }),
  }),
  "GET /api/prevention/summary": officerRoute({
    query: summaryQuery,
    handle: async ({ officer, query }): Promise<Reply> => {
      const communes = ["province", ...(await directory.listCommunes()).map((commune) => commune.code)];
      const sheets = [];
      for (const register of ["models", "activities", "courses"] as const) {
        const records = (await Promise.all(communes.map((commune) => repository.year(register, commune, query.year)))).flat();
        sheets.push({ register, views: records.map((record) => service.view({ ...officer, roles: [] }, { ...record, createdBy: "" })) });
      }
      const { yearlySummaryXlsx, spreadsheetTypes } = await spreadsheets();
      return fileReply(await yearlySummaryXlsx(sheets), spreadsheetTypes.xlsx, `tong-hop-phong-ngua-${String(query.year)}.xlsx`);
    },
  }),
}).use(binaryReplies());
