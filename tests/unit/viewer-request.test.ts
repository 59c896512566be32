import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { viewerRequestSource } from "../../infra/cloudfront/viewer-request.ts";

/**
 * The CloudFront Function's source, evaluated in an empty V8 context (no Node globals, as in
 * CloudFront) and called with viewer-request events shaped like CloudFront's.
 */
interface CloudFrontRequest {
  method: string;
  uri: string;
  querystring: Record<string, { value: string }>;
  headers: Record<string, { value: string }>;
  cookies: Record<string, { value: string }>;
}

const handler = runInNewContext(`${viewerRequestSource}\nhandler;`, {}) as (event: unknown) => CloudFrontRequest;

function viewerRequest(uri: string, querystring: CloudFrontRequest["querystring"] = {}): CloudFrontRequest {
  const request: CloudFrontRequest = { method: "GET", uri, querystring, headers: { host: { value: "d111111abcdef8.cloudfront.net" } }, cookies: {} };
  return handler({
    version: "1.0",
    context: { distributionDomainName: "d111111abcdef8.cloudfront.net", distributionId: "EDFDVBD6EXAMPLE", eventType: "viewer-request", requestId: "r" },
    viewer: { ip: "198.51.100.7" },
    request,
  });
}

describe("viewer-request function", () => {
  it.each([
    ["/", "/index.html"],
    ["/about/", "/about/index.html"],
    ["/about", "/about/index.html"],
    ["/xa/13285/", "/xa/13285/index.html"],
    ["/en/duong-day-nong", "/en/duong-day-nong/index.html"],
    ["/v1.2/", "/v1.2/index.html"],
  ])("maps the directory URL %s to %s", (uri, expected) => {
    expect(viewerRequest(uri).uri).toBe(expected);
  });

  it.each(["/_astro/index.B1a2c3D4.js", "/_astro/site.9f8e7d.css", "/404.html", "/robots.txt", "/favicon.ico", "/xa/13285/index.html"])(
    "passes the file %s unchanged",
    (uri) => {
      expect(viewerRequest(uri).uri).toBe(uri);
    },
  );

  it("returns the request itself, query string and headers untouched (the sign-in callback keeps its code)", () => {
    const querystring = { code: { value: "abc" }, state: { value: "xyz" } };
    const request = viewerRequest("/dang-nhap/callback/", querystring);
    expect(request).toEqual({
      method: "GET",
      uri: "/dang-nhap/callback/index.html",
      querystring,
      headers: { host: { value: "d111111abcdef8.cloudfront.net" } },
      cookies: {},
    });
  });

  it("fits CloudFront Functions' 10 KB code limit", () => {
    expect(Buffer.byteLength(viewerRequestSource, "utf8")).toBeLessThan(10 * 1024);
  });
});
