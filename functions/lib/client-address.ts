import { timingSafeEqual } from "node:crypto";

/**
 * The caller's address, only ever used as the subject of a rate limit (kept as a keyed hash with a
 * TTL by the attempt limiter; never logged, never stored in clear). It must come from something
 * the caller cannot choose, or a new made-up address buys a fresh allowance.
 *
 * In AWS the API is reached through CloudFront only: CloudFront adds the origin secret
 * (`originVerifyHeader`, checked by `originGate` in the shared stack — a request without it is
 * answered 404) and `CloudFront-Viewer-Address`, the address of the TCP connection it accepted,
 * `<ip>:<port>` (IPv6 unbracketed: the port is after the last colon). On the laptop the local
 * server plays CloudFront: it drops what the client sent and sets the header from the socket
 * (infra/local/server.ts). `X-Forwarded-For` is never read: anyone can write it.
 */
export const viewerAddressHeader = "cloudfront-viewer-address";

/** The header CloudFront adds to every API request (infra/stacks/web-stack.ts), with the origin secret. */
export const originVerifyHeader = "x-pcblgd-origin-verify";

export function clientAddress(headers: Record<string, string | undefined>, sourceIp: string | undefined): string {
  return viewerIp(headers[viewerAddressHeader]) ?? sourceIp ?? "unknown";
}

/** `203.0.113.5:443` → `203.0.113.5`; `2001:db8::1:443` → `2001:db8::1`; anything else → undefined. */
export function viewerIp(value: string | undefined): string | undefined {
  const match = /^\[?([0-9A-Fa-f.:]+?)\]?:(\d{1,5})$/.exec(value?.trim() ?? "");
  return match?.[1];
}

/** Does the request carry the origin secret? Compared in constant time. */
export function fromOrigin(headers: Record<string, string | undefined>, secret: string): boolean {
  const given = Buffer.from(headers[originVerifyHeader] ?? "");
  const expected = Buffer.from(secret);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
