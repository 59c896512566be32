import { authorize, type ResourceScope } from "../../shared/permissions.ts";
import { tableEnvVar } from "../../shared/table-env.ts";
import { routeKey } from "../route-key.ts";
import type { OfficerRouteDefinition, RouteDefinition } from "../routes.ts";
import { type AuditOutcome, type AuditSink, DynamoAuditRepository } from "./audit.ts";
import { AuthenticationError, authenticate, IdentityProviderUnavailableError, type Officer } from "./auth.ts";
import { documentClient } from "./dynamo.ts";
import {
  type AccessState,
  accessStates,
  type HttpMiddleware,
  type HttpRequest,
  type OfficerAccess,
  type OfficerRoute,
  problemResponse,
  type RouteMap,
} from "./http.ts";
import { integer, required, settings } from "./kit/config.ts";
import { monitoredLogMessages } from "./log-messages.ts";
import { logger } from "./powertools.ts";
import { problems } from "./problem.ts";
import { DynamoRevocationStore } from "./revocation-store.ts";
import { CachedRevocationLookup, isRevoked, maxRevocationCacheSeconds, type RevocationLookup } from "./revocations.ts";
import { parseOrProblem } from "./validation.ts";

/**
 * The officer routes' settings (read at the first officer request). `REVOCATION_CACHE_SECONDS`
 * (0 to 30, unset: 0) is how long a container keeps an officer's revocation lookup — the longest a
 * revoked token still works there (docs/data-model.md, "the revocation delay"); deployed functions
 * set `deployedRevocationCacheSeconds`.
 */
export const officerAccessSettings = settings({
  revocationsTable: required(tableEnvVar("revocations")),
  auditTable: required(tableEnvVar("audit")),
  revocationCacheSeconds: integer("REVOCATION_CACHE_SECONDS", 0),
});

/** What a record id in an audit entry may look like; anything else is recorded as `(invalid)`. */
const auditableId = /^[A-Za-z0-9._~-]{1,128}$/;

/**
 * Authentication and authorization of officer routes, in one place, before the body is even
 * parsed: the ID token is verified (401 otherwise), the path validated, the resource's scope found
 * — the province, or the commune of the record the route's `resolve` loads — and `authorize`
 * decides. A refusal is a 404 that does not say whether the record exists.
 */
const accessControl = (definitions: ReadonlyMap<string, RouteDefinition>, routes: RouteMap): HttpMiddleware => ({
  before: async (request) => {
    const definition = definitions.get(request.event.routeKey);
    if (definition?.access !== "officer") return;
    const selected = routes[request.event.routeKey] as OfficerRoute<unknown, unknown, unknown>;
    const state: AccessState = { definition, at: new Date().toISOString() };
    accessStates.set(request.context, state);

    let resolving: ReturnType<NonNullable<typeof selected.resolve>> | undefined;
    try {
      const { officer, issuedAt } = await authenticate(request.event.headers?.authorization);
      const revokedAt = revocationLookup().revokedAt(officer.id);
      // The record's `resolve` does not wait for the revocation lookup (two independent reads,
      // one round trip): what it loads is used only once the token is known not to be revoked.
      resolving = startResolve(definition, selected, officer, (request.event.pathParameters ?? {}) as Record<string, string>);
      // A token issued at or before the officer's latest revocation (disabled, roles or
      // jurisdiction changed) is refused like an expired one. One GetItem; a failure of the
      // lookup is not a pass (it surfaces as 503/500 below, and is audited).
      if (isRevoked(issuedAt, await revokedAt)) throw new AuthenticationError("revoked");
      state.officer = officer;
    } catch (error) {
      if (error instanceof AuthenticationError) {
        state.denied = true;
        logger.info("unauthenticated", { route: routeKey(definition), reason: error.message });
        throw problems.unauthenticated();
      }
      if (error instanceof IdentityProviderUnavailableError) {
        logger.error("identity provider unavailable", { reason: error.message });
        throw problems.serviceUnavailable();
      }
      throw error;
    }
    const officer = state.officer;
    const rawPath = (request.event.pathParameters ?? {}) as Record<string, string>;
    if (definition.audit.record) {
      const id = rawPath[definition.audit.record.param];
      // Recorded before validation (a refused request names its target too), but only in a safe
      // shape: the value becomes a key of the byRecord index.
      if (id !== undefined) state.recordKey = `${definition.audit.record.type}#${auditableId.test(id) ? id : "(invalid)"}`;
    }
    state.path = selected.path ? parseOrProblem(selected.path, rawPath, "path") : rawPath;

    if (definition.permission === "signed-in") {
      state.allowed = true;
      return;
    }
    let scope: ResourceScope = "province";
    if (definition.scope === "record") {
      const found = await (resolving ?? (selected.resolve as NonNullable<typeof selected.resolve>)({ path: state.path, officer }));
      if (found === undefined) throw problems.hidden();
      scope = { commune: found.commune };
      state.resource = found.resource;
      if (found.label !== undefined) state.recordLabel = found.label;
    }
    const decision = authorize(officer, definition.permission, scope);
    if (!decision.allowed) {
      state.denied = true;
      logger.info("access denied", { route: routeKey(definition), reason: decision.reason });
      throw problems.hidden();
    }
    state.allowed = true;
  },
});

/**
 * Starts a record-scoped route's `resolve` on its validated path, or answers undefined (no
 * resolve, or a path that does not validate: its problem is raised later, in its usual place).
 * A failure is kept for whoever awaits the promise, and never reported as unhandled meanwhile.
 */
function startResolve(
  definition: OfficerRouteDefinition,
  selected: OfficerRoute<unknown, unknown, unknown>,
  officer: Officer,
  rawPath: Record<string, string>,
): ReturnType<NonNullable<typeof selected.resolve>> | undefined {
  if (definition.scope !== "record" || selected.resolve === undefined) return undefined;
  let path: Record<string, string>;
  try {
    path = selected.path ? parseOrProblem(selected.path, rawPath, "path") : rawPath;
  } catch {
    return undefined;
  }
  const resolving = selected.resolve({ path, officer });
  resolving.catch(() => undefined);
  return resolving;
}

/**
 * The function's revocation lookup, built at the first officer request: one GetItem per officer
 * and container at most every REVOCATION_CACHE_SECONDS.
 */
let revocations: RevocationLookup | undefined;
function revocationLookup(): RevocationLookup {
  if (revocations === undefined) {
    const seconds = officerAccessSettings.revocationCacheSeconds;
    if (seconds < 0 || seconds > maxRevocationCacheSeconds)
      throw new Error(`REVOCATION_CACHE_SECONDS must be between 0 and ${String(maxRevocationCacheSeconds)}, not ${String(seconds)}`);
    const store = new DynamoRevocationStore(documentClient, officerAccessSettings.revocationsTable);
    revocations = seconds === 0 ? store : new CachedRevocationLookup(store, seconds * 1000);
  }
  return revocations;
}

/** The function's audit repository, built at the first officer request (public-only functions never need it). */
let auditSink: AuditSink | undefined;
function auditRepository(): AuditSink {
  auditSink ??= new DynamoAuditRepository(documentClient, officerAccessSettings.auditTable);
  return auditSink;
}

function outcomeOf(state: AccessState, status: number): AuditOutcome {
  if (state.denied) return "denied";
  return state.allowed && status < 400 ? "allowed" : "failed";
}

/**
 * One audit entry per officer-route request, written here — after a success, after any error
 * (denied and failed requests included) — so no handler can forget it. If the entry cannot be
 * written the request fails with 503: nothing is answered unaudited.
 */
const auditTrail = (): HttpMiddleware => {
  const write = async (request: HttpRequest, state: AccessState): Promise<boolean> => {
    state.auditAttempted = true;
    const status = request.response?.statusCode ?? 500;
    try {
      await auditRepository().append({
        at: state.at,
        ...(state.officer ? { officerId: state.officer.id } : {}),
        action: state.definition.audit.action,
        ...(state.recordKey === undefined ? {} : { recordKey: state.recordKey }),
        ...(state.recordLabel === undefined ? {} : { recordLabel: state.recordLabel }),
        ...(state.handOver === undefined ? {} : { handOver: state.handOver }),
        outcome: outcomeOf(state, status),
        status,
        requestId: request.context.awsRequestId,
      });
      return true;
    } catch (error) {
      logger.error(monitoredLogMessages.auditWriteFailed, { errorName: (error as Error).name, route: request.event.routeKey });
      return false;
    }
  };
  return {
    after: async (request) => {
      const state = accessStates.get(request.context);
      if (!state || state.auditAttempted) return;
      if (!(await write(request, state))) throw problems.serviceUnavailable();
    },
    onError: async (request) => {
      const state = accessStates.get(request.context);
      if (!state || state.auditAttempted) return;
      if (!(await write(request, state))) request.response = problemResponse(problems.serviceUnavailable(), request.context.awsRequestId);
    },
  };
};

/**
 * What a function serving officer routes hands to `httpFunction` (functions/lib/http.ts): the
 * ID-token check, authorization and audit trail live here so that public-only functions do not
 * bundle them.
 */
export const officerAccess: OfficerAccess = { control: accessControl, audit: auditTrail };
