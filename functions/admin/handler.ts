import * as z from "zod/mini";
import { tableEnvVar } from "../../shared/table-env.ts";
import { addDays } from "../../shared/vietnam-time.ts";
import { DynamoCommuneReader } from "../directory/repository.ts";
import { DynamoAuditRepository } from "../lib/audit.ts";
import { documentClient } from "../lib/dynamo.ts";
import { type HttpFunctionOptions, httpFunction, officerRoute, ok } from "../lib/http.ts";
import { kitSchemas, required, settings } from "../lib/kit/index.ts";
import { officerAccess } from "../lib/officer-access.ts";
import { bilingualError } from "../lib/validation.ts";
import { communeLookup, officerId } from "./common.ts";
import { profileOf } from "./profile.ts";
import { adminRouteTable } from "./route-table.ts";

/**
 * The admin function: the signed-in officer's profile (GET /api/me, every officer's first request)
 * and the audit log. Officer administration is the officers function's (officers-handler.ts), so
 * this one loads neither the officer directory nor the Cognito client and holds no Cognito
 * permission. Authentication, `authorize`, the audit entry of every request and turning errors
 * into problems are the shared stack's (functions/lib/http.ts).
 */
const config = settings({
  directoryTable: required(tableEnvVar("directory")),
  auditTable: required(tableEnvVar("audit")),
});
const communes = communeLookup(new DynamoCommuneReader(documentClient, config.directoryTable));
const auditLog = new DynamoAuditRepository(documentClient, config.auditTable);

// ---------------------------------------------------------------------------------------------
// Input schemas.

const { calendarDay: day, cursorParam: cursor, pageLimit } = kitSchemas;

const auditQuery = z
  .strictObject({
    officer: z.optional(officerId),
    record: z.optional(kitSchemas.matching(/^[a-z][a-z-]{0,31}#[A-Za-z0-9._/-]{1,128}$/, "Bản ghi theo dạng <loại>#<mã>", "A record as <type>#<id>")),
    from: z.optional(day),
    to: z.optional(day),
    limit: pageLimit(100, 50),
    cursor: z.optional(cursor),
  })
  .check(
    kitSchemas.daysInOrder("from"),
    z.refine((query) => query.from === undefined || query.to === undefined || addDays(query.from, 366) >= query.to, {
      ...bilingualError("Khoảng thời gian tối đa một năm", "At most one year at a time"),
      path: ["to"],
    }),
  );

// ---------------------------------------------------------------------------------------------
// Routes (the route table, functions/routes.ts, says who may call each).

/** The routes this function serves: its domain's table (and the officer access check). */
const served: HttpFunctionOptions = { name: "admin", table: adminRouteTable, officers: officerAccess };

export const handler = httpFunction(served, {
  "GET /api/me": officerRoute({
    handle: async ({ officer }) => ok(await profileOf(officer, communes)),
  }),
  "GET /api/admin/audit": officerRoute({
    query: auditQuery,
    handle: async ({ query }) =>
      ok(
        await auditLog.list({
          limit: query.limit,
          ...(query.officer === undefined ? {} : { officerId: query.officer }),
          ...(query.record === undefined ? {} : { recordKey: query.record }),
          ...(query.from === undefined ? {} : { from: query.from }),
          ...(query.to === undefined ? {} : { to: query.to }),
          ...(query.cursor === undefined ? {} : { cursor: query.cursor }),
        }),
      ),
  }),
});
