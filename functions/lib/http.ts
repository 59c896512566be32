import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import { MetricUnit } from "@aws-lambda-powertools/metrics";
import { logMetrics } from "@aws-lambda-powertools/metrics/middleware";
import { captureLambdaHandler } from "@aws-lambda-powertools/tracer/middleware";
import middy from "@middy/core";
import httpJsonBodyParser from "@middy/http-json-body-parser";
import httpSecurityHeaders from "@middy/http-security-headers";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from "aws-lambda";
import type * as z from "zod/mini";
import { logger, metrics, tracer } from "./powertools.ts";
import { HttpProblem, problems } from "./problem.ts";
import { parseOrProblem } from "./validation.ts";

/** What a route's handler receives: validated input only, no AWS types. */
export interface RouteInput<Query, Body> {
  query: Query;
  body: Body;
  path: Record<string, string>;
  requestId: string;
}

export interface Reply {
  status?: number;
  body: unknown;
  headers?: Record<string, string>;
}

export interface Route<Query = unknown, Body = unknown> {
  query?: z.ZodMiniType<Query>;
  body?: z.ZodMiniType<Body>;
  handle: (input: RouteInput<Query, Body>) => Promise<Reply>;
}

/** A route with its input types erased, as the dispatcher sees it: it validates before calling. */
export type ErasedRoute = Route<unknown, unknown>;

/** Declares a route with its schemas, so the handler's input is typed from them. */
export function route<Query = undefined, Body = undefined>(definition: Route<Query, Body>): ErasedRoute {
  return definition as unknown as ErasedRoute;
}

export type RouteMap = Record<string, ErasedRoute>;

type HttpEvent = Omit<APIGatewayProxyEventV2, "body"> & { body?: unknown };

const jsonHeaders = { "content-type": "application/json; charset=utf-8" };

/**
 * Dispatches on the API Gateway route key ("GET /api/communes"): the route table in
 * functions/routes.ts gives API Gateway (and the local runtime) the same keys, so nothing here
 * matches paths by hand. `$default` — an address no route claims — answers a problem+json 404.
 */
async function dispatch(routes: RouteMap, event: HttpEvent, context: Context): Promise<APIGatewayProxyStructuredResultV2> {
  const selected = routes[event.routeKey];
  if (!selected) throw problems.notFound();
  // The body parser leaves a body it could not treat as JSON as a string.
  if (selected.body && typeof event.body === "string") throw problems.unsupportedMediaType();
  const input: RouteInput<unknown, unknown> = {
    query: selected.query ? parseOrProblem(selected.query, event.queryStringParameters ?? {}, "query") : undefined,
    body: selected.body ? parseOrProblem(selected.body, event.body, "body") : undefined,
    path: (event.pathParameters ?? {}) as Record<string, string>,
    requestId: context.awsRequestId,
  };
  const reply = await selected.handle(input);
  return {
    statusCode: reply.status ?? 200,
    headers: { ...jsonHeaders, ...reply.headers },
    body: JSON.stringify(reply.body),
  };
}

/** Maps any error to problem+json; unknown errors become a 500 that reveals nothing. */
const problemErrors = (): middy.MiddlewareObj<HttpEvent, APIGatewayProxyStructuredResultV2> => ({
  onError: (request) => {
    const error = request.error as (Error & { statusCode?: number; expose?: boolean }) | null;
    let problem: HttpProblem;
    if (error instanceof HttpProblem) {
      problem = error;
    } else if (error?.statusCode === 415) {
      problem = problems.unsupportedMediaType();
    } else if (error?.statusCode === 422 || error?.statusCode === 400) {
      problem = problems.malformedJson();
    } else if (isThrottling(error)) {
      logger.warn("Downstream throttling", { errorName: error?.name });
      problem = problems.serviceUnavailable();
    } else {
      // Only the error's name and stack: messages of SDK errors can quote item values.
      logger.error("Unhandled error", { errorName: error?.name, stack: error?.stack });
      problem = problems.internal();
    }
    if (problem.statusCode >= 500) metrics.addMetric("ServerError", MetricUnit.Count, 1);
    request.response = {
      statusCode: problem.statusCode,
      headers: { "content-type": "application/problem+json; charset=utf-8", "content-language": "vi" },
      body: JSON.stringify({ ...problem.problem, instance: request.context.awsRequestId }),
    };
  },
});

/** DynamoDB saying "slow down" or not answering in time: the client may retry, so 503, not 500. */
const throttlingNames = new Set(["ThrottlingException", "ProvisionedThroughputExceededException", "RequestLimitExceeded", "TimeoutError"]);
function isThrottling(error: Error | null): boolean {
  return error !== null && throttlingNames.has(error.name);
}

/** API answers are never cached: they may carry officer-only data, and stale hotlines mislead. */
const noStore = (): middy.MiddlewareObj<HttpEvent, APIGatewayProxyStructuredResultV2> => {
  const after = (request: middy.Request<HttpEvent, APIGatewayProxyStructuredResultV2>) => {
    if (!request.response) return;
    request.response.headers = { ...request.response.headers, "cache-control": "no-store" };
  };
  return { after, onError: after };
};

/** One line per request: the route and the status, never the query, body or client address. */
const accessLog = (): middy.MiddlewareObj<HttpEvent, APIGatewayProxyStructuredResultV2> => {
  const after = (request: middy.Request<HttpEvent, APIGatewayProxyStructuredResultV2>) => {
    const status = request.response?.statusCode ?? 500;
    logger.info("request", { route: request.event.routeKey, status });
    metrics.addMetric(`Http${String(Math.floor(status / 100))}xx`, MetricUnit.Count, 1);
  };
  return { after, onError: after };
};

/**
 * The one middy stack every HTTP function uses. Order matters: Powertools logger, tracer and
 * metrics first; body parsing; then headers and the problem mapper, registered last so that its
 * onError runs first and the other middlewares see a finished response.
 */
export function httpFunction(routes: RouteMap) {
  return middy<HttpEvent, APIGatewayProxyStructuredResultV2>({ timeoutEarlyInMillis: 0 })
    .use(injectLambdaContext(logger, { logEvent: false, resetKeys: true }))
    .use(captureLambdaHandler(tracer, { captureResponse: false }))
    .use(logMetrics(metrics))
    .use(accessLog())
    .use(httpJsonBodyParser({ disableContentTypeError: true }))
    .use(httpSecurityHeaders())
    .use(noStore())
    .use(problemErrors())
    .handler((event, context) => dispatch(routes, event, context));
}

export const ok = (body: unknown): Reply => ({ body });
