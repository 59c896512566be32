import { describe, expect, it } from "vitest";
import {
  CachedRevocationLookup,
  deployedRevocationCacheSeconds,
  epochSeconds,
  isRevoked,
  maxRevocationCacheSeconds,
  type RevocationLookup,
  revocationRetentionSeconds,
} from "../../functions/lib/revocations.ts";

describe("isRevoked (a token's iat against the officer's revokedAt, both epoch seconds)", () => {
  const revokedAt = 1_772_352_000;

  it("refuses a token issued before the revocation", () => {
    expect(isRevoked(revokedAt - 3599, revokedAt)).toBe(true);
  });

  it("refuses a token issued in the same second (iat has no fraction: it may precede the change)", () => {
    expect(isRevoked(revokedAt, revokedAt)).toBe(true);
  });

  it("accepts a token issued after the revocation", () => {
    expect(isRevoked(revokedAt + 1, revokedAt)).toBe(false);
  });

  it("accepts any token of an officer without a revocation", () => {
    expect(isRevoked(revokedAt, undefined)).toBe(false);
  });
});

describe("epochSeconds", () => {
  it("rounds down to the second, like iat", () => {
    expect(epochSeconds(new Date("2026-03-01T08:00:00.999Z"))).toBe(Date.parse("2026-03-01T08:00:00Z") / 1000);
  });

  it("keeps revocations longer than any ID token lives (1 h)", () => {
    expect(revocationRetentionSeconds).toBeGreaterThan(3600);
  });
});

/** A revocations table in memory that counts its reads, and a clock the test moves. */
function fixture(ttlSeconds: number, maxEntries?: number) {
  const table = new Map<string, number>();
  let reads = 0;
  let failNext = false;
  const inner: RevocationLookup = {
    revokedAt: async (officerId) => {
      reads += 1;
      if (failNext) {
        failNext = false;
        throw new Error("DynamoDB unreachable");
      }
      return table.get(officerId);
    },
  };
  let clock = 1_772_352_000_000;
  const cache = new CachedRevocationLookup(inner, ttlSeconds * 1000, maxEntries, () => clock);
  return {
    cache,
    table,
    reads: () => reads,
    failNext: () => {
      failNext = true;
    },
    advance: (ms: number) => {
      clock += ms;
    },
  };
}

describe("CachedRevocationLookup (the per-container revocation delay)", () => {
  const issuedAt = 1_772_351_000;

  it("reads an officer's revocation once per TTL, and shares a read in flight", async () => {
    const { cache, reads, advance } = fixture(15);
    await Promise.all([cache.revokedAt("officer-1"), cache.revokedAt("officer-1")]);
    await cache.revokedAt("officer-1");
    expect(reads()).toBe(1);
    advance(14_999);
    await cache.revokedAt("officer-1");
    expect(reads()).toBe(1);
    await cache.revokedAt("officer-2");
    expect(reads()).toBe(2);
  });

  it("refuses a revoked officer once the TTL has passed (not a moment later)", async () => {
    const { cache, table, advance } = fixture(deployedRevocationCacheSeconds);
    expect(isRevoked(issuedAt, await cache.revokedAt("officer-1"))).toBe(false);
    table.set("officer-1", issuedAt + 60); // an admin disables the officer
    advance(deployedRevocationCacheSeconds * 1000 - 1);
    // Within the TTL this container still answers from what it read: the documented delay.
    expect(isRevoked(issuedAt, await cache.revokedAt("officer-1"))).toBe(false);
    advance(1);
    expect(isRevoked(issuedAt, await cache.revokedAt("officer-1"))).toBe(true);
  });

  it("does not keep a failed read: the next request reads again", async () => {
    const { cache, reads, failNext } = fixture(15);
    failNext();
    await expect(cache.revokedAt("officer-1")).rejects.toThrow(/unreachable/);
    expect(await cache.revokedAt("officer-1")).toBeUndefined();
    expect(reads()).toBe(2);
  });

  it("holds at most maxEntries officers, forgetting the oldest read", async () => {
    const { cache, reads } = fixture(15, 2);
    await cache.revokedAt("a");
    await cache.revokedAt("b");
    await cache.revokedAt("c");
    await cache.revokedAt("c");
    await cache.revokedAt("b");
    expect(reads()).toBe(3);
    await cache.revokedAt("a");
    expect(reads()).toBe(4);
  });

  it("is bounded: the deployed delay is within the 30 s the stack accepts", () => {
    expect(deployedRevocationCacheSeconds).toBeGreaterThan(0);
    expect(deployedRevocationCacheSeconds).toBeLessThanOrEqual(maxRevocationCacheSeconds);
    expect(maxRevocationCacheSeconds).toBeLessThanOrEqual(30);
  });
});
