import * as z from "zod/mini";
import { casePriorities, caseStatuses } from "../../shared/cases.ts";
import { reportChannels, reportStatuses } from "../../shared/reports.ts";
import { defaultCutOffDay, isPeriodId, type PeriodId } from "../../shared/statistics-periods.ts";
import { DynamoDirectoryStore } from "../directory/repository.ts";
import { documentClient } from "../lib/dynamo.ts";
import { type FieldCipher, fieldCipherFromEnv } from "../lib/field-encryption.ts";
import { type HttpFunctionOptions, httpFunction, officerRoute, ok, route } from "../lib/http.ts";
import { integer, kitSchemas, required, settings } from "../lib/kit/index.ts";
import { officerAccess } from "../lib/officer-access.ts";
import { problems } from "../lib/problem.ts";
import { bilingualError } from "../lib/validation.ts";
import { preventionFigures } from "../prevention/figures.ts";
import { DynamoPreventionRepository } from "../prevention/repository.ts";
import { binaryReplies, exportReply } from "./exports.ts";
import { DynamoProvinceLists } from "./province-lists.ts";
import { DynamoProvinceWatch } from "./province-store.ts";
import { publicFigures } from "./public.ts";
import { DynamoStatisticsStore } from "./repository.ts";
import { statisticsRouteTable } from "./route-table.ts";
import { StatisticsService } from "./service.ts";

const config = settings({
  statisticsTable: required("TABLE_STATISTICS"),
  reportsTable: required("TABLE_REPORTS"),
  casesTable: required("TABLE_CASES"),
  directoryTable: required("TABLE_DIRECTORY"),
  provinceSlug: required("PROVINCE_SLUG"),
  preventionTable: required("TABLE_PREVENTION"),
  // The province file's `statisticsCutOffDay`, set by the deploy (and `npm start`) for every function.
  cutOffDay: integer("STATISTICS_CUTOFF_DAY", defaultCutOffDay),
});

let wired: { service: StatisticsService; store: DynamoStatisticsStore; communes: DynamoDirectoryStore; lists: DynamoProvinceLists } | undefined;
function runtime() {
  if (wired === undefined) {
    const tables = { statistics: config.statisticsTable, reports: config.reportsTable, cases: config.casesTable };
    // Period reports' reasons are sealed (functions/statistics/repository.ts); the keyring is built at the first use.
    let cipherInstance: FieldCipher | undefined;
    const cipher = () => {
      cipherInstance ??= fieldCipherFromEnv();
      return cipherInstance;
    };
    const store = new DynamoStatisticsStore(documentClient, tables, { cipher, province: config.provinceSlug });
    // The prevention registers, for the programme targets they measure (plain fields only: nothing is decrypted).
    const prevention = new DynamoPreventionRepository(documentClient, config.preventionTable, cipher, config.provinceSlug);
    const service = new StatisticsService(store, new DynamoProvinceWatch(documentClient, tables), {
      cutOffDay: config.cutOffDay,
      prevention: { figures: (commune, year) => preventionFigures(prevention, commune, year) },
    });
    wired = {
      service,
      store,
      communes: new DynamoDirectoryStore(documentClient, config.directoryTable),
      lists: new DynamoProvinceLists(documentClient, tables),
    };
  }
  return wired;
}

async function communeNames() {
  return (await runtime().communes.listCommunes()).map((commune) => ({ code: commune.code, name: commune.name, nameEn: commune.nameEn }));
}

const period = z
  .string()
  .check(
    z.refine((value) => isPeriodId(value), bilingualError("Kỳ là một năm (2026) hoặc nửa năm (2026-H1)", "A period is a year (2026) or a half-year (2026-H1)")),
  );
const communePeriodPath = z.object({ commune: kitSchemas.communeCode, period });
const provincePeriodPath = z.object({ period });
const versioned = z.strictObject({ expectedVersion: kitSchemas.expectedVersion });
const withReason = z.strictObject({ expectedVersion: kitSchemas.expectedVersion, reason: kitSchemas.text(500) });
const count = z.number().check(z.int(), z.minimum(0), z.maximum(10_000_000));
const entries = z.strictObject({
  expectedVersion: kitSchemas.expectedVersion,
  entered: z.optional(z.record(z.string().check(z.maxLength(80)), z.nullable(count))),
  corrections: z.optional(z.record(z.string().check(z.maxLength(120)), z.nullable(z.strictObject({ value: count, reason: kitSchemas.text(500) })))),
});
/** `communes=13285,13291`: a chosen set (at most 50), or every commune when absent. */
const communeSet = z.optional(
  z.string().check(z.regex(/^\d{5}(,\d{5}){0,49}$/, bilingualError("Danh sách mã xã, cách nhau bởi dấu phẩy", "Commune codes separated by commas"))),
);
const provinceCasesQuery = z.strictObject({
  communes: communeSet,
  status: z.optional(z.enum(caseStatuses)),
  priority: z.optional(z.enum(casePriorities)),
  limit: kitSchemas.pageLimit(100, 25),
  cursor: z.optional(kitSchemas.cursorParam),
});
const provinceReportsQuery = z.strictObject({
  communes: communeSet,
  status: z.optional(z.enum(reportStatuses)),
  channel: z.optional(z.enum(reportChannels)),
  limit: kitSchemas.pageLimit(100, 25),
  cursor: z.optional(kitSchemas.cursorParam),
});
/** `communes=a,b` → the list's set of communes (absent: every commune). */
function withCommuneSet<Q extends { communes?: string | undefined }>({ communes, ...rest }: Q) {
  return { ...rest, ...(communes ? { communes: communes.split(",") } : {}) };
}
const exportQuery = z.strictObject({ format: z._default(z.enum(["xlsx", "csv"]), "xlsx") });

async function resolveCommune({ path }: { path: Record<string, string> }) {
  const code = String(path.commune);
  return (await runtime().communes.getCommune(code)) ? { commune: code, resource: undefined } : undefined;
}

const periodOf = (path: Record<string, string>) => String(path.period) as PeriodId;

/** The routes this function serves: its domain's table (and the officer access check). */
const served: HttpFunctionOptions = { name: "statistics", table: statisticsRouteTable, officers: officerAccess };

export const handler = httpFunction(served, {
  "GET /api/statistics/communes/{commune}/periods/{period}": officerRoute({
    path: communePeriodPath,
    resolve: resolveCommune,
    handle: async ({ path }) => ok(await runtime().service.communeFigures(String(path.commune), periodOf(path))),
  }),
  "PUT /api/statistics/communes/{commune}/periods/{period}": officerRoute({
    path: communePeriodPath,
    body: entries,
    resolve: resolveCommune,
    handle: async ({ path, body, officer }) => ok(await runtime().service.enter(officer, String(path.commune), periodOf(path), body)),
  }),
  "POST /api/statistics/communes/{commune}/periods/{period}/submit": officerRoute({
    path: communePeriodPath,
    body: versioned,
    resolve: resolveCommune,
    handle: async ({ path, body, officer }) => ok(await runtime().service.submit(officer, String(path.commune), periodOf(path), body.expectedVersion)),
  }),
  "POST /api/statistics/communes/{commune}/periods/{period}/approve": officerRoute({
    path: communePeriodPath,
    body: versioned,
    resolve: resolveCommune,
    handle: async ({ path, body, officer }) => ok(await runtime().service.approve(officer, String(path.commune), periodOf(path), body.expectedVersion)),
  }),
  "POST /api/statistics/communes/{commune}/periods/{period}/return": officerRoute({
    path: communePeriodPath,
    body: withReason,
    resolve: resolveCommune,
    handle: async ({ path, body, officer }) =>
      ok(await runtime().service.returnReport(officer, String(path.commune), periodOf(path), body.expectedVersion, body.reason)),
  }),
  "POST /api/statistics/communes/{commune}/periods/{period}/reopen": officerRoute({
    path: communePeriodPath,
    body: withReason,
    resolve: resolveCommune,
    handle: async ({ path, body, officer }) =>
      ok(await runtime().service.reopen(officer, String(path.commune), periodOf(path), body.expectedVersion, body.reason)),
  }),
  "GET /api/statistics/communes/{commune}/periods/{period}/export": officerRoute({
    path: communePeriodPath,
    query: exportQuery,
    resolve: resolveCommune,
    handle: async ({ path, query }) => {
      const commune = (await communeNames()).find((entry) => entry.code === path.commune);
      const figures = await runtime().service.communeFigures(String(path.commune), periodOf(path));
      return exportReply(
        query.format,
        { title: `${commune?.name ?? String(path.commune)} — ${String(path.period)}`, tables: figures.tables },
        `thong-ke-${String(path.commune)}-${String(path.period)}`,
      );
    },
  }),
  "GET /api/statistics/province/periods/{period}": officerRoute({
    path: provincePeriodPath,
    handle: async ({ path }) => ok(await runtime().service.provinceFigures(periodOf(path), await communeNames())),
  }),
  "GET /api/statistics/province/periods/{period}/export": officerRoute({
    path: provincePeriodPath,
    query: exportQuery,
    handle: async ({ path, query }) => {
      const figures = await runtime().service.provinceFigures(periodOf(path), await communeNames());
      return exportReply(query.format, { title: `Toàn tỉnh — ${String(path.period)}`, tables: figures.tables }, `thong-ke-tinh-${String(path.period)}`);
    },
  }),
  "GET /api/statistics/dashboard": officerRoute({
    handle: async () => ok(await runtime().service.dashboard(await communeNames())),
  }),
  "GET /api/province/cases": officerRoute({
    query: provinceCasesQuery,
    handle: async ({ query }) => ok(await runtime().lists.cases(withCommuneSet(query))),
  }),
  "GET /api/province/reports": officerRoute({
    query: provinceReportsQuery,
    handle: async ({ query }) => ok(await runtime().lists.reports(withCommuneSet(query))),
  }),
  "GET /api/public/statistics/{year}": route({
    handle: async ({ path }) => {
      const year = /^\d{4}$/.exec(String(path.year))?.[0];
      if (year === undefined) {
        throw problems.validation([{ field: "path.year", message: "Năm gồm 4 chữ số", message_en: "A year has 4 digits" }]);
      }
      const reports = await runtime().store.periodReports(year as PeriodId);
      return ok(publicFigures(year, reports, (await communeNames()).length));
    },
  }),
}).use(binaryReplies());
