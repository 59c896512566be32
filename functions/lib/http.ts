import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import middy from "@middy/core";
import httpJsonBodyParser from "@middy/http-json-body-parser";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from "aws-lambda";
import type * as z from "zod/mini";
import { tracingMiddleware } from "#tracing";
import { type QueryScope, scopeOf } from "../../shared/permissions.ts";
import { apiSecurityHeaders } from "../../shared/security-headers.ts";
import { routeKey } from "../route-key.ts";
import type { FunctionName, OfficerRouteDefinition, RouteDefinition } from "../routes.ts";
import type { Officer } from "./auth.ts";
import { fromOrigin, originVerifyHeader } from "./client-address.ts";
import { optional, settings } from "./kit/config.ts";
import { DomainError } from "./kit/errors.ts";
import { logger } from "./powertools.ts";
import { HttpProblem, problems } from "./problem.ts";
import { parseOrProblem } from "./validation.ts";

/**
 * The shared stack's settings (read at first use); the officer routes' own (tables, the revocation
 * cache) are in officer-access.ts.
 */
export const stackSettings = settings({
  originVerifySecret: optional("ORIGIN_VERIFY_SECRET"),
  lambdaFunction: optional("AWS_LAMBDA_FUNCTION_NAME"),
});

/** What a route's handler receives: validated input only, no AWS types. */
export interface RouteInput<Query, Body> {
  query: Query;
  body: Body;
  path: Record<string, string>;
  requestId: string;
  /** Request headers, names lower-cased. Never log them: they may carry personal data. */
  headers: Record<string, string | undefined>;
  /** The TCP peer as API Gateway saw it (behind CloudFront, an edge: use clientAddress()). Never log or store it in clear. */
  sourceIp: string | undefined;
  /** The body came as a plain HTML form post (a route with `form`): answer with `html`. */
  viaForm: boolean;
  /** Milliseconds left before the function times out. */
  remainingTimeMs: () => number;
}

/** What an officer route's handler receives besides: who calls, where they may look, and the record checked. */
export interface OfficerRouteInput<Query, Body, Resource> extends RouteInput<Query, Body> {
  officer: Officer;
  /** The commune filter every list query of this officer applies (`scopeOf`, the one place that computes it). */
  scope: QueryScope;
  /** What the route's `resolve` loaded and `authorize` checked (record-scoped routes); undefined otherwise. */
  resource: Resource;
}

export interface Reply {
  status?: number;
  body: unknown;
  /** An HTML page instead of JSON (answers to plain form posts). */
  html?: string;
  headers?: Record<string, string>;
  /** The record the request created (`<type>#<id>`), for the audit entry of a route whose path names none. */
  recordKey?: string;
  /** A record handed from one commune to another: the audit entry names both. */
  handOver?: { from: string; to: string };
}

/** Where a record-scoped route's resource lives: loaded from the store, never taken from the request. */
export interface Resolved<Resource> {
  commune: string;
  resource: Resource;
  /** What officers call the record (a case's number), for the audit log. */
  label?: string;
}

/**
 * A route that also takes a plain HTML form post (application/x-www-form-urlencoded), for pages
 * that must work without JavaScript: `toBody` turns the fields into the JSON body shape, which the
 * route's `body` schema then validates like any JSON body; problems are answered as an HTML page.
 */
export interface FormSupport {
  toBody: (fields: URLSearchParams) => unknown;
  problemPage: (problem: HttpProblem) => string;
}

export interface Route<Query = unknown, Body = unknown> {
  access?: "public";
  query?: z.ZodMiniType<Query>;
  body?: z.ZodMiniType<Body>;
  form?: FormSupport;
  /** The largest body accepted, in bytes (default `defaultMaxBodyBytes`): larger ones get a 413 before parsing. */
  maxBodyBytes?: number;
  handle: (input: RouteInput<Query, Body>) => Promise<Reply>;
}

export interface OfficerRoute<Query = unknown, Body = unknown, Resource = undefined> {
  access: "officer";
  /** Path parameters, validated after authentication and before `resolve`. */
  path?: z.ZodMiniType<Record<string, string>>;
  query?: z.ZodMiniType<Query>;
  body?: z.ZodMiniType<Body>;
  maxBodyBytes?: number;
  /**
   * Record-scoped routes (route table `scope: "record"`): load the record — for a nested item,
   * its parent — and return its commune; undefined when it does not exist (404).
   */
  resolve?: (input: { path: Record<string, string>; officer: Officer }) => Promise<Resolved<Resource> | undefined>;
  handle: (input: OfficerRouteInput<Query, Body, Resource>) => Promise<Reply>;
}

/** A route with its input types erased, as the dispatcher sees it: it validates before calling. */
export type ErasedRoute =
  | (Route<unknown, unknown> & { path?: undefined; resolve?: undefined })
  | (OfficerRoute<unknown, unknown, unknown> & { form?: undefined });

/** Bodies above this many bytes are refused with a 413 before they are parsed (routes may lower or raise it). */
export const defaultMaxBodyBytes = 64 * 1024;

/** Declares a public route with its schemas, so the handler's input is typed from them. */
export function route<Query = undefined, Body = undefined>(definition: Route<Query, Body>): ErasedRoute {
  return definition as unknown as ErasedRoute;
}

/** Declares an officer route: the stack authenticates, authorizes and audits before and after `handle`. */
export function officerRoute<Query = undefined, Body = undefined, Resource = undefined>(
  definition: Omit<OfficerRoute<Query, Body, Resource>, "access">,
): ErasedRoute {
  return { ...definition, access: "officer" } as unknown as ErasedRoute;
}

export type RouteMap = Record<string, ErasedRoute>;

export type HttpEvent = Omit<APIGatewayProxyEventV2, "body"> & { body?: unknown };
export type HttpRequest = middy.Request<HttpEvent, APIGatewayProxyStructuredResultV2>;
export type HttpMiddleware = middy.MiddlewareObj<HttpEvent, APIGatewayProxyStructuredResultV2>;

const jsonHeaders = { "content-type": "application/json; charset=utf-8" };

/** What the access control learnt about one officer-route request, for the handler and the audit entry. */
export interface AccessState {
  definition: OfficerRouteDefinition;
  at: string;
  officer?: Officer;
  path?: Record<string, string>;
  resource?: unknown;
  recordKey?: string;
  recordLabel?: string;
  handOver?: { from: string; to: string };
  /** Set once `authorize` allowed the request (or the route is the officer's own profile). */
  allowed?: boolean;
  /** Set when the request was refused: no valid token, or `authorize` said no. */
  denied?: boolean;
  /** The audit write was attempted (it failed): never attempt it twice. */
  auditAttempted?: boolean;
}

/** Per invocation, keyed by the Lambda context object middy hands to every middleware and the handler (written by ./officer-access.ts). */
export const accessStates = new WeakMap<object, AccessState>();

/**
 * The access control and audit trail of officer routes (./officer-access.ts), handed to
 * `httpFunction` by the functions that serve officer routes: a public-only function (the
 * directory) neither bundles the ID-token verifier nor reads the revocation and audit tables.
 */
export interface OfficerAccess {
  control: (definitions: ReadonlyMap<string, RouteDefinition>, routes: RouteMap) => HttpMiddleware;
  audit: () => HttpMiddleware;
}

/**
 * Dispatches on the API Gateway route key ("GET /api/communes"): the route table in
 * functions/routes.ts gives API Gateway (and the local runtime) the same keys, so nothing here
 * matches paths by hand. `$default` — an address no route claims — answers a problem+json 404.
 * Officer routes arrive here already authenticated and authorized (accessControl below).
 */
async function dispatch(routes: RouteMap, event: HttpEvent, context: Context): Promise<APIGatewayProxyStructuredResultV2> {
  const selected = routes[event.routeKey];
  if (!selected) throw problems.notFound();
  const viaForm = formRequests.has(context);
  // The body parser leaves a body it could not treat as JSON as a string.
  if (selected.body && typeof event.body === "string") throw problems.unsupportedMediaType();
  const access = accessStates.get(context);
  if (selected.access === "officer" && !access?.allowed) throw new Error(`officer route ${event.routeKey} reached its handler without an access decision`);
  const input: RouteInput<unknown, unknown> = {
    query: selected.query ? parseOrProblem(selected.query, event.queryStringParameters ?? {}, "query") : undefined,
    body: selected.body ? parseOrProblem(selected.body, event.body, "body") : undefined,
    path: access?.path ?? ((event.pathParameters ?? {}) as Record<string, string>),
    requestId: context.awsRequestId,
    headers: event.headers ?? {},
    sourceIp: event.requestContext?.http?.sourceIp,
    viaForm,
    remainingTimeMs: () => context.getRemainingTimeInMillis(),
  };
  let reply: Reply;
  if (selected.access === "officer") {
    const officer = access?.officer as Officer;
    reply = await selected.handle({ ...input, officer, scope: scopeOf(officer), resource: access?.resource });
  } else {
    reply = await selected.handle(input);
  }
  if (access && reply.recordKey !== undefined) access.recordKey = reply.recordKey;
  if (access && reply.handOver !== undefined) access.handOver = reply.handOver;
  if (reply.html !== undefined) return htmlResponse(reply.status ?? 200, reply.html, reply.headers);
  return {
    statusCode: reply.status ?? 200,
    headers: { ...jsonHeaders, ...reply.headers },
    body: JSON.stringify(reply.body),
  };
}

/** Requests whose body was a plain form post, converted by the route's `toBody` (keyed by the Lambda context). */
const formRequests = new WeakMap<object, FormSupport>();

const formContentType = /^application\/x-www-form-urlencoded\b/i;

/** The body as bytes, however API Gateway delivered it (text or base64). */
function bodyBytes(event: HttpEvent): Buffer | undefined {
  if (typeof event.body !== "string") return undefined;
  return Buffer.from(event.body, event.isBase64Encoded ? "base64" : "utf8");
}

/** CSP of the server-rendered pages (answers to form posts): no script at all, the site's stylesheet, forms to this origin only. */
const htmlSecurityHeaders = {
  "content-security-policy": "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  "referrer-policy": "no-referrer",
  "x-content-type-options": "nosniff",
};

function htmlResponse(status: number, html: string, headers: Record<string, string> = {}): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode: status,
    headers: { "content-type": "text/html; charset=utf-8", "content-language": "vi", ...htmlSecurityHeaders, ...headers },
    body: html,
  };
}

/**
 * Every answer carries the API's security headers (shared/security-headers.ts); a header the
 * answer already has wins, so a server-rendered page keeps its own CSP (`htmlSecurityHeaders`).
 */
const securityHeaders = (): middy.MiddlewareObj<HttpEvent, APIGatewayProxyStructuredResultV2> => {
  const after = (request: HttpRequest) => {
    if (!request.response) return;
    request.response.headers = { ...apiSecurityHeaders, ...request.response.headers };
  };
  return { after, onError: after };
};

/**
 * Before any parsing: a body larger than the route allows is refused (413) without being read
 * further; a plain form post to a route that takes forms is decoded into the route's JSON body
 * shape (and remembered, so problems are answered as an HTML page).
 */
const bodyIntake = (routes: RouteMap): middy.MiddlewareObj<HttpEvent, APIGatewayProxyStructuredResultV2> => ({
  before: (request) => {
    const selected = routes[request.event.routeKey];
    const form = selected?.form;
    const isForm = form !== undefined && formContentType.test(request.event.headers?.["content-type"] ?? "");
    if (isForm) formRequests.set(request.context, form);
    // A request without a body has nothing to parse, whatever its Content-Type says (browsers'
    // fetch wrappers often send one on a GET): the JSON parser would call it malformed. An empty
    // form post stays a form post (it is answered with the HTML problem page).
    if ((request.event.body === undefined || request.event.body === "") && request.event.headers) {
      delete request.event.headers["content-type"];
      delete request.event.body;
    }
    if (!selected) return;
    const bytes = bodyBytes(request.event);
    if (bytes !== undefined && bytes.length > (selected.maxBodyBytes ?? defaultMaxBodyBytes)) throw problems.payloadTooLarge();
    if (isForm) {
      request.event.body = form.toBody(new URLSearchParams(bytes?.toString("utf8") ?? ""));
      request.event.isBase64Encoded = false;
    }
  },
});

export function problemResponse(problem: HttpProblem, requestId: string): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode: problem.statusCode,
    headers: { "content-type": "application/problem+json; charset=utf-8", "content-language": "vi", ...problem.headers },
    body: JSON.stringify({ ...problem.problem, instance: requestId }),
  };
}

/** Maps any error to problem+json; unknown errors become a 500 that reveals nothing. */
const problemErrors = (): middy.MiddlewareObj<HttpEvent, APIGatewayProxyStructuredResultV2> => ({
  onError: (request) => {
    const error = request.error as (Error & { statusCode?: number; expose?: boolean }) | null;
    let problem: HttpProblem;
    if (error instanceof HttpProblem) {
      problem = error;
    } else if (error instanceof DomainError) {
      problem = error.toProblem();
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
    const form = formRequests.get(request.context);
    request.response = form
      ? htmlResponse(problem.statusCode, form.problemPage(problem), problem.headers)
      : problemResponse(problem, request.context.awsRequestId);
  },
});

/** DynamoDB saying "slow down" or not answering in time: the client may retry, so 503, not 500. */
const throttlingNames = new Set(["ThrottlingException", "ProvisionedThroughputExceededException", "RequestLimitExceeded", "TimeoutError"]);
function isThrottling(error: Error | null): boolean {
  return error !== null && throttlingNames.has(error.name);
}

/**
 * The one cache rule a public answer may choose instead of no-store: the live public directory
 * (hotlines, trusted addresses), shared by CloudFront for at most a minute (infra/stacks/web-stack.ts).
 */
export const publicDirectoryCacheControl = "public, max-age=60";

/** API answers are never cached: they may carry officer-only data, and stale hotlines mislead (a public directory answer may be kept a minute). */
const noStore = (): middy.MiddlewareObj<HttpEvent, APIGatewayProxyStructuredResultV2> => {
  const after = (request: middy.Request<HttpEvent, APIGatewayProxyStructuredResultV2>) => {
    if (!request.response) return;
    const chosen = request.response.headers?.["cache-control"];
    const keep = chosen === publicDirectoryCacheControl && request.response.statusCode === 200 && !request.event.headers?.authorization;
    request.response.headers = { ...request.response.headers, "cache-control": keep ? chosen : "no-store" };
  };
  return { after, onError: after };
};

/**
 * The API is reachable only through CloudFront (functions/lib/client-address.ts): in AWS every
 * request must carry the origin secret CloudFront adds, or it is answered like an address nothing
 * serves (404) — so nobody reaches the functions on the execute-api address, where the viewer
 * address header would be theirs to write. A function in Lambda without the secret fails loudly;
 * the local runtime has no other door than its server, which sets the viewer address itself.
 */
const originGate = (): middy.MiddlewareObj<HttpEvent, APIGatewayProxyStructuredResultV2> => {
  return {
    before: (request) => {
      const secret = stackSettings.originVerifySecret;
      if (secret === undefined) {
        if (stackSettings.lambdaFunction !== undefined) throw new Error("Missing environment variable ORIGIN_VERIFY_SECRET");
        return;
      }
      const headers = request.event.headers ?? {};
      if (!fromOrigin(headers, secret)) throw problems.notFound();
      // The handlers never see it.
      delete headers[originVerifyHeader];
    },
  };
};

/** One line per request: the route and the status, never the query, body or client address. */
const accessLog = (): middy.MiddlewareObj<HttpEvent, APIGatewayProxyStructuredResultV2> => {
  const after = (request: middy.Request<HttpEvent, APIGatewayProxyStructuredResultV2>) => {
    const status = request.response?.statusCode ?? 500;
    logger.info("request", { route: request.event.routeKey, status });
  };
  return { after, onError: after };
};

/**
 * Checks, when the function's module loads, that its route map and the route table agree: the
 * same route keys, officer routes declared with `officerRoute` (and public ones with `route`),
 * record-scoped routes with a `resolve`. A disagreement fails the cold start, loudly.
 */
export function checkRouteMap(functionName: FunctionName, routes: RouteMap, table: readonly RouteDefinition[]): Map<string, RouteDefinition> {
  const definitions = new Map(table.filter((definition) => definition.function === functionName).map((definition) => [routeKey(definition), definition]));
  const problemsFound: string[] = [];
  for (const key of Object.keys(routes)) if (!definitions.has(key)) problemsFound.push(`${key} is handled but not in the route table`);
  for (const [key, definition] of definitions) {
    const selected = routes[key];
    if (!selected) {
      problemsFound.push(`${key} is in the route table but has no handler route`);
      continue;
    }
    const declared = selected.access ?? "public";
    if (declared !== definition.access) problemsFound.push(`${key} is "${definition.access}" in the route table but declared "${declared}"`);
    if (definition.access === "officer") {
      if ((definition.scope === "record") !== (selected.resolve !== undefined)) problemsFound.push(`${key}: a resolve exactly when the scope is "record"`);
      const param = definition.audit.record?.param;
      if (param !== undefined && !definition.path.includes(`{${param}}`))
        problemsFound.push(`${key}: the audit record parameter {${param}} is not in the path`);
    }
  }
  if (problemsFound.length > 0) throw new Error(`Route map of "${functionName}" disagrees with the route table:\n  ${problemsFound.join("\n  ")}`);
  return definitions;
}

/**
 * The one middy stack every HTTP function uses. Order matters: Powertools logger, tracer and
 * metrics first; access control of officer routes (before the body is parsed, so an unsigned
 * request learns nothing from it); body parsing; headers; the audit trail; and the problem
 * mapper, registered last so that its onError runs first and the audit and the other middlewares
 * see a finished response.
 */
export interface HttpFunctionOptions {
  /** The function (functions/routes.ts); the routes it serves are those `table` gives it. */
  name: FunctionName;
  /** Its domain's route table (functions/<domain>/route-table.ts), not the whole API's: a bundle carries only its own routes. */
  table: readonly RouteDefinition[];
  /** Required when the function serves officer routes (functions/lib/officer-access.ts). */
  officers?: OfficerAccess;
}

export function httpFunction({ name: functionName, table, officers }: HttpFunctionOptions, routes: RouteMap) {
  const definitions = checkRouteMap(functionName, routes, table);
  const servesOfficers = [...definitions.values()].some((definition) => definition.access === "officer");
  if (servesOfficers && officers === undefined)
    throw new Error(`"${functionName}" serves officer routes: pass officerAccess (functions/lib/officer-access.ts)`);
  // Absent parts (no tracer in the bundle, no officer routes) are left out of the stack.
  const middlewares = [
    injectLambdaContext(logger, { logEvent: false, resetKeys: true }),
    tracingMiddleware(),
    accessLog(),
    originGate(),
    officers?.control(definitions, routes),
    bodyIntake(routes),
    httpJsonBodyParser({ disableContentTypeError: true }),
    securityHeaders(),
    noStore(),
    officers?.audit(),
    problemErrors(),
  ].filter((middleware) => middleware !== undefined) as HttpMiddleware[];
  const stack = middy<HttpEvent, APIGatewayProxyStructuredResultV2>({ timeoutEarlyInMillis: 0 })
    .use(middlewares)
    .handler((event, context) => dispatch(routes, event, context));
  // The keys the function serves, for the test that walks the route table.
  return Object.assign(stack, { routeKeys: Object.keys(routes) as readonly string[], routes: routes as Readonly<RouteMap> });
}

export const ok = (body: unknown): Reply => ({ body });
