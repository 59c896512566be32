/**
 * The local API server in a process of its own, as `npm start` runs it, so that the benchmark's
 * load generator does not share an event loop with the handlers it measures. Reads the province
 * and DynamoDB endpoint from argv, prints the URL on stdout, stops on SIGTERM.
 *
 *   tsx tests/bench/api-server.ts <province slug> <dynamodb endpoint>
 */
import { configureFunctionEnvironment } from "../../infra/local/environment.ts";
import { startLocalServer } from "../../infra/local/server.ts";

const [provinceSlug, dynamoEndpoint] = process.argv.slice(2);
if (!provinceSlug || !dynamoEndpoint) {
  console.error("usage: tsx tests/bench/api-server.ts <province slug> <dynamodb endpoint>");
  process.exit(2);
}
configureFunctionEnvironment({ provinceSlug, dynamoEndpoint, logLevel: "ERROR" });
const server = await startLocalServer({ provinceSlug, port: 0 });
process.stdout.write(`${server.url}\n`);
process.once("SIGTERM", () => {
  void server.close().then(() => process.exit(0));
});
