/**
 * The caller's address, only ever used as the subject of a rate limit (kept as a keyed hash with a
 * TTL by the attempt limiter; never logged, never stored in clear).
 *
 * Behind CloudFront, API Gateway's `sourceIp` is a CloudFront edge; CloudFront appends the
 * viewer's address to `X-Forwarded-For`. A client may send its own X-Forwarded-For first, so the
 * entries it wrote are ignored: the address is the last entry, or the one before it when the last
 * is the edge that connected to API Gateway. Without the header (the local runtime), `sourceIp`.
 */
export function clientAddress(headers: Record<string, string | undefined>, sourceIp: string | undefined): string {
  const forwarded = (headers["x-forwarded-for"] ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter((entry) => entry !== "");
  if (forwarded.length > 0 && forwarded[forwarded.length - 1] === sourceIp) forwarded.pop();
  return forwarded[forwarded.length - 1] ?? sourceIp ?? "unknown";
}
