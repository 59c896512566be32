import { Duration } from "aws-cdk-lib";
import { HeadersFrameOption, HeadersReferrerPolicy, type ResponseCustomHeader, type ResponseSecurityHeadersBehavior } from "aws-cdk-lib/aws-cloudfront";
import { siteSecurityHeaders } from "../../shared/security-headers.ts";

/**
 * Turns the site's security headers (shared/security-headers.ts, also sent by the local server)
 * into CloudFront's response-headers policy. CloudFront models the well-known security headers as
 * typed settings and refuses them as custom headers, so each known header is parsed into its
 * setting; the rest (permissions-policy, cross-origin-opener-policy…) become custom headers. A
 * value CloudFront cannot express throws at synth, rather than silently sending something else.
 */
export interface ResponseHeadersBehaviors {
  securityHeadersBehavior: ResponseSecurityHeadersBehavior;
  customHeaders: ResponseCustomHeader[];
}

/**
 * The site's headers with more origins in the CSP's connect-src — the identity provider's, which
 * the browser calls to sign in (discovery, token, JWKS). shared/security-headers.ts stays the
 * base (the local server's provider is same-origin); the deploy adds Cognito's at synth.
 */
export function withConnectSources(headers: Record<string, string>, sources: readonly string[]): Record<string, string> {
  if (sources.length === 0) return headers;
  for (const source of sources) {
    if (!/^https:\/\/[a-z0-9.-]+$/.test(source)) throw new Error(`connect-src source must be an https origin, got "${source}"`);
  }
  const csp = headers["content-security-policy"];
  if (csp === undefined || !/(^|;\s*)connect-src /.test(csp)) throw new Error("the content-security-policy has no connect-src directive to extend");
  return {
    ...headers,
    "content-security-policy": csp.replace(
      /(^|;\s*)(connect-src [^;]*)/,
      (_match, lead: string, directive: string) => `${lead}${directive} ${sources.join(" ")}`,
    ),
  };
}

export function responseHeadersFrom(headers: Record<string, string> = siteSecurityHeaders): ResponseHeadersBehaviors {
  const security: {
    -readonly [K in keyof ResponseSecurityHeadersBehavior]: ResponseSecurityHeadersBehavior[K];
  } = {};
  const customHeaders: ResponseCustomHeader[] = [];
  for (const [rawName, value] of Object.entries(headers)) {
    const name = rawName.toLowerCase();
    switch (name) {
      case "content-security-policy":
        security.contentSecurityPolicy = { contentSecurityPolicy: value, override: true };
        break;
      case "strict-transport-security":
        security.strictTransportSecurity = { ...parseStrictTransportSecurity(value), override: true };
        break;
      case "x-content-type-options":
        if (value.toLowerCase() !== "nosniff") throw new Error(`x-content-type-options must be "nosniff", got "${value}"`);
        security.contentTypeOptions = { override: true };
        break;
      case "x-frame-options":
        security.frameOptions = { frameOption: parseFrameOption(value), override: true };
        break;
      case "referrer-policy":
        security.referrerPolicy = { referrerPolicy: parseReferrerPolicy(value), override: true };
        break;
      case "x-xss-protection":
        throw new Error("x-xss-protection is not supported here: add it to the mapping if it is ever needed");
      default:
        customHeaders.push({ header: name, value, override: true });
    }
  }
  return { securityHeadersBehavior: security, customHeaders };
}

function parseStrictTransportSecurity(value: string): { accessControlMaxAge: Duration; includeSubdomains: boolean; preload: boolean } {
  const directives = value.split(";").map((part) => part.trim().toLowerCase());
  const maxAge = directives.find((directive) => directive.startsWith("max-age="));
  const seconds = Number(maxAge?.slice("max-age=".length));
  if (maxAge === undefined || !Number.isInteger(seconds) || seconds < 0) throw new Error(`strict-transport-security needs max-age: "${value}"`);
  return {
    accessControlMaxAge: Duration.seconds(seconds),
    includeSubdomains: directives.includes("includesubdomains"),
    preload: directives.includes("preload"),
  };
}

function parseFrameOption(value: string): HeadersFrameOption {
  const option = value.toUpperCase();
  if (option === "DENY") return HeadersFrameOption.DENY;
  if (option === "SAMEORIGIN") return HeadersFrameOption.SAMEORIGIN;
  throw new Error(`x-frame-options must be DENY or SAMEORIGIN, got "${value}"`);
}

function parseReferrerPolicy(value: string): HeadersReferrerPolicy {
  const policy = Object.values(HeadersReferrerPolicy).find((candidate) => candidate === value.toLowerCase());
  if (policy === undefined) throw new Error(`unknown referrer-policy "${value}"`);
  return policy;
}
