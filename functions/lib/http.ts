import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import { MetricUnit } from "@aws-lambda-powertools/metrics";
import { logMetrics } from "@aws-lambda-powertools/metrics/middleware";
import middy from "@middy/core";
import httpJsonBodyParser from "@middy/http-json-body-parser";
import httpSecurityHeaders from "@middy/http-security-headers";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from "aws-lambda";
import type * as z from "zod/mini";
import { authorize, type QueryScope, type ResourceScope, scopeOf } from "../../shared/permissions.ts";
import { tableDefinitions } from "../../shared/tables.ts";
import { type FunctionName, type OfficerRouteDefinition, type RouteDefinition, routeKey, routeTable } from "../routes.ts";
import { type AuditOutcome, type AuditSink, DynamoAuditRepository } from "./audit.ts";
import { AuthenticationError, authenticate, IdentityProviderUnavailableError, type Officer } from "./auth.ts";
import { fromOrigin, originVerifyHeader } from "./client-address.ts";
import { documentClient } from "./dynamo.ts";
import { integer, optional, required, settings } from "./kit/config.ts";
import { DomainError } from "./kit/errors.ts";
import { logger, metrics } from "./powertools.ts";
import { HttpProblem, problems } from "./problem.ts";
import { DynamoRevocationStore } from "./revocation-store.ts";
import { CachedRevocationLookup, isRevoked, maxRevocationCacheSeconds, type RevocationLookup } from "./revocations.ts";
import { tracingMiddleware } from "./tracing.ts";
import { parseOrProblem } from "./validation.ts";

/**
 * The shared stack's settings (read at first use). `REVOCATION_CACHE_SECONDS` (0 to 30, unset: 0)
 * is how long a container keeps an officer's revocation lookup — the longest a revoked token still
 * works there (docs/data-model.md, "the revocation delay"); deployed functions set `deployedRevocationCacheSeconds`.
 */
export const stackSettings = settings({
  revocationsTable: required(tableDefinitions.revocations.envVar),
  auditTable: required(tableDefinitions.audit.envVar),
  revocationCacheSeconds: integer("REVOCATION_CACHE_SECONDS", 0),
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

type HttpEvent = Omit<APIGatewayProxyEventV2, "body"> & { body?: unknown };
type HttpRequest = middy.Request<HttpEvent, APIGatewayProxyStructuredResultV2>;

const jsonHeaders = { "content-type": "application/json; charset=utf-8" };

/** What the access control learnt about one officer-route request, for the handler and the audit entry. */
interface AccessState {
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

/** What a record id in an audit entry may look like; anything else is recorded as `(invalid)`. */
const auditableId = /^[A-Za-z0-9._~-]{1,128}$/;

/** Per invocation, keyed by the Lambda context object middy hands to every middleware and the handler. */
const accessStates = new WeakMap<object, AccessState>();

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
 * The security-headers middleware gives every answer a CSP made for JSON (sandbox, no forms);
 * a server-rendered page keeps its own (`htmlSecurityHeaders`). Registered before that middleware,
 * so it runs after it.
 */
const pagePolicy = (): middy.MiddlewareObj<HttpEvent, APIGatewayProxyStructuredResultV2> => {
  const after = (request: HttpRequest) => {
    const headers = request.response?.headers;
    if (!headers || !String(headers["content-type"] ?? "").startsWith("text/html")) return;
    for (const name of Object.keys(headers)) {
      if (name.toLowerCase() === "content-security-policy" && name !== "content-security-policy") delete headers[name];
    }
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

/**
 * Authentication and authorization of officer routes, in one place, before the body is even
 * parsed: the ID token is verified (401 otherwise), the path validated, the resource's scope found
 * — the province, or the commune of the record the route's `resolve` loads — and `authorize`
 * decides. A refusal is a 404 that does not say whether the record exists.
 */
const accessControl = (
  definitions: ReadonlyMap<string, RouteDefinition>,
  routes: RouteMap,
): middy.MiddlewareObj<HttpEvent, APIGatewayProxyStructuredResultV2> => ({
  before: async (request) => {
    const definition = definitions.get(request.event.routeKey);
    if (definition?.access !== "officer") return;
    const selected = routes[request.event.routeKey] as OfficerRoute<unknown, unknown, unknown>;
    const state: AccessState = { definition, at: new Date().toISOString() };
    accessStates.set(request.context, state);

    let resolving: ReturnType<NonNullable<typeof selected.resolve>> | undefined;
    try {
      const { officer, issuedAt } = await authenticate(request.event.headers?.authorization);
      const revokedAt = revocationLookup().revokedAt(officer.id);
      // The record's `resolve` does not wait for the revocation lookup (two independent reads,
      // one round trip): what it loads is used only once the token is known not to be revoked.
      resolving = startResolve(definition, selected, officer, (request.event.pathParameters ?? {}) as Record<string, string>);
      // A token issued at or before the officer's latest revocation (disabled, roles or
      // jurisdiction changed) is refused like an expired one. One GetItem; a failure of the
      // lookup is not a pass (it surfaces as 503/500 below, and is audited).
      if (isRevoked(issuedAt, await revokedAt)) throw new AuthenticationError("revoked");
      state.officer = officer;
    } catch (error) {
      if (error instanceof AuthenticationError) {
        state.denied = true;
        logger.info("unauthenticated", { route: routeKey(definition), reason: error.message });
        throw problems.unauthenticated();
      }
      if (error instanceof IdentityProviderUnavailableError) {
        logger.error("identity provider unavailable", { reason: error.message });
        throw problems.serviceUnavailable();
      }
      throw error;
    }
    const officer = state.officer;
    const rawPath = (request.event.pathParameters ?? {}) as Record<string, string>;
    if (definition.audit.record) {
      const id = rawPath[definition.audit.record.param];
      // Recorded before validation (a refused request names its target too), but only in a safe
      // shape: the value becomes a key of the byRecord index.
      if (id !== undefined) state.recordKey = `${definition.audit.record.type}#${auditableId.test(id) ? id : "(invalid)"}`;
    }
    state.path = selected.path ? parseOrProblem(selected.path, rawPath, "path") : rawPath;

    if (definition.permission === "signed-in") {
      state.allowed = true;
      return;
    }
    let scope: ResourceScope = "province";
    if (definition.scope === "record") {
      const found = await (resolving ?? (selected.resolve as NonNullable<typeof selected.resolve>)({ path: state.path, officer }));
      if (found === undefined) throw problems.hidden();
      scope = { commune: found.commune };
      state.resource = found.resource;
      if (found.label !== undefined) state.recordLabel = found.label;
    }
    const decision = authorize(officer, definition.permission, scope);
    if (!decision.allowed) {
      state.denied = true;
      logger.info("access denied", { route: routeKey(definition), reason: decision.reason });
      throw problems.hidden();
    }
    state.allowed = true;
  },
});

/**
 * Starts a record-scoped route's `resolve` on its validated path, or answers undefined (no
 * resolve, or a path that does not validate: its problem is raised later, in its usual place).
 * A failure is kept for whoever awaits the promise, and never reported as unhandled meanwhile.
 */
function startResolve(
  definition: OfficerRouteDefinition,
  selected: OfficerRoute<unknown, unknown, unknown>,
  officer: Officer,
  rawPath: Record<string, string>,
): ReturnType<NonNullable<typeof selected.resolve>> | undefined {
  if (definition.scope !== "record" || selected.resolve === undefined) return undefined;
  let path: Record<string, string>;
  try {
    path = selected.path ? parseOrProblem(selected.path, rawPath, "path") : rawPath;
  } catch {
    return undefined;
  }
  const resolving = selected.resolve({ path, officer });
  resolving.catch(() => undefined);
  return resolving;
}

/**
 * The function's revocation lookup, built at the first officer request (public-only functions
 * never need it): one GetItem per officer and container at most every REVOCATION_CACHE_SECONDS.
 */
let revocations: RevocationLookup | undefined;
function revocationLookup(): RevocationLookup {
  if (revocations === undefined) {
    const seconds = stackSettings.revocationCacheSeconds;
    if (seconds < 0 || seconds > maxRevocationCacheSeconds)
      throw new Error(`REVOCATION_CACHE_SECONDS must be between 0 and ${String(maxRevocationCacheSeconds)}, not ${String(seconds)}`);
    const store = new DynamoRevocationStore(documentClient, stackSettings.revocationsTable);
    revocations = seconds === 0 ? store : new CachedRevocationLookup(store, seconds * 1000);
  }
  return revocations;
}

/** The function's audit repository, built at the first officer request (public-only functions never need it). */
let auditSink: AuditSink | undefined;
function auditRepository(): AuditSink {
  auditSink ??= new DynamoAuditRepository(documentClient, stackSettings.auditTable);
  return auditSink;
}

function outcomeOf(state: AccessState, status: number): AuditOutcome {
  if (state.denied) return "denied";
  return state.allowed && status < 400 ? "allowed" : "failed";
}

/**
 * One audit entry per officer-route request, written here — after a success, after any error
 * (denied and failed requests included) — so no handler can forget it. If the entry cannot be
 * written the request fails with 503: nothing is answered unaudited.
 */
const auditTrail = (): middy.MiddlewareObj<HttpEvent, APIGatewayProxyStructuredResultV2> => {
  const write = async (request: HttpRequest, state: AccessState): Promise<boolean> => {
    state.auditAttempted = true;
    const status = request.response?.statusCode ?? 500;
    try {
      await auditRepository().append({
        at: state.at,
        ...(state.officer ? { officerId: state.officer.id } : {}),
        action: state.definition.audit.action,
        ...(state.recordKey === undefined ? {} : { recordKey: state.recordKey }),
        ...(state.recordLabel === undefined ? {} : { recordLabel: state.recordLabel }),
        ...(state.handOver === undefined ? {} : { handOver: state.handOver }),
        outcome: outcomeOf(state, status),
        status,
        requestId: request.context.awsRequestId,
      });
      return true;
    } catch (error) {
      logger.error("audit entry not written", { errorName: (error as Error).name, route: request.event.routeKey });
      metrics.addMetric("AuditWriteFailed", MetricUnit.Count, 1);
      return false;
    }
  };
  return {
    after: async (request) => {
      const state = accessStates.get(request.context);
      if (!state || state.auditAttempted) return;
      if (!(await write(request, state))) throw problems.serviceUnavailable();
    },
    onError: async (request) => {
      const state = accessStates.get(request.context);
      if (!state || state.auditAttempted) return;
      if (!(await write(request, state))) request.response = problemResponse(problems.serviceUnavailable(), request.context.awsRequestId);
    },
  };
};

function problemResponse(problem: HttpProblem, requestId: string): APIGatewayProxyStructuredResultV2 {
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
    if (problem.statusCode >= 500) metrics.addMetric("ServerError", MetricUnit.Count, 1);
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
    metrics.addMetric(`Http${String(Math.floor(status / 100))}xx`, MetricUnit.Count, 1);
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
export function httpFunction(functionName: FunctionName, routes: RouteMap, table: readonly RouteDefinition[] = routeTable) {
  const definitions = checkRouteMap(functionName, routes, table);
  const stack = middy<HttpEvent, APIGatewayProxyStructuredResultV2>({ timeoutEarlyInMillis: 0 })
    .use(injectLambdaContext(logger, { logEvent: false, resetKeys: true }))
    .use(tracingMiddleware())
    .use(logMetrics(metrics))
    .use(accessLog())
    .use(originGate())
    .use(accessControl(definitions, routes))
    .use(bodyIntake(routes))
    .use(httpJsonBodyParser({ disableContentTypeError: true }))
    .use(pagePolicy())
    .use(httpSecurityHeaders())
    .use(noStore())
    .use(auditTrail())
    .use(problemErrors())
    .handler((event, context) => dispatch(routes, event, context));
  // The keys the function serves, for the test that walks the route table.
  return Object.assign(stack, { routeKeys: Object.keys(routes) as readonly string[], routes: routes as Readonly<RouteMap> });
}

export const ok = (body: unknown): Reply => ({ body });
