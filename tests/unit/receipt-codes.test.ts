import { randomBytes, scryptSync } from "node:crypto";
import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import {
  formatReceiptCode,
  hashReceiptCode,
  newReceiptCode,
  normaliseReceiptCode,
  receiptCodeEntropyBits,
  receiptCodePepperFromEnv,
  receiptLookupKey,
  receiptScryptParameters,
  verifyReceiptCode,
} from "../../functions/lib/receipt-codes.ts";

const pepper = randomBytes(32).toString("base64url");
const digitsArbitrary = fc.stringMatching(/^[0-9]{16}$/);

describe("newReceiptCode", () => {
  it("is 16 digits in four groups of four, at least 53 bits of entropy", () => {
    expect(receiptCodeEntropyBits).toBeGreaterThanOrEqual(53);
    for (let i = 0; i < 200; i++) {
      const code = newReceiptCode();
      expect(code).toMatch(/^\d{4} \d{4} \d{4} \d{4}$/);
      expect(normaliseReceiptCode(code)).toHaveLength(16);
    }
  });

  it("does not repeat, and uses every digit in every position", () => {
    const codes = Array.from({ length: 2000 }, () => normaliseReceiptCode(newReceiptCode()) ?? "");
    expect(new Set(codes).size).toBe(codes.length);
    for (let position = 0; position < 16; position++) {
      expect(new Set(codes.map((code) => code[position])).size).toBe(10);
    }
  });
});

describe("normaliseReceiptCode", () => {
  it("accepts spaces, dashes and full-width digits", () => {
    const digits = "1234567890123456";
    for (const input of [
      "1234 5678 9012 3456",
      "1234-5678-9012-3456",
      " 1234567890123456 ",
      "１２３４ ５６７８ ９０１２ ３４５６",
      "1234\u30005678\u30009012\u30003456",
      "1234－5678–9012—3456",
    ]) {
      expect(normaliseReceiptCode(input), input).toBe(digits);
    }
  });

  it("refuses a wrong length, letters and other scripts", () => {
    for (const input of ["", "1234 5678 9012 345", "1234 5678 9012 34567", "1234 5678 9012 345a", "١٢٣٤٥٦٧٨٩٠١٢٣٤٥٦", "1".repeat(100), "1234.5678.9012.3456"]) {
      expect(normaliseReceiptCode(input), input).toBeUndefined();
    }
  });

  it("round-trips any 16 digits through the spoken format, with any separators (property)", () => {
    fc.assert(
      fc.property(digitsArbitrary, fc.array(fc.constantFrom(" ", "-", "\u3000", "－", ""), { minLength: 17, maxLength: 17 }), (digits, separators) => {
        expect(normaliseReceiptCode(formatReceiptCode(digits))).toBe(digits);
        const typed = [...digits].map((digit, index) => `${separators[index] ?? ""}${digit}`).join("") + (separators[16] ?? "");
        expect(normaliseReceiptCode(typed)).toBe(digits);
      }),
    );
  });
});

describe("hashReceiptCode / verifyReceiptCode", () => {
  it("stores a salted scrypt hash with its parameters, and verifies the code in any typed form", async () => {
    const code = newReceiptCode();
    const { hash, lookupKey } = await hashReceiptCode(code, pepper);
    const { log2N, r, p } = receiptScryptParameters;
    expect(hash).toMatch(new RegExp(`^scrypt\\$ln=${String(log2N)},r=${String(r)},p=${String(p)}\\$[A-Za-z0-9_-]{22}\\$[A-Za-z0-9_-]{43}$`));
    expect(lookupKey).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const digits = normaliseReceiptCode(code) ?? "";
    expect(hash).not.toContain(digits);
    expect(await verifyReceiptCode(code, hash)).toBe(true);
    expect(await verifyReceiptCode(digits, hash)).toBe(true);
    expect(await verifyReceiptCode(code.replaceAll(" ", "-"), hash)).toBe(true);
  });

  it("refuses a wrong code, a malformed code, and a damaged or hostile stored hash", async () => {
    const { hash } = await hashReceiptCode("1234 5678 9012 3456", pepper);
    expect(await verifyReceiptCode("1234 5678 9012 3457", hash)).toBe(false);
    expect(await verifyReceiptCode("not a code", hash)).toBe(false);
    await expect(verifyReceiptCode("1234 5678 9012 3456", "1234567890123456")).rejects.toThrow(/stored/);
    await expect(verifyReceiptCode("1234 5678 9012 3456", hash.replace("ln=15", "ln=30"))).rejects.toThrow(/bounds/);
  });

  it("verifies a code hashed with other scrypt parameters (each hash carries its own): the cost can change without breaking old codes", async () => {
    const digits = "1234567890123456";
    const salt = randomBytes(16);
    const stored = (log2N: number, p: number) =>
      `scrypt$ln=${String(log2N)},r=8,p=${String(p)}$${salt.toString("base64url")}$${scryptSync(digits, salt, 32, { N: 2 ** log2N, r: 8, p, maxmem: 256 * 1024 * 1024 }).toString("base64url")}`;
    for (const [log2N, p] of [
      [14, 1],
      [15, 3],
    ] as const) {
      expect(await verifyReceiptCode("1234 5678 9012 3456", stored(log2N, p))).toBe(true);
      expect(await verifyReceiptCode("1234 5678 9012 3457", stored(log2N, p))).toBe(false);
    }
  });

  it("salts every hash: the same code hashes differently, with the same lookup key", async () => {
    const code = newReceiptCode();
    const [first, second] = await Promise.all([hashReceiptCode(code, pepper), hashReceiptCode(code, pepper)]);
    expect(first.hash).not.toBe(second.hash);
    expect(first.lookupKey).toBe(second.lookupKey);
  });

  it("takes a noticeable time (slow on purpose)", async () => {
    const started = performance.now();
    await hashReceiptCode(newReceiptCode(), pepper);
    expect(performance.now() - started).toBeGreaterThan(5);
  });

  it("verifies only the code that was hashed (property, few runs: scrypt is slow)", async () => {
    await fc.assert(
      fc.asyncProperty(digitsArbitrary, digitsArbitrary, async (code, other) => {
        const { hash } = await hashReceiptCode(code, pepper);
        expect(await verifyReceiptCode(formatReceiptCode(code), hash)).toBe(true);
        expect(await verifyReceiptCode(other, hash)).toBe(code === other);
      }),
      { numRuns: 5 },
    );
    // 15 scrypt runs of 32 MiB: well under a second alone, far over vitest's default 5 s beside a CPU-bound load.
  }, 60_000);

  it("refuses a short pepper and a malformed code", async () => {
    await expect(hashReceiptCode(newReceiptCode(), "short")).rejects.toThrow(/32 characters/);
    await expect(hashReceiptCode("12345", pepper)).rejects.toThrow(/16 digits/);
  });
});

describe("receiptLookupKey", () => {
  it("is stable across typed forms, and depends on the code and the pepper (property)", () => {
    const otherPepper = randomBytes(32).toString("base64url");
    fc.assert(
      fc.property(digitsArbitrary, digitsArbitrary, (code, other) => {
        const key = receiptLookupKey(code, pepper);
        expect(receiptLookupKey(formatReceiptCode(code), pepper)).toBe(key);
        expect(
          receiptLookupKey(
            code.replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d))),
            pepper,
          ),
        ).toBe(key);
        expect(receiptLookupKey(code, otherPepper)).not.toBe(key);
        if (other !== code) expect(receiptLookupKey(other, pepper)).not.toBe(key);
        expect(key).not.toContain(code);
      }),
    );
  });
});

describe("receiptCodePepperFromEnv", () => {
  const saved = process.env.RECEIPT_CODE_PEPPER;
  afterEach(() => {
    if (saved === undefined) delete process.env.RECEIPT_CODE_PEPPER;
    else process.env.RECEIPT_CODE_PEPPER = saved;
  });

  it("fails loudly when unset or short", () => {
    delete process.env.RECEIPT_CODE_PEPPER;
    expect(() => receiptCodePepperFromEnv()).toThrow(/RECEIPT_CODE_PEPPER/);
    process.env.RECEIPT_CODE_PEPPER = "short";
    expect(() => receiptCodePepperFromEnv()).toThrow(/32 characters/);
    process.env.RECEIPT_CODE_PEPPER = pepper;
    expect(receiptCodePepperFromEnv()).toBe(pepper);
  });
});
