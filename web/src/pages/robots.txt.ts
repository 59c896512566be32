/** robots.txt, with the sitemap's absolute address (SITE_URL). The officer area is not for crawlers. */
import type { APIRoute } from "astro";
import { defaultSiteUrl } from "../site-url.ts";

export const GET: APIRoute = ({ site }) => {
  const sitemap = new URL("/sitemap-index.xml", site ?? defaultSiteUrl).href;
  const body = ["User-agent: *", "Allow: /", "Disallow: /can-bo/", "Disallow: /dang-nhap/", "", `Sitemap: ${sitemap}`, ""].join("\n");
  return new Response(body, { headers: { "content-type": "text/plain; charset=utf-8" } });
};
