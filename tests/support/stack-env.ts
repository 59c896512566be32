import { vi } from "vitest";
import type { RouteDefinition } from "../../functions/routes.ts";

/** The environment the shared middy stack needs in a unit test with a mocked DynamoDB: its two tables, quiet Powertools, a region. */
export function stubStackEnvironment(): void {
  vi.stubEnv("TABLE_AUDIT", "pcblgd-test-audit");
  vi.stubEnv("TABLE_REVOCATIONS", "pcblgd-test-revocations");
  vi.stubEnv("POWERTOOLS_LOG_LEVEL", "SILENT");
  vi.stubEnv("AWS_REGION", "ap-southeast-1");
}

/** A made-up officer route about the caller (`signed-in`, scope `self`), for tests of the stack's access control. */
export const whoamiDefinition: RouteDefinition = {
  method: "GET",
  path: "/api/whoami",
  function: "directory",
  access: "officer",
  permission: "signed-in",
  scope: "self",
  audit: { action: "me.read" },
  summary: "self",
};
