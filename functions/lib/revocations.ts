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

/** The longest a container may keep a revocation lookup: a revoked officer's token works there at most this long after the revocation. */
export const maxRevocationCacheSeconds = 30;

/** What the deployed functions keep it (the ApiFunction construct sets REVOCATION_CACHE_SECONDS to it). */
export const deployedRevocationCacheSeconds = 15;

/**
 * A lookup kept per container for `ttlMs`: an officer's revocation is read at most once per TTL
 * (and concurrent requests share the read in flight), instead of one GetItem per request. The price
 * is a delay: a token revoked after the lookup keeps working in this container until the entry
 * expires — never longer than `ttlMs` after the read began. A failed read is not kept (the next
 * request reads again), and at most `maxEntries` officers are held (the oldest read goes first).
 */
export class CachedRevocationLookup implements RevocationLookup {
  private readonly entries = new Map<string, { until: number; revokedAt: Promise<number | undefined> }>();

  constructor(
    private readonly inner: RevocationLookup,
    private readonly ttlMs: number,
    private readonly maxEntries = 1000,
    private readonly now: () => number = Date.now,
  ) {}

  revokedAt(officerId: string): Promise<number | undefined> {
    const now = this.now();
    const kept = this.entries.get(officerId);
    if (kept !== undefined && kept.until > now) return kept.revokedAt;
    this.entries.delete(officerId);
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    const revokedAt = this.inner.revokedAt(officerId);
    this.entries.set(officerId, { until: now + this.ttlMs, revokedAt });
    revokedAt.catch(() => {
      if (this.entries.get(officerId)?.revokedAt === revokedAt) this.entries.delete(officerId);
    });
    return revokedAt;
  }
}
