import { describe, expect, it } from "vitest";
import { epochSeconds, isRevoked, revocationRetentionSeconds } from "../../functions/lib/revocations.ts";

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
