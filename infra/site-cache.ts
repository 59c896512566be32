/**
 * Cache-Control of the built site's files, by object key (`bao-tin/index.html`), in one place: the
 * deploy's `aws s3 sync` (infra/cli.ts) and the local server (infra/local/server.ts) both use it.
 * Hashed build assets are kept forever; HTML and the sign-in settings are revalidated; the report
 * pages are never stored (not by the browser, not by a shared cache, not in the back/forward
 * cache), so a shared phone keeps no copy of the form someone filled in.
 */
export const authConfigFileName = "auth-config.json";

const noStorePrefixes = ["bao-tin/", "en/report/"];

export function cacheControlFor(key: string): string {
  if (key.startsWith("_astro/")) return "public, max-age=31536000, immutable";
  if (noStorePrefixes.some((prefix) => key.startsWith(prefix)) && key.endsWith(".html")) return "no-store";
  if (key.endsWith(".html") || key === authConfigFileName) return "no-cache";
  return "public, max-age=3600";
}
