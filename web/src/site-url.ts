/**
 * The public address of the site, for what must be absolute: canonical and hreflang links, Open
 * Graph URLs, the sitemap and robots.txt. Set `SITE_URL` when building for a real domain
 * (`SITE_URL=https://pcblgd.ninhbinh.gov.vn npm run build:web`); a laptop build defaults to the
 * address `npm start` serves.
 */
export const defaultSiteUrl = "http://localhost:4321";

/** The origin to build for, from `SITE_URL` (no path, no trailing slash); a bad value stops the build. */
export function siteUrl(env: Record<string, string | undefined> = process.env): string {
  const raw = env.SITE_URL?.trim() || defaultSiteUrl;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`SITE_URL "${raw}" không phải địa chỉ hợp lệ / is not a valid URL (e.g. https://pcblgd.ninhbinh.gov.vn)`);
  }
  if (!/^https?:$/.test(url.protocol) || url.pathname !== "/" || url.search || url.hash) {
    throw new Error(`SITE_URL "${raw}" phải là một gốc http(s) không có đường dẫn / must be an http(s) origin with no path`);
  }
  return url.origin;
}
