import type middy from "@middy/core";

/**
 * `#tracing` in a bundle built without SDK tracing (see ./tracing.ts): the same exports, doing
 * nothing, so neither Powertools' Tracer nor aws-xray-sdk-core is bundled.
 */
export function traced<Client>(client: Client): Client {
  return client;
}

/** No middleware: the stack leaves it out (middy refuses an empty one). */
export function tracingMiddleware(): middy.MiddlewareObj | undefined {
  return undefined;
}
