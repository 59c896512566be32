import type { OfficerRole } from "../../../shared/permissions.ts";
import type { OfficerApi } from "../officer-api.ts";

/**
 * One row of the access matrix (tests/integration/access-matrix.test.ts): how to call an officer
 * route and which roles may. Each domain keeps its rows in its own file here.
 */
export interface Caller {
  id: string;
  role: OfficerRole;
}

export interface Fixture {
  /** The roles that may call the route (inside their jurisdiction); "any-officer" for one's own profile. */
  allowed: readonly OfficerRole[] | "any-officer";
  /** The status of an allowed call. */
  success: 200 | 201;
  /** For record-scoped routes: the commune of the record `request` acts on. */
  commune?: () => string;
  /** The request, with ids filled in; called once per cell, so it may create what it acts on. */
  request: (caller: Caller) => Promise<{ method?: string; path: string; body?: unknown; after?: (allowed: boolean) => Promise<void> }>;
}

/** What a domain's fixtures get: the running system (started in the test's beforeAll). */
export type FixtureSet = (system: () => OfficerApi) => Record<string, Fixture>;
