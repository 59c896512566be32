import { randomUUID } from "node:crypto";
import type { APIGatewayProxyEventV2, Context } from "aws-lambda";

/**
 * API Gateway HTTP API (payload 2.0) events and Lambda contexts, shaped as AWS sends them, so the
 * local runtime and the tests call the real handlers exactly as API Gateway would.
 */
export interface HttpRequestLike {
  method: string;
  /** Path and query as the client sent them: `/api/communes?q=phu%20ly`. */
  url: string;
  headers?: Record<string, string | string[] | undefined>;
  body?: Buffer | string;
  sourceIp?: string;
}

export interface MatchedRoute {
  routeKey: string;
  pathParameters?: Record<string, string>;
}

const textTypes = /^(application\/(json|problem\+json|x-www-form-urlencoded)|text\/)/;

export function httpApiEvent(request: HttpRequestLike, route: MatchedRoute): APIGatewayProxyEventV2 {
  const url = new URL(request.url, "http://localhost");
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers ?? {})) {
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(",") : value;
  }
  const cookies = headers.cookie?.split(";").map((cookie) => cookie.trim());
  delete headers.cookie;
  // Repeated query keys are joined by commas, as API Gateway does.
  const query: Record<string, string> = {};
  for (const [name, value] of url.searchParams) query[name] = name in query ? `${query[name]},${value}` : value;
  const body = request.body === undefined || request.body.length === 0 ? undefined : Buffer.from(request.body);
  const isText = body !== undefined && textTypes.test(headers["content-type"] ?? "");
  const now = new Date();
  const requestId = randomUUID();
  return {
    version: "2.0",
    routeKey: route.routeKey,
    rawPath: decodeURIComponent(url.pathname),
    rawQueryString: url.search.slice(1),
    ...(cookies ? { cookies } : {}),
    headers,
    ...(Object.keys(query).length > 0 ? { queryStringParameters: query } : {}),
    ...(route.pathParameters && Object.keys(route.pathParameters).length > 0 ? { pathParameters: route.pathParameters } : {}),
    requestContext: {
      accountId: "000000000000",
      apiId: "local",
      domainName: headers.host ?? "localhost",
      domainPrefix: (headers.host ?? "localhost").split(".")[0] ?? "localhost",
      http: {
        method: request.method.toUpperCase(),
        path: decodeURIComponent(url.pathname),
        protocol: "HTTP/1.1",
        sourceIp: request.sourceIp ?? "127.0.0.1",
        userAgent: headers["user-agent"] ?? "",
      },
      requestId,
      routeKey: route.routeKey,
      stage: "$default",
      time: now.toISOString(),
      timeEpoch: now.getTime(),
    },
    ...(body === undefined ? {} : { body: isText ? body.toString("utf8") : body.toString("base64") }),
    isBase64Encoded: body !== undefined && !isText,
  };
}

/** A Lambda context with a real deadline, so handlers that watch the remaining time behave. */
export function lambdaContext(functionName: string, timeoutMs = 10_000, memoryMb = 512): Context {
  const deadline = Date.now() + timeoutMs;
  const fail = () => {
    throw new Error("The callback API is not used by these handlers");
  };
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: "$LATEST",
    invokedFunctionArn: `arn:aws:lambda:ap-southeast-1:000000000000:function:${functionName}`,
    memoryLimitInMB: String(memoryMb),
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: `local/${new Date().toISOString().slice(0, 10)}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: fail,
    fail,
    succeed: fail,
  };
}
