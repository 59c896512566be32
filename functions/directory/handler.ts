import * as z from "zod/mini";
import { tableDefinitions } from "../../shared/tables.ts";
import { documentClient } from "../lib/dynamo.ts";
import { requiredEnv } from "../lib/env.ts";
import { httpFunction, ok, publicDirectoryCacheControl, type Reply, route } from "../lib/http.ts";
import { problems } from "../lib/problem.ts";
import { bilingualError } from "../lib/validation.ts";
import { DynamoDirectoryStore } from "./repository.ts";
import { DirectoryService, UnknownCommuneError } from "./service.ts";

const service = new DirectoryService(new DynamoDirectoryStore(documentClient, requiredEnv(tableDefinitions.directory.envVar)));

const communeCode = z.string().check(z.regex(/^\d{5}$/, bilingualError("Mã xã/phường gồm đúng 5 chữ số", "A commune code is exactly 5 digits")));

/** Commune codes in queries are validated twice: shape by zod, existence by the service. */
async function withCommune<T>(code: string | undefined, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof UnknownCommuneError) {
      throw problems.validation([
        {
          field: "query.commune",
          message: `Không có xã/phường mã ${String(code)} trong tỉnh này`,
          message_en: `There is no commune with code ${String(code)} in this province`,
        },
      ]);
    }
    throw error;
  }
}

const communesQuery = z.strictObject({
  q: z._default(z.string().check(z.maxLength(100)), ""),
  limit: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(200)), 50),
});

/**
 * The live directory's answers may be kept one minute by CloudFront and the browser: an officer's
 * change is public within a minute, and a crowd reading the hotlines does not reach the table.
 * (Locally nothing caches: a change shows at once.)
 */
const listed = (body: unknown): Reply => ({ body, headers: { "cache-control": publicDirectoryCacheControl } });

export const handler = httpFunction("directory", {
  "GET /api/health": route({
    handle: async () => {
      const health = await service.health();
      if (health.status !== "ok") throw problems.serviceUnavailable();
      return ok(health);
    },
  }),
  "GET /api/communes": route({
    query: communesQuery,
    handle: async ({ query }) => ok(await service.searchCommunes(query.q, query.limit)),
  }),
  "GET /api/hotlines": route({
    query: z.strictObject({ commune: z.optional(communeCode) }),
    handle: async ({ query }) => listed(await withCommune(query.commune, () => service.hotlines(query.commune))),
  }),
  "GET /api/trusted-addresses": route({
    query: z.strictObject({ commune: communeCode }),
    handle: async ({ query }) => listed(await withCommune(query.commune, () => service.trustedAddresses(query.commune))),
  }),
  "GET /api/directory": route({
    handle: async () => listed(await service.directory()),
  }),
});
