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
