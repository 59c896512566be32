/**
 * Revoking an officer's earlier ID tokens at once. When a province admin disables an officer or
 * changes their roles or jurisdiction, the admin service records `revokedAt` (epoch seconds) for
 * the officer's `sub`; the shared stack (functions/lib/http.ts) then refuses, with a 401 like an
 * expired token, every token of that officer whose `iat` is not later than `revokedAt`. A token
 * issued afterwards (a new sign-in or refresh, with the new claims) works.
 *
 * Interfaces and the rule only — no AWS types: the DynamoDB store is revocation-store.ts.
 */

/** How long a revocation is kept (the table's TTL): longer than any ID token lives (1 h in Cognito, 15 min locally). */
export const revocationRetentionSeconds = 2 * 60 * 60;

/** Written by the admin service after a change of access. */
export interface RevocationLog {
  /** Every token of the officer issued at or before `at` is refused from now on. */
  revoke(officerId: string, at: Date): Promise<void>;
}

/** Read by the shared stack after a token verifies. */
export interface RevocationLookup {
  /** The officer's latest revocation in epoch seconds, or undefined when there is none (or it expired). */
  revokedAt(officerId: string): Promise<number | undefined>;
}

/** Epoch seconds of a date, rounded down (a token's `iat` has the same unit). */
export function epochSeconds(at: Date): number {
  return Math.floor(at.getTime() / 1000);
}

/**
 * Whether a token issued at `issuedAt` (its `iat`, epoch seconds) is revoked by a revocation at
 * `revokedAt` (epoch seconds). A token of the very same second is refused too: `iat` has no
 * fraction, so it may have been issued just before the change, and refusing costs one sign-in.
 */
export function isRevoked(issuedAt: number, revokedAt: number | undefined): boolean {
  return revokedAt !== undefined && issuedAt <= revokedAt;
}
