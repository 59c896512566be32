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
