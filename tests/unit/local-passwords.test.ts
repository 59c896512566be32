import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { hashPassword, passwordProblems, seededOfficerId, temporaryPassword, verifyPassword } from "../../functions/admin/local-officer-directory.ts";

/** The local account store's passwords: Cognito's policy, scrypt hashes, temporary passwords. */
describe("passwordProblems (Cognito's policy: 12+ characters, every class)", () => {
  it("accepts a password with every class", () => {
    expect(passwordProblems("Demo#PCBLGD-2026")).toEqual([]);
    expect(passwordProblems("Mật-khẩu-Mới#2026")).toEqual([]);
  });

  it.each([
    ["Ab#1", ["too-short"]],
    ["abcdefgh#123", ["uppercase"]],
    ["ABCDEFGH#123", ["lowercase"]],
    ["Abcdefgh#xyz", ["digit"]],
    ["Abcdefgh1234", ["symbol"]],
    ["", ["too-short", "lowercase", "uppercase", "digit", "symbol"]],
  ])("names what %j lacks", (password, codes) => {
    expect(passwordProblems(password).map((problem) => problem.code)).toEqual(codes);
  });

  it("explains in Vietnamese and English", () => {
    for (const problem of passwordProblems("")) {
      expect(problem.message).not.toBe(problem.message_en);
      expect(problem.message_en.length).toBeGreaterThan(0);
    }
  });
});

describe("scrypt hashes", () => {
  it("verify the right password only, with salt and parameters in the hash", async () => {
    const hash = await hashPassword("Demo#PCBLGD-2026");
    expect(hash).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(await verifyPassword("Demo#PCBLGD-2026", hash)).toBe(true);
    expect(await verifyPassword("demo#PCBLGD-2026", hash)).toBe(false);
    expect(await hashPassword("Demo#PCBLGD-2026")).not.toBe(hash);
  });

  it("treat a malformed hash as a mismatch", async () => {
    for (const broken of ["", "bcrypt$x", "scrypt$0$8$1$a$b", "scrypt$32768$8$1$$"]) expect(await verifyPassword("x", broken)).toBe(false);
  });

  it("normalise Unicode, so a Vietnamese password typed composed or decomposed matches", async () => {
    const composed = "Mật-khẩu#2026".normalize("NFC");
    const hash = await hashPassword(composed);
    expect(await verifyPassword(composed.normalize("NFD"), hash)).toBe(true);
  });
});

describe("temporaryPassword", () => {
  it("always satisfies the policy and differs each time", () => {
    fc.assert(
      fc.property(fc.integer(), () => {
        const password = temporaryPassword();
        expect(password).toHaveLength(16);
        expect(passwordProblems(password)).toEqual([]);
      }),
      { numRuns: 300 },
    );
    expect(new Set(Array.from({ length: 50 }, temporaryPassword)).size).toBe(50);
  });
});

describe("seededOfficerId", () => {
  it("is a stable UUID per province and e-mail", () => {
    const id = seededOfficerId("ninh-binh", "canbo.xa1@pcblgd.local");
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(seededOfficerId("ninh-binh", "CANBO.XA1@pcblgd.local")).toBe(id);
    expect(seededOfficerId("tinh-mau", "canbo.xa1@pcblgd.local")).not.toBe(id);
  });
});
