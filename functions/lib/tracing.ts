import { Tracer } from "@aws-lambda-powertools/tracer";
import { captureLambdaHandler } from "@aws-lambda-powertools/tracer/middleware";
import type middy from "@middy/core";

/**
 * X-Ray tracing inside a function: the handler's segment annotated by Powertools (cold start,
 * service, errors) and a subsegment for every AWS SDK call. The one module that loads the tracer
 * (Powertools' Tracer and aws-xray-sdk-core: about a third of the bare DynamoDB client's bundle).
 *
 * Code imports it as `#tracing` (package.json "imports"). A deployment without SDK tracing is
 * bundled with the esbuild condition `pcblgd-no-sdk-tracing`, which resolves `#tracing` to
 * ./tracing-off.ts instead (infra/bundling.ts): the tracer is then not in the bundle at all, and
 * Lambda's own active tracing still records each invocation's initialisation, duration and
 * overhead. Locally and in tests (no bundling) this module is used, with tracing disabled by
 * POWERTOOLS_TRACE_ENABLED=false.
 */
const tracer = new Tracer();

/** The client, its calls recorded as subsegments of the current invocation. */
export function traced<Client>(client: Client): Client {
  return tracer.captureAWSv3Client(client);
}

/** The middy middleware that opens and closes the invocation's (sub)segment. */
export function tracingMiddleware(): middy.MiddlewareObj | undefined {
  return captureLambdaHandler(tracer, { captureResponse: false });
}
