import type middy from "@middy/core";

/**
 * `#tracing` in a bundle built without SDK tracing (see ./tracing.ts): the same exports, doing
 * nothing, so neither Powertools' Tracer nor aws-xray-sdk-core is bundled.
 */
export function tracingEnabled(): boolean {
  return false;
}

export function traceClient<Client>(client: Client): Client {
  return client;
}

export function startTracing(): Promise<undefined> {
  return Promise.resolve(undefined);
}

/** No middleware: the stack leaves it out (middy refuses an empty one). */
export function tracingMiddleware<Event, Result>(): middy.MiddlewareObj<Event, Result> | undefined {
  return undefined;
}
