import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from "aws-lambda";
import { httpFunctions } from "../../functions/catalogue.ts";
import { type FunctionName, fallbackFunction, type RouteDefinition, routeKey, routeTable } from "../../functions/routes.ts";
import { type HttpRequestLike, httpApiEvent, lambdaContext, type MatchedRoute } from "./lambda-events.ts";

/**
 * The local stand-in for API Gateway: matches a request against the route table (the same one
 * CDK turns into HTTP API routes), builds the v2 event and invokes the real handler module.
 */
type HttpHandler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;

/** What routing needs of a route definition (tests pass made-up routes). */
type RoutableDefinition = Pick<RouteDefinition, "method" | "path" | "function">;

interface CompiledRoute {
  definition: RoutableDefinition;
  pattern: RegExp;
  names: string[];
}

function compile(definition: RoutableDefinition): CompiledRoute {
  const names: string[] = [];
  const source = definition.path
    .split("/")
    .map((segment) => {
      const greedy = /^\{(\w+)\+\}$/.exec(segment);
      if (greedy?.[1]) {
        names.push(greedy[1]);
        return "(.+)";
      }
      const param = /^\{(\w+)\}$/.exec(segment);
      if (param?.[1]) {
        names.push(param[1]);
        return "([^/]+)";
      }
      return segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    })
    .join("/");
  return { definition, pattern: new RegExp(`^${source}$`), names };
}

/** Each route table is compiled once (the server matches every request against the same table). */
const compiledTables = new WeakMap<readonly RoutableDefinition[], readonly CompiledRoute[]>();
function compiledRoutes(routes: readonly RoutableDefinition[]): readonly CompiledRoute[] {
  let compiled = compiledTables.get(routes);
  if (compiled === undefined) {
    compiled = routes.map(compile).sort((a, b) => a.names.length - b.names.length);
    compiledTables.set(routes, compiled);
  }
  return compiled;
}

export interface ApiMatch extends MatchedRoute {
  function: FunctionName;
}

/**
 * API Gateway's choice: an exact route wins over one with parameters; anything unmatched (wrong
 * path or wrong method) goes to `$default`.
 */
export function matchRoute(method: string, path: string, routes: readonly RoutableDefinition[] = routeTable): ApiMatch {
  for (const route of compiledRoutes(routes)) {
    if (route.definition.method !== method.toUpperCase()) continue;
    const match = route.pattern.exec(path);
    if (!match) continue;
    const pathParameters = Object.fromEntries(route.names.map((name, index) => [name, decodeURIComponent(match[index + 1] ?? "")]));
    return { routeKey: routeKey(route.definition), pathParameters, function: route.definition.function };
  }
  return { routeKey: "$default", function: fallbackFunction };
}

const handlers = new Map<FunctionName, Promise<HttpHandler>>();

/** Imports a function's handler module once, like a warm Lambda container. */
function loadHandler(name: FunctionName): Promise<HttpHandler> {
  let loaded = handlers.get(name);
  if (!loaded) {
    const entry = new URL(`../../${httpFunctions[name].entry}`, import.meta.url).href;
    loaded = import(entry).then((module: { handler: HttpHandler }) => module.handler);
    handlers.set(name, loaded);
  }
  return loaded;
}

export interface ApiResponse {
  statusCode: number;
  headers: Record<string, string>;
  /** Text answers as they are; a binary answer (`isBase64Encoded`, e.g. a DOCX export) as its bytes. */
  body: string | Buffer;
}

export async function invokeApi(request: HttpRequestLike, provinceSlug: string): Promise<ApiResponse> {
  const url = new URL(request.url, "http://localhost");
  const match = matchRoute(request.method, url.pathname);
  const event = httpApiEvent(request, match);
  const handler = await loadHandler(match.function);
  const result = await handler(event, lambdaContext(`pcblgd-${provinceSlug}-${match.function}`));
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(result.headers ?? {})) headers[name.toLowerCase()] = String(value);
  const body = result.isBase64Encoded ? Buffer.from(result.body ?? "", "base64") : (result.body ?? "");
  return { statusCode: result.statusCode ?? 200, headers, body };
}
