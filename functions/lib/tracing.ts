import type { Tracer } from "@aws-lambda-powertools/tracer";
import { captureLambdaHandler } from "@aws-lambda-powertools/tracer/middleware";
import type middy from "@middy/core";
import { flag, optional, settings } from "./kit/config.ts";

/**
 * X-Ray tracing, loaded only when it is on. Importing Powertools' tracer imports the X-Ray SDK,
 * whose cls-hooked context installs an async hook at import time: from then on every promise of
 * the process pays for it, traced or not (the local runtime, the tests, the bench). So the tracer
 * is imported here, lazily, only in a Lambda with tracing on (`POWERTOOLS_TRACE_ENABLED` unset or
 * true, as Powertools itself decides) — and this is the one module that knows about it.
 *
 *   traceClient(new DynamoDBClient({}))  // instrumented once tracing has started
 *   await startTracing()                 // at the start of an invocation (the HTTP stack does it)
 */
const config = settings({
  enabled: flag("POWERTOOLS_TRACE_ENABLED", true),
  // Set by the Lambda runtime ("AWS_Lambda_nodejs22.x"): how Powertools itself tells it runs in Lambda.
  executionEnvironment: optional("AWS_EXECUTION_ENV"),
});

type TraceableClient = Parameters<Tracer["captureAWSv3Client"]>[0];

const clients: TraceableClient[] = [];
let tracer: Tracer | undefined;
let starting: Promise<Tracer | undefined> | undefined;

/** Whether this process traces: in Lambda, unless POWERTOOLS_TRACE_ENABLED says false. */
export function tracingEnabled(): boolean {
  return config.enabled && config.executionEnvironment !== undefined;
}

/** An AWS SDK v3 client, instrumented now if tracing has started, otherwise when it starts (never when it is off). */
export function traceClient<C extends TraceableClient>(client: C): C {
  clients.push(client);
  tracer?.captureAWSv3Client(client);
  return client;
}

/** Loads the tracer once, when tracing is on, and instruments the clients registered so far. */
export function startTracing(): Promise<Tracer | undefined> {
  starting ??= tracingEnabled()
    ? import("@aws-lambda-powertools/tracer").then(({ Tracer }) => {
        tracer = new Tracer();
        for (const client of clients) tracer.captureAWSv3Client(client);
        return tracer;
      })
    : Promise.resolve(undefined);
  return starting;
}

/** Powertools' handler segment for the HTTP stack when tracing is on; nothing at all otherwise. */
export function tracingMiddleware<Event, Result>(): middy.MiddlewareObj<Event, Result> {
  let inner: middy.MiddlewareObj<Event, Result> | undefined;
  return {
    before: async (request) => {
      const started = await startTracing();
      if (started === undefined) return;
      inner ??= captureLambdaHandler(started, { captureResponse: false }) as middy.MiddlewareObj<Event, Result>;
      await inner.before?.(request);
    },
    after: async (request) => {
      await inner?.after?.(request);
    },
    onError: async (request) => {
      await inner?.onError?.(request);
    },
  };
}
