import type { RouteDefinition } from "../routes.ts";

/** The public directory: health, communes, hotlines, trusted addresses. */
export const directoryRouteTable: readonly RouteDefinition[] = [
  { method: "GET", path: "/api/health", function: "directory", access: "public", summary: "Health: the API answers and its table is reachable and seeded" },
  { method: "GET", path: "/api/communes", function: "directory", access: "public", summary: "Search the province's communes, ignoring diacritics and case" },
  { method: "GET", path: "/api/hotlines", function: "directory", access: "public", summary: "Hotlines for the province, and for one commune" },
  { method: "GET", path: "/api/trusted-addresses", function: "directory", access: "public", summary: "Trusted addresses (địa chỉ tin cậy) of one commune" },
  {
    method: "GET",
    path: "/api/directory",
    function: "directory",
    access: "public",
    summary: "The live public directory of the whole province: every listed hotline and trusted address (CDN-cached one minute)",
  },
];
