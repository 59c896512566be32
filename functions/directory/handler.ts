import * as z from "zod/mini";
import { tableEnvVar } from "../../shared/table-env.ts";
import { documentClient } from "../lib/dynamo.ts";
import { type HttpFunctionOptions, httpFunction, ok, publicDirectoryCacheControl, type Reply, route } from "../lib/http.ts";
import { kitSchemas, required, settings } from "../lib/kit/index.ts";
import { problems } from "../lib/problem.ts";
import { DynamoDirectoryStore } from "./repository.ts";
import { directoryRouteTable } from "./route-table.ts";
import { DirectoryService } from "./service.ts";

const config = settings({ directoryTable: required(tableEnvVar("directory")) });
const service = new DirectoryService(new DynamoDirectoryStore(documentClient, config.directoryTable));

/** Commune codes in queries are validated twice: shape by zod, existence by the service (InvalidFieldError on `query.commune`). */
const { communeCode } = kitSchemas;

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

/** The routes this function serves: its domain's table (and the officer access check). */
const served: HttpFunctionOptions = { name: "directory", table: directoryRouteTable };

export const handler = httpFunction(served, {
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
    handle: async ({ query }) => listed(await service.hotlines(query.commune)),
  }),
  "GET /api/trusted-addresses": route({
    query: z.strictObject({ commune: communeCode }),
    handle: async ({ query }) => listed(await service.trustedAddresses(query.commune)),
  }),
  "GET /api/directory": route({
    handle: async () => listed(await service.directory()),
  }),
});
