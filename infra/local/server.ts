import { readFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import sirv from "sirv";
import { localUploadPrefix } from "../../functions/commendations/attachments.ts";
import { originVerifyHeader, viewerAddressHeader } from "../../functions/lib/client-address.ts";
import { localAuthConfig } from "../../shared/auth-config.ts";
import { siteSecurityHeaders } from "../../shared/security-headers.ts";
import { cacheControlFor } from "../site-cache.ts";
import { invokeApi } from "./api.ts";
import { receiveLocalUpload } from "./uploads.ts";

/** API Gateway HTTP APIs refuse payloads over 10 MB; so does the local runtime. */
const maxBodyBytes = 10 * 1024 * 1024;

/**
 * Over plain http://localhost the HSTS header and upgrade-insecure-requests would send the browser
 * to https, which nothing serves here; everything else is sent as CloudFront sends it.
 */
const localSiteHeaders = Object.fromEntries(
  Object.entries(siteSecurityHeaders)
    .filter(([name]) => name !== "strict-transport-security")
    .map(([name, value]) => [name, name === "content-security-policy" ? value.replace(/;\s*upgrade-insecure-requests/, "") : value]),
);

function problem(response: ServerResponse, status: number, title: string, titleEn: string): void {
  response.writeHead(status, { "content-type": "application/problem+json; charset=utf-8", "cache-control": "no-store" });
  response.end(JSON.stringify({ type: `urn:pcblgd:problem:http-${String(status)}`, title, title_en: titleEn, status }));
}

function readBody(request: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBodyBytes) {
        reject(Object.assign(new Error("Payload too large"), { status: 413 }));
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on("end", () => resolve(chunks.length > 0 ? Buffer.concat(chunks) : undefined));
    request.on("error", reject);
  });
}

/**
 * What the functions see of a request, as CloudFront would forward it: whatever the client wrote
 * about its own address (X-Forwarded-For and the like, the viewer address header) is dropped, and
 * the viewer address is set from the socket — so a made-up header buys no fresh rate-limit
 * allowance on the laptop either (functions/lib/client-address.ts).
 */
export function asCloudFrontForwards(request: IncomingMessage): IncomingMessage["headers"] {
  const headers = { ...request.headers };
  for (const name of clientAddressHeaders) delete headers[name];
  const ip = request.socket.remoteAddress ?? "127.0.0.1";
  headers[viewerAddressHeader] = `${ip.replace(/^::ffff:/, "")}:${String(request.socket.remotePort ?? 0)}`;
  return headers;
}

/** Headers a client could use to name an address of its choosing. */
const clientAddressHeaders = ["x-forwarded-for", "forwarded", "x-real-ip", "true-client-ip", viewerAddressHeader, originVerifyHeader];

/** Does the path decode? A broken percent-escape (`%E0%A4%A`, `%zz`) is the client's mistake: 400, as API Gateway answers it. */
export function decodablePath(url: string): boolean {
  try {
    decodeURIComponent(new URL(url, "http://localhost").pathname);
    return true;
  } catch {
    return false;
  }
}

const malformedPath = ["Đường dẫn không hợp lệ", "The path is not valid"] as const;

async function serveApi(request: IncomingMessage, response: ServerResponse, provinceSlug: string): Promise<void> {
  if (!decodablePath(request.url ?? "/")) {
    problem(response, 400, ...malformedPath);
    return;
  }
  let body: Buffer | undefined;
  try {
    body = await readBody(request);
  } catch {
    problem(response, 413, "Nội dung gửi lên quá lớn", "Payload too large");
    return;
  }
  const result = await invokeApi(
    {
      method: request.method ?? "GET",
      url: request.url ?? "/",
      headers: asCloudFrontForwards(request),
      ...(body ? { body } : {}),
      sourceIp: request.socket.remoteAddress ?? "127.0.0.1",
    },
    provinceSlug,
  );
  response.writeHead(result.statusCode, result.headers);
  response.end(result.body);
}

/** No file: the site's own 404 page with status 404, as CloudFront's error response serves it. */
function serveNotFoundPage(response: ServerResponse, siteDir: string): void {
  readFile(join(siteDir, "404.html"))
    .then((page) => {
      response.writeHead(404, { ...localSiteHeaders, "content-type": "text/html; charset=utf-8", "cache-control": "no-cache" });
      response.end(page);
    })
    .catch(() => problem(response, 404, "Không tìm thấy", "Not found"));
}

/** The local OpenID provider as the server sees it (infra/local/oidc/provider.ts). */
export interface OidcMount {
  handle(request: IncomingMessage, response: ServerResponse): Promise<void>;
}

export interface LocalServerOptions {
  provinceSlug: string;
  /** The built site (web/dist); when omitted only /api/*, /oidc/* and /auth-config.json are served. */
  siteDir?: string;
  port: number;
  host?: string;
  /**
   * Serve /api/* through the functions (default). The site-only browser tests pass false: they run
   * no database and set no function environment, so /api/* answers 503 as an unreachable API would,
   * and the pages show what they show when the API is down.
   */
  api?: boolean;
}

export interface LocalServer {
  server: Server;
  /** `http://localhost:<port>`: the origin the browser uses, and the OpenID issuer's. */
  url: string;
  /**
   * Mounts the local OpenID provider under /oidc and serves /auth-config.json for it. Called once
   * the server listens, since the issuer names the port.
   */
  mountOidc(oidc: OidcMount): void;
  close(): Promise<void>;
}

function serveAuthConfig(response: ServerResponse, origin: string): void {
  response.writeHead(200, { ...localSiteHeaders, "content-type": "application/json", "cache-control": "no-cache" });
  response.end(JSON.stringify(localAuthConfig(origin)));
}

function serveOidc(request: IncomingMessage, response: ServerResponse, oidc: OidcMount | undefined): void {
  if (!oidc) {
    problem(response, 404, "Không tìm thấy", "Not found");
    return;
  }
  // The provider's pages obey the site's CSP and headers like every other page of the origin.
  for (const [name, value] of Object.entries(localSiteHeaders)) response.setHeader(name, value);
  oidc.handle(request, response).catch((error: unknown) => {
    console.error("Local OpenID provider error / lỗi nhà cung cấp OpenID cục bộ:", (error as Error).name);
    if (!response.headersSent) problem(response, 500, "Lỗi nhà cung cấp OpenID cục bộ", "Local OpenID provider error");
  });
}

/** The object key the deploy would upload for a request path: `/bao-tin/` → `bao-tin/index.html` (as the viewer-request function rewrites). */
export function objectKeyOf(pathname: string): string {
  const key = pathname.replace(/^\/+/, "");
  if (key === "" || key.endsWith("/")) return `${key}index.html`;
  const last = key.split("/").pop() ?? "";
  return last.includes(".") ? key : `${key}/index.html`;
}

export async function startLocalServer(options: LocalServerOptions): Promise<LocalServer> {
  const site = options.siteDir
    ? sirv(options.siteDir, {
        dev: false,
        etag: true,
        extensions: ["html"],
        // A brotli or gzip copy next to a file (the bench writes them into its build, as CloudFront
        // compresses) is sent to a browser that accepts it; a plain build is served as it is.
        brotli: true,
        gzip: true,
        setHeaders: (response, pathname) => {
          for (const [name, value] of Object.entries(localSiteHeaders)) response.setHeader(name, value);
          response.setHeader("cache-control", cacheControlFor(objectKeyOf(pathname)));
        },
      })
    : undefined;
  let oidc: OidcMount | undefined;
  let origin = "";
  const server = createServer((request, response) => {
    const path = (request.url ?? "/").split("?")[0] ?? "/";
    if (path === "/oidc" || path.startsWith("/oidc/")) {
      serveOidc(request, response, oidc);
      return;
    }
    if (path === "/auth-config.json" && oidc && (request.method === "GET" || request.method === "HEAD")) {
      serveAuthConfig(response, origin);
      return;
    }
    if (path.startsWith(localUploadPrefix)) {
      receiveLocalUpload(request, response).catch((error: unknown) => {
        console.error("Local upload error / lỗi tải tệp cục bộ:", (error as Error).name);
        if (!response.headersSent) problem(response, 500, "Lỗi nhận tệp cục bộ", "Local upload error");
      });
      return;
    }
    if ((path === "/api" || path.startsWith("/api/")) && options.api === false) {
      problem(response, 503, "Dịch vụ API không chạy ở đây", "The API is not running here");
      return;
    }
    if (path === "/api" || path.startsWith("/api/")) {
      serveApi(request, response, options.provinceSlug).catch((error: unknown) => {
        console.error("Local API error / lỗi API cục bộ:", (error as Error).name);
        if (!response.headersSent) problem(response, 502, "Lỗi cổng API cục bộ", "Local API gateway error");
      });
      return;
    }
    if (!site) {
      problem(response, 404, "Không tìm thấy", "Not found");
      return;
    }
    site(request, response, () => serveNotFoundPage(response, options.siteDir ?? ""));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host ?? "127.0.0.1", () => resolve());
  });
  const address = server.address() as AddressInfo;
  origin = `http://localhost:${String(address.port)}`;
  return {
    server,
    url: origin,
    mountOidc: (mount) => {
      oidc = mount;
    },
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        // Browsers keep connections open: end the idle ones now rather than after their timeout.
        server.closeIdleConnections();
      }),
  };
}
