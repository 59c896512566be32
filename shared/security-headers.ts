/**
 * Security headers of the site, in one place: CloudFront's response-headers policy (infra) and the
 * local runtime's static server both send exactly these, so a page that breaks the policy breaks
 * on a laptop too. The site ships no inline script or style (Astro is set to emit files), so the
 * policy needs no 'unsafe-inline' and no hashes. 'wasm-unsafe-eval' lets the site search (pagefind,
 * on the search page only) compile its WebAssembly; it allows no JavaScript eval, and WebAssembly
 * can still only come from scripts the policy already allows ('self').
 */
export const contentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "upgrade-insecure-requests",
].join("; ");

/** Headers for every page and asset (besides the CSP). Referrer: none, so a report leaks no URL. */
export const siteSecurityHeaders: Record<string, string> = {
  "content-security-policy": contentSecurityPolicy,
  "strict-transport-security": "max-age=63072000; includeSubDomains; preload",
  "x-content-type-options": "nosniff",
  "x-frame-options": "DENY",
  "referrer-policy": "no-referrer",
  "permissions-policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
  "cross-origin-opener-policy": "same-origin",
};

/**
 * Headers of every API answer (functions/lib/http.ts), a JSON document nobody should render,
 * frame or embed: a CSP that allows nothing and sandboxes, no referrer, resources for this origin
 * only. The site's transport and permission rules are the same. A server-rendered page (the
 * answer to a plain form post) sends its own CSP instead, which takes precedence.
 */
export const apiSecurityHeaders: Record<string, string> = {
  "content-security-policy": "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'; sandbox",
  "strict-transport-security": siteSecurityHeaders["strict-transport-security"] as string,
  "x-content-type-options": "nosniff",
  "x-frame-options": "DENY",
  "referrer-policy": "no-referrer",
  "permissions-policy": siteSecurityHeaders["permissions-policy"] as string,
  "cross-origin-opener-policy": "same-origin",
  "cross-origin-resource-policy": "same-origin",
  "cross-origin-embedder-policy": "require-corp",
  "origin-agent-cluster": "?1",
  "x-permitted-cross-domain-policies": "none",
  "x-dns-prefetch-control": "off",
  "x-download-options": "noopen",
};
