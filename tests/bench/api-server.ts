/**
 * The local API server in a process of its own, as `npm start` runs it, so that the benchmark's
 * load generator does not share an event loop with the handlers it measures. Reads the province
 * and DynamoDB endpoint from argv, prints the URL on stdout, stops on SIGTERM.
 *
 *   tsx tests/bench/api-server.ts <province slug> <dynamodb endpoint>
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { deployedRevocationCacheSeconds } from "../../functions/lib/revocations.ts";
import { configureFunctionEnvironment } from "../../infra/local/environment.ts";
import { startLocalServer } from "../../infra/local/server.ts";
import { loadProvince } from "../../infra/provinces/index.ts";

const [provinceSlug, dynamoEndpoint] = process.argv.slice(2);
if (!provinceSlug || !dynamoEndpoint) {
  console.error("usage: tsx tests/bench/api-server.ts <province slug> <dynamodb endpoint>");
  process.exit(2);
}
// Throw-away secrets, key file and outbox: the bench's data is discarded with DynamoDB Local.
const scratch = mkdtempSync(join(tmpdir(), "pcblgd-bench-api-"));
configureFunctionEnvironment({
  provinceSlug,
  caseNumberPrefix: loadProvince(provinceSlug).caseNumberPrefix,
  dynamoEndpoint,
  logLevel: "ERROR",
  receiptCodePepper: randomBytes(32).toString("base64url"),
  nomineeKeySecret: randomBytes(32).toString("base64url"),
  personIndexSecret: randomBytes(32).toString("base64url"),
  attemptLimiterSecret: randomBytes(32).toString("base64url"),
  localDataKeyFile: join(scratch, "data-key.bin"),
  outboxDir: join(scratch, "outbox"),
});
// As deployed (infra/constructs/api-function.ts); the local runtime reads revocations on every request.
process.env.REVOCATION_CACHE_SECONDS = String(deployedRevocationCacheSeconds);
const server = await startLocalServer({ provinceSlug, port: 0 });
process.stdout.write(`${server.url}\n`);
process.once("SIGTERM", () => {
  void server.close().then(() => process.exit(0));
});
